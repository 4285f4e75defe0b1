from lib import ui

ui.current_workbook()
ui.step_header("Review", "Step 5", "Capture what each conversation was worth, and who it led you to.")
ui.empty_state("Here you will record what you learned, the referrals you received, your thank-you note and when to keep in touch.")
