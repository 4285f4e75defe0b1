"""Workbooks: the coach's cohort, the open workbook's progress report, managing workbooks, export and backup."""
import streamlit as st

from views import kit, layout
from views.workbooks import account, backup, cohort, manage, report, sharing, workshops

ctx = kit.context()
layout.step_header(
    "Workbooks", None,
    "One workbook per person being coached. See how every client is doing, open one, export a progress "
    "report, and create, rename or archive workbooks.",
)

sharing.section(ctx)  # hosted mode: share the open workbook with a coach; nothing in local mode
workshops.section(ctx)  # hosted mode only: the workshops this person runs, with their join links

overview = cohort.overview(ctx)
cohort.table(ctx, overview)
cohort.needing_help(ctx, overview)

report.progress_report(ctx)

manage.listing(ctx)
left, right = st.columns(2)
with left:
    manage.new_workbook(ctx)
with right:
    manage.rename(ctx)
manage.demo_workbook(ctx)

backup.section(ctx)
account.section(ctx)  # hosted mode: download all my data, delete my account
