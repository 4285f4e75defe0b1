"""The funnel (identified, contacted, replied, met, gave a referral) and the rates over a range: reply rate,
meetings per attempt, referrals per meeting (definitions of lib.metrics)."""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from lib import db, metrics, wording

FUNNEL_STEPS = {
    "identified": "Identified",
    "contacted": "Contacted",
    "replied": "Replied",
    "met": "Met",
    "referral": "Gave a referral",
}


@db.reads
def funnel(con: duckdb.DuckDBPyConnection, workbook_id: int, f: metrics.Filters, today: date) -> pd.DataFrame:
    """People at each step: identified → contacted → replied → met → gave a referral.

    Identified is everyone in the network by the range end; the other steps count what happened in
    the range, and reaching a step counts for the steps before it (someone met was contacted).
    Columns: step, label, people, of_previous (share of the step before, 0..1), of_first.
    """
    start, end = metrics.resolve_range(con, workbook_id, f, today)
    sql, params = metrics.funnel_people_sql(f, today)
    row = con.execute(
        sql + """ SELECT count(*), count(*) FILTER (WHERE is_contacted), count(*) FILTER (WHERE is_replied),
                         count(*) FILTER (WHERE is_met), count(*) FILTER (WHERE is_referral) FROM steps""",
        metrics.funnel_params(workbook_id, params, start, end),
    ).fetchone()
    counts = [int(v or 0) for v in row]
    frame = pd.DataFrame({"step": list(FUNNEL_STEPS), "label": list(FUNNEL_STEPS.values()), "people": counts})
    previous = [counts[0]] + counts[:-1]
    frame["of_previous"] = [round(n / p, 4) if p else 0.0 for n, p in zip(counts, previous)]
    frame["of_first"] = [round(n / counts[0], 4) if counts[0] else 0.0 for n in counts]
    return frame


@db.reads
def conversion_rates(con: duckdb.DuckDBPyConnection, workbook_id: int, f: metrics.Filters, today: date,
                     funnel_frame: pd.DataFrame | None = None) -> dict:
    """Rates over the range: the reply rate (a share of people: of those contacted in the range, how many replied
    or met you in it, as the funnel counts them), meetings per attempt, referrals per meeting.

    Also returns the counts they come from: attempts, replies, meetings, referrals, and the people behind the
    reply rate (contacted, replied). A rate is None when its denominator is zero. `funnel_frame` is
    `funnel(...)` for the same arguments when the caller already has it.
    """
    start, end = metrics.resolve_range(con, workbook_id, f, today)
    where, params = metrics.source_clause(f)
    row = con.execute(
        f"""WITH people AS (SELECT c.id FROM contacts c WHERE c.workbook_id = ? AND {where}),
            met AS (SELECT DISTINCT m.contact_id FROM meetings m
                    WHERE m.workbook_id = ? AND {metrics.held(today)} AND CAST(m.scheduled_at AS DATE) <= ?
                      AND m.contact_id IN (SELECT id FROM people))
            SELECT
              (SELECT count(*) FROM outreach WHERE workbook_id = ? AND contact_id IN (SELECT id FROM people)
                 AND CAST(attempted_at AS DATE) BETWEEN ? AND ?),
              (SELECT count(*) FROM outreach o WHERE o.workbook_id = ? AND o.contact_id IN (SELECT id FROM people)
                 AND {metrics.replied_sql()} AND {metrics.REPLY_DAY} BETWEEN ? AND ?),
              (SELECT count(*) FROM meetings WHERE workbook_id = ? AND {metrics.held(today, None)}
                 AND contact_id IN (SELECT id FROM people) AND CAST(scheduled_at AS DATE) BETWEEN ? AND ?),
              (SELECT count(*) FROM contacts c WHERE c.workbook_id = ? AND c.referred_by_contact_id IN (SELECT contact_id FROM met)
                 AND {metrics.JOINED} BETWEEN ? AND ?)""",
        [workbook_id, *params, workbook_id, end, workbook_id, start, end, workbook_id, start, end,
         workbook_id, start, end, workbook_id, start, end],
    ).fetchone()
    attempts, answered, held, referrals = (int(v or 0) for v in row)
    steps = (funnel_frame if funnel_frame is not None else funnel(con, workbook_id, f, today)).set_index("step")["people"]
    contacted, replied = int(steps["contacted"]), int(steps["replied"])
    return {
        "attempts": attempts, "replies": answered, "meetings": held, "referrals": referrals,
        "contacted": contacted, "replied": replied,
        "reply_rate": replied / contacted if contacted else None,
        "meetings_per_attempt": held / attempts if attempts else None,
        "referrals_per_meeting": referrals / held if held else None,
    }


def reply_rate_words(rates: dict) -> str:
    """The reply rate with its definition, e.g. 'Reply rate 50%: 2 of the 4 people you contacted in this range
    answered (yes or no) or met you.'"""
    contacted, replied = rates["contacted"], rates["replied"]
    if not contacted:
        return "No reply rate yet: nobody was contacted in this range."
    return (f"Reply rate {replied / contacted:.0%}: {replied:,} of the {wording.plural(contacted, 'person', 'people')} you contacted in this "
            "range answered (yes or no) or met you.")
