"""One action, one row: a one-shot action (log, schedule, add) repeated with the same token stores once.

The page passes the token of the form the person clicked (lib/ui.py `one_shot`: one per rendered form). The
action's own transaction calls `first(cur, token)`: a token seen before gives back the id that action made,
and the caller returns that instead of writing again; a new token is recorded with `record(...)` in the same
transaction as the row, under a PRIMARY KEY, so two quick repeats that race both end with the one row.
A token of None (scripts, imports, tests) means no repeat protection.
"""
from __future__ import annotations

import duckdb

from lib import db


def first(cur: duckdb.DuckDBPyConnection, token: str | None) -> int | None:
    """The id the first action with `token` made, or None when the token is new (or None)."""
    if not token:
        return None
    return db.scalar(cur, "SELECT result_id FROM action_tokens WHERE token = ?", [token])


@db.reads
def record(cur: duckdb.DuckDBPyConnection, token: str | None, workbook_id: int | None, action: str,
           result_id: int | None) -> None:
    """Remember that `token` made `result_id`, inside the action's transaction.

    A token another session recorded meanwhile raises duckdb.TransactionException, so `db.writes`
    runs the action again and `first` then returns that session's result.
    """
    if not token:
        return
    try:
        cur.execute(
            "INSERT INTO action_tokens (token, workbook_id, action, result_id) VALUES (?, ?, ?, ?)",
            [token, workbook_id, action, result_id],
        )
    except duckdb.ConstraintException as e:
        raise duckdb.TransactionException(f"action {action} already done with this token: {e}") from e
