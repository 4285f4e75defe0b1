"""Step 3 · Outreach: a script per channel, checked against the method; the attempt log with 3B7
follow-ups; meetings with a calendar file."""
from views import kit, layout
from views.outreach import picker, reads, tabs

ctx = kit.context()
layout.step_header(
    "Outreach", "Step 3",
    "Ask for a short conversation the right way, keep track of every attempt, and book the meeting.",
    tooltip=layout.method_help("M11–M17"),
)

if reads.count_contacts(ctx) == 0:
    layout.empty_state("Add the people you want to talk to first; then come back to write to them, log attempts "
                   "and schedule meetings.", "research", "Add people to contact")
else:
    picker.open_from_url(ctx)
    person = picker.contact_picker(ctx)
    tabs.person_tabs(ctx, person)
