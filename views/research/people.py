"""Research › People: add a person, search and page through the list (read first; titles, stages and notes edited in
the table once asked for), open one person."""
from __future__ import annotations

import streamlit as st

from lib import contacts, organizations, vocab, wording
from views import extra_clicks, forms, kit, layout, table_edit, ui, whole
from views.research import navigation

STAGE_LABELS, SOURCE_LABELS = vocab.STAGES, vocab.SOURCES
PAGE_KEY = "people_page"
ADD = "new_contact"  # the add form: its one-shot name and where its message is shown
# The add form's fields, by name: each rendering of the form has its own widget keys (forms.one_shot_key), so the
# form renewed after a save starts empty, whatever a click still in flight sends for the old one.
NEW_CONTACT_FIELDS = ("name", "title", "org", "stage", "source", "referrer", "linkedin", "email", "phone",
                      "connected", "notes", "private")
ORG_FILTER = "people_org_filter"  # where the Organization filter's word is shown
ORG_OPTIONS = 150  # organizations offered in the filter and the add form (most people first); a typed name finds any
# People offered in the referrer boxes (the likeliest first: met, then contacted); a typed name finds anyone.
REFERRER_OPTIONS = 150
ORDER_LABELS = {"name": "Name", "newest": "Newest first", "connected": "Connected on", "stage": "Stage"}

# The pickers of the add form and the filters: thousands of rows after a LinkedIn import, so read once and kept
# until the workbook's data changes (id -> organization name; id -> "Name (Organization)" of likely referrers).
org_options = kit.cached(organizations.options)
referrer_options = kit.cached(contacts.referrer_options)
count_people = kit.cached(contacts.count)  # asked on every run of the People view


# ---- adding ------------------------------------------------------------------------------------

def _add_contact(ctx: kit.Context, form: str) -> None:
    typed = {f: st.session_state.get(forms.one_shot_key(form, f)) for f in NEW_CONTACT_FIELDS}

    def add(token: str) -> int:
        return contacts.add(
            ctx.cur, ctx.wb.id, token=token, full_name=typed["name"], title=typed["title"],
            organization_name=typed["org"], source=typed["source"], referred_by_contact_id=typed["referrer"],
            stage=typed["stage"], linkedin_url=typed["linkedin"], email=typed["email"], phone=typed["phone"],
            connected_on=typed["connected"], notes=typed["notes"], private_notes=typed["private"],
        )

    if forms.run_once(ADD, form, forms.nothing_saved(add), "Person added", where=ADD) is None:
        return  # refused: what was typed stays, the message is under the form
    forms.flash(ADD, "success", f"Added {' '.join((typed['name'] or '').split())} to your list.")
    # The renewed form (new keys) starts empty, with the default stage and source.


def add_form(ctx: kit.Context, orgs: dict[int, str], referrers: dict[int, str]) -> None:
    org_names = list(orgs.values())
    # Labels worked out once, not by a format_func per option (a thousand people).
    referrer_labels = {k: ui.masked_name(v) for k, v in referrers.items()} if ctx.share else referrers
    form = forms.one_shot(ADD)  # quick repeated clicks add once (lib/actions.py)

    def key(field: str) -> str:
        return forms.one_shot_key(form, field)

    with st.form(form):
        left, right = st.columns(2)
        left.text_input("Name", key=key("name"), placeholder="First and last name")
        right.text_input("Title or role", key=key("title"))
        left.selectbox("Organization", org_names, index=None, accept_new_options=True, key=key("org"),
                       format_func=ui.masked_text, placeholder="Pick one, or type a new name to add it")
        right.selectbox("Stage", list(STAGE_LABELS), format_func=STAGE_LABELS.get, key=key("stage"))
        left.selectbox("How you know of them", list(SOURCE_LABELS), format_func=SOURCE_LABELS.get,
                       key=key("source"),
                       help=layout.method_help("M10", lead="A referral is a third person introducing you."))
        right.selectbox("Referred by", list(referrer_labels), index=None, key=key("referrer"),
                        format_func=lambda k: referrer_labels.get(k) or ui.masked_text(k), accept_new_options=True,
                        placeholder="Only for a referral: who introduced you (pick, or type a name)")
        left.text_input("LinkedIn URL", key=key("linkedin"), placeholder="linkedin.com/in/…")
        right.text_input("Email", key=key("email"))
        left.text_input("Phone", key=key("phone"))
        right.date_input("Connected on", value=None, key=key("connected"), format=wording.DATE_INPUT_FORMAT)
        st.text_area("Research notes", key=key("notes"), height=90,
                     help=layout.method_help("M8", "M9", lead="Their path, what they work on, what only they can tell you."))
        st.text_area("Private notes", key=key("private"), height=68,
                     help="Hidden in screen-share mode.")
        st.form_submit_button("Add person", type="primary", on_click=ui.callback(_add_contact), args=(ctx, form))
    extra_clicks.widgets_drawn(ADD, form)  # the renewed form's own widgets, untouched: an extra click carries these


# ---- the list ----------------------------------------------------------------------------------

def _org_filter(ctx: kit.Context) -> int | None:
    """The organization the filter holds, before it is drawn: a name typed in it (not one of those offered) becomes
    that organization's id; a name no organization has leaves the filter at Any, with a word under the search row."""
    typed = st.session_state.get("people_org")
    if isinstance(typed, str):
        found = organizations.find_id(ctx.cur, ctx.wb.id, typed)
        st.session_state["people_org"] = found or 0
        if found is None:
            forms.flash(ORG_FILTER, "info", "No organization has that name; showing every organization.")
    return st.session_state.get("people_org") or None


FILTER_KEYS = ("people_stage", "people_source", "people_org", "people_order")  # in the popover; empty/0/"name": off


def filters_label() -> str:
    """The popover's label: how many of its pickers are on, so a shorter list never looks unexplained."""
    on = sum(1 for k in FILTER_KEYS if st.session_state.get(k) not in (None, "", 0, "name"))
    return f"Filters ({on} on)" if on else "Filters"


def _filters(orgs: dict[int, str]) -> tuple:
    """The search row: (text, stage, source, organization id, order); "" and 0 mean "any". The four pickers wait
    in a popover: the browser mounts its content only when it is opened (four loose selectboxes cost every
    visit of the page ~30 ms, issue 17)."""
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    # Kept while the list is not drawn (a person opened, another page): "Back to the list" finds it as it was.
    text_filter = c1.text_input("Search", key="people_text", placeholder="Name, title, organization, email, notes",
                                persist_state="session")
    with c2.popover(filters_label(), icon=":material/filter_list:", width="stretch"):
        left, right = st.columns(2)
        # "" and 0 mean "any": a None option would look like an empty, clearable box.
        stage = left.selectbox("Stage", ["", *STAGE_LABELS], key="people_stage", persist_state="session",
                               format_func=lambda k: STAGE_LABELS.get(k, "Any")) or None
        source = right.selectbox("Source", ["", *SOURCE_LABELS], key="people_source", persist_state="session",
                                 format_func=lambda k: SOURCE_LABELS.get(k, "Any")) or None
        # The organizations with the most people are offered; a typed name finds any other (see _org_filter).
        org = left.selectbox("Organization", [0, *orgs], key="people_org", accept_new_options=True,
                             persist_state="session",
                             format_func=lambda k: ui.masked_text(orgs.get(k, "Any")))
        order = right.selectbox("Sort by", list(ORDER_LABELS), format_func=ORDER_LABELS.get, key="people_order",
                                persist_state="session")
    org = org if isinstance(org, int) and org else None
    return text_filter, stage, source, org, order


@kit.cached
def _page_of_people(cur, workbook_id: int, filters: tuple, offset: int):
    """One page of the list and the count of matches: kept until a write (~15 ms a run at 30,000 people)."""
    text_filter, stage, source, org, order = filters
    return contacts.search(cur, workbook_id, text_filter=text_filter, stage=stage, source=source,
                           organization_id=org, order=order, limit=contacts.PAGE_SIZE, offset=offset)


def _search(ctx: kit.Context, filters: tuple, offset: int):
    return _page_of_people(ctx, filters, offset)


def listing(ctx: kit.Context) -> None:
    """The People view: the add form, the search row, one page of the list, its page links, open a person."""
    total_people = count_people(ctx)
    # A short list: each option is sent to the browser on every run (2,000 names were ~40 KB, twice).
    orgs = org_options(ctx, ORG_OPTIONS, include=_org_filter(ctx))
    if st.session_state.get("people_org") not in (None, 0, *orgs):  # another workbook's, kept over a switch
        st.session_state["people_org"] = 0
    referrers = referrer_options(ctx, limit=REFERRER_OPTIONS)
    # A stable key keeps the box open (or closed) as the person left it when the list changes.
    if box := layout.opened_once("Add a person", "add_person_box", icon=":material/person_add:",
                                 expanded=total_people == 0):
        with box:
            add_form(ctx, orgs, referrers)
    forms.feedback(ADD)
    if total_people == 0:
        layout.empty_state("No one on your list yet. Add the professionals you want to learn from above, or "
                       "import your LinkedIn connections with “Import LinkedIn” at the top of this page.")
        return
    filters = _filters(orgs)
    forms.feedback(ORG_FILTER)
    if st.session_state.get("_people_filters") != filters:  # a new search starts on its first page
        st.session_state["_people_filters"] = filters
        kit.reset_pager(PAGE_KEY)
    shown = st.container()  # the caption, the table and its download, above the page links
    asked = max(1, int(st.session_state.get(PAGE_KEY) or 1))
    frame, total = _search(ctx, filters, (asked - 1) * contacts.PAGE_SIZE)
    if total == 0:
        st.info("No one matches this search. Clear a filter or try fewer letters.", icon=":material/search_off:")
        return
    page = kit.pager(PAGE_KEY, total, contacts.PAGE_SIZE)
    if page.number != asked:  # past the last page (the list got shorter): the pager's page instead
        frame, total = _search(ctx, filters, page.offset)
    with shown:
        st.caption(f"Showing {page.first:,}–{page.last:,} of {wording.plural(total, 'person', 'people')} "
                   f"({total_people:,} in the workbook).")
        people_table(ctx, frame, filters, page.number)
        # Ours instead of the table toolbar's (turned off in config): masked, and no cell runs as a formula.
        st.download_button("Download this page as CSV", ui.csv_bytes(frame.drop(columns=["id"], errors="ignore")),
                           file_name="people.csv", mime="text/csv", icon=":material/download:", key="people_csv",
                           on_click="ignore")
    # a person with no organization has NaN there (a float, and truthy): it read "(nan)" (a hostile tester)
    names = {int(r.id): ui.masked_name(r.full_name)
             + (f" ({ui.masked_text(r.organization)})" if isinstance(r.organization, str) and r.organization else "")
             for r in frame.itertuples()}
    st.selectbox("Open a person on this page", list(names), format_func=names.get, index=None, key="people_open_pick",
                 placeholder="Choose someone to see everything about them",
                 on_change=ui.callback(navigation.open_picked), args=("people_open_pick", navigation.open_contact))


EDIT_IN_PLACE = "people_edit_in_place"  # the list as a table to edit (titles, stages, notes) instead of to read
EDIT_IN_PLACE_LABEL = "Edit titles, stages and notes in the table"
_UNSAVED = "_people_unsaved_edits"  # (editor key, names of the rows shown, positions edited) while edits wait for Save
_ROWS_CHANGED = "The list changed before you saved it; type it again, then save."


def _say_unsaved_edits_set_aside(still_held: bool, why: str = _ROWS_CHANGED) -> None:
    """Edits waited for Save, and the editor drawn now holds none (`still_held` False): the rows changed (a search,
    a sort, another page, someone added in another tab), or the editor was not drawn for a while (another workbook,
    screen-share mode, a person opened): Streamlit keeps no state for a widget not drawn, and the key names the rows,
    so edits never land on other people. They were dropped without a word (hostile testers): say whose they were."""
    unsaved = st.session_state.get(_UNSAVED)
    if unsaved and not still_held:
        st.session_state.pop(_UNSAVED, None)
        old_key, rows_named, edited = unsaved
        # The edits the browser sent with this run (a second one may come with the run that finds the rows changed:
        # it went unnamed), else those of the last run that drew the editor.
        sent = (st.session_state.get(old_key) or {}).get("edited_rows") or {}
        positions = sorted(p for p in map(int, sent) if p < len(rows_named)) or edited
        names = ", ".join(ui.masked_name(rows_named[p]) for p in positions)
        st.warning(ui.md("Not saved: your change in the table to {names}. " + why, names=names),
                   icon=":material/edit_off:")


def people_table(ctx: kit.Context, frame, filters: tuple, page_no: int) -> None:
    """One page of people, to read; outside screen-share mode a toggle under it turns it into a table where title,
    stage and notes are edited in place and saved together (a change someone else made meanwhile is shown, not
    overwritten)."""
    # Five columns fit 1280 px without scrolling; email, LinkedIn and dates are on the person's page.
    shown = frame[["id", "full_name", "organization", "title", "stage", "notes"]]
    config = {
        "id": None,
        "full_name": st.column_config.TextColumn("Name", width=150),
        "organization": st.column_config.TextColumn("Organization", width=160),
        # No max_chars: the grid cut a pasted title to 300 without a word (a hostile tester); lib refuses it, saying
        # the limit, and the edit stays to shorten.
        "title": st.column_config.TextColumn("Title", width=160),
        "stage": st.column_config.SelectboxColumn("Stage", options=list(STAGE_LABELS), format_func=STAGE_LABELS.get,
                                                  required=True, width=125),
        "notes": st.column_config.TextColumn("Notes", width=190),
    }
    if ctx.share:
        _say_unsaved_edits_set_aside(False, "Screen-share mode was turned on before you saved it; turn it off, type "
                                            "it again, then save.")
        st.dataframe(ui.masked(shown), column_config=config, hide_index=True, key="people_table", placeholder="")
        st.caption("Inline editing is off in screen-share mode.")
        return
    if not st.session_state.get(EDIT_IN_PLACE):
        _say_unsaved_edits_set_aside(False)
        # Read first: a table to read costs the browser ~25 ms less on every visit than one to edit (issue 17);
        # the toggle below brings the editor.
        st.dataframe(shown, column_config=config, hide_index=True, key="people_table", placeholder="")
        st.toggle(EDIT_IN_PLACE_LABEL, key=EDIT_IN_PLACE, persist_state="session")
        return
    version = st.session_state.get("people_editor_version", 0)
    # Streamlit keeps a keyed editor's edits, by row position, across changes of its data: the same key on another
    # workbook's page (or on a page whose rows moved) showed them on other people, and Save wrote them there. The key
    # names the rows shown, so edits stay with the rows they were made on.
    rows_shown = (ctx.wb.id, filters, page_no, tuple(int(i) for i in shown["id"]))
    key = f"people_editor_{version}_{abs(hash(rows_shown)) % 10**12}"
    _say_unsaved_edits_set_aside(bool((st.session_state.get(key) or {}).get("edited_rows")))
    st.data_editor(shown, column_config=config, hide_index=True, key=key,
                   disabled=[c for c in shown.columns if c not in contacts.INLINE_FIELDS], placeholder="")
    edited = (st.session_state.get(key) or {}).get("edited_rows") or {}
    # Turned off only with nothing waiting for Save: the read-only table would drop the edits without a word.
    st.toggle(EDIT_IN_PLACE_LABEL, key=EDIT_IN_PLACE, disabled=bool(edited), persist_state="session",
              help="Save or discard your changes first." if edited else None)
    if not edited:  # what the table shows before any edit is what a save compares with (no lost edit)
        st.session_state["_people_opened"] = table_edit.opened_rows(frame, contacts.INLINE_FIELDS)
        st.session_state.pop(_UNSAVED, None)
        st.caption("Change a title, stage or note right in the table, then save.")
        return
    edits = {int(shown.iloc[int(pos)]["id"]): change for pos, change in edited.items()}
    st.session_state[_UNSAVED] = (key, tuple(shown["full_name"]), sorted(int(pos) for pos in edited))
    left, right, _ = st.columns([2, 2, 6])
    if left.button(f"Save {wording.plural(len(edits), 'change')}", type="primary", key="people_save"):
        opened = st.session_state.get("_people_opened", {})
        with whole.body_write():  # saved and the editor renewed together, or a next click saves them again
            if table_edit.run_write_versioned(lambda: contacts.apply_edits(ctx.cur, ctx.wb.id, edits, opened=opened),
                                              "Changes saved", "people_table", opened):
                st.session_state["people_editor_version"] = version + 1
                st.session_state.pop(_UNSAVED, None)
                st.rerun()
    if right.button("Discard changes", key="people_discard"):
        with whole.body_write():
            st.session_state["people_editor_version"] = version + 1
            st.session_state.pop(_UNSAVED, None)
            st.session_state.pop("_conflict_people_table", None)
            st.rerun()
    table_edit.table_conflict("people_table", contacts.LABELS)
