"""Everything that talks to Streamlit, apart from app.py and the thin page scripts of app_pages/.

The page kit, used by every page and view:
- views/session.py: this session's state on the server: the run's database handle, screen-share mode as stored.
- views/ui.py: the workbook picker and screen-share toggles, user text on screen (masked, escaped), downloads.
- views/layout.py: what frames a page: title and step, method tooltips, empty states.
- views/forms.py: every write and its feedback (one way), edit forms without lost edits, one-shot forms;
  views/table_edit.py gives editable tables the edit-form rule.
- views/kit.py: the page context built once per run, URL parameters, the pager, the data-version cache,
  form prefill.
- views/registry.py: the page files and the navigation of lib/page_registry.py.
- views/auth.py: sign-in in hosted mode.
Then one folder per fat page (views/<page>/), one module per job; each view function takes the page context.
lib/ never imports Streamlit.
"""
