"""Issue 15 item 8: the Network page on a small workbook (1 and 5 people) reads right: whole-number axes,
date labels that never overlap, one week drawn as a bar, true captions, clicks that list the people behind
the mark, a reply rate that keeps its meaning across time ranges, one pace figure."""
import re
from datetime import date, datetime, time, timedelta

import pytest

from lib import chart_parts, charts, conversion, db, goal_pace, meetings, metrics, outreach, workbooks
from lib.metrics import Filters
from tests.conftest import figure_cards, open_page, open_tab
from views.network.charts import GOAL_MEETINGS, TABS, TABS_KEY

TODAY = date(2026, 3, 11)  # a Wednesday; the goal starts today and its target is 8 weeks away


def one_person(con, today: date = TODAY) -> int:
    """A new workbook: a goal that starts today and one person added by hand today."""
    wb = workbooks.create(con, "One person")
    con.execute("INSERT INTO goals (workbook_id, purpose, start_date, target_date, target_interviews, weekly_pace)"
                " VALUES (?, 'Learn how teams work', ?, ?, 10, 1)", [wb, today, today + timedelta(days=56)])
    con.execute("INSERT INTO contacts (workbook_id, full_name, source, stage, created_at) VALUES (?, 'Dana Ruiz', 'manual',"
                " 'identified', ?)", [wb, datetime.combine(today, time(9))])
    return wb


def five_people(con, today: date = TODAY) -> int:
    """Five LinkedIn connections made years ago and imported today; two contacted today, one said yes and met."""
    wb = workbooks.create(con, "Five people")
    con.execute("INSERT INTO goals (workbook_id, purpose, start_date, target_date, target_interviews, weekly_pace)"
                " VALUES (?, 'Learn how teams work', ?, ?, 8, 1)", [wb, today, today + timedelta(days=56)])
    ids = [con.execute("INSERT INTO contacts (workbook_id, full_name, source, connected_on, stage, created_at)"
                       " VALUES (?, ?, 'linkedin', ?, 'identified', ?) RETURNING id",
                       [wb, name, date(2023, 3, 1) + timedelta(days=40 * i), datetime.combine(today, time(8))]
                       ).fetchone()[0]
           for i, name in enumerate(["Ana Alves", "Ben Bauer", "Cy Chen", "Dee Diaz", "Eve Evans"])]
    outreach.log_attempt(con, wb, ids[0], channel="email", attempted_at=today, today=today)
    outreach.log_attempt(con, wb, ids[0], channel="email", outcome="replied_yes", attempted_at=today, today=today)
    outreach.log_attempt(con, wb, ids[1], channel="email", attempted_at=today, today=today)
    held = meetings.schedule(con, wb, ids[0], day=datetime.combine(today, time(0, 5)))
    meetings.mark_done(con, wb, held.id, now=datetime.combine(today, time(1)))
    return wb


def _view(con, wb, today=TODAY, preset="goal"):
    return charts.network_view(con, wb, metrics.preset_filters(con, wb, preset, today), today)


def _layers(spec):
    return spec.get("layer", [spec])


def _count_axes(spec) -> list[dict]:
    """Every quantitative axis of counts in a finished spec (x of the funnel, y of the others)."""
    out = []
    for layer in _layers(spec):
        for channel in ("x", "y"):
            enc = layer.get("encoding", {}).get(channel, {})
            if enc.get("type") == "quantitative" and isinstance(enc.get("axis"), dict) and enc["axis"].get("title"):
                out.append(enc["axis"])
    return out


# ---- axes, bars and labels --------------------------------------------------------------------

@pytest.mark.parametrize("build", [one_person, five_people])
def test_every_count_axis_shows_whole_numbers_only(con, build):
    view = _view(con, build(con))
    for name in ("growth", "goal", "activity", "funnel"):
        if name not in view["specs"]:
            continue
        axes = _count_axes(view["specs"][name])
        assert axes, name
        for axis in axes:
            assert axis["format"] == ",d" and axis["tickMinStep"] == 1, name
            # Vega picks 0.5 steps for a domain of 0..1 or 0..2 whatever tickMinStep says: small axes list their ticks
            assert all(float(v).is_integer() for v in axis["values"]), name


def test_one_week_is_drawn_as_a_bar_not_a_wall(con):
    spec = _view(con, five_people(con))["specs"]["growth"]
    bars = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "bar")
    assert bars["mark"]["width"] == {"expr": f"min(bandwidth('x'), {chart_parts.MAX_BAR_PX})"}
    assert bars["encoding"]["x"]["scale"]["paddingOuter"] == 1


def test_goal_start_and_target_labels_never_share_a_row(con):
    """Both fall in the one week shown: the target still ahead and the goal start, at the same band."""
    spec = _view(con, five_people(con))["specs"]["growth"]
    labels = [layer for layer in _layers(spec) if layer["mark"]["type"] == "text"
              and layer["encoding"].get("text", {}).get("field") == "label" and "y" not in layer["encoding"]]
    assert len(labels) == 2
    rows = [layer["mark"]["y"] for layer in labels]
    assert len(set(rows)) == 2 and abs(rows[0] - rows[1]) >= chart_parts.LABEL_ROW


# ---- captions ---------------------------------------------------------------------------------

def test_the_growth_caption_of_one_week_does_not_compare_the_week_with_itself(con):
    caption = _view(con, five_people(con))["captions"]["growth"]
    assert "went from" not in caption and "from 5 people in the week of 9 Mar 2026 to 5" not in caption
    assert "In the week of 9 Mar 2026 it holds 5 people (LinkedIn connection: 5)." in caption


def test_the_growth_caption_says_a_network_that_did_not_grow_stayed_the_same(con):
    wb = five_people(con)
    caption = _view(con, wb, TODAY + timedelta(days=21))["captions"]["growth"]
    assert "It stayed at 5 people from the week of 9 Mar 2026 to the week of 30 Mar 2026" in caption


def test_a_growth_caption_with_nobody_by_source_leaves_no_empty_brackets(con):
    wb = five_people(con)
    caption = _view(con, wb, TODAY + timedelta(days=21))["captions"]["growth"]
    assert "()" not in caption


def test_captions_count_one_as_one(con):
    view = _view(con, one_person(con))
    assert "1 person" in view["captions"]["growth"] and "1 people" not in " ".join(view["captions"].values())
    five = _view(con, five_people(con))
    assert "1 reply (counted on the day they came) and 1 meeting held" in five["captions"]["activity"]
    assert "1 was met" in five["captions"]["funnel"]


# ---- clicks -----------------------------------------------------------------------------------

def test_clicking_the_five_person_linkedin_bar_lists_those_five(con):
    """They connected years ago, so nobody joined in the week shown, yet the bar stands for all five."""
    wb = five_people(con)
    f = metrics.preset_filters(con, wb, "goal", TODAY)
    what, where = charts.picked("growth", {"week_key": "2026-03-09", "source": "linkedin"})
    frame, total = metrics.people_behind(con, wb, f, TODAY, **where)
    assert total == 5 and sorted(frame["Name"]) == ["Ana Alves", "Ben Bauer", "Cy Chen", "Dee Diaz", "Eve Evans"]
    assert what == "LinkedIn connection: in your network by the end of the week of 9 Mar 2026"


# ---- the reply rate and the pace ----------------------------------------------------------------

def test_the_reply_rate_keeps_its_meaning_when_the_time_range_changes(con):
    """Ana: an email unanswered in week 1, a second one answered in week 2; Ben: one email in week 2.
    Per attempt it read 33 % over both weeks and 50 % over the second; per person it is 1 of 2 in both."""
    wb = workbooks.create(con, "Rate")
    ana, ben = (con.execute("INSERT INTO contacts (workbook_id, full_name, created_at) VALUES (?, ?, DATE '2026-02-02')"
                            " RETURNING id", [wb, name]).fetchone()[0] for name in ("Ana", "Ben"))
    for who, day, outcome in ((ana, datetime(2026, 2, 24, 9), "no_reply"), (ana, datetime(2026, 3, 3, 9), "replied_yes"),
                              (ben, datetime(2026, 3, 3, 9), "no_reply")):
        con.execute("INSERT INTO outreach (workbook_id, contact_id, channel, attempted_at, outcome) VALUES (?, ?, 'email', ?, ?)",
                    [wb, who, day, outcome])
    both = conversion.conversion_rates(con, wb, Filters(date(2026, 2, 23), TODAY), TODAY)
    second = conversion.conversion_rates(con, wb, Filters(date(2026, 3, 2), TODAY), TODAY)
    assert both["reply_rate"] == second["reply_rate"] == 0.5
    assert conversion.reply_rate_words(second) == ("Reply rate 50%: 1 of the 2 people you contacted in this range "
                                                "answered (yes or no) or met you.")


@pytest.mark.parametrize("done, expected, ahead", [(10, 6.5, 3), (10, 6.4, 4), (3, 5.5, -3), (4, 4.4, 0)])
def test_the_pace_is_one_whole_figure_in_the_verdict_and_the_delta(done, expected, ahead):
    words = goal_pace._pace_words(done, expected, 12, date(2026, 5, 10), TODAY)
    pace = goal_pace.Pace(done, expected, 12, date(2026, 1, 5), date(2026, 5, 10), words)
    assert pace.ahead == ahead
    if ahead:
        assert f"by {abs(ahead)} meeting" in words and pace.delta.startswith(f"{abs(ahead)} ")
        assert f"the plan called for {done - ahead} by today" in words
    else:
        assert words.startswith("On pace") and pace.delta == "On plan"


# ---- the page -----------------------------------------------------------------------------------

def _open(at, build):
    con = db.open(at_db(at))
    wb = build(con, date.today())
    con.close()
    at.query_params["wb"] = str(wb)
    open_page(at, "network")
    return at


def at_db(at):
    import os
    return os.environ["WORKBOOK_DB"]


def test_the_demo_says_the_same_pace_figure_in_the_delta_and_the_verdict(demo_app):
    open_page(demo_app, "network", check=False)
    open_tab(demo_app, TABS_KEY, TABS["goal"])
    held = figure_cards(demo_app)[GOAL_MEETINGS]
    verdict = next(s.value for s in demo_app.success if "pace" in s.value)
    in_delta = re.search(r"(\d+) (ahead of|behind) the plan", held["note"])
    in_words = re.search(r"(Ahead of|Behind) pace by (\d+) meeting", verdict)
    assert in_delta and in_words and in_delta.group(1) == in_words.group(2)
    # coloured by the sign of the gap, with an arrow (not by colour alone): behind is never shown as good news
    assert held["tone"] == ("good" if in_delta.group(2) == "ahead of" else "bad")
    assert held["note"].startswith("▲" if held["tone"] == "good" else "▼")


def test_the_reply_rate_says_what_it_counts(demo_app):
    open_page(demo_app, "network", check=False)
    rate = figure_cards(demo_app)["Reply rate"]
    assert rate["help"] == metrics.REPLY_RATE_HELP and "share of people" in rate["help"]


@pytest.mark.parametrize("build, drawn", [(one_person, {"growth", "goal", "funnel"}),
                                           (five_people, {"growth", "goal", "activity", "funnel"})])
def test_a_small_workbook_draws_its_charts_without_errors(app, build, drawn):
    """Each tab draws its chart, or (no attempts yet, no introductions) says what to do, without an error."""
    _open(app, build)
    with_chart = set()
    for name in TABS:
        open_tab(app, TABS_KEY, TABS[name])
        if app.get("vega_lite_chart"):
            with_chart.add(name)
        else:
            assert app.info or app.caption, name
    assert with_chart == drawn
