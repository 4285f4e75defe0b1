"""The Network page through app.py (AppTest): empty and demo workbooks, filters, clicks, screen-share mode."""
import json

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from lib import charts
from tests.conftest import figures, open_page, open_tab, page_errors, run_cursor
from views.network.charts import GOAL_MEETINGS, TABS, TABS_KEY

pytestmark = pytest.mark.apptest


def _charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def _tab(at, name: str):
    """Open the tab of chart `name` (only the open tab's chart is drawn)."""
    return open_tab(at, TABS_KEY, TABS[name])


def _layer_rows(at, mark: str) -> list[dict]:
    """The rows behind the first layer of the chart drawn (the open tab's) with `mark` (Streamlit ships them as
    Arrow)."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    [element] = at.get("vega_lite_chart")
    spec = json.loads(element.proto.spec)
    layer = next(layer for layer in spec["layer"] if layer["mark"]["type"] == mark)
    data = next(d for d in element.proto.datasets if d.name == layer["data"]["name"])
    return convert_arrow_bytes_to_pandas_df(data.data.data).to_dict("records")


def _chart_titles(at) -> list[str]:
    return [spec["title"]["text"] for spec in _charts(at)]


def _click(at, name: str, **fields):
    """What the browser sends when a mark of chart `name` is clicked (AppTest cannot click a chart)."""
    chart = next(c for c in at.get("vega_lite_chart") if f"net_chart_{name}_" in c.proto.id)
    state = WidgetState(id=chart.proto.id, string_value=json.dumps({"selection": {charts.SELECTIONS[name]: [fields]}}))
    collect = at._tree.get_widget_states

    def with_click():
        states = collect()
        states.widgets.append(state)
        return states

    at._tree.get_widget_states = with_click
    return at.run()


def test_an_empty_workbook_shows_what_to_do_instead_of_charts(app):
    open_page(app, "network", check=False)
    said = {}
    for name in TABS:
        _tab(app, name)
        assert not app.get("vega_lite_chart"), name
        said[name] = " ".join(i.value for i in app.info) + " ".join(c.value for c in app.caption)
    assert "Research page" in said["growth"]  # at a glance: where to begin
    assert "Goals page" in said["goal"] and "Outreach page" in said["activity"] and "Review page" in said["tree"]


def test_the_demo_shows_each_of_the_five_charts_with_its_caption_in_its_tab(demo_app):
    open_page(demo_app, "network", check=False)
    assert [t.label for t in demo_app.tabs] == list(TABS.values())
    titles, captions = [], ""
    for name in TABS:
        _tab(demo_app, name)
        titles += _chart_titles(demo_app)  # one chart drawn: the open tab's
        captions += " ".join(c.value for c in demo_app.caption)
        assert figures(demo_app)["People in your network"] == "42"  # above every tab
    assert titles == ["How your network grew", "Meetings held against the goal", "What you did each week",
                      "Where the funnel leaks", "Who introduced you to whom"]
    assert "Each bar is the size of your network" in captions and "referral chains" in captions


def test_the_demo_says_at_a_glance_how_things_stand(demo_app):
    open_page(demo_app, "network", check=False)
    metrics_shown = figures(demo_app)
    assert metrics_shown["People in your network"] == "42"
    assert metrics_shown[GOAL_MEETINGS] == "10 of 12"
    _tab(demo_app, "goal")  # the verdict in words sits above the goal's chart
    assert any(s.value.startswith("Ahead of pace") for s in demo_app.success)


def test_every_chart_can_be_downloaded_as_png_and_svg(demo_app):
    open_page(demo_app, "network", check=False)
    for name in TABS:
        _tab(demo_app, name)
        labels = [b.proto.label for b in demo_app.get("download_button")]
        assert labels.count("PNG") == 1 and labels.count("SVG") == 1, name


def test_choosing_a_source_narrows_the_charts_to_it(demo_app):
    open_page(demo_app, "network", check=False)
    demo_app.multiselect(key="net_sources").select("referral").run()
    assert not page_errors(demo_app)
    assert {row["source"] for row in _layer_rows(demo_app, "bar")} == {"referral"}


def test_the_last_four_weeks_show_four_weeks_of_activity(demo_app):
    open_page(demo_app, "network", check=False)
    demo_app.segmented_control(key="net_range").set_value("4w").run()
    _tab(demo_app, "activity")
    assert len({row["week_key"] for row in _layer_rows(demo_app, "bar")}) == 4


def test_custom_dates_with_nothing_in_them_show_empty_states_not_errors(demo_app):
    open_page(demo_app, "network", check=False)
    demo_app.segmented_control(key="net_range").set_value("custom").run()
    from datetime import date

    demo_app.date_input(key="net_dates").set_value((date(2001, 1, 1), date(2001, 1, 31))).run()
    assert not page_errors(demo_app)
    _tab(demo_app, "activity")
    assert any("No outreach or meetings in this time range" in i.value for i in demo_app.info)


def test_clicking_a_funnel_bar_lists_the_people_at_that_step(demo_app):
    open_page(demo_app, "network", check=False)
    _tab(demo_app, "funnel")
    _click(demo_app, "funnel", step="met")
    assert not page_errors(demo_app)
    table = demo_app.dataframe[0].value
    assert len(table) == 10 and "Aisha Bello" in table["Name"].tolist()


def test_clicking_a_person_in_the_tree_lists_whom_they_introduced(demo_app):
    open_page(demo_app, "network", check=False)
    _tab(demo_app, "tree")
    aisha = next(r for r in _layer_rows(demo_app, "point") if r["name"] == "Aisha Bello")
    _click(demo_app, "tree", id=aisha["id"])
    names = demo_app.dataframe[0].value["Name"].tolist()
    assert sorted(names) == ["Aisha Bello", "Fatima Zahra El Idrissi", "Hannah Fischer", "Jorge Medina"]


def test_in_screen_share_mode_names_become_initials_in_the_tree_and_the_table(demo_app):
    demo_app.query_params["share"] = "true"
    demo_app.query_params["share_names"] = "true"  # the coaching issue's "names as initials", when present
    open_page(demo_app, "network", check=False)
    _tab(demo_app, "tree")
    names = {r["name"] for r in _layer_rows(demo_app, "point")}
    assert "A. B." in names and "Aisha Bello" not in names
    _tab(demo_app, "funnel")
    _click(demo_app, "funnel", step="met")
    assert "A. B." in demo_app.dataframe[0].value["Name"].tolist()


def test_a_goal_without_a_target_date_asks_for_one(demo_app, db_path):
    from lib import db

    con = db.open(db_path)
    con.execute("UPDATE goals SET target_date = NULL")
    con.close()
    open_page(demo_app, "network", check=False)
    _tab(demo_app, "goal")
    assert any("Set a target date on the Goals page" in s.value for s in list(demo_app.success) + list(demo_app.warning))


def test_a_change_made_elsewhere_shows_on_the_next_run(demo_app, db_path):
    open_page(demo_app, "network", check=False)
    con = run_cursor(demo_app)
    con.execute("UPDATE meetings SET status = 'done' WHERE status = 'planned'")  # as another page might
    demo_app.run()
    assert figures(demo_app)[GOAL_MEETINGS] == "10 of 12"  # planned ones are in the future
    from lib import goals, rows

    wb = demo_app.session_state["_current_workbook"].id
    goal = goals.get(con, wb)  # a lib write (as the Goals page makes) moves the workbook's data version on
    goals.save(con, wb, opened=rows.Opened(goal.version, {"target_interviews": goal.target_interviews}),
               target_interviews=20)
    demo_app.run()
    assert figures(demo_app)[GOAL_MEETINGS] == "10 of 20"


def test_in_screen_share_mode_the_tree_masks_phones_and_emails_in_names(demo_app, db_path):
    from lib import db
    con = db.open(db_path)
    con.execute("UPDATE contacts SET full_name = 'Aisha Bello 403-555-0188 aisha.secret@example.com' "
                "WHERE full_name = 'Aisha Bello'")
    con.close()
    demo_app.query_params["share"] = "true"          # names as initials off: full names, masked
    open_page(demo_app, "network", check=False)
    _tab(demo_app, "tree")
    tree = next(c for c in demo_app.get("vega_lite_chart") if "net_chart_tree_" in c.proto.id)
    drawn = tree.proto.spec + "".join(d.data.data.decode("latin-1") for d in tree.proto.datasets)
    shown = drawn + "".join(c.value for c in demo_app.caption)
    assert "Aisha Bello" in shown
    assert "0188" not in shown and "aisha.secret" not in shown
    rows = [r for layer in ("point", "text") for r in _layer_rows(demo_app, layer)]
    aisha = next(r for r in rows if r["name"].startswith("Aisha Bello"))
    assert "0188" not in aisha["label"]
    _click(demo_app, "tree", id=int(aisha["id"]))
    table = "".join(t.value for t in demo_app.text) + demo_app.dataframe[0].value.to_csv()
    assert "Aisha Bello" in table and "0188" not in table and "aisha.secret" not in table


def test_a_bar_picked_is_let_go_when_the_range_changes(demo_app):
    """The people behind a week no longer shown were still listed after a range change (a hostile tester)."""
    open_page(demo_app, "network", check=False)
    week = _layer_rows(demo_app, "bar")[0]
    _click(demo_app, "growth", week_key=week["week_key"], source=week["source"])
    demo_app.run()
    assert any("in your network by the end of the week" in t.value for t in demo_app.text)
    demo_app.segmented_control(key="net_range").set_value("4w").run()
    assert not any("in your network by the end of the week" in t.value for t in demo_app.text)


def test_an_empty_chart_says_the_filters_narrowed_it_not_that_the_workbook_is_empty(demo_app):
    open_page(demo_app, "network", check=False)
    demo_app.multiselect(key="net_sources").select("referral").run()
    _tab(demo_app, "tree")
    said = " ".join(i.value for i in demo_app.info)
    assert "No introductions among the people of the sources chosen (choose every source" in said
    assert "No introductions yet" not in said


def test_a_range_before_anyone_came_says_so_instead_of_drawing_an_empty_growth_chart(demo_app):
    """A range in 2020 drew a chart of zeros captioned "Nobody has been met yet" in a workbook with ten people met
    (a hostile tester)."""
    from datetime import date

    open_page(demo_app, "network", check=False)
    demo_app.segmented_control(key="net_range").set_value("custom").run()
    demo_app.date_input(key="net_dates").set_value((date(2020, 12, 1), date(2020, 12, 31))).run()
    assert not page_errors(demo_app)
    assert _chart_titles(demo_app) == []
    said = " ".join(c.value for c in demo_app.caption)
    assert "Nobody is in your network in this time range." in said and "met yet" not in said


def test_the_goal_card_counts_the_whole_workbook_whatever_the_sources_chosen(demo_app):
    """LinkedIn alone turned "10 of 12, ahead" into "1 of 12, 5 behind the plan" on a whole-workbook goal (a
    hostile tester)."""
    open_page(demo_app, "network", check=False)
    before = figures(demo_app)[GOAL_MEETINGS]
    demo_app.multiselect(key="net_sources").select("linkedin").run()
    assert figures(demo_app)["People in your network"] != "42"  # the other cards do narrow
    assert figures(demo_app)[GOAL_MEETINGS] == before == "10 of 12"
