"""The Follow-ups tab: the 3B7 reminders due, oldest first, a page at a time, with what to do about each."""
from __future__ import annotations

import functools

import streamlit as st

from lib import outreach, vocab, wording
from views import calendar_feed, forms, kit, layout, ui
from views.outreach import picker

FOLLOW_UP_PAGE = 10


@kit.cached
def _due_page(cur, workbook_id: int, today, offset: int) -> list[dict]:
    return outreach.follow_ups(cur, workbook_id, today=today, limit=FOLLOW_UP_PAGE, offset=offset)


def follow_ups_tab(ctx: kit.Context, due_count: int) -> None:
    st.caption("The 3B7 routine: no reply after 3 business days, approach a second person at the same "
               "organization; after 7 business days, one follow-up to the first. A reply cancels both.")
    forms.feedback("follow_ups")
    if not due_count:
        st.success("No follow-up is due today.", icon=":material/task_alt:")
    if due_count > FOLLOW_UP_PAGE:
        st.caption(f"{due_count:,} due, oldest first.")
    listing = st.container()
    page = kit.pager("fu_page", due_count, FOLLOW_UP_PAGE)   # the page links under the list
    with listing:
        for item in _due_page(ctx, ctx.today, page.offset):
            _due_item(ctx, item)
    coming = outreach.follow_ups(ctx.cur, ctx.wb.id, upcoming_only=True, within_days=14, limit=20)
    if coming:
        st.markdown("**Coming up in the next two weeks**")
        for item in coming:
            st.text(f"{wording.weekday(item['follow_up_on'])} · "
                    + ui.plain(item["action"].replace(item["full_name"], ui.masked_name(item["full_name"]))))
    with st.expander("Get these reminders in your phone's calendar", icon=":material/calendar_month:"):
        calendar_feed.section(ctx)


def _write(ctx: kit.Context, action, item_id: int, success: str, **shown):
    """A one-click write on one reminder, as a callback's arguments."""
    return functools.partial(action, ctx.cur, ctx.wb.id, item_id, **shown), success


def _due_item(ctx: kit.Context, item: dict) -> None:
    """One reminder in a box: whom, what to do, and its buttons."""
    with st.container(border=True):
        late = f" · {outreach.when_due(item)}"
        name = ui.masked_name(item["full_name"])
        st.markdown(f"**{ui.name(item['full_name'])}**" + (f" · {ui.text(item['org'])}" if item["org"] else "")
                    + f" · {vocab.label(vocab.CHANNELS, item['channel'])} of {wording.day(item['attempted_at'])}{late}")
        st.text(ui.plain(item["action"].replace(item["full_name"], name)))
        if item["kind"] in ("second_contact", "move_on"):
            cols = _someone_else(ctx, item)
        else:
            cols = st.columns(3)
            kind = "phone" if item["kind"] == "call_again" else "follow_up"
            cols[1].button(ui.md("Write to {who}", who=ui.name(item["full_name"])), key=f"fu_write_{item['id']}",
                           on_click=ui.callback(picker.pick), args=(item["contact_id"], kind))
        where = {"where": "follow_ups"}
        cols[0].button("Done", key=f"fu_done_{item['id']}", icon=":material/done:", type="primary",
                       on_click=ui.callback(forms.write), kwargs=where,
                       args=_write(ctx, outreach.complete_follow_up, item["id"], "Follow-up done", today=ctx.today,
                                   seen=item["kind"]))
        cols[2].button("Stop reminders", key=f"fu_stop_{item['id']}", on_click=ui.callback(forms.write), kwargs=where,
                       args=_write(ctx, outreach.stop_follow_ups, item["id"], "Reminders stopped", today=ctx.today,
                                   seen=item["kind"]))


def _someone_else(ctx: kit.Context, item: dict) -> list:
    """A second person at the organization (3 days), or thanks and moving on: the box's buttons row."""
    others = outreach.second_contacts(ctx.cur, ctx.wb.id, item["contact_id"])
    if others:
        st.caption("Not yet contacted there: " + ", ".join(ui.name(o["full_name"]) for o in others))
        first = others[0]
        cols = st.columns(3)
        cols[1].button(ui.md("Write to {who}", who=ui.name(first["full_name"])), key=f"fu_other_{item['id']}",
                       on_click=ui.callback(picker.pick), args=(first["id"], "email"))
    else:
        st.caption("Nobody else recorded at this organization: add someone on the Research page.")
        cols = st.columns(3)
    if item["kind"] == "move_on":
        st.button("Thank them and move on", key=f"fu_close_{item['id']}", type="tertiary", help=layout.method_help("M32"),
                  icon=":material/volunteer_activism:", on_click=ui.callback(picker.pick),
                  args=(item["contact_id"], "graceful_no"))
    return cols
