"""Workbooks: the person's workbooks (open, archive, create, rename, the demo), the coach's clients at a glance, the
open workbook's progress report, export and backup; one of them at a time.

In hosted mode each part keeps to what the signed-in person may do (views/workbooks/*, checked again in lib): the
cohort lists the clients who share a workbook with them, managing and export are of their own workbooks, the
database backup and the demo are for administrators; sharing, workshops and the account are hosted mode's only.
Each part is one call."""
from views import kit, layout
from views.workbooks import account, backup, cohort, manage, report, sharing, workshops

ctx = kit.context()
manage.header(ctx)
sharing.section(ctx)  # hosted mode: share the open workbook with a coach; nothing in local mode
workshops.section(ctx)  # hosted mode: the workshops this person runs, with their join links
view = layout.view_switch(manage.VIEW_KEY, manage.VIEWS)
if view == "clients":
    cohort.section(ctx)
elif view == "report":
    report.progress_report(ctx)
elif view == "backup":
    backup.section(ctx)
else:
    manage.section(ctx)
account.section(ctx)  # hosted mode: download all my data, delete my account
