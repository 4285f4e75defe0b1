from lib import ui

ui.current_workbook()
ui.step_header("Goals", "Step 1", "Decide what you want to learn before you book anything.")
ui.empty_state("Here you will write what you want to learn from informational interviews, why these people and why now, and a target such as ten conversations by a date.")
