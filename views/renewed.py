"""A widget that gets a new key when the app changes its value from outside it.

Streamlit refuses (or warns about) setting a drawn widget's value, and a click still in flight carries the old
widget's value back: after an app-made change (a workbook created or opened, an item chosen for the person, a page
number set by a search) the widget is drawn under a new key, which starts from the value the app sets, while the
old key's value lands on a widget no longer drawn and changes nothing.
"""
from __future__ import annotations

import streamlit as st


def _counter(counter: str) -> str:
    return f"_renewed_{counter}"


def key(base: str, counter: str | None = None) -> str:
    """The widget key of `base` now: `base` itself until the first renew(counter), then `base_N` (`counter`
    defaults to `base`; widgets that replace one another, like one per mode, share one)."""
    generation = st.session_state.get(_counter(counter or base), 0)
    return f"{base}_{generation}" if generation else base


def renew(counter: str) -> None:
    """The widgets counted by `counter` get new keys from now on."""
    st.session_state[_counter(counter)] = st.session_state.get(_counter(counter), 0) + 1
