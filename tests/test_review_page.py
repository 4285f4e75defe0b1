"""Tier 2: the Review page through app.py — a full review, referrals, thank-you, keeping in touch, knowledge."""
import pytest

from streamlit.testing.v1 import AppTest

from lib import contacts, data_versions, db, reviews
from views.registry import PAGES
from tests.conftest import ROOT, open_box, open_page, open_tab, page_errors, run_cursor, workbook_id

pytestmark = pytest.mark.apptest

WATCHED = ("reviews", "review_history", "contacts", "organizations", "interactions")


def snapshot(at):
    con = run_cursor(at)
    return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in WATCHED}


def open_review(at):
    """The Review page; returns the meeting it offers first."""
    open_page(at, "review")
    return at.session_state["review_meeting"]


def fill_review(at, mid, insights="Teams plan ten years ahead.", usefulness=4, cadence=30):
    at.text_area(key=f"review_insights_{mid}").input(insights)
    at.text_area(key=f"review_not_online_{mid}").input("The flood lab shares its models with consultancies.")
    at.text_area(key=f"review_next_steps_{mid}").input("Attend the March seminar.")
    if usefulness is not None:
        at.radio(key=f"review_usefulness_{mid}").set_value(usefulness)
    at.selectbox(key=f"review_cadence_{mid}").set_value(cadence)
    at.button(key=f"FormSubmitter:review_form_{mid}-Save review").click().run()


def referral_key(at, mid, field: str) -> str | None:
    """The widget key of `field` in the referral form drawn now (each rendering has its own keys)."""
    prefix = f"referral_form_{mid}"
    return next((w.key for w in [*at.text_input, *at.checkbox]
                 if (w.key or "").startswith(prefix) and w.key.endswith(f"_{field}")), None)


def add_referral(at, mid, name, organization="", may_use=False):
    if referral_key(at, mid, "name") is None:
        open_box(at, f"referral_box_{mid}")  # "Add a person they suggested": its form is drawn from its first opening
    at.text_input(key=referral_key(at, mid, "name")).input(name)
    at.text_input(key=referral_key(at, mid, "org")).input(organization)
    at.checkbox(key=referral_key(at, mid, "may_use")).set_value(may_use)
    # The form is renewed after each referral (one action, one row), so its submit key changes: find it by label.
    next(b for b in at.button if b.label == "Add referral").click().run()


def test_the_meeting_waiting_for_a_review_is_offered_first(demo_app):
    mid = open_review(demo_app)
    assert reviews.get(run_cursor(demo_app), workbook_id(demo_app), mid) is None
    assert any("without a review" in w.value and "thank-you note is overdue" in w.value for w in demo_app.warning)


def test_a_full_review_with_two_referrals_and_a_thank_you(demo_app):
    mid = open_review(demo_app)
    wb = workbook_id(demo_app)
    fill_review(demo_app, mid)
    assert not page_errors(demo_app)
    assert any("Review saved" in s.value for s in demo_app.success)

    add_referral(demo_app, mid, "Lucas Petit", "Kestrel Flood Resilience Lab", may_use=True)
    add_referral(demo_app, mid, "Rosa Diaz", "Prairie Rivers Institute")
    assert not page_errors(demo_app)
    demo_app.button(key=f"FormSubmitter:thank_you_form_{mid}-Mark as sent").click().run()
    assert not page_errors(demo_app)

    con = run_cursor(demo_app)
    r = reviews.get(con, wb, mid)
    assert (r["insights"], r["usefulness"], r["keep_in_touch_days"]) == ("Teams plan ten years ahead.", 4, 30)
    assert r["thank_you_sent_on"] is not None and "The flood lab shares its models" in r["thank_you_note"]
    met = db.scalar(con, "SELECT contact_id FROM meetings WHERE id = ?", [mid])
    added = db.rows(con, "SELECT full_name, source, stage, referred_by_contact_id AS by, may_use_referrer_name AS may"
                         " FROM contacts WHERE full_name IN ('Lucas Petit', 'Rosa Diaz') ORDER BY full_name")
    assert added == [
        {"full_name": "Lucas Petit", "source": "referral", "stage": "identified", "by": met, "may": True},
        {"full_name": "Rosa Diaz", "source": "referral", "stage": "identified", "by": met, "may": False},
    ]
    names = demo_app.dataframe[0].value["Name"].tolist()
    assert "Lucas Petit" in names and "Rosa Diaz" in names


def test_editing_a_review_keeps_the_earlier_version(demo_app):
    mid = open_review(demo_app)
    fill_review(demo_app, mid, insights="First version")
    fill_review(demo_app, mid, insights="Second version")
    assert any("earlier version" in s.value for s in demo_app.success)
    assert [e.label for e in demo_app.expander if "Earlier versions" in e.label] == ["Earlier versions of this review (1)"]


def test_a_meeting_not_done_gets_a_clear_message_and_no_form(demo_app):
    demo_app.run()
    con = run_cursor(demo_app)
    planned = db.scalar(con, "SELECT min(id) FROM meetings WHERE status = 'planned'")
    before = snapshot(demo_app)
    demo_app.query_params["meeting"] = str(planned)
    demo_app.switch_page(PAGES["review"]).run()
    assert any("not done" in e.value for e in demo_app.error)
    assert not [f for f in demo_app.text_area if f.key and f.key.startswith("review_insights_")]
    assert snapshot(demo_app) == before


def test_a_review_submitted_after_the_meeting_stopped_being_done_is_refused_and_nothing_saved(demo_app):
    mid = open_review(demo_app)
    run_cursor(demo_app).execute("UPDATE meetings SET status = 'cancelled' WHERE id = ?", [mid])
    data_versions.bump(workbook_id(demo_app))  # another session's write, through lib, moves the version on
    before = snapshot(demo_app)
    fill_review(demo_app, mid)
    assert any("not done" in e.value for e in demo_app.error)
    assert snapshot(demo_app) == before


def test_only_the_open_tab_runs(demo_app):
    open_review(demo_app)
    assert not [t for t in demo_app.text_input if t.key == "kn_text"]
    open_tab(demo_app, "review_tab", "What you learned")
    assert [t for t in demo_app.text_input if t.key == "kn_text"]
    assert not [t for t in demo_app.text_area if (t.key or "").startswith("review_insights_")]


def test_a_review_without_usefulness_is_refused_with_a_message(demo_app):
    mid = open_review(demo_app)
    before = snapshot(demo_app)
    fill_review(demo_app, mid, usefulness=None)
    assert any("Rate how useful" in e.value for e in demo_app.error)
    assert snapshot(demo_app) == before


def test_a_review_without_insights_is_refused_by_the_app_under_the_button(demo_app):
    """Not by the browser's "required" mark, drawn at the top of the long form where nobody at the button sees it."""
    mid = open_review(demo_app)
    before = snapshot(demo_app)
    assert not demo_app.text_area(key=f"review_insights_{mid}").proto.required
    fill_review(demo_app, mid, insights="   ")
    assert any("Key insights is needed" in e.value for e in demo_app.error)
    assert snapshot(demo_app) == before


def test_a_referral_without_a_name_is_refused_and_nothing_saved(demo_app):
    mid = open_review(demo_app)
    before = snapshot(demo_app)
    add_referral(demo_app, mid, "   ", "A Brand New Organization")
    assert any("name is needed" in e.value for e in demo_app.error)
    assert not demo_app.text_input(key=referral_key(demo_app, mid, "name")).proto.required  # the app says so
    assert snapshot(demo_app) == before


def test_a_referral_already_in_the_workbook_is_linked_not_added_twice(demo_app):
    mid = open_review(demo_app)
    before = db.scalar(run_cursor(demo_app), "SELECT count(*) FROM contacts")
    add_referral(demo_app, mid, "grace kim", "kestrel flood resilience lab")
    assert any("already in your workbook" in s.value for s in demo_app.success)
    assert db.scalar(run_cursor(demo_app), "SELECT count(*) FROM contacts") == before


def losing_touch_table(at):
    found = [d.value for d in at.dataframe if "Next touch" in d.value.columns]
    return found[0] if found else None


def test_logging_we_talked_takes_a_person_off_the_losing_touch_list(demo_app):
    open_review(demo_app)
    open_tab(demo_app, "review_tab", "Keep in touch")
    assert "Aisha Bello" in losing_touch_table(demo_app)["Person"].tolist()
    aisha = db.scalar(run_cursor(demo_app), "SELECT id FROM contacts WHERE full_name = 'Aisha Bello'")
    demo_app.selectbox(key="touch_log_form_person").set_value(aisha)
    demo_app.button(key="FormSubmitter:touch_log_form-Log it").click().run()
    assert not page_errors(demo_app)
    assert any("Next touch with Aisha Bello" in s.value for s in demo_app.success)
    table = losing_touch_table(demo_app)
    assert table is None or "Aisha Bello" not in table["Person"].tolist()


def test_logging_we_talked_without_a_person_says_so_and_the_form_keeps_the_note(demo_app):
    open_review(demo_app)
    open_tab(demo_app, "review_tab", "Keep in touch")
    demo_app.text_input(key="touch_log_form_note").input("Coffee at the conference")
    demo_app.button(key="FormSubmitter:touch_log_form-Log it").click().run()
    assert any("Choose the person you were in touch with" in e.value for e in demo_app.error)
    assert demo_app.text_input(key="touch_log_form_note").value == "Coffee at the conference"


def test_searching_what_was_learned_shows_matching_reviews(demo_app):
    open_review(demo_app)
    open_tab(demo_app, "review_tab", "What you learned")
    demo_app.text_input(key="kn_text").input("modelling software").run()
    assert not page_errors(demo_app)
    assert any("1 review match" in c.value for c in demo_app.caption)
    assert any("Helen Nguyen" in t.value for t in demo_app.text)


def test_the_value_summary_shows_the_multiplier(demo_app):
    open_review(demo_app)
    open_tab(demo_app, "review_tab", "Value summary")
    metrics = {m.label: m.value for m in demo_app.metric}
    assert metrics["Network multiplier"] == "1.8×"
    assert metrics["Interviews done"] == "10 of 12"


def test_an_empty_workbook_says_what_to_do_first(app):
    open_page(app, "review")
    assert any("No meeting has taken place yet" in i.value for i in app.info)


def _all_text(at) -> str:
    parts = [e.value for kind in ("markdown", "text", "caption", "info", "warning", "success", "error")
             for e in getattr(at, kind)]
    parts += [d.value.to_csv() for d in at.dataframe]
    parts += [o for s in at.selectbox for o in s.options]
    return "\n".join(map(str, parts))


def test_screen_share_mode_hides_emails_phones_and_names_on_every_tab(demo_app, db_path):
    mid = open_review(demo_app)
    add_referral(demo_app, mid, "Rosa Diaz", "Prairie Rivers Institute")
    con = run_cursor(demo_app)
    private = [v for (v,) in con.execute(
        "SELECT email FROM contacts WHERE email IS NOT NULL UNION ALL SELECT phone FROM contacts WHERE phone IS NOT NULL"
    ).fetchall()]
    wb = workbook_id(demo_app)
    # names of other people inside free text (found by a hostile tester: shown in full on two tabs)
    con.execute("UPDATE reviews SET insights = insights || ' Ben Carter says hi; ask Noah.' WHERE workbook_id = ?",
                [wb])
    data_versions.bump(wb)
    shown = ""
    for tab in ("Review a meeting", "Keep in touch", "What you learned", "Value summary"):
        # A fresh session per tab, opened in share mode with initials, as a coach would open it.
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params.update({"wb": str(wb), "share": "true", "share_names": "true"})
        at.session_state["review_tab"] = tab
        open_page(at, "review")
        shown += _all_text(at)
    assert private and not [v for v in private if v in shown]
    assert "Rosa Diaz" not in shown and "Mei Lin Zhou" not in shown and "Aisha Bello" not in shown
    assert "Ben Carter" not in shown and "ask Noah" not in shown and "B. C. says hi; ask N." in shown
    assert "M. L. Z." in shown and "A. B." in shown  # the people are there, as initials


def test_a_thank_you_marked_sent_by_mistake_can_be_cleared(demo_app):
    mid = open_review(demo_app)
    fill_review(demo_app, mid)
    demo_app.button(key=f"FormSubmitter:thank_you_form_{mid}-Mark as sent").click().run()
    demo_app.button(key=f"thank_you_undo_{mid}").click().run()
    assert not page_errors(demo_app)
    wb = workbook_id(demo_app)
    assert reviews.get(run_cursor(demo_app), wb, mid)["thank_you_sent_on"] is None


def test_finding_a_meeting_by_name_narrows_the_list(demo_app, db_path):
    open_review(demo_app)
    con = run_cursor(demo_app)
    wb = workbook_id(demo_app)
    helen = db.scalar(con, "SELECT id FROM contacts WHERE full_name = 'Helen Nguyen'")
    for day in range(1, 30):  # enough meetings for the search box
        con.execute("INSERT INTO meetings (workbook_id, contact_id, scheduled_at, status)"
                    " VALUES (?, ?, TIMESTAMP '2026-01-01 09:00' - to_days(?), 'done')", [wb, helen, day])
    data_versions.bump(wb)  # as every lib write does: the page's caches see the change
    demo_app.run()
    demo_app.text_input(key="review_find").input("julia").run()
    assert not page_errors(demo_app)
    assert all("Julia Novak" in o for o in demo_app.selectbox(key="review_meeting").options)


def test_names_with_markdown_are_shown_as_typed(demo_app):
    mid = open_review(demo_app)
    add_referral(demo_app, mid, "**Zed** [x](javascript:alert(1))", "<b>Org</b>")
    assert not page_errors(demo_app)
    message = next(s.value for s in demo_app.success if "is now in your contacts" in s.value)
    # The word joiner (U+2060) after "javascript:" keeps Streamlit from reading a link or shortcode there.
    assert message.startswith(r"\*\*Zed\*\* \[x\](javascript:" + "\u2060" + "alert(1))")
    con = run_cursor(demo_app)
    assert db.scalar(con, "SELECT count(*) FROM contacts WHERE full_name = '**Zed** [x](javascript:alert(1))'") == 1


def test_the_review_asks_what_changes_in_the_plan_and_saves_it(demo_app):
    mid = open_review(demo_app)
    demo_app.text_area(key=f"review_plan_changes_{mid}").input("Flood forecasting moves up my list.")
    fill_review(demo_app, mid)
    assert not page_errors(demo_app)
    saved = reviews.get(run_cursor(demo_app), workbook_id(demo_app), mid)
    assert saved["plan_changes"] == "Flood forecasting moves up my list."


def test_what_i_saw_there_is_asked_only_for_a_meeting_at_their_workplace(demo_app):
    mid = open_review(demo_app)
    con, wb = run_cursor(demo_app), workbook_id(demo_app)
    fmt = db.scalar(con, "SELECT format FROM meetings WHERE id = ?", [mid])
    keys = {t.key for t in demo_app.text_area}
    assert (f"review_workplace_seen_{mid}" in keys) == (fmt == "workplace")
    workplace = db.scalar(con, "SELECT min(id) FROM meetings WHERE workbook_id = ? AND format = 'workplace'"
                               " AND status = 'done'", [wb])
    demo_app.session_state["review_meeting"] = workplace
    demo_app.run()
    open_box(demo_app, f"review_edit_box_{workplace}")  # reviewed already: its form waits in "Edit this review"
    assert f"review_workplace_seen_{workplace}" in {t.key for t in demo_app.text_area}


def test_the_value_summary_and_the_goal_show_what_the_conversations_changed(demo_app):
    open_review(demo_app)
    open_tab(demo_app, "review_tab", "Value summary")
    fit = next(e for e in demo_app.expander if "Fit and next steps" in e.label)
    shown = " ".join(t.value for t in fit.text)
    assert "utilities ahead of consultancies" in shown and "Eight years" in shown
    demo_app.switch_page(PAGES["goals"]).run()
    assert not page_errors(demo_app)
    assert any("What your conversations changed" in e.label for e in demo_app.expander)


def test_two_tabs_writing_the_first_review_of_a_meeting_show_the_clash_and_replace_nothing(demo_app):
    """Both tabs open a meeting with no review yet; A saves first. B's save is shown the clash, not stored over A's."""
    from tests.conftest import second_session

    a, b = demo_app, second_session(demo_app)
    mid = open_review(a)
    assert open_review(b) == mid and reviews.get(run_cursor(a), workbook_id(a), mid) is None
    fill_review(a, mid, insights="A: teams plan ten years ahead.")
    fill_review(b, mid, insights="B: they hire in spring.", usefulness=2)
    assert not page_errors(a) and not page_errors(b)
    stored = reviews.get(run_cursor(a), workbook_id(a), mid)
    assert (stored["insights"], stored["usefulness"]) == ("A: teams plan ten years ahead.", 4)
    assert reviews.history(run_cursor(a), workbook_id(a), mid) == []  # A's review was not pushed aside
    assert any("Someone else changed" in w.value for w in b.warning)
    clash = next(d.value for d in b.dataframe if "Yours" in d.value.columns).to_dict("records")
    assert {"Field": "Key insights", "Yours": "B: they hire in spring.",
            "Stored now": "A: teams plan ten years ahead."} in clash
    assert b.text_area(key=f"review_insights_{mid}").value == "B: they hire in spring."  # B's typing is kept
    assert not any("Review saved" in s.value for s in b.success)

    b.button(key=f"conflict_mine_review_form_{mid}").click().run()  # B chooses to keep theirs
    assert reviews.get(run_cursor(a), workbook_id(a), mid)["insights"] == "B: they hire in spring."
    assert [h["insights"] for h in reviews.history(run_cursor(a), workbook_id(a), mid)] == [
        "A: teams plan ten years ahead."]


def test_live_notes_beside_the_review_are_shown_as_text_and_hidden_on_a_shared_screen(demo_app):
    from lib import question_plans as plans
    from lib.text import md_escape

    mid = open_review(demo_app)
    wb = workbook_id(demo_app)
    first = plans.items(run_cursor(demo_app), wb, plans.meeting(mid))[0]["question_id"]
    hostile = "![x](http://127.0.0.1:9/x) ask about the unposted modelling job"
    plans.save_note(run_cursor(demo_app), wb, mid, first, hostile)
    demo_app.run()
    shown = "\n".join(m.value for m in demo_app.markdown)
    assert md_escape(hostile) in shown and hostile not in shown
    demo_app.toggle(key="share").set_value(True).run()  # the sidebar toggle
    shown = "\n".join(m.value for m in demo_app.markdown)
    assert "unposted modelling job" not in shown  # live notes are private on a shared screen, as in Step 4


def test_the_picker_says_which_meetings_are_reviewed_and_keeps_the_one_just_reviewed(demo_app):
    """The labels gave no sign of a review (found by a hostile tester)."""
    mid = open_review(demo_app)
    picker = demo_app.selectbox(key="review_meeting")
    before = picker.format_func(mid)
    assert "reviewed" not in before
    assert any(o.endswith(" · reviewed") for o in picker.options)  # the demo has reviewed meetings
    fill_review(demo_app, mid)
    assert not page_errors(demo_app)
    assert demo_app.selectbox(key="review_meeting").format_func(mid) == before + " · reviewed"
    assert demo_app.session_state["review_meeting"] == mid
    # the browser's old label for it: tests/browser/test_review_browser.py (AppTest sends only labels drawn)


def test_a_reviewed_meeting_reads_as_text_and_its_form_waits_in_edit_this_review(demo_app):
    """Read first, edit on demand: no inputs until the box is opened; the stored review is shown literally."""
    mid = open_review(demo_app)
    hostile = "**x** ![x](http://127.0.0.1:9/x) :red[y] <b>z</b>"
    fill_review(demo_app, mid, insights=hostile, usefulness=4, cadence=60)
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)  # a fresh visit, as another day
    other.query_params["wb"] = demo_app.query_params["wb"]
    other.query_params["meeting"] = str(mid)
    other.switch_page(PAGES["review"]).run()
    assert not page_errors(other)
    assert not [t for t in other.text_area if (t.key or "").startswith("review_")]  # no form drawn yet
    summary = next(m.value for m in other.markdown if "Key insights" in m.value)
    assert "\\*\\*x\\*\\*" in summary and "\\!\\[x\\]" in summary and "<b>" not in summary  # escaped
    assert "How useful: 4 · Very useful" in summary and "every two months (60 days)" in summary
    assert [e.label for e in other.expander if e.label == "Edit this review"]
    open_box(other, f"review_edit_box_{mid}")
    assert other.text_area(key=f"review_insights_{mid}").value == hostile  # the form holds the stored review
    other.text_area(key=f"review_insights_{mid}").input("Edited on another day.")
    other.button(key=f"FormSubmitter:review_form_{mid}-Save review").click().run()
    assert any("earlier version" in s.value for s in other.success)
    assert reviews.get(run_cursor(other), workbook_id(other), mid)["insights"] == "Edited on another day."


def test_with_initials_the_thank_you_note_is_signed_with_the_persons_initials(demo_app):
    """The person's own name signs the draft: on a shared screen with initials it is written as initials too, like
    the workbook named after them (found by a hostile tester)."""
    mid = open_review(demo_app)
    fill_review(demo_app, mid)
    coach = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    coach.query_params.update({"wb": str(workbook_id(demo_app)), "share": "true", "share_names": "true",
                               "meeting": str(mid)})
    open_page(coach, "review")
    note = " ".join(t.value for t in coach.text)
    assert "With thanks" in note  # the draft is shown, read-only
    assert "Mateo Alvarez" not in note and "M. A." in note


def test_referral_details_typed_for_a_meeting_deleted_in_another_tab_are_shown_to_copy(demo_app):
    """Typed in the referral form, then Add referral after the meeting went with its person: they were cleared."""
    mid = open_review(demo_app)
    person = reviews.meeting(run_cursor(demo_app), workbook_id(demo_app), mid)["contact_id"]
    open_box(demo_app, f"referral_box_{mid}")
    demo_app.text_input(key=referral_key(demo_app, mid, "name")).input("Alex **Referred**")
    demo_app.text_input(key=referral_key(demo_app, mid, "phone")).input("403 555 0199")
    contacts.delete(run_cursor(demo_app), workbook_id(demo_app), person)  # another tab
    next(b for b in demo_app.button if b.label == "Add referral").click().run()
    assert page_errors(demo_app) == ["That meeting is not in this workbook any more."]  # the refusal, said
    assert any("no longer in this workbook" in w.value for w in demo_app.warning)
    assert [c.value for c in demo_app.code] == ["Referral · Name:\nAlex **Referred**\n\nReferral · Phone:\n403 555 0199"]
    assert db.scalar(run_cursor(demo_app), "SELECT count(*) FROM contacts WHERE full_name LIKE 'Alex%'") == 0


def test_a_review_typed_for_a_meeting_deleted_in_another_tab_is_shown_to_copy_and_the_picker_moves_on(demo_app):
    """The tab showed another person's meeting under the deleted one's name, and the typing was gone without a
    word (a hostile tester)."""
    mid = open_review(demo_app)
    typed = "Precious typed insight, with **stars** and :red[colour]"
    person = reviews.meeting(run_cursor(demo_app), workbook_id(demo_app), mid)["contact_id"]
    contacts.delete(run_cursor(demo_app), workbook_id(demo_app), person)  # another tab
    demo_app.text_area(key=f"review_insights_{mid}").input(typed)
    demo_app.button(key=f"FormSubmitter:review_form_{mid}-Save review").click().run()
    assert not page_errors(demo_app)
    assert demo_app.selectbox(key="review_meeting").value not in (None, mid)
    assert any("no longer in this workbook" in w.value for w in demo_app.warning)
    assert [c.value for c in demo_app.code] == [f"Key insights:\n{typed}"]  # as typed, as text
    demo_app.sidebar.toggle(key="share").set_value(True).run()   # a shared screen: said, not shown
    assert any("turn screen-share mode off to see" in w.value for w in demo_app.warning)
    assert not any(typed in c.value for c in demo_app.code)
    demo_app.sidebar.toggle(key="share").set_value(False).run()
    demo_app.button(key=f"review_left_drop_{mid}").click().run()
    assert not any("no longer in this workbook" in w.value for w in demo_app.warning)
    assert not demo_app.code


def test_a_page_left_and_opened_again_shows_the_meeting_last_chosen(demo_app):
    """Streamlit forgets a page's picker while another page is shown: coming back showed the first meeting."""
    first = open_review(demo_app)
    done = [m["id"] for m in reviews.done_meetings(run_cursor(demo_app), workbook_id(demo_app))]
    other = next(mid for mid in done if mid != first)
    demo_app.selectbox(key="review_meeting").set_value(other).run()
    open_page(demo_app, "goals")
    demo_app.query_params.pop("meeting", None)   # the sidebar's link carries no ?meeting= (AppTest keeps it)
    assert open_review(demo_app) == other


def test_names_as_initials_reach_the_meeting_picker(demo_app):
    demo_app.query_params["share"] = "true"
    demo_app.query_params["share_names"] = "true"
    open_review(demo_app)
    options = demo_app.selectbox(key="review_meeting").options
    assert any(" · J. N. (Bow River Water Partners)" in o for o in options)
    assert not any("Julia Novak" in o for o in options)
