"""What was learned, together: every review searchable by words, organization, industry and role, a page at a time."""
from __future__ import annotations

import streamlit as st

from lib import knowledge, wording
from views import kit, layout, ui

PAGE_SIZE = 10
LABELS = {"insights": "Key insights", "not_online": "Not findable online", "advice": "Advice",
          "resources": "Resources", "next_steps": "Next steps", "question_notes": "Notes taken during the meeting"}


def _filters(choices: dict) -> dict:
    """The search boxes (`choices`: knowledge.filters); a new search starts at its first page."""
    c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
    text = c1.text_input("Search what you learned", key="kn_text", placeholder="e.g. licence, modelling, mentor")
    orgs = choices["organizations"]
    org = c2.selectbox("Organization", list(orgs), format_func=lambda i: orgs[i], index=None,
                       placeholder="All organizations", key="kn_org")
    industry = c3.selectbox("Industry", choices["industries"], index=None, placeholder="All industries",
                            key="kn_industry")
    role = c4.text_input("Role", key="kn_role", placeholder="e.g. engineer")
    filters = (text, org, industry, role)
    if st.session_state.get("_kn_filters") != filters:
        st.session_state["_kn_filters"] = filters
        kit.reset_pager("kn_page")
    return {"text": text, "organization_id": org, "industry": industry, "role": role}


def _show(row: dict) -> None:
    with st.container(border=True):
        where = " · ".join(str(v) for v in (row["organization"], row["industry"]) if isinstance(v, str))
        st.text(f"{wording.day(row['met_on'])} · {ui.masked_name(row['person'])}"
                + ui.plain((f", {row['role']}" if isinstance(row["role"], str) else "")
                           + (f" · {where}" if where else "")))
        for key, label in LABELS.items():
            value = row[key]
            if isinstance(value, str) and value.strip():
                st.caption(label)
                # Notes taken live are private on a shared screen, as in Step 4.
                if key == "question_notes":
                    st.text(ui.private_text(value))
                else:
                    ui.text_block(value)


def knowledge_tab(ctx: kit.Context) -> None:
    choices = knowledge.filters(ctx.cur, ctx.wb.id)
    if not choices["organizations"] and not knowledge.count(ctx.cur, ctx.wb.id):
        layout.empty_state("Everything you learn in your reviews will be searchable here, by organization, "
                       "industry and role: handy before a job interview.")
        return
    search = _filters(choices)
    total = knowledge.count(ctx.cur, ctx.wb.id, **search)
    page = kit.pager("kn_page", total, PAGE_SIZE)
    found, _ = knowledge.search(ctx.cur, ctx.wb.id, **search, limit=PAGE_SIZE, offset=page.offset, with_total=False)
    st.caption(f"{wording.plural(total, 'review')} {'matches' if total == 1 else 'match'}." if total else "")
    if not total:
        st.info("Nothing matches. Try fewer words or clear a filter.", icon=":material/search_off:")
        return
    for row in found.to_dict("records"):
        _show(row)
