"""The Workbooks page through app.py: the coach's cohort overview, the progress report, screen-share mode."""
import pytest

from streamlit.testing.v1 import AppTest

from lib import cohort, db, settings, workbooks
from views.registry import PAGES
from tests.conftest import ROOT, click, open_page, page_errors, run_cursor, workbook_id, workbook_picker

pytestmark = pytest.mark.apptest


def _table(at):
    return at.dataframe[0].value


def _add(db_path, *names):
    con = db.open(db_path)
    ids = [workbooks.create(con, n) for n in names]
    con.close()
    return ids


def test_the_cohort_table_lists_every_workbook_with_its_progress(demo_app):
    table = _table(open_page(demo_app, "workbooks", view="clients"))
    demo = table[table["Workbook"] == "Demo: Mateo Alvarez"].iloc[0]
    assert demo["Interviews"] == "10 / 12"
    assert demo["Follow-ups overdue"] >= 0 and demo["Goal"].startswith("Understand how")


def test_the_headline_numbers_count_the_clients(demo_app):
    at = open_page(demo_app, "workbooks", view="clients")
    assert at.metric[0].label == "Clients" and at.metric[0].value == str(len(_table(at)))


def test_choosing_sort_by_name_puts_the_table_in_alphabetical_order(app, db_path):
    _add(db_path, "Zoe client", "Abe client")
    at = open_page(app, "workbooks", view="clients")
    at.selectbox(key="cohort_sort").select("Name").run()
    names = _table(at)["Workbook"].tolist()
    assert names == ["Abe client", "Zoe client"]


def test_archived_workbooks_appear_only_when_asked(app, db_path):
    keep, gone = _add(db_path, "Keep", "Gone")
    con = db.open(db_path)
    workbooks.set_archived(con, gone, True)
    con.close()
    at = open_page(app, "workbooks", view="clients")
    assert "Gone" not in _table(at)["Workbook"].tolist()
    at.toggle(key="cohort_archived").set_value(True).run()
    assert "Gone" in _table(at)["Workbook"].tolist()


def test_a_client_who_needs_help_opens_in_one_click(demo_app, db_path):
    con = db.open(db_path)
    quiet = workbooks.create(con, "Quiet client")
    con.close()
    at = open_page(demo_app, "workbooks", view="clients")
    at.pills(key=f"cohort_open_{workbook_id(at)}").set_value(quiet).run()
    assert not page_errors(at)
    assert workbook_id(at) == quiet


def test_the_existing_open_buttons_still_switch_workbooks(app, db_path):
    first, second = _add(db_path, "First", "Second")
    at = open_page(app, "workbooks")
    at.radio(key="manage_chosen").set_value(second).run()
    at.button(key="manage_open").click().run()
    assert workbook_id(at) == second


def test_open_says_which_workbook_it_opened(app, db_path):
    """Open switched without a word (a hostile tester)."""
    first, second = _add(db_path, "First", "Second *x*")
    at = open_page(app, "workbooks")
    at.radio(key="manage_chosen").set_value(second).run()
    at.button(key="manage_open").click().run()
    assert [t.value for t in at.toast] == ["Opened Second \\*x\\*"]  # the name as text, never Markdown


def test_a_confirmation_shown_after_a_quick_switch_names_the_workbook_it_is_about(app, db_path):
    """A save, then a switch before its run drew the confirmation: it showed on the other workbook as if it were
    about that one (a hostile tester). It names its workbook now; in the workbook itself it reads as before."""
    first, second = _add(db_path, "First", "Second")
    at = open_page(app, "research")
    at.session_state["add_person_box"] = True
    at.run()
    name_box = next(t for t in at.text_input if (t.key or "").startswith("new_contact") and t.key.endswith("_name"))
    name_box.input("Amara Okafor")
    picker = workbook_picker(at)
    picker.set_value(second if workbook_id(at) == first else first)
    said_in = workbooks.get(run_cursor(at), workbook_id(at)).name
    click(at, "Add person")  # the click and the switch reach the server in one run
    assert not page_errors(at)
    assert [s.value for s in at.success] == [f"In {said_in}: Added Amara Okafor to your list."]


def test_a_workbook_just_created_is_open_and_chosen_in_the_list(app, db_path):
    """The list kept the old choice beside "open now" on the new one (found by a hostile tester)."""
    first, _ = _add(db_path, "First", "Second")
    at = open_page(app, "workbooks")
    at.radio(key="manage_chosen").set_value(first).run()
    at.text_input(key="new_workbook_name").input("Third")
    click(at, "Create workbook")
    assert not page_errors(at)
    third = workbook_id(at)
    assert third not in (first, None) and _chosen_list(at).value == third


@pytest.mark.parametrize("box, button", [("new_workbook_name", "Create workbook"), ("rename_workbook_name", "Rename")])
def test_a_too_long_workbook_name_is_refused_with_the_limit_and_stays_in_the_box(app, db_path, box, button):
    """With max_chars the browser dropped a longer paste and left the box empty (found by a hostile tester)."""
    at = open_page(app, "workbooks")
    before = sorted(w.name for w in _workbooks(db_path))
    assert at.text_input(key=box).proto.max_chars == 0  # no browser-side limit: it drops a longer paste
    at.text_input(key=box).input("N" * 90)
    click(at, button)
    assert any("is 90 characters long; the limit is 80" in e.value for e in at.error)
    assert at.text_input(key=box).value == "N" * 90
    assert sorted(w.name for w in _workbooks(db_path)) == before


def _chosen_list(at):
    """"Choose a workbook": its radio gets a new key after a workbook is created (views/id_choice.py)."""
    return next(r for r in at.radio if r.key.startswith("manage_chosen"))


def _workbooks(db_path) -> list:
    con = db.open(db_path)
    try:
        return workbooks.list_all(con)
    finally:
        con.close()


def test_the_list_opens_on_the_page_of_the_open_workbook_and_of_one_just_created(app, db_path):
    """With more than a page of workbooks, the list showed page 1 with another workbook chosen, and Archive archived
    that one (found by a hostile tester)."""
    ids = _add(db_path, *[f"Client {n:02}" for n in range(12)])
    app.query_params["wb"] = str(ids[-1])
    at = open_page(app, "workbooks")
    assert at.radio(key="manage_chosen").value == ids[-1] and at.session_state["manage_page"] == 2
    at.session_state["manage_page"] = 1  # the person goes back to the first page
    at.run()
    at.text_input(key="new_workbook_name").input("Client 99")
    click(at, "Create workbook")
    new = workbook_id(at)
    assert new not in ids and _chosen_list(at).value == new and at.session_state["manage_page"] == 2
    con = db.open(db_path)
    try:
        assert cohort.page_holding(con, ids[0]) == 1 and cohort.page_holding(con, new) == 2
        assert cohort.page_holding(con, new, search="no such name") is None
    finally:
        con.close()


def test_a_link_to_an_unknown_view_shows_the_first_and_leaves_the_address(app):
    app.query_params["view"] = "bogus"
    at = open_page(app, "workbooks")
    assert "view" not in at.query_params
    assert at.session_state["workbooks_view"] == "manage"


def test_the_progress_report_is_offered_as_pdf_and_markdown(demo_app):
    at = open_page(demo_app, "workbooks", view="report")
    keys = {b.key for b in at.get("download_button")}
    assert {"report_pdf", "report_md"} <= keys


def test_the_report_caption_reads_well_for_any_workbook_name(app):
    at = open_page(app, "workbooks", view="report")
    captions = [c.value for c in at.caption if "A summary of" in c.value]
    assert captions and captions[0].startswith("A summary of this workbook (My workbook) to send after a session")
    assert "'s workbook" not in captions[0]


def test_the_report_preview_shows_the_goal_and_progress(demo_app):
    at = open_page(demo_app, "workbooks", view="report")
    assert not any("Progress summary" in m.value for m in at.markdown)  # folded: nothing drawn until opened
    at.session_state["report_preview_box"] = True
    at.run()
    preview = "\n".join(m.value for m in at.markdown)
    assert "Progress summary" in preview and "Interviews held:" in preview


def test_the_share_toggle_starts_from_the_url(demo_app):
    demo_app.query_params["share"] = "true"
    at = open_page(demo_app, "workbooks")
    assert at.sidebar.toggle(key="share").value is True


def test_the_share_toggle_stays_on_when_moving_between_pages(demo_app):
    demo_app.query_params["share"] = "true"
    at = open_page(demo_app, "workbooks")
    at.switch_page(PAGES["home"]).run()
    at.switch_page(PAGES["workbooks"]).run()
    assert at.sidebar.toggle(key="share").value is True
    assert "share" not in at.query_params  # held on the server; the flag that turned it on was taken out


def test_turning_the_mode_on_in_the_sidebar_masks_the_page_at_once(demo_app, db_path):
    con = db.open(db_path)
    con.execute("UPDATE reviews SET insights = insights || ' Her cell: 403-555-0177.'")
    con.close()
    demo_app.session_state["report_preview_box"] = True
    at = open_page(demo_app, "workbooks", view="report")
    assert "403-555-0177" in "\n".join(m.value for m in at.markdown)
    at.sidebar.toggle(key="share").set_value(True).run()
    assert "403-555-0177" not in "\n".join(m.value for m in at.markdown)


def test_turning_the_mode_on_and_off_is_stored_on_the_server_not_in_the_url(demo_app, db_path):
    from lib import settings

    at = open_page(demo_app, "workbooks")
    at.sidebar.toggle(key="share").set_value(True).run()
    assert "share" not in at.query_params
    con = db.open(db_path)  # the app's own database instance in this process
    assert settings.flag(con, settings.SCREEN_SHARE)
    at.sidebar.toggle(key="share").set_value(False).run()
    assert not settings.flag(con, settings.SCREEN_SHARE)
    con.close()


def test_names_as_initials_only_works_in_screen_share_mode(demo_app):
    at = open_page(demo_app, "workbooks", view="clients")
    assert at.sidebar.toggle(key="share_names").disabled
    at.sidebar.toggle(key="share").set_value(True).run()
    at.sidebar.toggle(key="share_names").set_value(True).run()
    assert "D. M. A." in _table(at)["Workbook"].tolist()


def test_without_the_mode_the_cohort_shows_full_names(demo_app):
    assert "Demo: Mateo Alvarez" in _table(open_page(demo_app, "workbooks", view="clients"))["Workbook"].tolist()


def test_in_screen_share_mode_the_report_preview_hides_contact_details(demo_app, db_path):
    con = db.open(db_path)
    con.execute("UPDATE reviews SET insights = insights || ' Her cell: 403-555-0177, jo@x.example.'")
    con.close()
    demo_app.query_params["share"] = "true"
    demo_app.session_state["report_preview_box"] = True
    at = open_page(demo_app, "workbooks", view="report")
    preview = "\n".join(m.value for m in at.markdown)
    assert "Her cell:" in preview
    assert "403-555-0177" not in preview and "jo@x.example" not in preview


def test_a_link_without_the_workbook_opens_the_one_last_opened(app, db_path):
    """A sidebar link opened in a new tab carries no ?wb=: it opens the workbook the person was in, not the first."""
    first, second = _add(db_path, "Ana's workbook", "Ben's workbook")
    at = open_page(app, "workbooks")
    at.radio(key="manage_chosen").set_value(second).run()
    at.button(key="manage_open").click().run()
    assert workbook_id(at) == second
    assert workbook_id(open_page(_new_tab(), "outreach")) == second
    con = db.open(db_path)
    try:
        settings.set_last_workbook(con, 9_999)  # a workbook since deleted: the link opens the first one there is
    finally:
        con.close()
    assert workbook_id(open_page(_new_tab(), "outreach")) == first


def _new_tab() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)  # a session of its own, no ?wb= in its URL


def test_a_burst_on_archive_does_not_restore_it_on_the_button_that_replaced_it(app, db_path, monkeypatch):
    """Four quick clicks on Archive hit Restore, which takes its place: the workbook ended restored, saying
    "Restored" (a hostile tester). A Restore clicked after a moment's thought still restores."""
    from views import extra_clicks
    ids = _add(db_path, "Burst client", "Open one")
    app.query_params["wb"] = str(ids[1])
    at = open_page(app, "workbooks")
    _chosen_list(at).set_value(ids[0]).run()
    clock = [1000.0]
    monkeypatch.setattr(extra_clicks, "_now", lambda: clock[0])
    click(at, "Archive")
    clock[0] += 0.2
    click(at, "Restore")
    assert [w.name for w in _workbooks(db_path) if w.id == ids[0]] == []  # still archived
    assert not [t for t in at.toast if "Restored" in t.value]
    clock[0] += 5
    click(at, "Restore")
    assert [w.name for w in _workbooks(db_path) if w.id == ids[0]] == ["Burst client"]


def test_a_link_to_an_archived_workbook_says_which_one_is_open_instead(app, db_path):
    """A bookmark of an archived workbook opened another one without a word (a hostile tester)."""
    first, second = _add(db_path, "Ana's workbook", "Ben's workbook")
    con = db.open(db_path)
    try:
        workbooks.set_archived(con, second, True)
    finally:
        con.close()
    at = _new_tab()
    at.query_params["wb"] = str(second)
    at.switch_page(PAGES["outreach"]).run()  # the link's page is the first run's, as in a browser
    assert workbook_id(at) == first and not page_errors(at)
    assert [w.value for w in at.warning if "archived or was deleted" in w.value and "Ana's workbook" in w.value]
    at.run()
    assert not [w for w in at.warning if "archived or was deleted" in w.value]  # said once
    at = _new_tab()
    at.query_params["wb"] = str(first)
    assert not [w for w in at.switch_page(PAGES["outreach"]).run().warning if "archived or was deleted" in w.value]
