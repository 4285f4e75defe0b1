"""Text typed into a box that may not be drawn in the next run, kept apart from the box's own state.

Streamlit drops the state of a widget a run does not draw: another person or meeting shown, screen-share mode
turned on (its boxes have keys of their own), another page or tab opened. A box that can be hidden this way keeps
what was typed in a Drafts store as it is typed (its on_change), and gets it back when it is drawn again (hostile
testers lost an edited Outreach message and typed Questions research to exactly these switches).
"""
from __future__ import annotations

from collections.abc import Hashable, Iterator

import streamlit as st

from views import session


class Drafts:
    """One store in the session's state: a draft's key (a box's widget key, a meeting id) → (what it was typed for,
    the text). What it was typed for holds the workbook's id, so a draft is never said to be left behind by
    another workbook than its own."""

    def __init__(self, name: str):
        self._name = name

    def _all(self) -> dict:
        return st.session_state.get(self._name, {})

    def keep(self, key: Hashable, text: str | None, owner: Hashable = None) -> None:
        """Keep `text` as the draft of `key`, typed for `owner`; None forgets it (the box holds nothing of the
        person's own)."""
        drafts = {k: v for k, v in self._all().items() if k != key}
        if text is not None:
            drafts[key] = (owner, text)
        st.session_state[self._name] = drafts

    def holds(self, key: Hashable) -> bool:
        return key in self._all()

    def restore(self, widget_key: str, key: Hashable | None = None) -> None:
        """Put the draft of `key` (the widget's own key unless given) back in a box whose state Streamlit dropped.
        Only just before the box is drawn, in the same run: a value put under the key of a box the run does not
        draw stays as plain state, and when the box is drawn in a later run the server holds the text while the
        browser shows an empty box (a hostile tester: an edit blanked after screen-share mode was on)."""
        key = widget_key if key is None else key
        drafts = self._all()
        if widget_key not in st.session_state and key in drafts:
            st.session_state[widget_key] = drafts[key][1]

    def forget(self, *keys: Hashable) -> None:
        st.session_state[self._name] = {k: v for k, v in self._all().items() if k not in keys}

    def items(self) -> Iterator[tuple[Hashable, Hashable, str]]:
        """(key, what it was typed for, text) of each draft kept."""
        return iter([(k, owner, text) for k, (owner, text) in self._all().items()])



def where_to_copy(what: str) -> str:
    """The sentence of a warning about text typed for something deleted meanwhile: where `what` is to copy."""
    if session.share_mode():   # as typed, it may hold names and emails: show_to_copy leaves it out
        return f"{what} is kept: turn screen-share mode off to see and copy it."
    return f"{what} is below: copy it before you let it go."


def show_to_copy(text: str) -> None:
    """Text typed for something deleted meanwhile, to copy (as text; not on a shared screen)."""
    if not session.share_mode():
        st.code(text, language=None, wrap_lines=True)
