"""The Questions page's reads of a meeting's plan and research, kept until the workbook's data changes (views/kit.py
`cached`: every lib write moves the version on, so none is ever stale). A run of the page asked the same plan three
times (the part's outside, the research panel, the builder), each with its meeting's settings, and the research
notes twice (for the panel and for the check): about ten queries of every run at the large workbook (issue 17)."""
from __future__ import annotations

from lib import plan_research
from lib import question_plans as plans
from views import kit

plan = kit.cached(plans.items)   # call with a plans.Ref
skip_referral = kit.cached(plans.skip_referral)


@kit.cached(max_entries=32)
def research(cur, workbook_id: int, mid: int) -> tuple[dict, plan_research.ResearchCheck]:
    """Meeting `mid`'s research notes and the plan's check against them, read together."""
    found = plan_research.notes(cur, workbook_id, mid)
    return found, plan_research.check(cur, workbook_id, mid, research=found)
