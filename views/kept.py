"""A small store the server process keeps for every session: the latest few values, the oldest going first.

For what a page knows across reruns, reloads and tabs that no single session owns (Outreach's carried due total,
Questions' way back from a proposal). Sessions run in threads of their own, so each step holds the store's lock.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Generic, Hashable, TypeVar

V = TypeVar("V")


class Kept(Generic[V]):
    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            return self._items.get(key)

    def pop(self, key: Hashable) -> V | None:
        with self._lock:
            return self._items.pop(key, None)

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._put(key, value)

    def replace(self, key: Hashable, make: Callable[[V | None], V | None]) -> None:
        """In one step: the value at `key` taken out and `make(it)` put in its place, unless that is None."""
        with self._lock:
            value = make(self._items.pop(key, None))
            if value is not None:
                self._put(key, value)

    def _put(self, key: Hashable, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)
