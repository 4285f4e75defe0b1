"""M29 beside a meeting's plan: the research notes, questions written from them in one step, the plan's check;
and M23, other sources of questions."""
from __future__ import annotations

from collections.abc import Container

import streamlit as st

from lib import plan_research
from lib.errors import Invalid
from lib import question_plans as plans
from views import drafts, extra_clicks, forms, kit, layout, registry, ui
from views.questions import reads


_WHERE = "q_research"
_DRAFTS = drafts.Drafts("_q_research_drafts")  # meeting id -> what was typed in its box (views/drafts.py)


# Each meeting has its own box: one box for every meeting kept what was typed for one meeting when another was
# chosen, and "Add to the plan" added it to that one (to another workbook's meeting after a switch: a hostile
# tester). A box not drawn in a run loses its state in Streamlit, so each draft is also kept as it is typed.
def text_key(mid: int) -> str:
    return f"q_research_text_{mid}"


def _keep_draft(workbook_id: int, mid: int) -> None:
    _DRAFTS.keep(mid, st.session_state.get(text_key(mid), ""), owner=workbook_id)


def _write_from_research(ctx: kit.Context, mid: int) -> None:
    text, about = st.session_state.get(text_key(mid)), st.session_state.get(f"q_research_about_{mid}")
    burst, typed = f"_q_research_added_{mid}", (text or "").strip()
    # A quick second click carries the box emptied by the first, or (sent before the first's answer came) its text:
    # the same click, not the person's own ("Write at least one question", or a second "Added", beside the first
    # "Added your questions" read as a failure or a double: hostile testers).
    if typed in ("", st.session_state.get(f"{burst}_text")) and extra_clicks.extra(burst):
        st.session_state[text_key(mid)] = ""
        return

    def add() -> bool:
        if not plan_research.write_questions(ctx.cur, ctx.wb.id, mid, text, about):
            raise Invalid("Every question there is in this plan already: nothing was added.")
        return True

    if forms.write(add, "Added your questions to the plan", where=_WHERE):  # a refusal is shown under the button
        st.session_state[text_key(mid)] = ""
        _keep_draft(ctx.wb.id, mid)
        st.session_state[f"{burst}_text"] = typed
        extra_clicks.saved(burst)


def drafts_left_behind(workbook_id: int, meeting_ids: Container[int]) -> None:
    """What was typed for a meeting no longer in the workbook (deleted in another tab, or with its person): shown
    to copy, until the person lets it go. Nothing typed is lost without a word. (A draft of another workbook's
    meeting waits for its own workbook.)"""
    for mid, typed_in, text in _DRAFTS.items():
        if typed_in != workbook_id or mid in meeting_ids or not (text or "").strip():
            continue
        st.warning("The meeting you were writing questions for is no longer in this workbook (deleted in another "
                   "tab, or with its person). " + drafts.where_to_copy("What you typed"), icon=":material/event_busy:")
        drafts.show_to_copy(text)
        st.button("Let it go", key=f"q_draft_drop_{mid}", on_click=ui.callback(_drop_draft), args=(mid,))


def _drop_draft(mid: int) -> None:
    _DRAFTS.forget(mid)
    st.session_state.pop(text_key(mid), None)


def _notes(ctx: kit.Context, found: dict) -> None:
    """What the person and their organization's research notes say, with links to Research."""
    person, org = st.columns(2, gap="medium")
    with person:
        st.markdown("**The person**")
        st.text(" · ".join(filter(None, [ui.plain(found["person"], [found["person"]]), ui.plain(found["title"])])))
        st.text(ui.masked_text(found["person_notes"]) if found["person_notes"] else "No research notes yet.")
        st.page_link(registry.PAGES["research"], label="Open on Research", icon=":material/arrow_forward:",
                     query_params=ctx.link(contact=found["contact_id"]))
    with org:
        st.markdown("**The organization**")
        if found["organization_id"] is None:
            st.text("No organization recorded.")
            return
        st.text(ui.plain(found["organization"]))
        for value in (found["why_interested"], found["organization_notes"]):
            if value:
                st.text(ui.masked_text(value))
        if not (found["why_interested"] or found["organization_notes"]):
            st.text("No research notes yet.")
        st.page_link(registry.PAGES["research"], label="Open on Research", icon=":material/arrow_forward:",
                     query_params=ctx.link(org=found["organization_id"]))


def research_box_key(mid: int) -> str:
    return f"q_research_box_{mid}"


def research_panel(ctx: kit.Context, mid: int) -> None:
    """M29: the research notes beside the plan, questions written from them in one step, and the plan's check."""
    found, check = reads.research(ctx, mid)
    advice = check.messages
    has_plan = bool(reads.plan(ctx, plans.meeting(mid)))
    # A form, drawn from its first opening on (what was typed stays when it is closed); open at first while the
    # meeting has no plan: one box per meeting, so each meeting's first look decides.
    box = layout.opened_once("Your research, and questions built from it", key=research_box_key(mid),
                             expanded=not has_plan, drawn_with="q_research_box", icon=":material/travel_explore:")
    if box is not None:
        with box:
            st.caption("Good questions grow from what you learned about this person and their organization, and "
                       "aim at what cannot be found online. Read your notes, then write two or more questions of "
                       "your own.", help=layout.method_help("M29"))
            _notes(ctx, found)
            _DRAFTS.restore(text_key(mid), mid)  # back to this meeting: its draft
            st.text_area("Questions from your research, one per line", key=text_key(mid), height=100,
                         placeholder="e.g. What did the source-water report you co-wrote change in practice?",
                         on_change=ui.callback(_keep_draft), args=(ctx.wb.id, mid))
            st.radio("They are about", list(plan_research.ABOUT), format_func=plan_research.ABOUT.get,
                     key=f"q_research_about_{mid}", horizontal=True)
            st.button("Add to the plan", icon=":material/add:", key=f"q_research_add_{mid}",
                      on_click=ui.callback(_write_from_research), args=(ctx, mid))
            forms.feedback(_WHERE)
    if advice:
        # Messages may quote a question the person wrote: escaped, since an alert reads Markdown.
        st.warning("\n\n".join(ui.text(m) for m in advice), icon=":material/person_search:")


def other_sources() -> None:
    """M23: other places to find questions, and a career coach."""
    if box := layout.folded("Other sources of questions", key="q_other_sources_box", icon=":material/library_books:"):
        box.markdown(plan_research.OTHER_SOURCES, help=layout.method_help("M23"))
