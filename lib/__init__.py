"""The Informational Interview Workbook: application logic, free of Streamlit (except lib/ui.py)."""
