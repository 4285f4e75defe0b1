"""Before contact (M7/M8) and after a "no" (M32): what the Outreach writing tab says about one person.

`research_gaps` names what is still to research before writing to someone, each with where to do it;
`graceful_close` says when to thank someone and move on. Both only advise: nothing is blocked.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from lib import db, organizations
from lib.errors import NotFound

# The organization checklist counts as mostly empty when fewer than half of its items are checked.
CHECKLIST_ENOUGH = (len(organizations.CHECKLIST) + 1) // 2


@dataclass(frozen=True)
class Gap:
    """One thing to research first. `target` is ("contact", id) or ("org", id): where the Research page opens."""
    key: str
    message: str
    target: tuple[str, int]
    link_label: str


@db.reads
def research_gaps(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int) -> list[Gap]:
    """What is still to research about this person and their organization before contact (empty when ready).

    Warns when the person has no research notes, is still at stage 'identified', or their organization's
    research checklist has fewer than half of its items checked.
    """
    checks = " + ".join(f"CAST(coalesce(o.{c}, false) AS INTEGER)" for c in organizations.CHECKLIST)
    row = db.one(
        con,
        f"SELECT c.full_name, c.stage, c.notes, c.organization_id, o.name AS org, {checks} AS checks_done"
        " FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id AND o.workbook_id = c.workbook_id"
        " WHERE c.workbook_id = ? AND c.id = ?",
        [workbook_id, contact_id],
    )
    if row is None:
        raise NotFound("That person is not in this workbook.")
    gaps: list[Gap] = []
    person = ("contact", contact_id)
    if not (row["notes"] or "").strip():
        gaps.append(Gap("no_notes", "No research notes on this person yet. Look at their path, their role and what "
                        "they have written or said in public, and note it: your message and your questions "
                        "grow from it.", person, "Research this person"))
    if row["stage"] == "identified":
        gaps.append(Gap("identified", "This person is still at “identified”. Preparation is most of the work: "
                        "research them first, then mark them researched.", person, "Open them on Research"))
    if row["organization_id"] is not None:
        done = int(row["checks_done"] or 0)
        if done < CHECKLIST_ENOUGH:
            gaps.append(Gap("org_checklist", f"Their organization's research checklist has {done} of "
                            f"{len(organizations.CHECKLIST)} items done: learn what they do, their news and their "
                            "culture before you write.", ("org", row["organization_id"]),
                            "Research the organization"))
    return gaps


GRACEFUL_SAID_NO = (
    "They said no, and that is normal: people are busy. Send a short thank-you that asks whether someone "
    "else might talk with you, then let them go: no more reminders, and never press."
)
GRACEFUL_NO_ANSWER = (
    "No answer after your follow-up. That is normal too. Close kindly: thank them, ask whether someone else "
    "might talk with you, then let them go and turn to other people."
)


@db.reads
def graceful_close(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int, *,
                   today: date | None = None) -> str | None:
    """Advice to thank the person and move on, when their latest answer is a no or the follow-up went
    unanswered (the routine's 'move on' step, once it is due: not the moment the follow-up is logged); None
    otherwise, and None once they are closed."""
    today = today or date.today()
    # Two plain lookups: the correlated form scanned every attempt of the workbook (25 ms at 100,000 attempts).
    row = db.one(con, "SELECT stage FROM contacts WHERE workbook_id = ? AND id = ?", [workbook_id, contact_id])
    if row is None:
        raise NotFound("That person is not in this workbook.")
    attempts = db.rows(
        con,
        "SELECT outcome, follow_up_kind, follow_up_on FROM outreach WHERE workbook_id = ? AND contact_id = ?"
        " ORDER BY attempted_at DESC, id DESC",
        [workbook_id, contact_id],
    )
    row["last_outcome"] = attempts[0]["outcome"] if attempts else None
    open_reminder = next((a for a in attempts if a["follow_up_on"] is not None), None)
    if row["stage"] in ("closed", "met", "keeping_in_touch", "scheduled"):
        return None
    if row["last_outcome"] == "replied_no":
        return GRACEFUL_SAID_NO
    if open_reminder and open_reminder["follow_up_kind"] == "move_on" and open_reminder["follow_up_on"] <= today:
        return GRACEFUL_NO_ANSWER  # silence after the follow-up: the routine's time to wait is over
    return None


@db.writes
def let_go(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int) -> None:
    """They said no or never answered: every reminder for them ends and they move to 'closed' (kept in
    Research with their notes; a later meeting or reply can still be recorded)."""
    if db.one(con, "SELECT id FROM contacts WHERE workbook_id = ? AND id = ?", [workbook_id, contact_id]) is None:
        raise NotFound("That person is not in this workbook.")
    with db.transaction(con) as cur:
        cur.execute("UPDATE outreach SET follow_up_on = NULL, follow_up_kind = NULL, follow_up_7_on = NULL"
                    " WHERE workbook_id = ? AND contact_id = ? AND follow_up_on IS NOT NULL", [workbook_id, contact_id])
        cur.execute("UPDATE contacts SET stage = 'closed' WHERE workbook_id = ? AND id = ?"
                    " AND stage IN ('identified', 'researched', 'contacted')", [workbook_id, contact_id])
