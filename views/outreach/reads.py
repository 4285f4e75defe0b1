"""The Outreach page's reads about the picked person, kept until the workbook's data changes (views/kit.py `cached`:
every lib write moves the version on, so none is ever stale). Every run of the page asked them again: ~15 ms of
each click at the large workbook, most of it the reminder's pass over the person's attempts."""
from __future__ import annotations

from lib import meetings, outreach, readiness, scripts
from views import kit

contact = kit.cached(outreach.contact)
count_contacts = kit.cached(outreach.count_contacts)  # asked twice a run (the empty page, the picker's caption)
follow_up_for = kit.cached(outreach.follow_up_for)  # call with today=ctx.today: part of the key, so a new day asks again
last_reply = kit.cached(outreach.last_reply)
latest_open_attempt = kit.cached(outreach.latest_open_attempt)
newest_attempt_id = kit.cached(outreach.newest_attempt_id)
latest_meeting = kit.cached(meetings.latest_for)
research_gaps = kit.cached(readiness.research_gaps)
graceful_close = kit.cached(readiness.graceful_close)
# The script box's reads: filling a script is six queries (~10 ms at the large workbook), asked on every keystroke's
# run (a channel, a version, the text box) though only a write can change what they return.
filled_script = kit.cached(scripts.fill)
profile = kit.cached(scripts.profile)
script_versions = kit.cached(scripts.versions)
