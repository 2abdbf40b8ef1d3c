"""What a storage backend's vector index must do, so indexing and search need not know which it is.

The embedded backend keeps one usearch file per profile (``usearch_store``); the district backend one
pgvector table per profile (``engine.storage.postgres.vectors``). Both read the same stored embeddings
(``engine.index.embeddings``) and record in ``profile_items`` which item versions the index holds.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Protocol

import numpy as np

from engine.i18n import _t
from engine.clock import utc_timestamp
from engine.errors import Busy
from engine.index.profiles import Profile
from engine.search.filters import SearchFilters
from engine.search.results import SearchUnavailableError

if TYPE_CHECKING:
    from engine.index.report import IndexReport


class VectorStore(Protocol):
    def sync(self, profile: Profile, report: "IndexReport") -> Profile:
        """Make the profile's index hold exactly the items with current embeddings; bump its generation
        (the returned profile) when anything changed."""

    def nearest(self, profile: Profile, query: np.ndarray, k: int,
                filters: SearchFilters | None = None) -> list[tuple[int, float]]:
        """(item_key, cosine similarity), best first, honouring ``filters`` without losing recall."""

    def vector_of(self, profile: Profile, key: int) -> np.ndarray | None:
        """The indexed vector of one item (None when the index does not hold it)."""

    def drop(self, profile: Profile) -> None:
        """Forget the profile's index (the profile row is deleted by the caller)."""


class IndexNeedsRebuildError(SearchUnavailableError):
    """The profile's index file is damaged or missing: searches fall back to keyword until it is rebuilt."""

    def __init__(self, profile: str, reason: str) -> None:
        super().__init__(_t("the index of profile {profile} needs rebuilding ({reason})").format(
                             profile=profile, reason=reason),
                         _t("run `itembank index --profile {profile}` or `itembank check --repair`").format(
                             profile=profile),
                         needs="semantic_profile")
        self.profile = profile
        self.reason = reason


def index_problem(vectors: object, profile: Profile) -> str | None:
    """Why the profile's index cannot be used as it is (None: it can, or the backend keeps no files)."""
    probe = getattr(vectors, "problem", None)
    return probe(profile) if probe is not None else None


class IndexingError(Busy):
    """Two indexing runs of one profile raced; the later one must run again."""


def indexed_versions(conn, name: str) -> dict[int, int]:
    return {r[0]: r[1] for r in conn.execute(
        "SELECT item_key, item_version FROM profile_items WHERE profile = ?", (name,))}


def wanted_versions(conn, model_key: str) -> dict[int, int]:
    return {r[0]: r[1] for r in conn.execute(
        "SELECT e.item_key, e.item_version FROM embeddings e JOIN items i "
        "ON i.item_key = e.item_key AND i.version = e.item_version WHERE e.model_key = ?", (model_key,))}


def record_generation(tx, profile: Profile, want: dict[int, int]) -> Profile:
    """Inside the caller's transaction: switch ``profile`` to its next generation holding ``want``."""
    row = tx.execute("SELECT generation FROM profiles WHERE name = ?", (profile.name,)).fetchone()
    if row is None or row[0] != profile.generation:
        raise IndexingError(_t("another indexing run of profile {name} finished first; run `itembank index` "
                               "again").format(
                                name=profile.name))
    next_profile = Profile(**{**asdict(profile), "generation": profile.generation + 1})
    tx.execute("DELETE FROM profile_items WHERE profile = ?", (profile.name,))
    tx.executemany("INSERT INTO profile_items (profile, item_key, item_version) VALUES (?,?,?)",
                   [(profile.name, k, v) for k, v in want.items()])
    tx.execute("UPDATE profiles SET generation = ?, indexed_at = ? WHERE name = ?",
               (next_profile.generation, utc_timestamp(), profile.name))
    return next_profile
