"""Deterministic benchmark data: the demo workbook (small) and a large database (see bench/README.md).

Large: one active workbook with 30,000 contacts, 3,000 organizations, 100,000 outreach rows,
3,000 meetings with 14 planned questions each and reviews, plus 49 other workbooks of 300 contacts.
Everything is made in SQL from range() and hash(), so the same call always makes the same data.
"""
from __future__ import annotations

import csv
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib import db, demo  # noqa: E402

TODAY = date(2026, 6, 3)  # a fixed Wednesday: the data never drifts with the calendar
SOURCES = "['manual','linkedin','referral','alumni','event']"
STAGES = "['identified','researched','contacted','scheduled','met','keeping_in_touch','closed']"
CHANNELS = "['phone','email','linkedin','introduction']"
OUTCOMES = "['no_reply','no_answer','left_voicemail','replied_yes','replied_no']"
FORMATS = "['workplace','coffee','video','phone']"


def make_small(path: Path) -> int:
    con = db.open(path)
    try:
        return demo.load(con, today=TODAY)
    finally:
        con.close()


def _workbook(cur, name: str, contacts: int, orgs: int, outreach: int, meetings: int, today: date) -> int:
    """One generated workbook: a goal, a profile, `orgs` organizations, `contacts` people, `outreach` attempts,
    `meetings` meetings with a question plan each, a review for every meeting held."""
    wid = cur.execute("INSERT INTO workbooks (name) VALUES (?) RETURNING id", [name]).fetchone()[0]
    start = today - timedelta(days=180)
    cur.execute(
        "INSERT INTO goals (workbook_id, purpose, intentions, target_roles, target_industries, location,"
        " target_interviews, start_date, target_date, weekly_pace) VALUES (?, 'Learn how data teams work in"
        " logistics', 'Talk to people a step ahead of me', 'Data analyst', 'Logistics', 'Rotterdam', 40, ?, ?, 2)",
        [wid, start, today + timedelta(days=90)],
    )
    cur.execute(
        "INSERT INTO profiles (workbook_id, full_name, headline, elevator_pitch) VALUES (?, ?, 'Analyst', "
        "'I am learning how analytics teams work in this region.')", [wid, f"Person of {name}"],
    )
    org0 = _organizations(cur, wid, orgs)
    c0 = _contacts(cur, wid, contacts, org0, orgs, today)
    _outreach(cur, wid, c0, contacts, outreach, today)
    _meetings(cur, wid, c0, contacts, meetings, today)
    _plans_and_reviews(cur, wid)
    return wid


def _organizations(cur, wid: int, orgs: int) -> int:
    """Organizations of the workbook; returns the id before the first."""
    org0 = cur.execute("SELECT coalesce(max(id), 0) FROM organizations").fetchone()[0]
    cur.execute(
        """INSERT INTO organizations (id, workbook_id, name, industry, location, website, notes)
        SELECT ? + i, ?, 'Organization ' || i, (['Logistics','Energy','Health','Finance','Public sector'])[1 + i % 5],
               'City ' || (i % 40), 'org' || i || '.example', 'Research notes about organization ' || i
        FROM range(1, ? + 1) t(i)""",
        [org0, wid, orgs],
    )
    cur.execute(f"SELECT setval('organizations_id_seq', {org0 + orgs})")
    return org0


def _contacts(cur, wid: int, contacts: int, org0: int, orgs: int, today: date) -> int:
    """People of the workbook; returns the id before the first."""
    c0 = cur.execute("SELECT coalesce(max(id), 0) FROM contacts").fetchone()[0]
    cur.execute(
        f"""INSERT INTO contacts (id, workbook_id, full_name, organization_id, title, email, phone, linkedin_url,
               source, referred_by_contact_id, stage, notes, private_notes, connected_on, created_at)
        SELECT ? + i, ?, 'Person ' || i || ' ' || chr((65 + i % 26)::INTEGER) || 'son', ? + 1 + (hash(i) % ?),
               'Role ' || (i % 50), 'person' || i || '@mail.example', '+31 6 5550 ' || lpad((i % 10000)::VARCHAR, 4, '0'),
               'linkedin.com/in/person-' || i,
               {SOURCES}[1 + (hash(i * 7) % 5)::INT],
               CASE WHEN i > 100 AND i % 10 = 3 THEN ? + (i / 10)::BIGINT ELSE NULL END,
               {STAGES}[1 + (hash(i * 11) % 7)::INT], 'Notes on person ' || i, CASE WHEN i % 20 = 0 THEN 'private ' || i END,
               ?::DATE - (hash(i * 13) % 700)::INT, ?::TIMESTAMP - INTERVAL (hash(i * 17) % 180) DAY
        FROM range(1, ? + 1) t(i)""",
        [c0, wid, org0, orgs, c0, today, today, contacts],
    )
    cur.execute(f"SELECT setval('contacts_id_seq', {c0 + contacts})")
    return c0


def _outreach(cur, wid: int, c0: int, contacts: int, outreach: int, today: date) -> None:
    """Outreach attempts to the workbook's people."""
    cur.execute(
        f"""INSERT INTO outreach (workbook_id, contact_id, channel, message, attempted_at, outcome, follow_up_on)
        SELECT ?, ? + 1 + (hash(i) % ?), {CHANNELS}[1 + (i % 4)], 'Hello, could we talk for 15 minutes?',
               ?::TIMESTAMP - INTERVAL (hash(i * 3) % 180) DAY, {OUTCOMES}[1 + (hash(i * 5) % 5)::INT],
               CASE WHEN i % 7 = 0 THEN ?::DATE + (hash(i) % 20)::INT - 10 END
        FROM range(1, ? + 1) t(i)""",
        [wid, c0, contacts, today, today, outreach],
    )


def _meetings(cur, wid: int, c0: int, contacts: int, meetings: int, today: date) -> None:
    """Meetings, the last 20 still planned."""
    m0 = cur.execute("SELECT coalesce(max(id), 0) FROM meetings").fetchone()[0]
    cur.execute(
        f"""INSERT INTO meetings (id, workbook_id, contact_id, scheduled_at, duration_minutes, format, location, status)
        SELECT ? + i, ?, ? + 1 + (hash(i * 19) % ?), ?::TIMESTAMP - INTERVAL (170 - (i * 180 / ?)::INT) DAY + INTERVAL 10 HOUR,
               15 + 5 * (i % 2), {FORMATS}[1 + (i % 4)], 'Their office',
               CASE WHEN i > ? - 20 THEN 'planned' WHEN i % 25 = 0 THEN 'cancelled' ELSE 'done' END
        FROM range(1, ? + 1) t(i)""",
        [m0, wid, c0, contacts, today, meetings, meetings, meetings],
    )
    cur.execute(f"SELECT setval('meetings_id_seq', {m0 + meetings})")


def _plans_and_reviews(cur, wid: int) -> None:
    """A question plan for every meeting and a review for every meeting held."""
    cur.execute(
        """INSERT INTO meeting_questions (meeting_id, question_id, position, notes, must_ask)
        SELECT m.id, q.id, q.pos, CASE WHEN m.status = 'done' THEN 'Noted answer ' || q.pos END, q.pos = 13
        FROM meetings m
        CROSS JOIN (  -- 12 questions, then the referral request and the permission question (M18, M22)
            SELECT id, row_number() OVER (ORDER BY rank, bank_key) AS pos FROM (
                (SELECT id, bank_key, 0 AS rank FROM questions WHERE workbook_id IS NULL AND category <> 'closing'
                 ORDER BY hash(bank_key) LIMIT 12)
                UNION ALL
                SELECT id, bank_key, CASE bank_key WHEN 'close-referral' THEN 1 ELSE 2 END FROM questions
                WHERE workbook_id IS NULL AND bank_key IN ('close-referral', 'close-name'))) q
        WHERE m.workbook_id = ?""",
        [wid],
    )
    cur.execute(
        """INSERT INTO reviews (meeting_id, workbook_id, insights, not_online, advice, next_steps, usefulness,
               thank_you_sent_on, keep_in_touch_days)
        SELECT id, workbook_id, 'Insight from meeting ' || id, 'Local knowledge ' || id, 'Advice ' || id,
               'Next step ' || id, 1 + id % 5, scheduled_at::DATE + 1, 60
        FROM meetings WHERE workbook_id = ? AND status = 'done'""",
        [wid],
    )


def client_workbook(cur, name: str) -> int:
    """One of a coach's other clients: 300 people, 30 organizations, 600 attempts, 12 meetings."""
    return _workbook(cur, name, 300, 30, 600, 12, TODAY)


def make_large(path: Path) -> int:
    """Build the large database; return the id of the big active workbook."""
    con = db.open(path)
    try:
        with db.transaction(con) as cur:
            big = _workbook(cur, "Large workbook", 30_000, 3_000, 100_000, 3_000, TODAY)
            for n in range(49):
                client_workbook(cur, f"Client {n + 1:02d}")
        con.execute("CHECKPOINT")
        return big
    finally:
        con.close()


def write_linkedin_csv(path: Path, rows: int = 30_000) -> Path:
    """A LinkedIn Connections.csv export of `rows` people, with the usual preamble."""
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("Notes:\r\n\"When exporting your connection data, you may notice that some of the email addresses"
                " are missing.\"\r\n\r\n")
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        start = date(2019, 1, 1)
        for i in range(rows):
            day = start + timedelta(days=i % 2500)
            w.writerow([f"First{i}", f"Last{i}", f"https://www.linkedin.com/in/first-last-{i}", "",
                        f"Company {i % 1500}", f"Position {i % 80}", day.strftime("%d %b %Y")])
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench" / "data")
    out.mkdir(parents=True, exist_ok=True)
    print("small demo workbook:", make_small(out / "small.duckdb"))
    print("large workbook:", make_large(out / "large.duckdb"))
    print("linkedin csv:", write_linkedin_csv(out / "Connections.csv"))
