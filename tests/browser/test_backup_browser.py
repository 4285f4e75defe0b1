"""The export / backup / import section of the Workbooks page in Chromium."""
import io
import zipfile
from pathlib import Path

import pytest

from lib import backup
from tests.browser.conftest import assert_no_exception, open_backup_box, open_page, screenshot, wait_idle

pytestmark = pytest.mark.browser


def test_a_workbook_export_downloads_as_a_zip_with_a_manifest(demo_server, page):
    open_page(page, f"{demo_server.url}/workbooks?wb={demo_server.demo_id}")
    open_backup_box(page)
    page.get_by_role("button", name="Prepare the export").click()
    wait_idle(page)
    assert_no_exception(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the export").click()
    data = Path(download.value.path()).read_bytes()
    assert backup.read_manifest(data)["workbook"]["name"] == "Demo: Mateo Alvarez"
    page.get_by_text("Prepare the export").first.scroll_into_view_if_needed()
    screenshot(page, "workbooks-backup-export-ready")


def test_a_database_backup_downloads_with_its_restore_steps(demo_server, page):
    open_page(page, f"{demo_server.url}/workbooks?wb={demo_server.demo_id}")
    open_backup_box(page)
    page.get_by_role("button", name="Prepare a database backup").click()
    wait_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the backup").click()
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as zf:
        assert {"workbook.duckdb", "RESTORE.txt", "manifest.json"} <= set(zf.namelist())
    page.get_by_text("How to restore a database backup").click()
    wait_idle(page)
    page.get_by_text("Start the app again").scroll_into_view_if_needed()
    screenshot(page, "workbooks-backup-restore-steps")
    assert_no_exception(page)
