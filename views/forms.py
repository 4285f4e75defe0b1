"""Every write a page makes, and what the person sees after it: one way for buttons, callbacks and forms alike.

- write(): run a lib write; a toast on success, the refusal (Invalid, NotFound) shown where the person acted
  (`where`: a name, shown by feedback(where) at that spot, which also works from a callback), nothing saved.
- edit_form() / save_edit() / edit_status(): an edit form that never loses an edit (lib/rows.py).
- one_shot() / run_once(): a form that stores one row per click, however quick the clicks (lib/actions.py).

No cache is cleared here: every lib write bumps its workbook's data version (lib/db.py `writes`), and
views/kit.py `cached` keys on it.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable

import pandas as pd
import streamlit as st

from lib import rows
from lib.errors import Conflict, Invalid, NotFound
from views import extra_clicks, whole
from views.ui import callback, in_workbook, masked, text

_ICONS = {"error": ":material/error:", "info": ":material/info:", "success": ":material/check_circle:",
          "warning": ":material/warning:"}


def _flash_key(where: str) -> str:
    return f"_flash_{where}"


def flash(where: str, kind: str, message: str) -> None:
    """Keep a message (kind: success, info, warning, error) for feedback(where) to show, in this run or the next,
    with the workbook it is about."""
    kept = (kind, message, whole.open_workbook())
    st.session_state[_flash_key(where)] = st.session_state[f"{_flash_key(where)}_last"] = kept


def pending(where: str) -> tuple[str, str] | None:
    """The (kind, message) kept for `where` that feedback(where) will show in this run, if any."""
    return st.session_state.get(_flash_key(where))


def feedback(where: str) -> None:
    """Show, at this spot, the message kept for `where` (by write(), flash() or an edit form), once."""
    kept = st.session_state.get(_flash_key(where))
    if kept:
        kind, message, said_in = kept
        show = {"error": st.error, "info": st.info, "warning": st.warning}.get(kind, st.success)
        # messages may quote what was typed; one about another workbook (a quick switch after it) names it
        show(in_workbook(text(message), said_in), icon=_ICONS.get(kind, _ICONS["success"]))
        # Let go once drawn: a newer click stopping the run at the drawing shows it in the next run, not never.
        st.session_state.pop(_flash_key(where), None)


def write(action: Callable[[], object], success: str, *, where: str | None = None,
          confirm: bool = False) -> object | None:
    """Run a lib write. On success a toast (`success`, plain text unless built with ui.md()), and with `confirm`
    the same words kept under `where` too. On Invalid or NotFound nothing was saved: the message is shown
    where the person acted (under `where` via feedback(), else right here in the page body). Returns what the
    action returned (True for None), or None when nothing was saved."""
    try:
        result = action()
    except (Invalid, NotFound) as e:
        if where:
            flash(where, "error", str(e))
        else:
            whole.say("error", text(str(e)), _ICONS["error"])
        return None
    whole.say("toast", text(success), _ICONS["success"])
    if where and confirm:
        flash(where, "success", success)  # an Md stays Md: its user text is not escaped twice
    return result if result is not None else True


# ---- edit forms: no lost edit (lib/rows.py) ----------------------------------------------------
# Every edit form uses these three: edit_form() before drawing it (fills the widgets and remembers what the
# form was opened with), save_edit() when it is submitted (sends only the changed fields and that memory),
# edit_status() after it (the result, or what changed meanwhile with "keep mine" / "take theirs").

def _opened_key(name: str) -> str:
    return f"_opened_{name}"


def edit_form(name: str, row_id: object, version: int, prefill: dict[str, object], seen: dict[str, object],
              labels: dict[str, str], columns: dict[str, str] | None = None,
              baseline: dict[str, object] | None = None) -> None:
    """Fill the widgets of the edit form `name` (widget key -> value in `prefill`) and remember what it was
    opened with: `version` and `seen` (the stored row, by column). `baseline` overrides, per widget key, what
    counts as unchanged (e.g. None for a drafted text not stored yet: saving it untouched is a change).
    The widgets are filled on first open, for another row, after this session's own save, and when the row
    moved on while nothing was typed; never over what the person typed. `labels` names each widget key for the
    conflict display; `columns` maps a widget key to its column where the two differ."""
    with whole.hold():  # the refill flag is taken and the form filled together (a stop between lost the refill)
        s = st.session_state
        state = s.get(_opened_key(name))
        typed_nothing = state is not None and all(
            rows.same(s.get(k), state["form"].get(k)) for k in prefill)
        refill = (
            state is None or state["id"] != row_id or s.pop(f"_refill_{name}", False)
            or any(k not in s for k in prefill)
            or (state["version"] != version and typed_nothing and f"_conflict_{name}" not in s)
        )
        if refill:
            for key, value in prefill.items():
                s[key] = value
            state = {"id": row_id, "version": version, "form": {**prefill, **(baseline or {})}, "seen": dict(seen)}
            s.pop(f"_conflict_{name}", None)
        state.update(latest=dict(prefill), labels=dict(labels), columns=dict(columns or {}))
        s[_opened_key(name)] = state


def save_edit(name: str, save: Callable[[dict[str, object], rows.Opened], object],
              success: str | Callable[[object], str] = "Saved.",
              unchanged: str = "Nothing changed: nothing to save.") -> object | None:
    """Submit the edit form `name`: call `save(changes, opened)` with only the widgets whose value differs
    from what the form was opened with (widget key -> typed value) and a rows.Opened. Returns what `save`
    returned (True when that is None), or None when nothing was saved. On Conflict nothing was saved and the
    typed values stay: edit_status() shows the clash (and Invalid or NotFound's message). `success` may be a
    function of the result. Usable from a callback and from the page body."""
    s = st.session_state
    state = s[_opened_key(name)]
    typed = {k: s.get(k) for k in state["form"]}
    changes = rows.changed(state["form"], typed)
    if not changes:
        if not extra_clicks.extra(name, message=_flash_key(name)):  # a quick click right after the save says nothing
            flash(name, "info", unchanged)
        return None
    try:
        result = save(changes, rows.Opened(state["version"], state["seen"]))
    except Conflict as e:
        s[f"_conflict_{name}"] = {"version": e.version, "current": e.current,
                                  "columns": [c.field for c in e.clashes]}
        return None
    except (Invalid, NotFound) as e:
        flash(name, "error", f"{e} Nothing was saved.")
        return None
    s.pop(f"_conflict_{name}", None)
    s[f"_refill_{name}"] = True
    extra_clicks.saved(name)
    flash(name, "success", success(result) if callable(success) else success)
    whole.say("toast", "Changes saved", _ICONS["success"])
    return True if result is None else result


def _keys_of(state: dict, columns: list[str]) -> list[str]:
    # A column may be typed in several widgets (a date and a time): each of them is shown and taken back.
    return [k for c in columns for k in ([k for k in state["form"] if state["columns"].get(k, k) == c] or [c])]


def _keep_mine(name: str, save: Callable[[dict[str, object], rows.Opened], object], success: str) -> None:
    s = st.session_state
    state, conflict = s[_opened_key(name)], s.pop(f"_conflict_{name}")
    state["version"] = conflict["version"]
    state["seen"] = dict(conflict["current"])  # as if opened now: what they typed replaces it
    save_edit(name, save, success)


def _take_theirs(name: str) -> None:
    s = st.session_state
    state, conflict = s[_opened_key(name)], s.pop(f"_conflict_{name}")
    for key in _keys_of(state, conflict["columns"]):
        if key in state["latest"]:
            s[key] = state["form"][key] = state["latest"][key]
    state["version"] = conflict["version"]
    state["seen"] = dict(conflict["current"])
    flash(name, "info", "The form now shows what is stored for those fields. Your other changes are still in the "
                        "form: save to keep them.")


def edit_status(name: str, save: Callable[[dict[str, object], rows.Opened], object],
                success: str = "Saved.") -> None:
    """Below an edit form: the result of its last save, or, after a Conflict, each field that changed
    meanwhile (field, what they typed, what is stored now, shown as text) and a choice: keep mine (save what
    they typed over it) or take theirs (the stored values back in those fields; their other edits stay)."""
    s = st.session_state
    feedback(name)
    conflict = s.get(f"_conflict_{name}")
    state = s.get(_opened_key(name))
    if not conflict or not state:
        return
    keys = _keys_of(state, conflict["columns"])
    st.warning("Someone else changed this after you opened the form. Nothing was saved yet: your typing "
               "is still in the form. Choose what to keep for the fields below.", icon=":material/sync_problem:")
    frame = pd.DataFrame({
        "Field": [state["labels"].get(k, k) for k in keys],
        "Yours": ["" if s.get(k) is None else str(s.get(k)) for k in keys],
        "Stored now": ["" if state["latest"].get(k) is None else str(state["latest"].get(k)) for k in keys],
    })
    st.dataframe(masked(frame), hide_index=True, key=f"conflict_table_{name}", placeholder="")
    left, right = st.columns(2)
    left.button("Keep mine", key=f"conflict_mine_{name}", type="primary", icon=":material/save:",
                on_click=callback(_keep_mine), args=(name, save, success))
    right.button("Take theirs", key=f"conflict_theirs_{name}", icon=":material/undo:",
                 on_click=callback(_take_theirs), args=(name,))


# ---- one-shot forms: one action, one row (lib/actions.py) --------------------------------------
# A one-shot form (log, schedule, add) is drawn with the key one_shot(name); its action gets that key's token.
# Quick repeated clicks on one rendering carry the same token, so lib stores once; after a save the key
# changes (one_shot_done), so a click still in flight from the old form hits a widget that no longer exists.

def _rendering(name: str) -> str:
    n = st.session_state.get(f"_one_shot_{name}", 0)
    return name if n == 0 else f"{name}_{n}"


def one_shot_shown(name: str) -> str:
    """The key of the rendering of the one-shot form `name` shown now, without noting a drawing (one_shot does)."""
    return _rendering(name)


def one_shot(name: str, fields: tuple[str, ...] = ()) -> str:
    """The key of this rendering of the one-shot form `name` (the same on every run until one_shot_done). `fields`:
    the keys of its widgets not keyed by the rendering (forms.one_shot_key), which extra clicks check too."""
    return extra_clicks.drawn(name, _rendering(name), fields)


def one_shot_token(form_key: str) -> str:
    """The token lib stores for the form drawn with `form_key`: unique to this session and rendering."""
    session = st.session_state.setdefault("_one_shot_session", uuid.uuid4().hex)
    return f"{session}:{form_key}"


def one_shot_done(name: str) -> None:
    """The action of form `name` was saved: the next rendering of the form is a new one (new key and token)."""
    st.session_state[f"_one_shot_{name}"] = st.session_state.get(f"_one_shot_{name}", 0) + 1
    extra_clicks.saved(name)


def run_once(name: str, form_key: str, action: Callable[[str], object], success: str,
             values: object = None, *, where: str | None = None) -> object | None:
    """write() for a one-shot form: `action(token)` with the token of `form_key`, then the form is renewed
    before anything is drawn (so a repeat click cannot run it again). None when nothing was saved.

    A form that keeps its values after a save (pass them as `values`) refuses the same values again until
    one of them changes: a quick click landing on the renewed form is not a second attempt or meeting.
    """
    last = f"_one_shot_last_{name}"
    message = where and _flash_key(where)
    if form_key != _rendering(name):
        # A click still in flight on a rendering already saved (its callback outlives it for one run): that
        # save is done, and what the click carries may be gone with the old widgets.
        extra_clicks.keep_confirmation(message)
        return None
    same = values is not None and st.session_state.get(last) == repr(values)
    # A quick click on the form this save renewed, untouched: nothing stored, nothing said. Not when what it would
    # save differs (another person picked meanwhile): that is the person's own (a hostile tester's was dropped).
    if (values is None or same) and extra_clicks.extra(name, form_key, message=message):
        return None
    if same:
        same = "That was just saved with exactly these values. Change something to save another."
        if where:
            flash(where, "info", same)  # shown where the form's messages are (a callback draws nothing in place)
        else:
            whole.say("info", same, ":material/info:")
        return None
    result = write(lambda: action(one_shot_token(form_key)), success, where=where)
    if result is None:
        return None
    one_shot_done(name)
    if values is not None:
        st.session_state[last] = repr(values)
    return result


def nothing_saved(action: Callable[..., object]) -> Callable[..., object]:
    """`action` whose refusal (Invalid, NotFound) ends with "Nothing was saved." (as an edit form's does), for
    write() / run_once() of an add form that keeps what was typed."""

    def run(*args, **kwargs) -> object:
        try:
            return action(*args, **kwargs)
        except (Invalid, NotFound) as e:
            raise type(e)(f"{e} Nothing was saved.") from e

    return run


def one_shot_key(form_key: str, field: str) -> str:
    """The widget key of `field` in the one-shot form drawn with `form_key`: each rendering has its own, so a click
    in flight cannot carry the saved values into the renewed form (where one more click would store them again)."""
    return f"{form_key}_{field}"
