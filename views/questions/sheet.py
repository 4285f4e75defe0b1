"""The printable sheet of the chosen meeting: a preview, and the PDF and Markdown files (M20)."""
from __future__ import annotations

from functools import partial

import streamlit as st

from lib import sheets
from views import kit, layout, ui


def printable(ctx: kit.Context, meeting_id: int, current: dict) -> None:
    data = sheets.sheet_data(ctx.cur, ctx.wb.id, meeting_id)
    full_name = current["full_name"]
    # On a shared screen the preview *and the files* are masked, live notes hidden, names as asked.
    data = ui.masked_data(sheets.with_name(data, full_name, ui.masked_name(full_name)),
                          names=[full_name, data.get("my_name")])
    preview = sheets.markdown(data)
    st.caption("Take it on paper to an in-person meeting: who, when and where, your purpose, your "
               "research, and each question with room for notes.", help=layout.method_help("M20"))
    paper = st.radio("Paper", list(sheets.PAPERS), key="q_paper", horizontal=True,
                     format_func=sheets.PAPER_LABELS.get)
    stem = sheets.file_stem(data)
    downloads = st.container(horizontal=True)
    downloads.download_button(
        # Built only when clicked (on its own thread, from the data read above): a PDF takes a while.
        "Download PDF", partial(sheets.pdf_bytes, data, paper), file_name=f"{stem}-{paper.lower()}.pdf",
        mime="application/pdf", key="q_pdf", icon=":material/picture_as_pdf:", type="primary",
        on_click="ignore",
    )
    downloads.download_button(
        "Download Markdown", sheets.markdown(data, for_file=True), file_name=f"{stem}.md", mime="text/markdown",
        key="q_md", icon=":material/description:", on_click="ignore",
    )
    if not data["questions"]:
        st.warning("This meeting has no questions yet: build its plan first.", icon=":material/warning:")
    with st.container(border=True):
        st.markdown(preview)  # masked above; sheets.markdown escapes every user value
