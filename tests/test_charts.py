"""lib/charts.py, lib/referral_tree.py and lib/chart_export.py: specs carry the expected encodings,
selections and rows; captions say what a chart shows; images come out as PNG and SVG."""
import re
from datetime import date, timedelta

import pandas as pd
import pytest

from lib import chart_captions, chart_export, chart_parts, charts, conversion, goal_pace, metrics, referral_tree, weekly
from lib.metrics import Filters
from tests.conftest import DEMO_TODAY

RANGE = Filters(date(2025, 12, 29), DEMO_TODAY)


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _rows(spec: dict, layer: dict) -> int:
    data = layer.get("data", spec.get("data"))
    return len(spec["datasets"][data["name"]])


def _params(spec: dict) -> set[str]:
    layered = [p for layer in _layers(spec) for p in layer.get("params", [])]
    return {p["name"] for p in layered + spec.get("params", [])}


@pytest.fixture
def demo_frames(con, demo_id):
    return {
        "growth": weekly.network_growth(con, demo_id, RANGE, DEMO_TODAY),
        "met": weekly.people_met(con, demo_id, RANGE, DEMO_TODAY),
        "goal": goal_pace.interviews_vs_goal(con, demo_id, RANGE, DEMO_TODAY),
        "pace": goal_pace.pace(con, demo_id, RANGE, DEMO_TODAY),
        "activity": weekly.weekly_activity(con, demo_id, RANGE, DEMO_TODAY),
        "funnel": conversion.funnel(con, demo_id, RANGE, DEMO_TODAY),
        "rates": conversion.conversion_rates(con, demo_id, RANGE, DEMO_TODAY),
        "tree": referral_tree.referral_tree(con, demo_id, RANGE, DEMO_TODAY),
        "goal_row": metrics.goal(con, demo_id),
    }


def _build_all(f) -> dict:
    nodes, edges = charts.tree_frames(f["tree"], initials=False)
    return {
        "growth": charts.growth_chart(f["growth"], f["met"], start=f["goal_row"]["start_date"],
                                      target=f["goal_row"]["target_date"]),
        "goal": charts.goal_chart(f["goal"], DEMO_TODAY),
        "activity": charts.activity_chart(f["activity"], 1.0),
        "funnel": charts.funnel_chart(f["funnel"]),
        "tree": charts.tree_chart(nodes, edges),
    }


def test_every_chart_has_the_click_selection_the_page_listens_to(demo_frames):
    for name, chart in _build_all(demo_frames).items():
        assert charts.SELECTIONS[name] in _params(chart.to_dict()), name


def test_the_growth_chart_stacks_weeks_by_source_and_draws_the_met_line(demo_frames):
    spec = charts.growth_chart(demo_frames["growth"], demo_frames["met"], start=date(2025, 12, 31)).to_dict()
    bars, line = _layers(spec)[0], _layers(spec)[1]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["field"] == "week_key" and bars["encoding"]["y"]["field"] == "total"
    assert bars["encoding"]["color"]["field"] == "source_label"
    assert _rows(spec, bars) == len(demo_frames["growth"]) == 11 * 5  # 11 weeks × 5 sources
    assert line["mark"]["type"] == "line" and line["encoding"]["y"]["field"] == "met"
    assert any(layer["mark"]["type"] == "rule" for layer in _layers(spec))  # the goal's start date


def _weeks_of_growth(first: date, weeks: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    mondays = [pd.Timestamp(first) + pd.Timedelta(weeks=i) for i in range(weeks)]
    growth = pd.DataFrame({"week": mondays, "week_key": [m.date().isoformat() for m in mondays], "source": "linkedin",
                           "source_label": "LinkedIn connection", "added": 1, "total": range(1, weeks + 1)})
    return growth, growth[["week", "week_key"]].assign(new_met=0, met=0)


def test_a_long_range_labels_about_eight_weeks_with_their_year_and_a_short_one_every_week():
    """Issue 17: "All time" at 128 weeks laid out a label per week, then hid most as overlapping."""
    x = _layers(charts.growth_chart(*_weeks_of_growth(date(2024, 7, 1), 128)).to_dict())[0]["encoding"]["x"]
    assert 6 <= len(x["axis"]["values"]) <= chart_parts.LABELLED_WEEKS and x["axis"]["values"][0] == "2024-07-01"
    assert "%Y" in x["axis"]["labelExpr"]
    x = _layers(charts.growth_chart(*_weeks_of_growth(date(2025, 1, 6), 30)).to_dict())[0]["encoding"]["x"]
    assert len(x["axis"]["values"]) <= chart_parts.LABELLED_WEEKS and "%Y" not in x["axis"]["labelExpr"]  # one year: no year said
    x = _layers(charts.growth_chart(*_weeks_of_growth(date(2025, 10, 6), 12)).to_dict())[0]["encoding"]["x"]
    assert "values" not in x["axis"] and "%Y" not in x["axis"]["labelExpr"]
    # a short range across a new year says the year too (a hostile tester: "29 Dec, 5 Jan" of which years?)
    x = _layers(charts.growth_chart(*_weeks_of_growth(date(2025, 11, 17), 15)).to_dict())[0]["encoding"]["x"]
    assert "values" not in x["axis"] and "%Y" in x["axis"]["labelExpr"]


def test_the_goal_chart_says_the_year_when_its_dates_cross_one(demo_frames):
    frame = demo_frames["goal"]
    crossing = pd.Timestamp(frame["day"].min()).year != pd.Timestamp(frame["day"].max()).year
    axis = _layers(charts.goal_chart(frame, DEMO_TODAY).to_dict())[0]["encoding"]["x"]["axis"]
    assert ("%Y" in axis["format"]) == crossing
    late = frame.assign(day=pd.to_datetime(frame["day"]) + pd.DateOffset(years=1, months=-2))
    shifted = pd.Timestamp(late["day"].min()).year != pd.Timestamp(late["day"].max()).year
    axis = _layers(charts.goal_chart(late, DEMO_TODAY).to_dict())[0]["encoding"]["x"]["axis"]
    assert ("%Y" in axis["format"]) == shifted
    assert crossing != shifted or crossing  # at least one of the two frames crosses a year


def test_goal_dates_outside_the_weeks_shown_are_not_drawn_but_a_coming_target_is_named(demo_frames):
    spec = charts.growth_chart(demo_frames["growth"], demo_frames["met"], start=date(2020, 1, 1),
                               target=date(2030, 1, 1)).to_dict()
    assert not any(layer["mark"]["type"] == "rule" for layer in _layers(spec))
    texts = [row.get("label") for rows in spec["datasets"].values() for row in rows]
    assert "Target date: 1 Jan 2030 →" in texts


def test_the_goal_chart_has_the_done_line_and_the_dashed_pace_line(demo_frames):
    spec = charts.goal_chart(demo_frames["goal"], DEMO_TODAY).to_dict()
    lines = _layers(spec)[0]
    data = pd.DataFrame(spec["datasets"][lines["data"]["name"]])
    assert set(data["series"]) == {"Meetings held", "Planned pace"}
    assert data[data["series"] == "Planned pace"]["value"].max() == 12
    assert data[data["series"] == "Meetings held"]["value"].max() == 10
    assert lines["encoding"]["strokeDash"]["field"] == "series"


def test_the_activity_chart_groups_three_measures_per_week_with_the_pace_rule(demo_frames):
    spec = charts.activity_chart(demo_frames["activity"], 1.0).to_dict()
    bars = _layers(spec)[0]
    assert bars["encoding"]["xOffset"]["field"] == "measure"
    assert _rows(spec, bars) == 11 * 3
    rule = _layers(spec)[1]
    assert rule["mark"]["type"] == "rule" and spec["datasets"][rule["data"]["name"]][0]["pace"] == 1.0


def test_the_activity_chart_has_no_pace_rule_without_a_planned_pace(demo_frames):
    spec = charts.activity_chart(demo_frames["activity"], None).to_dict()
    assert not any(layer["mark"]["type"] == "rule" for layer in _layers(spec))


def test_the_funnel_chart_keeps_the_steps_in_order_and_labels_the_shares(demo_frames):
    spec = charts.funnel_chart(demo_frames["funnel"]).to_dict()
    bars, labels = _layers(spec)
    assert bars["encoding"]["y"]["sort"] == list(conversion.FUNNEL_STEPS.values())
    texts = [row["text"] for row in spec["datasets"][labels.get("data", spec.get("data"))["name"]]]
    assert texts[0] == "42" and texts[1] == "21  (50% of previous)"


def test_the_tree_chart_draws_every_person_and_three_segments_per_introduction(demo_frames):
    nodes, edges = charts.tree_frames(demo_frames["tree"], initials=False)
    spec = charts.tree_chart(nodes, edges).to_dict()
    lines, dots = _layers(spec)[0], _layers(spec)[1]
    assert _rows(spec, dots) == 21
    assert _rows(spec, lines) == 3 * 18  # 21 people, 3 first contacts: 18 introductions
    assert dots["encoding"]["color"]["field"] == "met_label"


def test_the_growth_captions_new_people_add_up_to_the_growth_it_says(demo_frames):
    """The first week's additions are in the size it starts from, not among the new (42 - 13 said as 33)."""
    import re

    f = demo_frames
    caption = chart_captions.growth_caption(f["growth"], f["met"])
    start, end = map(int, re.search(r"from (\d+) people in the week of .+? to (\d+)", caption).groups())
    new = re.search(r"\(new: ([^)]*)\)", caption).group(1)
    assert sum(int(n) for n in re.findall(r"(\d+)", new)) == end - start


def test_captions_say_what_each_chart_shows_in_plain_words(demo_frames):
    f = demo_frames
    nodes, _ = charts.tree_frames(f["tree"], initials=False)
    assert "from 13 people in the week of 29 Dec 2025 to 42" in chart_captions.growth_caption(f["growth"], f["met"])
    assert "Ahead of pace" in chart_captions.goal_caption(f["goal"], f["pace"])
    assert "28 outreach attempts, 15 replies (counted on the day they came) and 10 meetings held" \
        in chart_captions.activity_caption(f["activity"], 1.0)
    assert "Reply rate 71%: 15 of the 21 people you contacted in this range answered (yes or no) or met you." \
        in chart_captions.funnel_caption(f["funnel"], f["rates"])
    assert "21 people are in 3 referral chains" in chart_captions.tree_caption(f["tree"], nodes)


def test_the_tree_caption_says_when_the_tree_was_cut(con, demo_id):
    tree = referral_tree.referral_tree(con, demo_id, RANGE, DEMO_TODAY, limit=10)
    nodes, _ = charts.tree_frames(tree, initials=False)
    assert "Only the 1 largest chain are drawn (10 of 21 people)" in chart_captions.tree_caption(tree, nodes)


def test_in_screen_share_mode_the_tree_shows_initials(demo_frames):
    nodes, _ = charts.tree_frames(demo_frames["tree"], initials=True)
    assert "A. B." in set(nodes["name"]) and "Aisha Bello" not in " ".join(nodes["label"])


def test_charts_on_empty_frames_still_build(con):
    empty_growth = weekly.network_growth(con, 999, Filters(), DEMO_TODAY)
    empty_met = weekly.people_met(con, 999, Filters(), DEMO_TODAY)
    charts.growth_chart(empty_growth, empty_met).to_dict()
    charts.activity_chart(weekly.weekly_activity(con, 999, Filters(), DEMO_TODAY), None).to_dict()
    charts.funnel_chart(conversion.funnel(con, 999, Filters(), DEMO_TODAY)).to_dict()
    charts.goal_chart(goal_pace.interviews_vs_goal(con, 999, Filters(), DEMO_TODAY), DEMO_TODAY).to_dict()
    nodes, edges = referral_tree.layout(referral_tree.referral_tree(con, 999, Filters(), DEMO_TODAY).nodes)
    charts.tree_chart(nodes, edges).to_dict()


# ---- the tree layout --------------------------------------------------------------------------

def _nodes(rows):
    return pd.DataFrame(rows, columns=["id", "parent_id", "name", "generation", "met"]).astype({"parent_id": "Int64"})


def test_a_parent_sits_in_the_middle_of_its_children_and_leaves_take_a_row_each():
    nodes, edges = referral_tree.layout(_nodes([
        (1, None, "Root Person", 0, True), (2, 1, "Kid One", 1, False), (3, 1, "Kid Two", 1, True),
        (4, 1, "Kid Three", 1, False),
    ]))
    y = dict(zip(nodes["id"], nodes["y"]))
    assert sorted([y[2], y[3], y[4]]) == [0, 1, 2] and y[1] == 1
    assert dict(zip(nodes["id"], nodes["referred"]))[1] == 3
    assert len(edges) == 9


def test_chains_are_separated_by_an_empty_row():
    nodes, _ = referral_tree.layout(_nodes([
        (1, None, "A A", 0, True), (2, 1, "B B", 1, False), (5, None, "C C", 0, True), (6, 5, "D D", 1, False),
    ]))
    y = dict(zip(nodes["id"], nodes["y"]))
    assert (y[2], y[6]) == (0, 2)


def test_the_dot_text_escapes_quotes_and_fills_people_met():
    dot = referral_tree.to_dot(_nodes([(1, None, 'Ann "Nan" Lee', 0, True), (2, 1, "Bo Li", 1, False)]))
    assert 'label="Ann \\"Nan\\" Lee"' in dot and "n1 -> n2;" in dot and 'fillcolor="#1f77b4"' in dot


# ---- export -----------------------------------------------------------------------------------

def test_a_chart_exports_as_png_and_svg(demo_frames):
    chart = charts.funnel_chart(demo_frames["funnel"])
    assert chart_export.png(chart, scale=1).startswith(b"\x89PNG")
    svg = chart_export.svg(chart)
    assert svg.lstrip().startswith(b"<svg") and b"Where the funnel leaks" in svg


def test_the_exported_tree_keeps_names_readable(demo_frames):
    nodes, edges = charts.tree_frames(demo_frames["tree"], initials=False)
    assert b"Aisha Bello" in chart_export.svg(charts.tree_chart(nodes, edges))


def test_a_thirty_thousand_person_workbook_gives_charts_small_datasets(con):
    """The chart specs carry only aggregated rows: weeks × sources, never one row per person."""
    from lib import workbooks

    wb = workbooks.create(con, "Big")
    con.execute("""INSERT INTO contacts (workbook_id, full_name, source, created_at)
                   SELECT ?, 'P' || i, 'manual', TIMESTAMP '2025-01-06 09:00' + (i % 364) * INTERVAL '1 day'
                   FROM generate_series(0, 29999) t(i)""", [wb])
    growth = weekly.network_growth(con, wb, Filters(date(2025, 1, 6), date(2026, 1, 4)), date(2026, 1, 4))
    spec = charts.growth_chart(growth, weekly.people_met(con, wb, Filters(), date(2026, 1, 4))).to_dict()
    assert sum(len(rows) for rows in spec["datasets"].values()) <= 52 * 5 + 10
    assert int(growth["total"].iloc[-1]) == 30000


def test_a_hundred_person_tree_is_drawn_with_a_row_per_leaf_and_saved_for_a_look(con):
    """About a hundred people in referral chains, three generations deep: rows never share a y."""
    from lib import workbooks
    from tests.browser.conftest import SCREENSHOTS

    wb = workbooks.create(con, "Hundred")
    first_names = ["Ana", "Ben", "Chloé", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun"]
    last_names = ["Ortiz", "Park", "Quinn", "Rossi", "Singh", "Tanaka", "Usman", "Vega", "Weiss", "Xu"]
    ids = []
    for i in range(110):
        parent = None if i < 6 else ids[(i - 6) // 3]
        name = f"{first_names[i % 10]} {last_names[(i // 10) % 10]}"
        ids.append(con.execute(
            "INSERT INTO contacts (workbook_id, full_name, source, created_at, referred_by_contact_id)"
            " VALUES (?, ?, 'referral', TIMESTAMP '2026-01-05 09:00', ?) RETURNING id", [wb, name, parent]).fetchone()[0])
        if i % 4 == 0:
            con.execute("INSERT INTO meetings (workbook_id, contact_id, scheduled_at, status)"
                        " VALUES (?, ?, TIMESTAMP '2026-01-20 10:00', 'done')", [wb, ids[-1]])
    tree = referral_tree.referral_tree(con, wb, Filters(), date(2026, 3, 1))
    assert len(tree.nodes) == referral_tree.TREE_LIMIT and tree.cut
    nodes, edges = charts.tree_frames(tree, initials=False)
    leaves = nodes[nodes["referred"] == 0]
    assert leaves["y"].is_unique
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "network-tree-100.png").write_bytes(chart_export.png(charts.tree_chart(nodes, edges), scale=1))


# ---- the cached view the Network page draws ---------------------------------------------------

def test_a_finished_spec_carries_each_frame_as_named_arrow_data_and_keeps_the_selection(demo_frames):
    import pyarrow as pa

    chart = charts.growth_chart(demo_frames["growth"], demo_frames["met"])
    spec = chart_parts.to_spec(chart)
    assert charts.SELECTIONS["growth"] in _params(spec)
    bars = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "bar")
    rows = pa.ipc.open_stream(spec["datasets"][bars["data"]["name"]]).read_all().to_pandas()
    assert rows["week_key"].tolist() == demo_frames["growth"]["week_key"].tolist()
    assert "continuousWidth" not in spec.get("config", {}).get("view", {})


def test_making_a_finished_spec_leaves_the_chart_as_it_was(demo_frames):
    chart = charts.funnel_chart(demo_frames["funnel"])
    before = chart.to_dict()
    chart_parts.to_spec(chart)
    assert chart.to_dict() == before


def test_a_finished_spec_exports_the_same_picture_as_its_chart(demo_frames):
    nodes, edges = charts.tree_frames(demo_frames["tree"], initials=False)
    chart = charts.tree_chart(nodes, edges)
    assert chart_export.svg(chart_parts.to_spec(chart)) == chart_export.svg(chart)
    assert chart_export.png(chart_parts.to_spec(chart), scale=1).startswith(b"\x89PNG")


def test_the_network_view_has_a_spec_and_caption_for_every_chart_of_the_demo(con, demo_id):
    view = charts.network_view(con, demo_id, RANGE, DEMO_TODAY)
    assert set(view["specs"]) == set(view["captions"]) == set(charts.CHART_NAMES)
    assert view["size"] > 0 and view["has_goal"] and view["dot"].startswith("digraph")


def test_the_network_view_of_an_empty_workbook_has_no_charts_to_draw(con):
    from lib import workbooks

    view = charts.network_view(con, workbooks.create(con, "Empty"), Filters(), DEMO_TODAY)
    assert view["specs"] == {} and view["size"] == 0 and view["dot"] is None


def test_a_clicked_person_in_the_tree_is_named_in_the_heading(con, demo_id):
    view = charts.network_view(con, demo_id, RANGE, DEMO_TODAY, initials=True)
    first = view["tree_nodes"].iloc[0]
    what, where = charts.picked("tree", {"id": str(first["id"])}, view["tree_nodes"])
    assert what.startswith(first["name"]) and where == {"chart": "tree", "contact_id": int(first["id"])}


def test_a_name_mask_reaches_the_tree_its_caption_and_the_dot_file(con, demo_id):
    from lib import privacy
    con.execute("UPDATE contacts SET full_name = 'Aisha Bello 403-555-0188 aisha.secret@example.com' "
                "WHERE workbook_id = ? AND full_name = 'Aisha Bello'", [demo_id])
    view = charts.network_view(con, demo_id, RANGE, DEMO_TODAY, person=privacy.mask_text)
    out = view["dot"] + view["captions"]["tree"] + view["tree_nodes"].to_csv() + str(view["specs"]["tree"])
    assert "Aisha Bello" in out and "0188" not in out and "aisha.secret" not in out


def test_the_charts_are_built_from_channel_objects_not_from_altairs_dict_lookup(demo_frames, monkeypatch):
    """A shorthand string or a plain dict in encode() goes through Altair's from_dict, which hashes ~570 schemas
    each time (~5 ms): building the five charts must not take that path."""
    from altair.utils import schemapi

    lookups = []
    original = schemapi._FromDict.__init__
    monkeypatch.setattr(schemapi._FromDict, "__init__", lambda self, classes: (lookups.append(1), original(self, classes))[1])
    for chart in _build_all(demo_frames).values():
        chart_parts.to_spec(chart)
    assert lookups == []


def test_a_dimmed_mark_keeps_full_opacity_when_picked(demo_frames):
    bars = _layers(_build_all(demo_frames)["funnel"].to_dict())[0]
    assert bars["encoding"]["opacity"] == {"condition": [{"param": charts.SELECTIONS["funnel"], "value": 1.0}],
                                           "value": 0.45}


def test_the_growth_caption_of_weeks_past_counts_the_people_met_by_then_not_so_far(demo_frames):
    f = demo_frames
    now = chart_captions.growth_caption(f["growth"], f["met"], DEMO_TODAY)
    later = chart_captions.growth_caption(f["growth"], f["met"], DEMO_TODAY + timedelta(days=60))
    assert "so far." in now and "by the week of" not in now
    assert "so far" not in later and re.search(r"actually met: \d+ by the week of \d+ \w+ 20\d\d\.", later)
    nobody_met = f["met"].assign(met=0)
    assert "Nobody had been met by the week of" in chart_captions.growth_caption(f["growth"], nobody_met, DEMO_TODAY + timedelta(days=60))
    assert "Nobody has been met yet" in chart_captions.growth_caption(f["growth"], nobody_met, DEMO_TODAY)
