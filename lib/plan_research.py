"""Questions from research (M29) and other sources (M23), beside a meeting's plan.

The plan builder shows the person's and the organization's research notes, lets the person write questions
from them in one step (own questions tied to that person or organization), and checks the plan: at least
two questions specific to this person or organization, not only generic bank questions, and nothing whose
answer is on the organization's website. The checks advise; nothing is blocked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from lib import db, question_plans as plans, questions
from lib.errors import Invalid, NotFound

MIN_SPECIFIC = 2
ABOUT = {"contact": "This person", "organization": "Their organization"}
# What each kind of question is filed under in the bank.
_CATEGORY = {"contact": "career_path", "organization": "organization"}

# Questions a visit to the organization's website answers: asking them shows no preparation (M8, M29).
_ON_THE_WEBSITE = re.compile(
    r"\bwhat (?:does|do) (?:your|the|this) (?:company|organi[sz]ation|firm|business|agency|employer) do\b"
    r"|\bwhat (?:do|does) (?:you|your (?:company|organi[sz]ation|firm)) (?:make|sell|offer)\b"
    r"|\bwhat (?:products|services) (?:do|does)\b"
    r"|\bhow (?:many|big)\b.*\b(?:employees|people work|staff|offices|locations)\b"
    r"|\bhow many (?:employees|people)\b"
    r"|\bwhen was (?:the|your|this) (?:company|organi[sz]ation|firm) (?:founded|started|created)\b"
    r"|\bwho (?:founded|owns|is the ceo of)\b"
    r"|\bwhere (?:is|are) (?:your|the) (?:head ?office|headquarters|offices?)\b"
    r"|\bwhat is (?:your|the) (?:company|organi[sz]ation)'?s? (?:mission|vision)\b"
    r"|\bwhat(?:'s| is) (?:your|the) (?:mission|mission statement)\b",
    re.IGNORECASE,
)

OTHER_SOURCES = (
    "Other places to find good questions: the question lists of your university's or college's career "
    "centre, your professional association's newcomer or mentorship programme, and books on informational "
    "interviews. A certified career coach or career counsellor can also help you shape your questions and "
    "practise them aloud: many settlement agencies and public employment services offer one at no cost."
)


def on_the_website(text: str | None) -> bool:
    """True when the question asks what the organization's own website already says ("What does your company do?")."""
    return bool(_ON_THE_WEBSITE.search(text or ""))


@db.reads
def notes(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> dict:
    """The research beside the plan: the person's name, title and notes; the organization's name, why it
    interests the person, its notes and website. Private notes are never included. NotFound when the meeting is
    not in the workbook."""
    found = db.one(
        con,
        "SELECT c.id AS contact_id, c.organization_id, c.full_name AS person, c.title, c.notes AS person_notes,"
        " o.name AS organization, o.why_interested, o.notes AS organization_notes, o.website"
        " FROM meetings m JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id"
        " LEFT JOIN organizations o ON o.id = c.organization_id AND o.workbook_id = c.workbook_id"
        " WHERE m.id = ? AND m.workbook_id = ?",
        [meeting_id, workbook_id],
    )
    if found is None:
        raise NotFound("That meeting is not in this workbook (it may have been deleted).")
    return found


@dataclass(frozen=True)
class ResearchCheck:
    """How a meeting's plan uses the research: counts, and the messages to show (empty when all is well)."""
    specific: int
    generic_only: bool
    on_website: tuple[str, ...]
    messages: tuple[str, ...]


@db.reads
def check(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, *,
          research: dict | None = None) -> ResearchCheck:
    """Check a meeting's plan against M29: specific questions, not only the bank, nothing the website answers.
    `research`: the meeting's `notes`, when the caller has just read them."""
    ids = research if research is not None else notes(con, workbook_id, meeting_id)
    names = _names(ids)
    plan = db.rows(
        con,
        "SELECT q.text, q.category, q.workbook_id IS NOT NULL AS own, q.about_contact_id, q.about_organization_id"
        " FROM meeting_questions mq JOIN questions q ON q.id = mq.question_id WHERE mq.meeting_id = ?"
        " ORDER BY mq.position",
        [meeting_id],
    )
    content = [q for q in plan if q["category"] != "closing"]
    specific = sum(1 for q in content if _is_specific(q, ids, names))
    generic_only = bool(content) and not any(q["own"] for q in content)
    website = tuple(q["text"] for q in plan if on_the_website(q["text"]))
    messages = []
    if plan and specific < MIN_SPECIFIC:
        messages.append(
            f"{specific} of your questions {'is' if specific == 1 else 'are'} about this person or their organization. "
            f"Aim for at least {MIN_SPECIFIC}: write them from your research notes, so the conversation gives "
            "you what no website can.")
    if generic_only:
        messages.append("Every question in this plan comes from the shipped bank. The bank is a start; questions "
                        "built from what you found about this person are the ones that open up the conversation.")
    for text in website:
        messages.append(_website_advice(text, website_noted=bool(ids.get("website"))))
    return ResearchCheck(specific, generic_only, website, tuple(messages))


def _website_advice(question: str, *, website_noted: bool) -> str:
    """M8: the answer is online. Said of the website noted in Research, or of one still to look up when none is."""
    if website_noted:
        return (f"The organization's website probably answers “{question}” already: read it first and ask what is "
                "not online instead.")
    return (f"A question like “{question}” is usually answered on the organization's own website: look it up "
            "before the meeting (and note the site in Research), then ask what is not online instead.")


def _names(ids: dict) -> list[str]:
    """Words that make an own question specific when it names them: the person's first name, the organization."""
    out = []
    if ids["person"] and ids["person"].split():
        out.append(ids["person"].split()[0])
    if ids["organization"]:
        out.append(ids["organization"])
    return [n for n in out if len(n) >= 3]


def _is_specific(q: dict, ids: dict, names: list[str]) -> bool:
    if q["about_contact_id"] is not None and q["about_contact_id"] == ids["contact_id"]:
        return True
    if q["about_organization_id"] is not None and q["about_organization_id"] == ids["organization_id"]:
        return True
    return bool(q["own"]) and any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", q["text"], re.IGNORECASE) for n in names)


def split_questions(text: str | None) -> list[str]:
    """One question per line (bullets and numbering dropped); a line without a question mark gets one."""
    out = []
    for line in (text or "").splitlines():
        # "-", "*" or a number only when a space follows: "**Bold** question" and "1.5 days?" keep what they start with
        line = re.sub(r"^\s*(?:•|[-*](?=\s)|\d+[.)](?=\s))\s*", "", line).strip()
        if line:
            # no "?" that would take a line over the limit: the message then names the length the person typed
            asked = line.endswith("?") or len(line.rstrip(".")) >= questions.MAX_QUESTION_CHARS
            out.append(line if asked else line.rstrip(".") + "?")
    return out


@db.reads
def write_questions(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, text: str,
                    about: str = "contact") -> int:
    """Write questions from research in one step: each line becomes one of the workbook's own questions,
    tied to this meeting's person (about='contact') or organization (about='organization'), and is added to
    the meeting's plan before its closing questions. Returns how many were added; Invalid changes nothing."""
    if about not in ABOUT:
        raise Invalid("Choose whether the questions are about this person or their organization.")
    lines = split_questions(text)
    if not lines:
        raise Invalid("Write at least one question, one per line.")
    ids = notes(con, workbook_id, meeting_id)
    if about == "organization" and ids["organization_id"] is None:
        raise Invalid("This person has no organization recorded: file these questions under the person, "
                      "or add their organization on the Research page.")
    target = {"about_contact_id": ids["contact_id"] if about == "contact" else None,
              "about_organization_id": ids["organization_id"] if about == "organization" else None}
    return plans.add_own_questions(con, workbook_id, plans.meeting(meeting_id), lines,
                                   category=_CATEGORY[about], **target)
