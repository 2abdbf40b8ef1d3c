"""Teachers' verdicts on near-duplicate pairs: the one home of the SQL on ``duplicate_decisions``."""

from __future__ import annotations

from typing import Any

VERDICTS = ("not_duplicate", "duplicate")


def pair(id_a: str, id_b: str) -> tuple[str, str]:
    """A pair in stored order (the table keeps id_a < id_b)."""
    low, high = sorted((id_a, id_b))
    return low, high


class DecisionStore:
    def __init__(self, conn_source) -> None:
        self._conn_source = conn_source

    def all(self) -> dict[tuple[str, str], str]:
        return {(r[0], r[1]): r[2] for r in self._conn_source().execute(
            "SELECT id_a, id_b, decision FROM duplicate_decisions")}

    def get(self, conn: Any, id_a: str, id_b: str) -> str | None:
        row = conn.execute("SELECT decision FROM duplicate_decisions WHERE id_a = ? AND id_b = ?",
                           pair(id_a, id_b)).fetchone()
        return row[0] if row else None

    def set(self, conn: Any, id_a: str, id_b: str, decision: str | None) -> None:
        """Record a verdict (None forgets the pair)."""
        low, high = pair(id_a, id_b)
        if decision is None:
            conn.execute("DELETE FROM duplicate_decisions WHERE id_a = ? AND id_b = ?", (low, high))
            return
        conn.execute("INSERT INTO duplicate_decisions (id_a, id_b, decision) VALUES (?,?,?) "
                     "ON CONFLICT(id_a, id_b) DO UPDATE SET decision = excluded.decision", (low, high, decision))
