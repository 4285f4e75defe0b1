"""A plan's time budget and topic coverage (M18–M20): pure functions over the rows plan_items.items reads."""
from __future__ import annotations

from lib import vocab, wording
from lib.plan_items import CONTENT, RECOMMENDED, RESERVE_MINUTES


def budget(plan: list[dict], duration_minutes: int) -> dict:
    """The time budget of a plan against the meeting length.

    status: "empty", "fits" (room left for greetings and thanks), "tight" (fits, with no room for them) or
    "over". When over, `drop` suggests questions to drop or keep optional: not must-ask, not the referral
    or closing questions, the longest and latest first, until the plan fits the meeting.
    """
    total = float(sum(q["minutes"] for q in plan))
    length = float(duration_minutes)
    if not plan:
        status = "empty"
    elif total <= length - RESERVE_MINUTES:
        status = "fits"
    elif total <= length:
        status = "tight"
    else:
        status = "over"
    drop: list[dict] = []
    if status == "over":
        candidates = sorted(
            (q for q in plan if not q["must_ask"] and not q.get("is_referral") and q["category"] != "closing"),
            key=lambda q: (-q["minutes"], -q["position"]),
        )
        excess = total - length
        for q in candidates:
            if excess <= 0:
                break
            drop.append(q)
            excess -= q["minutes"]
    count = len(plan)
    if not plan:
        count_note = f"Aim for {RECOMMENDED[0]} to {RECOMMENDED[1]} questions."
    elif count < RECOMMENDED[0]:
        count_note = (f"{wording.plural(count, 'question')}: aim for {RECOMMENDED[0]} to {RECOMMENDED[1]} so you "
                      "have enough to stay on topic.")
    elif count > RECOMMENDED[1]:
        count_note = f"{count} questions: more than {RECOMMENDED[1]} rarely fit; keep the extra ones optional."
    else:
        count_note = ""
    return {
        "total": total,
        "duration": length,
        "must_total": float(sum(q["minutes"] for q in plan if q["must_ask"])),
        "left": length - total,
        "status": status,
        "over_by": max(0.0, total - length),
        "drop": drop,
        "count": count,
        "count_note": count_note,
    }


_GAP_WORDS = {"role": "role", "organization": "organization or workplace", "industry": "industry",
              "career_path": "career path"}


def coverage(plan: list[dict]) -> dict:
    """How many questions per category and per TIARA tag, and the gaps worth a word."""
    by_category = {c: 0 for c in vocab.QUESTION_CATEGORIES}
    by_tiara = {t: 0 for t in vocab.TIARA}
    for q in plan:
        by_category[q["category"]] = by_category.get(q["category"], 0) + 1
        if q.get("tiara"):
            by_tiara[q["tiara"]] = by_tiara.get(q["tiara"], 0) + 1
    gaps = [f"No {_GAP_WORDS[c]} question yet." for c in CONTENT if not by_category[c]]
    missing_tiara = [vocab.TIARA[t] for t, n in by_tiara.items() if not n]
    if plan and missing_tiara:
        gaps.append("Nothing on " + ", ".join(missing_tiara) + " yet (TIARA).")
    if plan and not any(q.get("is_referral") for q in plan):
        gaps.append("No question asks to be referred to other people.")
    return {"category": by_category, "tiara": by_tiara, "gaps": gaps}


def _fmt(minutes: float) -> str:
    return f"{minutes:g}"


def budget_message(b: dict) -> str:
    """The budget in one sentence a person reads."""
    if b["status"] == "empty":
        return f"No questions yet; the meeting is {_fmt(b['duration'])} minutes."
    head = f"{wording.plural(b['count'], 'question')} {'takes' if b['count'] == 1 else 'take'} about {_fmt(b['total'])} of {_fmt(b['duration'])} minutes"
    if b["status"] == "fits":
        return f"{head}: it fits, with {_fmt(b['left'])} minutes for greetings and thanks."
    if b["status"] == "tight":
        return f"{head}: it just fits, with almost no time for greetings and thanks."
    return f"{head}: {_fmt(b['over_by'])} minutes over the agreed time."
