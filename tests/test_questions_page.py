"""Step 4 page through app.py: build and reorder a plan, propose one, the bank, print, and live notes."""
from datetime import datetime, timedelta

import pytest

from lib import contacts, data_versions, db, meetings, question_plans as plans, questions, workbooks
from lib.text import md_escape
from tests.conftest import open_box, open_page, open_tab, page_errors, run_cursor, second_session, workbook_id
from views.questions.research import research_box_key, text_key

pytestmark = pytest.mark.apptest
ADD_OWN = "FormSubmitter:qb_new-Add question"


def open_questions(at, tab: str | None = None):
    open_page(at, "questions")
    return open_tab(at, "q_tab", tab) if tab else at


def meeting_id(at) -> int:
    return at.selectbox(key="q_meeting").value


def plan_ids(at, mid=None) -> list[int]:
    return [q["question_id"] for q in plans.items(run_cursor(at), workbook_id(at), plans.meeting(mid or meeting_id(at)))]


def choose_question(at, qid: int) -> None:
    """Choose a question in the plan (the radio the plan's actions act on)."""
    at.radio(key=f"q_chosen_meeting_{meeting_id(at)}").set_value(qid).run()


def choose_meeting_without_plan(at) -> int:
    empty = next(m for m in plans.meetings(run_cursor(at), workbook_id(at)) if not m["questions"])
    at.selectbox(key="q_meeting").set_value(empty["id"]).run()
    return empty["id"]


def test_an_empty_workbook_points_to_scheduling_a_meeting(app):
    open_questions(app)
    assert any("No meetings yet" in i.value for i in app.info)


def test_the_bank_tab_lists_a_page_of_questions(app):
    open_questions(app, "Question bank")
    assert len(app.dataframe[0].value) == 20
    assert any("questions match" in c.value for c in app.caption)


def test_the_bank_pages_on_and_a_new_filter_starts_again_at_its_first_page(app):
    open_questions(app, "Question bank")
    first = list(app.dataframe[0].value["Question"])
    app.session_state["qb_page"] = 2  # what the page links under the table set (kit.pager)
    app.run()
    assert not page_errors(app)
    second = list(app.dataframe[0].value["Question"])
    assert second and not set(first) & set(second)
    app.selectbox(key="qb_cat").set_value("role").run()
    assert app.session_state["qb_page"] == 1


def test_filtering_the_bank_by_category_shows_only_that_category(app):
    open_questions(app, "Question bank")
    app.selectbox(key="qb_cat").set_value("closing").run()
    assert set(app.dataframe[0].value["Category"]) == {"Closing"}


def test_adding_an_own_question_puts_it_in_the_bank(app):
    open_questions(app, "Question bank")
    app.text_area(key="qb_new_text").input("Which permit takes longest here?")
    app.selectbox(key="qb_new_cat").set_value("industry")
    app.button(key=ADD_OWN).click().run()
    assert not page_errors(app)
    app.selectbox(key="qb_source").set_value("own").run()
    assert app.dataframe[0].value["Question"].tolist() == ["Which permit takes longest here?"]


def test_two_questions_added_one_after_the_other_are_both_kept(app):
    # The form is renewed under a new key after each add; the one on screen must be the renewed one, or the
    # next click on "Add question" is dropped without a word (found by an outside tester: every second add).
    open_questions(app, "Question bank")
    for text in ("First of two?", "Second of two?"):
        # each rendering of the form has keys of its own
        app.text_area(key=next(t.key for t in app.text_area if t.key.startswith("qb_new") and t.key.endswith("_text"))
                      ).input(text)
        next(b for b in app.button if b.label == "Add question").click().run()
        assert not page_errors(app)
    stored = db.scalar(run_cursor(app), "SELECT count(*) FROM questions WHERE text IN ('First of two?', "
                                        "'Second of two?')")
    assert stored == 2


def test_an_empty_own_question_shows_a_clear_error(app):
    open_questions(app, "Question bank")
    app.button(key=ADD_OWN).click().run()
    assert any("The question is needed" in e.value for e in app.error)


def test_a_too_long_own_question_is_refused_with_the_limit_and_stays_typed(app):
    """With max_chars a browser cut a longer paste silently; the app refuses it and the text stays."""
    open_questions(app, "Question bank")
    assert app.text_area(key="qb_new_text").proto.max_chars == 0
    typed = "w" * 301
    app.text_area(key="qb_new_text").input(typed)
    app.button(key=ADD_OWN).click().run()
    assert any("is 301 characters long; the limit is 300" in e.value for e in app.error)
    assert app.text_area(key="qb_new_text").value == typed


def test_editing_an_own_question_saves_the_new_wording(app):
    open_questions(app, "Question bank")
    app.text_area(key="qb_new_text").input("First wording?")
    app.button(key=ADD_OWN).click().run()
    picked = app.selectbox(key="qb_edit_pick").value
    app.text_area(key=f"qb_edit_text_{picked}").input("Better wording?")
    app.button(key=f"FormSubmitter:qb_edit_{picked}-Save changes").click().run()
    assert not page_errors(app)
    assert db.scalar(run_cursor(app), "SELECT text FROM questions WHERE id = ?", [picked]) == "Better wording?"


def test_the_builder_shows_the_meetings_plan_with_its_budget(demo_app):
    open_questions(demo_app)
    rows = demo_app.radio(key=f"q_chosen_meeting_{meeting_id(demo_app)}").options
    assert len(rows) == len(plan_ids(demo_app)) == 12
    assert demo_app.metric[0].label == "Time budget"


def test_moving_the_first_question_down_swaps_it_with_the_second(demo_app):
    open_questions(demo_app)
    first, second = plan_ids(demo_app)[:2]
    mid = meeting_id(demo_app)
    choose_question(demo_app, first)
    demo_app.button(key="q_down_meeting").click().run()
    assert not page_errors(demo_app)
    assert plan_ids(demo_app, mid)[:2] == [second, first]


def test_removing_a_question_keeps_positions_contiguous(demo_app):
    open_questions(demo_app)
    doomed = plan_ids(demo_app)[3]
    choose_question(demo_app, doomed)
    demo_app.button(key="q_rm_meeting").click().run()
    items = plans.items(run_cursor(demo_app), workbook_id(demo_app), plans.meeting(meeting_id(demo_app)))
    assert doomed not in [q["question_id"] for q in items]
    assert [q["position"] for q in items] == list(range(1, 12))


def test_marking_the_chosen_question_must_ask_saves_it_and_the_button_turns(demo_app):
    open_questions(demo_app)
    mid = meeting_id(demo_app)
    third = plans.items(run_cursor(demo_app), workbook_id(demo_app), plans.meeting(mid))[2]
    choose_question(demo_app, third["question_id"])
    demo_app.button(key="q_must_meeting").click().run()
    after = plans.items(run_cursor(demo_app), workbook_id(demo_app), plans.meeting(mid))[2]
    assert after["question_id"] == third["question_id"] and after["must_ask"] is (not third["must_ask"])
    assert demo_app.button(key="q_must_meeting").label == ("Make it optional" if after["must_ask"] else "Make it a must")
    label = demo_app.radio(key=f"q_chosen_meeting_{mid}").options[2]
    assert ("must ask" in label) is after["must_ask"]


def test_removing_the_chosen_question_chooses_the_one_that_took_its_place(demo_app):
    open_questions(demo_app)
    ids = plan_ids(demo_app)
    choose_question(demo_app, ids[4])
    demo_app.button(key="q_rm_meeting").click().run()
    assert demo_app.radio(key=f"q_chosen_meeting_{meeting_id(demo_app)}").value == ids[5]
    demo_app.button(key="q_rm_meeting").click().run()
    assert plan_ids(demo_app) == ids[:4] + ids[6:]


def test_a_question_text_in_the_plan_is_shown_as_text(demo_app):
    open_questions(demo_app)
    mid = meeting_id(demo_app)
    hostile = "![x](http://127.0.0.1:9/x) **y**"
    run_cursor(demo_app).execute("UPDATE questions SET text = ? WHERE id = ?", [hostile, plan_ids(demo_app)[0]])
    data_versions.bump(workbook_id(demo_app))
    demo_app.run()
    label = demo_app.radio(key=f"q_chosen_meeting_{mid}").options[0]
    assert md_escape(hostile) in label and hostile not in label


def _first_offered(at) -> int:
    """The id behind the add-picker's first option (the bank, filtered, minus the plan)."""
    category = at.selectbox(key="q_add_cat").value
    rows, _ = questions.search(run_cursor(at), workbook_id(at), category=category, exclude_ids=plan_ids(at), limit=1)
    return rows[0]["id"]


def test_picked_bank_questions_are_added_before_the_closing_questions(demo_app):
    open_questions(demo_app)
    open_box(demo_app, "q_bank_box_meeting")  # "Add questions from the bank"
    demo_app.selectbox(key="q_add_cat").set_value("industry").run()
    wanted = _first_offered(demo_app)
    demo_app.multiselect(key="q_add_pick").select(wanted).run()
    demo_app.button(key="q_add_btn").click().run()
    assert not page_errors(demo_app)
    ids = plan_ids(demo_app)
    assert len(ids) == 13 and wanted in ids
    names = dict(run_cursor(demo_app).execute("SELECT id, coalesce(bank_key, '') FROM questions").fetchall())
    assert [names[i] for i in ids[-2:]] == ["close-referral", "close-name"]


def test_one_click_proposes_a_balanced_plan_for_a_meeting_without_one(demo_app):
    open_questions(demo_app)
    mid = choose_meeting_without_plan(demo_app)
    demo_app.button(key="q_propose_meeting").click().run()
    assert not page_errors(demo_app)
    assert len(plan_ids(demo_app, mid)) == 12
    assert any("fits" in s.value for s in demo_app.success)


def test_a_plan_over_time_warns_and_dropping_the_suggestion_makes_it_fit(demo_app):
    open_questions(demo_app)
    mid = meeting_id(demo_app)
    run_cursor(demo_app).execute("UPDATE meetings SET duration_minutes = 10 WHERE id = ?", [mid])
    data_versions.bump(workbook_id(demo_app))  # as every lib write does: the page's caches see the change
    demo_app.run()
    assert any("over the agreed time" in e.value for e in demo_app.error)
    demo_app.button(key="q_drop_meeting").click().run()
    items = plans.items(run_cursor(demo_app), workbook_id(demo_app), plans.meeting(mid))
    assert plans.budget(items, 10)["status"] in ("fits", "tight")


@pytest.mark.parametrize(("name", "role", "start"), [
    ("Stormwater engineer", "Stormwater engineer", None),  # from the builder
    ("Consultancy engineer", None, "meeting"),  # from the meeting's plan
])
def test_a_template_can_be_created_from_the_builder_or_a_meeting_plan(demo_app, name, role, start):
    open_questions(demo_app)
    demo_app.session_state["q_mode"] = "template"
    demo_app.run()
    demo_app.text_input(key="q_new_tpl_name").input(name)
    if role is not None:
        demo_app.text_input(key="q_new_tpl_role").input(role)
    if start is not None:
        demo_app.radio(key="q_new_tpl_start").set_value(start)
    demo_app.button(key="FormSubmitter:q_new_tpl-Create template").click().run()
    assert not page_errors(demo_app)
    made = plans.templates(run_cursor(demo_app), workbook_id(demo_app))
    assert [(t["name"], t["questions"]) for t in made] == [(name, 12)]


def test_a_refused_template_name_stays_in_the_box_with_its_message(demo_app):
    open_questions(demo_app)
    demo_app.session_state["q_mode"] = "template"
    demo_app.run()
    demo_app.text_input(key="q_new_tpl_role").input("Hydrologist")
    demo_app.button(key="FormSubmitter:q_new_tpl-Create template").click().run()  # no name
    assert any("is needed" in e.value for e in demo_app.error)
    assert demo_app.text_input(key="q_new_tpl_role").value == "Hydrologist"
    assert plans.templates(run_cursor(demo_app), workbook_id(demo_app)) == []


def test_the_print_tab_previews_the_sheet(demo_app):
    open_questions(demo_app, "Print")
    name = plans.meetings(run_cursor(demo_app), workbook_id(demo_app))[0]["full_name"]
    assert any(f"Questions for {name}" in m.value for m in demo_app.markdown)


def test_live_mode_shows_one_question_at_a_time_and_moves_on(demo_app):
    open_questions(demo_app, "Live meeting")
    assert any("Question 1 of 12" in c.value for c in demo_app.caption)
    demo_app.button(key="q_live_next").click().run()
    assert any("Question 2 of 12" in c.value for c in demo_app.caption)


def test_starting_the_clock_stores_the_start_time(demo_app):
    open_questions(demo_app, "Live meeting")
    demo_app.button(key="q_live_start").click().run()
    assert not page_errors(demo_app)
    state = plans.live_state(run_cursor(demo_app), workbook_id(demo_app), meeting_id(demo_app))
    assert state["started_at"] is not None
    assert demo_app.metric[0].label == "Elapsed"


def test_a_live_note_is_saved_as_it_is_typed_and_is_there_after_a_reload(demo_app):
    open_questions(demo_app, "Live meeting")
    mid = meeting_id(demo_app)
    first = plan_ids(demo_app)[0]
    demo_app.text_area(key=f"q_note_{mid}_{first}").input("Two years to a licence here.").run()
    assert not page_errors(demo_app)
    assert plans.items(run_cursor(demo_app), workbook_id(demo_app), plans.meeting(mid))[0]["notes"] == "Two years to a licence here."
    demo_app.session_state["q_tab"] = "Plan builder"
    demo_app.run()  # the note's widget is dropped while another tab shows…
    demo_app.session_state["q_tab"] = "Live meeting"
    demo_app.run()  # …and comes back from the database
    assert demo_app.text_area(key=f"q_note_{mid}_{first}").value == "Two years to a licence here."


def test_a_live_note_saved_in_a_window_opened_before_anothers_keeps_both_and_says_so(demo_app):
    one = open_questions(demo_app, "Live meeting")
    mid, first = meeting_id(one), plan_ids(one)[0]
    other = open_questions(second_session(one), "Live meeting")
    other.selectbox(key="q_meeting").select(mid).run()
    box = f"q_note_{mid}_{first}"
    one.text_area(key=box).input("NOTE-A").run()
    other.text_area(key=box).input("NOTE-B").run()   # its box was filled before A's save
    assert not page_errors(other)
    stored = plans.items(run_cursor(one), workbook_id(one), plans.meeting(mid))[0]["notes"]
    assert stored == "NOTE-A\n\nNOTE-B"
    assert any("both are kept, theirs first" in w.value for w in other.warning)
    assert other.text_area(key=box).value == stored


def test_a_live_note_cleared_in_a_window_opened_before_anothers_save_keeps_theirs_and_says_so(demo_app):
    one = open_questions(demo_app, "Live meeting")
    mid, first = meeting_id(one), plan_ids(one)[0]
    plans.save_note(run_cursor(one), workbook_id(one), mid, first, "OLD")
    one.run()
    other = open_questions(second_session(one), "Live meeting")
    other.selectbox(key="q_meeting").select(mid).run()
    box = f"q_note_{mid}_{first}"
    one.text_area(key=box).input("NOTE-A").run()
    other.text_area(key=box).input("").run()   # cleared what it showed: "OLD"
    assert plans.items(run_cursor(one), workbook_id(one), plans.meeting(mid))[0]["notes"] == "NOTE-A"
    assert any("it is kept, not cleared" in w.value for w in other.warning)
    assert other.text_area(key=box).value == "NOTE-A"


def test_an_untouched_live_note_box_follows_a_note_saved_in_another_window(demo_app):
    one = open_questions(demo_app, "Live meeting")
    mid, first = meeting_id(one), plan_ids(one)[0]
    other = open_questions(second_session(one), "Live meeting")
    other.selectbox(key="q_meeting").select(mid).run()
    one.text_area(key=f"q_note_{mid}_{first}").input("NOTE-A").run()
    other.run()   # its next run, nothing typed there
    assert other.text_area(key=f"q_note_{mid}_{first}").value == "NOTE-A"
    other.text_area(key=f"q_note_{mid}_{first}").input("NOTE-A, and more").run()
    assert plans.items(run_cursor(one), workbook_id(one), plans.meeting(mid))[0]["notes"] == "NOTE-A, and more"
    assert not any("both are kept" in w.value for w in other.warning)


def test_the_referral_button_jumps_to_the_referral_question(demo_app):
    open_questions(demo_app, "Live meeting")
    demo_app.button(key="q_live_referral").click().run()
    assert any(" · referral · " in c.value for c in demo_app.caption)


def test_live_mode_nudges_to_ask_the_referral_question_when_time_is_nearly_up(demo_app):
    open_questions(demo_app, "Live meeting")
    mid = meeting_id(demo_app)
    length = next(m for m in plans.meetings(run_cursor(demo_app), workbook_id(demo_app)) if m["id"] == mid)["duration_minutes"]
    started = datetime.now().replace(microsecond=0) - timedelta(minutes=length - 2)
    run_cursor(demo_app).execute("INSERT INTO meeting_plans (meeting_id, workbook_id, live_started_at) VALUES (?, ?, ?)",
                             [mid, workbook_id(demo_app), started])
    demo_app.run()
    assert any("who else to talk to" in w.value and "close on time" in w.value for w in demo_app.warning)


def test_ending_the_meeting_points_to_the_review_step(demo_app):
    open_questions(demo_app, "Live meeting")
    demo_app.button(key="q_live_start").click().run()
    demo_app.button(key="q_live_finish").click().run()
    assert not page_errors(demo_app)
    assert any("Review page" in s.value for s in demo_app.success)


def test_screen_share_mode_hides_live_notes(demo_app):
    open_questions(demo_app, "Live meeting")
    mid = meeting_id(demo_app)
    first = plan_ids(demo_app)[0]
    plans.save_note(run_cursor(demo_app), workbook_id(demo_app), mid, first, "Call me on 403 555 0199")
    demo_app.toggle(key="share").set_value(True)  # the sidebar toggle: the mode is stored on the server
    demo_app.run()
    shown = demo_app.text_area(key=f"q_note_shared_{mid}_{first}")
    assert "555" not in shown.value and shown.disabled


def test_deleting_an_own_question_removes_it_from_the_bank(app):
    open_questions(app, "Question bank")
    app.text_area(key="qb_new_text").input("Short-lived question?")
    app.button(key=ADD_OWN).click().run()
    app.button(key="qb_delete").click().run()
    assert not page_errors(app)
    assert db.scalar(run_cursor(app), "SELECT count(*) FROM questions WHERE workbook_id IS NOT NULL") == 0


def test_deleting_a_template_from_the_builder(demo_app):
    open_questions(demo_app)
    plans.create_template(run_cursor(demo_app), workbook_id(demo_app), name="Short-lived")
    demo_app.session_state["q_mode"] = "template"
    demo_app.run()
    demo_app.button(key="q_tpl_delete").click().run()
    assert not page_errors(demo_app)
    assert plans.templates(run_cursor(demo_app), workbook_id(demo_app)) == []


def test_a_template_can_be_used_for_a_meeting_without_a_plan(demo_app):
    open_questions(demo_app)
    template_id = plans.create_template(run_cursor(demo_app), workbook_id(demo_app), name="Utility engineer")
    plans.apply_proposal(run_cursor(demo_app), workbook_id(demo_app), plans.template(template_id))
    mid = choose_meeting_without_plan(demo_app)
    demo_app.session_state["q_mode"] = "template"
    demo_app.run()
    demo_app.selectbox(key="q_tpl_pick").set_value(template_id)
    demo_app.button(key="q_use_tpl_btn").click().run()
    assert not page_errors(demo_app)
    assert demo_app.session_state["q_mode"] == "meeting"  # back on the meeting, its new plan in view
    template_ids = [q["question_id"] for q in plans.items(run_cursor(demo_app), workbook_id(demo_app), plans.template(template_id))]
    assert plan_ids(demo_app, mid) == template_ids


HOSTILE = "**bold** <script>x</script> [x](javascript:y)"


@pytest.mark.parametrize("tab", ["Plan builder", "Question bank", "Print", "Live meeting"])
def test_hostile_text_is_shown_as_text_on_every_tab(demo_app, db_path, tab):
    import re

    c = db.open(db_path)
    wb = db.scalar(c, "SELECT id FROM workbooks WHERE is_demo")
    mid = plans.meetings(c, wb)[0]["id"]
    c.execute("UPDATE contacts SET full_name = ?, notes = ? WHERE id = (SELECT contact_id FROM meetings WHERE id = ?)",
              [f"Helen {HOSTILE}", HOSTILE, mid])
    qid = questions.add(c, wb, text=f"Own {HOSTILE}?", category="role")
    plans.add(c, wb, plans.meeting(mid), qid)
    template_id = plans.create_template(c, wb, name=f"T {HOSTILE}", target_role=HOSTILE)
    plans.add(c, wb, plans.template(template_id), qid)
    c.close()
    open_questions(demo_app, tab)
    if tab == "Live meeting":
        demo_app.button(key=f"q_live_open_{qid}").click().run()
    if tab == "Plan builder":
        demo_app.session_state["q_mode"] = "template"
        demo_app.run()
    rendered = [m.value for m in demo_app.markdown] + [m.value for m in demo_app.caption] + [
        s.value for s in demo_app.subheader]
    leaks = [r for r in rendered if any(n in re.sub(r"\\.", "", r) for n in ("**bold**", "<script>", "](javascript:"))]
    assert not page_errors(demo_app) and leaks == []
    if tab != "Question bank":  # the bank shows it in a table, the other tabs in text: it must be there, escaped
        assert any("javascript" in r for r in rendered)


def test_the_builder_shows_the_research_notes_beside_the_plan_as_text(demo_app):
    open_questions(demo_app)
    assert not demo_app.get("text_area")  # the meeting has a plan: the box waits closed, its form not drawn
    open_box(demo_app, research_box_key(meeting_id(demo_app)))
    info = plans.meeting_info(run_cursor(demo_app), workbook_id(demo_app), meeting_id(demo_app))
    texts = [t.value for t in demo_app.text]
    if info["contact_notes"]:
        assert info["contact_notes"] in texts
    assert any("questions built from it" in e.label for e in demo_app.expander)


def test_questions_written_from_research_are_added_to_the_plan_in_one_step(demo_app):
    open_questions(demo_app)
    choose_meeting_without_plan(demo_app)
    before = len(plan_ids(demo_app))
    demo_app.text_area(key=text_key(meeting_id(demo_app))).input("What did your spillway talk leave out?\nWhich model do you trust")
    demo_app.button(key=f"q_research_add_{meeting_id(demo_app)}").click().run()
    assert not page_errors(demo_app)
    texts = [q["text"] for q in plans.items(run_cursor(demo_app), workbook_id(demo_app), plans.meeting(meeting_id(demo_app)))]
    assert len(texts) == before + 3                      # the referral question comes along (M22)
    assert texts[:2] == ["What did your spillway talk leave out?", "Which model do you trust?"]
    assert demo_app.text_area(key=text_key(meeting_id(demo_app))).value == ""


def test_a_quick_second_click_on_add_to_the_plan_is_part_of_the_first(demo_app, monkeypatch):
    """A hostile tester's double click: the second carried the box the first had emptied, and "Write at least one
    question" showed beside "Added your questions to the plan". Later, an empty click is the person's own."""
    from views import extra_clicks

    clock = [1000.0]
    monkeypatch.setattr(extra_clicks, "_now", lambda: clock[0])
    open_questions(demo_app)
    mid = choose_meeting_without_plan(demo_app)
    demo_app.text_area(key=text_key(mid)).input("What did your spillway talk leave out?")
    demo_app.button(key=f"q_research_add_{mid}").click().run()
    assert [t for t in demo_app.toast if "Added your questions" in t.value]
    added = plan_ids(demo_app)
    clock[0] += 1
    demo_app.button(key=f"q_research_add_{mid}").click().run()
    box = next(e for e in demo_app.expander if "questions built from it" in e.label)
    assert not box.error and plan_ids(demo_app) == added
    # a second click sent before the first's answer came carries the text again: the same click, said once
    clock[0] += 1
    demo_app.text_area(key=text_key(mid)).input("What did your spillway talk leave out?")
    demo_app.button(key=f"q_research_add_{mid}").click().run()
    box = next(e for e in demo_app.expander if "questions built from it" in e.label)
    assert not box.error and plan_ids(demo_app) == added
    assert demo_app.text_area(key=text_key(mid)).value == ""
    clock[0] += extra_clicks.EXTRA_CLICK_SECONDS + 1
    demo_app.button(key=f"q_research_add_{mid}").click().run()
    box = next(e for e in demo_app.expander if "questions built from it" in e.label)
    assert any("Write at least one question" in e.value for e in box.error)
    # later, the same question again is the person's own: nothing added, and said so (never "Added")
    clock[0] += extra_clicks.EXTRA_CLICK_SECONDS + 1
    demo_app.text_area(key=text_key(mid)).input("What did your spillway talk leave out?")
    demo_app.button(key=f"q_research_add_{mid}").click().run()
    box = next(e for e in demo_app.expander if "questions built from it" in e.label)
    assert any("in this plan already: nothing was added" in e.value for e in box.error)
    assert plan_ids(demo_app) == added
    assert not [t for t in demo_app.toast if "Added your questions" in t.value]


def test_questions_typed_from_research_stay_with_their_meeting(demo_app):
    """One box for every meeting kept the text typed for one meeting when another was chosen, and Add to the plan
    added it there (to another workbook's meeting after a switch: a hostile tester)."""
    open_questions(demo_app)
    first = choose_meeting_without_plan(demo_app)
    demo_app.text_area(key=text_key(first)).input("What changed after the 2013 flood?").run()
    other = next(m["id"] for m in plans.meetings(run_cursor(demo_app), workbook_id(demo_app)) if m["id"] != first)
    before = plan_ids(demo_app, other)
    demo_app.selectbox(key="q_meeting").set_value(other).run()
    assert demo_app.text_area(key=text_key(other)).value == ""
    demo_app.button(key=f"q_research_add_{other}").click().run()
    assert plan_ids(demo_app, other) == before  # nothing typed for it, nothing added
    demo_app.selectbox(key="q_meeting").set_value(first).run()
    assert demo_app.text_area(key=text_key(first)).value == "What changed after the 2013 flood?"  # kept


def test_a_refused_research_question_is_explained_in_its_box_and_stays_typed(demo_app):
    """The message was drawn at the top of the page, far from the button (found by a hostile tester)."""
    open_questions(demo_app)
    choose_meeting_without_plan(demo_app)
    typed = "w" * 301
    demo_app.text_area(key=text_key(meeting_id(demo_app))).input(typed)
    demo_app.button(key=f"q_research_add_{meeting_id(demo_app)}").click().run()
    box = next(e for e in demo_app.expander if "questions built from it" in e.label)
    assert any("is 301 characters long; the limit is 300" in e.value for e in box.error)
    assert demo_app.text_area(key=text_key(meeting_id(demo_app))).value == typed


def test_a_plan_of_bank_questions_only_shows_the_research_nudge(demo_app):
    open_questions(demo_app)
    choose_meeting_without_plan(demo_app)
    demo_app.button(key="q_propose_meeting").click().run()
    assert any("Aim for at least 2" in w.value for w in demo_app.warning)


def test_other_sources_and_a_career_coach_are_pointed_to_where_questions_are_built(demo_app):
    demo_app.session_state["q_other_sources_box"] = True
    open_questions(demo_app)
    sources = next(e for e in demo_app.expander if "Other sources" in e.label)
    assert "career coach" in sources.markdown[0].value


def test_a_question_quoted_in_the_research_warning_is_escaped_for_markdown(demo_app):
    open_questions(demo_app)
    open_box(demo_app, research_box_key(meeting_id(demo_app)))
    demo_app.text_area(key=text_key(meeting_id(demo_app))).input("What does your company do, **really** [see](http://x.example)")
    demo_app.button(key=f"q_research_add_{meeting_id(demo_app)}").click().run()
    shown = " ".join(w.value for w in demo_app.warning if "website" in w.value)
    assert "website" in shown
    assert "\\*\\*really\\*\\*" in shown and "\\[see\\]" in shown   # Markdown characters arrive escaped


def test_questions_typed_for_a_meeting_deleted_in_another_tab_are_shown_to_copy_until_let_go(demo_app):
    """Its person deleted elsewhere took the meeting along; Add to the plan then said "not found" and the typed
    questions vanished with the box (a hostile tester)."""
    open_questions(demo_app)
    mid = choose_meeting_without_plan(demo_app)
    typed = "How do you staff **big** projects?\nWhat changed after the 2013 flood?"
    demo_app.text_area(key=text_key(mid)).input(typed).run()
    person = meetings.get(run_cursor(demo_app), workbook_id(demo_app), mid)["contact_id"]
    con = db.open(db.path_from_env())
    contacts.delete(con, workbook_id(demo_app), person)  # another tab
    con.close()
    data_versions.bump(workbook_id(demo_app))
    demo_app.button(key=f"q_research_add_{mid}").click().run()
    assert meeting_id(demo_app) != mid  # the picker offers a meeting that is still there
    assert any("no longer in this workbook" in w.value for w in demo_app.warning)
    assert [c.value for c in demo_app.code] == [typed]  # as typed, as text
    demo_app.sidebar.toggle(key="share").set_value(True).run()   # a shared screen: said, not shown
    assert any("turn screen-share mode off to see" in w.value for w in demo_app.warning)
    assert not demo_app.code
    demo_app.sidebar.toggle(key="share").set_value(False).run()
    demo_app.button(key=f"q_draft_drop_{mid}").click().run()
    assert not any("no longer in this workbook" in w.value for w in demo_app.warning)
    assert not demo_app.code


def test_a_template_deleted_in_another_tab_is_said_not_dropped_silently(demo_app):
    open_questions(demo_app)
    made = plans.create_template(run_cursor(demo_app), workbook_id(demo_app), name="Short-lived")
    demo_app.session_state["q_mode"] = "template"
    demo_app.run()
    assert demo_app.session_state["q_tpl_pick"] == made
    plans.delete_template(run_cursor(demo_app), workbook_id(demo_app), made)  # another tab
    demo_app.run()
    assert not page_errors(demo_app)
    assert any("deleted in another tab" in i.value for i in demo_app.info)
    demo_app.run()
    assert not any("deleted in another tab" in i.value for i in demo_app.info)  # said once


def test_questions_typed_in_one_workbook_are_not_said_lost_in_another(demo_app):
    """A draft of one workbook's meeting was shown in every other workbook as "no longer in this workbook"."""
    open_questions(demo_app)
    mid = choose_meeting_without_plan(demo_app)
    demo_app.text_area(key=text_key(mid)).input("What changed after the 2013 flood?").run()
    con = db.open(db.path_from_env())
    other = workbooks.create(con, "Second workbook")
    con.close()
    demo_app.query_params["wb"] = str(other)
    demo_app.query_params.pop("meeting", None)
    open_questions(demo_app)
    assert not any("no longer in this workbook" in w.value for w in demo_app.warning)


def test_a_cancelled_meetings_plan_says_it_was_cancelled_and_stays_editable(demo_app):
    """The picker's label said "cancelled", but the builder read as if planning it were the next step."""
    open_questions(demo_app)
    mid = meeting_id(demo_app)
    assert not [i for i in demo_app.info if "was cancelled" in i.value]
    c = run_cursor(demo_app)
    meetings.cancel(c, workbook_id(demo_app), mid)
    demo_app.run()
    assert meeting_id(demo_app) == mid
    note = [i for i in demo_app.info if "was cancelled" in i.value]
    assert len(note) == 1 and "set the meeting back to planned" in note[0].value
    choose_question(demo_app, plan_ids(demo_app)[0])  # its plan is still there to change
    assert len(plan_ids(demo_app)) == 12
    meetings.reopen(c, workbook_id(demo_app), mid)
    demo_app.run()
    assert not [i for i in demo_app.info if "was cancelled" in i.value]


def _plan_rows(at, mid) -> list[tuple[int, bool]]:
    return [(q["question_id"], q["must_ask"]) for q in plans.items(run_cursor(at), workbook_id(at), plans.meeting(mid))]


def _arrange(at, *, must: bool = False) -> tuple[int, list[tuple[int, bool]]]:
    """The first meeting's plan arranged by hand (its second question moved down, made a must): (meeting, plan)."""
    open_questions(at)
    choose_question(at, plan_ids(at)[1])
    at.button(key="q_down_meeting").click().run()
    if must:
        at.button(key="q_must_meeting").click().run()
    return meeting_id(at), _plan_rows(at, meeting_id(at))


def _offered(at) -> bool:
    return any(b.key == "q_put_back_meeting" for b in at.button)


def test_a_proposal_over_an_arranged_plan_can_be_put_back_as_it_was(demo_app):
    """A plan arranged by hand went at one click on Propose, with no way back (a hostile tester)."""
    mid, arranged = _arrange(demo_app, must=True)
    demo_app.button(key="q_propose_meeting").click().run()
    demo_app.button(key="q_propose_meeting").click().run()  # a second click: the way back still leads to the arranged one
    assert _plan_rows(demo_app, mid) != arranged
    demo_app.button(key="q_put_back_meeting").click().run()
    assert not page_errors(demo_app)
    assert _plan_rows(demo_app, mid) == arranged
    assert any(f"Your plan of {len(arranged)} questions is back as it was" in t.value for t in demo_app.toast)
    assert not _offered(demo_app)  # nothing left to put back


def test_the_way_back_is_offered_only_while_the_proposal_stands_untouched(demo_app):
    _arrange(demo_app)
    demo_app.button(key="q_propose_meeting").click().run()
    assert _offered(demo_app)
    choose_question(demo_app, plan_ids(demo_app)[1])
    demo_app.button(key="q_up_meeting").click().run()  # the proposal made the person's own
    assert not _offered(demo_app)


def test_put_back_after_another_tab_changed_the_proposal_says_so_and_changes_nothing(demo_app):
    mid, _ = _arrange(demo_app)
    demo_app.button(key="q_propose_meeting").click().run()
    con = db.open(db.path_from_env())   # another tab removes a question from the proposed plan
    ref = plans.meeting(mid)
    plans.remove(con, workbook_id(demo_app), ref, plans.items(con, workbook_id(demo_app), ref)[0]["question_id"])
    con.close()
    data_versions.bump(workbook_id(demo_app))
    changed = _plan_rows(demo_app, mid)
    demo_app.button(key="q_put_back_meeting").click().run()
    assert _plan_rows(demo_app, mid) == changed
    assert any("changed after the proposal" in e.value for e in demo_app.error)


def test_the_way_back_survives_a_reload_and_is_taken_once(demo_app):
    """A reload (a new session) lost the way back, and with it the arranged plan (a hostile tester)."""
    mid, arranged = _arrange(demo_app, must=True)
    demo_app.button(key="q_propose_meeting").click().run()
    reloaded = second_session(demo_app)
    open_questions(reloaded)
    reloaded.button(key="q_put_back_meeting").click().run()
    assert _plan_rows(demo_app, mid) == arranged
    demo_app.button(key="q_put_back_meeting").click().run()  # the first tab's button, stale: put back already
    assert _plan_rows(demo_app, mid) == arranged
    assert not _offered(demo_app) and not page_errors(demo_app)
