"""A plan (a meeting's or a template's): its rows, its time budget and coverage, and questions added from the bank."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable

import streamlit as st

from lib import db as database
from lib import question_plans as plans
from lib import questions, render, vocab, wording
from views import forms, id_choice, kit, layout, part, ui
from views.kept import Kept
from views.questions import reads, research
from views.questions.words import CATEGORY_OPTIONS, TIARA_OPTIONS, category_option, tags, tiara_option

# Where a refused change to the plan is said: in the builder, where the person acted (a callback's own st.error
# lands at the top of the page's run, or of the part's: views/part.py).
FEEDBACK = "q_plan"


def _chosen_key(ref: plans.Ref) -> str:
    return f"q_chosen_{ref.kind}_{ref.id}"


def _row_label(q: dict) -> render.Md:
    shown = tags(q) + (" · asks for referrals" if q["is_referral"] else "")
    must = " · :blue[**must ask**]" if q["must_ask"] else ""
    return ui.md(f"**{q['position']}.** {{text}}  :gray[{{shown}}]{must}", text=q["text"], shown=shown)


def _plan_rows(ctx: kit.Context, ref: plans.Ref, plan: list[dict]) -> None:
    """The plan as one list to choose from, and the actions on the chosen question under it. One radio and four
    buttons instead of five widgets per row: a page of ~15 rows drew ~75 elements (issue 17)."""
    if not plan:
        return
    by_id = {q["question_id"]: q for q in plan}
    labels = {qid: _row_label(q) for qid, q in by_id.items()}  # made now: masking reads this run's mode
    chosen = by_id[id_choice.radio("Your plan: choose a question to move, mark or remove", labels, _chosen_key(ref),
                                   plan[0]["question_id"], help=layout.method_help("M22"))]
    index = plan.index(chosen)
    must = bool(chosen["must_ask"])
    with st.container(horizontal=True, gap="small"):
        st.button("Up", key=f"q_up_{ref.kind}", icon=":material/arrow_upward:", disabled=not plans.can_move(plan, index, -1),
                  help="Move the chosen question up one place", on_click=ui.callback(_move), args=(ctx, ref, -1))
        st.button("Down", key=f"q_down_{ref.kind}", icon=":material/arrow_downward:",
                  disabled=not plans.can_move(plan, index, 1), help="Move the chosen question down one place",
                  on_click=ui.callback(_move), args=(ctx, ref, 1))
        st.button("Make it optional" if must else "Make it a must", key=f"q_must_{ref.kind}",
                  icon=":material/star:" if not must else ":material/star_border:",
                  help="Must-ask questions are asked whatever happens; the others only if time allows.",
                  on_click=ui.callback(_set_must), args=(ctx, ref, not must))
        st.button("Remove", key=f"q_rm_{ref.kind}", icon=":material/close:", help="Remove the chosen question",
                  on_click=ui.callback(_remove), args=(ctx, ref))
    st.caption("Choose a question above, then move it, make it a must (asked whatever happens) or optional "
               "(asked if time allows), or remove it. The referral question stays last, followed only by closing "
               "questions.")


# The actions read the chosen question when clicked (the list as the person saw it), never one bound when drawn: a
# click right after choosing acts on what the person sees chosen.
def _chosen(ref: plans.Ref) -> int | None:
    qid = id_choice.chosen(_chosen_key(ref))
    if qid is None:
        forms.flash(FEEDBACK, "error", "Choose a question in the plan first.")
    return qid


def _set_must(ctx: kit.Context, ref: plans.Ref, value: bool) -> None:
    if (qid := _chosen(ref)) is not None:
        forms.write(lambda: plans.set_must_ask(ctx.cur, ctx.wb.id, ref, qid, value),
                    "Marked must-ask" if value else "Marked optional", where=FEEDBACK)


def _move(ctx: kit.Context, ref: plans.Ref, step: int) -> None:
    if (qid := _chosen(ref)) is not None:
        forms.write(lambda: plans.move(ctx.cur, ctx.wb.id, ref, qid, step), "Moved", where=FEEDBACK)


def _remove(ctx: kit.Context, ref: plans.Ref) -> None:
    if (qid := _chosen(ref)) is None:
        return
    order = [q["question_id"] for q in plans.items(ctx.cur, ctx.wb.id, ref)]
    if forms.write(lambda: plans.remove(ctx.cur, ctx.wb.id, ref, qid), "Removed from the plan", where=FEEDBACK):
        rest = [i for i in order if i != qid]
        if rest:  # the question that takes its place is chosen next
            st.session_state[_chosen_key(ref)] = rest[min(order.index(qid) if qid in order else 0, len(rest) - 1)]


def _add(ctx: kit.Context, ref: plans.Ref) -> None:
    picked = st.session_state.get("q_add_pick") or []
    if forms.write(lambda: plans.add(ctx.cur, ctx.wb.id, ref, picked),
                   f"Added {wording.plural(len(picked), 'question')}", where=FEEDBACK):
        st.session_state["q_add_pick"] = []


# The plan each proposal replaced, per plan of each database and workbook, while the proposal stands untouched:
# "Put back the plan you had" (a plan arranged by hand went at one click, with no way back: a hostile tester). Kept by
# the server process, not the session, so a reload or another tab offers it too (a session's own was lost at a reload:
# the next tester); plans.put_back checks again that the plan still stands as proposed. With several app processes
# on PostgreSQL, the process that proposed offers it.
_REPLACED: Kept[plans.Replaced] = Kept(256)  # plans; the oldest proposal's way back goes first


def _replaced_key(ctx: kit.Context, ref: plans.Ref) -> tuple:
    return str(database.path_from_env()), ctx.wb.id, ref


def _propose(ctx: kit.Context, ref: plans.Ref) -> None:
    replaced = forms.write(lambda: plans.apply_proposal(ctx.cur, ctx.wb.id, ref),
                           "Proposed a balanced plan: review it and make it yours", where=FEEDBACK)
    if not replaced:
        return
    _REPLACED.replace(_replaced_key(ctx, ref), lambda earlier: _way_back(replaced, earlier))


def _way_back(replaced: plans.Replaced, earlier: plans.Replaced | None) -> plans.Replaced | None:
    if earlier is not None and earlier.after == replaced.before:  # proposed again over the untouched proposal
        replaced = dataclasses.replace(replaced, before=earlier.before)  # (a double click): the plan before both
    return replaced if replaced.before.order and replaced.before != replaced.after else None


def _put_back(ctx: kit.Context, ref: plans.Ref) -> None:
    replaced = _REPLACED.pop(_replaced_key(ctx, ref))
    if replaced is None:
        return  # the second click of a double click (here or in another tab): put back already
    forms.write(lambda: plans.put_back(ctx.cur, ctx.wb.id, ref, replaced),
                f"Your plan of {wording.plural(len(replaced.before.order), 'question')} is back as it was",
                where=FEEDBACK)


def _put_back_offer(ctx: kit.Context, ref: plans.Ref, plan: list[dict]) -> None:
    """Under Propose, while the proposal stands as it was made: the way back to the plan it replaced."""
    replaced = _REPLACED.get(_replaced_key(ctx, ref))
    if replaced is None or plans.snapshot_of(plan, reads.skip_referral(ctx, ref)) != replaced.after:
        return
    st.button("Put back the plan you had", key=f"q_put_back_{ref.kind}", icon=":material/undo:", width="stretch",
              on_click=ui.callback(_put_back), args=(ctx, ref),
              help=f"The proposal replaced your plan of {wording.plural(len(replaced.before.order), 'question')}: "
                   "this puts it back as it was, in your order, with your must-ask marks. Offered until you change "
                   "the proposed plan.")


def _drop(ctx: kit.Context, ref: plans.Ref, ids: list[int]) -> None:
    forms.write(lambda: plans.drop_many(ctx.cur, ctx.wb.id, ref, ids),
                "Dropped the suggested questions", where=FEEDBACK)


def _restore(ctx: kit.Context, ref: plans.Ref) -> None:
    forms.write(lambda: plans.restore_referral(ctx.cur, ctx.wb.id, ref),
                "The referral question is back at the end", where=FEEDBACK)


def _budget(ctx: kit.Context, ref: plans.Ref, plan: list[dict], length: int) -> None:
    """The time budget: how full the plan is, and what to drop when it runs over."""
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
                  on_click=ui.callback(_drop), args=(ctx, ref, [q["question_id"] for q in drop]))
    elif b["status"] == "tight":
        st.warning(message, icon=":material/timer:")
    elif b["status"] == "fits":
        st.success(message, icon=":material/check_circle:")
    else:
        st.caption(message)
    if b["count_note"]:
        st.caption(b["count_note"])


def _budget_panel(ctx: kit.Context, ref: plans.Ref, plan: list[dict], length: int) -> None:
    _budget(ctx, ref, plan, length)
    cov = plans.coverage(plan)
    lines = [" · ".join(f"{vocab.QUESTION_CATEGORIES[c]} {n}" for c, n in cov["category"].items()),
             "TIARA: " + " · ".join(f"{vocab.TIARA[t]} {n}" for t, n in cov["tiara"].items()),
             *(f":material/info: {gap}" for gap in cov["gaps"])]
    # One element (each costs the browser a few ms on every run); the words are the app's, no user text.
    st.markdown("\n\n".join(["**Coverage**", *(f":small[:gray[{line}]]" for line in lines)]), help=layout.tiara_help())
    if reads.skip_referral(ctx, ref):
        st.info("This plan ends without a referral question, as you chose. Asking who else to talk to is "
                "how a network grows.", icon=":material/group_add:")
        st.button("Put the referral question back", key=f"q_restore_{ref.kind}", on_click=ui.callback(_restore),
                  args=(ctx, ref))


def _add_panel(ctx: kit.Context, ref: plans.Ref, plan: list[dict]) -> None:
    text_col, cat_col, tiara_col = st.columns([2, 1, 1])
    text = text_col.text_input("Search the bank", key="q_add_text", placeholder="e.g. trends, licence, first month")
    category = cat_col.selectbox("Category", CATEGORY_OPTIONS, key="q_add_cat", format_func=category_option)
    tiara = tiara_col.selectbox("TIARA", TIARA_OPTIONS, key="q_add_tiara", format_func=tiara_option,
                                help=layout.tiara_help())
    found, total = questions.search(ctx.cur, ctx.wb.id, text=text, category=category, tiara=tiara,
                                    exclude_ids=[q["question_id"] for q in plan], limit=40)
    labels = {q["id"]: f"{q['text']} ({tags(q)})" for q in found}
    st.multiselect(
        f"Questions to add ({wording.plural(total, 'match', 'matches')}"
        + (", the first 40 shown" if total > 40 else "") + ")",
        list(labels), key="q_add_pick", format_func=lambda i: labels.get(i, str(i)),
        placeholder="Pick one or more questions",
    )
    st.button("Add to plan", key="q_add_btn", type="primary", icon=":material/add:", on_click=ui.callback(_add),
              args=(ctx, ref), disabled=not st.session_state.get("q_add_pick"))


def builder(ctx: kit.Context, ref: plans.Ref, length: int, what: str) -> None:
    """The plan of `ref` (`what`: "This meeting" or "This template"): rows, propose, budget, add from the bank."""
    plan = reads.plan(ctx, ref)
    forms.feedback(FEEDBACK)
    left, right = st.columns([2.3, 1], gap="medium")
    with right:
        st.button(
            "Propose a balanced plan" if not plan else "Propose a new plan", width="stretch",
            key=f"q_propose_{ref.kind}", icon=":material/auto_awesome:", on_click=ui.callback(_propose),
            args=(ctx, ref),
            help="Picks about 12 questions across role, organization, industry and career path, spreads the TIARA "
                 "tags (Trends, Insights, Advice, Resources, Assignments), fits the length, and ends with the referral question. Uses your goal's target roles and "
                 "industries.",
            type="primary" if not plan else "secondary",
        )
        _put_back_offer(ctx, ref, plan)
        _budget_panel(ctx, ref, plan, length)
    with left:
        if not plan:
            st.info(f"{what} has no questions yet. Propose a balanced plan in one click, or add questions from "
                    "the bank below" + (", or start from one of your templates (Templates for a target role, above)."
                                        if ref.kind == "meeting" else "."), icon=":material/lightbulb:")
        _plan_rows(ctx, ref, plan)
        # Drawn from its first opening on (open at first for an empty plan): six inputs the browser draws on
        # every run otherwise, for a step most visits do not take (issue 17).
        box = layout.opened_once("Add questions from the bank", key=bank_box_key(ref), expanded=not plan,
                                 icon=":material/library_add:")
        if box is not None:
            with box:
                _add_panel(ctx, ref, plan)


def cancelled_note(meeting: dict) -> None:
    """A cancelled meeting keeps its plan, still editable (the meeting may be set back to planned): said so, since
    the picker alone read as if planning it were still the next step (a hostile tester)."""
    if meeting["status"] == "cancelled":
        st.info("This meeting was cancelled. Its plan is kept as it is and you can still change it: it is ready if "
                "you set the meeting back to planned (Outreach, Meetings tab).", icon=":material/event_busy:")


def meeting_plan(ctx: kit.Context, meeting_id: int, length: int, about: Callable[[kit.Context], Hashable]) -> None:
    """The chosen meeting's research notes and plan, a part of the page (views/part.py): a question moved
    redraws these alone. The Meeting picker above names the meeting (`about(ctx)`: who, when, how long, which
    another tab may change) and says how many questions its plan holds, so a change of either (a plan proposed,
    a question added or removed) runs the whole page."""
    _meeting_plan(ctx, meeting_id, length, outside=lambda ctx: (
        about(ctx), len(reads.plan(ctx, plans.meeting(meeting_id)))))


@part.part
def _meeting_plan(ctx: kit.Context, meeting_id: int, length: int) -> None:
    research.research_panel(ctx, meeting_id)
    builder(ctx, plans.meeting(meeting_id), length, "This meeting")


def bank_box_key(ref: plans.Ref) -> str:
    return f"q_bank_box_{ref.kind}"

