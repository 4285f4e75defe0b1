"""Research: moving between the lists and one person or organization (each has its own address,
?contact=ID or ?org=ID), and a confirmed delete that goes back to the list."""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from views import forms, kit, ui

CONTACT_PARAM, ORG_PARAM = "contact", "org"
LIST_FEEDBACK = "research_list"      # a message shown above the lists (after a delete)
DELETE_FEEDBACK = "research_delete"  # a refused delete, shown under its buttons
_CONFIRM_DELETE = {CONTACT_PARAM: "confirm_delete_contact", ORG_PARAM: "confirm_delete_org"}  # a delete awaiting "Yes"


def opened() -> tuple[int | None, int | None]:
    """The person and the organization the URL opens; (None, None) for the lists."""
    return kit.url_int(CONTACT_PARAM), kit.url_int(ORG_PARAM)


def open_contact(contact_id: int | None) -> None:
    _open(CONTACT_PARAM, contact_id)


def open_org(org_id: int | None) -> None:
    _open(ORG_PARAM, org_id)


def _open(param: str, row_id: int | None) -> None:
    """Open a person (`param` CONTACT_PARAM) or an organization (ORG_PARAM) in place of whatever was open."""
    if row_id is None:
        return
    st.query_params.pop(ORG_PARAM if param == CONTACT_PARAM else CONTACT_PARAM, None)
    st.query_params[param] = str(row_id)
    st.session_state.pop(_CONFIRM_DELETE[param], None)


def close_detail() -> None:
    st.query_params.pop(CONTACT_PARAM, None)
    st.query_params.pop(ORG_PARAM, None)
    for key in ("people_open_pick", "orgs_open_pick", "org_people_open_pick", "confirm_delete_contact",
                "confirm_delete_org"):
        st.session_state.pop(key, None)


def open_picked(key: str, opener: Callable[[int | None], None]) -> None:
    """Callback of an "Open …" picker: open what was chosen in it."""
    opener(st.session_state.get(key))


def back_button() -> None:
    st.button("Back to the list", icon=":material/arrow_back:", key="detail_back",
              on_click=ui.callback(close_detail))


def delete(ctx: kit.Context, remove: Callable[..., object], row_id: int, done: str) -> None:
    """Callback of a confirmed delete (a person or an organization): back to the list, which shows `done`.
    A refused delete is shown under its buttons (feedback(DELETE_FEEDBACK))."""
    if forms.write(lambda: remove(ctx.cur, ctx.wb.id, row_id), "Deleted", where=DELETE_FEEDBACK) is None:
        return
    close_detail()
    forms.flash(LIST_FEEDBACK, "success", done)


def confirm_delete(ctx: kit.Context, param: str, remove: Callable[..., object], row_id: int, done: str) -> None:
    """The "Yes, delete" and "Cancel" buttons under the warning of a person's (`param` CONTACT_PARAM) or an
    organization's (ORG_PARAM) delete, and the message of a refused one."""
    left, right, _ = st.columns([2, 2, 6])
    left.button("Yes, delete", type="primary", key=f"{param}_delete_confirm", on_click=ui.callback(delete),
                args=(ctx, remove, row_id, done))
    right.button("Cancel", key=f"{param}_delete_cancel",
                 on_click=ui.callback(lambda: st.session_state.pop(_CONFIRM_DELETE[param], None)))
    forms.feedback(DELETE_FEEDBACK)
