"""The shipped question bank (data/question_bank.csv): read the file, and bring the bank's rows in the
database (questions with no workbook) up to it. Builds on no other lib module, so db.open can keep the bank
in step without an import cycle; the caller owns the transaction.
"""
from __future__ import annotations

import csv
from pathlib import Path

import duckdb

BANK_FILE = Path(__file__).resolve().parent.parent / "data" / "question_bank.csv"


def read_file(path: Path = BANK_FILE) -> list[dict]:
    """The shipped bank as rows of key, category, tiara, minutes, text."""
    with path.open(encoding="utf-8", newline="") as f:
        return [
            {**row, "minutes": float(row["minutes"]), "tiara": row["tiara"] or None}
            for row in csv.DictReader(f)
        ]


def pending(con: duckdb.DuckDBPyConnection, path: Path = BANK_FILE) -> list[dict]:
    """The file's rows that are new or differ from the database, each with `known` (True: update it);
    empty when the bank is in step. Reads only."""
    have = {
        key: rest
        for key, *rest in con.execute(
            "SELECT bank_key, category, tiara, minutes, text FROM questions WHERE workbook_id IS NULL"
        ).fetchall()
    }
    return [
        {**q, "known": q["key"] in have}
        for q in read_file(path)
        if have.get(q["key"]) != [q["category"], q["tiara"], q["minutes"], q["text"]]
    ]


def write(cur: duckdb.DuckDBPyConnection, changes: list[dict]) -> None:
    """Store the rows `pending` returned, inside the caller's transaction."""
    for q in changes:
        if q["known"]:
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
