"""The save on each step, and the LinkedIn import, timed against the large database."""
from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from lib import db, workbooks


def save_times(db_path: Path, workbook_id: int, median_ms: Callable) -> dict[str, float | str]:
    """Median milliseconds of one save per step, each on the large workbook."""
    con = db.open(db_path)
    counter = iter(range(10**6))
    try:
        figures: dict[str, float | str] = {}
        figures["workbook rename"] = median_ms(lambda: workbooks.rename(con, workbook_id, f"Large workbook {next(counter)}"))
        return figures
    finally:
        con.close()


def import_times(work: Path, large_db: Path, large_id: int, csv_path: Path) -> dict[str, float | str]:
    return {"empty workbook": "not measured yet", "large workbook": "not measured yet"}
