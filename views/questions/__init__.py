"""Step 4 · Questions, by job: the meeting picker, the plan builder, templates, the bank, the sheet, live mode."""
