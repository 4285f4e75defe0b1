"""Issue 15 item 7: the meeting picker says how many questions each plan holds right after any change to it,
and a meeting's plan is started from a template in one place."""
import pytest

from lib import db as database
from lib import question_plans as plans
from tests.conftest import open_box, open_page, page_errors, run_cursor, workbook_id
from tests.test_questions_page import choose_meeting_without_plan, open_questions, plan_ids

pytestmark = pytest.mark.apptest


def chosen_label(at) -> str:
    """What the picker shows for the chosen meeting (the text sent to the browser)."""
    box = at.selectbox(key="q_meeting")
    return box.options[box.index]


def test_the_picker_counts_the_questions_right_after_propose_add_and_remove(demo_app):
    open_questions(demo_app)
    mid = choose_meeting_without_plan(demo_app)
    assert "· 0 questions" in chosen_label(demo_app)
    demo_app.button(key="q_propose_meeting").click().run()
    assert not page_errors(demo_app)
    assert len(plan_ids(demo_app, mid)) == 12
    assert "· 12 questions" in chosen_label(demo_app)
    demo_app.button(key="q_rm_meeting").click().run()  # the first question is chosen
    assert "· 11 questions" in chosen_label(demo_app)
    found, _ = plans_questions(demo_app, exclude=plan_ids(demo_app, mid))
    open_box(demo_app, "q_bank_box_meeting")  # "Add questions from the bank"
    demo_app.multiselect(key="q_add_pick").set_value([found[0]["id"]]).run()
    demo_app.button(key="q_add_btn").click().run()
    assert "· 12 questions" in chosen_label(demo_app)


def test_a_plan_changed_elsewhere_shows_its_count_even_when_the_total_stays_the_same(demo_app):
    # One plan loses a question and another gains one outside this session: each label still follows its own plan.
    # (Written here in SQL, then marked as a lib write marks it: the workbook's data version moves on.)
    open_questions(demo_app)
    con, wb = run_cursor(demo_app), workbook_id(demo_app)
    planned = next(m for m in plans.meetings(con, wb) if m["questions"])
    mid = choose_meeting_without_plan(demo_app)
    moved = plan_ids(demo_app, planned["id"])[0]
    con.execute("DELETE FROM meeting_questions WHERE meeting_id = ? AND question_id = ?", [planned["id"], moved])
    con.execute("INSERT INTO meeting_questions (meeting_id, question_id, position) VALUES (?, ?, 1)", [mid, moved])
    database.bump_version(wb)
    demo_app.run()
    assert "· 1 question" in chosen_label(demo_app)


def plans_questions(at, exclude):
    from lib import questions
    return questions.search(run_cursor(at), workbook_id(at), exclude_ids=exclude, limit=5)


def test_templates_have_one_picker_in_one_place_with_every_action(demo_app):
    open_questions(demo_app)
    plans.create_template(run_cursor(demo_app), workbook_id(demo_app), name="Utility engineer")
    demo_app.run()
    # The meeting's own builder holds no template control ...
    assert not [w for w in (*demo_app.selectbox, *demo_app.button, *demo_app.text_input)
                if "tpl" in (w.key or "")]
    # ... they are all together under Templates: create (also from this meeting's plan), pick, use, edit, delete.
    demo_app.session_state["q_mode"] = "template"
    demo_app.run()
    assert [b.label for b in demo_app.selectbox if b.label == "Template"] == ["Template"]
    assert "The chosen meeting's plan" in demo_app.radio(key="q_new_tpl_start").options
    keys = {w.key for w in demo_app.button}
    assert {"q_use_tpl_btn", "q_tpl_delete", "FormSubmitter:q_new_tpl-Create template", "q_propose_template"} <= keys


def test_many_meetings_offer_a_few_and_the_find_box_reaches_any_other(demo_app, monkeypatch):
    # Issue 17: thousands of meeting labels went to the browser on every run. Past SHOWN meetings the picker
    # offers the first few (upcoming first) and "Find a meeting" narrows to any other; the chosen one stays.
    from views.questions import picker

    monkeypatch.setattr(picker, "SHOWN", 2)
    open_questions(demo_app)
    every = plans.meetings(run_cursor(demo_app), workbook_id(demo_app))
    assert len(every) > 3
    box = demo_app.selectbox(key="q_meeting")
    assert len(box.options) == 2
    assert any("2 of" in c.value and "Find a meeting" in c.value for c in demo_app.caption)
    last = every[-1]
    demo_app.text_input(key="q_meeting_find").set_value(last["full_name"][-6:].upper()).run()
    assert not page_errors(demo_app)
    box = demo_app.selectbox(key="q_meeting")
    assert box.value == every[0]["id"]  # the chosen meeting is kept, in front
    assert any(last["full_name"] in o for o in box.options)
    box.set_value(last["id"]).run()
    assert demo_app.selectbox(key="q_meeting").value == last["id"]
    assert not page_errors(demo_app)


def test_few_meetings_offer_them_all_without_a_find_box(demo_app):
    open_questions(demo_app)
    every = plans.meetings(run_cursor(demo_app), workbook_id(demo_app))
    assert len(demo_app.selectbox(key="q_meeting").options) == len(every)
    assert not [t for t in demo_app.text_input if t.key == "q_meeting_find"]


def test_a_refused_change_to_the_plan_is_said_inside_the_plan(demo_app):
    # A refusal is shown in the plan builder, under its own feedback spot,
    # not written by the callback at the top of the page (where, were the builder an st.fragment, a run of it alone
    # would overwrite the page's first element).
    open_questions(demo_app)
    mid = next(m["id"] for m in plans.meetings(run_cursor(demo_app), workbook_id(demo_app)) if m["questions"])
    demo_app.selectbox(key="q_meeting").set_value(mid).run()
    gone = plan_ids(demo_app, mid)[0]
    plans.remove(run_cursor(demo_app), workbook_id(demo_app), plans.meeting(mid), gone)  # someone else, meanwhile
    demo_app.button(key="q_rm_meeting").click().run()  # the first question, chosen when the page was drawn
    assert not demo_app.exception
    assert [e.value for e in demo_app.error] == ["That question is not in this plan any more."]
    assert demo_app.main.children[0].type != "error"  # said where the person acted, not above the page


def test_a_page_left_and_opened_again_shows_the_meeting_last_chosen_and_a_link_still_wins(demo_app):
    """Streamlit forgets a page's picker while another page is shown: a hostile tester came back to Questions from
    Review and found the first meeting instead of the one they were preparing."""
    open_questions(demo_app)
    listed = [m["id"] for m in plans.meetings(run_cursor(demo_app), workbook_id(demo_app))]
    first = demo_app.selectbox(key="q_meeting").value
    chosen = next(mid for mid in listed if mid != first)
    demo_app.selectbox(key="q_meeting").set_value(chosen).run()
    open_page(demo_app, "goals")
    demo_app.query_params.pop("meeting", None)   # the sidebar's link carries no ?meeting= (AppTest keeps it)
    open_questions(demo_app)
    assert demo_app.selectbox(key="q_meeting").value == chosen
    open_page(demo_app, "goals")
    demo_app.query_params["meeting"] = str(first)   # a link to another meeting (Home's "prepare the questions")
    open_questions(demo_app)
    assert demo_app.selectbox(key="q_meeting").value == first
