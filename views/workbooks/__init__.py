"""The Workbooks page's jobs: the coach's cohort, the progress report, managing workbooks, export and backup."""
