"""Vocabularies of the storage contract (DESIGN.md), in one place, with the words a person reads."""

SOURCES = {
    "manual": "Added by hand",
    "linkedin": "LinkedIn connection",
    "referral": "Referral",
    "alumni": "Alumni network",
    "event": "Met at an event",
}

STAGES = {
    "identified": "Identified",
    "researched": "Researched",
    "contacted": "Contacted",
    "scheduled": "Scheduled",
    "met": "Met",
    "keeping_in_touch": "Keeping in touch",
    "closed": "Closed",
}

CHANNELS = {
    "phone": "Phone call",
    "email": "Email",
    "linkedin": "LinkedIn message",
    "introduction": "Introduction by someone",
}

OUTCOMES = {
    "no_reply": "No reply yet",
    "no_answer": "No answer (call)",
    "left_voicemail": "Left a voicemail",
    "replied_yes": "Replied: yes",
    "replied_no": "Replied: no",
}

CALL_OUTCOMES = ("no_answer", "left_voicemail")  # what can only happen to a phone call


def outcomes_for(channel: str) -> list[str]:
    """The outcomes an attempt on `channel` can have: a call's only for a phone call."""
    return [o for o in OUTCOMES if channel == "phone" or o not in CALL_OUTCOMES]


FORMATS = {
    "workplace": "At their workplace",
    "coffee": "Coffee shop nearby",
    "video": "Video call",
    "phone": "Phone call",
}

MEETING_STATUSES = {
    "planned": "Planned",
    "done": "Done",
    "cancelled": "Cancelled",
    "no_show": "No-show",
}

QUESTION_CATEGORIES = {
    "role": "The role",
    "organization": "Organization / workplace",
    "industry": "Industry",
    "career_path": "Career path",
    "closing": "Closing",
}

TIARA = {
    "trends": "Trends",
    "insights": "Insights",
    "advice": "Advice",
    "resources": "Resources",
    "assignments": "Assignments",
}


def label(vocabulary: dict[str, str], key: str | None) -> str:
    """The person-facing word for a stored key; unknown keys are shown as they are."""
    if key is None:
        return ""
    return vocabulary.get(key, key)


# ---- the review step (issue 7) ----------------------------------------------------------------

# Keep-in-touch cadence in days; None means "no reminders for this person".
KEEP_IN_TOUCH = {
    None: "No reminders",
    30: "Every month (30 days)",
    60: "Every two months (60 days)",
    90: "Every three months (90 days)",
}

INTERACTION_KINDS = {
    "talked": "We talked (call or video)",
    "message": "Exchanged messages",
    "met": "Met in person",
    "event": "Saw them at an event",
    "shared": "Shared something useful with them",
}

USEFULNESS = {
    1: "1 · Not useful",
    2: "2 · A little",
    3: "3 · Useful",
    4: "4 · Very useful",
    5: "5 · Exceptional",
}
