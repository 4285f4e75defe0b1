"""The whole workbook's due follow-ups as a total (Outreach's caption and its Follow-ups tab), carried across a write
about one person.

Counting them is a pass over every attempt: 13 ms at 100,000 attempts on a quiet machine, 20–30 ms beside a browser
drawing, the largest read of a log, a reply or a booking (issue 17), asked again after each since every write moves
the workbook's data version on. Each of these writes changes one person's attempts, stage or meetings, so only
whether that person is due: the total after it is the total before, less one if they were due, plus one if they are
due now (their reminder, which the caption reads anyway). It is carried so only when that write was the only one
between the two versions (lib/data_versions.py `one_write_between`: no other tab's write came in between) and the
total before is known; otherwise it is counted. On PostgreSQL several processes write, so it is always counted.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date

from lib import acting, outreach
from lib import db as database
from views import kit
from views.kept import Kept
from views.outreach import reads

KEPT = 64  # totals and carries kept, the latest last: a few tabs' and workbooks' recent versions


@dataclass(frozen=True)
class _Carry:
    """What a write about one person left to carry the total across it."""
    before: tuple        # the workbook's data version before the write
    today: date
    person: int
    was_due: bool


_totals: Kept[int] = Kept(KEPT)        # (database, workbook, version, today) -> the total
_carries: Kept[_Carry] = Kept(KEPT)    # (database, workbook, version after the write) -> _Carry


@kit.cached
def _counted(cur, workbook_id: int, today: date) -> int:
    return outreach.count_follow_ups(cur, workbook_id, today=today)


def total(ctx: kit.Context, today: date) -> int:
    """How many reminders are due in the workbook today: known at this data version, carried across the one write
    that led to it, or counted."""
    acting.enforce(ctx.cur, ctx.wb.id)  # as kit.cached: before anything kept, which every session shares
    where = (str(database.path_from_env()), ctx.wb.id)
    version = database.data_version(ctx.wb.id)
    known = _totals.get((*where, version, today))
    carry = _carries.get((*where, version))
    base = _totals.get((*where, carry.before, today)) if carry and carry.today == today else None
    if known is not None:
        return known
    if base is not None:
        now_due = reads.follow_up_for(ctx, carry.person, today=today) is not None
        value = base - carry.was_due + now_due
        _counted.known_otherwise(ctx, today)   # not counted in the background after the write either
    else:
        value = _counted(ctx, today)
    _totals.put((*where, version, today), value)
    return value


@contextlib.contextmanager
def about_one_person(ctx: kit.Context, person_id: int):
    """Around a lib write that changes only `person_id`'s attempts, stage or meetings (nobody else's), so the total
    can be carried across it."""
    before = database.data_version(ctx.wb.id)
    was_due = reads.follow_up_for(ctx, person_id, today=ctx.today) is not None  # kept: the caption asked it
    yield
    after = database.data_version(ctx.wb.id)
    if database.one_write_between(ctx.wb.id, before, after):
        _carries.put((str(database.path_from_env()), ctx.wb.id, after), _Carry(before, ctx.today, person_id, was_due))
