"""Text copied from the page is the person's text: the invisible word joiners (U+2060) that keep it literal where
Streamlit reads Markdown (lib.text.md_escape) stay on screen, not in the copy (a hostile tester found an email
address copied with one before its "@")."""
from __future__ import annotations

import pytest

from lib import contacts, db, workbooks
from tests.browser.conftest import Server, assert_no_exception, open_page

pytestmark = pytest.mark.browser

NAME = "Ana :smile: Ruiz"
EMAIL = "ana@example.com"

# Select the first element of the page whose text holds a word joiner, copy it as a person does (Ctrl+C sends this
# event to the page), and return what the page on screen held and what the copy holds.
COPY_JS = """
() => {
  const holder = [...document.querySelectorAll('[data-testid=stMain] [data-testid=stMarkdownContainer]')]
    .find(el => el.textContent.includes('\\u2060'));
  if (!holder) return null;
  const range = document.createRange();
  range.selectNodeContents(holder);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  const data = new DataTransfer();
  document.dispatchEvent(new ClipboardEvent('copy', {clipboardData: data, bubbles: true, cancelable: true}));
  return [holder.textContent, data.getData('text/plain')];
}
"""


@pytest.fixture
def copy_server(tmp_path):
    path = tmp_path / "copy.duckdb"
    con = db.open(path)
    wb = workbooks.create(con, "Copy")
    person = contacts.add(con, wb, full_name=NAME, email=EMAIL, notes=f"Write to {EMAIL} first")
    con.close()
    server = Server(path)
    server.wb, server.person = wb, person
    try:
        yield server
    finally:
        server.stop()


def test_a_copied_name_and_address_carry_no_invisible_characters(copy_server, page):
    open_page(page, f"{copy_server.url}/research?wb={copy_server.wb}&contact={copy_server.person}")
    assert_no_exception(page)
    shown, copied = page.evaluate(COPY_JS)
    assert "\u2060" in shown  # what keeps ":smile:" and the address literal on screen
    assert copied and "\u2060" not in copied
    assert copied.strip() == shown.replace("\u2060", "").strip()
