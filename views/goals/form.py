"""The goal form: filled with the saved goal (never over what the person typed), a worked example to start from,
guidance beside each part, and its save."""
from __future__ import annotations

import streamlit as st

from lib import business_days, goals, wording
from views import forms, kit, layout, ui

KEYS = {name: f"goal_{name}" for name in goals.FIELDS}
BOX_KEY = "goal_box"  # "Edit your goal": the form, drawn from its first opening on (closed once a goal is saved)
NOTE_KEY = "goal_change_note"
TEXT_FIELDS = ("purpose", "intentions", "target_roles", "target_industries", "location", "career_direction",
               "what_you_bring", "fit_to_test", "holiday_country", "holiday_subdivision")


def _widget_values(values: dict) -> dict[str, object]:
    """Goal fields as the form's widgets hold them (widget key -> value; text never None)."""
    return {KEYS[n]: (v or "") if n in TEXT_FIELDS else v for n, v in values.items() if n in KEYS}


def saved_values(ctx: kit.Context, goal: goals.Goal | None) -> dict:
    """What the form opens with: the saved goal, or a first goal's defaults."""
    if goal is None:
        return {name: None for name in goals.FIELDS} | {
            "target_interviews": goals.DEFAULT_TARGET, "start_date": ctx.today}
    return {name: getattr(goal, name) for name in goals.FIELDS}


def open_form(ctx: kit.Context, goal: goals.Goal | None) -> None:
    """Fill the form with the saved goal: after each save, on another workbook, or when the widgets were dropped
    (Streamlit forgets a page's widgets while another page is shown). Never over what the person typed: a goal
    saved meanwhile in another session is merged or shown (forms.edit_form)."""
    version = goal.version if goal else 0
    opened = saved_values(ctx, goal)
    kit.prefill({NOTE_KEY: ""}, when=st.session_state.get("_goal_form_for") != (ctx.wb.id, version))
    st.session_state["_goal_form_for"] = (ctx.wb.id, version)
    forms.edit_form("goal_form", ctx.wb.id, version, _widget_values(opened), opened,
                    {KEYS[n]: goals.LABELS[n] for n in goals.FIELDS}, {k: n for n, k in KEYS.items()})


def _use_example() -> None:
    chosen = next(e for e in goals.examples() if e["key"] == st.session_state["goal_example"])
    kit.prefill(_widget_values(chosen["values"]), when=True)
    forms.flash("goal_example", "info", f"The form now holds the example “{chosen['title']}”. "
                "Make it yours, then save.")
    if not st.session_state.get(BOX_KEY):
        st.session_state[BOX_KEY] = True  # the form opens, holding the example


def examples(goal: goals.Goal | None) -> None:
    """Start from a worked example: it fills the form, nothing is saved. Drawn only while open (a selectbox and
    a button nobody needs once a goal is saved)."""
    box = layout.folded("Start from a worked example", key="goal_examples_box", icon=":material/lightbulb:",
                        expanded=goal is None)
    if box is None:
        return
    with box:
        by_key = {e["key"]: e for e in goals.examples()}
        choice = st.selectbox("Example", list(by_key), format_func=lambda k: by_key[k]["title"], key="goal_example")
        example = by_key[choice]
        st.caption(example["who"])
        st.text(example["values"]["purpose"])
        st.button("Use this example in the form", key="goal_use_example", on_click=ui.callback(_use_example),
                  icon=":material/edit_note:", disabled=not ui.editable(),  # no form on a shared screen
                  help="Replaces what is in the form; nothing is saved until you save.")
        forms.feedback("goal_example")  # under the button that was pressed, not at the page top


def _purpose() -> None:
    left, right = st.columns([1, 1], gap="large")
    left.subheader("Purpose", help=layout.method_help("M1", "M2"))
    left.text_area(goals.LABELS["purpose"], key=KEYS["purpose"], height=130,
                   placeholder="For example: how my field is organised here, and which skills matter locally.")
    right.info(
        "**The purpose is to learn, not to get a job.** An informational interview is a short "
        "conversation about a role, an organization or an industry. Write what you want to come away "
        "knowing before you book anything.", icon=":material/school:")

    left, right = st.columns([1, 1], gap="large")
    left.text_area(goals.LABELS["intentions"], key=KEYS["intentions"], height=130,
                   placeholder="Why these people? Why now? What will you do with what you learn?",
                   help=layout.method_help("M3"))
    right.info(
        "**Look at your intentions.** Three questions help: why these people, why at this moment, "
        "and what you will do with what they tell you. Clear answers make your requests honest and short.",
        icon=":material/psychology:")


def _where_and_fit() -> None:
    left, right = st.columns([1, 1], gap="large")
    left.subheader("Where you are looking", help=layout.method_help("M5"))
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
    left.subheader("Fit: you and the work", help=layout.method_help("M30", "M31"))
    left.text_area(goals.LABELS["what_you_bring"], key=KEYS["what_you_bring"], height=90,
                   placeholder="Skills, experience and ways of working you would offer a team.")
    left.text_area(goals.LABELS["fit_to_test"], key=KEYS["fit_to_test"], height=90,
                   placeholder="e.g. Do I prefer design or managing projects? A large firm or a small one?")
    right.info(
        "**Each conversation also tells you about yourself.** Note what you bring and what you want to "
        "find out about fit: which roles suit your skills and temperament, and what the next step could be. "
        "Knowing what you bring lets you talk as one professional to another, not as someone asking a favour. "
        "Your reviews come back to these two notes.", icon=":material/balance:")


def _target() -> None:
    left, right = st.columns([1, 1], gap="large")
    left.subheader("Your target", help=layout.method_help("M4", "M6", "M7"))
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


def _saver(ctx: kit.Context):
    def save(changes: dict, opened) -> goals.Goal:
        fields = {name: changes[key] for name, key in KEYS.items() if key in changes}
        return goals.save(ctx.cur, ctx.wb.id, today=ctx.today, opened=opened,
                          change_note=st.session_state.get(NOTE_KEY), **fields)
    return save


def _save(ctx: kit.Context, version_before: int) -> None:
    """Callback of Save goal: saved before the page is drawn, for the workbook the form was drawn in (a save in the
    page body, coalesced with a quick switch in the sidebar, ran on the workbook switched to: a hostile tester), so
    the summary above shows the saved goal in the same run."""
    saved = forms.save_edit("goal_form", _saver(ctx), unchanged="Nothing changed: your goal is as it was.",
                            success=lambda g: f"Goal saved (version {g.version}). "
                            "Home now measures your progress against it.")
    if saved is not None and saved.version == version_before:
        forms.flash("goal_form", "info", "Nothing changed: your goal is as it was.")


def _draw(ctx: kit.Context, goal: goals.Goal | None) -> None:
    """The form's widgets, with guidance beside each part; Save goal saves in its callback."""
    with st.form("goal_form"):
        _purpose()
        _where_and_fit()
        _target()
        if goal is not None:
            st.text_input(goals.LABELS["change_note"] + " (optional)", key=NOTE_KEY,
                          placeholder="e.g. Moved the date: two meetings fell through in March.",
                          help="Kept with this version, so you can see later how your plan moved.")
        st.form_submit_button("Save goal", type="primary", icon=":material/save:", on_click=ui.callback(_save),
                              args=(ctx, goal.version if goal else 0))


def summary(goal: goals.Goal | None) -> None:
    """The saved goal at a glance, masked on a shared screen: what a returning visit reads (the form, sixteen
    inputs, waits in "Edit your goal")."""
    if goal is None:
        return
    with st.container(border=True, key="goal_summary"):
        st.markdown(summary_markdown(goal))


def summary_markdown(goal: goals.Goal) -> ui.Md:
    """Every saved field, one line each, user text escaped (and masked in screen-share mode)."""
    def line(label: str, value: object) -> ui.Md:
        return ui.md(f"**{label}:** {{value}}", value=value)

    target = wording.plural(goal.target_interviews, "interview")
    if goal.target_date:
        target += f" by {wording.day(goal.target_date)}"
    if goal.start_date:
        target += f", from {wording.day(goal.start_date)}"
    if goal.weekly_pace:
        target += f", {goal.weekly_pace:g} a week"
    lines = [line("Target", target)]
    where = " · ".join(v for v in (goal.target_roles, goal.target_industries, goal.location) if v)
    if where:
        lines.append(line("Looking at", where))
    lines += [line(goals.LABELS[n], getattr(goal, n))
              for n in ("purpose", "intentions", "career_direction", "what_you_bring", "fit_to_test") if getattr(goal, n)]
    if goal.holiday_country:
        place = business_days.country_name(goal.holiday_country)
        lines.append(line("Reminders skip", f"weekends and the public holidays of {place}"
                          + (f" ({goal.holiday_subdivision})" if goal.holiday_subdivision else "")))
    return ui.Md("\n\n".join(lines))


def goal_form(ctx: kit.Context, goal: goals.Goal | None) -> None:
    """The form in "Edit your goal" (read-only on a shared screen: the summary above shows the goal masked), its
    save and what the save did."""
    if not ui.editable():  # the form would show unmasked text, and saving masked text would store the dots
        ui.read_only_note()
        return
    box = layout.opened_once("Edit your goal", key=BOX_KEY, expanded=goal is None, icon=":material/edit_note:")
    if box is None:
        return
    with box:
        _draw(ctx, goal)
    forms.edit_status("goal_form", _saver(ctx))
