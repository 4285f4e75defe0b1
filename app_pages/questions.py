from lib import ui

ui.current_workbook()
ui.step_header("Questions", "Step 4", "Prepare 12 to 14 questions that fit a 15 to 20 minute conversation.")
ui.empty_state("Here you will build a question plan for each meeting, print it, and run it live with a timer.")
