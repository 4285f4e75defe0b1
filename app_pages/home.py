from lib import ui

ui.current_workbook()
ui.step_header("Home", None, "Where you stand and what to do next.")
ui.empty_state("Progress toward your goal and your next actions will appear here: follow-ups due, meetings coming up, reviews to write. Start by setting your goal.", "goals", "Set your goal")
