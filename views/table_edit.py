"""The edit-form rule (views/forms.py) for an editable table (st.data_editor): a save that finds a row changed
meanwhile saves nothing, keeps the person's edits in the table and shows each clash as text."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from lib import rows
from lib.errors import Conflict
from views.forms import write
from views.ui import masked


def opened_rows(frame: pd.DataFrame, columns: tuple[str, ...] | list[str]) -> dict[int, rows.Opened]:
    """What an editable table shows, per row id (its version and the editable columns): what a save compares with."""
    return {int(r["id"]): rows.Opened(int(r.get("version") or 0), {c: r.get(c) for c in columns})
            for r in frame.to_dict("records")}


def run_write_versioned(action: Callable[[], object], success: str, name: str,
                        opened: dict[int, rows.Opened] | None = None) -> object | None:
    """write() for a table save that may raise Conflict: the clash is kept for table_conflict(name) to
    show (nothing was saved, the edits stay in the table) and None is returned. The row's entry in `opened`
    becomes what is stored now, so saving again keeps the person's values (keep mine)."""
    try:
        result = write(action, success)
    except Conflict as e:
        st.session_state[f"_conflict_{name}"] = [(c.field, c.mine, c.theirs) for c in e.clashes]
        if opened is not None and "id" in e.current:
            opened[int(e.current["id"])] = rows.Opened(e.version, e.current)
        return None
    st.session_state.pop(f"_conflict_{name}", None)
    return result


def table_conflict(name: str, labels: dict[str, str]) -> None:
    """After a refused table save: each cell someone else changed meanwhile (field, yours, stored now), as text.
    The person keeps their edits in the table; Discard takes the stored values."""
    clashes = st.session_state.get(f"_conflict_{name}")
    if not clashes:
        return
    st.warning("Someone else changed these after you started editing, so nothing was saved. Save again to keep "
               "yours, or discard your changes to take theirs.", icon=":material/sync_problem:")
    st.dataframe(masked(pd.DataFrame({
        "Field": [labels.get(f, f) for f, _, _ in clashes],
        "Yours": ["" if m is None else str(m) for _, m, _ in clashes],
        "Stored now": ["" if t is None else str(t) for _, _, t in clashes],
    })), hide_index=True, key=f"conflict_table_{name}", placeholder="")
