"""Tier 2: screen-share mode reaches widget values, captions, link targets, sheets and names as initials;
CSV downloads are our own (masked, formula-safe). Each test plants a secret where the mask used to miss it."""
from __future__ import annotations

import tomllib
from datetime import date

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib import db, demo
from tests.conftest import ROOT, open_page as open_app_page

pytestmark = pytest.mark.apptest

PHONE, EMAIL, MEET = "403-555-0188", "helen.secret@bowriverwater.example", "https://meet.google.com/abc-defg-hij"


@pytest.fixture
def planted(db_path):
    """The demo workbook with secrets in free text: a review, a title, a meeting place, live notes."""
    con = db.open(db_path)
    wb = demo.load(con)
    helen = db.scalar(con, "SELECT id FROM contacts WHERE workbook_id = ? AND full_name = 'Helen Nguyen'", [wb])
    con.execute("UPDATE contacts SET title = ? WHERE id = ?", [f"Realtor | {PHONE} | Calgary", helen])
    mid = db.scalar(con, "SELECT max(meeting_id) FROM reviews r JOIN meetings m ON m.id = r.meeting_id "
                         "WHERE m.contact_id = ?", [helen])
    con.execute("UPDATE reviews SET insights = ?, thank_you_note = ? WHERE meeting_id = ?",
                [f"Call her on {PHONE} or write to {EMAIL}.", f"Thanks! My number is {PHONE}.", mid])
    con.execute("UPDATE meetings SET location = ? WHERE id = ?", [MEET, mid])
    con.execute("UPDATE meeting_questions SET notes = ? WHERE meeting_id = ?", ["She said: LIVE-NOTE-SECRET", mid])
    people = [r[0] for r in con.execute("SELECT full_name FROM contacts WHERE workbook_id = ?", [wb]).fetchall()]
    con.close()
    st.cache_resource.clear()
    st.cache_data.clear()
    yield {"wb": wb, "helen": helen, "meeting": mid, "people": people}
    st.cache_resource.clear()


def open_page(planted, page, share=True, names=False, state=None, **params):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.query_params.update({"wb": str(planted["wb"]), **{k: str(v) for k, v in params.items()}})
    if share:
        at.query_params["share"] = "true"
    if names:
        at.query_params["share_names"] = "true"
    open_app_page(at, page)
    return at


def everything(at) -> str:
    """All text the page drew, widget values and labels included."""
    parts = []
    for kind in ("markdown", "caption", "text", "code", "title", "header", "subheader", "info", "warning", "success",
                 "error", "toast"):
        parts += [str(e.value) for e in at.get(kind)]
    for kind in ("text_area", "text_input"):
        parts += [f"{e.label}\n{e.value}" for e in at.get(kind)]
    parts += [e.label for e in at.button] + [e.label for e in at.expander] + [e.label for e in at.checkbox]
    parts += [str(b.proto) for b in at.get("link_button")]
    return "\n".join(parts)


def test_review_text_areas_show_masked_text_and_cannot_be_saved(planted):
    at = open_page(planted, "review", review_meeting=planted["meeting"])
    at.session_state["review_meeting"] = planted["meeting"]
    at.run()
    shown = everything(at)
    assert "Call her on" in shown                      # the review is there ...
    assert PHONE not in shown and EMAIL not in shown    # ... masked, in the review and the thank-you note
    assert not [b for b in at.button if "Save review" in b.label or "Mark as sent" in b.label]


def test_live_meeting_notes_are_hidden_on_review_and_on_the_printed_sheet(planted):
    at = open_page(planted, "review")
    at.session_state["review_meeting"] = planted["meeting"]
    at.run()
    assert "LIVE-NOTE-SECRET" not in everything(at)
    at = open_page(planted, "questions", meeting=planted["meeting"])
    at.session_state["q_tab"] = "Print"
    at.session_state["q_meeting"] = planted["meeting"]
    at.run()
    shown = everything(at)
    assert "Questions for" in shown and "LIVE-NOTE-SECRET" not in shown and MEET not in shown


def test_a_title_and_a_meeting_link_are_masked_on_a_persons_page(planted):
    at = open_page(planted, "research", contact=planted["helen"])
    shown = everything(at)
    assert "Realtor" in shown and "Calgary" in shown
    assert PHONE not in shown and "meet.google.com" not in shown


def test_no_link_button_carries_an_address_in_screen_share_mode(planted):
    at = open_page(planted, "outreach", share=False, contact=planted["helen"])
    assert at.get("link_button")  # the mail link is there when the mode is off
    at = open_page(planted, "outreach", contact=planted["helen"])  # the mode is stored on from here on
    assert not at.get("link_button")


def test_the_script_box_turned_masked_when_the_mode_is_switched_on(planted):
    at = open_page(planted, "outreach", share=False, contact=planted["helen"])
    at.session_state["outreach_kind"] = "voicemail"
    at.run()
    assert "403 555 0100" in everything(at)            # the sender's own number, in the voicemail script
    at.toggle(key="share").set_value(True).run()        # the toggle, switched on in the same session
    shown = everything(at)
    assert "403 555 0100" not in shown
    box = next(t for t in at.text_area if t.key.startswith("outreach_text_"))
    assert box.disabled and "•" in box.value


def test_names_as_initials_reach_the_introduction_script_and_the_workbook_name(planted):
    at = open_page(planted, "outreach", names=True, state={"outreach_kind": "introduction"})  # the first person
    box = next(t for t in at.text_area if t.key.startswith("outreach_text_"))
    assert box.value.startswith("Hi ") and "Mateo" not in box.value   # nor the sender's name
    assert not [n for n in planted["people"] if n.split()[0] in box.value.split()]
    at = open_page(planted, "workbooks", names=True)
    shown = everything(at)
    assert "Mateo Alvarez" not in shown and "M. A." in shown


def test_the_people_list_offers_our_own_safe_csv_and_the_toolbar_export_is_off(planted):
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True   # the toolbar wrote =HYPERLINK(...) raw
    at = open_page(planted, "research", share=False)
    assert [b for b in at.get("download_button") if "people_csv" in b.proto.id]


@pytest.fixture
def files(monkeypatch):
    """Every file a run handed to a download button: {file name: bytes} (deferred ones are not built)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    seen, load = {}, MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        seen[filename] = path_or_data
        return load(self, path_or_data, mimetype, kind, filename)
    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return seen


@pytest.fixture
def secret_meeting(planted, db_path):
    """A scheduled meeting with Helen whose name, organization, place and note carry a phone and an email."""
    from datetime import date, time
    from lib import meetings
    con = db.open(db_path)
    con.execute("UPDATE contacts SET full_name = ? WHERE id = ?", [f"Helen Nguyen {PHONE} {EMAIL}", planted["helen"]])
    con.execute("UPDATE organizations SET name = name || ? WHERE id = (SELECT organization_id FROM contacts WHERE id = ?)",
                [f" {PHONE} {EMAIL}", planted["helen"]])
    mid = meetings.schedule(con, planted["wb"], planted["helen"], day=date.today(), at=time(23, 30),
                            location=MEET, notes="NOTE-SECRET").id
    con.close()
    st.cache_resource.clear()
    st.cache_data.clear()
    return mid


def test_the_calendar_file_and_its_name_are_masked_like_the_sheet(planted, secret_meeting, files):
    open_page(planted, "outreach", state={"outreach_tabs": "Meetings", "meeting_pick": secret_meeting})
    [(file_name, data)] = [(n, d) for n, d in files.items() if n and n.endswith(".ics")]
    text = data.decode()
    assert "Helen Nguyen" in text.replace("\r\n ", "")        # the file is there, masked, not emptied
    for secret in (PHONE, "0188", EMAIL, "secret", "meet.google.com", "NOTE-SECRET"):
        assert secret not in text.replace("\r\n ", "") and secret not in file_name
    open_page(planted, "outreach", names=True, state={"outreach_tabs": "Meetings", "meeting_pick": secret_meeting})
    [(file_name, data)] = [(n, d) for n, d in files.items() if n and n.endswith(".ics") and "-h-n" in n]
    assert "Helen" not in data.decode().replace("\r\n ", "") and "nguyen" not in file_name


def options(at) -> str:
    """Every option label of the page's pickers."""
    return "\n".join(str(o) for kind in ("selectbox", "multiselect", "radio") for e in at.get(kind)
                     for o in (e.options or []))


@pytest.mark.parametrize("page, params", [
    ("outreach", {"contact": "helen"}), ("outreach", {"tab": "Meetings"}), ("review", {"review_meeting": "done"}),
    ("questions", {"meeting": "next"}), ("research", {}), ("goals", {})])
def test_organization_names_are_masked_in_pickers(planted, secret_meeting, page, params):
    values = {"helen": planted["helen"], "done": planted["meeting"], "next": secret_meeting}
    state = {"outreach_tabs": "Meetings", "meeting_pick": secret_meeting} if params.pop("tab", None) else {}
    at = open_page(planted, page, state=state, **{k: values.get(v, v) for k, v in params.items()})
    shown = options(at) + "\n" + everything(at)
    assert "Helen Nguyen" in shown or page == "goals"
    assert PHONE not in shown and EMAIL not in shown


def test_the_workbook_export_is_named_without_the_workbook_and_says_it_is_unmasked(planted, db_path, files):
    from lib import backup
    con = db.open(db_path)
    con.execute("UPDATE workbooks SET name = ? WHERE id = ?", [f"Ben Carter {PHONE} {EMAIL}", planted["wb"]])
    con.close()
    st.cache_resource.clear()
    st.cache_data.clear()
    at = open_page(planted, "workbooks", state={"workbooks_view": "backup"})  # "Export and backup" chosen
    assert any("unmasked" in c.value for c in at.caption)
    at.button(key="backup_prepare_export").click().run()
    zips = {n: d for n, d in files.items() if n and n.endswith(".zip")}
    assert list(zips) == [f"workbook-{planted['wb']}-export-{date.today():%Y-%m-%d}-csv.zip"]
    assert backup.read_manifest(next(iter(zips.values())))["workbook"]["name"].endswith(EMAIL)  # complete inside
    shown = options(at) + everything(at) + "".join(n for n in files if n)
    assert "0188" not in shown and "ben-carter" not in shown and EMAIL not in shown
