"""Keeping in touch: who is slipping away, logging a contact, each person's cadence, and what was logged lately."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import keep_in_touch, vocab, wording
from lib.errors import Invalid
from views import extra_clicks, forms, kit, layout, ui, whole


def open_contact_link() -> None:
    """A link with ?contact=ID (Home, a person's page) opens Keep in touch with that person chosen, once."""
    if "contact" not in st.query_params:
        return
    requested = kit.take_url("contact") or ""
    st.session_state["review_tab"] = "Keep in touch"
    st.session_state["_touch_requested"] = int(requested) if requested.isdigit() else -1


def _choose_linked_person(names: dict[int, str]) -> None:
    with whole.hold():  # taken and set together (a newer click stopping the run between lost it)
        requested = st.session_state.pop("_touch_requested", None)
        if requested in names:  # set before the pickers are drawn: both forms open on that person
            st.session_state["cadence_person"] = requested
            st.session_state[forms.one_shot_key(forms.one_shot(_LOG), "person")] = requested
    if requested is not None and requested not in names:
        st.info("You have not met the person in that link yet (or they are not in this workbook): plan keeping "
                "in touch once you have met them.", icon=":material/person_search:")


def _losing_touch(ctx: kit.Context) -> None:
    st.subheader("Losing touch")
    due = keep_in_touch.losing_touch(ctx.cur, ctx.wb.id, ctx.today, within_days=14)
    if due:
        frame = pd.DataFrame(due)
        frame["When"] = frame["days_overdue"].map(
            lambda d: f"{d} days overdue" if d > 0 else ("today" if d == 0 else f"in {-d} days"))
        frame["Every"] = frame["keep_in_touch_days"].map(lambda d: f"{d} days")
        frame = frame.rename(columns={"full_name": "Person", "organization": "Organization",
                                      "last_touch": "Last in touch", "next_touch_on": "Next touch"})
        st.dataframe(ui.masked(frame[["Person", "Organization", "Every", "Last in touch", "Next touch", "When"]]),
                     hide_index=True, width="stretch", placeholder="")
        st.caption("Overdue first, then anyone due in the next two weeks. A planned meeting counts as a touch.")
    else:
        st.success("Nobody is slipping away: every keep-in-touch date is more than two weeks off.",
                   icon=":material/handshake:")
    unplanned = keep_in_touch.met_without_cadence(ctx.cur, ctx.wb.id)
    if unplanned:
        names = ", ".join(ui.masked_name(p["full_name"]) for p in unplanned[:8])
        more = f" and {len(unplanned) - 8} more" if len(unplanned) > 8 else ""
        st.info(ui.md("You met {names}{more} but have no plan to keep in touch yet. Choose a cadence below.",
                      names=ui.text(names), more=more), icon=":material/person_alert:")


_LOG = "touch_log_form"  # the one-shot form's name
_LOGGED = "touch_log"  # where what its click did is said (under the columns)


def _log_form(ctx: kit.Context, names: dict[int, str], column) -> None:
    """We talked: log any contact (one row per click, however quick the clicks); it resets their reminder.
    The form is drawn in `column`; what its click did is said below the columns. It saves in the button's callback
    (a second quick click cannot cut the first one's run short), each rendering with widget keys of its own."""
    form = forms.one_shot(_LOG)  # quick repeated clicks log once (lib/actions.py)

    def key(field: str) -> str:
        return forms.one_shot_key(form, field)

    with column, st.form(form):
        st.markdown("**We talked**: log any contact; it resets their reminder.")
        st.selectbox("Person", list(names), format_func=lambda i: names[i],
                     key=key("person"), index=None, placeholder="Choose someone you met")
        st.selectbox("What happened", list(vocab.INTERACTION_KINDS),
                     format_func=lambda k: vocab.INTERACTION_KINDS[k], key=key("kind"))
        st.date_input("When", value=ctx.today, max_value=ctx.today, key=key("on"), format=wording.DATE_INPUT_FORMAT)
        st.text_input("Note (optional)", key=key("note"))
        st.form_submit_button("Log it", on_click=ui.callback(_log), args=(ctx, names, form))
    extra_clicks.widgets_drawn(_LOG, form)


def _log(ctx: kit.Context, names: dict[int, str], form: str) -> None:
    typed = {f: st.session_state.get(forms.one_shot_key(form, f)) for f in ("person", "kind", "on", "note")}
    who = typed["person"]

    def log(token: str):
        if who is None:  # checked here, after run_once has told an extra click of the last save from a person's own
            raise Invalid("Choose the person you were in touch with.")
        return keep_in_touch.log_interaction(ctx.cur, ctx.wb.id, who, happened_on=typed["on"], kind=typed["kind"],
                                             note=typed["note"], token=token)

    if forms.run_once(_LOG, form, log, "Logged", where=_LOGGED):
        nxt = keep_in_touch.schedule_of(ctx.cur, ctx.wb.id, who)
        forms.flash(_LOGGED, "success",
                    f"Logged. Next touch with {names.get(who, 'them')}: {wording.day(nxt['next_touch_on'])}." if nxt
                    else f"Logged contact with {names.get(who, 'them')}.")


# "No reminders" as a choice: a selectbox shows a None option as its empty placeholder ("Choose an option").
NO_REMINDERS = 0
CADENCES = {NO_REMINDERS if days is None else days: label for days, label in vocab.KEEP_IN_TOUCH.items()}


def cadence_choice(days: int | None) -> int:
    """The selectbox's option for a stored cadence (None: no reminders)."""
    return days if days in CADENCES else NO_REMINDERS


def cadence_days(choice: int | None) -> int | None:
    """The cadence to store for a selectbox option."""
    return choice or None


def _cadence_form(ctx: kit.Context, people: list[dict], who: int) -> None:
    """How often: the chosen person's cadence, an edit form that never loses an edit."""
    person = next(p for p in people if p["id"] == who)
    forms.edit_form("cadence_form", who, person["version"], {"cadence_days": cadence_choice(person["keep_in_touch_days"])},
                    person, {"cadence_days": "Keep in touch"}, {"cadence_days": "keep_in_touch_days"})

    def save(changes: dict, opened) -> None:
        keep_in_touch.set_cadence(ctx.cur, ctx.wb.id, who, cadence_days(changes["cadence_days"]), opened=opened)

    with st.form("cadence_form"):
        st.selectbox("Keep in touch", list(CADENCES), format_func=CADENCES.get, key="cadence_days")
        st.form_submit_button("Save cadence", on_click=ui.callback(forms.save_edit),
                              args=("cadence_form", save, "Cadence saved"))
    forms.edit_status("cadence_form", save, "Cadence saved")


def _recent(ctx: kit.Context) -> None:
    recent = keep_in_touch.recent_interactions(ctx.cur, ctx.wb.id)
    if not recent:
        return
    frame = pd.DataFrame(recent)
    frame["kind"] = frame["kind"].map(lambda k: vocab.label(vocab.INTERACTION_KINDS, k))
    frame = frame.rename(columns={"happened_on": "When", "full_name": "Person", "kind": "What", "note": "Note"})
    st.caption("Recently logged")
    st.dataframe(ui.masked(frame), hide_index=True, width="stretch", placeholder="")


def touch_tab(ctx: kit.Context) -> None:
    _losing_touch(ctx)
    people = keep_in_touch.people_met(ctx.cur, ctx.wb.id)
    if not people:
        _choose_linked_person({})
        layout.empty_state("Once you have met someone, you can plan how often to stay in touch here.",
                       "outreach", "Go to Outreach", query_params=ctx.link(view="meetings"))
        return
    names = {p["id"]: ui.masked_name(p["full_name"])
             + (f" ({ui.masked_text(p['organization'])})" if p["organization"] else "")
             for p in people}
    _choose_linked_person(names)
    left, right = st.columns(2, gap="large")
    _log_form(ctx, names, left)
    forms.feedback(_LOGGED)
    with right:
        st.markdown("**How often**: a cadence per person.")
        # The person is chosen first, so the form opens with their cadence and its version (no lost edit).
        who = st.selectbox("Person", list(names), format_func=lambda i: names[i],
                           key="cadence_person", index=None, placeholder="Choose someone you met")
        if who is not None:
            _cadence_form(ctx, people, who)
    _recent(ctx)
