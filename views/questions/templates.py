"""Templates for a target role: create one, pick one, use it for the chosen meeting, edit it, delete it."""
from __future__ import annotations

import streamlit as st

from lib import question_plans as plans
from views import forms, kit, ui
from views.questions import plan as plan_view

TEMPLATE_STARTS = {"proposal": "A balanced proposal", "meeting": "The chosen meeting's plan", "empty": "No questions"}


def _use_template(ctx: kit.Context, mid: int) -> None:
    chosen = st.session_state.get("q_tpl_pick")
    if forms.write(lambda: plans.apply_template(ctx.cur, ctx.wb.id, mid, chosen), "Template applied to this meeting"):
        st.session_state["q_mode"] = "meeting"  # back to the meeting, to see and adjust its new plan


def _create_template(ctx: kit.Context, token: str, mid: int | None) -> None:
    get = st.session_state.get
    start = get("q_tpl_start")

    def create():
        template_id = plans.create_template(ctx.cur, ctx.wb.id, name=get("q_tpl_name"), target_role=get("q_tpl_role"),
                                            duration_minutes=get("q_tpl_len"), token=token,
                                            from_meeting=mid if start == "meeting" else None)
        if start == "proposal":
            plans.apply_proposal(ctx.cur, ctx.wb.id, plans.template(template_id))
        return template_id

    made = forms.write(create, ui.md("Created the template “{name}”", name=(get("q_tpl_name") or "").strip()))
    if made:
        forms.one_shot_done("q_new_tpl")
        st.session_state["q_tpl_pick"] = made


def _delete_template(ctx: kit.Context, template_id: int) -> None:
    if forms.write(lambda: plans.delete_template(ctx.cur, ctx.wb.id, template_id), "Template deleted"):
        st.session_state.pop("q_tpl_pick", None)


def _new_template(ctx: kit.Context, meeting_id: int | None, current: dict | None, first: bool) -> None:
    """The form that creates a template (from a proposal, the chosen meeting's plan, or nothing)."""
    with st.expander("New template", expanded=first):
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
                                  args=(ctx, forms.one_shot_token(new_form), meeting_id))


def template_builder(ctx: kit.Context, meeting_id: int | None, current: dict | None) -> None:
    """Every template action in one place: create one (from a proposal or the chosen meeting's plan), pick one,
    use it for the chosen meeting, edit it, delete it."""
    options = plans.templates(ctx.cur, ctx.wb.id)
    _new_template(ctx, meeting_id, current, first=not options)
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
                  on_click=ui.callback(_use_template), args=(ctx, meeting_id),
                  help="Replaces the plan of the meeting picked at the top of the page (refused once it holds "
                       "notes).")
    plan_view.builder(ctx, plans.template(picked), template["duration_minutes"], "This template")
    with st.popover("Delete this template", icon=":material/delete:"):
        st.write("The template goes; meeting plans made from it stay.")
        st.button("Delete it", key="q_tpl_delete", type="primary", on_click=ui.callback(_delete_template),
                  args=(ctx, picked))
