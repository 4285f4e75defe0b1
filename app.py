"""Entry point: page config, navigation over pages/, and the sidebar (workbook picker, screen-share mode)."""
import streamlit as st

from lib import ui

st.set_page_config(page_title="Informational Interview Workbook", page_icon="💬", layout="wide")
ui.compact_layout()

ui.open_or_explain()
ui.load_share_mode()  # stored on the server: known before anything is drawn, so nothing flashes unmasked

pages = {
    "Your workbook": [
        st.Page(ui.PAGES["home"], title="Home", icon=":material/home:", default=True),
    ],
    "The five steps": [
        st.Page(ui.PAGES["goals"], title="1 · Goals", icon=":material/flag:", url_path="goals"),
        st.Page(ui.PAGES["research"], title="2 · Research", icon=":material/travel_explore:", url_path="research"),
        st.Page(ui.PAGES["outreach"], title="3 · Outreach", icon=":material/send:", url_path="outreach"),
        st.Page(ui.PAGES["questions"], title="4 · Questions", icon=":material/checklist:", url_path="questions"),
        st.Page(ui.PAGES["review"], title="5 · Review", icon=":material/rate_review:", url_path="review"),
    ],
    "Overview": [
        st.Page(ui.PAGES["network"], title="Network", icon=":material/hub:", url_path="network"),
        st.Page(ui.PAGES["workbooks"], title="Workbooks", icon=":material/folder_shared:", url_path="workbooks"),
        st.Page(ui.PAGES["method"], title="Method", icon=":material/menu_book:", url_path="method"),
    ],
}
page = st.navigation(pages)

try:
    with st.sidebar:
        picker_area = st.container()  # drawn above the toggle, decided after it (labels follow the mode)
        ui.share_mode_toggle()
    with picker_area:
        ui.workbook_picker()
    page.run()
except Exception as error:  # noqa: BLE001 - never a raw traceback; Streamlit's own control flow is BaseException
    ui.show_unexpected_error(error)
