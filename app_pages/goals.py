"""Step 1 · Goals: what the person wants to learn, why, and a target the app checks for realism."""
from lib import goals
from views import kit, layout
from views.goals import form, progress

ctx = kit.context()
goal = goals.get(ctx.cur, ctx.wb.id)
form.open_form(ctx, goal)  # before any widget: the form's values are set ahead of its drawing

layout.step_header(
    "Goals", "Step 1",
    "Decide what you want to learn, and why, before you book anything. Done when your purpose, "
    "a target number of conversations and a date are saved.",
)
progress.standing(ctx, goal)
form.summary(goal)
form.examples(goal)
form.goal_form(ctx, goal)
progress.history(ctx)
progress.what_changed(ctx)
