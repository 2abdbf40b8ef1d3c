"""A psycopg connection that reads the catalog's shared SQL as SQLite does.

The shared SQL uses ``?`` placeholders and reads rows by position or by name (``sqlite3.Row``); this
wrapper turns ``?`` into psycopg's ``%s`` (doubling literal ``%``) and returns rows that allow both.
Everything PostgreSQL-specific is written for psycopg directly (``raw``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import psycopg

_PLACEHOLDER = re.compile(r"\?")


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """``?`` → ``%s``; a literal ``%`` (LIKE patterns, formats) → ``%%``. Our SQL has no ``?`` in literals."""
    return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))


class Row(tuple):
    """A result row readable as ``row[0]`` or ``row["column"]``."""

    _names: dict[str, int]

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def row_factory(cursor: psycopg.Cursor):
    names = {column.name: n for n, column in enumerate(cursor.description or [])}

    def make(values: Sequence[Any]) -> Row:
        row = Row(values)
        row._names = names
        return row

    return make


class PgConnection:
    """``execute``/``executemany`` with ``?`` placeholders over one psycopg connection."""

    def __init__(self, raw: psycopg.Connection) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> psycopg.Cursor:
        if params:
            return self.raw.execute(translate(sql), list(params))
        return self.raw.execute(sql)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [list(r) for r in rows]
        if rows:
            with self.raw.cursor() as cursor:
                cursor.executemany(translate(sql), rows)

    def close(self) -> None:
        self.raw.close()


def connect(url: str) -> PgConnection:
    """An autocommit connection (transactions are explicit); the caller registers the pgvector types."""
    # prepare_threshold=None: every query is planned with its own parameters. psycopg otherwise prepares a
    # statement after 5 runs and PostgreSQL may then switch to a generic plan, which `bench district`
    # caught choosing a sequential scan for a filtered vector query (103 ms instead of ~3).
    raw = psycopg.connect(url, autocommit=True, row_factory=row_factory, prepare_threshold=None,
                          application_name="itembank", connect_timeout=10)
    return PgConnection(raw)
