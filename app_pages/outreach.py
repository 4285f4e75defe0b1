from lib import ui

ui.current_workbook()
ui.step_header("Outreach", "Step 3", "Ask for a short conversation, the right way, and keep track of every attempt.")
ui.empty_state("Here you will pick a channel, get a script filled from your notes and checked against the method, log attempts and schedule meetings.", "research", "Add people to contact first")
