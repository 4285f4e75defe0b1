"""Step 4 · Questions: the bank, a 12–14 question plan per meeting (or template) that fits the time,
a printable sheet, and a live meeting mode that saves notes per question (M18–M23)."""
from datetime import date, datetime
from functools import partial

import functools

import pandas as pd
import streamlit as st

from lib import question_plans as plans
from lib import db as database
from lib import plan_research, questions, sheets, vocab
from views import forms, ui
from lib import wording

wb = ui.current_workbook()
con = ui.db()

ui.step_header(
    "Questions", "Step 4",
    "Prepare 12 to 14 questions that fit the 15 to 20 minutes you asked for, print them, and keep notes "
    "under each one during the meeting. Done when the next meeting has a plan that fits its time.",
)

TABS = ["Plan builder", "Question bank", "Print", "Live meeting"]
BANK_PAGE = 20
CATEGORY_OPTIONS = [None, *vocab.QUESTION_CATEGORIES]
TIARA_OPTIONS = [None, *vocab.TIARA]


def _cat(key):
    return "Any" if key is None else vocab.QUESTION_CATEGORIES[key]


def _tiara(key):
    return "Any" if key is None else vocab.TIARA[key]


def _tags(q: dict) -> str:
    parts = [vocab.label(vocab.QUESTION_CATEGORIES, q["category"])]
    if q.get("tiara"):
        parts.append(vocab.label(vocab.TIARA, q["tiara"]))
    parts.append(f"{q['minutes']:g} min")
    return " · ".join(parts)


# ---- which meeting ----------------------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=32)
def _meeting_labels(_con, db_key: str, workbook_id: int, version: str, today: date,
                    masking: tuple[bool, bool]) -> dict[int, str]:
    """id -> picker label of every meeting, in picker order. Thousands of meetings take tens of milliseconds
    to read and word, so they are kept until one changes (`version`), a save clears the cache, the day
    changes (upcoming first) or screen-share mode changes how names show (`masking`)."""
    return {m["id"]: plans.meeting_label({**m, "organization": ui.masked_text(m["organization"])},
                                         ui.masked_name(m["full_name"]))
            for m in plans.meetings(_con, workbook_id, today)}


meeting_labels = _meeting_labels(con, str(database.path_from_env()), wb.id, plans.meetings_fingerprint(con, wb.id),
                                 date.today(), (ui.share_mode(), ui.share_names()))
meeting_ids = list(meeting_labels)
if meeting_ids and st.session_state.get("q_meeting") not in meeting_labels:
    try:
        wanted = int(st.query_params.get("meeting", ""))
    except ValueError:
        wanted = None
    st.session_state["q_meeting"] = wanted if wanted in meeting_labels else meeting_ids[0]
meeting_id = None
current = None  # the chosen meeting: who, when, how long
if meeting_ids:
    # The browser holds the choice by its label: when the chosen meeting's label changes (its plan's count),
    # setting the value again sends the new label, else the picker keeps showing the old count.
    if st.session_state.get("_q_meeting_shown") not in (None, meeting_labels.get(st.session_state["q_meeting"])):
        st.session_state["q_meeting"] = st.session_state["q_meeting"]
    meeting_id = st.selectbox(
        "Meeting", meeting_ids, key="q_meeting", format_func=meeting_labels.get,
        help="Upcoming meetings first. Plans, sheets and live notes belong to the meeting chosen here.",
    )
    st.query_params["meeting"] = str(meeting_id)
    st.session_state["_q_meeting_shown"] = meeting_labels[meeting_id]
    current = plans.meeting_info(con, wb.id, meeting_id)

tab_builder, tab_bank, tab_print, tab_live = st.tabs(TABS, key="q_tab", on_change="rerun", bind="query-params")


# ---- the plan builder -------------------------------------------------------------------------

def _plan_rows(ref: plans.Ref, plan: list[dict]) -> None:
    """One row per question: number, text and tags, must-ask, up, down, remove."""
    last = len(plan)
    if plan:
        st.caption("Tick **Must** for the questions you will ask whatever happens; the others are optional, "
                   "asked if time allows. Up and Down reorder; the referral question stays at the end.",
                   help=ui.method_help("M22"))
    for q in plan:
        qid = q["question_id"]
        with st.container(border=True):
            body, must, up, down, drop = st.columns([4.3, 1.2, 0.8, 1, 1.3], vertical_alignment="center", gap="small")
            tags = _tags(q) + (" · asks for referrals" if q["is_referral"] else "")
            body.markdown(f"**{q['position']}.** {ui.text(q['text'])}  \n:gray[{tags}]")
            must_key = f"q_must_{ref.kind}_{ref.id}_{qid}"
            st.session_state[must_key] = bool(q["must_ask"])  # the database is the truth (templates, proposals)
            must.checkbox("Must", key=must_key, on_change=ui.callback(_set_must), args=(ref, qid))
            up.button("Up", key=f"q_up_{ref.kind}_{qid}", help="Move up", type="tertiary",
                      disabled=q["position"] == 1, on_click=ui.callback(_move), args=(ref, qid, -1))
            down.button("Down", key=f"q_down_{ref.kind}_{qid}", help="Move down", type="tertiary",
                        disabled=q["position"] == last, on_click=ui.callback(_move), args=(ref, qid, 1))
            drop.button("Remove", key=f"q_rm_{ref.kind}_{qid}", help="Remove from the plan", type="tertiary",
                        on_click=ui.callback(_remove), args=(ref, qid))


def _set_must(ref, qid):
    value = st.session_state[f"q_must_{ref.kind}_{ref.id}_{qid}"]
    forms.write(lambda: plans.set_must_ask(ui.db(), wb.id, ref, qid, value),
                 "Marked must-ask" if value else "Marked optional")


def _move(ref, qid, step):
    forms.write(lambda: plans.move(ui.db(), wb.id, ref, qid, step), "Moved")


def _remove(ref, qid):
    forms.write(lambda: plans.remove(ui.db(), wb.id, ref, qid), "Removed from the plan")


def _add(ref):
    picked = st.session_state.get("q_add_pick") or []
    if forms.write(lambda: plans.add(ui.db(), wb.id, ref, picked),
                    f"Added {wording.plural(len(picked), 'question')}"):
        st.session_state["q_add_pick"] = []


def _propose(ref):
    forms.write(lambda: plans.apply_proposal(ui.db(), wb.id, ref),
                 "Proposed a balanced plan: review it and make it yours")


def _drop(ref, ids):
    forms.write(lambda: plans.drop_many(ui.db(), wb.id, ref, ids), "Dropped the suggested questions")


def _restore(ref):
    forms.write(lambda: plans.restore_referral(ui.db(), wb.id, ref), "The referral question is back at the end")


def _budget_panel(ref: plans.Ref, plan: list[dict], length: int) -> None:
    b = plans.budget(plan, length)
    st.metric("Time budget", f"{b['total']:g} of {length} min",
              delta=f"{b['left']:g} min left" if b["left"] >= 0 else f"{b['over_by']:g} min over",
              delta_color="normal" if b["left"] >= 0 else "inverse")
    st.progress(min(1.0, b["total"] / length) if length else 1.0)
    message = plans.budget_message(b)
    if b["status"] == "over":
        st.error(message, icon=":material/timer_off:")
        drop = b["drop"]
        listed = "; ".join(f"#{q['position']} ({q['minutes']:g} min)" for q in drop)
        st.warning(f"To end on time, drop {listed}, or leave them unticked as optional and ask them only if "
                   "time allows.", icon=":material/content_cut:")
        st.button("Drop those questions", key=f"q_drop_{ref.kind}", icon=":material/content_cut:",
                  on_click=ui.callback(_drop), args=(ref, [q["question_id"] for q in drop]))
    elif b["status"] == "tight":
        st.warning(message, icon=":material/timer:")
    elif b["status"] == "fits":
        st.success(message, icon=":material/check_circle:")
    else:
        st.caption(message)
    if b["count_note"]:
        st.caption(b["count_note"])
    cov = plans.coverage(plan)
    st.markdown("**Coverage**")
    st.caption(" · ".join(f"{vocab.QUESTION_CATEGORIES[c]} {n}" for c, n in cov["category"].items()))
    st.caption("TIARA: " + " · ".join(f"{vocab.TIARA[t]} {n}" for t, n in cov["tiara"].items()), help=ui.tiara_help())
    for gap in cov["gaps"]:
        st.caption(f":material/info: {gap}")
    if plans.skip_referral(con, wb.id, ref):
        st.info("This plan ends without a referral question, as you chose. Asking who else to talk to is "
                "how a network grows.", icon=":material/group_add:")
        st.button("Put the referral question back", key=f"q_restore_{ref.kind}", on_click=ui.callback(_restore), args=(ref,))


def _add_panel(ref: plans.Ref, plan: list[dict]) -> None:
    st.markdown("**Add questions from the bank**")
    text_col, cat_col, tiara_col = st.columns([2, 1, 1])
    text = text_col.text_input("Search the bank", key="q_add_text", placeholder="e.g. trends, licence, first month")
    category = cat_col.selectbox("Category", CATEGORY_OPTIONS, key="q_add_cat", format_func=_cat)
    tiara = tiara_col.selectbox("TIARA", TIARA_OPTIONS, key="q_add_tiara", format_func=_tiara, help=ui.tiara_help())
    found, total = questions.search(con, wb.id, text=text, category=category, tiara=tiara,
                                    exclude_ids=[q["question_id"] for q in plan], limit=40)
    labels = {q["id"]: f"{q['text']} ({_tags(q)})" for q in found}
    st.multiselect(
        f"Questions to add ({wording.plural(total, 'match', 'matches')}"
        + (", the first 40 shown" if total > 40 else "") + ")",
        list(labels), key="q_add_pick", format_func=lambda i: labels.get(i, str(i)),
        placeholder="Pick one or more questions",
    )
    st.button("Add to plan", key="q_add_btn", type="primary", icon=":material/add:", on_click=ui.callback(_add), args=(ref,),
              disabled=not st.session_state.get("q_add_pick"))


def _builder(ref: plans.Ref, length: int, what: str) -> None:
    plan = plans.items(con, wb.id, ref)
    left, right = st.columns([2.3, 1], gap="medium")
    with right:
        st.button(
            "Propose a balanced plan" if not plan else "Propose a new plan", width="stretch",
            key=f"q_propose_{ref.kind}", icon=":material/auto_awesome:", on_click=ui.callback(_propose), args=(ref,),
            help="Picks about 12 questions across role, organization, industry and career path, spreads the TIARA "
                 "tags (Trends, Insights, Advice, Resources, Assignments), fits the length, and ends with the referral question. Uses your goal's target roles and "
                 "industries.",
            type="primary" if not plan else "secondary",
        )
        _budget_panel(ref, plan, length)
    with left:
        if not plan:
            st.info(f"{what} has no questions yet. Propose a balanced plan in one click, or add questions from "
                    "the bank below" + (", or start from one of your templates (Templates for a target role, above)."
                                        if ref.kind == "meeting" else "."), icon=":material/lightbulb:")
        _plan_rows(ref, plan)
        _add_panel(ref, plan)


def _use_template(mid):
    chosen = st.session_state.get("q_tpl_pick")
    if forms.write(lambda: plans.apply_template(ui.db(), wb.id, mid, chosen), "Template applied to this meeting"):
        st.session_state["q_mode"] = "meeting"  # back to the meeting, to see and adjust its new plan


TEMPLATE_STARTS = {"proposal": "A balanced proposal", "meeting": "The chosen meeting's plan", "empty": "No questions"}


def _create_template(token: str, mid: int | None):
    get = st.session_state.get
    start = get("q_tpl_start")

    def create():
        template_id = plans.create_template(ui.db(), wb.id, name=get("q_tpl_name"), target_role=get("q_tpl_role"),
                                            duration_minutes=get("q_tpl_len"), token=token,
                                            from_meeting=mid if start == "meeting" else None)
        if start == "proposal":
            plans.apply_proposal(ui.db(), wb.id, plans.template(template_id))
        return template_id

    made = forms.write(create, ui.md("Created the template “{name}”", name=(get("q_tpl_name") or "").strip()))
    if made:
        forms.one_shot_done("q_new_tpl")
        st.session_state["q_tpl_pick"] = made


def _delete_template(template_id):
    if forms.write(lambda: plans.delete_template(ui.db(), wb.id, template_id), "Template deleted"):
        st.session_state.pop("q_tpl_pick", None)


def _template_builder(meeting_id: int | None) -> None:
    """Every template action in one place: create one (from a proposal or the chosen meeting's plan), pick one,
    use it for the chosen meeting, edit it, delete it."""
    options = plans.templates(con, wb.id)
    with st.expander("New template", expanded=not options):
        new_form = forms.one_shot("q_new_tpl")  # quick repeated clicks create one template (lib/actions.py)
        starts = [k for k in TEMPLATE_STARTS if k != "meeting" or meeting_id is not None]
        with st.form(new_form, clear_on_submit=True):
            st.text_input("Name", key="q_tpl_name", placeholder="e.g. Water resources engineer, 20 min")
            st.text_input("Target role", key="q_tpl_role", placeholder="e.g. Water resources engineer")
            length = min(120, max(5, current["duration_minutes"])) if current else 20  # the chosen meeting's
            st.number_input("Meeting length (minutes)", 5, 120, length, key="q_tpl_len")
            st.radio("Start from", starts, key="q_tpl_start", format_func=TEMPLATE_STARTS.get, horizontal=True,
                     help="The chosen meeting is the one picked at the top of the page.")
            st.form_submit_button("Create template", on_click=ui.callback(_create_template),
                                  args=(forms.one_shot_token(new_form), meeting_id))
    if not options:
        return
    names = {t["id"]: f"{t['name']} · {t['duration_minutes']} min" for t in options}
    if st.session_state.get("q_tpl_pick") not in names:
        st.session_state["q_tpl_pick"] = options[0]["id"]
    picked = st.selectbox("Template", list(names), key="q_tpl_pick", format_func=lambda i: names[i])
    template = next(t for t in options if t["id"] == picked)
    if template["target_role"]:
        st.caption(ui.md("Target role: {role}", role=template["target_role"]))
    if meeting_id is not None:
        st.button("Use this template for the chosen meeting", key="q_use_tpl_btn", icon=":material/input:",
                  on_click=ui.callback(_use_template), args=(meeting_id,),
                  help="Replaces the plan of the meeting picked at the top of the page (refused once it holds "
                       "notes).")
    _builder(plans.template(picked), template["duration_minutes"], "This template")
    with st.popover("Delete this template", icon=":material/delete:"):
        st.write("The template goes; meeting plans made from it stay.")
        st.button("Delete it", key="q_tpl_delete", type="primary", on_click=ui.callback(_delete_template), args=(picked,))


def _write_from_research(mid: int) -> None:
    text, about = st.session_state.get("q_research_text"), st.session_state.get("q_research_about")
    added = forms.write(lambda: plan_research.write_questions(ui.db(), wb.id, mid, text, about),
                         "Added your questions to the plan")
    if added:
        st.session_state["q_research_text"] = ""


def _research_panel(mid: int) -> None:
    """M29: the research notes beside the plan, questions written from them in one step, and the plan's check."""
    found = plan_research.notes(con, wb.id, mid)
    advice = plan_research.check(con, wb.id, mid).messages
    has_plan = bool(plans.items(con, wb.id, plans.meeting(mid)))
    with st.expander("Your research, and questions built from it", icon=":material/travel_explore:",
                     expanded=not has_plan):
        st.caption("Good questions grow from what you learned about this person and their organization, and aim "
                   "at what cannot be found online. Read your notes, then write two or more questions of your own.",
                   help=ui.method_help("M29"))
        person, org = st.columns(2, gap="medium")
        with person:
            st.markdown("**The person**")
            st.text(" · ".join(filter(None, [ui.plain(found["person"], [found["person"]]), ui.plain(found["title"])])))
            st.text(ui.masked_text(found["person_notes"]) if found["person_notes"] else "No research notes yet.")
            st.page_link(ui.PAGES["research"], label="Open on Research", icon=":material/arrow_forward:",
                         query_params={"wb": str(wb.id), "contact": str(found["contact_id"])})
        with org:
            st.markdown("**The organization**")
            if found["organization_id"] is None:
                st.text("No organization recorded.")
            else:
                st.text(ui.plain(found["organization"]))
                for value in (found["why_interested"], found["organization_notes"]):
                    if value:
                        st.text(ui.masked_text(value))
                if not (found["why_interested"] or found["organization_notes"]):
                    st.text("No research notes yet.")
                st.page_link(ui.PAGES["research"], label="Open on Research", icon=":material/arrow_forward:",
                             query_params={"wb": str(wb.id), "org": str(found["organization_id"])})
        with st.form("q_research_form", border=False):
            st.text_area("Questions from your research, one per line", key="q_research_text", height=100,
                         placeholder="e.g. What did the source-water report you co-wrote change in practice?")
            st.radio("They are about", list(plan_research.ABOUT), format_func=plan_research.ABOUT.get,
                     key="q_research_about", horizontal=True)
            st.form_submit_button("Add to the plan", icon=":material/add:", on_click=ui.callback(_write_from_research),
                                  args=(mid,))
    if advice:
        # Messages may quote a question the person wrote: escaped, since an alert reads Markdown.
        st.warning("\n\n".join(ui.text(m) for m in advice), icon=":material/person_search:")


def _other_sources() -> None:
    """M23: other places to find questions, and a career coach."""
    with st.expander("Other sources of questions", icon=":material/library_books:"):
        st.markdown(plan_research.OTHER_SOURCES, help=ui.method_help("M23"))


if tab_builder.open is not False:
    with tab_builder:
        mode = st.segmented_control(
            "Build", ["meeting", "template"], key="q_mode", default="meeting", required=True,
            format_func={"meeting": "This meeting's plan", "template": "Templates for a target role"}.get,
            label_visibility="collapsed",
        )
        if mode == "template":
            _template_builder(meeting_id)
        elif meeting_id is None:
            ui.empty_state("No meetings yet. Schedule one from the Outreach page, or build a reusable template "
                           "for a target role in the meantime.", "outreach", "Go to Outreach",
                           query_params={"wb": str(wb.id), "view": "meetings"})
        else:
            _research_panel(meeting_id)
            _builder(plans.meeting(meeting_id), current["duration_minutes"], "This meeting")
        _other_sources()


# ---- the question bank ------------------------------------------------------------------------

def _delete_question(question_id):
    if forms.write(lambda: questions.delete(ui.db(), wb.id, question_id), "Question deleted"):
        st.session_state.pop("qb_edit_pick", None)


def _save_question(question_id: int, changes: dict, opened) -> int:
    """Save the changed fields of an own question (forms.save_edit: merged with changes made meanwhile)."""
    s = st.session_state
    name = {k.rsplit("_", 1)[0].removeprefix("qb_edit_"): k for k in (
        f"qb_edit_text_{question_id}", f"qb_edit_cat_{question_id}", f"qb_edit_tiara_{question_id}",
        f"qb_edit_minutes_{question_id}", f"qb_edit_referral_{question_id}")}
    only = {{"cat": "category", "referral": "asks_referral"}.get(k, k) for k, key in name.items() if key in changes}
    return questions.update(con, wb.id, question_id, text=s[name["text"]], category=s[name["cat"]],
                            tiara=s[name["tiara"]], minutes=s[name["minutes"]], asks_referral=s[name["referral"]],
                            opened=opened, only=only)


def _bank() -> None:
    st.caption("Shipped questions are grouped by category (role, organization, industry, career path, closing) "
               "and by TIARA: Trends, Insights, Advice, Resources, Assignments. Add your own beside them. "
               "Question lists are a start; a career coach can suggest more.", help=ui.method_help("M19", "M23"))
    c1, c2, c3, c4 = st.columns([2, 1, 1, 1])
    text = c1.text_input("Search", key="qb_text", placeholder="Words in the question")
    category = c2.selectbox("Category", CATEGORY_OPTIONS, key="qb_cat", format_func=_cat)
    tiara = c3.selectbox("TIARA", TIARA_OPTIONS, key="qb_tiara", format_func=_tiara, help=ui.tiara_help())
    source = c4.selectbox("Source", list(questions.SOURCES), key="qb_source", format_func=questions.SOURCES.get)
    _, total = questions.search(con, wb.id, text=text, category=category, tiara=tiara, source=source, limit=0)
    pages = max(1, -(-total // BANK_PAGE))
    page_col, count_col = st.columns([1, 4], vertical_alignment="bottom")
    page = 1
    if pages > 1:
        page = page_col.number_input(f"Page (of {pages})", 1, pages, 1, key="qb_page")
    found, _ = questions.search(con, wb.id, text=text, category=category, tiara=tiara, source=source,
                                limit=BANK_PAGE, offset=(min(page, pages) - 1) * BANK_PAGE)
    count_col.caption(f"{wording.plural(total, 'question')} {'matches' if total == 1 else 'match'}.")
    if found:
        frame = pd.DataFrame([{
            "Question": q["text"], "Category": vocab.label(vocab.QUESTION_CATEGORIES, q["category"]),
            "TIARA": vocab.label(vocab.TIARA, q["tiara"]), "Minutes": q["minutes"],
            "Source": "Mine" if q["own"] else "Bank",
        } for q in found])
        st.dataframe(ui.masked(frame), hide_index=True, width="stretch", key="qb_table",
                     height="content",  # the whole page of rows, no inner scrolling
                     column_config={"Question": st.column_config.TextColumn(width="large"),
                                    "Category": st.column_config.TextColumn(width="small"),
                                    "TIARA": st.column_config.TextColumn(width="small", help=ui.tiara_help()),
                                    "Source": st.column_config.TextColumn(width="small"),
                                    "Minutes": st.column_config.NumberColumn(format="%.1f", width="small")}, placeholder="")
    else:
        st.info("No question matches. Clear a filter, or add your own below.", icon=":material/search_off:")

    left, right = st.columns(2, gap="medium")
    new_form = forms.one_shot("qb_new")  # quick repeated clicks add once (lib/actions.py)
    with left, st.form(new_form, clear_on_submit=True):
        st.markdown("**Add your own question**")
        body = st.text_area("Question", key="qb_new_text", max_chars=questions.MAX_QUESTION_CHARS, height=80)
        a, b, c = st.columns(3)
        cat = a.selectbox("Category", list(vocab.QUESTION_CATEGORIES), key="qb_new_cat",
                          format_func=vocab.QUESTION_CATEGORIES.get)
        tia = b.selectbox("TIARA", list(vocab.TIARA), key="qb_new_tiara", format_func=vocab.TIARA.get, help=ui.tiara_help())
        minutes = c.number_input("Minutes", 0.25, 10.0, 1.5, step=0.25, key="qb_new_minutes")
        referral = st.checkbox("It asks to be referred to other people", key="qb_new_referral")
        if st.form_submit_button("Add question", type="primary"):
            forms.run_once("qb_new", new_form, lambda token: questions.add(
                con, wb.id, text=body, category=cat, tiara=tia, minutes=minutes, asks_referral=referral, token=token),
                "Question added to your bank")
    with right:
        own = questions.own_questions(con, wb.id)
        st.markdown("**Edit or delete your questions**")
        if not own:
            st.caption("Questions you add appear here. Shipped questions stay as they are: add your own version "
                       "to change one.")
            return
        names = {q["id"]: q["text"] for q in own}
        picked = st.selectbox("Your question", list(names), key="qb_edit_pick", format_func=lambda i: names[i][:90])
        q = next(x for x in own if x["id"] == picked)
        if not ui.editable():  # the form would show masked text, and saving it would store the dots
            ui.read_only_note()
            st.text(ui.plain(q["text"]))
        else:
            tiaras = list(vocab.TIARA)
            form = {f"qb_edit_{k}_{picked}": k for k in ("text", "cat", "tiara", "minutes", "referral")}
            columns = {f"qb_edit_cat_{picked}": "category", f"qb_edit_referral_{picked}": "asks_referral"}
            forms.edit_form(f"qb_edit_{picked}", picked, q["version"], {
                f"qb_edit_text_{picked}": q["text"], f"qb_edit_cat_{picked}": q["category"],
                f"qb_edit_tiara_{picked}": q["tiara"] if q["tiara"] in tiaras else tiaras[0],
                f"qb_edit_minutes_{picked}": float(q["minutes"]), f"qb_edit_referral_{picked}": bool(q["asks_referral"]),
            }, q, {k: questions.LABELS[columns.get(k, v)] for k, v in form.items()},
                {k: columns.get(k, v) for k, v in form.items()})
            save = functools.partial(_save_question, picked)
            with st.form(f"qb_edit_{picked}"):
                st.text_area("Question", key=f"qb_edit_text_{picked}", max_chars=questions.MAX_QUESTION_CHARS, height=80)
                a, b, c = st.columns(3)
                a.selectbox("Category", list(vocab.QUESTION_CATEGORIES), key=f"qb_edit_cat_{picked}",
                            format_func=vocab.QUESTION_CATEGORIES.get)
                b.selectbox("TIARA", tiaras, key=f"qb_edit_tiara_{picked}", format_func=vocab.TIARA.get, help=ui.tiara_help())
                c.number_input("Minutes", 0.25, 10.0, step=0.25, key=f"qb_edit_minutes_{picked}")
                st.checkbox("It asks to be referred to other people", key=f"qb_edit_referral_{picked}")
                st.form_submit_button("Save changes", on_click=ui.callback(forms.save_edit),
                                      args=(f"qb_edit_{picked}", save, "Question saved"))
            forms.edit_status(f"qb_edit_{picked}", save, "Question saved")
        with st.popover("Delete this question", icon=":material/delete:"):
            st.write("It is also taken out of any plan or template that uses it.")
            st.button("Delete it", key="qb_delete", type="primary", on_click=ui.callback(_delete_question), args=(picked,))


if tab_bank.open is not False:
    with tab_bank:
        _bank()


# ---- print ------------------------------------------------------------------------------------

if tab_print.open is not False:
    with tab_print:
        if meeting_id is None:
            ui.empty_state("Print a sheet once a meeting is scheduled (Outreach page).", "outreach", "Go to Outreach",
                           query_params={"wb": str(wb.id), "view": "meetings"})
        else:
            data = sheets.sheet_data(con, wb.id, meeting_id)
            full_name = current["full_name"]
            # On a shared screen the preview *and the files* are masked, live notes hidden, names as asked.
            data = ui.masked_data(sheets.with_name(data, full_name, ui.masked_name(full_name)),
                                  names=[full_name, data.get("my_name")])
            preview = sheets.markdown(data)
            st.caption("Take it on paper to an in-person meeting: who, when and where, your purpose, your "
                       "research, and each question with room for notes.", help=ui.method_help("M20"))
            paper = st.radio("Paper", list(sheets.PAPERS), key="q_paper", horizontal=True,
                             format_func=sheets.PAPER_LABELS.get)
            stem = sheets.file_stem(data)
            downloads = st.container(horizontal=True)
            downloads.download_button(
                # Built only when clicked (on its own thread, from the data read above): a PDF takes a while.
                "Download PDF", partial(sheets.pdf_bytes, data, paper), file_name=f"{stem}-{paper.lower()}.pdf",
                mime="application/pdf", key="q_pdf", icon=":material/picture_as_pdf:", type="primary",
                on_click="ignore",
            )
            downloads.download_button(
                "Download Markdown", sheets.markdown(data), file_name=f"{stem}.md", mime="text/markdown",
                key="q_md", icon=":material/description:", on_click="ignore",
            )
            if not data["questions"]:
                st.warning("This meeting has no questions yet: build its plan first.", icon=":material/warning:")
            with st.container(border=True):
                st.markdown(preview)  # masked above; sheets.markdown escapes every user value


# ---- live meeting mode ------------------------------------------------------------------------

def _save_note(mid, qid):
    value = st.session_state.get(f"q_note_{mid}_{qid}")
    forms.write(lambda: plans.save_note(ui.db(), wb.id, mid, qid, value), "Note saved")


def _set_asked(mid, qid):
    value = st.session_state.get(f"q_asked_{mid}_{qid}")
    forms.write(lambda: plans.set_asked(ui.db(), wb.id, mid, qid, value), "Ticked" if value else "Unticked")


def _go(mid, position):
    forms.write(lambda: plans.go_to(ui.db(), wb.id, mid, position), f"Question {position}")


def _start(mid):
    forms.write(lambda: plans.start_clock(ui.db(), wb.id, mid), "The clock is running")


def _reset(mid):
    forms.write(lambda: plans.reset_clock(ui.db(), wb.id, mid), "Clock reset; notes kept")


def _finish(mid):
    forms.write(lambda: plans.finish(ui.db(), wb.id, mid), "Meeting ended; notes saved")


def _timer(mid: int, length: int) -> None:
    """The clock, computed from the stored start time on every run of this fragment."""
    cur = ui.db()
    state = plans.live_state(cur, wb.id, mid)
    plan = plans.items(cur, wb.id, plans.meeting(mid))
    c = plans.clock(state["started_at"], length, datetime.now(), plan, state["finished_at"])
    a, b = st.columns([1, 3], vertical_alignment="center")
    a.metric("Elapsed", plans.mmss(c["elapsed"]), delta=f"{plans.mmss(c['remaining'])} left",
             delta_color="normal" if c["remaining"] > 0 else "inverse", delta_arrow="off")
    b.progress(c["fraction"], text=f"{length} minutes agreed · on the plan's pace you would be at question "
               f"{c['expected']}" if c["phase"] in ("on_track", "wrap_up") else f"{length} minutes agreed")
    if c["phase"] == "wrap_up":
        st.warning(c["message"], icon=":material/alarm:")
    elif c["phase"] == "over":
        st.error(c["message"], icon=":material/timer_off:")
    elif c["message"]:
        st.caption(c["message"])


def _live(mid: int) -> None:
    meeting_row = current
    length = meeting_row["duration_minutes"]
    plan = plans.items(con, wb.id, plans.meeting(mid))
    if not plan:
        st.info("This meeting has no questions yet. Build its plan in the Plan builder tab first.",
                icon=":material/lightbulb:")
        return
    state = plans.live_state(con, wb.id, mid)
    running = state["started_at"] is not None and state["finished_at"] is None
    who = ui.name(meeting_row["full_name"])
    st.caption(f"With {who} · use it on a video call, or to rehearse. Notes save when you "
               "click outside the box or press Ctrl+Enter, and stay after a reload.")
    position = max(1, min(state["position"], len(plan)))
    q = plan[position - 1]
    qid = q["question_id"]
    with st.container(border=True):
        head = f"Question {position} of {len(plan)}"
        if q["must_ask"]:
            head += " · must ask"
        if q["is_referral"]:
            head += " · referral"
        st.caption(head + " · " + _tags(q))
        st.subheader(ui.text(q["text"]), anchor=False)
        st.session_state[f"q_asked_{mid}_{qid}"] = bool(q["asked"])  # a saved note ticks it too
        st.checkbox("Asked", key=f"q_asked_{mid}_{qid}", on_change=ui.callback(_set_asked), args=(mid, qid))
        if ui.share_mode():  # a separate widget, so the hidden text never lands in the real note's state
            st.text_area("Notes", value=ui.private_text(q["notes"]), key=f"q_note_shared_{mid}_{qid}",
                         height=140, disabled=True)
        else:
            st.text_area("Notes", value=q["notes"] or "", key=f"q_note_{mid}_{qid}", height=140,
                         on_change=ui.callback(_save_note), args=(mid, qid),
                         placeholder="What they said, names they mentioned, what to follow up")
        nav = st.container(horizontal=True)
        nav.button("Previous", key="q_live_prev", icon=":material/arrow_back:", disabled=position == 1,
                    on_click=ui.callback(_go), args=(mid, position - 1))
        nav.button("Next", key="q_live_next", icon=":material/arrow_forward:", type="primary",
                   disabled=position == len(plan), on_click=ui.callback(_go), args=(mid, position + 1))
        referral = next((x for x in plan if x["is_referral"]), None)
        if referral and referral["position"] != position:
            nav.button(f"Go to the referral question ({referral['position']})", key="q_live_referral",
                        icon=":material/group_add:", on_click=ui.callback(_go), args=(mid, referral["position"]))
    # The clock under the question: the question is what the person reads mid-conversation.
    controls = st.container(horizontal=True)
    if state["started_at"] is None:
        controls.button("Start the clock", key="q_live_start", type="primary", icon=":material/play_arrow:",
                           on_click=ui.callback(_start), args=(mid,))
    else:
        controls.button("Restart clock", key="q_live_reset", icon=":material/restart_alt:",
                           on_click=ui.callback(_reset), args=(mid,), help="For a rehearsal: back to 0:00; notes stay.")
    if running:
        controls.button("End meeting", key="q_live_finish", icon=":material/stop:", on_click=ui.callback(_finish), args=(mid,))
    st.fragment(_timer, run_every=2 if running else None)(mid, length)

    with st.expander(f"All questions ({sum(1 for x in plan if x['asked'])} of {len(plan)} asked)"):
        for x in plan:
            mark = "✓" if x["asked"] else "○"
            note = " · has notes" if x["notes"] else ""
            cols = st.columns([6, 1], vertical_alignment="center")
            cols[0].markdown(f"{mark} **{x['position']}.** {ui.text(x['text'])}{note}")
            cols[1].button("Open", key=f"q_live_open_{x['question_id']}", on_click=ui.callback(_go), args=(mid, x["position"]),
                           disabled=x["position"] == position)
    if state["finished_at"] is not None:
        st.success("Meeting over. Write down what you learned while it is fresh: your notes are waiting on the "
                   "Review page.", icon=":material/check_circle:")
        st.page_link(ui.PAGES["review"], label="Review this meeting", icon=":material/arrow_forward:",
                     query_params={"wb": str(wb.id), "meeting": str(mid)})


if tab_live.open is not False:
    with tab_live:
        if meeting_id is None:
            ui.empty_state("Live mode runs a meeting's plan. Schedule a meeting first (Outreach page).",
                           "outreach", "Go to Outreach", query_params={"wb": str(wb.id), "view": "meetings"})
        else:
            _live(meeting_id)
