"""Step 3 · Outreach: a script per channel, checked against the method; the attempt log with 3B7
follow-ups; meetings with a calendar file."""
import functools
from datetime import date
from urllib.parse import urlsplit

import streamlit as st

from lib import calendar_export, meetings, outreach, readiness, scripts, vocab
from views import forms, ui
from lib import db as database
from lib import wording
from lib.errors import NotFound
from lib.wording import plural

PAGE_SIZE = 20
FOLLOW_UP_PAGE = 10
CONTACT_KEY = "outreach_contact"
KIND_KEY = "outreach_kind"
TABS_KEY = "outreach_tabs"
TABS = ["Write", "Attempts", "Follow-ups", "Meetings"]
VIEWS = {"write": "Write", "attempts": "Attempts", "follow-ups": "Follow-ups", "meetings": "Meetings"}  # ?view=
CONTACT_SHOWN = "_outreach_contact_shown"   # the Person picker's label as last drawn
URL_SEEN = "_outreach_url_contact"   # the ?contact= this page last opened or wrote
MEETING_PICK = "meeting_pick"
PICK_PERSON = "meeting_pick_person"   # the person the meeting picker last followed
LOGGED_FLASH = "_outreach_logged"   # the attempt just logged, shown under the renewed form
SCHEDULED_FLASH = "_outreach_scheduled"   # (meeting id, warnings) of a meeting booked on the Meetings tab
# A due reminder of this kind -> the script that answers it, opened when a link brings the person here.
SCRIPT_FOR_REMINDER = {"follow_up": "follow_up", "call_again": "phone", "move_on": "graceful_no"}

wb = ui.current_workbook()
con = ui.db()
DB_KEY = str(database.path_from_env())   # cached results belong to one database file
ui.step_header(
    "Outreach", "Step 3",
    "Ask for a short conversation the right way, keep track of every attempt, and book the meeting.",
    tooltip=ui.method_help("M11–M17"),
)


def _pick(contact_id: int, kind: str | None = None) -> None:
    """Callback: open the writer on a person (and a script kind)."""
    st.session_state[CONTACT_KEY] = contact_id
    if kind:
        st.session_state[KIND_KEY] = kind
    st.session_state[TABS_KEY] = TABS[0]   # the script is where they will look next
    st.toast("The script is ready in the Write tab.", icon=":material/edit_note:")


def _save_version(kind: str, contact_id: int, text_key: str, subject_key: str | None, token: str | None = None) -> None:
    """Callback: keep the text as the person's own version; the picker lists it at once."""
    saved = forms.write(
        lambda: scripts.save_version(
            con, wb.id, kind=kind, title=st.session_state.get("version_title"), body=st.session_state.get(text_key),
            subject=st.session_state.get(subject_key) if subject_key else None, contact_id=contact_id, token=token),
        "Saved: names become placeholders, so it fits the next person too",
    )
    if saved:
        forms.one_shot_done("save_version")
        st.session_state[f"outreach_version_{kind}"] = saved


def _delete_version(kind: str, version_id: int) -> None:
    """Callback: forget a saved version and go back to the template."""
    if forms.write(lambda: scripts.delete_version(con, wb.id, version_id), "Version deleted"):
        st.session_state[f"outreach_version_{kind}"] = None


def _write(action, item_id: int, success: str) -> None:
    """Callback: a one-click write on one item, before the page is drawn again."""
    forms.write(lambda: action(con, wb.id, item_id), success)


def _forget(*keys: str) -> None:
    """Callback: drop edited text so the widgets show the template again."""
    for key in keys:
        st.session_state.pop(key, None)


def _refill(key: str, filled: str) -> None:
    """Give the script box `key` the text just filled from the data, unless the person has edited it.

    A keyed widget keeps its first value whatever `value=` says later, so details saved meanwhile (the
    sender's name, their pitch) never reached a script already shown: the box follows the filled text
    until it holds something else, and "Reset to template" drops the edit."""
    state, shown = st.session_state, f"_filled_{key}"
    if key not in state or state[key] == state.get(shown):
        state[key] = filled
    state[shown] = filled


def _base_url() -> str | None:
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:  # noqa: BLE001 - no request context (tests): no link
        return None
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


@st.cache_data(ttl=300, max_entries=64, show_spinner=False)
def _due_count(_con, db_key: str, workbook_id: int, today: date) -> int:
    """How many 3B7 reminders are due: one pass over every attempt, so asked once and kept until a write
    (forms.write clears the cache) or the next day."""
    return outreach.count_follow_ups(_con, workbook_id, today=today)


@st.cache_data(ttl=300, max_entries=64, show_spinner=False)
def _due_page(_con, db_key: str, workbook_id: int, today: date, page_no: int) -> list[dict]:
    return outreach.follow_ups(_con, workbook_id, today=today, limit=FOLLOW_UP_PAGE,
                               offset=(page_no - 1) * FOLLOW_UP_PAGE)


def _ics(meeting_id: int, base_url: str | None, full_name: str):
    """The calendar file, built only when the button is clicked (on its own thread, so its own cursor).
    On a shared screen it is built now, masked like the printed sheet: the mode is read in this run."""
    if ui.share_mode():
        return calendar_export.meeting_ics(con, wb.id, meeting_id, base_url=base_url,
                                           mask=lambda d: ui.masked_data(d, names=[full_name]))

    def build() -> bytes:
        cur = con.cursor()
        try:
            return calendar_export.meeting_ics(cur, wb.id, meeting_id, base_url=base_url)
        finally:
            cur.close()
    return build


def _url_int(name: str) -> int | None:
    value = str(st.query_params.get(name) or "")
    return int(value) if value.isdigit() else None


def open_from_url() -> None:
    """A link's ?contact=, ?meeting= or ?view= opens that person, meeting or tab, once: afterwards the
    person's own clicks rule (?contact= then follows the picker, the others are consumed).

    ?contact= opens the person in the Write tab, with the script that answers their due reminder if any;
    ?meeting= opens the Meetings tab on that meeting (and its person); ?view= opens a tab."""
    contact, meeting, view = _url_int("contact"), _url_int("meeting"), st.query_params.get("view")
    tab = None
    if meeting is not None:
        del st.query_params["meeting"]
        try:
            contact = meetings.get(con, wb.id, meeting)["contact_id"]
            st.session_state[MEETING_PICK] = meeting
            tab = "Meetings"
        except NotFound:
            st.warning("That meeting is not in this workbook any more.", icon=":material/event_busy:")
    if contact is not None and contact != st.session_state.get(URL_SEEN):
        st.session_state[URL_SEEN] = contact
        st.session_state[CONTACT_KEY] = contact
        st.session_state.pop("outreach_find", None)   # a search typed earlier must not pick someone else
        st.session_state["_outreach_last_find"] = ""
        if tab is None:
            tab = "Write"
            due = outreach.follow_up_for(con, wb.id, contact)
            if due and due["kind"] in SCRIPT_FOR_REMINDER:
                st.session_state[KIND_KEY] = SCRIPT_FOR_REMINDER[due["kind"]]
    if view is not None:
        del st.query_params["view"]
        tab = VIEWS.get(view, tab)
    if tab is not None:
        st.session_state[TABS_KEY] = tab


def contact_picker() -> dict | None:
    left, right = st.columns([1, 2])
    find = left.text_input("Find a person", key="outreach_find", placeholder="Name, title or organization")
    matches = outreach.search_contacts(con, wb.id, find, limit=50)
    labels = {m["id"]: m for m in matches}
    chosen = st.session_state.get(CONTACT_KEY)
    if find != st.session_state.get("_outreach_last_find", "") and matches and chosen not in labels:
        chosen = st.session_state[CONTACT_KEY] = matches[0]["id"]   # a new search picks its best match
    st.session_state["_outreach_last_find"] = find
    if chosen is not None and chosen not in labels:
        try:
            labels = {chosen: outreach.contact(con, wb.id, chosen), **labels}
        except Exception:  # noqa: BLE001 - gone from this workbook: forget it
            st.session_state.pop(CONTACT_KEY, None)
    if not labels:
        right.info("Nobody matches that search.", icon=":material/search_off:")
        return None

    def label(i: int) -> str:
        row = labels[i]
        org = f" · {ui.masked_text(row['org'])}" if row.get("org") else ""
        return f"{ui.masked_name(row['full_name'])}{org} ({vocab.label(vocab.STAGES, row['stage'])})"

    # The browser holds the choice by its label: when the person's label changes (their stage moved on), setting
    # the value again sends the new label, else the picker keeps showing the old stage.
    kept = st.session_state.get(CONTACT_KEY)
    if kept in labels and st.session_state.get(CONTACT_SHOWN) not in (None, label(kept)):
        st.session_state[CONTACT_KEY] = kept
    picked = right.selectbox("Person", list(labels), format_func=label, key=CONTACT_KEY,
                             help="The 50 best matches of your search; people you have researched come first.")
    total = outreach.count_contacts(con, wb.id)
    if total > len(matches):
        left.caption(f"Showing {len(matches)} of {total:,} people: type to narrow the list.")
    if picked is None:
        return None
    st.session_state[CONTACT_SHOWN] = label(picked)
    st.query_params["contact"] = str(picked)  # a reload or a shared link reopens the same person
    st.session_state[URL_SEEN] = picked
    return outreach.contact(con, wb.id, picked)


def show_findings(findings: list[scripts.Finding], counter: str) -> None:
    warnings = [f for f in findings if not f.ok]
    st.markdown(f"**Method check** · {len(warnings)} to look at" if warnings else "**Method check** · all clear")
    for f in findings:
        method = ui.method_help(f.method) if f.method else None   # the point, in words, in a tooltip
        if f.ok:
            st.caption(f":green[:material/check_circle:] {f.title} · {ui.text(f.detail)}", help=method)
        else:
            st.markdown(f":orange[:material/warning:] **{f.title}** · {ui.text(f.detail)}", help=method)
            st.caption(f.explanation)
    st.caption(f":material/straighten: {counter}")
    st.caption("These checks only advise; you decide what to send.")


def _reply(attempt_id: int, outcome: str) -> None:
    """Callback: save their answer (a yes brings the meeting form up on the next run)."""
    forms.write(lambda: outreach.record_reply(con, wb.id, attempt_id, outcome), "Reply saved; reminders cancelled")


def reply_buttons(person: dict) -> None:
    answer = outreach.last_reply(con, wb.id, person["id"])
    if answer and answer["outcome"] == "replied_yes":
        latest = meetings.latest_for(con, wb.id, person["id"])
        if latest is None or latest["created_at"] < answer["replied_at"]:
            schedule_form(person, prefix="yes")   # book it while the yes is fresh
    waiting = outreach.latest_open_attempt(con, wb.id, person["id"])
    if not waiting:
        return
    with st.container(border=True):
        st.markdown(
            f"Waiting for an answer to your {vocab.label(vocab.CHANNELS, waiting['channel']).lower()} "
            f"of {wording.weekday(waiting['attempted_at'])}. Did they reply?"
        )
        yes, no, _ = st.columns([1, 1, 3])
        yes.button("They said yes", key="reply_yes", icon=":material/thumb_up:",
                   on_click=ui.callback(_reply), args=(waiting["id"], "replied_yes"))
        no.button("They said no", key="reply_no", icon=":material/thumb_down:",
                  on_click=ui.callback(_reply), args=(waiting["id"], "replied_no"))


# Profile form widget -> profile field it changes.
PROFILE_FORM = {"profile_name": "full_name", "profile_headline": "headline", "profile_pitch": "elevator_pitch",
                "profile_email": "email", "profile_phone": "phone"}


def _save_profile(workbook_id: int, changes: dict, opened) -> None:
    scripts.save_profile(ui.db(), workbook_id, opened=opened, **{PROFILE_FORM[k]: v for k, v in changes.items()})


def profile_form() -> None:
    """The sender's details and elevator pitch (M14): every script is filled from them."""
    mine = scripts.profile(con, wb.id)
    missing = not (mine["full_name"] and mine["elevator_pitch"])
    with st.expander("Your details and elevator pitch", expanded=missing, icon=":material/record_voice_over:"):
        st.caption("Scripts are filled from these. Write the pitch the way you speak, then say it aloud until it "
                   "takes about half a minute and sounds like you.", help=ui.method_help("M14"))
        locked = not ui.editable()  # masked values must not be saved back
        save = functools.partial(_save_profile, wb.id)
        if not locked:
            # Never over another session's save: changes made meanwhile are merged or shown (forms.edit_form).
            forms.edit_form("profile", wb.id, scripts.profile_version(con, wb.id),
                         {k: mine[col] or "" for k, col in PROFILE_FORM.items()}, mine,
                         {k: scripts.PROFILE_FIELDS[col][0] for k, col in PROFILE_FORM.items()}, PROFILE_FORM)
        with st.form(ui.per_mode("profile"), border=False):
            a, b = st.columns(2)
            filled = {} if not locked else {"value": ui.plain(mine["full_name"])}
            a.text_input("Your name", key=ui.per_mode("profile_name"), disabled=locked, **filled)
            filled = {} if not locked else {"value": ui.plain(mine["headline"])}
            b.text_input("Headline", key=ui.per_mode("profile_headline"),
                         placeholder="e.g. Nurse with ten years in intensive care, new to Halifax",
                         disabled=locked, **filled)
            filled = {} if not locked else {"value": ui.plain(mine["elevator_pitch"])}
            st.text_area("Elevator pitch", key=ui.per_mode("profile_pitch"), height=110, disabled=locked,
                         placeholder="Who you are, what you bring, and what you want to learn from them.", **filled)
            if ui.share_mode():
                ui.read_only_note()
            else:
                c, d = st.columns(2)
                c.text_input("Your email", key="profile_email")
                d.text_input("Your phone (for voicemails)", key="profile_phone")
            st.form_submit_button("Save my details", icon=":material/save:", disabled=locked,
                                  on_click=ui.callback(forms.save_edit), args=("profile", save, "Your details are saved"))
        if not locked:
            forms.edit_status("profile", save, "Your details are saved")
        current = st.session_state.get("profile_pitch") if not locked else mine["elevator_pitch"]
        if current:
            findings = scripts.check(current, "pitch")
            st.caption(" · ".join(("✓ " if f.ok else "⚠ ") + f"{f.title}: {ui.text(f.detail)}" for f in findings))


def before_contact(person: dict) -> None:
    """M7/M8: what is still to research about this person, with a link to do it (advice, never a block)."""
    linked = set()
    for gap in readiness.research_gaps(con, wb.id, person["id"]):
        st.warning(gap.message, icon=":material/travel_explore:")
        if gap.target in linked:
            continue   # one link per place to go
        linked.add(gap.target)
        param, target_id = gap.target
        st.page_link(ui.PAGES["research"], label=gap.link_label, icon=":material/arrow_forward:",
                     query_params={"wb": str(wb.id), param: str(target_id)})


def _let_go(contact_id: int) -> None:
    forms.write(lambda: readiness.let_go(con, wb.id, contact_id), "Reminders ended for this person")


def graceful_close(person: dict) -> None:
    """M32: after a no, or silence after the follow-up, thank them, ask for someone else, let them go."""
    advice = readiness.graceful_close(con, wb.id, person["id"])
    if not advice:
        return
    with st.container(border=True):
        st.info(advice, icon=":material/volunteer_activism:")
        a, b, _ = st.columns([1, 1, 1])
        a.button("Write the thank-you", key="graceful_write", icon=":material/edit_note:",
                 on_click=ui.callback(_pick), args=(person["id"], "graceful_no"))
        b.button("Sent: let them go", key="graceful_let_go", icon=":material/waving_hand:",
                 on_click=ui.callback(_let_go), args=(person["id"],),
                 help="Ends every reminder for this person and marks them closed; their notes stay in Research.")


def write_tab(person: dict) -> None:
    profile_form()
    before_contact(person)
    graceful_close(person)
    all_kinds = scripts.kinds()
    if st.session_state.get(KIND_KEY) not in all_kinds:
        st.session_state[KIND_KEY] = "email"
    kind = st.radio("Channel", list(all_kinds), format_func=all_kinds.get, horizontal=True, key=KIND_KEY)
    template = scripts.templates()[kind]
    st.caption(template.guidance, help=ui.method_help(*template.method) if template.method else None)
    if kind == "voicemail":
        advice = outreach.voicemail_advice(con, wb.id, person["id"])
        if advice:
            st.warning(ui.text(advice), icon=":material/voicemail:")

    left, right = st.columns([3, 2], gap="large")
    with left:
        options = st.columns(2) if kind in ("introduction", "linkedin") else [st.container()]
        saved = scripts.versions(con, wb.id, kind)
        titles = {v["id"]: v["title"] for v in saved}
        version = options[0].selectbox(
            "Start from", [None, *titles], key=f"outreach_version_{kind}",
            format_func=lambda v: "The workbook's template" if v is None else f"My version: {titles[v]}",
        )
        if version is not None:
            options[0].button("Delete this version", key=f"delete_version_{version}", type="tertiary",
                              icon=":material/delete:", on_click=ui.callback(_delete_version), args=(kind, version))
        referrer = None
        if kind == "introduction":
            if person["referred_by_contact_id"]:
                options[1].text_input("Who introduces you", value=ui.masked_name(person["referred_by"]), disabled=True,
                                      key=ui.per_mode("outreach_referrer_known"))
            else:
                mutual = {m["id"]: m for m in outreach.mutual_contacts(con, wb.id, person["id"])}
                referrer = options[1].selectbox(
                    "Who could introduce you", [None, *mutual], key="outreach_referrer",
                    format_func=lambda i: "Choose someone you know" if i is None else ui.masked_name(mutual[i]["full_name"]),
                    help=ui.method_help("M10", lead="People you have met or keep in touch with."),
                )
        free = False
        if kind == "linkedin":
            free = options[1].toggle("Free LinkedIn account", key="outreach_linkedin_free",
                                     help="Free accounts allow 200 characters in a connection note; others 300.")

        script = scripts.fill(con, wb.id, person["id"], kind, referrer_id=referrer, version_id=version)
        state = ui.per_mode(f"{person['id']}_{kind}_{version}_{referrer}")
        text_key, subject_key = f"outreach_text_{state}", f"outreach_subject_{state}"
        # Names as initials reach the script too: whom it is to, who introduces, who signs it.
        people = [person["full_name"], person["referred_by"], scripts.profile(con, wb.id)["full_name"],
                  mutual[referrer]["full_name"] if referrer else None]
        subject = None
        if script.subject is not None:
            _refill(subject_key, ui.plain(script.subject, people))
            subject = st.text_input("Subject", key=subject_key, disabled=not ui.editable())
        if ui.share_mode():
            st.caption(":material/visibility_off: Screen-share mode hides emails and phone numbers in the script, and "
                       "it cannot be edited; turn the mode off to edit, copy or send it. Logging stores the full text.")
        _refill(text_key, ui.plain(script.body, people))
        body = st.text_area("Your message (edit freely)", height=240, key=text_key, disabled=not ui.editable())
        counted = scripts.counter(body, kind, linkedin_free=free)   # once per run, shown twice
        # Said plainly: a text area sends its text only on blur or Ctrl+Enter, so the check cannot follow each key.
        st.caption(counted + " · the checks update when you click outside the box or press Ctrl+Enter"
                   " · copy with the button at the top right below.")
        st.code(ui.plain(body, people), language=None, wrap_lines=True)
        buttons = st.columns(2)
        if template.channel in ("email", "introduction") and script.subject is not None:
            ui.link_button("Open in my email app", scripts.mailto(script.to, subject, body), icon=":material/mail:")
        if template.channel == "linkedin" and person["linkedin_url"]:
            url = person["linkedin_url"] if "://" in person["linkedin_url"] else f"https://{person['linkedin_url']}"
            with buttons[0]:
                ui.link_button("Open their LinkedIn profile", url, icon=":material/open_in_new:")
        buttons[1].button("Reset to template", key="outreach_reset", icon=":material/restart_alt:",
                          on_click=ui.callback(_forget), args=(text_key, subject_key))
    with right:
        show_findings(scripts.check(body, kind, subject=subject, linkedin_free=free), counted)
        with st.expander("The rules behind the check"):
            for rule in scripts.RULES.values():
                if kind in rule.kinds:
                    st.markdown(f"**{rule.title}**", help=ui.method_help(rule.method) if rule.method else None)
                    st.caption(rule.explanation)

    version_form = forms.one_shot("save_version")  # quick repeated clicks save one version (lib/actions.py)
    with st.form(version_form, clear_on_submit=True, border=False):
        cols = st.columns([3, 1], vertical_alignment="bottom")
        cols[0].text_input("Name of your version", key="version_title", placeholder="e.g. Warm email for alumni")
        cols[1].form_submit_button("Save as my version", icon=":material/bookmark_add:", on_click=ui.callback(_save_version),
                                   disabled=not ui.editable(),
                                   args=(kind, person["id"], text_key, subject_key if subject is not None else None,
                                         forms.one_shot_token(version_form)))

    st.subheader("Log it and record their answer")
    prompt = st.container()  # drawn after the log below is saved, so it reads the latest state
    log_form = forms.one_shot("log_attempt")  # quick repeated clicks log once (lib/actions.py)
    with st.form(log_form, border=True):
        cols = st.columns([1, 2, 1], vertical_alignment="bottom")
        when = cols[0].date_input("Date", value=date.today(), max_value=date.today(), key="attempt_date", format=wording.DATE_INPUT_FORMAT)
        outcome = cols[1].selectbox("What happened", list(vocab.OUTCOMES), format_func=vocab.OUTCOMES.get,
                                    key="attempt_outcome")
        sent = cols[2].form_submit_button("Log this attempt", type="primary", icon=":material/send:")
    if sent:
        if not ui.editable():  # the boxes hold masked text: log what the script really says
            subject, body = script.subject, script.body
        logged = forms.run_once(
            "log_attempt", log_form,
            lambda token: outreach.log_attempt(con, wb.id, person["id"], channel=template.channel, outcome=outcome,
                                               message=f"{subject}\n\n{body}" if subject else body,
                                               attempted_at=when, token=token),
            "Attempt logged", values=(person["id"], template.channel, outcome, when, subject, body),
        )
        if logged:
            # the form on screen was drawn before this save under its old key: run again to draw the renewed one,
            # else the next click on it (say, logging their reply) would be ignored
            st.session_state[LOGGED_FLASH] = logged
            st.rerun()
    logged = st.session_state.pop(LOGGED_FLASH, None)
    if logged:
        if logged.advice:
            st.warning(ui.text(logged.advice), icon=":material/voicemail:")
        if logged.follow_up_on:
            st.success(f"Logged. Next reminder on {wording.weekday(logged.follow_up_on)}: "
                       f"{outreach.FOLLOW_UP_KINDS[logged.follow_up_kind].lower()}.", icon=":material/alarm:")
        else:
            st.success("Logged. No reminder needed: they answered.", icon=":material/check:")
    with prompt:
        reply_buttons(person)


def attempts_tab(person: dict | None) -> None:
    top = st.columns([2, 1], vertical_alignment="bottom")
    only = top[0].toggle(ui.md("Only {who}", who=ui.name(person["full_name"])) if person else "Only this person",
                         key="log_only", disabled=person is None)
    contact_id = person["id"] if (only and person) else None
    total = outreach.count_attempts(con, wb.id, contact_id)
    if not total:
        st.info("No attempts logged yet. Write a message in the Write tab, send it, then log it.", icon=":material/lightbulb:")
        return
    pages = max(1, -(-total // PAGE_SIZE))
    page_no = 1
    if pages > 1:
        if st.session_state.get("log_page", 1) > pages:   # the filter shrank the log
            st.session_state["log_page"] = pages
        page_no = top[1].number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1, step=1, key="log_page")
    frame = outreach.attempts(con, wb.id, contact_id=contact_id, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE)
    st.dataframe(ui.masked(frame), hide_index=True, key="attempt_log",
                 column_config={"When": st.column_config.DatetimeColumn(format=wording.DATETIME_COLUMN_FORMAT, width=140),
                                "Person": st.column_config.TextColumn(width=125),
                                "Channel": st.column_config.TextColumn(width=100),
                                "Outcome": st.column_config.TextColumn(width=105),
                                "Next reminder": st.column_config.TextColumn(width=140),
                                "Message": st.column_config.TextColumn(width=190)}, placeholder="")
    st.caption(f"{plural(total, 'attempt')} in all, newest first. Hover a message to read it whole.")


def follow_ups_tab(due_count: int) -> None:
    st.caption("The 3B7 routine: no reply after 3 business days, approach a second person at the same "
               "organization; after 7 business days, one follow-up to the first. A reply cancels both.")
    if not due_count:
        st.success("No follow-up is due today.", icon=":material/task_alt:")
    pages = max(1, -(-due_count // FOLLOW_UP_PAGE))
    page_no = 1
    if pages > 1:
        if st.session_state.get("fu_page", 1) > pages:   # some were handled
            st.session_state["fu_page"] = pages
        cols = st.columns([2, 1], vertical_alignment="bottom")
        cols[0].caption(f"{due_count:,} due, oldest first.")
        page_no = cols[1].number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1, key="fu_page")
    due = _due_page(con, DB_KEY, wb.id, date.today(), page_no)
    for item in due:
        with st.container(border=True):
            late = f" · {outreach.when_due(item)}"
            name = ui.masked_name(item["full_name"])
            st.markdown(f"**{ui.name(item['full_name'])}**" + (f" · {ui.text(item['org'])}" if item["org"] else "")
                        + f" · {vocab.label(vocab.CHANNELS, item['channel'])} of {wording.day(item['attempted_at'])}{late}")
            st.text(ui.plain(item["action"].replace(item["full_name"], name)))
            if item["kind"] in ("second_contact", "move_on"):
                others = outreach.second_contacts(con, wb.id, item["contact_id"])
                if others:
                    st.caption("Not yet contacted there: " + ", ".join(ui.name(o["full_name"]) for o in others))
                    first = others[0]
                    cols = st.columns(3)
                    cols[1].button(ui.md("Write to {who}", who=ui.name(first["full_name"])), key=f"fu_other_{item['id']}",
                                   on_click=ui.callback(_pick), args=(first["id"], "email"))
                else:
                    st.caption("Nobody else recorded at this organization: add someone on the Research page.")
                    cols = st.columns(3)
                if item["kind"] == "move_on":
                    st.button("Thank them and move on", key=f"fu_close_{item['id']}", type="tertiary", help=ui.method_help("M32"),
                              icon=":material/volunteer_activism:", on_click=ui.callback(_pick),
                              args=(item["contact_id"], "graceful_no"))
            else:
                cols = st.columns(3)
                kind = "phone" if item["kind"] == "call_again" else "follow_up"
                cols[1].button(ui.md("Write to {who}", who=ui.name(item["full_name"])), key=f"fu_write_{item['id']}",
                               on_click=ui.callback(_pick), args=(item["contact_id"], kind))
            cols[0].button("Done", key=f"fu_done_{item['id']}", icon=":material/done:", type="primary",
                           on_click=ui.callback(_write), args=(outreach.complete_follow_up, item["id"], "Follow-up done"))
            cols[2].button("Stop reminders", key=f"fu_stop_{item['id']}",
                           on_click=ui.callback(_write), args=(outreach.stop_follow_ups, item["id"], "Reminders stopped"))
    coming = outreach.follow_ups(con, wb.id, upcoming_only=True, within_days=14, limit=20)
    if coming:
        st.markdown("**Coming up in the next two weeks**")
        for item in coming:
            st.text(f"{wording.weekday(item['follow_up_on'])} · "
                    + ui.plain(item["action"].replace(item["full_name"], ui.masked_name(item["full_name"]))))


def _linked_meeting(choices: dict[int, dict]) -> None:
    """A meeting a link asked for that is not in the lists below: add it if still planned, else say where it is."""
    wanted = st.session_state.get(MEETING_PICK)
    if wanted is None or wanted in choices:
        return
    try:
        found = meetings.get(con, wb.id, wanted)
    except NotFound:
        found = None
    if found is not None and found["status"] == "planned":
        choices[wanted] = found
        return
    # set, not dropped: a dropped value leaves the closed meeting shown in the picker above another one's box
    if choices:
        st.session_state[MEETING_PICK] = next(iter(choices))
    else:
        st.session_state.pop(MEETING_PICK, None)
    if found is not None:
        st.info(ui.md("The meeting with {who} is marked {status}: to change that, open Past and cancelled meetings "
                      "below.", who=ui.name(found["full_name"]),
                      status=vocab.label(vocab.MEETING_STATUSES, found["status"]).lower()), icon=":material/history:")


def _follow_the_person(choices: dict[int, dict], person: dict | None) -> None:
    """When another person is chosen above, the meeting picker turns to their meeting (if they have one), so
    the box below never shows someone else's meeting under their name; a pick of theirs is kept."""
    if person is None or st.session_state.get(PICK_PERSON) == person["id"]:
        return
    st.session_state[PICK_PERSON] = person["id"]
    current = choices.get(st.session_state.get(MEETING_PICK))
    if current is not None and current["contact_id"] == person["id"]:
        return
    theirs = next((mid for mid, m in choices.items() if m["contact_id"] == person["id"]), None)
    if theirs is not None:
        st.session_state[MEETING_PICK] = theirs


def meetings_tab(person: dict | None) -> None:
    st.subheader("Your meetings")
    upcoming = meetings.listing(con, wb.id, upcoming=True, limit=PAGE_SIZE)
    past_open = meetings.to_close(con, wb.id)
    if not upcoming and not past_open:
        st.info("No meeting planned yet. When someone says yes, book it under Book a new meeting below.",
                icon=":material/lightbulb:")
    elif upcoming:
        st.dataframe(ui.masked(meetings.as_frame(upcoming)), hide_index=True, key="upcoming_meetings",
                     column_order=("When", "Person", "Organization", "Minutes", "Format", "Place or link"),
                     column_config={"When": st.column_config.DatetimeColumn(format=wording.DATETIME_COLUMN_FORMAT, width=140),
                                    "Minutes": st.column_config.NumberColumn(width="small")}, placeholder="")
        more = meetings.count(con, wb.id, upcoming=True) - len(upcoming)
        if more > 0:
            st.caption(f"And {more} more later.")
    choices = {m["id"]: m for m in upcoming + past_open}
    booked, booked_warnings = st.session_state.pop(SCHEDULED_FLASH, (None, []))
    if booked in choices:
        st.session_state[MEETING_PICK] = booked   # the meeting just booked is the one to manage
    _linked_meeting(choices)
    _follow_the_person(choices, person)
    if past_open:
        st.warning(f"{plural(len(past_open), 'planned meeting has', 'planned meetings have')} passed: "
                   f"mark {'it' if len(past_open) == 1 else 'each'} done or no-show below.", icon=":material/event_busy:")
    if choices:
        picked = st.selectbox("Meeting to manage", list(choices), key=MEETING_PICK,
                              format_func=lambda i: ("Passed · " if choices[i] in past_open else "")
                              + meetings.label({**choices[i], "full_name": ui.masked_name(choices[i]["full_name"]),
                                                              "org": ui.masked_text(choices[i]["org"])}))
        if booked == picked:
            st.success("Scheduled. Download the calendar file below and prepare your questions (Step 4).",
                       icon=":material/event_available:")
            for warning in booked_warnings:
                st.warning(ui.text(warning), icon=":material/warning:")
        manage_meeting(choices[picked], passed=choices[picked] in past_open)
    past_count = meetings.count(con, wb.id, upcoming=False)
    if past_count:
        with st.expander(f"Past and cancelled meetings ({past_count:,})", icon=":material/history:"):
            pages = max(1, -(-past_count // PAGE_SIZE))
            page_no = st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1,
                                      key="past_page") if pages > 1 else 1
            past = meetings.listing(con, wb.id, upcoming=False, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE)
            st.dataframe(ui.masked(meetings.as_frame(past)), hide_index=True, key="past_meetings",
                         column_order=("When", "Person", "Minutes", "Format", "Status"),
                         column_config={"When": st.column_config.DatetimeColumn(format=wording.DATETIME_COLUMN_FORMAT)}, placeholder="")
            undo_status(past)
    if person is not None:
        st.divider()
        st.subheader("Book a new meeting")
        schedule_form(person, expanded=meetings.latest_for(con, wb.id, person["id"]) is None)


def undo_status(past: list[dict]) -> None:
    """Set a meeting marked done, no-show or cancelled by mistake back to planned (history keeps both)."""
    closed = {m["id"]: m for m in past if m["status"] != "planned"}
    if not closed:
        return
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    picked = a.selectbox("Status set by mistake?", list(closed), key="meeting_undo_pick",
                         format_func=lambda i: f"{vocab.label(vocab.MEETING_STATUSES, closed[i]['status'])} · "
                         + meetings.label({**closed[i], "full_name": ui.masked_name(closed[i]["full_name"]),
                                           "org": ui.masked_text(closed[i]["org"])}))
    b.button("Set back to planned", key="meeting_reopen", icon=":material/undo:",
             on_click=ui.callback(_write), args=(meetings.reopen, picked, "Set back to planned; the history keeps both steps"))


def schedule_form(person: dict, prefix: str = "meeting", expanded: bool = True) -> None:
    with st.expander(ui.md("Schedule a meeting with {who}", who=ui.name(person["full_name"])), expanded=expanded,
                     icon=":material/event:"):
        answer = outreach.last_reply(con, wb.id, person["id"])
        if answer and answer["outcome"] == "replied_yes":
            st.success(f"They said yes on {wording.weekday(answer['replied_at'])}. Offer a time that suits them, at "
                       "their workplace if they can.", icon=":material/thumb_up:")
        elif answer:
            st.caption("Their last answer was no: schedule only if they have since agreed.")
        default_day, default_time = meetings.default_slot()
        schedule_form = forms.one_shot(f"schedule_{prefix}")  # quick repeated clicks schedule once
        with st.form(schedule_form, border=False):
            a, b, c = st.columns(3)
            day = a.date_input("Date", value=default_day, key=f"{prefix}_date", format=wording.DATE_INPUT_FORMAT)
            at = b.time_input("Time", value=default_time, key=f"{prefix}_time")
            minutes = c.number_input("Minutes", min_value=5, max_value=meetings.MAX_MINUTES, value=meetings.DEFAULT_MINUTES,
                                     step=5, key=f"{prefix}_minutes", help=ui.method_help("M15", "M21", lead="15 is the default; more than 20 gets a warning."))
            d, e = st.columns([1, 2])
            fmt = d.selectbox("Where", list(vocab.FORMATS), format_func=vocab.FORMATS.get, key=f"{prefix}_format",
                              help=ui.method_help("M16", "M17", lead="Their workplace is best; else a café nearby, else video."))
            place = e.text_input("Place or link", key=f"{prefix}_place", placeholder="Address, room, or video link")
            note = st.text_input("Note", key=f"{prefix}_note", placeholder="e.g. Bring the printed questions")
            submitted = st.form_submit_button("Schedule", type="primary", icon=":material/event_available:")
        if submitted:
            saved = forms.run_once(
                f"schedule_{prefix}", schedule_form,
                lambda token: meetings.schedule(con, wb.id, person["id"], day=day, at=at, duration_minutes=minutes,
                                                format=fmt, location=place, notes=note, token=token),
                ui.md("Meeting with {who} scheduled", who=ui.name(person["full_name"])),
                values=(person["id"], day, at, minutes, fmt, place, note),
            )
            if saved and prefix == "meeting":
                # the list above was drawn before this save: run again so it lists and opens the new meeting
                st.session_state[SCHEDULED_FLASH] = (saved.id, list(saved.warnings))
                st.rerun()
            if saved:
                st.success("Scheduled. Download the calendar file below and prepare your questions (Step 4).",
                           icon=":material/event_available:")
                for warning in saved.warnings:
                    st.warning(ui.text(warning), icon=":material/warning:")


def _reschedule(mid: int, changes: dict, opened) -> None:
    """Move a meeting to the date and time in its form (only when they changed: meetings.reschedule with `opened`)."""
    s = st.session_state
    saved = meetings.reschedule(ui.db(), wb.id, mid, day=s.get(f"resched_date_{mid}"), at=s.get(f"resched_time_{mid}"),
                                reason=s.get(f"resched_reason_{mid}"), opened=opened)
    s[f"_moved_{mid}"] = list(saved.warnings)


def manage_meeting(m: dict, passed: bool = False) -> None:
    """Every control of one meeting, in one bordered box headed by the person's name and the time."""
    with st.container(border=True, key=f"meeting_box_{m['id']}"):
        org = ui.md(" · {org}", org=m["org"]) if m.get("org") else ""
        when = f"{wording.weekday(m['scheduled_at'])}, {m['scheduled_at']:%H:%M}"
        st.markdown(ui.md("#### Meeting with {who}", who=ui.name(m["full_name"])))
        st.caption(f"{when}{org} · {plural(m['duration_minutes'] or 0, 'minute')}"
                   + (" · :orange[passed: did it happen?]" if passed else ""))
        _meeting_controls(m)


def _meeting_controls(m: dict) -> None:
    mid = m["id"]
    cols = st.columns(4)
    cols[0].download_button(
        "Calendar file (.ics)", _ics(mid, _base_url(), m["full_name"]),
        file_name=calendar_export.file_name({**m, "full_name": ui.masked_name(m["full_name"])}), mime="text/calendar",
        key=f"ics_{mid}", icon=":material/download:",
        on_click="ignore",
    )
    if meetings.can_close(m):  # done or no-show only once it has started (the rule is in lib)
        cols[1].button("Mark done", key=f"meeting_done_{mid}", icon=":material/task_alt:",
                       on_click=ui.callback(_write), args=(meetings.mark_done, mid, "Marked done: write your review in Step 5"))
        cols[2].button("No-show", key=f"meeting_noshow_{mid}",
                       on_click=ui.callback(_write), args=(lambda c, w, i: meetings.set_status(c, w, i, "no_show"), mid, "Marked as no-show"))
    else:
        cols[1].caption("Mark it done or a no-show once it has started.")
    st.page_link(ui.PAGES["questions"], label="Prepare the questions (Step 4)", icon=":material/checklist:",
                 query_params={"wb": str(wb.id), "meeting": str(mid)})
    left, right = st.columns(2)
    # Never over another session's move: a time saved meanwhile is shown with keep mine / take theirs.
    stored = meetings.get(con, wb.id, mid)
    forms.edit_form(f"reschedule_{mid}", mid, stored.get("version") or 0,
                 {f"resched_date_{mid}": stored["scheduled_at"].date(), f"resched_time_{mid}": stored["scheduled_at"].time()},
                 stored, {f"resched_date_{mid}": "New date", f"resched_time_{mid}": "New time"},
                 {f"resched_date_{mid}": "scheduled_at", f"resched_time_{mid}": "scheduled_at"})
    move = functools.partial(_reschedule, mid)
    with left.form(f"reschedule_{mid}"):
        st.markdown("**Reschedule**")
        a, b = st.columns(2)
        a.date_input("New date", key=f"resched_date_{mid}", format=wording.DATE_INPUT_FORMAT)
        b.time_input("New time", key=f"resched_time_{mid}")
        st.text_input("Reason (optional)", key=f"resched_reason_{mid}")
        st.form_submit_button("Move the meeting", on_click=ui.callback(forms.save_edit),
                              args=(f"reschedule_{mid}", move, "Meeting moved"))
    with left:
        forms.edit_status(f"reschedule_{mid}", move, "Meeting moved")
    moved = st.session_state.pop(f"_moved_{mid}", None)
    if moved:
        for warning in moved:
            st.warning(ui.text(warning), icon=":material/warning:")
        st.info("Download the calendar file again: it updates the same calendar entry.", icon=":material/download:")
    with right.form(f"cancel_{mid}"):
        st.markdown("**Cancel**")
        why = st.text_input("Reason (optional)", key=f"cancel_reason_{mid}")
        cancelled = st.form_submit_button("Cancel the meeting")
    if cancelled:
        if forms.write(lambda: meetings.cancel(con, wb.id, mid, why), "Meeting cancelled"):
            st.rerun()
    changes = meetings.history(con, wb.id, mid)
    if changes:
        with st.expander(f"History ({len(changes)})"):
            for h in changes:
                old = f" from {wording.weekday(h['old_scheduled_at'])}, {h['old_scheduled_at']:%H:%M}" if h["old_scheduled_at"] and h["action"] == "rescheduled" else ""
                new = f" to {wording.weekday(h['new_scheduled_at'])}, {h['new_scheduled_at']:%H:%M}" if h["new_scheduled_at"] else ""
                why_text = f" · {ui.plain(h['reason'])}" if h["reason"] else ""
                st.text(f"{wording.day_and_time(h['changed_at'])} · {h['action'].replace('_', ' ')}{old}{new}{why_text}")


def person_caption(person: dict | None, due_count: int) -> None:
    """Facts about the picked person, then the whole workbook's due reminders, said as a total."""
    if person is not None:
        parts = [ui.name(person["full_name"]), ui.text(person["title"] or "no title recorded"),
                 ui.text(person["org"] or "no organization recorded"), vocab.label(vocab.STAGES, person["stage"])]
        if person["referred_by"]:
            parts.append(ui.md("introduced by {who}", who=ui.name(person["referred_by"])))
        due = outreach.follow_up_for(con, wb.id, person["id"])
        if due:
            late = outreach.when_due(due)
            parts.append(ui.md(":orange[:material/alarm: Reminder for {who}: {what} ({late})]", who=ui.name(person["full_name"]),
                               what=outreach.FOLLOW_UP_KINDS[due["kind"]].lower(), late=late))
        elif due_count:
            parts.append("no reminder due for this person")   # the total below is the workbook's, not theirs
        st.caption(" · ".join(parts))
    if due_count:
        st.caption(f":material/alarm: In the whole workbook: {plural(due_count, 'follow-up')} due, "
                   "listed in the Follow-ups tab.")


if outreach.count_contacts(con, wb.id) == 0:
    ui.empty_state("Add the people you want to talk to first; then come back to write to them, log attempts "
                   "and schedule meetings.", "research", "Add people to contact")
else:
    open_from_url()
    person = contact_picker()
    due_count = _due_count(con, DB_KEY, wb.id, date.today())
    person_caption(person, due_count)
    # Only the open tab runs (a tab switch reruns the page): the hidden ones cost nothing at 100,000 attempts.
    tabs = st.tabs(TABS, key=TABS_KEY, on_change="rerun")
    with tabs[0]:
        if tabs[0].open is not False:
            if person is None:
                st.info("Pick a person above to write to them.", icon=":material/lightbulb:")
            else:
                write_tab(person)
    with tabs[1]:
        if tabs[1].open:
            attempts_tab(person)
    with tabs[2]:
        if tabs[2].open:
            follow_ups_tab(due_count)
    with tabs[3]:
        if tabs[3].open:
            meetings_tab(person)
