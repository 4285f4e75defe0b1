from lib import ui

ui.current_workbook()
ui.step_header("Research", "Step 2", "Learn about organizations and people before you contact anyone.")
ui.empty_state("Here you will keep the organizations and professionals you want to learn from, with research notes, and import your LinkedIn connections.")
