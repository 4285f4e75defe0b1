"""The save on each step, and the LinkedIn import, timed against the large database."""
from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable
from itertools import count
from pathlib import Path

from lib import contacts, db, goals, linkedin, outreach, reviews, workbooks
from lib import question_plans as plans


def save_times(db_path: Path, workbook_id: int, median_ms: Callable) -> dict[str, float]:
    """Median milliseconds of one save per step, each on the large workbook, as the pages call them."""
    con = db.open(db_path)
    n = count()
    try:
        goal = goals.get(con, workbook_id)
        some_contact = db.scalar(con, "SELECT min(id) FROM contacts WHERE workbook_id = ?", [workbook_id])
        planned = db.one(con, """
            SELECT m.id, mq.question_id FROM meetings m JOIN meeting_questions mq ON mq.meeting_id = m.id
            WHERE m.workbook_id = ? AND m.status = 'planned' AND mq.position = 1 ORDER BY m.id LIMIT 1""",
            [workbook_id])
        done = db.scalar(con, "SELECT min(id) FROM meetings WHERE workbook_id = ? AND status = 'done'", [workbook_id])
        step = iter([1, -1] * 10_000)  # the first question down, then up again: the plan ends as it began
        return {
            "goal edit (Goals)": median_ms(lambda: goals.save(
                con, workbook_id, purpose=f"{goal.purpose} ({next(n)})", intentions=goal.intentions,
                target_roles=goal.target_roles, target_industries=goal.target_industries, location=goal.location,
                career_direction=goal.career_direction, target_interviews=goal.target_interviews,
                start_date=goal.start_date, target_date=goal.target_date, weekly_pace=goal.weekly_pace)),
            "new contact (Research)": median_ms(lambda: contacts.add(
                con, workbook_id, full_name=f"Bench Person {next(n)}", organization_name="Organization 7",
                title="Analyst", stage="identified", source="manual")),
            "logged attempt (Outreach)": median_ms(lambda: outreach.log_attempt(
                con, workbook_id, some_contact, channel="email", message="Could we talk for 15 minutes?")),
            "question plan reorder (Questions)": median_ms(lambda: plans.move(
                con, workbook_id, plans.meeting(planned["id"]), planned["question_id"], next(step))),
            "review edit (Review)": median_ms(lambda: reviews.save(
                con, workbook_id, done, insights=f"What I learned, version {next(n)}", usefulness=4)),
            "workbook rename (Workbooks)": median_ms(lambda: workbooks.rename(
                con, workbook_id, f"Large workbook {next(n)}")),
        }
    finally:
        con.close()


def import_times(work: Path, large_db: Path, large_id: int, csv_path: Path, repeat: int = 3) -> dict[str, float]:
    """Seconds to read and import a 30,000-row Connections.csv (parse + preview + import), median of runs,
    each on a fresh copy of the database so every run imports 30,000 new people."""
    data = csv_path.read_bytes()
    figures = {}
    for label, source in (("into an empty workbook", None), ("into the large workbook", large_db)):
        times = []
        for attempt in range(repeat):
            path = work / f"import-{attempt}.duckdb"
            path.unlink(missing_ok=True)
            if source is not None:
                shutil.copy(source, path)
            con = db.open(path)
            target = large_id if source is not None else workbooks.create(con, "Import target")
            started = time.perf_counter()
            parsed = linkedin.read(data, "Connections.csv")
            result = linkedin.import_connections(con, target, parsed)
            times.append(time.perf_counter() - started)
            con.close()
            if result.added != 30_000:
                raise RuntimeError(f"the import added {result.added:,} people, not 30,000")
            path.unlink(missing_ok=True)
        figures[label] = statistics.median(times)
    return figures
