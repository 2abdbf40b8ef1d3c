"""Re-tokenise the SQLite keyword index when the tokeniser changed since the bank was written.

The FTS table holds tokens made in Python (``engine.search.tokens``), so a change there (version 2:
math in its search form, "x²" = "x^2" = "$x^{2}$") leaves old rows with old tokens. The version of the
tokens is kept in ``settings``; opening a bank with an older one rebuilds the table in one transaction
(a few seconds for tens of thousands of items), and a bank already current costs one SELECT.
"""

from __future__ import annotations

from engine.catalog.catalog import _ITEM_COLUMNS, SqlCatalog

KEYWORD_TOKENS_VERSION = "2"
KEYWORD_TOKENS_SETTING = "keyword_tokens"
_BATCH = 500


def _stored_version(conn) -> str | None:  # type: ignore[no-untyped-def]
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (KEYWORD_TOKENS_SETTING,)).fetchone()
    return None if row is None else str(row[0])


def refresh_keyword_index(catalog: SqlCatalog) -> int:
    """Rebuild ``items_fts`` if its tokens are older than this itembank's; return the rows re-indexed."""
    if _stored_version(catalog.connection) == KEYWORD_TOKENS_VERSION:
        return 0
    done = 0
    with catalog.transaction() as conn:
        if _stored_version(conn) == KEYWORD_TOKENS_VERSION:  # another process did it meanwhile
            return 0
        conn.execute("DELETE FROM items_fts")
        last = 0
        while rows := conn.execute(f"SELECT {_ITEM_COLUMNS} FROM items WHERE item_key > ? "
                                   "ORDER BY item_key LIMIT ?", (last, _BATCH)).fetchall():
            last = int(rows[-1]["item_key"])
            items = catalog._items_from_rows(rows)
            conn.executemany("INSERT INTO items_fts (rowid, stem, passage, choices, explanation, meta) "
                             "VALUES (?,?,?,?,?,?)",
                             [(int(row["item_key"]), *catalog.keyword_fields(item))
                              for row, item in zip(rows, items)])
            done += len(rows)
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     (KEYWORD_TOKENS_SETTING, KEYWORD_TOKENS_VERSION))
    return done
