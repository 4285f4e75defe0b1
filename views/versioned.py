"""st.cache_data behind a data version (lib/data_versions.py): the one way a view keeps what it read. Every lib write
moves a version on, so a kept value is never stale and never cleared by hand. views/kit.py's `cached` builds on it
for a workbook's reads; `until_any_write` keeps the reads the app's frame asks at the start of every run."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from lib import db as database

T = TypeVar("T")


def cache(read: Callable[..., T], label: str, max_entries: int) -> Callable[..., T]:
    """`read` behind st.cache_data, keyed by the database, a data version and read's own arguments: call the
    result as `keep(cur, db_key, version, *args)` (the cursor is not part of the key)."""

    def keep(_cur, db_key: str, version: object, *args, **kwargs) -> T:
        return read(_cur, *args, **kwargs)

    keep.__qualname__ = f"{label}.{read.__module__}.{read.__qualname__}"  # one cache per read function
    return st.cache_data(show_spinner=False, max_entries=max_entries)(keep)


def until_any_write(read: Callable[..., T]) -> Callable[..., T]:
    """Decorator: `read(con, *args)` kept until any write to the database (the latest data version moves on with
    every write, to any workbook or to none). For the reads of the app's frame, asked at the start of every run of
    every page: the workbooks a person may open and their on/off settings (two queries, ~5 ms of each click at the
    large workbook while the browser draws, issue 17). Its arguments must be hashable values."""
    keep = cache(read, "until_any_write", 32)

    @functools.wraps(read)
    def run(con, *args, **kwargs) -> T:
        return keep(con, str(database.path_from_env()), database.latest_version(), *args, **kwargs)

    return run
