"""A balanced starting plan (M18–M20, M29): proposed from the bank and the goal, applied to a plan, and the
person's own questions written straight into a plan.
"""
from __future__ import annotations

import re

import duckdb

from lib import db, job_ask, questions
from lib.errors import Invalid
from lib.plan_edit import Replaced, _refuse_over_max, _replace, _snapshot, _tail_start, _to_add_to, _write_settled
from lib.plan_items import CONTENT, MAX_QUESTIONS, PERMISSION_KEY, RESERVE_MINUTES, Ref, _settings
from lib.text import clean

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


@db.reads
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
        " coalesce(asks_referral, false) AS asks_referral,"
        " about_contact_id IS NOT NULL OR about_organization_id IS NOT NULL AS written_for_someone FROM questions"
        " WHERE workbook_id = ? OR workbook_id IS NULL ORDER BY id",
        [workbook_id],
    )
    # A question written from research on a person or organization (M29) is theirs: proposed only as one of
    # `specific_ids` (their meetings), never to someone else, even after they were deleted.
    bank = [q for q in bank if not q.pop("written_for_someone") or q["id"] in specific_ids]
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
    picked = _choose(pools, quotas, _match)
    limit = (float(duration_minutes) - RESERVE_MINUTES - sum(q["minutes"] for q in closing)
             - sum(q["minutes"] for q in specific))
    _fit_time(picked, pools, limit)
    order = {c: i for i, c in enumerate(CONTENT)}
    picked.sort(key=lambda q: (not q["own"], order[q["category"]]))   # own questions first (M29)
    firsts = {next((q["id"] for q in picked if q["category"] == c), None) for c in ("role", "industry")}
    result = [(q["id"], True) for q in specific]
    result += [(q["id"], q["id"] in firsts) for q in picked]
    result += [(q["id"], q["bank_key"] == questions.DEFAULT_REFERRAL_KEY) for q in closing]
    return result


def _choose(pools: dict[str, list[dict]], quotas: dict[str, int], match) -> list[dict]:
    """Up to its quota of questions from each category's pool (best `match` first), in category order.

    Round-robin over categories so each one gets its best match early, then spread TIARA tags."""
    chosen: dict[str, list[dict]] = {c: [] for c in CONTENT}
    seen_tiara: set[str] = set()
    while any(len(chosen[c]) < quotas[c] and len(pools[c]) > len(chosen[c]) for c in CONTENT):
        for c in CONTENT:
            if len(chosen[c]) >= quotas[c]:
                continue
            left = [q for q in pools[c] if q not in chosen[c]]
            if not left:
                continue
            best_score = match(left[0])
            top = [q for q in left if match(q) == best_score]
            pick = next((q for q in top if q["tiara"] not in seen_tiara), top[0])
            chosen[c].append(pick)
            seen_tiara.add(pick["tiara"])
    return [q for c in CONTENT for q in chosen[c]]


def _fit_time(picked: list[dict], pools: dict[str, list[dict]], limit: float) -> None:
    """Fit the time (in place): swap the longest question for a shorter one of its category, else drop it."""
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


@db.writes
def apply_proposal(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref) -> Replaced:
    """Replace the plan with a balanced proposal for its length (and the template's target role); what it replaced
    comes back with it (plan_edit.put_back undoes it)."""
    with db.transaction(con) as cur:
        before = _snapshot(cur, workbook_id, ref)
        settings = _settings(cur, workbook_id, ref)
        focus = None
        has_org = True
        if ref.kind == "template":
            focus = db.scalar(cur, "SELECT target_role FROM question_templates WHERE id = ?", [ref.id])
        specific: list[int] = []
        if ref.kind == "meeting":
            who = db.one(cur, "SELECT c.id, c.organization_id FROM meetings m JOIN contacts c ON c.id = m.contact_id"
                              " WHERE m.id = ?", [ref.id]) or {"id": None, "organization_id": None}
            has_org = who["organization_id"] is not None
            # Own questions written from research on this person or organization go first (M29).
            specific = [r["id"] for r in db.rows(
                cur, "SELECT id FROM questions WHERE workbook_id = ? AND (about_contact_id = ?"
                     " OR (?::BIGINT IS NOT NULL AND about_organization_id = ?)) ORDER BY id",
                [workbook_id, who["id"], who["organization_id"], who["organization_id"]])]
        chosen = propose(cur, workbook_id, duration_minutes=settings["duration_minutes"], focus=focus,
                         has_organization=has_org, specific_ids=specific)
        written = _replace(cur, workbook_id, ref, chosen)
        return Replaced(len(written), before, _snapshot(cur, workbook_id, ref))


@db.writes
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
        skip, order, have = _to_add_to(cur, workbook_id, ref)
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
        _refuse_over_max(len(order))
        _write_settled(cur, workbook_id, ref, order, skip)
    return added
