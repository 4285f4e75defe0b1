"""Workbooks: the coach's cohort, the open workbook's progress report, managing workbooks, export and backup.

In hosted mode each part keeps to what the signed-in person may do (views/workbooks/*, checked again in lib): the
cohort lists the clients who share a workbook with them, managing and export are of their own workbooks, the
database backup and the demo are for administrators. Each part is one call."""
from views import kit
from views.workbooks import backup, cohort, manage, report

ctx = kit.context()
manage.header(ctx)
cohort.section(ctx)
report.progress_report(ctx)
manage.section(ctx)
backup.section(ctx)
