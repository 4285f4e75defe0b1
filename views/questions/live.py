"""Live meeting mode: one question at a time with its notes, the clock, and every question at a glance."""
from __future__ import annotations

from datetime import datetime

import streamlit as st

from lib import question_plans as plans
from views import forms, kit, registry, ui, whole
from views.questions.words import tags


def _note_keys(mid: int, qid: int) -> tuple[str, str]:
    """The note box's key, and the key of the stored note it was last filled with."""
    return f"q_note_{mid}_{qid}", f"_q_note_seen_{mid}_{qid}"


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").strip() == (b or "").strip()


def _fill_note(mid: int, qid: int, stored: str | None) -> None:
    """Before the note box is drawn: it follows the stored note (saved in another window too) until the person
    types; what they typed is never replaced. The note it was filled with is what their save says it saw."""
    key, seen = _note_keys(mid, qid)
    s = st.session_state
    if key in s and not _same(s[key], s.get(seen)):
        return  # typed, not saved yet
    if key not in s or not _same(s[key], stored):
        s[key] = stored or ""
    s[seen] = stored


def _save_note(ctx: kit.Context, mid: int, qid: int) -> None:
    key, seen = _note_keys(mid, qid)
    s = st.session_state
    value = s.get(key)
    saved = forms.write(lambda: plans.save_note(ctx.cur, ctx.wb.id, mid, qid, value, seen=s.get(seen)), "Note saved")
    if not saved:
        return  # refused with its message: the typing stays in the box
    s[seen] = saved.notes
    if saved.merged:
        s[key] = saved.notes or ""
        said = ("both are kept, theirs first." if (value or "").strip()
                else "it is kept, not cleared. Clear the box again to remove it.")
        whole.say("warning", f"Another window saved a note on this question meanwhile: {said}", ":material/call_merge:")


def _set_asked(ctx: kit.Context, mid: int, qid: int) -> None:
    value = st.session_state.get(f"q_asked_{mid}_{qid}")
    forms.write(lambda: plans.set_asked(ctx.cur, ctx.wb.id, mid, qid, value), "Ticked" if value else "Unticked")


def _go(ctx: kit.Context, mid: int, position: int) -> None:
    forms.write(lambda: plans.go_to(ctx.cur, ctx.wb.id, mid, position), f"Question {position}")


def _start(ctx: kit.Context, mid: int) -> None:
    forms.write(lambda: plans.start_clock(ctx.cur, ctx.wb.id, mid), "The clock is running")


def _reset(ctx: kit.Context, mid: int) -> None:
    forms.write(lambda: plans.reset_clock(ctx.cur, ctx.wb.id, mid), "Clock reset; notes kept")


def _finish(ctx: kit.Context, mid: int) -> None:
    forms.write(lambda: plans.finish(ctx.cur, ctx.wb.id, mid), "Meeting ended; notes saved")


def _timer(ctx: kit.Context, mid: int, length: int) -> None:
    """The clock, computed from the stored start time on every run of this fragment (its own clock: a fragment
    reruns without a new page context)."""
    state = plans.live_state(ctx.cur, ctx.wb.id, mid)
    plan = plans.items(ctx.cur, ctx.wb.id, plans.meeting(mid))
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


def _question(ctx: kit.Context, mid: int, plan: list[dict], position: int) -> None:
    """The question at `position`: its text, Asked, its notes, and the way to the others."""
    q = plan[position - 1]
    qid = q["question_id"]
    with st.container(border=True):
        head = f"Question {position} of {len(plan)}"
        if q["must_ask"]:
            head += " · must ask"
        if q["is_referral"]:
            head += " · referral"
        st.caption(head + " · " + tags(q))
        st.subheader(ui.text(q["text"]), anchor=False)
        st.session_state[f"q_asked_{mid}_{qid}"] = bool(q["asked"])  # a saved note ticks it too
        st.checkbox("Asked", key=f"q_asked_{mid}_{qid}", on_change=ui.callback(_set_asked), args=(ctx, mid, qid))
        if ctx.share:  # a separate widget, so the hidden text never lands in the real note's state
            st.text_area("Notes", value=ui.private_text(q["notes"]), key=f"q_note_shared_{mid}_{qid}",
                         height=140, disabled=True)
        else:
            _fill_note(mid, qid, q["notes"])
            st.text_area("Notes", key=_note_keys(mid, qid)[0], height=140,
                         on_change=ui.callback(_save_note), args=(ctx, mid, qid),
                         placeholder="What they said, names they mentioned, what to follow up")
        nav = st.container(horizontal=True)
        nav.button("Previous", key="q_live_prev", icon=":material/arrow_back:", disabled=position == 1,
                   on_click=ui.callback(_go), args=(ctx, mid, position - 1))
        nav.button("Next", key="q_live_next", icon=":material/arrow_forward:", type="primary",
                   disabled=position == len(plan), on_click=ui.callback(_go), args=(ctx, mid, position + 1))
        referral = next((x for x in plan if x["is_referral"]), None)
        if referral and referral["position"] != position:
            nav.button(f"Go to the referral question ({referral['position']})", key="q_live_referral",
                       icon=":material/group_add:", on_click=ui.callback(_go), args=(ctx, mid, referral["position"]))


def _clock(ctx: kit.Context, mid: int, length: int, state: dict) -> None:
    """Start, restart and end buttons, and the clock itself (ticking while the meeting runs)."""
    running = state["started_at"] is not None and state["finished_at"] is None
    controls = st.container(horizontal=True)
    if state["started_at"] is None:
        controls.button("Start the clock", key="q_live_start", type="primary", icon=":material/play_arrow:",
                        on_click=ui.callback(_start), args=(ctx, mid))
    else:
        controls.button("Restart clock", key="q_live_reset", icon=":material/restart_alt:",
                        on_click=ui.callback(_reset), args=(ctx, mid), help="For a rehearsal: back to 0:00; notes stay.")
    if running:
        controls.button("End meeting", key="q_live_finish", icon=":material/stop:", on_click=ui.callback(_finish),
                        args=(ctx, mid))
    st.fragment(_timer, run_every=2 if running else None)(ctx, mid, length)


def _overview(ctx: kit.Context, mid: int, plan: list[dict], position: int) -> None:
    with st.expander(f"All questions ({sum(1 for x in plan if x['asked'])} of {len(plan)} asked)"):
        for x in plan:
            mark = "✓" if x["asked"] else "○"
            note = " · has notes" if x["notes"] else ""
            cols = st.columns([6, 1], vertical_alignment="center")
            cols[0].markdown(f"{mark} **{x['position']}.** {ui.text(x['text'])}{note}")
            cols[1].button("Open", key=f"q_live_open_{x['question_id']}", on_click=ui.callback(_go),
                           args=(ctx, mid, x["position"]), disabled=x["position"] == position)


def live(ctx: kit.Context, mid: int, current: dict) -> None:
    """Live mode for the chosen meeting (`current`: who, how long)."""
    length = current["duration_minutes"]
    plan = plans.items(ctx.cur, ctx.wb.id, plans.meeting(mid))
    if not plan:
        st.info("This meeting has no questions yet. Build its plan in the Plan builder tab first.",
                icon=":material/lightbulb:")
        return
    state = plans.live_state(ctx.cur, ctx.wb.id, mid)
    who = ui.name(current["full_name"])
    st.caption(f"With {who} · use it on a video call, or to rehearse. Notes save when you "
               "click outside the box or press Ctrl+Enter, and stay after a reload.")
    position = max(1, min(state["position"], len(plan)))
    _question(ctx, mid, plan, position)
    # The clock under the question: the question is what the person reads mid-conversation.
    _clock(ctx, mid, length, state)
    _overview(ctx, mid, plan, position)
    if state["finished_at"] is not None:
        st.success("Meeting over. Write down what you learned while it is fresh: your notes are waiting on the "
                   "Review page.", icon=":material/check_circle:")
        st.page_link(registry.PAGES["review"], label="Review this meeting", icon=":material/arrow_forward:",
                     query_params=ctx.link(meeting=mid))
