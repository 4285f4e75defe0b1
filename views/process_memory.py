"""Once per server process: keep the libraries' own objects out of Python's garbage collection.

The app's imports (pandas, pyarrow, DuckDB, Altair and its Vega-Lite schema, Streamlit) leave about 160,000
long-lived objects. Every full collection walked them all: Streamlit's collection after each run took ~130 ms at the
large workbook, holding the interpreter while the run's last messages waited to be sent. `gc.freeze()` moves what
exists after the imports into a generation that is never collected; objects made later (runs, caches) are collected
as before. They are unfrozen at exit so that the interpreter frees them as usual.

Two freezes, because modules keep arriving after the first one. Before the first (as `streamlit run` imports the
app): the libraries, with what the app imports only inside a function (the PDF report's fpdf and its fonts, the chart
export). At the first run of the process: every module of the app (several call st.cache_data as they load, which
needs the server's runtime, not there at the first), and what the server loaded since (starlette, anyio, the
sign-in's cryptography). Without the second, ~60,000 module objects stayed in every collection: 25–45 ms after each
run; with it, ~8 ms. It also keeps the first session's objects out of collection; whatever of them forms a cycle is
not freed when that session ends (a one-off, bounded by one session).

Streamlit's collection after each run is kept (`runner.postScriptGC`): switched off, runs ended ~50 ms sooner
still, and a burst of clicks on Add person then lost its "Added …" message in about half the tries
(tests/browser/test_quick_clicks_browser.py), a timing the extra-click handling does not yet survive.
"""
import atexit
import gc
import importlib
import pkgutil
import threading

# Imported inside functions only (the PDF report, the chart export): loaded here so that their objects are frozen too.
_LAZY_MODULES = ("altair", "pandas", "pyarrow", "duckdb", "fpdf", "vl_convert")
_APP_PACKAGES = ("lib", "views")

_frozen = {"startup": False, "serving": False}
_lock = threading.Lock()


def freeze_startup_objects() -> None:
    """At import by `streamlit run`: the libraries loaded and frozen."""
    for name in _LAZY_MODULES:
        importlib.import_module(name)
    _freeze()
    atexit.register(gc.unfreeze)
    _frozen["startup"] = True


def freeze_once_serving() -> None:
    """At the top of every run; acts once per process, and only where the startup freeze ran (a server, not AppTest):
    every module of the app loaded, then what is new since the first freeze frozen too."""
    if not _frozen["startup"] or _frozen["serving"]:
        return
    with _lock:
        if not _frozen["serving"]:
            for name in _app_modules():
                importlib.import_module(name)
            _freeze()
            _frozen["serving"] = True


def _freeze() -> None:
    gc.collect()  # what the imports left as garbage goes now, not frozen forever
    gc.freeze()


def _app_modules() -> list[str]:
    names = []
    for package_name in _APP_PACKAGES:
        package = importlib.import_module(package_name)
        names += [m.name for m in pkgutil.walk_packages(package.__path__, f"{package_name}.")]
    return names
