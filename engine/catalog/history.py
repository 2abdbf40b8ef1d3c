"""Item history and the undo journal: the one home of the SQL on ``item_history`` and ``operations``.

Every version of an item that a write replaces or removes is kept (``item_history``), so a teacher's
correction never destroys the original and ``ItemBank.undo`` can put it back. An undoable write (edit,
delete, merge) is one row of ``operations`` whose payload names, per item, the history row of its
previous version (or none, when the item did not exist) and the version the write left behind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from engine.clock import utc_timestamp
from engine.items import Item


@dataclass(frozen=True)
class HistoryEntry:
    """One replaced version of an item."""

    history_id: int
    item: Item
    reason: str
    recorded_at: str
    operation_id: int | None


@dataclass
class OperationStep:
    """One item an operation touched: whether it existed before, and which version the operation left.
    Its previous version is the history row the operation wrote for it (none: the item was unchanged)."""

    item_id: str
    existed: bool
    after_version: int | None  # None: the operation removed the item


@dataclass
class Operation:
    operation_id: int
    kind: str
    summary: str
    created_at: str
    steps: list[OperationStep] = field(default_factory=list)
    decisions: list[tuple[str, str, str | None]] = field(default_factory=list)  # (a, b, verdict before)


def item_from_json(text: str) -> Item:
    data = json.loads(text)
    return Item(**{key: data[key] for key in Item.__dataclass_fields__ if key in data})


class HistoryStore:
    """Reads take this thread's connection; writes take the caller's transaction connection."""

    def __init__(self, conn_source) -> None:
        self._conn_source = conn_source

    @property
    def _conn(self) -> Any:
        return self._conn_source()

    # -- item versions -----------------------------------------------------------------------------
    def record(self, conn: Any, item: Item, reason: str, operation_id: int | None = None) -> int:
        """Keep ``item`` (as stored now, before the write) and return its history id."""
        row = conn.execute(
            "INSERT INTO item_history (item_id, version, item_json, reason, operation_id) VALUES (?,?,?,?,?) "
            "RETURNING history_id",
            (item.id, item.version, json.dumps(item.to_dict(), ensure_ascii=False), reason,
             operation_id)).fetchone()
        return int(row[0])

    def versions(self, item_id: str) -> list[HistoryEntry]:
        """Earlier versions of one item, newest first."""
        rows = self._conn.execute(
            "SELECT history_id, item_json, reason, recorded_at, operation_id FROM item_history "
            "WHERE item_id = ? ORDER BY history_id DESC", (item_id,)).fetchall()
        return [HistoryEntry(int(r[0]), item_from_json(r[1]), r[2], r[3], r[4]) for r in rows]

    def version_before(self, operation_id: int, item_id: str) -> Item | None:
        """The version of ``item_id`` that operation ``operation_id`` replaced (None: it left it as it was)."""
        row = self._conn.execute(
            "SELECT item_json FROM item_history WHERE operation_id = ? AND item_id = ? ORDER BY history_id LIMIT 1",
            (operation_id, item_id)).fetchone()
        return item_from_json(row[0]) if row else None

    def referenced_figures(self) -> set[str]:
        """Figures that kept versions cite (an undo may bring them back, so they are not orphans)."""
        figures: set[str] = set()
        for (text,) in self._conn.execute("SELECT item_json FROM item_history"):
            kept = json.loads(text)
            figures.update((kept.get("images") or []) + (kept.get("explanation_images") or []))
        return figures

    # -- the undo journal ----------------------------------------------------------------------------
    def begin(self, conn: Any, kind: str, summary: str) -> int:
        row = conn.execute("INSERT INTO operations (kind, summary) VALUES (?, ?) RETURNING operation_id",
                           (kind, summary)).fetchone()
        return int(row[0])

    def finish(self, conn: Any, operation: Operation) -> None:
        payload = {"steps": [vars(step) for step in operation.steps],
                   "decisions": [list(d) for d in operation.decisions]}
        conn.execute("UPDATE operations SET payload_json = ? WHERE operation_id = ?",
                     (json.dumps(payload, ensure_ascii=False), operation.operation_id))

    def last_undoable(self, conn: Any | None = None) -> Operation | None:
        row = (conn or self._conn).execute(
            "SELECT operation_id, kind, summary, created_at, payload_json FROM operations "
            "WHERE undone_at IS NULL ORDER BY operation_id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        payload = json.loads(row[4] or "{}")
        return Operation(int(row[0]), row[1], row[2], row[3],
                         [OperationStep(**step) for step in payload.get("steps", [])],
                         [tuple(d) for d in payload.get("decisions", [])])

    def mark_undone(self, conn: Any, operation_id: int) -> None:
        conn.execute("UPDATE operations SET undone_at = ? WHERE operation_id = ?",
                     (utc_timestamp(), operation_id))
