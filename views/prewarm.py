"""Kept reads made again in the background after a write, so the next page a person opens finds them ready.

Every write moves the workbook's data version on (lib/db.py `writes`), so every read kept by `kit.cached` is asked
again at the next visit of its page: 20–80 ms of a visit after a write at the large workbook (Home 54, Network 80,
Outreach 50, Questions 40; issue 17), while the person was only reading the page they had just saved on.

So the process remembers, per workbook, the kept reads its pages asked lately (the read and its arguments: the
filters, the person or meeting picked, today, the masking; shared by every tab, as the cache is), and at the end of
a run that saw the version move on it hands those not asked at the new version to one background worker, which
asks them. The next visit of those pages, in any tab, finds the very same keys kept. Nothing can be stale: the key
is the version, and a job whose version moved on again is dropped (a newer one follows). The worker starts a read
only once no page has run for QUIET seconds, so it seldom shares the two cores with a click; a read it has started
finishes (a step right after a write with a pause in its setup paid ~30 ms for it in the benchmark: measured in
bench/notes/browser-2026-12-06.md). On the embedded DuckDB file only: PostgreSQL's handles belong to a run (they go
back to the pool at its end).
"""
from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from lib import db as database
from lib import pg

ENABLED = True  # tests of other things turn it off (tests/conftest.py): a thread outliving a test's database
RECENT_READS = 64            # per workbook: the reads of a few pages' visits, with their filters and picks
RECENT_FOR = 10 * 60         # seconds: a read no page asked for this long is left out (nobody is looking at it)
READS_PER_JOB = 32           # the latest first: a tour of every page asks ~40, most for people no longer open
QUIET = 0.25                 # seconds without a page running before the worker asks a read (a double click first)
FOREGROUND_WAIT = 5.0        # seconds it waits for that at most before it asks the read anyway
_log = logging.getLogger(__name__)


@dataclass
class Read:
    """One kept read as a page asked it: `keep(cur, db_key, version, workbook_id, *args, **kwargs)`."""
    keep: Callable
    db_key: str
    workbook_id: int
    args: tuple
    kwargs: dict
    version: object  # the data version it was last asked (or handed to the worker) at
    asked_at: float  # time.monotonic() of the last time a page asked it


@dataclass
class _Job:
    cur: object
    workbook_id: int
    version: object
    reads: list[Read] = field(default_factory=list)


class _Worker:
    """One daemon thread asking the reads of the newest job of each workbook, one read at a time."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._jobs: dict[tuple[str, int], _Job] = {}
        self._running_pages = 0
        self._last_page_end = 0.0
        self._busy = False
        self._thread: threading.Thread | None = None

    def submit(self, job: _Job, db_key: str) -> None:
        with self._cond:
            self._jobs[(db_key, job.workbook_id)] = job  # a newer version replaces the one not yet asked
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="prewarm", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def page_started(self) -> None:
        with self._cond:
            self._running_pages += 1

    def page_ended(self) -> None:
        with self._cond:
            self._running_pages = max(0, self._running_pages - 1)
            self._last_page_end = time.monotonic()
            self._cond.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """For tests: whether every job was done within `timeout` seconds."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._jobs and not self._busy, timeout=timeout)

    def _wait_for_quiet(self) -> None:
        """Until no page has run for QUIET seconds (FOREGROUND_WAIT at most): a page's run comes first, it is what
        someone waits for, and a click often follows a click."""
        deadline = time.monotonic() + FOREGROUND_WAIT
        with self._cond:
            while (now := time.monotonic()) < deadline:
                if self._running_pages:
                    self._cond.wait(deadline - now)
                elif (quiet_in := self._last_page_end + QUIET - now) > 0:
                    self._cond.wait(min(quiet_in, deadline - now))
                else:
                    return

    def _loop(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._jobs)
                job = self._jobs.pop(next(iter(self._jobs)))
                self._busy = True
            try:
                for read in job.reads:
                    self._wait_for_quiet()
                    if database.data_version(job.workbook_id) != job.version:
                        break  # written again meanwhile: the newer job asks them at the newer version
                    try:
                        read.keep(job.cur, read.db_key, job.version, read.workbook_id, *read.args, **read.kwargs)
                    except Exception:  # noqa: BLE001 - a read that fails here fails again, with its message, on its page
                        _log.debug("prewarm: %s failed", read.keep, exc_info=True)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


WORKER = _Worker()


_recent: dict[tuple[str, int], OrderedDict] = {}  # (database, workbook) -> {read key: Read}, the latest last
_recent_lock = threading.Lock()


@contextlib.contextmanager
def page_run(cur, workbook_id: int):
    """Around a page's run (app.py): the worker waits meanwhile, and a run that ends normally hands on the reads a
    write made stale."""
    WORKER.page_started()
    try:
        yield
        after_run(cur, workbook_id)
    finally:
        WORKER.page_ended()


def note(keep: Callable, db_key: str, version: object, workbook_id: int, args: tuple, kwargs: dict) -> None:
    """A kept read a page asked (views/kit.py `cached`)."""
    if not ENABLED:
        return
    key = (id(keep), args, tuple(sorted(kwargs.items())))
    try:
        hash(key)
    except TypeError:  # st.cache_data hashes a list or a frame its own way; such a read is simply not remembered
        return
    with _recent_lock:
        reads = _recent.setdefault((db_key, workbook_id), OrderedDict())
        reads[key] = Read(keep, db_key, workbook_id, args, kwargs, version, time.monotonic())
        reads.move_to_end(key)
        while len(reads) > RECENT_READS:
            reads.popitem(last=False)


def after_run(cur, workbook_id: int) -> None:
    """The end of a run: when the workbook's data moved on since its pages' recent reads were asked, hand them to
    the worker at the new version."""
    if not ENABLED or pg.is_handle(getattr(cur, "root", None)):
        return
    db_key, version = str(database.path_from_env()), database.data_version(workbook_id)
    since = time.monotonic() - RECENT_FOR
    with _recent_lock:
        stale = [read for read in reversed((_recent.get((db_key, workbook_id)) or {}).values())
                 if read.version != version and read.asked_at >= since][:READS_PER_JOB]
        for read in stale:
            read.version = version  # handed over: not again until the next write
    if stale:
        WORKER.submit(_Job(cur, workbook_id, version, stale), db_key)
