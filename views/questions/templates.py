"""Templates for a target role: create one, pick one, use it for the chosen meeting, edit it, delete it."""
from __future__ import annotations

import streamlit as st

from lib import question_plans as plans
from views import extra_clicks, forms, kit, part, ui
from views.questions import plan as plan_view

TEMPLATE_STARTS = {"proposal": "A balanced proposal", "meeting": "The chosen meeting's plan", "empty": "No questions"}


def _use_template(ctx: kit.Context, mid: int) -> None:
    chosen = st.session_state.get("q_tpl_pick")
    if forms.write(lambda: plans.apply_template(ctx.cur, ctx.wb.id, mid, chosen), "Template applied to this meeting"):
        st.session_state["q_mode"] = "meeting"  # back to the meeting, to see and adjust its new plan


_NEW = "q_new_tpl"  # the one-shot form's name, and where its messages are shown


def _create_template(ctx: kit.Context, form: str, mid: int | None) -> None:
    typed = {f: st.session_state.get(forms.one_shot_key(form, f)) for f in ("name", "role", "len", "start")}

    def create(token: str) -> int:
        template_id = plans.create_template(ctx.cur, ctx.wb.id, name=typed["name"], target_role=typed["role"],
                                            duration_minutes=typed["len"], token=token,
                                            from_meeting=mid if typed["start"] == "meeting" else None)
        if typed["start"] == "proposal":
            plans.apply_proposal(ctx.cur, ctx.wb.id, plans.template(template_id))
        return template_id

    made = forms.run_once(_NEW, form, create,
                          ui.md("Created the template “{name}”", name=(typed["name"] or "").strip()), where=_NEW)
    if made:
        st.session_state["q_tpl_pick"] = made


def _delete_template(ctx: kit.Context, template_id: int) -> None:
    if forms.write(lambda: plans.delete_template(ctx.cur, ctx.wb.id, template_id), "Template deleted"):
        st.session_state.pop("q_tpl_pick", None)


def _new_template(ctx: kit.Context, meeting_id: int | None, current: dict | None, first: bool) -> None:
    """The form that creates a template (from a proposal, the chosen meeting's plan, or nothing)."""
    with st.expander("New template", expanded=first):
        # Saved in the button's callback, each rendering with widget keys of its own: the renewed form starts
        # empty, a refused name stays, and the clicks after a save say nothing (views/extra_clicks.py).
        form = forms.one_shot(_NEW)  # quick repeated clicks create one template (lib/actions.py)

        def key(field: str) -> str:
            return forms.one_shot_key(form, field)

        starts = [k for k in TEMPLATE_STARTS if k != "meeting" or meeting_id is not None]
        with st.form(form):
            st.text_input("Name", key=key("name"), placeholder="e.g. Water resources engineer, 20 min")
            st.text_input("Target role", key=key("role"), placeholder="e.g. Water resources engineer")
            length = min(120, max(5, current["duration_minutes"])) if current else 20  # the chosen meeting's
            st.number_input("Meeting length (minutes)", 5, 120, length, key=key("len"))
            st.radio("Start from", starts, key=key("start"), format_func=TEMPLATE_STARTS.get, horizontal=True,
                     help="The chosen meeting is the one picked at the top of the page.")
            st.form_submit_button("Create template", on_click=ui.callback(_create_template),
                                  args=(ctx, form, meeting_id))
        extra_clicks.widgets_drawn(_NEW, form)
        forms.feedback(_NEW)


def _mode(ctx: kit.Context) -> str | None:
    return st.session_state.get("q_mode")  # "Use this template" goes back to the meeting's plan: the whole page


def template_builder(ctx: kit.Context, meeting_id: int | None, current: dict | None) -> None:
    """Every template action in one place, a part of the page (views/part.py): create one (from a proposal or the
    chosen meeting's plan), pick one, use it for the chosen meeting, edit it, delete it."""
    _templates(ctx, meeting_id, current, outside=_mode)


@part.part
def _templates(ctx: kit.Context, meeting_id: int | None, current: dict | None) -> None:
    options = plans.templates(ctx.cur, ctx.wb.id)
    names = {t["id"]: f"{t['name']} · {t['duration_minutes']} min" for t in options}
    if st.session_state.get("q_tpl_pick") not in (None, *names):  # deleted in another tab: said, not dropped silently
        st.session_state.pop("q_tpl_pick")
        st.info("The template you had open was deleted in another tab.",
                icon=":material/info:")
    _new_template(ctx, meeting_id, current, first=not options)
    if not options:
        return
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
