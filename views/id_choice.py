"""A list to choose one item from (a radio over ids) whose labels change between runs, and the buttons under it that
act on the chosen item (the plan's questions, the workbooks): one radio and a few buttons instead of a row of widgets
per item, which is what made those pages slow to draw (issue 17).

Streamlit keeps a radio's value as the label the browser showed (its formatted option), not as the option: when an
action changes the chosen item's label (its number after a move, "archived" after archiving), the browser's next
message still carries the old label, which the new labels do not hold, and the radio would return that string. So the
labels drawn for the list are kept with it, and an old label is turned back into the id it was drawn for. Any widget
that offers ids under changing labels (the Outreach person picker, Review's meeting picker) does the same with
remember() and id_of()."""
from __future__ import annotations

import streamlit as st

from views import renewed, whole

_KEEP = 500  # labels remembered per list: a few runs' worth of a long plan


def _labels_key(key: str) -> str:
    return f"_id_choice_labels_{key}"


def widget_key(key: str) -> str:
    """The radio's widget key for the list `key`: a new one after each choose_next, so a click still in flight
    carries the old radio's choice to a widget no longer drawn, where it changes nothing."""
    return renewed.key(key)


def remember(key: str, labels: dict[int, str]) -> None:
    """Keep the labels drawn this run for the widget `key` (id -> label) with those of earlier runs: quick clicks sent
    before the browser drew the last run all carry the label it showed then. A label holds the item's own text, so
    it names one item; should two ever share one, the newer wins."""
    known = {**st.session_state.get(_labels_key(key), {}), **{text: item for item, text in labels.items()}}
    st.session_state[_labels_key(key)] = dict(list(known.items())[-_KEEP:])


def id_of(key: str, value: object) -> int | None:
    """What the widget `key` holds, as an id: an id as it is, a label (sent back by the browser) as the id it was
    drawn for; None for a label never drawn."""
    if isinstance(value, int):
        return value
    return st.session_state.get(_labels_key(key), {}).get(value)


def label_back_to_id(key: str) -> None:
    """Before drawing the selectbox `key` whose labels are remember()ed: a label the browser sent back (a click made
    before the label changed) becomes its id again, and one never drawn is dropped, so the box never holds a label
    its options lack (a burst on Cancel the meeting read the meeting's label as its id: a hostile tester)."""
    with whole.hold():
        value = st.session_state.get(key)
        if value is not None and not isinstance(value, int):
            item = id_of(key, value)
            if item is None:
                st.session_state.pop(key, None)
            else:
                st.session_state[key] = item


def chosen(key: str) -> int | None:
    """The id the list `key` shows chosen, as the person saw it when they clicked (call it in a button's callback,
    where the radio's value is the label last drawn); None when nothing known is chosen."""
    return id_of(key, st.session_state.get(widget_key(key)))


def _next_key(key: str) -> str:
    return f"_id_choice_next_{key}"


def choose_next(key: str, item: int) -> None:
    """Have the list `key` show `item` chosen when it is next drawn (after a run that drew it: a widget's value cannot
    be set once it is on the page), e.g. a workbook just created."""
    st.session_state[_next_key(key)] = item
    renewed.renew(key)


def next_choice(key: str) -> int | None:
    """The item choose_next asked the list `key` to show chosen when next drawn, if any (left for radio())."""
    return st.session_state.get(_next_key(key))


def radio(label: str, labels: dict[int, str], key: str, default: int, **kwargs) -> int:
    """Draw the list: `labels` maps each id to its label (made in this run: masking reads this run's mode), `default`
    is chosen when the chosen id is not in the list (a first visit, an item removed). Returns the chosen id."""
    with whole.hold():  # the asked-for choice is taken and set together: a newer click stopping the run between lost it
        choice = st.session_state.pop(_next_key(key), None)
        if choice not in labels:
            choice = chosen(key)
        if choice not in labels:
            choice = default
        st.session_state[widget_key(key)] = choice  # an id again, whatever label the browser sent
        remember(key, labels)
    st.radio(label, list(labels), key=widget_key(key), format_func=labels.__getitem__, **kwargs)
    return choice


def back_to_last_picked(workbook_id: int, key: str, last: str) -> None:
    """A picker Streamlit forgot (its page was left for another) shows again what was last picked in this workbook,
    not the list's first entry: a person who looked something up on another page comes back to their place (a
    hostile tester came back to another meeting). A link's choice (?contact=, ?meeting=) was set before this."""
    wb, picked = st.session_state.get(last, (None, None))  # set by the picker: (workbook id, item id)
    if key not in st.session_state and wb == workbook_id:
        st.session_state[key] = picked   # checked by the picker against its list, like any kept choice
