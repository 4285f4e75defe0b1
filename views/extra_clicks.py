"""Extra clicks of a save: the quick second, third… click of a person who means one save (views/forms.py).

The first click saves; the form is then renewed (an add form, emptied under a new key) or refilled (an edit form)
and the clicks that follow land on it untouched. Such a click is an extra click when it comes within
EXTRA_CLICK_SECONDS of the save (or of the renewed form's drawing, or of the extra click before it: a burst goes
on) and nothing in the form changed since: it stores nothing and says nothing, and the save's confirmation stays
on screen. A submit after a pause, or with anything typed, is a person's own and gets its usual answer ("Name is
needed", "Nothing changed").
"""
from __future__ import annotations

import time
from datetime import date, datetime
from datetime import time as clock

import streamlit as st

from lib import rows
from views import whole

EXTRA_CLICK_SECONDS = 5.0  # the clicks of one burst come within it even on a busy server; a deliberate retry after
_SIMPLE = (str, int, float, bool, date, datetime, clock, type(None))


def _now() -> float:
    return time.monotonic()


def saved(name: str) -> None:
    """The form `name` was just saved: clicks on it soon after, with nothing changed, are extra clicks."""
    st.session_state[f"_extra_clicks_saved_{name}"] = _now()


def _values() -> dict:
    """What the person's widgets hold now, by key: keyed widgets (names not starting with "_"), submit buttons
    aside (one holds True only in the run of its click)."""
    held = {}
    for key, value in st.session_state.items():
        if isinstance(value, (list, tuple)) and all(isinstance(v, _SIMPLE) for v in value):
            value = tuple(value)
        if not str(key).startswith(("_", "FormSubmitter:")) and isinstance(value, (*_SIMPLE, tuple)):
            held[key] = value
    return held


def _form_values(key: str, fields: tuple[str, ...]) -> dict:
    """What the form drawn under `key` holds now: its widgets keyed by the rendering (forms.one_shot_key) and its
    widgets of fixed keys (`fields`). Only these: the app refills other widgets itself (opening the workbook just
    created refills the Rename box), which a burst's next click then carried as if the person had typed it."""
    return {k: v for k, v in _values().items() if k.startswith(f"{key}_") or k in fields}


def drawn(name: str, key: str, fields: tuple[str, ...] = ()) -> str:
    """The one-shot form `name` is drawn under `key` (returned), its widgets of fixed keys being `fields`: on its
    first drawing under that key after a save, remember what its widgets hold (what an untouched submit carries)."""
    s = st.session_state
    with whole.hold():  # noted whole, or a click on the renewed form is taken for the person's own
        forms = s.get(f"_extra_clicks_drawn_{name}", {})
        if f"_extra_clicks_saved_{name}" in s and key not in forms:
            # A burst may renew the form more than once (a click still in flight replays the save): each is kept.
            s[f"_extra_clicks_drawn_{name}"] = {**dict(list(forms.items())[-4:]),
                                                key: (fields, _form_values(key, fields))}
            if _now() - s[f"_extra_clicks_saved_{name}"] <= EXTRA_CLICK_SECONDS:
                s[f"_extra_clicks_saved_{name}"] = _now()  # clicks on the renewed form count from its drawing
    return key


def widgets_drawn(name: str, key: str) -> None:
    """Call right after drawing the one-shot form `name` under `key` when its widgets are keyed by the rendering
    (forms.one_shot_key): they exist only now, so what they hold (their defaults, untouched) joins what the form
    held when drawn. Held whole, as a burst's next click may stop the run anywhere."""
    with whole.hold():
        drawings = st.session_state.get(f"_extra_clicks_drawn_{name}")
        if not drawings or key not in drawings:
            return
        fields, held = drawings[key]
        new = {k: v for k, v in _form_values(key, fields).items() if k not in held}
        if new:
            drawings[key] = (fields, {**held, **new})


def _untouched(name: str, key: str) -> bool:
    drawing = st.session_state.get(f"_extra_clicks_drawn_{name}", {}).get(key)
    if drawing is None:
        return False
    fields, held = drawing
    now = _form_values(key, fields)
    if any(k not in held for k in now):
        # Widgets keyed by this rendering (forms.one_shot_key) that widgets_drawn did not see: what they held
        # then is unknown, so a submit of them is the person's own (never a save dropped as an extra click).
        return False
    return all(now.get(k, v) == v if isinstance(v, tuple) else rows.same(now.get(k, v), v) for k, v in held.items())


def extra(name: str, key: str | None = None, *, message: str | None = None) -> bool:
    """True when this submit of the form `name` is an extra click of its last save. A one-shot form passes the
    `key` it was drawn under (untouched: its widgets hold what they held when drawn); an edit form checks that
    nothing changed itself and passes no key. `message`: the session key of the messages shown beside the form
    (views/forms.py flash), whose last confirmation is then kept on screen."""
    s = st.session_state
    at = s.get(f"_extra_clicks_saved_{name}")
    if at is None or _now() - at > EXTRA_CLICK_SECONDS:
        return False
    if key is not None and not _untouched(name, key):
        return False
    s[f"_extra_clicks_saved_{name}"] = _now()  # the burst goes on from this click
    keep_confirmation(message)
    return True


def keep_confirmation(message: str | None) -> None:
    """Show again the save's confirmation kept under the session key `message` (views/forms.py flash), if the
    last word there was one: an extra click of that save leaves it on screen."""
    s = st.session_state
    last = s.get(f"{message}_last") if message else None
    if last and last[0] == "success":
        s[message] = last


REVERSAL_SECONDS = 2.0  # a burst's clicks come within it; reading "Archived …" and deciding to undo takes longer


def reverses(name: str, item: object, value: object) -> bool:
    """True when this click undoes action `name`'s last value on `item` within REVERSAL_SECONDS: a button that
    turns into its opposite in place (Archive into Restore) took the rest of a burst as undo, redo, undo (a hostile
    tester's four quick clicks left the workbook restored, saying "Restored"). Such a click is extra: nothing done,
    nothing said. Otherwise this click is remembered as the last."""
    key = f"_extra_clicks_last_{name}"
    last = st.session_state.get(key)
    if last is not None and last[0] == item and last[1] != value and _now() - last[2] <= REVERSAL_SECONDS:
        return True
    st.session_state[key] = (item, value, _now())
    return False


NEXT_ITEM_SECONDS = 2.0  # a double click's halves come within it; reading the next item's name and deciding, longer


def lands_on_next(name: str, item: object) -> bool:
    """True when this click of action `name` is on another item than its last act and comes within
    NEXT_ITEM_SECONDS of it: a button drawn again in place for the next item of a list ("Set back to planned" after
    one meeting was set back) took a double click's second half as an act on that next item (a hostile tester).
    Measured from the act, so a person who clicks again soon after is served. Otherwise this act is remembered."""
    key = f"_extra_clicks_item_{name}"
    last = st.session_state.get(key)
    if last is not None and last[0] != item and _now() - last[1] <= NEXT_ITEM_SECONDS:
        return True
    st.session_state[key] = (item, _now())
    return False
