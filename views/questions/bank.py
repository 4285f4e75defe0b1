"""The question bank: search it, add your own questions, edit or delete them."""
from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from lib import questions, vocab, wording
from views import extra_clicks, forms, kit, layout, ui
from views.questions.words import CATEGORY_OPTIONS, TIARA_OPTIONS, category_option, tiara_option

BANK_PAGE = 20
_PAGER = "qb_page"
_COLUMNS = {"Question": st.column_config.TextColumn(width="large"),
            "Category": st.column_config.TextColumn(width="small"),
            "TIARA": st.column_config.TextColumn(width="small", help=layout.tiara_help()),
            "Source": st.column_config.TextColumn(width="small"),
            "Minutes": st.column_config.NumberColumn(format="%.1f", width="small")}


def _delete_question(ctx: kit.Context, question_id: int) -> None:
    if forms.write(lambda: questions.delete(ctx.cur, ctx.wb.id, question_id), "Question deleted"):
        st.session_state.pop("qb_edit_pick", None)


def _save_question(ctx: kit.Context, question_id: int, changes: dict, opened) -> int:
    """Save the changed fields of an own question (forms.save_edit: merged with changes made meanwhile)."""
    s = st.session_state
    name = {k.rsplit("_", 1)[0].removeprefix("qb_edit_"): k for k in (
        f"qb_edit_text_{question_id}", f"qb_edit_cat_{question_id}", f"qb_edit_tiara_{question_id}",
        f"qb_edit_minutes_{question_id}", f"qb_edit_referral_{question_id}")}
    only = {{"cat": "category", "referral": "asks_referral"}.get(k, k) for k, key in name.items() if key in changes}
    return questions.update(ctx.cur, ctx.wb.id, question_id, text=s[name["text"]], category=s[name["cat"]],
                            tiara=s[name["tiara"]], minutes=s[name["minutes"]], asks_referral=s[name["referral"]],
                            opened=opened, only=only)


def _listing(ctx: kit.Context) -> None:
    """The search filters, one page of matching questions, and the page links under them."""
    c1, c2, c3, c4 = st.columns([2, 1, 1, 1])
    new_search = functools.partial(kit.reset_pager, _PAGER)
    text = c1.text_input("Search", key="qb_text", placeholder="Words in the question", on_change=ui.callback(new_search))
    category = c2.selectbox("Category", CATEGORY_OPTIONS, key="qb_cat", format_func=category_option,
                            on_change=ui.callback(new_search))
    tiara = c3.selectbox("TIARA", TIARA_OPTIONS, key="qb_tiara", format_func=tiara_option, help=layout.tiara_help(),
                         on_change=ui.callback(new_search))
    source = c4.selectbox("Source", list(questions.SOURCES), key="qb_source", format_func=questions.SOURCES.get,
                          on_change=ui.callback(new_search))
    _, total = questions.search(ctx.cur, ctx.wb.id, text=text, category=category, tiara=tiara, source=source,
                                limit=0)
    st.caption(f"{wording.plural(total, 'question')} {'matches' if total == 1 else 'match'}.")
    table = st.container()
    page = kit.pager(_PAGER, total, BANK_PAGE)  # drawn under the table
    found, _ = questions.search(ctx.cur, ctx.wb.id, text=text, category=category, tiara=tiara, source=source,
                                limit=BANK_PAGE, offset=page.offset)
    with table:
        if not found:
            st.info("No question matches. Clear a filter, or add your own below.", icon=":material/search_off:")
            return
        frame = pd.DataFrame([{
            "Question": q["text"], "Category": vocab.label(vocab.QUESTION_CATEGORIES, q["category"]),
            "TIARA": vocab.label(vocab.TIARA, q["tiara"]), "Minutes": q["minutes"],
            "Source": "Mine" if q["own"] else "Bank",
        } for q in found])
        st.dataframe(ui.masked(frame), hide_index=True, width="stretch", key="qb_table",
                     height="content",  # the whole page of rows, no inner scrolling
                     column_config=_COLUMNS, placeholder="")


_NEW = "qb_new"  # the add form's one-shot name, and where its messages are shown


def _add_form(ctx: kit.Context) -> None:
    """Add a question of one's own: saved in the button's callback (a second quick click cannot cut the first one's
    run short), each rendering with widget keys of its own (the renewed form starts empty, a refused text stays)."""
    form = forms.one_shot(_NEW)  # quick repeated clicks add once (lib/actions.py)

    def key(field: str) -> str:
        return forms.one_shot_key(form, field)

    with st.form(form):
        st.markdown("**Add your own question**")
        # No max_chars: a browser cuts a longer paste silently; lib says what is too long and the text stays.
        st.text_area("Question", key=key("text"), height=80,
                     help=f"Up to {questions.MAX_QUESTION_CHARS} characters.")
        a, b, c = st.columns(3)
        a.selectbox("Category", list(vocab.QUESTION_CATEGORIES), key=key("cat"),
                    format_func=vocab.QUESTION_CATEGORIES.get)
        b.selectbox("TIARA", list(vocab.TIARA), key=key("tiara"), format_func=vocab.TIARA.get,
                    help=layout.tiara_help())
        c.number_input("Minutes", 0.25, 10.0, 1.5, step=0.25, key=key("minutes"))
        st.checkbox("It asks to be referred to other people", key=key("referral"))
        st.form_submit_button("Add question", type="primary", on_click=ui.callback(_add), args=(ctx, form))
    extra_clicks.widgets_drawn(_NEW, form)
    forms.feedback(_NEW)


def _add(ctx: kit.Context, form: str) -> None:
    typed = {f: st.session_state.get(forms.one_shot_key(form, f)) for f in ("text", "cat", "tiara", "minutes",
                                                                             "referral")}
    forms.run_once(_NEW, form, lambda token: questions.add(
        ctx.cur, ctx.wb.id, text=typed["text"], category=typed["cat"], tiara=typed["tiara"], minutes=typed["minutes"],
        asks_referral=bool(typed["referral"]), token=token), "Question added to your bank", where=_NEW)


def _edit_form(ctx: kit.Context, q: dict) -> None:
    """The edit form of one own question (no lost edit: forms.edit_form)."""
    picked = q["id"]
    tiaras = list(vocab.TIARA)
    form = {f"qb_edit_{k}_{picked}": k for k in ("text", "cat", "tiara", "minutes", "referral")}
    columns = {f"qb_edit_cat_{picked}": "category", f"qb_edit_referral_{picked}": "asks_referral"}
    forms.edit_form(f"qb_edit_{picked}", picked, q["version"], {
        f"qb_edit_text_{picked}": q["text"], f"qb_edit_cat_{picked}": q["category"],
        f"qb_edit_tiara_{picked}": q["tiara"] if q["tiara"] in tiaras else tiaras[0],
        f"qb_edit_minutes_{picked}": float(q["minutes"]), f"qb_edit_referral_{picked}": bool(q["asks_referral"]),
    }, q, {k: questions.LABELS[columns.get(k, v)] for k, v in form.items()},
        {k: columns.get(k, v) for k, v in form.items()})
    save = functools.partial(_save_question, ctx, picked)
    with st.form(f"qb_edit_{picked}"):
        st.text_area("Question", key=f"qb_edit_text_{picked}", max_chars=questions.MAX_QUESTION_CHARS, height=80)
        a, b, c = st.columns(3)
        a.selectbox("Category", list(vocab.QUESTION_CATEGORIES), key=f"qb_edit_cat_{picked}",
                    format_func=vocab.QUESTION_CATEGORIES.get)
        b.selectbox("TIARA", tiaras, key=f"qb_edit_tiara_{picked}", format_func=vocab.TIARA.get, help=layout.tiara_help())
        c.number_input("Minutes", 0.25, 10.0, step=0.25, key=f"qb_edit_minutes_{picked}")
        st.checkbox("It asks to be referred to other people", key=f"qb_edit_referral_{picked}")
        st.form_submit_button("Save changes", on_click=ui.callback(forms.save_edit),
                              args=(f"qb_edit_{picked}", save, "Question saved"))
    forms.edit_status(f"qb_edit_{picked}", save, "Question saved")


def _own_questions(ctx: kit.Context) -> None:
    own = questions.own_questions(ctx.cur, ctx.wb.id)
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
        _edit_form(ctx, q)
    with st.popover("Delete this question", icon=":material/delete:"):
        st.write("It is also taken out of any plan or template that uses it.")
        st.button("Delete it", key="qb_delete", type="primary", on_click=ui.callback(_delete_question),
                  args=(ctx, picked))


def bank(ctx: kit.Context) -> None:
    st.caption("Shipped questions are grouped by category (role, organization, industry, career path, closing) "
               "and by TIARA: Trends, Insights, Advice, Resources, Assignments. Add your own beside them. "
               "Question lists are a start; a career coach can suggest more.", help=layout.method_help("M19", "M23"))
    _listing(ctx)
    left, right = st.columns(2, gap="medium")
    with left:
        _add_form(ctx)
    with right:
        _own_questions(ctx)
