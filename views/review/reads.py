"""The Review page's reads, kept until the workbook's data changes (views/kit.py `cached`: every lib write moves the
version on, so none is ever stale). Every run of the page asked them again: ~12 ms of each click at the large
workbook, most of it ordering every meeting done for the picker."""
from __future__ import annotations

from datetime import datetime

from lib import referrals, reviews, thank_you
from views import kit

done_count = kit.cached(reviews.done_count)
done_meetings = kit.cached(reviews.done_meetings)
other_meetings = kit.cached(reviews.other_meetings)
question_notes = kit.cached(reviews.question_notes)
history = kit.cached(reviews.history)
suggested = kit.cached(referrals.from_meeting)
# The meeting reviewed, its review and the thank-you draft: ~20 ms of every run of the page at the large workbook.
meeting = kit.cached(reviews.meeting)
review = kit.cached(reviews.get)
thank_you_draft = kit.cached(thank_you.draft)


@kit.cached
def reminders(cur, workbook_id: int, minute: datetime) -> dict:
    """Reviews missing and thank-you notes overdue, as of `minute` (the key: a note turns overdue with the clock)."""
    return reviews.reminders(cur, workbook_id, now=minute)


def reminders_now(ctx: kit.Context) -> dict:
    return reminders(ctx, ctx.now.replace(second=0, microsecond=0))
