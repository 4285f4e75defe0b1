"""The bulk paths on both engines (issue 20): the 30,000-row LinkedIn import and the large workbook's export and
import, on the embedded DuckDB file and on a PostgreSQL server, side by side.

PostgreSQL: a throw-away cluster of tools/pg_cluster.py on this machine (Debian's package; fsync and synchronous
commit off, as for tests: a server that syncs every commit to disk is slower on writes). The large workbook reaches
it the way a person would move it: exported from the DuckDB file and imported (that import is one of the figures).
Without PostgreSQL installed, its column says why instead of figures.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from lib import backup, db, linkedin, workbooks

ROWS = 30_000


def _median_s(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _linkedin_import(con, csv: bytes) -> None:
    target = workbooks.create(con, f"Import target {time.monotonic_ns()}")
    result = linkedin.import_connections(con, target, linkedin.read(csv, "Connections.csv"))
    if result.added != ROWS:
        raise RuntimeError(f"the import added {result.added:,} people, not {ROWS:,}")


def engine_figures(con, workbook_id: int, csv: bytes, repeat: int) -> dict[str, float]:
    """Seconds (medians of `repeat` runs) for each bulk path on one database; `workbook_id` is the large workbook."""
    exported = {fmt: backup.export_workbook(con, workbook_id, fmt) for fmt in backup.FORMATS}  # warm-up, and input
    figures = {
        f"LinkedIn import, {ROWS:,} rows": _median_s(lambda: _linkedin_import(con, csv), repeat),
    }
    for fmt in backup.FORMATS:
        figures[f"large workbook export ({fmt})"] = _median_s(lambda f=fmt: backup.export_workbook(con, workbook_id, f),
                                                              repeat)
        figures[f"large workbook import ({fmt})"] = _median_s(lambda f=fmt: backup.import_workbook(con, exported[f]),
                                                              repeat)
    return figures


def run(large_db: Path, large_id: int, csv_path: Path, repeat: int = 3) -> dict:
    """{"duckdb": figures, "postgresql": figures or {"skipped": why}}, on copies so the large file is left as it was."""
    from tools import pg_cluster

    csv = csv_path.read_bytes()
    copy = large_db.with_name("bulk.duckdb")
    copy.write_bytes(large_db.read_bytes())
    con = db.open(copy)
    try:
        results = {"duckdb": engine_figures(con, large_id, csv, repeat)}
        moved = backup.export_workbook(con, large_id, "parquet")
    finally:
        con.close()
        copy.unlink(missing_ok=True)
    if pg_cluster.binaries() is None:
        results["postgresql"] = {"skipped": "PostgreSQL is not installed (Debian: apt-get install postgresql)"}
        return results
    with pg_cluster.running() as cluster:
        pg = db.open(cluster.create_database("bench"))
        try:
            results["postgresql"] = engine_figures(pg, backup.import_workbook(pg, moved), csv, repeat)
        finally:
            pg.close()
    return results


def table_rows(r: dict) -> list[tuple[str, str, str, str]]:
    """(figure, DuckDB, PostgreSQL, PostgreSQL ÷ DuckDB) per bulk path."""
    duck, pg = r["duckdb"], r["postgresql"]
    rows = []
    for name, seconds in duck.items():
        if "skipped" in pg:
            rows.append((name, f"{seconds:.2f} s", pg["skipped"], ""))
        else:
            rows.append((name, f"{seconds:.2f} s", f"{pg[name]:.2f} s", f"{pg[name] / seconds:.1f}×"))
    return rows


def markdown(r: dict) -> list[str]:
    return [
        "## Bulk paths on both engines", "",
        "The 30,000-row LinkedIn import into a new workbook, and the large workbook (30,000 people, 100,000 attempts, "
        "3,000 meetings) exported and imported, medians of 3 runs after a warm-up, on the DuckDB file and on a local "
        "PostgreSQL server (tools/pg_cluster.py: fsync and synchronous commit off).", "",
        "| path | DuckDB | PostgreSQL | PostgreSQL ÷ DuckDB |", "| --- | --- | --- | --- |",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in table_rows(r)], "",
    ]
