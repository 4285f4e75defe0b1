"""Entry point: page config, navigation over app_pages/, and the sidebar (workbook picker, screen-share mode).

`streamlit run app.py` finds `app = st.App(...)` below and serves this file through it, with the calendar feed
route (views/calendar_route.py) beside the app; the script itself runs as `__main__` (also in AppTest).
"""
import streamlit as st

from lib.errors import NoAccess
from views import (auth, calendar_route, join, join_route, kit, layout, prewarm, process_memory, registry, session,
                   ui, whole)


def main() -> None:
    process_memory.freeze_once_serving()  # a server's first run: the modules loaded since startup leave collection too
    st.set_page_config(page_title="Informational Interview Workbook", page_icon="💬", layout="wide")
    layout.compact_layout()
    try:  # from the first use of the database on: whatever fails, the run's connection goes back (finally)
        auth.require_sign_in()  # hosted: a visitor not signed in sees the sign-in page and nothing else
        session.open_or_explain()
        session.end_if_signed_out()  # hosted: signed out in another tab, so this one shows the sign-in page only
        session.load_share_mode()  # stored on the server: known before anything is drawn, so nothing flashes unmasked
        page = registry.navigation()
        with st.sidebar:
            picker_area = st.container()  # drawn above the toggle, decided after it (labels follow the mode)
            ui.share_mode_toggle()
            auth.account_box(session.share_mode(), ui.callback(session.sign_out))  # hosted: who is signed in, Sign out
            layout.warm_components()  # last in the sidebar: when it goes, nothing below it moves
        if join.consent_screen():  # hosted: a workshop's join link shows what joining shares, instead of the page
            return
        with picker_area:
            ui.workbook_picker()
        ctx = kit.begin_run()  # the page context of this run, built once, read by every page and view
        with prewarm.page_run(ctx.cur, ctx.wb.id):  # after a write: other pages' reads
            whole.show_kept(ui.in_workbook)  # what this run's callbacks said (they draw nothing themselves)
            page.run()
    except NoAccess as refused:  # hosted: a link to a workbook this person may not open
        st.error(str(refused), icon=":material/lock:")
    except Exception as error:  # noqa: BLE001 - never a raw traceback; Streamlit's own control flow is BaseException
        ui.show_unexpected_error(error)
    finally:
        session.give_back_connection()


if __name__ == "__main__":  # a script run: Streamlit (and AppTest) run this file as __main__ on every rerun
    main()
else:  # imported by `streamlit run app.py` to serve it: the app plus the calendar feed's HTTP route
    process_memory.freeze_startup_objects()
    app = st.App("app.py", routes=calendar_route.ROUTES + join_route.ROUTES)
