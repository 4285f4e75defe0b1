"""Twenty sessions writing at once, through the app's own connection pattern (one root connection per process,
one cursor per session): every acknowledged write is kept, nobody sees an error, nothing lands in the wrong
workbook."""
from __future__ import annotations

import threading
import traceback
from collections import Counter

import pytest
import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest

from lib import db, workbooks
from views import registry, session
from tests.conftest import ROOT, page_errors, run_cursor, workbook_picker

THREADS = 16
APPTEST_SESSIONS = 4          # 16 + 4 = twenty sessions at once
ROUNDS = 12


_COMPILING = threading.Lock()


@pytest.fixture(autouse=True)
def one_compile_at_a_time(monkeypatch):
    """A real server shares one ScriptCache whose lock serializes compiling scripts; each AppTest run makes its
    own, and CPython 3.11's parser is not safe to run in several threads at once ("AST constructor recursion
    depth mismatch"). Give the AppTests the server's behaviour: one compile at a time."""
    compile_script = ScriptCache.get_bytecode

    def locked(self, script_path):
        with _COMPILING:
            return compile_script(self, script_path)

    monkeypatch.setattr(ScriptCache, "get_bytecode", locked)


@pytest.fixture(autouse=True)
def one_runtime_for_every_apptest(monkeypatch):
    """A real server has one Runtime for all sessions; each AppTest run installs a mock one globally and removes
    it when done, which pulls it from under AppTests still running in other threads. Keep the last one."""
    last: list = []
    original = Runtime.instance.__func__

    def instance(cls):
        if Runtime._instance is not None:
            last[:] = [Runtime._instance]
            return Runtime._instance
        return last[0] if last else original(cls)

    monkeypatch.setattr(Runtime, "instance", classmethod(instance))


@db.retry_on_conflict
def add_contact(con, workbook_id: int, name: str) -> int:
    """A write shaped like the app's: one transaction, retried on conflict, acknowledged by returning."""
    with db.transaction(con) as cur:
        return cur.execute(
            "INSERT INTO contacts (workbook_id, full_name, notes) VALUES (?, ?, ?) RETURNING id",
            [workbook_id, name, f"written for workbook {workbook_id}"],
        ).fetchone()[0]


@db.retry_on_conflict
def count_a_meeting(con, workbook_id: int) -> None:
    """Everyone updates the same row: the hardest case for conflicts."""
    with db.transaction(con) as cur:
        cur.execute("UPDATE goals SET target_interviews = target_interviews + 1 WHERE workbook_id = ?",
                    [workbook_id])


def session_script(shared_id: int, tag: str, bump: bool = False) -> None:
    """One browser session: each run adds one contact to its own workbook and one to the shared one."""
    import streamlit as st

    from lib import db, workbooks
    from views import session
    from tests.test_concurrency import add_contact, count_a_meeting

    con = session.db()
    st.session_state.setdefault("root_id", id(session._root(str(db.path_from_env()))))
    if "own" not in st.session_state:
        st.session_state.own = workbooks.create(con, f"Session {tag}")
        st.session_state.acks = []
        st.session_state.bumps = 0
    run = len(st.session_state.acks) // 2
    for workbook_id, where in ((st.session_state.own, "own"), (shared_id, "shared")):
        name = f"{tag}-{where}-{run}"
        add_contact(con, workbook_id, name)
        st.session_state.acks.append((workbook_id, name))
    if bump:
        count_a_meeting(con, shared_id)
        st.session_state.bumps += 1
    st.write(f"{len(st.session_state.acks)} saved")


@pytest.fixture
def shared(db_path):
    """The app's root connection on a temporary file, and a workbook everyone writes to."""
    st.cache_resource.clear()
    st.cache_data.clear()
    root = session._root(str(db_path))
    cur = root.cursor()
    shared_id = workbooks.create(cur, "Shared by everyone")
    cur.execute("INSERT INTO goals (workbook_id, target_interviews) VALUES (?, 0)", [shared_id])
    cur.close()
    yield root, shared_id
    st.cache_resource.clear()


def run_everyone(root, shared_id: int, rounds: int, *, bump_every: int = 0, threads: int = THREADS,
                 sessions: int = APPTEST_SESSIONS) -> tuple[list, int, list, list[AppTest]]:
    """Run `threads` thread sessions and `sessions` AppTest sessions at once, `rounds` writes each to their own
    and to the shared workbook; with bump_every=k every k-th round also updates the shared goal row."""
    acks: list[tuple[int, str]] = []
    bumps = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(threads + sessions)

    def thread_session(t: int) -> None:
        cur = root.cursor()  # the app's pattern: a cursor of its own on the process's root connection
        try:
            start.wait()
            own = workbooks.create(cur, f"Thread {t}")
            for i in range(rounds):
                for workbook_id, where in ((own, "own"), (shared_id, "shared")):
                    name = f"t{t}-{where}-{i}"
                    add_contact(cur, workbook_id, name)
                    with lock:
                        acks.append((workbook_id, name))
                if bump_every and i % bump_every == 0:
                    count_a_meeting(cur, shared_id)
                    with lock:
                        bumps["threads"] += 1
                if i % 4 == 3:
                    workbooks.rename(cur, own, f"Thread {t} (round {i})")
        except Exception as e:  # noqa: BLE001 - any error fails the test below, with its text
            with lock:
                errors.append(f"thread {t}: {type(e).__name__}: {e} in {[f.name for f in traceback.extract_tb(e.__traceback__)]}")
        finally:
            cur.close()

    apps = [AppTest.from_function(session_script, args=(shared_id, f"s{k}", bool(bump_every)),
                                  default_timeout=120) for k in range(sessions)]

    def app_session(k: int) -> None:
        try:
            start.wait()
            for _ in range(rounds):
                apps[k].run()
                if apps[k].exception:
                    with lock:
                        errors.extend(f"session {k}: {e.value}" for e in apps[k].exception)
                    return
        except Exception as e:  # noqa: BLE001
            with lock:
                errors.append(f"session {k}: {type(e).__name__}: {e}")

    workers = [threading.Thread(target=thread_session, args=(t,)) for t in range(threads)]
    workers += [threading.Thread(target=app_session, args=(k,)) for k in range(sessions)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=240)
    assert not any(w.is_alive() for w in workers), "a session hung"
    for at in apps:
        acks.extend(at.session_state["acks"])
        bumps["apps"] += at.session_state["bumps"]
    return acks, sum(bumps.values()), errors, apps


def test_twenty_sessions_at_once_keep_every_acknowledged_write_in_its_own_workbook(shared):
    root, shared_id = shared
    acks, bumps, errors, apps = run_everyone(root, shared_id, ROUNDS)
    assert errors == []
    assert len(acks) == 2 * ROUNDS * (THREADS + APPTEST_SESSIONS)
    check = root.cursor()
    stored = set(check.execute("SELECT workbook_id, full_name FROM contacts").fetchall())
    assert set(acks) <= stored, "an acknowledged write is missing"
    assert len(stored) == len(acks), "a write appeared twice or from nowhere"
    wrong = check.execute(
        "SELECT count(*) FROM contacts WHERE notes <> 'written for workbook ' || workbook_id"
    ).fetchone()[0]
    assert wrong == 0
    owner_of = {w.id: w.name for w in workbooks.list_all(check)}
    for workbook_id, name in acks:
        tag, where, _ = name.split("-")
        if where == "shared":
            assert workbook_id == shared_id
        else:
            expected = f"Thread {tag[1:]}" if tag.startswith("t") else f"Session {tag}"
            assert owner_of[workbook_id].startswith(expected)
    assert check.execute("SELECT count(*) FROM workbooks").fetchone()[0] == 1 + THREADS + APPTEST_SESSIONS


def test_five_sessions_updating_the_same_row_lose_no_update_and_see_no_error(shared):
    root, shared_id = shared
    acks, bumps, errors, _ = run_everyone(root, shared_id, ROUNDS, bump_every=1, threads=4, sessions=1)
    assert errors == []
    assert bumps == 5 * ROUNDS
    assert root.cursor().execute("SELECT target_interviews FROM goals WHERE workbook_id = ?",
                                 [shared_id]).fetchone()[0] == bumps


def test_twenty_sessions_updating_the_same_row_see_no_error(shared):
    root, shared_id = shared
    acks, bumps, errors, _ = run_everyone(root, shared_id, ROUNDS, bump_every=1)
    assert root.cursor().execute("SELECT target_interviews FROM goals WHERE workbook_id = ?",
                                 [shared_id]).fetchone()[0] == bumps, "an acknowledged update was lost"
    assert errors == []


def test_apptest_sessions_and_threads_share_one_root_connection(shared):
    root, shared_id = shared
    at = AppTest.from_function(session_script, args=(shared_id, "solo"), default_timeout=60)
    at.run()
    assert not at.exception
    assert at.session_state["root_id"] == id(root)


def test_each_session_keeps_its_own_cursor(shared):
    root, shared_id = shared
    first = AppTest.from_function(session_script, args=(shared_id, "a"), default_timeout=60)
    second = AppTest.from_function(session_script, args=(shared_id, "b"), default_timeout=60)
    first.run()
    second.run()
    assert run_cursor(first) is not run_cursor(second)
    assert first.session_state["own"] != second.session_state["own"]


@pytest.mark.slow
def test_twenty_sessions_for_longer_still_lose_nothing(shared):
    root, shared_id = shared
    acks, bumps, errors, _ = run_everyone(root, shared_id, ROUNDS * 4)
    assert errors == []
    check = root.cursor()
    stored = set(check.execute("SELECT workbook_id, full_name FROM contacts").fetchall())
    assert set(acks) == stored


def test_sessions_interleaved_on_the_real_workbooks_page_each_create_their_workbook(db_path):
    # Widget interaction through AppTest is not thread-safe (forms of one AppTest can be lost when several run in
    # threads), so the page's sessions take turns here; the thread tests above cover truly parallel writes.
    st.cache_resource.clear()
    st.cache_data.clear()
    apps = [AppTest.from_file(str(ROOT / "app.py"), default_timeout=120) for _ in range(4)]
    try:
        for at in apps:
            at.run()
        for at in apps:
            at.switch_page(registry.PAGES["workbooks"]).run()
        for k, at in enumerate(apps):
            at.text_input(key="new_workbook_name").input(f"Client {k}")
        for at in apps:
            next(b for b in at.button if b.label == "Create workbook").click().run()
        for at in apps:
            assert page_errors(at) == []
        root = session._root(str(db_path))
        assert {id(at.session_state["_db_cursor"][0]) for at in apps} == {id(root)}
        names = [w.name for w in workbooks.list_all(root.cursor())]
        assert sorted(names) == ["Client 0", "Client 1", "Client 2", "Client 3", "My workbook"]
        # Each session now shows its own new workbook in the sidebar.
        chosen = {workbook_picker(at).value for at in apps}
        assert len(chosen) == 4
    finally:
        st.cache_resource.clear()


def test_twenty_threads_using_the_real_lib_writes_keep_everything_in_place(shared):
    """The same story through lib/contacts, lib/organizations and lib/goals instead of bare SQL."""
    from datetime import date

    from lib import contacts, goals, organizations

    root, shared_id = shared
    acks: list[tuple[str, int, str]] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(20)

    def session(t: int) -> None:
        cur = root.cursor()
        try:
            start.wait()
            own = workbooks.create(cur, f"Lib client {t}")
            for i in range(5):
                for workbook_id in (own, shared_id):
                    name = f"lib-{t}-{workbook_id}-{i}"
                    contacts.add(cur, workbook_id, full_name=name, organization_name=f"Org {t}-{i}")
                    with lock:
                        acks.append(("contacts", workbook_id, name))
                goals.save(cur, own, today=date(2026, 3, 11), purpose=f"Purpose {t} v{i}", target_interviews=10 + i)
                organizations.add(cur, shared_id, name=f"Shared org {t}-{i}")
                with lock:
                    acks.append(("goals", own, f"Purpose {t} v{i}"))
                    acks.append(("organizations", shared_id, f"Shared org {t}-{i}"))
        except Exception as e:  # noqa: BLE001
            with lock:
                errors.append(f"session {t}: {type(e).__name__}: {e}")
        finally:
            cur.close()

    workers = [threading.Thread(target=session, args=(t,)) for t in range(20)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=240)
    assert errors == []
    check = root.cursor()
    people = set(check.execute("SELECT workbook_id, full_name FROM contacts").fetchall())
    assert {(w, n) for kind, w, n in acks if kind == "contacts"} == people
    orgs = set(check.execute("SELECT workbook_id, name FROM organizations").fetchall())
    assert {(w, n) for kind, w, n in acks if kind == "organizations"} <= orgs
    # Each person's organization was created in that person's own workbook.
    assert check.execute("SELECT count(*) FROM contacts c JOIN organizations o ON o.id = c.organization_id"
                         " WHERE o.workbook_id <> c.workbook_id").fetchone()[0] == 0
    latest = dict(check.execute("SELECT workbook_id, purpose FROM goals WHERE workbook_id <> ?",
                                [shared_id]).fetchall())
    names = {w.id: w.name for w in workbooks.list_all(check)}
    for workbook_id, purpose in latest.items():
        t = names[workbook_id].split()[-1]
        assert purpose == f"Purpose {t} v4"
    assert check.execute("SELECT count(*) FROM goal_history WHERE workbook_id <> ?", [shared_id]).fetchone()[0] \
        == 20 * 4
