"""Changing a question plan (M18–M22): add, remove, move, mark must-ask, replace, restore the referral question.

Positions are always 1..n with no gaps; every change that moves rows renumbers them in the same transaction.
The referral rule (M22): a plan ends with a question asking to be referred to other people. Only closing
questions (for example asking permission to use the person's name) may follow it. Adding to an empty plan
brings the referral question along; removing it is remembered as done on purpose.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from lib import db, questions
from lib.errors import Invalid, NotFound
from lib.plan_items import _TABLE, MAX_QUESTIONS, PERMISSION_KEY, RECOMMENDED, Ref, _settings


def _rows(cur, ref: Ref) -> list[dict]:
    table, key = _TABLE[ref.kind]
    found = db.rows(
        cur,
        f"SELECT t.question_id, t.position, t.must_ask, q.category, q.bank_key,"
        f" coalesce(q.asks_referral, false) AS asks_referral"
        f" FROM {table} t JOIN questions q ON q.id = t.question_id WHERE t.{key} = ? ORDER BY t.position",
        [ref.id],
    )
    for row in found:
        row["is_referral"] = questions.is_referral(row)
    return found


def _write_order(cur, workbook_id: int, ref: Ref, ordered: list[dict]) -> None:
    """Rewrite the plan as `ordered` (dicts with question_id, must_ask), keeping notes of meeting rows."""
    table, key = _TABLE[ref.kind]
    if ref.kind == "meeting":
        keep = {r["question_id"]: r for r in db.rows(
            cur, "SELECT question_id, notes, asked, notes_saved_at FROM meeting_questions WHERE meeting_id = ?", [ref.id]
        )}
        cur.execute("DELETE FROM meeting_questions WHERE meeting_id = ?", [ref.id])
        for position, q in enumerate(ordered, start=1):
            old = keep.get(q["question_id"], {})
            cur.execute(
                "INSERT INTO meeting_questions (meeting_id, question_id, position, must_ask, notes, asked, notes_saved_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [ref.id, q["question_id"], position, bool(q["must_ask"]), old.get("notes"),
                 bool(old.get("asked") or False), old.get("notes_saved_at")],
            )
    else:
        cur.execute(f"DELETE FROM {table} WHERE {key} = ?", [ref.id])
        for position, q in enumerate(ordered, start=1):
            cur.execute(
                "INSERT INTO template_questions (template_id, workbook_id, question_id, position, must_ask)"
                " VALUES (?, ?, ?, ?, ?)",
                [ref.id, workbook_id, q["question_id"], position, bool(q["must_ask"])],
            )


def _set_skip(cur, workbook_id: int, ref: Ref, value: bool) -> None:
    if ref.kind == "template":
        cur.execute("UPDATE question_templates SET skip_referral = ? WHERE id = ?", [value, ref.id])
        return
    exists = db.scalar(cur, "SELECT count(*) FROM meeting_plans WHERE meeting_id = ?", [ref.id])
    if exists:
        cur.execute("UPDATE meeting_plans SET skip_referral = ? WHERE meeting_id = ?", [value, ref.id])
    else:
        cur.execute(
            "INSERT INTO meeting_plans (meeting_id, workbook_id, skip_referral) VALUES (?, ?, ?)",
            [ref.id, workbook_id, value],
        )


def _tail_start(order: list[dict]) -> int:
    """Index where the plan's closing block (the trailing run of closing questions) starts."""
    i = len(order)
    while i > 0 and (order[i - 1]["category"] == "closing" or order[i - 1]["is_referral"]):
        i -= 1
    return i


def _settle(cur, workbook_id: int, ref: Ref, order: list[dict], skip: bool) -> list[dict]:
    """Apply the referral rule: nothing but closing questions after the last referral question, and a
    referral question at the end of every non-empty plan unless it was removed on purpose."""
    last_ref = max((i for i, q in enumerate(order) if q["is_referral"]), default=None)
    if last_ref is not None:
        after = order[last_ref + 1:]
        stray = [q for q in after if q["category"] != "closing"]
        if stray:
            closing_after = [q for q in after if q["category"] == "closing"]
            order = order[:last_ref] + stray + [order[last_ref]] + closing_after
    elif order and not skip:
        referral_id = questions.bank_id(cur, questions.DEFAULT_REFERRAL_KEY)
        if referral_id is not None:
            at = _tail_start(order)  # first in the closing block: permission to use the name etc. follow it
            order = order[:at] + [{"question_id": referral_id, "must_ask": True, "category": "closing",
                                   "is_referral": True}] + order[at:]
    return order


def _to_add_to(cur, workbook_id: int, ref: Ref) -> tuple[bool, list[dict], set[int]]:
    """The plan questions are added to (checked to be in the workbook): whether its referral was removed,
    its questions in order, and their ids."""
    skip = bool(_settings(cur, workbook_id, ref)["skip_referral"])
    order = _rows(cur, ref)
    return skip, order, {q["question_id"] for q in order}


def _refuse_over_max(count: int) -> None:
    """Invalid when a plan would hold more than MAX_QUESTIONS questions."""
    if count > MAX_QUESTIONS:
        raise Invalid(f"A plan holds at most {MAX_QUESTIONS} questions; {RECOMMENDED[0]} to {RECOMMENDED[1]} is the aim.")


def _write_settled(cur, workbook_id: int, ref: Ref, order: list[dict], skip: bool, *,
                   referral_joined: bool = False) -> list[dict]:
    """Write the plan as `order` under the referral rule (_settle); returns what was written.
    `referral_joined`: a referral question joined the plan, which undoes an earlier removal of the referral."""
    if referral_joined:
        skip = False
        _set_skip(cur, workbook_id, ref, False)
    order = _settle(cur, workbook_id, ref, order, skip)
    _write_order(cur, workbook_id, ref, order)
    return order


@db.writes
def add(
    con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref, question_ids, *, must_ask: bool = False,
) -> int:
    """Add questions to the plan, before its closing block (referral last, M22). Returns how many were added.

    Questions already in the plan are skipped. Adding a referral question undoes an earlier removal.
    """
    if isinstance(question_ids, int):
        question_ids = [question_ids]
    wanted = list(dict.fromkeys(int(i) for i in question_ids))
    if not wanted:
        raise Invalid("Pick at least one question to add.")
    with db.transaction(con) as cur:
        skip, order, have = _to_add_to(cur, workbook_id, ref)
        new = [questions.get(cur, workbook_id, qid) for qid in wanted if qid not in have]
        if not new:
            raise Invalid("Those questions are already in the plan.")
        _refuse_over_max(len(order) + len(new))
        for q in new:
            row = {"question_id": q["id"], "must_ask": must_ask or q["is_referral"], "category": q["category"],
                   "is_referral": q["is_referral"]}
            if q["category"] == "closing":
                order.append(row)
            else:
                at = _tail_start(order)
                order.insert(at, row)
        _write_settled(cur, workbook_id, ref, order, skip,
                       referral_joined=skip and any(q["is_referral"] for q in new))
    return len(new)


@db.writes
def remove(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref, question_id: int) -> None:
    """Take a question out of the plan (its notes go with it). Removing the last referral question is
    remembered, so the plan is not refilled with one."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, ref)
        order = _rows(cur, ref)
        gone = next((q for q in order if q["question_id"] == int(question_id)), None)
        if gone is None:
            raise NotFound("That question is not in this plan any more.")
        order = [q for q in order if q is not gone]
        if gone["is_referral"] and not any(q["is_referral"] for q in order):
            _set_skip(cur, workbook_id, ref, True)
        _write_order(cur, workbook_id, ref, order)


@db.writes
def move(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref, question_id: int, step: int) -> None:
    """Move a question up (step -1) or down (+1) by one place. Refused when it would put a non-closing
    question after the referral question."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, ref)
        order = _rows(cur, ref)
        index = next((i for i, q in enumerate(order) if q["question_id"] == int(question_id)), None)
        if index is None:
            raise NotFound("That question is not in this plan any more.")
        target = index + (1 if step > 0 else -1)
        if not 0 <= target < len(order):
            raise Invalid("It is already at the " + ("end." if step > 0 else "top."))
        if not can_move(order, index, step):
            raise Invalid(
                "The referral question stays at the end, followed only by closing questions. "
                "Remove it if you want this plan to end differently."
            )
        order[index], order[target] = order[target], order[index]
        _write_order(cur, workbook_id, ref, order)


def can_move(order: list[dict], index: int, step: int) -> bool:
    """Whether the question at `index` of `order` (rows with category and is_referral, as `items` gives) may move
    one place up (step -1) or down (+1): not past either end, and never so that a question other than a closing one
    comes after the last referral question (M22). `move` refuses exactly what this refuses."""
    target = index + (1 if step > 0 else -1)
    if not 0 <= target < len(order):
        return False
    moved = list(order)
    moved[index], moved[target] = moved[target], moved[index]
    last_ref = max((i for i, q in enumerate(moved) if q["is_referral"]), default=None)
    return last_ref is None or all(q["category"] == "closing" for q in moved[last_ref + 1:])


@db.writes
def set_must_ask(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref, question_id: int, value: bool) -> None:
    """Mark a question must-ask (or optional: asked only if time allows)."""
    table, key = _TABLE[ref.kind]
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, ref)
        found = db.scalar(cur, f"SELECT count(*) FROM {table} WHERE {key} = ? AND question_id = ?", [ref.id, question_id])
        if not found:
            raise NotFound("That question is not in this plan any more.")
        cur.execute(f"UPDATE {table} SET must_ask = ? WHERE {key} = ? AND question_id = ?", [bool(value), ref.id, question_id])


@db.writes
def drop_many(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref, question_ids) -> int:
    """Drop several questions at once (the budget's suggestion). Notes already written refuse the drop."""
    ids = {int(i) for i in question_ids}
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, ref)
        order = _rows(cur, ref)
        if ref.kind == "meeting":
            noted = db.scalar(
                cur,
                "SELECT count(*) FROM meeting_questions WHERE meeting_id = ? AND coalesce(trim(notes), '') <> ''"
                " AND question_id IN (" + ", ".join("?" * len(ids)) + ")",
                [ref.id, *ids],
            ) if ids else 0
            if noted:
                raise Invalid("Some of those questions already hold notes from the meeting; remove them one by one.")
        kept = [q for q in order if q["question_id"] not in ids]
        _write_order(cur, workbook_id, ref, kept)
    return len(order) - len(kept)


def _has_notes(cur, ref: Ref) -> bool:
    if ref.kind != "meeting":
        return False
    return bool(db.scalar(
        cur, "SELECT count(*) FROM meeting_questions WHERE meeting_id = ? AND coalesce(trim(notes), '') <> ''", [ref.id]
    ))


@db.writes
def replace(
    con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref, chosen: list[tuple[int, bool]],
) -> int:
    """Replace the whole plan with (question_id, must_ask) pairs in order; refused when the meeting's
    plan already holds notes (they would be lost). Returns the number of questions."""
    with db.transaction(con) as cur:
        return len(_replace(cur, workbook_id, ref, chosen))


def _plan_row(cur, workbook_id: int, question_id: int, must_ask: bool) -> dict:
    """A plan row to write for a question of the bank (NotFound when it is not there)."""
    q = questions.get(cur, workbook_id, question_id)
    return {"question_id": question_id, "must_ask": must_ask, "category": q["category"], "is_referral": q["is_referral"]}


def _replace(cur, workbook_id: int, ref: Ref, chosen: list[tuple[int, bool]]) -> list[dict]:
    """replace() within the caller's transaction; returns the plan written."""
    _settings(cur, workbook_id, ref)
    if _has_notes(cur, ref):
        raise Invalid("This plan already holds notes from the meeting, so it is not replaced. Edit it question by question.")
    order = [_plan_row(cur, workbook_id, qid, must) for qid, must in dict.fromkeys((int(q), bool(m)) for q, m in chosen)]
    if len(order) > MAX_QUESTIONS:
        raise Invalid(f"A plan holds at most {MAX_QUESTIONS} questions.")
    skip = bool(_settings(cur, workbook_id, ref)["skip_referral"])
    return _write_settled(cur, workbook_id, ref, order, skip, referral_joined=any(q["is_referral"] for q in order))


# ---- putting back a plan a proposal replaced --------------------------------------------------------------------

@dataclass(frozen=True)
class Snapshot:
    """A plan as it stood: its questions in order with their must-ask marks, and whether the referral was removed."""
    order: tuple[tuple[int, bool], ...]
    skip_referral: bool


@dataclass(frozen=True)
class Replaced:
    """What a replacement of a whole plan did: how many questions it wrote, the plan before and the plan after."""
    count: int
    before: Snapshot
    after: Snapshot


def snapshot_of(rows: list[dict], skip_referral: bool) -> Snapshot:
    """The snapshot of a plan's rows (question_id, must_ask, in order) as a page read them."""
    return Snapshot(tuple((int(r["question_id"]), bool(r["must_ask"])) for r in rows), bool(skip_referral))


def _snapshot(cur, workbook_id: int, ref: Ref) -> Snapshot:
    return snapshot_of(_rows(cur, ref), _settings(cur, workbook_id, ref)["skip_referral"])


@db.writes
def put_back(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref, replaced: Replaced) -> int:
    """Undo a replacement: the plan as it was before, while it still stands as the replacement left it. Refused
    (Invalid, nothing changed) when it was changed since, here or in another tab (those changes would be lost), or
    when the meeting's plan holds notes now. A question deleted from the bank meanwhile stays out. Returns the number
    of questions."""
    with db.transaction(con) as cur:
        if _snapshot(cur, workbook_id, ref) != replaced.after:
            raise Invalid("The plan was changed after the proposal (here or in another tab), so the earlier one is not "
                          "put back: nothing was changed. Edit it question by question.")
        if _has_notes(cur, ref):
            raise Invalid("This plan holds notes from the meeting now, so it is not replaced. Edit it question by "
                          "question.")
        order = []
        for qid, must in replaced.before.order:
            try:
                order.append(_plan_row(cur, workbook_id, qid, must))
            except NotFound:
                continue
        _set_skip(cur, workbook_id, ref, replaced.before.skip_referral)
        order = _settle(cur, workbook_id, ref, order, replaced.before.skip_referral)  # as it was, if nothing is gone
        _write_order(cur, workbook_id, ref, order)
    return len(order)


@db.writes
def restore_referral(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref) -> None:
    """Put the shipped referral question back at the end of the plan (M22)."""
    referral_id = questions.bank_id(con, questions.DEFAULT_REFERRAL_KEY)
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, ref)
        _set_skip(cur, workbook_id, ref, False)
        order = _rows(cur, ref)
        if not any(q["is_referral"] for q in order) and referral_id is not None:
            permission = [q for q in order if q.get("bank_key") == PERMISSION_KEY]
            rest = [q for q in order if q.get("bank_key") != PERMISSION_KEY]
            order = rest + [{"question_id": referral_id, "must_ask": True, "category": "closing", "is_referral": True}] + permission
        _write_order(cur, workbook_id, ref, order)
