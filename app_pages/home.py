"""Home: progress toward the goal, what to do next (each item leads to its page), and the five steps."""
from views import kit, layout
from views.home import actions, progress, start

ctx = kit.context()
layout.step_header("Home", None, "Where you stand against your goal, and what to do next.")

steps = progress.checklist(ctx)
if steps is None:
    start.guided_start(ctx)
else:
    actions.next_up(ctx, steps)
    progress.toward_goal(ctx)
    progress.five_steps(ctx, steps)
