"""The progress report of the open workbook: a preview, and PDF and Markdown downloads built when asked for."""
from __future__ import annotations

import streamlit as st

from lib import report
from views import kit, layout, ui

_preview = kit.cached(report.gather)  # read once per change to the workbook


def progress_report(ctx: kit.Context) -> None:
    st.caption(
        ui.md("A summary of this workbook ({name}) to send after a session: the goal, progress, charts and "
              "the latest insights from reviewed meetings.", name=ui.name(ctx.wb.name))
    )
    share, names = ctx.share, ctx.initials
    # The preview needs no charts; the charts (the costly part) are built only when a download is asked for.
    summary = _preview(ctx, today=ctx.today, mask=share, names=names, charts=False)
    if share:
        st.caption(":material/visibility_off: Screen-share mode is on: the report and its downloads hide private "
                   "details too. Turn the mode off to download the full report.")
    cur, wb_id, today = ctx.cur, ctx.wb.id, ctx.today
    buttons = st.container(horizontal=True)
    buttons.download_button(
        "Download PDF", data=lambda: report.download(cur, wb_id, "pdf", today=today, mask=share, names=names),
        file_name=report.file_name(summary, "pdf"),
        mime="application/pdf", key="report_pdf", icon=":material/picture_as_pdf:", on_click="ignore",
    )
    buttons.download_button(
        "Download Markdown", data=lambda: report.download(cur, wb_id, "md", today=today, mask=share, names=names),
        file_name=report.file_name(summary, "md"), mime="text/markdown", key="report_md",
        icon=":material/description:", on_click="ignore",
    )
    if preview := layout.folded("Preview the report", key="report_preview_box", icon=":material/preview:"):
        preview.markdown(report.to_markdown(summary, top=3))  # the person's text is escaped by lib/report.py
