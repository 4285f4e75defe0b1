"""A Streamlit server killed with SIGKILL and started again keeps everything (see tests/test_crash.py)."""
import signal

import pytest
from playwright.sync_api import expect

from lib import db
from tests.browser.conftest import Server, assert_no_exception, open_page, wait_idle
from tests.test_crash import acknowledged, check_database, kill_after, start_writer

pytestmark = pytest.mark.browser


def test_a_server_killed_and_restarted_keeps_everything(tmp_path, page):
    path = tmp_path / "server.duckdb"
    promised = acknowledged(kill_after(start_writer(path, "before"), 12))
    server = Server(path)
    try:
        open_page(page, f"{server.url}/workbooks")
        page.get_by_label("Name (for example the person's name)").fill("Saved through the browser")
        page.get_by_role("button", name="Create workbook").click()
        wait_idle(page)
        assert_no_exception(page)
        # The app switches to the new workbook once the save is done (after its rerun).
        expect(page.get_by_role("combobox", name="Workbook")).to_have_value("Saved through the browser",
                                                                            timeout=30_000)
    finally:
        server.proc.send_signal(signal.SIGKILL)  # a crash, not a clean stop
        server.proc.wait(timeout=30)
        server.log.close()
    restarted = Server(path)
    try:
        open_page(page, restarted.url)
        assert_no_exception(page)
        page.get_by_role("combobox", name="Workbook").click()
        assert page.get_by_role("option", name="Saved through the browser").count() == 1
        assert page.get_by_role("option", name="Crash test").count() == 1
    finally:
        restarted.stop()
    check_database(path, promised)
    con = db.open(path)
    try:
        assert "Saved through the browser" in {r[0] for r in con.execute("SELECT name FROM workbooks").fetchall()}
    finally:
        con.close()
