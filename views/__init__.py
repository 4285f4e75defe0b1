"""Everything that talks to Streamlit, apart from app.py and the thin page scripts of app_pages/.

- views/ui.py: the session (database cursor, active workbook, screen-share mode) and user text on screen
  (masked, escaped), common widgets.
- views/forms.py: every write and its feedback (one way), edit forms without lost edits, one-shot forms,
  table editors.
- views/kit.py: the page context built once per run, URL parameters, the pager, the data-version cache,
  form prefill.
- views/<page>/: a fat page's jobs, one module each; each view function takes the page context.
lib/ never imports Streamlit.
"""
