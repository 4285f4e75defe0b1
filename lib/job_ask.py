"""The job-ask check (M11): does a text ask for a job, or only to learn?

A small rule set over phrases, each with the context that decides it, instead of a list of single words:
"any opportunities on your team" or "put in a good word" ask for a job though no job word appears, while
"how you apply modelling in your position" or "resume our conversation" do not, though they hold one.
Each rule is a regular expression over the text as written, applied sentence by sentence: requests in the first
person ("help me land an interview", "a reference for me") count anywhere, while bare job words do not count in a
sentence about their own path or the field in general ("how did you land your position?"). `asks` returns the
phrases found.
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
    (r"\b(?:hiring|hire me|hired|recruit(?:ing|ers?)?|head-?hunt\w*)\b|\brecruitment (?:for|at|drive|agenc\w+|round)\b", _I),
    (r"\b(?:are|is|will) (?:you|your team|they|the \w+) (?:be )?hiring\b|\bhire\b(?! (?:a |an )?(?:contractors?|consultants?|firms?))", _I),
    (r"\b(?:job |open |current )?openings?\b(?<!reopening)", _I),
    (r"\bvacanc(?:y|ies)\b", _I),
    (r"\bemployment\b|\bemploy me\b|\bunemployed\b|\bout of work\b|\bbetween (?:jobs|roles|positions)\b", _I),
    (r"\blooking for (?:a |an |some )?(?:work|role|position|placement|opportunit(?:y|ies)|contract|internship)\b", _I),
    (r"\bwork opportunit(?:y|ies)\b|\bcareer opportunit(?:y|ies) (?:at|with|in) (?:your|you)\b", _I),
    # "opportunities" next to their team, or for me
    (r"\b(?:any|an|some) (?:open |available )?(?:opportunit(?:y|ies)|openings?|roles?|positions?|spots?)"
     r" (?:on|in|at|with|within|for me|for someone|available|open|coming up)\b", _I),
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
    (r"\bsalary|\bpay (?:range|band|grade|scale)\b|\bstarting pay\b|\bcompensation\b|\bremuneration\b|\bjob offer\b"
     r"|\boffer letter\b", _I),
    (r"\b(?:consider|considered) (?:me|for) (?:for )?(?:a|the|any|this|future)\b", _I),
    (r"\bstronger candidate\b|\b(?:a|the) candidate for\b|\bbecome a candidate\b|\bcandidacy\b", _I),
    (r"\bone level below\b|\bto get in\b", _I),
))


_GET = r"(?:get|getting|land|landing|secure|securing|obtain|win|score|earn|find|finding|gain|snag|line up)"
_POST = (r"(?:job|role|position|post|placement|internship|apprenticeship|traineeship|interview|offer|opening|vacancy"
         r")s?")  # not "spot" or "opportunity": "find a spot for coffee", "get the opportunity to learn"
_ME = r"(?:I|I'm|I'd|I'll|I've|me|myself)"
_NOT_THEIRS = r"(?:\s+(?!your\b|their\b|his\b|her\b|its\b|our\b)[\w-]+){0,3}?"

# Requests in the first person, or for "someone like me": they ask whatever frame the sentence is in.
_ASKS_FOR_ME: tuple[re.Pattern, ...] = tuple(re.compile(p, flags) for p, flags in (
    # I / help me + get, land, secure + a role, an interview, an offer (not "how you got your role")
    (rf"\b{_ME}\b[^.?!\n]{{0,40}}?\b{_GET}{_NOT_THEIRS}\s+{_POST}(?![\w-])", _I),
    # take me on, bring me in, hire/employ/onboard me, have me on the team
    (r"\b(?:take|taking|bring|bringing|have|having|sign|signing|keep|keeping)\s+me\s+(?:on|in|aboard|on board)\b"
     r"|\b(?:employ|onboard|recruit|engage|contract|offer)\s+me\b(?! (?:advice|a tip|some advice|feedback|your))", _I),
    # a place, room, spot or opening for me / someone like me
    (r"\b(?:place|room|spot|seat|space|slot|opening|role|position|post|vacancy|opportunity|need)\s+for\s+(?:me|someone"
     r" like me|someone with my|a person like me)\b"
     # "someone with my background" alone asks for advice; wanted, used or brought in it asks for a place
     r"|\b(?:use|need|want|hire|take on|bring in|bring on|employ)\s+(?:someone|somebody|a person|people) (?:like me|with my)\b", _I),
    # be considered, whether the object is named or not
    (rf"\b{_ME}\b[^.?!\n]{{0,40}}?\bbe(?:ing)? considered\b(?! (?:a|an|the|as|good|normal|rude)\b)"
     r"|\bconsider(?:ing)? me\b|\bconsider my (?:application|cv|resume|profile)\b", _I),
    # a reference or recommendation for me
    (r"\b(?:be|act as|serve as|stand as) (?:a |my |one of my )?(?:reference|referee)s?\b"
     r"|\b(?:reference|referee|recommendation|testimonial|endorsement)s? for me\b"
     r"|\b(?:write|give|provide|send)\s+(?:me\s+)?(?:a |an )?(?:\w+ )?(?:reference|recommendation|referral)(?: letter)?\b(?! (?:to|on|about)\b)"
     r"|\bletters? of recommendation\b|\b(?:recommendation|reference) letters?\b|\b(?:list|name|use|put) you (?:down )?as"
     r" (?:a |my )?(?:reference|referee)\b|\bmy referees?\b", _I),
    # an interview with their firm (an informational conversation with them is not one)
    (rf"(?<!informational )(?<!information )(?<!informal )\binterview(?:ed|ing)?\s+(?:with|at|for)\s+(?:{_TEAM}|your (?:firm|studio|lab|practice|unit)|them\b|there\b"
     r"|(?:the|a|an|this|that) (?:[\w-]+ ){0,2}(?:role|position|post|job|opening)s?\b)|\binterview (?:there|slot)\b|\b(?:an|the) interview for me\b", _I),
    # pass my CV, profile or name along
    (r"\b(?:forward|pass|send|share|hand|circulate|put|submit|get)\w*\s+(?:it\s+)?(?:on\s+|along\s+|over\s+)?(?:my|me)"
     r"\s+(?:\w+\s+)?(?:profile|portfolio|details|materials|linkedin|credentials)\b"  # a CV or resume is found by itself
     r"|\bmy\s+(?:profile|portfolio|details|name)\s+(?:on\s+|along\s+)?(?:to|along|forward"
     r"|on|in front of)\s+(?:the|your|whoever|someone|anyone|hr|him|her|them)\b|\bapplication materials\b", _I),
    # introduce me to whoever hires
    (r"\b(?:introduce|connect|put|refer|link)\s+me\s+(?:in touch\s+)?(?:to|with)\b[^.?!\n]{0,60}?\b(?:hir\w+|recruit\w*"
     r"|HR|human resources|talent|decision[- ]makers?|makes? the decisions?)\b", _I),
    # they are taking people on
    (r"\b(?:bring|bringing|take|taking|add|adding|onboard|onboarding)\s+(?:on|in)\s+(?:any|new|more|extra|additional|another"
     r"|some)\b|\b(?:bring|bringing)\s+(?:in|on)\s+(?:someone|somebody|anyone|people)\b|\b(?:bring|bringing)\s+(?:someone"
     r"|somebody|anyone)\s+(?:in|on)\b|\b(?:could|can|would) use (?:someone|somebody|another|an extra|more)\b"
     r"|\b(?:extra|another|spare) pair of hands\b|\bgrowing (?:the|your) team\b", _I),
    # kinds of post, sponsorship, pay
    (r"\b(?:graduate|trainee|permanent|full[- ]time|part[- ]time|paid|summer|temporary|temp|fixed[- ]term|contract"
     r"|junior|entry[- ]level)\s+(?:position|role|post|job|contract|placement|student|opening)s?\b"
     r"|\btrainee(?:ship)?s?\b|\bapprenticeships?\b", _I),
    (r"\bsponsor\w*\s+(?:my |me |a |an |for )?(?:\w+ )?(?:visas?|work permits?|permits?|work authori[sz]ation)\b|\bvisa sponsorship\b", _I),
    (r"\b(?:make|makes|made|extend|extends|give|gives)\s+me\s+(?:an? )?(?:\w+ )?offer\b|\boffer me (?:a|an|the) (?:role|job|position|post|place|contract)\b", _I),
    (r"\b(?:listings?|postings?|adverts?|advertisements?)\s+(?:for|at|with)\b|\b(?:any|open|current|recent) (?:listings|postings|adverts)\b", _I),
    (r"\b(?:spot|position|role|opening|place|seat|slot|vacancy|post|job)s?\s+(?:ever\s+|should\s+)?(?:opens?|frees?|comes?"
     r"|becomes? (?:available|vacant|free))\b", _I),
    # out of work and ready: "available to start", "my contract ended", "looking around for something new"
    (r"\b(?:available|free|ready|able) to start\b|\bstart (?:immediately|right away|straight away)\b"
     r"|\bmy (?:contract|role|position|job|post) (?:has |was )?(?:ended|ends|ran out|was cut|is ending)\b"
     r"|\b(?:laid off|made redundant|let go)\b|\blooking (?:around )?for (?:something|anything) (?:new|else)\b"
     r"|\bmy next (?:step|move|opportunity|challenge|contract)\b", _I),
    # would I fit, could I be on your team, come aboard, mention me to the boss
    (rf"\b{_ME}\b[^.?!\n]{{0,30}}?\b(?:a (?:good |great |strong |natural )?)?fit (?:for|on|with|in|at|into) (?:your|{_TEAM}|the"
     r" (?:role|position|post|job))|\b{_ME}\b[^.?!\n]{0,40}?\b(?:be|work|get|start|serve) on your (?:team|staff|crew|roster)\b"
     r"|\bcome (?:aboard|on board)\b|\bcome (?:and )?work (?:for|with|at) (?:you|your)\b|\bjoin (?:your|the) (?:ranks|crew|staff)\b"
     r"|\bmention (?:me|my name) to\b|\bkeep (?:me|my \w+) on file\b", _I),
    (r"\bhow (?:do|can|could|should|would) I apply\b|\bhow to apply\b|\b(?:hire|hiring) someone like\b", _I),
))

# A sentence about their own path ("how did you land your position?") or about the field in general ("the hiring
# process in your field") mentions job words without asking for one: there only first-person requests count.
_LEARNING_FRAME = re.compile(
    r"\b(?:did|were|was|had) you\b|\bdid your\b|\bhave you (?:ever )?\w+ed\b|\bhow you\b|\bwhat (?:made|led|brought) you\b"
    r"|\bwhen you (?:started|began|joined|were|first)\b|\byour (?:current|first|previous|last|early|own|present) (?:role|position"
    r"|job|post|internship|employer|interview|application)s?\b|\bin general\b|\bgenerally\b|\busually\b|\btypically\b"
    r"|\bnormally\b|\bhow (?:do|does|did) (?:people|new|most|graduates|newcomers|juniors|engineers|others|someone|they)\b"
    r"|\bin (?:the|this|your) (?:industry|field|sector|profession)\b(?![^.?!\n]*\b(?:me|my)\b)", _I)
_SENTENCE = re.compile(r"[^.?!\n]+[.?!]*")


def asks(text: str | None) -> list[str]:
    """The job-asking phrases found, in order of appearance, each once (as written).

    Empty when the text only asks to learn. Never raises on any text.
    """
    found: list[tuple[int, str]] = []
    value = text or ""
    for sentence in _SENTENCE.finditer(value):
        part, offset = sentence.group(0), sentence.start()
        rules = _ASKS_FOR_ME if _LEARNING_FRAME.search(part) else _RULES + _ASKS_FOR_ME
        for rule in rules:
            found.extend((offset + m.start(), m.group(0).strip(" .?!")) for m in rule.finditer(part))
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
