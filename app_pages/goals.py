"""Step 1 · Goals: what the person wants to learn, why, and a target the app checks for realism."""
from datetime import date

import pandas as pd
import streamlit as st

from lib import business_days, goals, knowledge, next_actions
from views import forms, ui
from lib import wording

wb = ui.current_workbook()
con = ui.db()
today = date.today()
goal = goals.get(con, wb.id)

KEYS = {name: f"goal_{name}" for name in goals.FIELDS}
NOTE_KEY = "goal_change_note"
FLASH_KEY = "_goal_flash"
TEXT_FIELDS = ("purpose", "intentions", "target_roles", "target_industries", "location", "career_direction",
               "what_you_bring", "fit_to_test", "holiday_country", "holiday_subdivision")


def _fill_form(values: dict) -> None:
    """Put values into the form's widgets (before they are drawn, or from a callback)."""
    for name, key in KEYS.items():
        if name in values:
            value = values[name]
            st.session_state[key] = (value or "") if name in TEXT_FIELDS else value


def _saved_values() -> dict:
    if goal is None:
        return {name: None for name in goals.FIELDS} | {
            "target_interviews": goals.DEFAULT_TARGET, "start_date": today}
    return {name: getattr(goal, name) for name in goals.FIELDS}


def _use_example() -> None:
    chosen = next(e for e in goals.examples() if e["key"] == st.session_state["goal_example"])
    _fill_form(chosen["values"])
    st.session_state[FLASH_KEY] = ("info", f"The form now holds the example “{chosen['title']}”. "
                                   "Make it yours, then save.")


# The form shows the saved goal; it is filled again after each save, on another workbook, or when the
# widgets were dropped (Streamlit forgets a page's widgets while another page is shown).
# Never over what the person typed: a goal saved meanwhile in another session is merged or shown (forms.edit_form).
_opened = _saved_values()
if st.session_state.get("_goal_form_for") != (wb.id, goal.version if goal else 0):
    st.session_state[NOTE_KEY] = ""
    st.session_state["_goal_form_for"] = (wb.id, goal.version if goal else 0)
forms.edit_form("goal_form", wb.id, goal.version if goal else 0,
             {KEYS[n]: (v or "") if n in TEXT_FIELDS else v for n, v in _opened.items()}, _opened,
             {KEYS[n]: goals.LABELS[n] for n in goals.FIELDS}, {k: n for n, k in KEYS.items()})

ui.step_header(
    "Goals", "Step 1",
    "Decide what you want to learn, and why, before you book anything. Done when your purpose, "
    "a target number of conversations and a date are saved.",
)

# ---- where the saved goal stands ----------------------------------------------------------------
if goal is not None:
    check = goals.pace_check(target=goal.target_interviews, done=next_actions.interviews_done(con, wb.id),
                             weekly_pace=goal.weekly_pace, target_date=goal.target_date, today=today)
    show = st.warning if check.warn else st.success if check.status in ("on_track", "reached") else st.info
    show(check.message, icon=":material/speed:")
    for note in check.notes:
        st.info(note, icon=":material/hourglass_top:")
else:
    ui.empty_state(
        "No goal yet. Write what you want to learn below, or start from one of the worked examples, "
        "then save. Nothing is booked or sent from here: this step is about being clear first."
    )

# ---- worked examples --------------------------------------------------------------------------
with st.expander("Start from a worked example", icon=":material/lightbulb:", expanded=goal is None):
    examples = goals.examples()
    by_key = {e["key"]: e for e in examples}
    choice = st.selectbox("Example", list(by_key), format_func=lambda k: by_key[k]["title"], key="goal_example")
    example = by_key[choice]
    st.caption(example["who"])
    st.text(example["values"]["purpose"])
    st.button("Use this example in the form", key="goal_use_example", on_click=ui.callback(_use_example),
              icon=":material/edit_note:", help="Replaces what is in the form; nothing is saved until you save.")
    flash = st.session_state.pop(FLASH_KEY, None)  # under the button that was pressed, not at the page top
    if flash:
        kind, message = flash
        (st.success if kind == "success" else st.info)(message, icon=":material/check_circle:")

# ---- the form, with guidance beside each part --------------------------------------------------
submitted = False
if not ui.editable():  # the form would show unmasked text, and saving masked text would store the dots
    ui.read_only_note()
    for name in TEXT_FIELDS:
        if _opened.get(name):
            st.caption(goals.LABELS[name])
            ui.text_block(_opened[name])
else:
    with st.form("goal_form"):
        left, right = st.columns([1, 1], gap="large")
        left.subheader("Purpose", help=ui.method_help("M1", "M2"))
        left.text_area(goals.LABELS["purpose"], key=KEYS["purpose"], height=130,
                       placeholder="For example: how my field is organised here, and which skills matter locally.")
        right.info(
            "**The purpose is to learn, not to get a job.** An informational interview is a short "
            "conversation about a role, an organization or an industry. Write what you want to come away "
            "knowing before you book anything.", icon=":material/school:")

        left, right = st.columns([1, 1], gap="large")
        left.text_area(goals.LABELS["intentions"], key=KEYS["intentions"], height=130,
                       placeholder="Why these people? Why now? What will you do with what you learn?",
                       help=ui.method_help("M3"))
        right.info(
            "**Look at your intentions.** Three questions help: why these people, why at this moment, "
            "and what you will do with what they tell you. Clear answers make your requests honest and short.",
            icon=":material/psychology:")

        left, right = st.columns([1, 1], gap="large")
        left.subheader("Where you are looking", help=ui.method_help("M5"))
        a, b = left.columns(2)
        a.text_input(goals.LABELS["target_roles"], key=KEYS["target_roles"], placeholder="e.g. Project engineer")
        b.text_input(goals.LABELS["target_industries"], key=KEYS["target_industries"],
                     placeholder="e.g. Public utilities")
        left.text_input(goals.LABELS["location"] + " (city or region)", key=KEYS["location"],
                        placeholder="e.g. the city you live in or moved to")
        left.text_area(goals.LABELS["career_direction"], key=KEYS["career_direction"], height=80,
                       placeholder="Where you would like to be in one to three years.")
        right.info(
            "**Think long term.** Name the roles, industries and the place you are exploring, and the "
            "direction you are heading. Each conversation is one step of a longer plan, not a shortcut.",
            icon=":material/explore:")

        left, right = st.columns([1, 1], gap="large")
        left.subheader("Fit: you and the work", help=ui.method_help("M30", "M31"))
        left.text_area(goals.LABELS["what_you_bring"], key=KEYS["what_you_bring"], height=90,
                       placeholder="Skills, experience and ways of working you would offer a team.")
        left.text_area(goals.LABELS["fit_to_test"], key=KEYS["fit_to_test"], height=90,
                       placeholder="e.g. Do I prefer design or managing projects? A large firm or a small one?")
        right.info(
            "**Each conversation also tells you about yourself.** Note what you bring and what you want to "
            "find out about fit: which roles suit your skills and temperament, and what the next step could be. "
            "Knowing what you bring lets you talk as one professional to another, not as someone asking a favour. "
            "Your reviews come back to these two notes.", icon=":material/balance:")

        left, right = st.columns([1, 1], gap="large")
        left.subheader("Your target", help=ui.method_help("M4", "M6", "M7"))
        a, b = left.columns(2)
        a.number_input("Target interviews", key=KEYS["target_interviews"], step=1,
                       help=f"From {goals.MIN_TARGET} to {goals.MAX_TARGET}. Ten is a good first target.")
        b.number_input(goals.LABELS["weekly_pace"], key=KEYS["weekly_pace"], step=0.5, format="%.1f",
                       placeholder="e.g. 1.0", help="How many conversations a week you can prepare for and hold.")
        a.date_input(goals.LABELS["start_date"], key=KEYS["start_date"], format=wording.DATE_INPUT_FORMAT)
        b.date_input(goals.LABELS["target_date"], key=KEYS["target_date"], format=wording.DATE_INPUT_FORMAT,
                     help="Today or later. A few months ahead gives relationships time to grow.")
        countries = [""] + list(business_days.COMMON) + sorted(set(business_days.countries()) - set(business_days.COMMON))
        a, b = left.columns(2)
        a.selectbox(goals.LABELS["holiday_country"], countries, key=KEYS["holiday_country"],
                    format_func=lambda c: business_days.country_name(c) if c else "Weekends only",
                    help="Follow-up reminders count business days: weekends and this place's public holidays are skipped.")
        b.text_input(goals.LABELS["holiday_subdivision"], key=KEYS["holiday_subdivision"], max_chars=10,
                     placeholder="e.g. AB", help="Its code, for regional holidays (AB for Alberta, ON for Ontario); "
                     "leave empty for national holidays only.")
        right.info(
            "**Aim for about ten conversations with people in different roles**, and give yourself "
            "weeks or months: trust grows slowly. Most of the work is preparation: research and "
            "questions come before every call. The app warns you if your pace cannot reach the target "
            "by the date.", icon=":material/flag:")

        if goal is not None:
            st.text_input(goals.LABELS["change_note"] + " (optional)", key=NOTE_KEY,
                          placeholder="e.g. Moved the date: two meetings fell through in March.",
                          help="Kept with this version, so you can see later how your plan moved.")
        submitted = st.form_submit_button("Save goal", type="primary", icon=":material/save:")



def _save_goal(changes: dict, opened) -> goals.Goal:
    fields = {name: changes[key] for name, key in KEYS.items() if key in changes}
    return goals.save(con, wb.id, today=today, opened=opened, change_note=st.session_state.get(NOTE_KEY), **fields)


if submitted:
    before = goal.version if goal else 0
    saved = forms.save_edit("goal_form", _save_goal, unchanged="Nothing changed: your goal is as it was.",
                         success=lambda g: f"Goal saved (version {g.version}). Home now measures your progress against it.")
    if saved is not None and saved.version == before:
        st.session_state["_flash_goal_form"] = ("info", "Nothing changed: your goal is as it was.")
    if saved is not None or "_conflict_goal_form" not in st.session_state:
        st.rerun()
forms.edit_status("goal_form", _save_goal)

# ---- earlier versions (M28) ---------------------------------------------------------------------
versions = goals.history(con, wb.id)
if len(versions) > 1:
    with st.expander(f"How your goal has changed ({wording.plural(len(versions) - 1, 'earlier version')})",
                     icon=":material/history:"):
        st.caption("Look back at these when you review your progress: adjusting the plan is part of the method.",
                   help=ui.method_help("M28"))
        frame = pd.DataFrame([{
            "Version": v["version"],
            "Saved": v["saved_at"],
            "Target": v["target_interviews"],
            "Target date": v["target_date"],
            "Per week": v["weekly_pace"],
            "What changed": "; ".join(v["changes"]),
            "Note": v["change_note"],
        } for v in versions])
        st.dataframe(ui.masked(frame), hide_index=True, key="goal_history_table",
                     column_config={"Saved": st.column_config.DatetimeColumn(format=wording.DATETIME_COLUMN_FORMAT),
                                    "Target date": st.column_config.DateColumn(format=wording.DATE_COLUMN_FORMAT)}, placeholder="")

# ---- what the conversations changed (M28, M30) ----------------------------------------------------
changed = knowledge.fit_review(con, wb.id)["entries"]
if changed:
    with st.expander(f"What your conversations changed ({len(changed)})", icon=":material/alt_route:"):
        st.caption("From your reviews: read these when you adjust your goal, step by step.",
                   help=ui.method_help("M28", "M30"))
        for e in changed:
            who = " · ".join(filter(None, [f"{wording.day(e['met_on'])}", ui.masked_name(e["person"]),
                                           ui.masked_text(e["organization"])]))
            lines = [x for x in (e["plan_changes"], e["workplace_seen"] and f"Seen there: {e['workplace_seen']}") if x]
            st.text(who + "\n" + "\n".join(ui.masked_text(x) for x in lines))
