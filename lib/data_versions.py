"""Data versions: what a cache of derived data is keyed by (views/kit.py `cached`).

Every public write of lib is decorated with `db.writes`: after it commits, the data version of its workbook moves
on (of every workbook when the write has no workbook_id: creating, archiving, settings). A cache keyed by the
version is therefore never stale and never cleared by hand. Values come from one counter, so a version is never
reused for other data.

Where versions live follows the engine. An embedded DuckDB file has one writing process, so its versions live in
that process (a dict: nothing to read from the database on every cached call). On a PostgreSQL server several app
processes write (issue 20): a save through one must move the version every other process reads, so the versions
live in the database (the table data_versions, the counter data_version_counter: migration 015).
"""
from __future__ import annotations

import itertools
import threading

EVERY_WORKBOOK = 0


class InProcess:
    """The versions of the one process that may write an embedded DuckDB file."""

    def __init__(self) -> None:
        self._versions: dict[int, int] = {}
        self._previous: dict[int, int] = {}  # scope -> its version before the latest bump
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def bump(self, scope: int) -> None:
        with self._lock:
            self._previous[scope] = self._versions.get(scope, 0)
            self._versions[scope] = next(self._counter)

    def one_write_between(self, scope: int, before: tuple[int, int], after: tuple[int, int]) -> bool:
        with self._lock:
            return (before[0] != after[0] and after[0] == self._versions.get(scope, 0)
                    and before[0] == self._previous.get(scope)
                    and before[1] == after[1] == self._versions.get(EVERY_WORKBOOK, 0))

    def get(self, scope: int) -> tuple[int, int]:
        return self._versions.get(scope, 0), self._versions.get(EVERY_WORKBOOK, 0)

    def latest(self) -> int:
        with self._lock:
            return max(self._versions.values(), default=0)


class InDatabase:
    """The versions shared by every app process of one database server, in its data_versions table."""

    def __init__(self, database) -> None:
        self._database = database  # lib/pg.py Database: a pooled connection per call

    def bump(self, scope: int) -> None:
        self._database.run(
            "INSERT INTO data_versions (scope, version) VALUES (?, nextval('data_version_counter'))"
            " ON CONFLICT (scope) DO UPDATE SET version = excluded.version", [scope])

    def get(self, scope: int) -> tuple[int, int]:
        found = dict(self._database.run("SELECT scope, version FROM data_versions WHERE scope IN (?, ?)",
                                        [scope, EVERY_WORKBOOK]))
        return found.get(scope, 0), found.get(EVERY_WORKBOOK, 0)

    def latest(self) -> int:
        return self._database.run("SELECT coalesce(max(version), 0) FROM data_versions")[0][0]

    def one_write_between(self, scope: int, before: tuple[int, int], after: tuple[int, int]) -> bool:
        return False  # other processes write too, and what came between is not followed here


IN_PROCESS = InProcess()
_current = [IN_PROCESS]


def use(store: InProcess | InDatabase) -> None:
    """The store of the database this process has opened (db.open chooses it)."""
    _current[0] = store


def bump(workbook_id: int | None) -> None:
    """The data of `workbook_id` (None: of every workbook) changed."""
    _current[0].bump(EVERY_WORKBOOK if workbook_id is None else int(workbook_id))


def of_workbook(workbook_id: int) -> tuple[int, int]:
    """The version of a workbook's data: changes after every write to it (or to every workbook)."""
    return _current[0].get(int(workbook_id))


def one_write_between(workbook_id: int, before: tuple[int, int], after: tuple[int, int]) -> bool:
    """Whether `after` (of_workbook) followed `before` by exactly one write, which no other has followed yet: a
    caller that wrote in between knows then that its write was the only change. False when it cannot tell."""
    return _current[0].one_write_between(int(workbook_id), before, after)


def latest() -> int:
    """The version of all the data: changes after every write to any workbook (for a read across workbooks)."""
    return _current[0].latest()
