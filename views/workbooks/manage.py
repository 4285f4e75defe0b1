"""Managing workbooks: open, archive or restore one (a page at a time), create, rename, load the demo.

In hosted mode these are the signed-in person's own workbooks (lib/hosting.py: only an owner renames, archives or
restores; new ones are theirs), and only an administrator loads the demo."""
from __future__ import annotations

import functools

import streamlit as st

from lib import cohort, demo, hosting, workbooks
from views import auth, extra_clicks, forms, id_choice, kit, layout, session, ui, whole

_PAGE = "manage_page"
VIEW_KEY = "workbooks_view"
# One part of the page at a time (?view= opens one): the page drew ~40 elements when it showed them all (issue 17).
VIEWS = {"manage": "Your workbooks", "clients": "Clients at a glance", "report": "Progress report",
         "backup": "Export and backup"}


def header(ctx: kit.Context) -> None:
    """The page's title and what it is for (in hosted mode, for a signed-in person)."""
    layout.step_header(
        "Workbooks", None,
        "One workbook per person being coached. See how every client is doing, open one, export a progress "
        "report, and create, rename or archive workbooks." if auth.person() is None else
        "Your own workbooks, and those your clients share with you as their coach. See how every client is "
        "doing, open one, export a progress report, and create, rename or archive your workbooks.",
    )


def section(ctx: kit.Context) -> None:
    """Everything of managing workbooks, in the page's order."""
    listing(ctx)
    left, right = st.columns(2)
    with left:
        new_workbook(ctx)
    with right:
        rename(ctx)
    demo_workbook(ctx)


def listing(ctx: kit.Context) -> None:
    """A page of workbooks at a time (found by name), so the page stays quick with many clients; in hosted mode
    the person's own (a client's shared workbook is opened from the picker or the cohort above)."""
    st.subheader("Open or archive a workbook")
    search = st.session_state.get("manage_search", "")
    # The page holding the workbook just created, or on a first visit the open one: never a page where another
    # workbook is chosen in its place (its Archive would act on that one: found by a hostile tester).
    focus = id_choice.next_choice(_CHOSEN) or (ctx.wb.id if _PAGE not in st.session_state else None)
    if focus is not None:
        st.session_state[_PAGE] = cohort.page_holding(ctx.cur, focus, search=search, own_only=True) or 1
    found = cohort.workbook_page(ctx.cur, search=search, page=st.session_state.get(_PAGE, 1), own_only=True)
    if found.total > cohort.MANAGE_PAGE_SIZE:
        st.text_input("Find a workbook", key="manage_search", placeholder="Part of a name", max_chars=80,
                      on_change=ui.callback(kit.reset_pager), args=(_PAGE,))
        first = (found.page - 1) * cohort.MANAGE_PAGE_SIZE
        st.caption(f"Workbooks {first + 1}–{first + len(found.items)} of {found.matching}"
                   if found.items else "No workbook's name holds that: try fewer letters.")
    if not found.total:  # hosted: someone who so far only coaches
        st.caption("You have no workbook of your own yet: create one below.")
        return
    if found.items:
        _choose_and_act(ctx, found.items, can_archive=found.active > 1)
    if found.total > cohort.MANAGE_PAGE_SIZE:
        kit.pager(_PAGE, found.matching, cohort.MANAGE_PAGE_SIZE)


_CHOSEN = "manage_chosen"


def _label(ctx: kit.Context, w: workbooks.Workbook) -> ui.Md:
    badge = " · archived" if w.archived else (" · demo" if w.is_demo else "")
    return ui.md("{name}" + badge + (" · **open now**" if w.id == ctx.wb.id else ""), name=ui.name(w.name))


def _choose_and_act(ctx: kit.Context, items: list[workbooks.Workbook], *, can_archive: bool) -> None:
    """The page's workbooks as one list to choose from, and Open and Archive (or Restore) under it: one radio
    and two buttons instead of a row of three per workbook (the page drew ~80 elements, issue 17)."""
    by_id = {w.id: w for w in items}
    labels = {i: _label(ctx, w) for i, w in by_id.items()}  # made now: masking reads this run's mode
    # the open one when it is on this page, else the first
    chosen = by_id[id_choice.radio("Choose a workbook", labels, _CHOSEN, ctx.wb.id if ctx.wb.id in by_id else items[0].id)]
    names = {i: w.name for i, w in by_id.items()}
    with st.container(horizontal=True, gap="small"):
        st.button("Open", key="manage_open", icon=":material/open_in_new:", on_click=ui.callback(_open), args=(ctx,),
                  disabled=chosen.archived or chosen.id == ctx.wb.id,
                  help="Restore it first to open it" if chosen.archived else None)
        if chosen.archived:
            st.button("Restore", key="manage_restore", icon=":material/unarchive:", on_click=ui.callback(_archive),
                      args=(ctx, names, False))
        else:
            st.button("Archive", key="manage_archive", icon=":material/archive:", on_click=ui.callback(_archive),
                      args=(ctx, names, True), disabled=not can_archive,
                      help=None if can_archive else "Your only active workbook cannot be archived")


# The buttons act on the workbook chosen when clicked (the list as the person saw it), never one bound when drawn.
def _open(ctx: kit.Context) -> None:
    chosen = id_choice.chosen(_CHOSEN)
    if chosen is None:
        return
    if chosen not in {w.id for w in workbooks.list_all(ctx.cur)}:  # archived or deleted in another tab meanwhile
        whole.say("warning", "That workbook was archived or deleted meanwhile: nothing was opened.", ":material/info:")
        return
    ui.switch_workbook(chosen)
    whole.say("toast", ui.md("Opened {n}", n=ui.name(workbooks.get(ctx.cur, chosen).name)), ":material/folder_open:")


def _archive(ctx: kit.Context, names: dict[int, str], archived: bool) -> None:
    chosen = id_choice.chosen(_CHOSEN)
    if chosen is None:
        whole.say("error", "Choose a workbook in the list first.", ":material/error:")
        return
    if extra_clicks.reverses("archive", chosen, archived):
        return  # the rest of a burst on Archive, landed on the Restore that replaced it (or the other way)
    forms.write(lambda: workbooks.set_archived(ctx.cur, chosen, archived),
                ui.md(("Archived" if archived else "Restored") + " {n}", n=ui.name(names.get(chosen, "the workbook"))))


_NEW = "new_workbook"  # the one-shot form's name, and where its messages are shown


def new_workbook(ctx: kit.Context) -> None:
    """Create a workbook: saved in the button's callback, so a second quick click cannot cut the first one's run
    short (a double click created nothing and emptied the box: found by a hostile tester). Each rendering has its
    own widget key (forms.one_shot_key): the renewed form starts empty, and a refused name stays in the box."""
    form = forms.one_shot(_NEW)  # quick repeated clicks create once (lib/actions.py)
    with st.form(form):
        st.subheader("New workbook")
        st.text_input("Name (for example the person's name)", key=forms.one_shot_key(form, "name"))
        st.form_submit_button("Create workbook", icon=":material/add:", on_click=ui.callback(_create),
                              args=(ctx, form))
    extra_clicks.widgets_drawn(_NEW, form)
    forms.feedback(_NEW)


def _create(ctx: kit.Context, form: str) -> None:
    name = st.session_state.get(forms.one_shot_key(form, "name")) or ""
    new_id = forms.run_once(_NEW, form, lambda token: workbooks.create(ctx.cur, name, token=token, owner=auth.person()),
                            ui.md("Created {name}", name=ui.name(name.strip())), where=_NEW)
    if new_id:
        ui.switch_workbook(new_id)  # this run opens it
        id_choice.choose_next(_CHOSEN, new_id)  # the list shows the new one chosen, as it is open now


def _rename(cur, workbook_id: int, changes: dict, opened) -> None:
    workbooks.rename(cur, workbook_id, changes["rename_workbook_name"], opened=opened)


def rename(ctx: kit.Context) -> None:
    """Rename the open workbook; never over another session's rename (keep mine / take theirs). Only its owner
    may: a coach on a client's workbook reads why."""
    wb = ctx.wb
    if not hosting.owns(ctx.cur, wb.id):
        st.subheader("Rename this workbook")
        st.caption("This is a client's workbook, shared with you as their coach: only they can rename it.")
        return
    if not ui.editable():
        with st.form(session.per_mode("rename_workbook")):
            st.subheader("Rename this workbook")
            st.text_input("New name", value=ui.masked_name(wb.name), key=session.per_mode("rename_workbook_name"),
                          max_chars=80, disabled=True)
            ui.read_only_note()
            st.form_submit_button("Rename", icon=":material/edit:", disabled=True)
        return
    forms.edit_form("rename_workbook", wb.id, wb.version, {"rename_workbook_name": wb.name}, {"name": wb.name},
                    {"rename_workbook_name": "Workbook name"}, {"rename_workbook_name": "name"})
    save = functools.partial(_rename, ctx.cur, wb.id)
    with st.form("rename_workbook"):
        st.subheader("Rename this workbook")
        st.text_input("New name", key="rename_workbook_name")
        st.form_submit_button("Rename", icon=":material/edit:", on_click=ui.callback(forms.save_edit),
                              args=("rename_workbook", save, "Renamed"))
    forms.edit_status("rename_workbook", save, "Renamed")


def demo_workbook(ctx: kit.Context) -> None:
    """Load (or reset) the demo workbook: anyone locally; in hosted mode an administrator, for themselves."""
    admins = auth.admins()
    if not hosting.is_admin(ctx.cur, admins):
        return
    st.subheader("Demo workbook")
    st.caption(
        "A fictional civil engineer who moved to Calgary, ten weeks into the method: a goal, organizations, "
        "contacts with referrals, outreach, meetings and reviews. Loading it again resets it to the start."
    )
    if st.button("Load the demo workbook", key="load_demo", icon=":material/science:"):
        with st.spinner("Building the demo workbook…"), whole.body_write():  # built and opened together
            demo_id = forms.write(lambda: demo.load(ctx.cur, admins=admins), "Demo workbook ready")
            if demo_id:
                ui.switch_workbook(demo_id)
                st.rerun()
