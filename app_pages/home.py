"""Home: progress toward the goal, what to do next (each item leads to its page), and the five steps."""
from lib import next_actions
from views import kit, layout
from views.home import actions, progress, start

ctx = kit.context()
layout.step_header("Home", None, "Where you stand against your goal, and what to do next.")

numbers = next_actions.counts(ctx.cur, ctx.wb.id)
if next_actions.is_empty(ctx.cur, ctx.wb.id, numbers):
    start.guided_start(ctx)
else:
    steps = next_actions.checklist(ctx.cur, ctx.wb.id, numbers)
    actions.next_up(ctx, steps)
    progress.toward_goal(ctx)
    progress.five_steps(ctx, steps)
