"""The question bank: shipped questions (workbook_id NULL) and a person's own."""
from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from lib import db

BANK_FILE = db.ROOT / "data" / "question_bank.csv"


def read_bank_file(path: Path = BANK_FILE) -> list[dict]:
    """The shipped bank as rows of key, category, tiara, minutes, text."""
    with path.open(encoding="utf-8", newline="") as f:
        return [
            {**row, "minutes": float(row["minutes"]), "tiara": row["tiara"] or None}
            for row in csv.DictReader(f)
        ]


@db.retry_on_conflict
def sync_bank(con: duckdb.DuckDBPyConnection, path: Path = BANK_FILE) -> int:
    """Bring the shipped bank in the database up to the file: insert new keys, update changed ones.

    Writes nothing when already in step (so opening a database stays read-only in the common case).
    Returns how many rows were written.
    """
    wanted = {q["key"]: q for q in read_bank_file(path)}
    have = {
        r["bank_key"]: r
        for r in db.rows(
            con,
            "SELECT bank_key, category, tiara, minutes, text FROM questions WHERE workbook_id IS NULL",
        )
    }
    changes = [
        q for key, q in wanted.items()
        if key not in have
        or (have[key]["category"], have[key]["tiara"], have[key]["minutes"], have[key]["text"])
        != (q["category"], q["tiara"], q["minutes"], q["text"])
    ]
    if not changes:
        return 0
    with db.transaction(con) as cur:
        for q in changes:
            if q["key"] in have:
                cur.execute(
                    "UPDATE questions SET category = ?, tiara = ?, minutes = ?, text = ?"
                    " WHERE workbook_id IS NULL AND bank_key = ?",
                    [q["category"], q["tiara"], q["minutes"], q["text"], q["key"]],
                )
            else:
                cur.execute(
                    "INSERT INTO questions (workbook_id, bank_key, category, tiara, minutes, text)"
                    " VALUES (NULL, ?, ?, ?, ?, ?)",
                    [q["key"], q["category"], q["tiara"], q["minutes"], q["text"]],
                )
    return len(changes)
