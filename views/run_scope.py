"""What holds for one script run only: an object Streamlit makes anew for each run (a fragment's too), and answers
worked out once per run on top of it. Outside a run (a deferred download's thread) there is none: work it out again."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

T = TypeVar("T")


def token() -> object | None:
    """This script run (its parallel-work coordinator, which Streamlit makes anew for every run); None outside one."""
    return getattr(get_script_run_ctx(suppress_warning=True), "parallel_coordinator", None)


def once(key: str, work_out: Callable[[], T]) -> T:
    """`work_out()`, worked out at most once per script run (kept in session state under `key` with the run it
    belongs to); every time outside a run. An exception is not kept: the next call works it out again."""
    run = token()
    if run is None:
        return work_out()
    kept = st.session_state.get(key)
    if kept is not None and kept[0] is run:
        return kept[1]
    value = work_out()
    st.session_state[key] = (run, value)
    return value
