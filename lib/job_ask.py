"""The job-ask check (M11): does a text ask for a job, or only to learn?

A small rule set over phrases, each with the context that decides it, instead of a list of single words:
"any opportunities on your team" or "put in a good word" ask for a job though no job word appears, while
"how you apply modelling in your position" or "resume our conversation" do not, though they hold one.
Each rule is a regular expression over the text as written; `asks` returns the phrases found.
The labelled corpus in tests/fixtures/job_ask_corpus.csv measures it (docs/job-ask-check.md).
"""
from __future__ import annotations

import re

_I = re.IGNORECASE
_TEAM = r"(?:your|the) (?:team|company|firm|organi[sz]ation|office|department|group|agency|division|unit)"
_WANT = r"(?:love|like|want|wish|hope|hoping|keen|eager|dream|plan|planning|aim|aiming|interested in)"

# Phrases that ask for a job whatever surrounds them.
_RULES: tuple[re.Pattern, ...] = tuple(re.compile(p, flags) for p, flags in (
    # the job words themselves; "on the job", "job shadowing" and "jobsite" are about the work
    (r"\bjob[- ]?search(?:ing)?\b", _I),
    (r"(?<!on[- ]the[- ])(?<!on-the-)\bjobs?\b(?![- ]?(?:site|shadow))", _I),
    (r"\b(?:hiring|hire me|hired|recruit(?:ing|ers?|ment)?|head-?hunt\w*)\b", _I),
    (r"\b(?:are|is|will) (?:you|your team|they|the \w+) (?:be )?hiring\b|\bhire\b(?! (?:a |an )?(?:contractors?|consultants?|firms?))", _I),
    (r"\b(?:job |open |current )?openings?\b(?<!reopening)", _I),
    (r"\bvacanc(?:y|ies)\b", _I),
    (r"\bemployment\b|\bemploy me\b|\bunemployed\b|\bout of work\b|\bbetween (?:jobs|roles|positions)\b", _I),
    (r"\blooking for (?:a |an |some )?(?:work|role|position|placement|opportunit(?:y|ies)|contract|internship)\b", _I),
    (r"\bwork opportunit(?:y|ies)\b|\bcareer opportunit(?:y|ies) (?:at|with|in) (?:your|you)\b", _I),
    # "opportunities" next to their team, or for me
    (rf"\b(?:any|an|some) (?:open |available )?(?:opportunit(?:y|ies)|openings?|roles?|positions?|spots?)"
     rf" (?:on|in|at|with|within|for me|for someone|available|open|coming up)\b", _I),
    (rf"\bopportunit(?:y|ies) (?:on|in|at|with|within) {_TEAM}", _I),
    (r"\bopportunit(?:y|ies) for me\b", _I),
    # positions and roles that are open or applied for
    (r"\b(?:open|available|vacant|vacated|advertised|posted|new|entry[- ]level|junior) (?:positions?|roles?|posts?)\b", _I),
    (r"\b(?:positions?|roles?) (?:open|available|advertised|posted)\b|\bpositions? (?:at|with) (?:your|you)\b", _I),
    (r"\b(?:any|a) positions?\b(?! (?:on|about) )", _I),
    (r"\bposition (?:I|you) (?:posted|advertised|saw|listed)\b|\b(?:for|to) (?:the|a|this|that) position\b", _I),
    # applying and applications, not applying a skill
    (r"\bappl(?:y|ying|ied) (?:for|to|at|with) \b|\bhow (?:do|can|could|should) I apply\b|\bapply (?:online|now|here)\b", _I),
    (r"\bapply\s*[.?!]|\bapplying\s*[.?!]", _I),
    (r"\bapplications?\b(?! (?:of|for (?:the|this) (?:method|technique|model|standard)))", _I),
    # a resume to send, not resuming
    (r"\br[ée]sum[ée]s?\b(?<!resume)|\b(?:my|a|the|your|updated|attached|our) resumes?\b|\bresumes?"
     r" (?:attached|enclosed|below)\b|\bsend (?:you )?(?:my )?resume\b", _I),
    (r"\bCVs?\b", 0),
    (r"\bcover letter\b|\bportfolio for (?:the|a|this) (?:role|position)\b", _I),
    # someone to vouch for or pass me on
    (r"\bput in a (?:good )?word\b|\bgood word for me\b|\bvouch for me\b|\bpass (?:my|along my) (?:name|details|cv|resume)\b", _I),
    (r"\brefer(?:ral)? (?:me|for me) (?:for|to) (?:a|the|an|any|this|that|your)\b|\brefer me for\b"
     r"|\b(?:recommend|suggest|put) me (?:for|forward)\b|\bput my name forward\b", _I),
    (r"\binternal referral\b|\bemployee referral\b", _I),
    # wanting to work there
    (rf"\b{_WANT} (?:to )?(?:work|working) (?:at|for|with|in) (?:your|you\b|{_TEAM}|[A-Z]\w+)", _I),
    (rf"\bjoin(?:ing)? {_TEAM}\b|\bjoin you(?:r)? (?:team|there)\b|\bbecome part of {_TEAM}\b", _I),
    (rf"\b{_WANT} to work (?:for|at|with) (?:a|an) [\w -]{{1,40}}? like yours\b", _I),
    (r"\b(?:spot|position|role|opening|place) (?:opens|comes) up\b", _I),
    # "would Tuesday work for you?" asks what suits them; "I could work for you" asks for a job
    (r"\b(?:I|I'd|I would|I could|me|to) work (?:for|under) you\b|\bget hired\b|\bbe hired\b|\bland (?:a|an|the) (?:role|position|job|post)\b", _I),
    (r"\binterns?(?:hips?)?\b|\bco-?op (?:placement|position|term|student)s?\b|\bplacements?\b", _I),
    (r"\bfoot in the door\b|\bget in the door\b|\bin through the (?:back|side) door\b|\bside doors?\b", _I),
    (r"\bapplication link\b|\bjob posting\b|\bposting link\b|\bcareers? page\b", _I),
    # a place on their team, said without a job word
    (r"\bheadcount\b|\btaking on (?:graduates|new (?:staff|people|engineers|grads)|juniors|interns)\b"
     r"|\b(?:have|any) room for (?:a|an|another|one more) (?:\w+ )?(?:engineer|analyst|designer|person|hire|junior)\b", _I),
    (r"\b(?:if|when|whether) (?:anything|something) (?:suitable|relevant|fitting) (?:comes|opens) up\b"
     r"|\bkeep me in mind\b|\b(?:a|any) possible (?:role|position|opening)\b", _I),
    (r"\bbreak into\b|\bmy next (?:position|role|job|post)\b|\bsearching for (?:a|my|an) (?:\w+ )?(?:position|role|job)\b", _I),
    (rf"\b(?:be|become) (?:a )?part of (?:what )?{_TEAM}\b|\bpart of what your (?:team|company|group) is\b", _I),
    (r"\bsalary|\bpay range\b|\bjob offer\b|\boffer letter\b", _I),
    (r"\b(?:consider|considered) (?:me|for) (?:for )?(?:a|the|any|this|future)\b", _I),
    (r"\bstronger candidate\b|\b(?:a|the) candidate for\b|\bbecome a candidate\b|\bcandidacy\b", _I),
    (r"\bone level below\b|\bto get in\b", _I),
))


def asks(text: str | None) -> list[str]:
    """The job-asking phrases found, in order of appearance, each once (as written).

    Empty when the text only asks to learn. Never raises on any text.
    """
    found: list[tuple[int, str]] = []
    value = text or ""
    for rule in _RULES:
        found.extend((m.start(), m.group(0).strip(" .?!")) for m in rule.finditer(value))
    found.sort(key=lambda item: (item[0], -len(item[1])))
    seen: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    for start, phrase in found:
        end = start + len(phrase)
        # A phrase inside one already found ("hiring" in "are you hiring") is named once.
        if any(s <= start and end <= e for s, e in spans):
            continue
        spans.append((start, end))
        seen.setdefault(phrase.lower(), phrase)
    return list(seen.values())


def is_job_ask(text: str | None) -> bool:
    """True when the text asks for a job, an introduction to a hiring manager, or help getting in."""
    return bool(asks(text))
