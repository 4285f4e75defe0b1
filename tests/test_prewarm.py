"""After a write, the kept reads of the pages a session visited are asked again in the background at the new data
version (views/prewarm.py): the next visit finds them kept, and what it shows is the new data."""
import threading
from datetime import datetime

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.runtime.caching import cache_utils

from lib import contacts, data_versions
from tests.conftest import figures, open_page, open_tab, run_cursor, second_session, workbook_id
from views import kit, prewarm
from views.network.charts import TABS, TABS_KEY

pytestmark = pytest.mark.apptest


@pytest.fixture
def misses(monkeypatch) -> list[str]:
    """The kept reads asked for real by a page (a cache miss), not by the background worker."""
    asked: list[str] = []
    miss = cache_utils.CachedFunc._handle_cache_miss

    def counted(self, cache, value_key, func_args, func_kwargs):
        if threading.current_thread().name != "prewarm":
            asked.append(self._info.func.__qualname__)
        return miss(self, cache, value_key, func_args, func_kwargs)

    monkeypatch.setattr(cache_utils.CachedFunc, "_handle_cache_miss", counted)
    monkeypatch.setattr(prewarm, "ENABLED", True)
    # Home's actions are kept per minute: a minute turning mid-test is a real miss (CI once caught one), so the
    # run clock (kit.begin_run) stops at the minute the test starts.
    monkeypatch.setattr(kit, "datetime", _stopped_clock(datetime.now()))
    return asked


def _stopped_clock(at: datetime) -> type[datetime]:
    class Stopped(datetime):
        @classmethod
        def now(cls, tz=None):
            return at
    return Stopped


def test_after_a_write_the_pages_visited_find_their_reads_kept_and_show_the_new_data(demo_app, misses):
    at = open_page(demo_app, "network")
    people = int(figures(at)["People in your network"].replace(",", ""))
    open_page(at, "home")
    open_page(at, "goals")
    contacts.add(run_cursor(at), workbook_id(at), full_name="Prewarm Person")  # a write: the version moves on
    at.run()  # the run after it hands the pages' recent reads to the worker
    assert prewarm.WORKER.wait_idle(60)
    misses.clear()
    open_page(at, "network")
    assert misses == []
    assert int(figures(at)["People in your network"].replace(",", "")) == people + 1
    open_page(at, "home")
    assert misses == []


def test_a_write_in_another_tab_warms_the_pages_this_tab_visited(demo_app, misses):
    at = open_page(demo_app, "network")
    other = open_page(second_session(at), "goals")  # a tab that never opened Network
    contacts.add(run_cursor(other), workbook_id(other), full_name="Prewarm Person")
    other.run()
    assert prewarm.WORKER.wait_idle(60)
    misses.clear()
    open_page(at, "network")
    assert misses == []


def test_a_read_asked_again_for_a_shared_screen_is_masked_as_its_key_says(demo_app, misses):
    """The worker asks reads outside any session: the tree's read looked the screen-share mode up itself, and the
    browser suite then found initials under the plain key (the next test shows it without a session)."""
    demo_app.query_params["share"] = "true"
    demo_app.query_params["share_names"] = "true"
    at = open_page(demo_app, "network")
    open_tab(at, TABS_KEY, TABS["tree"])
    contacts.add(run_cursor(at), workbook_id(at), full_name="Prewarm Person")
    open_page(at, "goals")  # a run after the write hands the tree's read to the worker
    assert prewarm.WORKER.wait_idle(60)
    misses.clear()
    open_tab(open_page(at, "network"), TABS_KEY, TABS["tree"])
    assert misses == []
    names = " ".join(convert_arrow_bytes_to_pandas_df(d.data.data).to_string() for c in at.get("vega_lite_chart")
                     for d in c.proto.datasets)  # the tree's rows, as Streamlit ships them
    assert "A. B." in names and "Aisha Bello" not in names


def test_without_a_write_nothing_is_asked_again(demo_app, misses, monkeypatch):
    handed: list = []
    monkeypatch.setattr(prewarm.WORKER, "submit", lambda job, db_key: handed.append(job))
    at = open_page(demo_app, "network")
    open_page(at, "home")
    open_page(at, "network")
    assert handed == []


def _job(version, *reads) -> prewarm._Job:
    return prewarm._Job(cur=None, workbook_id=999_001, version=version, reads=list(reads))


def _read(calls: list, name: str, fails: bool = False) -> prewarm.Read:
    def keep(cur, db_key, version, workbook_id):
        calls.append((name, version))
        if fails:
            raise RuntimeError("a read that fails")

    return prewarm.Read(keep, "db", 999_001, (), {}, None, 0.0)


def test_a_failing_read_does_not_stop_the_others():
    calls: list = []
    version = data_versions.of_workbook(999_001)
    prewarm.WORKER.submit(_job(version, _read(calls, "a", fails=True), _read(calls, "b")), "db")
    assert prewarm.WORKER.wait_idle(30)
    assert calls == [("a", version), ("b", version)]


def test_a_job_written_over_meanwhile_is_dropped():
    calls: list = []
    version = data_versions.of_workbook(999_001)
    data_versions.bump(999_001)
    prewarm.WORKER.submit(_job(version, _read(calls, "a")), "db")
    assert prewarm.WORKER.wait_idle(30)
    assert calls == []


def test_the_worker_waits_while_a_page_runs():
    calls: list = []
    prewarm.WORKER.page_started()
    try:
        prewarm.WORKER.submit(_job(data_versions.of_workbook(999_001), _read(calls, "a")), "db")
        # It waits up to prewarm.FOREGROUND_WAIT (5 s) for the page: well past this look.
        assert not prewarm.WORKER.wait_idle(0.2)
        assert calls == []
    finally:
        prewarm.WORKER.page_ended()
    assert prewarm.WORKER.wait_idle(30)
    assert [name for name, _ in calls] == ["a"]


def test_a_read_with_an_argument_python_cannot_hash_is_not_remembered_and_breaks_nothing(monkeypatch):
    monkeypatch.setattr(prewarm, "ENABLED", True)
    prewarm.note(lambda *a: None, "db", (0, 0), 999_002, ([1, 2],), {})  # a list: st.cache_data hashes it, dict keys cannot
    assert not prewarm._recent.get(("db", 999_002))


def test_the_network_read_masks_names_by_its_key_alone_outside_any_session(con, demo_id):
    """What the worker does: the kept read called with no session at all. Before, it asked the session for the
    screen-share mode, so the masked key could hold full names (or the plain key initials)."""
    from lib import metrics
    from tests.conftest import DEMO_TODAY
    from views.network import charts

    read = charts._network.__wrapped__  # the read behind kit.cached
    filters = metrics.preset_filters(con, demo_id, "all", DEMO_TODAY)
    masked = repr(read(con, demo_id, filters, DEMO_TODAY, (True, True), "tree"))
    plain = repr(read(con, demo_id, filters, DEMO_TODAY, (False, False), "tree"))
    assert "Aisha Bello" not in masked and "A. B." in masked
    assert "Aisha Bello" in plain
