"""Tier 1: data versions tell a writer whether its write was the only one between two versions."""
from lib import data_versions
from lib.data_versions import EVERY_WORKBOOK, InDatabase, InProcess


def test_one_write_between_two_versions_is_told_apart_from_two():
    store = InProcess()
    before = store.get(7)
    store.bump(7)
    once = store.get(7)
    assert store.one_write_between(7, before, once)
    assert not store.one_write_between(7, before, before)
    store.bump(7)
    assert not store.one_write_between(7, before, store.get(7))   # two writes
    assert not store.one_write_between(7, before, once)            # another write has followed it


def test_a_write_to_another_workbook_between_does_not_count_but_one_to_every_workbook_does():
    store = InProcess()
    store.bump(7)
    before = store.get(7)
    store.bump(8)
    store.bump(7)
    assert store.one_write_between(7, before, store.get(7))
    before = store.get(7)
    store.bump(EVERY_WORKBOOK)
    store.bump(7)
    assert not store.one_write_between(7, before, store.get(7))


def test_on_a_database_server_it_cannot_tell():
    class Server:  # other processes write there too: never claimed
        def run(self, sql, params=()):
            return [(7, 2), (EVERY_WORKBOOK, 1)] if sql.startswith("SELECT scope") else []

    store = InDatabase(Server())
    assert not store.one_write_between(7, (1, 1), store.get(7))


def test_the_module_asks_the_store_in_use():
    store = InProcess()
    data_versions.use(store)
    try:
        before = data_versions.of_workbook(3)
        data_versions.bump(3)
        assert data_versions.one_write_between(3, before, data_versions.of_workbook(3))
    finally:
        data_versions.use(data_versions.IN_PROCESS)


def test_the_app_is_not_reloaded_under_its_kept_reads():
    """On a file change Streamlit's watcher unloads every module of the app: the in-process versions started again
    from 0 while st.cache_data kept what was read at those numbers before, and a stale read came back (a hostile
    tester's picker listed one workbook of two after a change to the code under a running app)."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["fileWatcherType"] == "none"
