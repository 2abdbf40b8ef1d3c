"""Which items a metadata filter allows, as a numpy mask over item keys, kept while the bank is unchanged.

The numpy keyword ranking (``engine.search.postings``) scores every row that has a query term; with a
filter (과목, 학년, 유형, …) it keeps only the allowed ones. Which rows those are is asked of SQLite itself,
with the very WHERE clause the SQL path uses (``SearchFilters.sql``), so LIKE, prefixes and case follow
SQLite's rules, not a copy of them. The answer is a boolean array indexed by item key, cached per filter
under the keyword index's key (every write of an item rewrites its keyword row, so that key moves with
the filter columns too), and brought forward by a write of this program (``advance``): only the rows
it touched are asked again.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict

import numpy as np

from engine.search.filters import SearchFilters
from engine.search.int_lists import parse_integers

#: filters whose masks are kept (each is one byte per item key)
MAX_FILTERS = 32

FilterName = tuple[str, tuple[str, ...]]


def filter_name(filters: SearchFilters) -> FilterName:
    """The filter as SQL (clause and parameters): two spellings that select the same rows share a mask."""
    where, params = filters.sql("i")
    return where, tuple(params)


def allowed_rows(mask: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each rowid in ``rows``, whether the mask allows it (keys past the mask's end are not allowed)."""
    inside = rows < len(mask)
    found = np.zeros(len(rows), dtype=bool)
    found[inside] = mask[rows[inside]]
    return found


def _keys(conn: sqlite3.Connection, name: FilterName, among: list[int] | None = None) -> np.ndarray:
    """Item keys the filter selects (only among ``among`` when given), asked of SQLite in one string."""
    where, params = name
    if among is None:
        sql, args = f"SELECT group_concat(i.item_key, ' ') FROM items i WHERE 1=1{where}", list(params)
    else:
        sql = (f"SELECT group_concat(i.item_key, ' ') FROM items i "
               f"WHERE i.item_key IN ({','.join('?' * len(among))}){where}")
        args = [*among, *params]
    text = conn.execute(sql, args).fetchone()[0]
    return parse_integers(text)


def _mask_of(keys: np.ndarray, size: int = 0) -> np.ndarray:
    mask = np.zeros(max(size, int(keys.max()) + 1 if len(keys) else 0), dtype=bool)
    mask[keys] = True
    return mask


class FilterMasks:
    """Masks of recently used filters, valid while the keyword index's key is unchanged."""

    def __init__(self, max_filters: int = MAX_FILTERS) -> None:
        self._lock = threading.Lock()
        self._key: bytes = b""
        self._masks: OrderedDict[FilterName, np.ndarray] = OrderedDict()
        self.max_filters = max_filters

    def clear(self) -> None:
        with self._lock:
            self._key, self._masks = b"", OrderedDict()

    def mask(self, conn: sqlite3.Connection, key: bytes, filters: SearchFilters) -> np.ndarray:
        name = filter_name(filters)
        with self._lock:
            if key != self._key:
                self._key, self._masks = key, OrderedDict()
            found = self._masks.get(name)
            if found is not None:
                self._masks.move_to_end(name)
                return found
        found = _mask_of(_keys(conn, name))
        with self._lock:
            if key == self._key:
                self._masks[name] = found
                while len(self._masks) > self.max_filters:
                    self._masks.popitem(last=False)
        return found

    def names(self, key: bytes) -> list[FilterName]:
        """The filters cached for state ``key``: what a write must re-ask for the rows it touched."""
        with self._lock:
            return list(self._masks) if key == self._key else []

    def rows_allowed(self, conn: sqlite3.Connection, key: bytes, rowids: list[int]) -> dict[FilterName, np.ndarray]:
        """Per cached filter, which of ``rowids`` it allows now (asked inside the write, before it commits)."""
        return {name: _keys(conn, name, rowids) for name in self.names(key)} if rowids else {}

    def advance(self, key_before: bytes, key_after: bytes, touched: list[int],
                allowed: dict[FilterName, np.ndarray]) -> bool:
        """Bring the masks of state ``key_before`` to ``key_after``: the touched rows take their new answer."""
        rows = np.array(touched, dtype=np.int64)
        with self._lock:
            if self._key != key_before:
                return False
            masks: OrderedDict[FilterName, np.ndarray] = OrderedDict()
            for name, mask in self._masks.items():
                if name not in allowed:
                    continue  # cached after the write asked: not known for the new state
                now = allowed[name]
                size = max(len(mask), int(rows.max()) + 1 if len(rows) else 0)
                grown = np.zeros(size, dtype=bool)
                grown[:len(mask)] = mask
                grown[rows] = False
                grown[now] = True
                masks[name] = grown
            self._key, self._masks = key_after, masks
            return True

    def nbytes(self) -> int:
        with self._lock:
            return sum(mask.nbytes for mask in self._masks.values())


_MASKS = FilterMasks()


def filter_masks() -> FilterMasks:
    return _MASKS
