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
