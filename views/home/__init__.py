"""Home's jobs: the guided start of an empty workbook, the next actions, progress toward the goal, the five steps."""
