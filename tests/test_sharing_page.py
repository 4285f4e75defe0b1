"""The sharing section of the Workbooks page (views/workbooks/sharing.py) is for hosted mode only: the local app
(`make run`, no sign-in) has a single person and nobody to share with, so it shows nothing of it and notes no
opening. Hosted mode is driven in tests/browser/test_sharing_browser.py (the real sign-in flow)."""
import pytest

from lib import db
from tests.conftest import open_page, page_errors

pytestmark = pytest.mark.apptest


def test_the_local_app_has_no_sharing_section_and_logs_nothing(demo_app, db_path):
    at = open_page(demo_app, "workbooks")
    assert not page_errors(at)
    shown = " ".join(str(e.value) for e in [*at.subheader, *at.markdown, *at.caption, *at.info])
    assert "Share this workbook" not in shown and "Who opened this workbook" not in shown
    assert not any(t.label == "Your coach's email address" for t in at.text_input)
    con = db.open(db_path)
    try:
        assert db.scalar(con, "SELECT count(*) FROM access_log") == 0
    finally:
        con.close()
