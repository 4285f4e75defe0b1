"""The Write tab: research still to do, the graceful close, the script for a channel with its method check,
saved versions; the log form and the reply prompt follow (attempts.py)."""
from __future__ import annotations

import streamlit as st

from lib import outreach, readiness, scripts
from views import extra_clicks, forms, kit, layout, part, registry, ui
from views.outreach import attempts, picker, profile, reads, script


def write_tab(ctx: kit.Context, person: dict, caption) -> None:
    """Everything to write to the person, then the log form and their answer (which may move what `caption`, the
    person's caption above the tabs, says)."""
    profile.profile_form(ctx)
    before_contact(ctx, person)
    graceful_close(ctx, person)
    kind, template = _channel(ctx, person)
    left, right = st.columns([3, 2], gap="large")
    with left:
        draft = script.script_box(ctx, person, kind, template)
    with right:
        show_findings(scripts.check(draft.body, kind, subject=draft.subject, linkedin_free=draft.free), draft.counted)
        if rules := layout.folded("The rules behind the check", key="outreach_rules_box"):
            with rules:
                for rule in scripts.RULES.values():
                    if kind in rule.kinds:
                        st.markdown(f"**{rule.title}**", help=layout.method_help(rule.method) if rule.method else None)
                        st.caption(rule.explanation)
    _version_form(ctx, person, kind, draft)
    attempts.log_and_reply(ctx, person, template, draft, caption, outside=_drawn_above_the_log(person["id"], kind))


def _drawn_above_the_log(person_id: int, kind: str) -> part.Outside:
    """What the page draws above the log section from data its writes change, beside the picked person: a first
    log moves an identified person on (a research warning goes), a no brings the graceful close, a voicemail
    logged changes its advice. When any of it moved, the section's own run gives way to the whole page's."""
    def drawn(ctx: kit.Context) -> tuple:
        return (picker.shown(ctx), tuple(gap.message for gap in reads.research_gaps(ctx, person_id)),
                reads.graceful_close(ctx, person_id, today=ctx.today),
                _voicemail_advice(ctx, person_id) if kind == "voicemail" else None)
    return drawn


def _voicemail_advice(ctx: kit.Context, person_id: int) -> str | None:
    return outreach.voicemail_advice(ctx.cur, ctx.wb.id, person_id)


def before_contact(ctx: kit.Context, person: dict) -> None:
    """M7/M8: what is still to research about this person, with a link to do it (advice, never a block)."""
    linked = set()
    for gap in reads.research_gaps(ctx, person["id"]):
        st.warning(gap.message, icon=":material/travel_explore:")
        if gap.target in linked:
            continue   # one link per place to go
        linked.add(gap.target)
        param, target_id = gap.target
        st.page_link(registry.PAGES["research"], label=gap.link_label, icon=":material/arrow_forward:",
                     query_params=ctx.link(**{param: target_id}))


def graceful_close(ctx: kit.Context, person: dict) -> None:
    """M32: after a no, or silence after the follow-up, thank them, ask for someone else, let them go."""
    forms.feedback("graceful_close")
    advice = reads.graceful_close(ctx, person["id"], today=ctx.today)
    if not advice:
        return
    let_go = (lambda: readiness.let_go(ctx.cur, ctx.wb.id, person["id"]), "Reminders ended for this person")
    with st.container(border=True):
        st.info(advice, icon=":material/volunteer_activism:")
        a, b, _ = st.columns([1, 1, 1])
        a.button("Write the thank-you", key="graceful_write", icon=":material/edit_note:",
                 on_click=ui.callback(picker.pick), args=(person["id"], "graceful_no"))
        b.button("Sent: let them go", key="graceful_let_go", icon=":material/waving_hand:",
                 on_click=ui.callback(forms.write), args=let_go, kwargs={"where": "graceful_close"},
                 help="Ends every reminder for this person and marks them closed; their notes stay in Research.")


def _channel(ctx: kit.Context, person: dict) -> tuple[str, scripts.Template]:
    """The channel picked, its guidance, and the voicemail advice."""
    all_kinds = scripts.kinds()
    if st.session_state.get(picker.KIND_KEY) not in all_kinds:
        st.session_state[picker.KIND_KEY] = "email"
    kind = st.radio("Channel", list(all_kinds), format_func=all_kinds.get, horizontal=True, key=picker.KIND_KEY)
    template = scripts.templates()[kind]
    st.caption(template.guidance, help=layout.method_help(*template.method) if template.method else None)
    if kind == "voicemail":
        if advice := _voicemail_advice(ctx, person["id"]):
            st.warning(ui.text(advice), icon=":material/voicemail:")
    return kind, template


def show_findings(findings: list[scripts.Finding], counter: str) -> None:
    """A warning each (with why); the checks passed as one caption, a line each, their method points in its
    tooltip: one element instead of one per check (each element costs the browser a few ms on every run)."""
    warnings = [f for f in findings if not f.ok]
    st.markdown(f"**Method check** · {len(warnings)} to look at" if warnings else "**Method check** · all clear")
    for f in warnings:
        st.markdown(f":orange[:material/warning:] **{f.title}** · {ui.text(f.detail)}",
                    help=layout.method_help(f.method) if f.method else None)   # the point, in words, in a tooltip
        st.caption(f.explanation)
    passed = [f":green[:material/check_circle:] {f.title} · {ui.text(f.detail)}" for f in findings if f.ok]
    methods = [f.method for f in findings if f.ok and f.method]
    st.caption("  \n".join([*passed, f":material/straighten: {counter}", "These checks only advise; you decide what to send."]),
               help=layout.method_help(*dict.fromkeys(methods)) if methods else None)


_VERSION = "save_version"  # the one-shot form's name
_VERSION_SAID = "script_version"  # where what its click did is said


def _save_version(ctx: kit.Context, kind: str, contact_id: int, draft: script.Draft, form: str) -> None:
    """Callback: keep the text as the person's own version; the picker lists it at once."""
    s = st.session_state
    subject_key = draft.subject_key if draft.subject is not None else None
    title = s.get(forms.one_shot_key(form, "title"))
    saved = forms.run_once(
        _VERSION, form,
        lambda token: scripts.save_version(
            ctx.cur, ctx.wb.id, kind=kind, title=title, body=s.get(draft.text_key),
            subject=s.get(subject_key) if subject_key else None, contact_id=contact_id, token=token),
        "Saved: names become placeholders, so it fits the next person too", where=_VERSION_SAID,
    )
    if saved:
        s[f"outreach_version_{kind}"] = saved


def _version_form(ctx: kit.Context, person: dict, kind: str, draft: script.Draft) -> None:
    """Save the text as a version of one's own (quick repeated clicks save one: lib/actions.py)."""
    box = layout.opened_once("Keep it as a version of your own", key="version_box", icon=":material/bookmark_add:")
    if box is not None:
        with box:
            _version_inputs(ctx, person, kind, draft)
    forms.feedback(_VERSION_SAID)


def _version_inputs(ctx: kit.Context, person: dict, kind: str, draft: script.Draft) -> None:
    # Each rendering with widget keys of its own: the renewed form starts empty, a refused name stays, and the
    # clicks after a save say nothing (views/extra_clicks.py).
    form = forms.one_shot(_VERSION)
    with st.form(form, border=False):
        cols = st.columns([3, 1], vertical_alignment="bottom")
        cols[0].text_input("Name of your version", key=forms.one_shot_key(form, "title"),
                           placeholder="e.g. Warm email for alumni")
        cols[1].form_submit_button("Save as my version", icon=":material/bookmark_add:",
                                   on_click=ui.callback(_save_version), disabled=not ui.editable(),
                                   args=(ctx, kind, person["id"], draft, form))
    extra_clicks.widgets_drawn(_VERSION, form)
