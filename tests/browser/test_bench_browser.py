"""The browser section of the benchmark works end to end on the demo workbook: one round of two page navigations
and one action beside the bare app (the whole section is too long for a test), no timing asserted."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import browser as section
from bench import generate

pytestmark = pytest.mark.browser


def test_the_browser_benchmark_measures_pages_and_an_action_beside_the_bare_app(tmp_path):
    source = tmp_path / "small.duckdb"
    workbook_id = generate.make_small(source)
    # in a thread of its own: the harness drives Playwright's sync API, which refuses to run inside the event
    # loop the browser tests' own Playwright keeps on this thread
    with ThreadPoolExecutor(1) as pool:
        out = pool.submit(section.run, {"small": (source, workbook_id)}, tmp_path, rounds=1, warmup=0,
                          pages=["home", "goals"], actions=["search people"]).result()
    if "skipped" in out:
        pytest.skip(out["skipped"])
    small = out["sizes"]["small"]
    assert list(small["pages"]) == ["home", "goals"]
    assert list(small["actions"]) == ["search people"]
    assert list(small["pages_again"]) == ["home", "goals"]  # the second walk, in the tab in use
    for step in [*small["pages"].values(), *small["pages_again"].values(), *small["actions"].values()]:
        assert step["ms"] > 0 and step["ws_bytes"] > 0 and step["elements"] > step["nodes"] / 1000
        assert step["bare_ms"] > 0 and step["vs_bare"] == step["ms"] / step["bare_ms"]  # beside its paired bare steps
    # the search is the first click after its page's load, paired with the bare click at the same place
    assert small["actions"]["search people"]["since_load"] == 0
    assert 0 < small["bare"]["elements"] < small["pages"]["home"]["elements"]  # the bare app draws two elements
    rows = section.table_rows(out)
    assert [r[0] for r in rows][-1] == "browser small: search people"
    report = "\n".join(section.markdown(out))
    assert "| navigate to home |" in report and "| navigate to home again |" in report
