"""Week-by-week numbers of the Network page: how the network grew, whom you met, the outreach activity.

Definitions (joined, reply, held) are those of lib.metrics; rows are bounded by weeks.
"""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from lib import db, metrics, vocab

ACTIVITY_MEASURES = {"attempts": "Outreach attempts", "replies": "Replies", "meetings": "Meetings held"}


@db.reads
def network_growth(con: duckdb.DuckDBPyConnection, workbook_id: int, f: metrics.Filters, today: date) -> pd.DataFrame:
    """Per week and source: people who joined that week (`added`) and the network size so far (`total`).

    Everyone who joined before the range counts in the totals. Columns: week, week_key, source,
    source_label, added, total. Empty when nobody is in the network.
    """
    start, end = metrics.resolve_range(con, workbook_id, f, today)
    where, params = metrics.source_clause(f)
    frame = con.execute(
        f"""WITH joined AS (
              SELECT c.source, {metrics.JOINED} AS day FROM contacts c WHERE c.workbook_id = ? AND {where}),
            weeks AS ({metrics.week_spine(start, end)}),
            sources AS (SELECT DISTINCT source FROM joined),
            counts AS (
              SELECT source, CAST(date_trunc('week', day) AS DATE) AS week, count(*) AS added
              FROM joined WHERE day <= ? GROUP BY 1, 2),
            before AS (SELECT source, count(*) AS n FROM joined WHERE day < ? GROUP BY 1)
            SELECT w.week, s.source, coalesce(k.added, 0) AS added
                 , coalesce(b.n, 0) + sum(coalesce(k.added, 0)) OVER (PARTITION BY s.source ORDER BY w.week) AS total
            FROM weeks w CROSS JOIN sources s
            LEFT JOIN counts k ON k.week = w.week AND k.source = s.source
            LEFT JOIN before b ON b.source = s.source
            ORDER BY w.week, s.source""",
        [workbook_id, *params, end, metrics.monday(start)],
    ).df()
    if frame.empty:
        return metrics.empty_frame(["week", "week_key", "source", "source_label", "added", "total"])
    frame["week"] = pd.to_datetime(frame["week"])
    frame["week_key"] = frame["week"].map(metrics.week_key)
    frame["source_label"] = frame["source"].map(lambda s: vocab.label(vocab.SOURCES, s))
    frame["added"] = frame["added"].astype(int)
    frame["total"] = frame["total"].astype(int)
    order = {s: i for i, s in enumerate(metrics.SOURCE_ORDER)}
    frame = frame.sort_values(["week", "source"], key=lambda col: col.map(order).fillna(99) if col.name == "source" else col)
    return frame[["week", "week_key", "source", "source_label", "added", "total"]].reset_index(drop=True)


@db.reads
def people_met(con: duckdb.DuckDBPyConnection, workbook_id: int, f: metrics.Filters, today: date) -> pd.DataFrame:
    """Per week: people met for the first time that week (`new_met`) and everyone met so far (`met`)."""
    start, end = metrics.resolve_range(con, workbook_id, f, today)
    where, params = metrics.source_clause(f)
    frame = con.execute(
        f"""WITH first_met AS (
              SELECT m.contact_id, min(CAST(m.scheduled_at AS DATE)) AS day
              FROM meetings m JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
              WHERE m.workbook_id = ? AND {metrics.held(today)} AND {where} GROUP BY 1),
            weeks AS ({metrics.week_spine(start, end)}),
            counts AS (SELECT CAST(date_trunc('week', day) AS DATE) AS week, count(*) AS n
                       FROM first_met WHERE day <= ? GROUP BY 1)
            SELECT w.week, coalesce(k.n, 0) AS new_met,
                   (SELECT count(*) FROM first_met WHERE day < ?) + sum(coalesce(k.n, 0)) OVER (ORDER BY w.week) AS met
            FROM weeks w LEFT JOIN counts k ON k.week = w.week ORDER BY w.week""",
        [workbook_id, *params, end, metrics.monday(start)],
    ).df()
    if frame.empty:
        return metrics.empty_frame(["week", "week_key", "new_met", "met"])
    frame["week"] = pd.to_datetime(frame["week"])
    frame["week_key"] = frame["week"].map(metrics.week_key)
    frame["new_met"] = frame["new_met"].astype(int)
    frame["met"] = frame["met"].astype(int)
    if not int(frame["met"].max()):
        return metrics.empty_frame(["week", "week_key", "new_met", "met"])
    return frame[["week", "week_key", "new_met", "met"]]




# ---- weekly activity --------------------------------------------------------------------------

@db.reads
def weekly_activity(con: duckdb.DuckDBPyConnection, workbook_id: int, f: metrics.Filters, today: date) -> pd.DataFrame:
    """Per week and measure (attempts, replies, meetings held), weeks without activity as zeros.

    Columns: week, week_key, measure, measure_label, count. Empty when nothing happened at all.
    """
    start, end = metrics.resolve_range(con, workbook_id, f, today)
    where, params = metrics.source_clause(f)
    frame = con.execute(
        f"""WITH people AS (SELECT c.id FROM contacts c WHERE c.workbook_id = ? AND {where}),
            events AS (
              SELECT 'attempts' AS measure, CAST(o.attempted_at AS DATE) AS day FROM outreach o
                WHERE o.workbook_id = ? AND o.contact_id IN (SELECT id FROM people)
              UNION ALL
              SELECT 'replies', {metrics.REPLY_DAY} FROM outreach o
                WHERE o.workbook_id = ? AND {metrics.replied_sql()} AND o.contact_id IN (SELECT id FROM people)
              UNION ALL
              SELECT 'meetings', CAST(m.scheduled_at AS DATE) FROM meetings m
                WHERE m.workbook_id = ? AND {metrics.held(today)} AND m.contact_id IN (SELECT id FROM people)),
            counts AS (SELECT measure, CAST(date_trunc('week', day) AS DATE) AS week, count(*) AS n
                       FROM events WHERE day BETWEEN ? AND ? GROUP BY 1, 2),
            weeks AS ({metrics.week_spine(start, end)}),
            measures AS (SELECT measure FROM (VALUES ('attempts'), ('replies'), ('meetings')) v(measure))
            SELECT w.week, m.measure, coalesce(k.n, 0) AS count
            FROM weeks w CROSS JOIN measures m LEFT JOIN counts k ON k.week = w.week AND k.measure = m.measure
            ORDER BY w.week""",
        [workbook_id, *params, workbook_id, workbook_id, workbook_id, start, end],
    ).df()
    if frame.empty or not int(frame["count"].sum()):
        return metrics.empty_frame(["week", "week_key", "measure", "measure_label", "count"])
    frame["week"] = pd.to_datetime(frame["week"])
    frame["week_key"] = frame["week"].map(metrics.week_key)
    frame["measure_label"] = frame["measure"].map(ACTIVITY_MEASURES)
    frame["count"] = frame["count"].astype(int)
    order = list(ACTIVITY_MEASURES)
    frame["_o"] = frame["measure"].map(order.index)
    frame = frame.sort_values(["week", "_o"]).drop(columns="_o").reset_index(drop=True)
    return frame[["week", "week_key", "measure", "measure_label", "count"]]
