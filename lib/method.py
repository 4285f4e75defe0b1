"""The method the workbook teaches, point by point (ids M1…M32 of method/METHOD.md), in the app's own words.

Screens never print the ids: a point reaches a person as a tooltip that names it and links to its place on
the Method page (`help_text`), and the Method page lists them all by step. Tests and code comments may cite ids.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PAGE_URL = "method"          # the Method page's url_path; anchors are its lower-cased ids ("method#m14")


@dataclass(frozen=True)
class Point:
    id: str
    step: int
    title: str
    explanation: str

    @property
    def anchor(self) -> str:
        """The Method page's anchor of this point ("m14"): stable, so links can rely on it."""
        return self.id.lower()

    @property
    def number(self) -> int:
        return int(self.id[1:])


STEPS = {
    1: "Goals and intentions",
    2: "Research",
    3: "Outreach",
    4: "Questions",
    5: "Review what you learned",
}

_POINTS = [
    # Step 1
    Point("M1", 1, "Go to learn, not to ask for a job",
          "Each conversation is a chance to find out about one role, one organization or one field. A job may come "
          "later, but it is never the request."),
    Point("M2", 1, "Know what you want from it first",
          "Before you book anything, write down what you hope to take away. It keeps the conversation focused."),
    Point("M3", 1, "Look at your reasons",
          "Ask yourself why this person, why now, and what you will do with what you hear. Clear reasons make a "
          "clear request."),
    Point("M4", 1, "Set a concrete target",
          "A number and a date, for example ten conversations with people in different roles where you live. It "
          "helps most when you are new to a place or to a field."),
    Point("M5", 1, "Think long term",
          "Your goals are steps in a career plan that unfolds over time, not a race to one outcome. Keep them "
          "realistic."),
    Point("M6", 1, "Be patient",
          "Trust between people grows slowly. Measure your progress in weeks and months, not days."),
    Point("M7", 1, "Prepare more than you talk",
          "Most of the work happens before the call: research on the person and a plan of questions. Good "
          "preparation is what makes a short meeting worth their time."),
    # Step 2
    Point("M8", 2, "Research before you reach out",
          "Learn what you can about the organization and the person first: what they do, their path, their "
          "workplace. Then you can ask what only they can answer."),
    Point("M9", 2, "Look for what only they know",
          "The value is local and personal: how things work in this place and what this person has lived. Write it "
          "down as you find it."),
    Point("M10", 2, "Two ways to find people",
          "Someone you know introduces you (a referral), or you approach the person yourself. An introduction "
          "usually opens doors faster."),
    # Step 3
    Point("M11", 3, "Leave your job search out of the request",
          "Ask to learn and to connect. A request that mentions a job, a CV or an opening turns into a favour "
          "many people decline."),
    Point("M12", 3, "Pick a channel",
          "A phone call, an introduction by someone you both know, a LinkedIn message or an email. Each has its "
          "own script in the workbook."),
    Point("M13", 3, "No voicemail for a stranger",
          "If someone you have never spoken with does not pick up, hang up and try again at another time rather "
          "than leave a message."),
    Point("M14", 3, "Have your pitch ready and say why you ask",
          "Practise a short introduction of yourself aloud, and state plainly what you would like to learn."),
    Point("M15", 3, "Ask for a short meeting",
          "Fifteen to twenty minutes at most, such as a coffee break in person or online. A small request is easy "
          "to accept."),
    Point("M16", 3, "Fit their schedule",
          "Offer to meet when it suits them. Being flexible shows respect for their time."),
    Point("M17", 3, "Meet where they work if you can",
          "Their workplace is best, because you see it for yourself; otherwise a café nearby, otherwise a video "
          "call."),
    # Step 4
    Point("M18", 4, "Prepare twelve to fourteen questions",
          "Enough to keep the conversation on topic and fill the time, without rushing."),
    Point("M19", 4, "Ask about the role, the organization and the field",
          "Mix questions about the job itself, about this workplace, and about the industry as a whole."),
    Point("M20", 4, "Bring your questions on paper",
          "For a meeting in person, print your plan so you can glance at it and take notes."),
    Point("M21", 4, "Keep to the time you agreed",
          "Ending on time shows you value their time and can manage your own."),
    Point("M22", 4, "Ask who else you could talk to",
          "Before you finish, ask whether they can suggest other people in the field, and whether you may mention "
          "their name. This is how a network grows."),
    Point("M23", 4, "Use other sources of questions",
          "Question lists from career centres, books, or a certified career coach can add to your own plan."),
    # Step 5
    Point("M24", 5, "Write down what you learned",
          "Especially what you could not have found online. Organize it so you can use it later."),
    Point("M25", 5, "Turn referrals into contacts",
          "Each person you are referred to becomes a new contact, linked to who introduced you. This is how the "
          "network multiplies."),
    Point("M26", 5, "Keep in touch",
          "Send news now and then to the people you met. Over time they become a network that trusts you."),
    Point("M27", 5, "Keep notes with the organization",
          "What you learned about a place stays attached to it, so it is at hand if you interview there one day."),
    Point("M28", 5, "Review your progress and adjust",
          "Look back at your goal regularly, see how far you have come, and change the plan one step at a time."),
    # Added points
    Point("M29", 4, "Build questions from your research",
          "Write questions from what you found out about this person and organization, and aim them at what no "
          "website can tell you."),
    Point("M30", 5, "Learn about yourself too",
          "Each conversation shows which next steps and positions suit your personality and skills; a visit to "
          "their workplace shows you the place itself."),
    Point("M31", 1, "Meet as a peer",
          "It is a short business meeting between two professionals. Prepare and behave as an equal, not as "
          "someone asking a favour."),
    Point("M32", 3, "A no is normal",
          "If they decline or stay silent, thank them, ask whether someone else might talk with you, and move on "
          "without pressing."),
]

POINTS: dict[str, Point] = {p.id: p for p in _POINTS}


def by_step() -> dict[int, list[Point]]:
    """Every point, grouped by the step it belongs to, steps in order and points by number within a step."""
    out: dict[int, list[Point]] = {step: [] for step in STEPS}
    for p in sorted(_POINTS, key=lambda p: p.number):
        out[p.step].append(p)
    return out


_RANGE = re.compile(r"M(\d+)\s*[–-]\s*M(\d+)")
_ONE = re.compile(r"M(\d+)")


def expand(*codes: str) -> list[str]:
    """Known ids named by `codes`, in order, without repeats: each code may be "M14", "M16–M17" or "M7/M8".

    An unknown id raises KeyError, so a typo in a page fails its tests instead of linking nowhere.
    """
    out: list[str] = []
    for code in codes:
        for part in re.split(r"[,/ ]+", _RANGE.sub(lambda m: "/".join(
                f"M{n}" for n in range(int(m[1]), int(m[2]) + 1)), code)):
            if not part:
                continue
            if not _ONE.fullmatch(part) or part not in POINTS:
                raise KeyError(f"No method point {part!r}")
            if part not in out:
                out.append(part)
    return out


def link(point_id: str) -> str:
    """The relative URL of a point on the Method page ("method#m14")."""
    return f"{PAGE_URL}#{POINTS[point_id].anchor}"


def step_help(step: int) -> str:
    """A tooltip linking to the Method page's section on a step (its points in words)."""
    return f"The method behind this step: [{STEPS[step]}]({PAGE_URL}#step{step})"


def help_text(*codes: str, lead: str = "") -> str:
    """A tooltip (Markdown) naming each point in words with a link to its explanation; never the ids.

    `lead` (the app's own text, not user data) comes first when a widget already had a help text.
    """
    points = [POINTS[pid] for pid in expand(*codes)]
    links = [f"[{p.title}]({link(p.id)})" for p in points]
    body = ("From the method: " + links[0]) if len(links) == 1 else "\n".join(["From the method:", ""] + [f"- {x}" for x in links])
    return f"{lead}\n\n{body}" if lead else body


# Ids as screens must never show them: "M14", "(M11–M17)", "M7/M8".
VISIBLE_ID = re.compile(r"\bM([1-9]|[12][0-9]|3[0-2])\b")


# TIARA: a second tag for questions beside role / organization / industry (from wider practice, not an id).
TIARA_ANCHOR = "tiara"
TIARA_TITLE = "TIARA: five kinds of question"
TIARA_EXPLANATION = (
    "A second way to tag a question, from Steve Dalton's *The 2-Hour Job Search*: **Trends** (where the field is "
    "going), **Insights** (what they know that outsiders miss), **Advice** (what they would do in your place), "
    "**Resources** (people, groups or reading to look at next) and **Assignments** (the work they actually do). "
    "A plan that touches all five gives a fuller picture.")
TIARA_SHORT = ("TIARA tags a question by what it asks for: Trends, Insights, Advice, Resources or Assignments "
               "(the work they do).")


def tiara_help() -> str:
    """A help= tooltip that spells out TIARA and links to its explanation on the Method page."""
    return f"{TIARA_SHORT} [More about TIARA]({PAGE_URL}#{TIARA_ANCHOR})"
