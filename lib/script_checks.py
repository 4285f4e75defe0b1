"""The method checks every outreach script gets (readable rules that warn, never block): length for its
channel, no job request, a flexible short meeting, a purpose, a question, about them more than me.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lib import job_ask, wording

# The request channels that ask for a meeting (the voicemail kind is guidance for the phone channel).
EMAIL_KINDS = ("email", "follow_up", "introduction", "graceful_no")

NUMBER_WORDS = {
    "five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "twenty-five": 25, "thirty": 30,
    "forty": 40, "forty-five": 45, "sixty": 60, "ninety": 90,
}
_NUM = r"(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
DURATION = re.compile(
    _NUM + r"(?:\s*(?:-|–|to|or)\s*" + _NUM + r")?\s*[- ]?\s*(?:min|mins|minutes?)\b", re.IGNORECASE
)
HOURS = re.compile(r"\b(?:an?|one|two|\d+|half an?|a half|couple of)\s*[- ]?\s*hours?\b|\bhour[- ]long\b", re.IGNORECASE)

FLEXIBLE = re.compile(
    r"\b(?:suits? you|suit (?:him|her|them|\w+)|convenient|your (?:schedule|calendar|availability|office|workplace)|"
    r"whenever|wherever|at a time that|fits? your|works? for you|near you|near your|flexible|your choice|"
    r"easiest for you|easier for you|best for you|you prefer)\b",
    re.IGNORECASE,
)
PURPOSE = re.compile(
    r"\b(?:learn|learning|hear|hearing|understand|understanding|advice|insights?|curious|"
    r"ask you (?:a few questions|about)|your (?:experience|path|perspective|work|story))\b",
    re.IGNORECASE,
)
REQUEST_WORDS = re.compile(
    r"\b(?:would|could|can|may|might|will|are you|is there|do you|would you|could you)\b", re.IGNORECASE
)
# A sentence that tells them what to do ("Please send me…", "Call me back."): not a question, whatever came before.
DEMAND = re.compile(
    r"^(?:please|kindly|send|forward|email|e-mail|call|contact|text|share|reply|let me know|get back to me)\b"
    r"|\bplease (?:send|forward|share|email|call|contact|reply|respond|confirm|tell|let me know|get back)\b"
    r"|\b(?:I|I'd|I would) (?:need|expect|want) you to\b"
    # an announced meeting: the question came earlier, the request itself leaves them no say
    r"|\b(?:I(?:'d| would)? like to|I want to|I will|I'll|I am going to|I'm going to|let's|let us) "
    r"(?:meet|call|schedule|book|set up|come|visit|drop by|stop by)\b"
    r"|\b(?:I will|I'll) be (?:at|in|by|there)\b|^(?:meet me|see you|come (?:to|by|and))\b",
    re.IGNORECASE,
)
YOU_WORDS = re.compile(r"\b(?:you|your|yours|yourself|you'(?:re|ve|d|ll))\b", re.IGNORECASE)
ME_WORDS = re.compile(r"\b(?:I|me|my|mine|myself|I'(?:m|ve|d|ll))(?![\w'])", re.IGNORECASE)

EMAIL_WARN_WORDS = 75
EMAIL_MAX_WORDS = 100
LINKEDIN_LIMIT = 300
LINKEDIN_FREE_LIMIT = 200
VOICEMAIL_MAX_WORDS = 75   # about 30 seconds spoken
PHONE_MAX_WORDS = 150      # about a minute spoken: the call's opening, before they answer
PITCH_MAX_WORDS = 90       # about 30–40 seconds spoken
MAX_MEETING_MINUTES = 20


@dataclass(frozen=True)
class Finding:
    """The result of one rule on one text. `ok` False means a warning: the person decides."""
    rule: str
    title: str
    ok: bool
    explanation: str
    method: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Rule:
    key: str
    title: str
    method: str
    explanation: str
    kinds: tuple[str, ...] = field(default=())


# The rules, as a person reads them (shown on the page beside the findings).
RULES = {
    "no_job_search": Rule(
        "no_job_search", "No job search in the request", "M11",
        "The conversation is about learning and relationships. Asking about openings, a good word, an internship "
        "or a way in (or naming your job search, a CV, applying) turns it into a job request, and many people "
        "decline those.",
        ("phone", "voicemail", "email", "linkedin", "introduction", "follow_up", "pitch", "graceful_no"),
    ),
    "short_meeting": Rule(
        "short_meeting", "A short meeting: 15–20 minutes at most", "M15",
        "A small, precise request is easy to accept. Name the length, and keep it to 20 minutes or less.",
        ("phone", "voicemail", "email", "linkedin", "introduction", "follow_up"),
    ),
    "flexible": Rule(
        "flexible", "Their time and place come first", "M16–M17",
        "Let them choose when and where (their workplace is best, a café nearby or a video call also work): "
        "words like 'at a time that suits you' or 'wherever is easiest for you'.",
        ("phone", "email", "linkedin", "introduction", "follow_up"),
    ),
    "purpose": Rule(
        "purpose", "The purpose is stated", "M14",
        "Say plainly what you want to learn or hear about, so they know what the conversation is for.",
        ("phone", "voicemail", "email", "linkedin", "introduction", "follow_up", "pitch"),
    ),
    "question": Rule(
        "question", "The request is a question", "",
        "Ask ('Would you be open to…?') rather than announce; a question invites a reply and leaves them free to say no.",
        ("phone", "voicemail", "email", "linkedin", "introduction", "follow_up", "graceful_no"),
    ),
    "email_length": Rule(
        "email_length", "Short email", "",
        f"Busy people read short emails. Aim for under {EMAIL_WARN_WORDS} words; over {EMAIL_MAX_WORDS} is too long.",
        ("email", "introduction", "follow_up", "graceful_no"),
    ),
    "linkedin_length": Rule(
        "linkedin_length", "Fits a LinkedIn connection note", "",
        f"A connection-request note holds {LINKEDIN_LIMIT} characters ({LINKEDIN_FREE_LIMIT} on a free account); "
        "longer text is cut off or refused.",
        ("linkedin",),
    ),
    "voicemail_length": Rule(
        "voicemail_length", "A voicemail under 30 seconds", "M13",
        f"About {VOICEMAIL_MAX_WORDS} words at most: name, purpose, number twice, thanks.",
        ("voicemail",),
    ),
    "phone_length": Rule(
        "phone_length", "A call opening of a minute at most", "M14",
        f"About {PHONE_MAX_WORDS} words at most before you pause for their answer: who you are, why them, "
        "the short request. A long monologue on the phone is hard to follow.",
        ("phone",),
    ),
    "pitch_length": Rule(
        "pitch_length", "A pitch you can say in half a minute", "M14",
        f"Who you are, what you bring and what you want to learn, in about {PITCH_MAX_WORDS} words at most. "
        "Say it aloud a few times until it sounds like you.",
        ("pitch",),
    ),
    "about_them": Rule(
        "about_them", "More about them than about you", "",
        "Count of 'you/your' against 'I/me/my'. A request that talks about the other person more than "
        "about yourself reads as interest in them.",
        ("email", "linkedin", "introduction", "follow_up"),
    ),
}



# ---- the checks ---------------------------------------------------------------------------------

def word_count(value: str) -> int:
    return len(re.findall(r"[\w'’-]+", value or ""))


def _sentences(value: str) -> list[str]:
    value = (value or "").replace("\u2019", "'").replace("\u2018", "'")  # "I’d" as editors type it is "I'd"
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+|\n+", value) if s.strip()]


def job_words(value: str) -> list[str]:
    """The job-asking phrases found, in order, each once (as written): see lib.job_ask."""
    return job_ask.asks(value)


def durations(value: str) -> list[int]:
    """Every meeting length named, in minutes (ranges give both ends; hours count as 60 each)."""
    out: list[int] = []
    for m in DURATION.finditer(value or ""):
        for part in m.groups():
            if part:
                out.append(int(part) if part.isdigit() else NUMBER_WORDS[part.lower()])
    for m in HOURS.finditer(value or ""):
        phrase = m.group(0).lower()
        out.append(30 if "half" in phrase else 120 if ("two" in phrase or "couple" in phrase) else 60)
    return out


def pronoun_counts(value: str) -> tuple[int, int]:
    """(you/your…, I/me/my…) counts."""
    return len(YOU_WORDS.findall(value or "")), len(ME_WORDS.findall(value or ""))


def _is_question_request(value: str) -> bool:
    return _question_status(value) == "ok"


def _question_status(value: str) -> str:
    """'ok' when a request is a question and no demand follows it; 'demand' when the message goes on to tell
    them what to do ("Please send me the application link."); 'none' when no request is a question."""
    sentences = _sentences(value)
    last_question = max((i for i, s in enumerate(sentences) if s.endswith("?") and REQUEST_WORDS.search(s)), default=None)
    if any(DEMAND.search(s) and not s.endswith("?") for s in sentences[(last_question or -1) + 1:]):
        return "demand"
    return "none" if last_question is None else "ok"


def check(body: str, kind: str, *, subject: str | None = None, linkedin_free: bool = False) -> list[Finding]:
    """Every rule that applies to this kind of script, passed or not, in RULES order."""
    body = body or ""
    whole = f"{subject}\n{body}" if subject else body
    findings = []
    for rule in RULES.values():
        if kind not in rule.kinds:
            continue
        ok, detail = _RULE_CHECKS[rule.key](body, whole, linkedin_free)
        findings.append(Finding(rule.key, rule.title, ok, rule.explanation, rule.method, detail))
    return findings


def _check_job(body: str, whole: str, _free: bool) -> tuple[bool, str]:
    words = job_words(whole)
    return (not words, f"Found: {', '.join(words)}." if words else "Nothing asks for a job.")


def _check_length(body: str, _whole: str, _free: bool) -> tuple[bool, str]:
    found = durations(body)
    if not found:
        return False, "No length named: ask for 15 or 20 minutes."
    longest = max(found)
    if longest > MAX_MEETING_MINUTES:
        return False, f"Asks for up to {longest} minutes; 20 at most."
    return True, f"Asks for {longest} minutes."


def _check_flexible(body: str, _whole: str, _free: bool) -> tuple[bool, str]:
    m = FLEXIBLE.search(body)
    return (True, f"Offers flexibility (\u201c{m.group(0)}\u201d).") if m else (False, "No offer to fit their time or place.")


def _check_purpose(body: str, _whole: str, _free: bool) -> tuple[bool, str]:
    m = PURPOSE.search(body)
    return (True, f"Purpose stated (\u201c{m.group(0)}\u201d).") if m else (False, "Say what you want to learn.")


def _check_question(body: str, _whole: str, _free: bool) -> tuple[bool, str]:
    status = _question_status(body)
    if status == "demand":
        return False, "After the question, the message tells them what to do: end on the question instead."
    return (True, "The request ends with a question mark.") if status == "ok" else (
        False, "No request phrased as a question (e.g. 'Would you be open to…?').")


def _check_email_length(body: str, _whole: str, _free: bool) -> tuple[bool, str]:
    n = word_count(body)
    if n > EMAIL_MAX_WORDS:
        return False, f"{wording.plural(n, 'word')}: too long (over {EMAIL_MAX_WORDS})."
    if n > EMAIL_WARN_WORDS:
        return False, f"{wording.plural(n, 'word')}: a little long (aim for {EMAIL_WARN_WORDS} or fewer)."
    return True, f"{wording.plural(n, 'word')}."


def _check_linkedin_length(body: str, _whole: str, free: bool) -> tuple[bool, str]:
    limit = LINKEDIN_FREE_LIMIT if free else LINKEDIN_LIMIT
    n = len(body.strip())
    return (n <= limit, f"{n} / {limit} characters" + ("" if n <= limit else f": {n - limit} too many."))


def _check_voicemail_length(body: str, _whole: str, _free: bool) -> tuple[bool, str]:
    n = word_count(body)
    return (n <= VOICEMAIL_MAX_WORDS, f"{wording.plural(n, 'word')} (about {wording.plural(round(n / 2.5), 'second')} spoken).")


def _check_phone_length(body: str, _whole: str, _free: bool) -> tuple[bool, str]:
    n = word_count(body)
    return (n <= PHONE_MAX_WORDS, f"{wording.plural(n, 'word')} (about {wording.plural(round(n / 2.5), 'second')} spoken)"
            + ("." if n <= PHONE_MAX_WORDS else f": {n - PHONE_MAX_WORDS} more than a minute's worth."))


def _check_pitch_length(body: str, _whole: str, _free: bool) -> tuple[bool, str]:
    n = word_count(body)
    if not n:
        return False, "No pitch yet."
    return (n <= PITCH_MAX_WORDS, f"{wording.plural(n, 'word')} (about {wording.plural(round(n / 2.5), 'second')} spoken).")


def _check_about_them(body: str, _whole: str, _free: bool) -> tuple[bool, str]:
    you, me = pronoun_counts(body)
    return (you > me, f"you/your: {you}, I/me/my: {me}.")


_RULE_CHECKS = {
    "no_job_search": _check_job,
    "short_meeting": _check_length,
    "flexible": _check_flexible,
    "purpose": _check_purpose,
    "question": _check_question,
    "email_length": _check_email_length,
    "linkedin_length": _check_linkedin_length,
    "voicemail_length": _check_voicemail_length,
    "phone_length": _check_phone_length,
    "pitch_length": _check_pitch_length,
    "about_them": _check_about_them,
}


def counter(body: str, kind: str, *, linkedin_free: bool = False) -> str:
    """The length counter shown under the text: characters for LinkedIn, words otherwise."""
    if kind == "linkedin":
        limit = LINKEDIN_FREE_LIMIT if linkedin_free else LINKEDIN_LIMIT
        return f"{len((body or '').strip())} / {limit} characters"
    n = word_count(body)
    if kind in EMAIL_KINDS:
        return f"{wording.plural(n, 'word')} (aim for {EMAIL_WARN_WORDS} or fewer, {EMAIL_MAX_WORDS} at most)"
    return f"{wording.plural(n, 'word')}, about {wording.plural(max(1, round(n / 2.5)), 'second')} spoken"
