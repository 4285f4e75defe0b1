"""The browser section of the benchmark works end to end on the demo workbook: one round, no timing asserted."""
import pytest

from bench import browser as section, generate
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def test_the_browser_benchmark_measures_every_page_and_action_on_a_tiny_workbook(tmp_path):
    source = tmp_path / "small.duckdb"
    workbook_id = generate.make_small(source)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = section.run({"small": (source, workbook_id)}, tmp_path, rounds=1, warmup=0, screenshots=SCREENSHOTS)
    if "skipped" in out:
        pytest.skip(out["skipped"])
    small = out["sizes"]["small"]
    assert set(small["pages"]) == {key for key, _, _ in section.NAV}
    assert list(small["actions"]) == section.ACTIONS
    for step in [*small["pages"].values(), *small["actions"].values()]:
        assert step["ms"] > 0 and step["ws_bytes"] > 0 and step["elements"] > 0
    assert small["bare"]["elements"] > 0
    rows = section.table_rows(out)
    assert len(rows) == 1 + 1 + len(section.NAV) + len(section.ACTIONS)
    assert "| step | ms |" in "\n".join(section.markdown(out))
