"""Question plans (step 4, M18–M22): the 12–14 questions for one meeting, or a reusable template for a
target role; their time budget and coverage; a balanced proposal; and the live meeting mode.

This module gathers the public names of the modules that do each job, so callers keep one import:
plan_items (the `Ref` address, reading a plan, shared limits), plan_meetings (the meeting picker, sheet
info), plan_budget (time and coverage, pure), plan_edit (changing a plan, the referral rule),
plan_proposal (the balanced proposal, own questions), plan_templates, live_meeting.
"""
from __future__ import annotations

from lib.live_meeting import (NoteSaved, clock, finish, go_to, live_state, mmss, reset_clock, save_note, set_asked,
                               start_clock)
from lib.plan_budget import budget, budget_message, coverage
from lib.plan_edit import (Replaced, Snapshot, add, can_move, drop_many, move, put_back, remove, replace, restore_referral,
                           set_must_ask, snapshot_of)
from lib.plan_items import (
    CONTENT,
    MAX_QUESTIONS,
    NUDGE_MINUTES,
    PERMISSION_KEY,
    RECOMMENDED,
    RESERVE_MINUTES,
    Ref,
    duration,
    items,
    meeting,
    skip_referral,
    template,
)
from lib.plan_meetings import meeting_info, meeting_label, meetings
from lib.plan_proposal import add_own_questions, apply_proposal, propose
from lib.plan_templates import apply_template, create_template, delete_template, templates

__all__ = [
    "add",
    "add_own_questions",
    "apply_proposal",
    "apply_template",
    "budget",
    "budget_message",
    "clock",
    "can_move",
    "CONTENT",
    "coverage",
    "create_template",
    "delete_template",
    "drop_many",
    "duration",
    "finish",
    "go_to",
    "items",
    "live_state",
    "MAX_QUESTIONS",
    "meeting",
    "meeting_info",
    "meeting_label",
    "meetings",
    "mmss",
    "move",
    "NUDGE_MINUTES",
    "NoteSaved",
    "PERMISSION_KEY",
    "propose",
    "put_back",
    "RECOMMENDED",
    "Ref",
    "remove",
    "replace",
    "Replaced",
    "RESERVE_MINUTES",
    "reset_clock",
    "restore_referral",
    "save_note",
    "set_asked",
    "set_must_ask",
    "skip_referral",
    "Snapshot",
    "snapshot_of",
    "start_clock",
    "template",
    "templates",
]
