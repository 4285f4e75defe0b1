"""Where each page of lib/page_registry.py lives, and the navigation app.py runs."""
from __future__ import annotations

import streamlit as st

from lib import page_registry

PAGES: dict[str, str] = {p.key: f"app_pages/{p.key}.py" for p in page_registry.PAGES}  # key -> page file


def navigation():
    """st.navigation over every page, grouped by section, the home page first and default."""
    sections: dict[str, list] = {}
    for p in page_registry.PAGES:
        home = p.key == "home"
        sections.setdefault(p.section, []).append(st.Page(
            PAGES[p.key], title=p.nav_title, icon=p.icon, default=home, **({} if home else {"url_path": p.key})))
    return st.navigation(sections)
