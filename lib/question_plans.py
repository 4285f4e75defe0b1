"""Question plans (step 4, M18–M22): the 12–14 questions for one meeting, or a reusable template for a
target role; their time budget and coverage; a balanced proposal; and the live meeting mode.

A plan is addressed by a `Ref`: `meeting(id)` (rows in meeting_questions) or `template(id)`
(rows in template_questions). Positions are always 1..n with no gaps; every change that moves
rows renumbers them in the same transaction.

The referral rule (M22): a plan ends with a question asking to be referred to other people. Only
closing questions (for example asking permission to use the person's name) may follow it. Adding to
an empty plan brings the referral question along; removing it is remembered as done on purpose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from lib import actions, db, fields, job_ask, questions, vocab
from lib.errors import Invalid, NotFound
from lib.text import MAX_NOTE_CHARS, MAX_SHORT_CHARS, clean
from lib import wording

RECOMMENDED = (12, 14)          # M18: about 12 to 14 questions
RESERVE_MINUTES = 2             # greeting, thanks and goodbye take time too
NUDGE_MINUTES = 3               # live mode: start closing at least this long before the end
MAX_QUESTIONS = 30              # a plan past this is a list, not a plan
CONTENT = ("role", "organization", "industry", "career_path")
PERMISSION_KEY = "close-name"   # asks permission to mention the person's name to the people they suggest


@dataclass(frozen=True)
class Ref:
    kind: str   # "meeting" or "template"
    id: int


def meeting(meeting_id: int) -> Ref:
    return Ref("meeting", int(meeting_id))


def template(template_id: int) -> Ref:
    return Ref("template", int(template_id))


_TABLE = {"meeting": ("meeting_questions", "meeting_id"), "template": ("template_questions", "template_id")}


# ---- meetings -------------------------------------------------------------------------------------

def meetings(con: duckdb.DuckDBPyConnection, workbook_id: int, today: date | None = None) -> list[dict]:
    """Meetings to plan for: upcoming planned ones first (soonest first), then the others (latest first)."""
    today = today or date.today()
    return db.rows(
        con,
        """SELECT m.id, m.scheduled_at, m.duration_minutes, m.format, m.location, m.status,
                  c.full_name, c.title, o.name AS organization,
                  (SELECT count(*) FROM meeting_questions mq WHERE mq.meeting_id = m.id) AS questions
           FROM meetings m
           JOIN contacts c ON c.id = m.contact_id
           LEFT JOIN organizations o ON o.id = c.organization_id
           WHERE m.workbook_id = ?
           ORDER BY CASE WHEN m.status = 'planned' AND m.scheduled_at >= ? THEN 0 ELSE 1 END,
                    CASE WHEN m.status = 'planned' AND m.scheduled_at >= ? THEN epoch(m.scheduled_at)
                         ELSE -epoch(m.scheduled_at) END,
                    m.id""",
        [workbook_id, today, today],
    )


def meetings_fingerprint(con: duckdb.DuckDBPyConnection, workbook_id: int) -> str:
    """A cheap summary of what the meeting picker shows (when, how long, status, whose, how many questions):
    it changes when a meeting is added, moved, ended or deleted, or any plan grows or shrinks (also while
    another shrinks by as much), so the picker's labels can be cached by it. About 1 ms at 3,000 meetings."""
    row = con.execute(
        """SELECT
             (SELECT bit_xor(hash(id, scheduled_at, duration_minutes, status, contact_id)) FROM meetings
               WHERE workbook_id = ?),
             (SELECT count(*) FROM meetings WHERE workbook_id = ?),
             (SELECT count(*) || '/' || coalesce(bit_xor(hash(mq.meeting_id, mq.question_id)), 0)
                FROM meeting_questions mq JOIN meetings m ON m.id = mq.meeting_id
               WHERE m.workbook_id = ?)""",
        [workbook_id] * 3,
    ).fetchone()
    return ":".join(str(v) for v in row)


def meeting_label(m: dict, name: str | None = None) -> str:
    """One line for a picker: when, who (or `name`, e.g. initials on a shared screen), where from, how long,
    how many questions."""
    when = f"{wording.weekday(m['scheduled_at'])}, {m['scheduled_at']:%H:%M}"
    org = f" ({m['organization']})" if m.get("organization") else ""
    status = "" if m["status"] == "planned" else f" · {vocab.label(vocab.MEETING_STATUSES, m['status']).lower()}"
    return f"{when} · {name or m['full_name']}{org} · {m['duration_minutes']} min · {m['questions']} questions{status}"


def meeting_info(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> dict:
    """Who, when, where, and the research notes a sheet needs (private notes are never included)."""
    row = db.one(
        con,
        """SELECT m.id, m.scheduled_at, m.duration_minutes, m.format, m.location, m.status,
                  c.full_name, c.title, c.notes AS contact_notes,
                  o.name AS organization, o.industry, o.location AS org_location, o.why_interested,
                  o.notes AS organization_notes,
                  g.purpose, g.target_roles, g.target_industries, p.full_name AS my_name
           FROM meetings m
           JOIN contacts c ON c.id = m.contact_id
           LEFT JOIN organizations o ON o.id = c.organization_id
           LEFT JOIN goals g ON g.workbook_id = m.workbook_id
           LEFT JOIN profiles p ON p.workbook_id = m.workbook_id
           WHERE m.id = ? AND m.workbook_id = ?""",
        [meeting_id, workbook_id],
    )
    if row is None:
        raise NotFound("That meeting is not in this workbook (it may have been deleted).")
    return row


# ---- reading a plan -------------------------------------------------------------------------------

def _settings(cur, workbook_id: int, ref: Ref) -> dict:
    """Check the plan belongs to the workbook; its length in minutes and whether the referral was removed."""
    if ref.kind == "meeting":
        row = db.one(
            cur,
            "SELECT m.duration_minutes, coalesce(mp.skip_referral, false) AS skip_referral"
            " FROM meetings m LEFT JOIN meeting_plans mp ON mp.meeting_id = m.id"
            " WHERE m.id = ? AND m.workbook_id = ?",
            [ref.id, workbook_id],
        )
        if row is None:
            raise NotFound("That meeting is not in this workbook (it may have been deleted).")
    elif ref.kind == "template":
        row = db.one(
            cur,
            "SELECT duration_minutes, skip_referral FROM question_templates WHERE id = ? AND workbook_id = ?",
            [ref.id, workbook_id],
        )
        if row is None:
            raise NotFound("That template is not in this workbook (it may have been deleted).")
    else:
        raise ValueError(ref.kind)
    return row


def items(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref) -> list[dict]:
    """The plan's questions in order: position, question_id, text, category, tiara, minutes, must_ask,
    is_referral, and for meetings notes and asked."""
    _settings(con, workbook_id, ref)
    table, key = _TABLE[ref.kind]
    extra = "t.notes, coalesce(t.asked, false) AS asked" if ref.kind == "meeting" else "NULL AS notes, false AS asked"
    found = db.rows(
        con,
        f"""SELECT t.position, t.question_id, q.text, q.category, q.tiara, q.minutes, t.must_ask,
                   q.bank_key, coalesce(q.asks_referral, false) AS asks_referral, {extra}
            FROM {table} t JOIN questions q ON q.id = t.question_id
            WHERE t.{key} = ? ORDER BY t.position""",  # table/key from _TABLE, never from input
        [ref.id],
    )
    for row in found:
        row["is_referral"] = questions.is_referral(row)
    return found


def skip_referral(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref) -> bool:
    """True when the person removed the referral question from this plan on purpose."""
    return bool(_settings(con, workbook_id, ref)["skip_referral"])


def duration(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref) -> int:
    return int(_settings(con, workbook_id, ref)["duration_minutes"])


# ---- budget and coverage (pure) -------------------------------------------------------------------

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


# ---- changing a plan ------------------------------------------------------------------------------

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


@db.retry_on_conflict
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
        settings = _settings(cur, workbook_id, ref)
        order = _rows(cur, ref)
        have = {q["question_id"] for q in order}
        new = [questions.get(cur, workbook_id, qid) for qid in wanted if qid not in have]
        if not new:
            raise Invalid("Those questions are already in the plan.")
        if len(order) + len(new) > MAX_QUESTIONS:
            raise Invalid(f"A plan holds at most {MAX_QUESTIONS} questions; {RECOMMENDED[0]} to {RECOMMENDED[1]} is the aim.")
        skip = bool(settings["skip_referral"])
        for q in new:
            row = {"question_id": q["id"], "must_ask": must_ask or q["is_referral"], "category": q["category"],
                   "is_referral": q["is_referral"]}
            if q["category"] == "closing":
                order.append(row)
            else:
                at = _tail_start(order)
                order.insert(at, row)
            if q["is_referral"] and skip:
                skip = False
                _set_skip(cur, workbook_id, ref, False)
        order = _settle(cur, workbook_id, ref, order, skip)
        _write_order(cur, workbook_id, ref, order)
    return len(new)


@db.retry_on_conflict
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


@db.retry_on_conflict
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
        order[index], order[target] = order[target], order[index]
        last_ref = max((i for i, q in enumerate(order) if q["is_referral"]), default=None)
        if last_ref is not None and any(q["category"] != "closing" for q in order[last_ref + 1:]):
            raise Invalid(
                "The referral question stays at the end, followed only by closing questions. "
                "Remove it if you want this plan to end differently."
            )
        _write_order(cur, workbook_id, ref, order)


@db.retry_on_conflict
def set_must_ask(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref, question_id: int, value: bool) -> None:
    """Mark a question must-ask (or optional: asked only if time allows)."""
    table, key = _TABLE[ref.kind]
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, ref)
        found = db.scalar(cur, f"SELECT count(*) FROM {table} WHERE {key} = ? AND question_id = ?", [ref.id, question_id])
        if not found:
            raise NotFound("That question is not in this plan any more.")
        cur.execute(f"UPDATE {table} SET must_ask = ? WHERE {key} = ? AND question_id = ?", [bool(value), ref.id, question_id])


@db.retry_on_conflict
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


@db.retry_on_conflict
def replace(
    con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref, chosen: list[tuple[int, bool]],
) -> int:
    """Replace the whole plan with (question_id, must_ask) pairs in order; refused when the meeting's
    plan already holds notes (they would be lost). Returns the number of questions."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, ref)
        if _has_notes(cur, ref):
            raise Invalid("This plan already holds notes from the meeting, so it is not replaced. Edit it question by question.")
        order = []
        for qid, must in dict.fromkeys((int(q), bool(m)) for q, m in chosen):
            q = questions.get(cur, workbook_id, qid)
            order.append({"question_id": qid, "must_ask": must, "category": q["category"], "is_referral": q["is_referral"]})
        if len(order) > MAX_QUESTIONS:
            raise Invalid(f"A plan holds at most {MAX_QUESTIONS} questions.")
        skip = bool(_settings(cur, workbook_id, ref)["skip_referral"])
        if any(q["is_referral"] for q in order):
            skip = False
            _set_skip(cur, workbook_id, ref, False)
        order = _settle(cur, workbook_id, ref, order, skip)
        _write_order(cur, workbook_id, ref, order)
    return len(order)


@db.retry_on_conflict
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


# ---- the balanced proposal ------------------------------------------------------------------------

_STOP = {"with", "from", "this", "that", "your", "into", "and", "the", "for", "engineer", "engineering"}


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-zà-ÿ]{4,}", (text or "").lower()) if w not in _STOP}


def _quotas(content: int, *, roles: bool, industries: bool, organization: bool) -> dict[str, int]:
    quotas = {"role": 3 if roles else 2, "organization": 2 if organization else 1,
              "industry": 3 if industries else 2, "career_path": 2}
    order = ["career_path", "role", "industry", "organization"]
    i = 0
    while sum(quotas.values()) < content:
        quotas[order[i % 4]] += 1
        i += 1
    while sum(quotas.values()) > content:
        biggest = max(order, key=lambda c: (quotas[c], -order.index(c)))
        if quotas[biggest] <= 1:
            break
        quotas[biggest] -= 1
    return quotas


def propose(
    con: duckdb.DuckDBPyConnection, workbook_id: int, *, duration_minutes: int = 20, count: int = 12,
    focus: str | None = None, has_organization: bool = True, specific_ids: list[int] | tuple[int, ...] = (),
) -> list[tuple[int, bool]]:
    """A balanced starting plan: (question_id, must_ask) pairs in conversation order.

    Draws on every content category (more role questions when the goal names target roles, more industry
    questions when it names industries), spreads the TIARA tags, puts first the person's own questions
    whose words match the goal's roles and industries (or `focus`, e.g. a template's target role), fits the
    meeting length with room for greetings, and ends with the referral question and the permission to use
    the person's name. `specific_ids` (own questions written from research on this person or organization,
    M29) come first of all, each a must-ask; then the person's other own questions. Nothing that asks for a
    job (lib.job_ask) is ever proposed.
    """
    goal = db.one(con, "SELECT target_roles, target_industries FROM goals WHERE workbook_id = ?", [workbook_id]) or {}
    roles, industries = goal.get("target_roles"), goal.get("target_industries")
    words = _words(" ".join(filter(None, [roles, industries, focus])))
    bank = db.rows(
        con,
        "SELECT id, bank_key, workbook_id IS NOT NULL AS own, category, tiara, minutes, text,"
        " coalesce(asks_referral, false) AS asks_referral FROM questions"
        " WHERE workbook_id = ? OR workbook_id IS NULL ORDER BY id",
        [workbook_id],
    )
    closing = [q for k in (questions.DEFAULT_REFERRAL_KEY, PERMISSION_KEY) for q in bank if q["bank_key"] == k]
    bank = [q for q in bank if q["category"] == "closing" or not job_ask.asks(q["text"])]
    wanted = list(dict.fromkeys(specific_ids))
    specific = [q for i in wanted for q in bank if q["id"] == i and q["category"] != "closing"]
    bank = [q for q in bank if q not in specific]
    content_count = max(1, min(count, MAX_QUESTIONS) - len(closing) - len(specific))
    quotas = _quotas(content_count, roles=bool(roles or focus), industries=bool(industries),
                     organization=has_organization)
    def _match(q: dict) -> int:
        # Shipped questions are worded for any field, so a shared word there is chance; own ones are specific.
        return len(words & _words(q["text"])) if q["own"] else 0

    pools = {c: [q for q in bank if q["category"] == c] for c in CONTENT}
    for c in CONTENT:
        pools[c].sort(key=lambda q: (-_match(q), not q["own"], q["id"]))  # then the bank file's curated order
    chosen: dict[str, list[dict]] = {c: [] for c in CONTENT}
    seen_tiara: set[str] = set()
    # Round-robin over categories so each one gets its best match early, then spread TIARA tags.
    while any(len(chosen[c]) < quotas[c] and len(pools[c]) > len(chosen[c]) for c in CONTENT):
        for c in CONTENT:
            if len(chosen[c]) >= quotas[c]:
                continue
            left = [q for q in pools[c] if q not in chosen[c]]
            if not left:
                continue
            best_score = _match(left[0])
            top = [q for q in left if _match(q) == best_score]
            pick = next((q for q in top if q["tiara"] not in seen_tiara), top[0])
            chosen[c].append(pick)
            seen_tiara.add(pick["tiara"])
    picked = [q for c in CONTENT for q in chosen[c]]
    limit = (float(duration_minutes) - RESERVE_MINUTES - sum(q["minutes"] for q in closing)
             - sum(q["minutes"] for q in specific))
    # Fit the time: swap the longest question for a shorter one of its category, else drop it.
    while picked and sum(q["minutes"] for q in picked) > limit:
        longest = max(picked, key=lambda q: (q["minutes"], q["id"]))
        shorter = [q for q in pools[longest["category"]] if q not in picked and q["minutes"] < longest["minutes"]]
        index = picked.index(longest)
        if shorter:
            # Keep the TIARA spread: the same tag first, else a tag the plan lacks, else the shortest.
            have = {q["tiara"] for q in picked if q is not longest}
            picked[index] = min(shorter, key=lambda q: (q["tiara"] != longest["tiara"], q["tiara"] in have,
                                                       q["minutes"], q["id"]))
        else:
            picked.pop(index)
    order = {c: i for i, c in enumerate(CONTENT)}
    picked.sort(key=lambda q: (not q["own"], order[q["category"]]))   # own questions first (M29)
    firsts = {next((q["id"] for q in picked if q["category"] == c), None) for c in ("role", "industry")}
    result = [(q["id"], True) for q in specific]
    result += [(q["id"], q["id"] in firsts) for q in picked]
    result += [(q["id"], q["bank_key"] == questions.DEFAULT_REFERRAL_KEY) for q in closing]
    return result


@db.retry_on_conflict
def apply_proposal(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref) -> int:
    """Replace the plan with a balanced proposal for its length (and the template's target role)."""
    settings = _settings(con, workbook_id, ref)
    focus = None
    has_org = True
    if ref.kind == "template":
        focus = db.scalar(con, "SELECT target_role FROM question_templates WHERE id = ?", [ref.id])
    specific: list[int] = []
    if ref.kind == "meeting":
        who = db.one(con, "SELECT c.id, c.organization_id FROM meetings m JOIN contacts c ON c.id = m.contact_id"
                          " WHERE m.id = ?", [ref.id]) or {"id": None, "organization_id": None}
        has_org = who["organization_id"] is not None
        # Own questions written from research on this person or organization go first (M29).
        specific = [r["id"] for r in db.rows(
            con, "SELECT id FROM questions WHERE workbook_id = ? AND (about_contact_id = ?"
                 " OR (?::BIGINT IS NOT NULL AND about_organization_id = ?)) ORDER BY id",
            [workbook_id, who["id"], who["organization_id"], who["organization_id"]])]
    chosen = propose(con, workbook_id, duration_minutes=settings["duration_minutes"], focus=focus,
                     has_organization=has_org, specific_ids=specific)
    return replace(con, workbook_id, ref, chosen)


@db.retry_on_conflict
def add_own_questions(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref, texts: list[str], *,
                      category: str, about_contact_id: int | None = None,
                      about_organization_id: int | None = None) -> int:
    """Write new own questions and add them to the plan before its closing block, in one transaction.

    A text already in the bank (shipped or own) is not written twice: that question is added instead.
    Returns how many questions joined the plan; Invalid (nothing saved) on an empty or too long question.
    """
    if category not in CONTENT:
        raise Invalid("Choose a category for these questions.")
    bodies = list(dict.fromkeys(
        clean(t, field="The question", required=True, limit=questions.MAX_QUESTION_CHARS) for t in texts))
    if not bodies:
        raise Invalid("Write at least one question.")
    with db.transaction(con) as cur:
        settings = _settings(cur, workbook_id, ref)
        order = _rows(cur, ref)
        have = {q["question_id"] for q in order}
        added = 0
        for body in bodies:
            qid = db.scalar(cur, "SELECT min(id) FROM questions WHERE (workbook_id = ? OR workbook_id IS NULL)"
                                 " AND lower(trim(text)) = lower(?)", [workbook_id, body])
            if qid is None:
                qid = cur.execute(
                    "INSERT INTO questions (workbook_id, category, tiara, text, minutes, about_contact_id,"
                    " about_organization_id) VALUES (?, ?, NULL, ?, 1.5, ?, ?) RETURNING id",
                    [workbook_id, category, body, about_contact_id, about_organization_id],
                ).fetchone()[0]
            if qid in have:
                continue
            have.add(qid)
            order.insert(_tail_start(order), {"question_id": qid, "must_ask": True, "category": category,
                                              "is_referral": False})
            added += 1
        if len(order) > MAX_QUESTIONS:
            raise Invalid(f"A plan holds at most {MAX_QUESTIONS} questions; {RECOMMENDED[0]} to {RECOMMENDED[1]} is the aim.")
        _write_order(cur, workbook_id, ref, _settle(cur, workbook_id, ref, order, bool(settings["skip_referral"])))
    return added


# ---- templates ------------------------------------------------------------------------------------

def templates(con: duckdb.DuckDBPyConnection, workbook_id: int) -> list[dict]:
    """The workbook's reusable templates with their question counts."""
    return db.rows(
        con,
        "SELECT t.id, t.name, t.target_role, t.duration_minutes,"
        " (SELECT count(*) FROM template_questions tq WHERE tq.template_id = t.id) AS questions"
        " FROM question_templates t WHERE t.workbook_id = ? ORDER BY lower(t.name), t.id",
        [workbook_id],
    )


def _check_duration(value) -> int:
    return fields.template_minutes(value)


@db.retry_on_conflict
def create_template(
    con: duckdb.DuckDBPyConnection, workbook_id: int, *, name: str, target_role: str | None = None,
    duration_minutes: int = 20, from_meeting: int | None = None, token: str | None = None,
) -> int:
    """A new template; copies a meeting's plan when `from_meeting` is given. Returns its id.
    A repeat with the same `token` (quick clicks on one form) creates nothing and returns the first id."""
    name = clean(name, field="The template name", required=True, limit=MAX_SHORT_CHARS)
    target_role = clean(target_role, field="The target role", limit=MAX_SHORT_CHARS)
    minutes = _check_duration(duration_minutes)
    with db.transaction(con) as cur:
        done = actions.first(cur, token)
        if done is not None:
            return done
        clash = db.scalar(
            cur, "SELECT count(*) FROM question_templates WHERE workbook_id = ? AND lower(name) = lower(?)",
            [workbook_id, name],
        )
        if clash:
            raise Invalid(f"A template called “{name}” already exists; choose another name.")
        template_id = cur.execute(
            "INSERT INTO question_templates (workbook_id, name, target_role, duration_minutes) VALUES (?, ?, ?, ?)"
            " RETURNING id",
            [workbook_id, name, target_role, minutes],
        ).fetchone()[0]
        if from_meeting is not None:
            source = meeting(from_meeting)
            settings = _settings(cur, workbook_id, source)
            rows = _rows(cur, source)
            _write_order(cur, workbook_id, template(template_id), rows)
            cur.execute("UPDATE question_templates SET skip_referral = ? WHERE id = ?",
                        [bool(settings["skip_referral"]), template_id])
        actions.record(cur, token, workbook_id, "create_template", template_id)
    return template_id


@db.retry_on_conflict
def delete_template(con: duckdb.DuckDBPyConnection, workbook_id: int, template_id: int) -> None:
    """Delete a template and its rows (meeting plans made from it stay as they are)."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, template(template_id))
        cur.execute("DELETE FROM template_questions WHERE template_id = ?", [template_id])
        cur.execute("DELETE FROM question_templates WHERE id = ? AND workbook_id = ?", [template_id, workbook_id])


@db.retry_on_conflict
def apply_template(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, template_id: int) -> int:
    """Use a template as the meeting's plan (replaces it; refused when the plan already holds notes)."""
    rows = items(con, workbook_id, template(template_id))
    if not rows:
        raise Invalid("That template has no questions yet.")
    return replace(con, workbook_id, meeting(meeting_id), [(q["question_id"], q["must_ask"]) for q in rows])


# ---- live meeting mode ----------------------------------------------------------------------------

def live_state(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> dict:
    """Where the live run stands: started_at (None before the clock starts), position, finished_at."""
    _settings(con, workbook_id, meeting(meeting_id))
    row = db.one(
        con, "SELECT live_started_at, live_position, live_finished_at FROM meeting_plans WHERE meeting_id = ?",
        [meeting_id],
    )
    if row is None:
        return {"started_at": None, "position": 1, "finished_at": None}
    return {"started_at": row["live_started_at"], "position": row["live_position"], "finished_at": row["live_finished_at"]}


def _upsert_live(cur, workbook_id: int, meeting_id: int, **values) -> None:
    exists = db.scalar(cur, "SELECT count(*) FROM meeting_plans WHERE meeting_id = ?", [meeting_id])
    if not exists:
        cur.execute("INSERT INTO meeting_plans (meeting_id, workbook_id) VALUES (?, ?)", [meeting_id, workbook_id])
    for column, value in values.items():  # column names come from the callers below
        cur.execute(f"UPDATE meeting_plans SET {column} = ? WHERE meeting_id = ?", [value, meeting_id])


@db.retry_on_conflict
def start_clock(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, now: datetime | None = None) -> datetime:
    """Start the meeting clock (kept if already running, so a reload does not restart it)."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, meeting(meeting_id))
        started = db.scalar(cur, "SELECT live_started_at FROM meeting_plans WHERE meeting_id = ?", [meeting_id])
        if started is None:
            started = (now or datetime.now()).replace(microsecond=0)
            _upsert_live(cur, workbook_id, meeting_id, live_started_at=started, live_finished_at=None)
    return started


@db.retry_on_conflict
def reset_clock(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> None:
    """Stop and clear the clock and go back to the first question (notes are kept)."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, meeting(meeting_id))
        _upsert_live(cur, workbook_id, meeting_id, live_started_at=None, live_finished_at=None, live_position=1)


@db.retry_on_conflict
def finish(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, now: datetime | None = None) -> None:
    """Stop the clock at the end of the meeting."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, meeting(meeting_id))
        _upsert_live(cur, workbook_id, meeting_id, live_finished_at=(now or datetime.now()).replace(microsecond=0))


@db.retry_on_conflict
def go_to(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, position: int) -> int:
    """Show question `position` in live mode (clamped to the plan); remembered across reloads."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, meeting(meeting_id))
        n = db.scalar(cur, "SELECT count(*) FROM meeting_questions WHERE meeting_id = ?", [meeting_id]) or 1
        position = max(1, min(int(position), n))
        _upsert_live(cur, workbook_id, meeting_id, live_position=position)
    return position


@db.retry_on_conflict
def save_note(
    con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, question_id: int, notes: str | None,
    now: datetime | None = None,
) -> None:
    """Save the note taken under one question (live mode saves on every change; the review step reads it)."""
    body = clean(notes, field="The note", limit=MAX_NOTE_CHARS)
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, meeting(meeting_id))
        found = db.scalar(
            cur, "SELECT count(*) FROM meeting_questions WHERE meeting_id = ? AND question_id = ?", [meeting_id, question_id]
        )
        if not found:
            raise NotFound("That question is no longer in this meeting's plan.")
        cur.execute(
            "UPDATE meeting_questions SET notes = ?, notes_saved_at = ?,"
            " asked = CASE WHEN ? IS NOT NULL THEN true ELSE coalesce(asked, false) END"
            " WHERE meeting_id = ? AND question_id = ?",
            [body, now or datetime.now(), body, meeting_id, question_id],
        )


@db.retry_on_conflict
def set_asked(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, question_id: int, value: bool) -> None:
    """Tick a question as asked (or not) during the meeting."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, meeting(meeting_id))
        cur.execute(
            "UPDATE meeting_questions SET asked = ? WHERE meeting_id = ? AND question_id = ?",
            [bool(value), meeting_id, question_id],
        )


def clock(started_at: datetime | None, duration_minutes: int, now: datetime, plan: list[dict],
          finished_at: datetime | None = None) -> dict:
    """The meeting clock computed from the stored start time (never slept on).

    phase: "not_started", "on_track", "wrap_up" (time to ask the referral question and close, M21/M22),
    "over" (past the agreed length) or "finished". `expected` is the question the plan's minutes say
    you would be on by now.
    """
    length = duration_minutes * 60
    referral = next((q for q in plan if q.get("is_referral")), None)
    if started_at is None:
        return {"phase": "not_started", "elapsed": 0, "remaining": length, "fraction": 0.0, "expected": 1,
                "referral": referral, "message": f"The clock starts when you do: {duration_minutes} minutes agreed."}
    end = finished_at or now
    elapsed = max(0, int((end - started_at).total_seconds()))
    remaining = length - elapsed
    spent = 0.0
    expected = len(plan) or 1
    for q in plan:
        spent += q["minutes"] * 60
        if spent > elapsed:
            expected = q["position"]
            break
    tail = 0.0
    if referral is not None:
        tail = sum(q["minutes"] for q in plan if q["position"] >= referral["position"])
    threshold = max(NUDGE_MINUTES, tail + 1) * 60
    ask = f"ask question {referral['position']} (who else to talk to) " if referral else ""
    if finished_at is not None:
        phase, message = "finished", f"Meeting ended after {elapsed // 60} min {elapsed % 60:02d} s."
    elif remaining <= 0:
        phase, message = "over", f"The agreed {duration_minutes} minutes are up: {ask}and thank them now."
    elif remaining <= threshold:
        mins = max(1, round(remaining / 60))
        phase, message = "wrap_up", f"About {mins} min left: {ask}and close on time."
    else:
        phase, message = "on_track", ""
    return {"phase": phase, "elapsed": elapsed, "remaining": remaining,
            "fraction": min(1.0, elapsed / length) if length else 1.0, "expected": expected,
            "referral": referral, "message": message}


def mmss(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // 60:d}:{seconds % 60:02d}"
