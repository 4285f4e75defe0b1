"""The server process keeps the libraries' and the app's module objects out of garbage collection, and exits cleanly."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PROBE = """
import gc, sys
from views import process_memory
process_memory.freeze_once_serving()  # AppTest and tests: no startup freeze, so nothing happens
print(gc.get_freeze_count(), "views.network.charts" in sys.modules)
process_memory.freeze_startup_objects()
print(gc.get_freeze_count(), "views.network.charts" in sys.modules)
process_memory.freeze_once_serving()  # a server's first run
print(gc.get_freeze_count(), "views.network.charts" in sys.modules)
"""


def _counts() -> list[tuple[int, bool]]:
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "leaked" not in done.stderr  # unfrozen at exit: DuckDB's bindings see their objects freed
    return [(int(count), loaded == "True") for count, loaded in (line.split() for line in done.stdout.splitlines())]


def test_startup_objects_then_the_apps_modules_are_frozen_and_freed_at_exit():
    (none, _), (startup, page_views_then), (serving, page_views_after) = _counts()
    assert none == 0
    assert startup > 50_000  # Altair, pandas, pyarrow and DuckDB are in the frozen generation
    assert not page_views_then  # a page's views load in the server's runtime (st.cache_data), not before it
    assert page_views_after and serving > startup + 10_000  # every module of the app, loaded and frozen
