"""Tier 2: every page renders through app.py on an empty and on the demo workbook; workbooks via the UI."""
import pytest

from lib import db, workbooks
from views import layout
from views.registry import PAGES
from tests.conftest import current_workbook, open_page, page_errors, run_cursor, workbook_id, workbook_picker

pytestmark = pytest.mark.apptest


@pytest.mark.parametrize("page", sorted(PAGES.values()))
def test_every_page_renders_on_an_empty_workbook(app, page):
    app.run()
    app.switch_page(page).run()
    assert not page_errors(app)
    assert app.title, f"{page} shows no title"


@pytest.mark.parametrize("page", sorted(PAGES.values()))
def test_every_page_renders_on_the_demo_workbook(demo_app, page):
    demo_app.run()
    demo_app.switch_page(page).run()
    assert not page_errors(demo_app)
    assert demo_app.title


def test_a_new_user_gets_a_workbook_and_sees_it_in_the_sidebar(app, db_path):
    app.run()
    assert app.sidebar.selectbox(key="wb").value is not None
    assert not page_errors(app)


def test_creating_a_workbook_through_the_ui_switches_to_it(app, db_path):
    open_page(app, "workbooks", check=False)
    app.text_input(key="new_workbook_name").input("Client: Jordan Lee")
    app.button(key="FormSubmitter:new_workbook-Create workbook").click().run()
    assert not page_errors(app)
    con = run_cursor(app)
    created = [w for w in workbooks.list_all(con) if w.name == "Client: Jordan Lee"]
    assert created and workbook_picker(app).value == created[0].id


def test_a_duplicate_workbook_name_is_refused_with_a_message(app):
    open_page(app, "workbooks", check=False)
    existing = current_workbook(app).name
    app.text_input(key="new_workbook_name").input(existing.upper())
    app.button(key="FormSubmitter:new_workbook-Create workbook").click().run()
    assert any("already exists" in e.value for e in app.error)


def test_switching_workbooks_in_the_sidebar_changes_what_pages_show(app, db_path):
    con = db.open(db_path)
    workbooks.create(con, "First client")
    second = workbooks.create(con, "Second client")
    con.close()
    app.run()
    app.sidebar.selectbox(key="wb").select(second).run()
    assert current_workbook(app).name == "Second client"
    app.switch_page(PAGES["workbooks"]).run()  # the choice survives moving between pages
    assert current_workbook(app).name == "Second client"


def test_the_workbook_in_the_url_is_opened(app, db_path):
    con = db.open(db_path)
    workbooks.create(con, "First client")
    second = workbooks.create(con, "Second client")
    con.close()
    app.query_params["wb"] = str(second)
    app.run()
    assert workbook_id(app) == second


def test_loading_the_demo_from_the_workbooks_page_opens_it(app):
    open_page(app, "workbooks", check=False)
    app.button(key="load_demo").click().run()
    assert not page_errors(app)
    assert current_workbook(app).is_demo


def test_archiving_a_workbook_hides_it_from_the_picker(app, db_path):
    con = db.open(db_path)
    keep = workbooks.create(con, "Keep")
    gone = workbooks.create(con, "Archive me")
    con.close()
    open_page(app, "workbooks", check=False)
    app.radio(key="manage_chosen").set_value(gone).run()
    app.button(key="manage_archive").click().run()
    assert not page_errors(app)
    con = run_cursor(app)
    assert [w.id for w in workbooks.list_all(con)] == [keep]


def test_a_locked_database_shows_what_to_do(app, db_path, monkeypatch):
    from lib import db as database

    def locked(path):
        raise database.DatabaseLocked("The workbook database is already open in another program.")

    monkeypatch.setattr(database, "open", locked)
    app.run()
    assert not app.exception
    assert any("already open in another program" in e.value for e in app.error)


def test_an_unexpected_error_on_a_page_shows_a_friendly_message_not_a_traceback(app, monkeypatch):
    from lib import demo

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    open_page(app, "workbooks", check=False)
    monkeypatch.setattr(demo, "load", broken)
    app.button(key="load_demo").click().run()
    assert not app.exception
    assert any("not your fault" in e.value for e in app.error)
    assert not any("disk on fire" in e.value for e in app.error)


def test_a_conflict_that_outlasts_its_retries_says_the_app_is_busy_and_nothing_was_half_done(demo_app, monkeypatch):
    import duckdb

    from lib import demo

    def conflicted(*args, **kwargs):
        raise duckdb.TransactionException("Conflict on tuple")

    open_page(demo_app, "workbooks", check=False)
    monkeypatch.setattr(demo, "load", conflicted)
    demo_app.button(key="load_demo").click().run()
    said = " ".join(e.value for e in demo_app.error)
    assert not demo_app.exception and "very busy" in said and "Nothing was half done" in said
    assert "Conflict on tuple" not in said


def test_the_workbook_stays_chosen_while_screen_share_and_initials_are_toggled(demo_app):
    demo_app.run()
    demo = current_workbook(demo_app)
    demo_app.sidebar.toggle(key="share").set_value(True).run()
    demo_app.sidebar.toggle(key="share_names").set_value(True).run()
    demo_app.run()
    assert not page_errors(demo_app)
    picker = workbook_picker(demo_app)
    assert picker.key.startswith("wb_share_initials")
    assert picker.value == demo.id
    assert "Mateo Alvarez" not in picker.options[picker.index]  # initials on screen, not the client's name
    demo_app.sidebar.toggle(key="share").set_value(False).run()
    assert not page_errors(demo_app)
    assert workbook_picker(demo_app).value == demo.id


def test_a_tabs_first_run_alone_draws_the_hidden_copy_box_that_loads_its_script(app):
    """The browser loads the code block's script at the first page, not at the first click on a page with a copy
    box: the first run draws an empty one, hidden, at the foot of the sidebar; later runs draw nothing there."""
    app.run()
    warm = [c for c in app.sidebar.code if c.value == ""]
    assert len(warm) == 1
    app.run()
    assert not [c for c in app.sidebar.code if c.value == ""]
    assert ".st-key-warm_components { display: none; }" in layout._LAYOUT_CSS


def test_the_first_run_imports_the_code_of_every_element_kind_the_pages_draw_once_the_browser_is_idle(app, tmp_path):
    """Each chunk name is one file of the installed Streamlit (an upgrade that renames one fails here, rather than
    silently loading nothing), and the first run's hidden element carries the script that imports them."""
    names = layout.PREFETCHED_SMALL + layout.PREFETCHED_LARGE
    files = layout.chunk_files()
    assert len(files) == len(names)
    for name, file in zip(names, files):
        assert file.startswith(name + ".") and file.endswith(".js")
    app.run()
    script = "".join(h.proto.body for h in app.sidebar.get("html"))
    assert all(f'"{file}"' in script for file in files) and "requestIdleCallback" in script
    (tmp_path / "Radio.abc.js").write_text("")
    (tmp_path / "Radio.def.js").write_text("")  # two files of one name: which one the pages use is unknown
    (tmp_path / "Button.x1.js").write_text("")
    assert layout.chunk_files(("Radio", "Button", "Pagination"), tmp_path) == ["Button.x1.js"]
