"""Once per server process: keep the libraries' own objects out of Python's garbage collection.

The app's imports (pandas, pyarrow, DuckDB, Altair and its Vega-Lite schema, Streamlit) leave about 160,000
long-lived objects. Every full collection walked them all: Streamlit's collection after each run took ~130 ms at the
large workbook, holding the interpreter while the run's last messages waited to be sent. `gc.freeze()` moves what
exists after the imports into a generation that is never collected (that collection now takes ~50 ms); objects made
later (runs, caches) are collected as before. They are unfrozen at exit so that the interpreter frees them as usual.

Streamlit's collection after each run is kept (`runner.postScriptGC`): switched off, runs ended ~50 ms sooner
still, and a burst of clicks on Add person then lost its "Added …" message in about half the tries
(tests/browser/test_quick_clicks_browser.py), a timing the extra-click handling does not yet survive.
"""
import atexit
import gc
import importlib

# Imported by some pages only: loaded here so that their objects are frozen too.
_HEAVY_MODULES = ("altair", "pandas", "pyarrow", "duckdb", "lib.charts", "lib.report")


def freeze_startup_objects() -> None:
    for name in _HEAVY_MODULES:
        importlib.import_module(name)
    gc.collect()  # what the imports left as garbage goes now, not frozen forever
    gc.freeze()
    atexit.register(gc.unfreeze)
