"""The script box of the Write tab: the version to start from, who introduces, the text filled from the data
(kept as edited), its count, a copy block and the links that send it."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from lib import outreach, scripts
from lib.errors import NotFound
from views import drafts, forms, kit, layout, session, ui
from views.outreach import reads


@dataclass(frozen=True)
class Draft:
    """The script on screen: as filled from the data, and as the boxes hold it now."""
    script: scripts.Script
    subject: str | None
    body: str
    counted: str
    free: bool
    text_key: str
    subject_key: str


def _start_from(ctx: kit.Context, person: dict, kind: str) -> tuple[int | None, int | None, str | None, bool]:
    """The version to start from, who introduces (an introduction), a free account (LinkedIn):
    (version id, referrer id, referrer's name, free)."""
    options = st.columns(2) if kind in ("introduction", "linkedin") else [st.container()]
    titles = {v["id"]: v["title"] for v in reads.script_versions(ctx, kind)}
    if (gone := st.session_state.get(f"outreach_version_{kind}")) not in (None, *titles):
        st.session_state[f"outreach_version_{kind}"] = None  # deleted in another tab: the template, with the edit
        st.session_state[_GONE] = gone
    # With no version saved the template is the one place to start: no box with a single choice (an input costs
    # the browser ~8 ms on every visit, issue 17). A version saved below offers it here.
    version = options[0].selectbox(
        "Start from", [None, *titles], key=f"outreach_version_{kind}",
        format_func=lambda v: "The workbook's template" if v is None else f"My version: {titles[v]}",
    ) if titles else None
    if version is not None:
        delete = (lambda: scripts.delete_version(ctx.cur, ctx.wb.id, version), kind)
        options[0].button("Delete this version", key=f"delete_version_{version}", type="tertiary",
                          icon=":material/delete:", on_click=ui.callback(_delete_version), args=delete)
    referrer, referrer_name = None, None
    if kind == "introduction":
        if person["referred_by_contact_id"]:
            options[1].text_input("Who introduces you", value=ui.masked_name(person["referred_by"]), disabled=True,
                                  key=session.per_mode("outreach_referrer_known"))
        else:
            mutual = {m["id"]: m for m in outreach.mutual_contacts(ctx.cur, ctx.wb.id, person["id"])}
            referrer = options[1].selectbox(
                "Who could introduce you", [None, *mutual], key="outreach_referrer",
                format_func=lambda i: "Choose someone you know" if i is None else ui.masked_name(mutual[i]["full_name"]),
                help=layout.method_help("M10", lead="People you have met or keep in touch with."),
            )
            referrer_name = mutual[referrer]["full_name"] if referrer else None
    free = False
    if kind == "linkedin":
        free = options[1].toggle("Free LinkedIn account", key="outreach_linkedin_free",
                                 help="Free accounts allow 200 characters in a connection note; others 300.")
    return version, referrer, referrer_name, free


_GONE = "_outreach_version_gone"  # the version this run's script was started from, deleted meanwhile


def _keep_edit_of_gone_version(ctx: kit.Context, person: dict, kind: str, referrer: int | None,
                               *keys: tuple[str, str]) -> None:
    """The version the script was started from was deleted in another tab: what the person edited moves to the
    template's boxes (it was silently replaced by the template), and they are told."""
    gone = st.session_state.pop(_GONE, None)
    if gone is None:
        return
    old = session.per_mode(f"{person['id']}_{kind}_{gone}_{referrer}")
    moved = False
    for prefix, key in keys:
        state, before = st.session_state, f"outreach_{prefix}_{old}"
        _DRAFTS.forget(before)
        if before in state and state[before] != state.get(f"_filled_{before}"):
            state[key] = state.pop(before)
            _keep_draft(key, (ctx.wb.id, person["id"]))
            moved = True
    st.info("The version you started from was deleted in another tab" + (
        ": what you edited is kept below, now on the workbook's template." if moved else
        "; the script starts from the workbook's template again."), icon=":material/info:")


def _delete_version(action, kind: str) -> None:
    """Callback: forget a saved version and go back to the template."""
    if forms.write(action, "Version deleted", where="script_version"):
        st.session_state[f"outreach_version_{kind}"] = None


# Each box's edit is kept as it is typed (views/drafts.py): a hostile tester lost an edited message to a person
# switch and back, and to screen-share mode turned on and off.
_DRAFTS = drafts.Drafts("_outreach_script_drafts")  # box key -> ((workbook id, person id), the edited text)


def _keep_draft(key: str, owner: tuple[int, int]) -> None:
    """Callback of a script box: keep its text while it is edited; forget it once it is the filled text again."""
    state = st.session_state
    edited = key in state and state[key] != state.get(f"_filled_{key}")
    _DRAFTS.keep(key, state[key] if edited else None, owner=owner)


def drafts_left_behind(ctx: kit.Context) -> None:
    """What was edited for a person no longer in the workbook (deleted in another tab): shown to copy, until it is
    let go. The picker moved on to someone else without a word, and the edit went with it (a hostile tester)."""
    gone: dict[int, list[tuple[str, str]]] = {}
    for key, (workbook_id, person_id), text in _DRAFTS.items():
        if workbook_id == ctx.wb.id and (text or "").strip() and not _still_there(ctx, person_id):
            gone.setdefault(person_id, []).append((key, text))
    for person_id, kept in gone.items():
        st.warning("The person you were writing to is no longer in this workbook (deleted in another tab). "
                   + drafts.where_to_copy("What you edited for them"), icon=":material/person_off:")
        for _, text in kept:
            drafts.show_to_copy(text)
        st.button("Let it go", key=f"outreach_draft_drop_{person_id}", on_click=ui.callback(_DRAFTS.forget),
                  args=tuple(key for key, _ in kept))


def _still_there(ctx: kit.Context, person_id: int) -> bool:
    try:
        reads.contact(ctx, person_id)
    except NotFound:
        return False
    return True


def _forget(*keys: str) -> None:
    """Callback: drop edited text so the widgets show the template again."""
    for key in keys:
        st.session_state.pop(key, None)
    _DRAFTS.forget(*keys)


def _refill(key: str, filled: str) -> None:
    """Give the script box `key` the text just filled from the data, unless the person has edited it.

    A keyed widget keeps its first value whatever `value=` says later, so details saved meanwhile (the
    sender's name, their pitch) never reached a script already shown: the box follows the filled text
    until it holds something else, and "Reset to template" drops the edit."""
    state, shown = st.session_state, f"_filled_{key}"
    if key not in state or state[key] == state.get(shown):
        state[key] = filled
    state[shown] = filled


def script_box(ctx: kit.Context, person: dict, kind: str, template: scripts.Template) -> Draft:
    """The subject and message boxes, filled from the data until edited, their count and copy block, the buttons."""
    version, referrer, referrer_name, free = _start_from(ctx, person, kind)
    script = reads.filled_script(ctx, person["id"], kind, referrer_id=referrer, version_id=version)
    mine = f"{person['id']}_{kind}_{version}_{referrer}"
    state = session.per_mode(mine)
    text_key, subject_key = f"outreach_text_{state}", f"outreach_subject_{state}"
    _keep_edit_of_gone_version(ctx, person, kind, referrer, ("text", text_key), ("subject", subject_key))
    owner = (ctx.wb.id, person["id"])
    edited = [_DRAFTS.holds(f"outreach_{box}_{mine}") for box in ("subject", "text")]
    drawn_real = state == mine  # not in screen-share mode: the boxes drawn are the ones the edits were typed in
    # Names as initials reach the script too: whom it is to, who introduces, who signs it.
    people = [person["full_name"], person["referred_by"], reads.profile(ctx)["full_name"],
              referrer_name]
    subject = None
    if script.subject is not None:
        if drawn_real:
            _DRAFTS.restore(subject_key)  # before _refill, which then keeps it
        _refill(subject_key, ui.plain(script.subject, people))
        subject = st.text_input("Subject", key=subject_key, disabled=not ui.editable(),
                                on_change=ui.callback(_keep_draft), args=(subject_key, owner))
    if session.share_mode():
        st.caption(":material/visibility_off: Screen-share mode hides emails and phone numbers in the script, and "
                   "it cannot be edited; turn the mode off to edit, copy or send it. Logging stores the full text."
                   + (" Your edit of it is kept: it is back when the mode is off." if any(edited) else ""))
    if drawn_real:
        _DRAFTS.restore(text_key)
    _refill(text_key, ui.plain(script.body, people))
    body = st.text_area("Your message (edit freely)", height=240, key=text_key, disabled=not ui.editable(),
                        on_change=ui.callback(_keep_draft), args=(text_key, owner))
    counted = scripts.counter(body, kind, linkedin_free=free)   # once per run, shown twice
    # Said plainly: a text area sends its text only on blur or Ctrl+Enter, so the check cannot follow each key.
    st.caption(counted + " · the checks update when you click outside the box or press Ctrl+Enter"
               " · copy with the button at the top right below.")
    st.code(ui.plain(body, people), language=None, wrap_lines=True)
    with st.container(horizontal=True):  # one row, one block (columns were three)
        if template.channel in ("email", "introduction") and script.subject is not None:
            ui.link_button("Open in my email app", scripts.mailto(script.to, subject, body), icon=":material/mail:")
        if template.channel == "linkedin" and person["linkedin_url"]:
            url = person["linkedin_url"] if "://" in person["linkedin_url"] else f"https://{person['linkedin_url']}"
            ui.link_button("Open their LinkedIn profile", url, icon=":material/open_in_new:")
        st.button("Reset to template", key="outreach_reset", icon=":material/restart_alt:",
                  on_click=ui.callback(_forget), args=(text_key, subject_key))
    return Draft(script, subject, body, counted, free, text_key, subject_key)
