"""Integer lists that SQLite hands over as one ``group_concat`` string, parsed in C.

Reading a common term's posting (50k numbers) as a Python list of strings, one per number, took most of
the time after SQLite's own part; numpy parses the string in one call.
"""

from __future__ import annotations

import sqlite3

import numpy as np


def parse_integers(text: str | None) -> np.ndarray:
    """Integers separated by single spaces; an empty or missing string is an empty array."""
    if not text:
        return np.zeros(0, np.int64)
    values = np.fromstring(text, dtype=np.int64, sep=" ")
    if len(values) != text.count(" ") + 1:
        raise sqlite3.DatabaseError("a list of numbers from the catalog did not parse")
    return values
