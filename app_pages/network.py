from lib import ui

ui.current_workbook()
ui.step_header("Network", None, "How your network grows, and whether your goal is on track.")
ui.empty_state("Charts of your network's growth, your pace against the goal, the outreach funnel and the referral tree will appear here.")
