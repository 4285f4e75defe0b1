"""Workbooks: the coach's cohort, the open workbook's progress report, managing workbooks, export and backup.

In hosted mode each part keeps to what the signed-in person may do (views/workbooks/*, checked again in lib): the
cohort lists the clients who share a workbook with them, managing and export are of their own workbooks, the
database backup and the demo are for administrators; sharing, workshops and the account are hosted mode's only.
Each part is one call."""
from views import kit
from views.workbooks import account, backup, cohort, manage, report, sharing, workshops

ctx = kit.context()
manage.header(ctx)
sharing.section(ctx)  # hosted mode: share the open workbook with a coach; nothing in local mode
workshops.section(ctx)  # hosted mode: the workshops this person runs, with their join links
cohort.section(ctx)
report.progress_report(ctx)
manage.section(ctx)
backup.section(ctx)
account.section(ctx)  # hosted mode: download all my data, delete my account
