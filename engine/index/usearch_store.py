"""The embedded backend's vector index: one usearch file per profile, next to the SQLite catalog.

``sync`` is incremental: it loads the current generation's file, removes deleted or changed items, adds
new ones and writes the next generation before the catalog switches to it (see ``vector_index``). A
file that is missing, damaged or disagrees with the catalog is rebuilt from the stored embeddings.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import numpy as np
from usearch.index import Index

from engine.index import embeddings
from engine.index.profiles import Profile
from engine.index.vector_index import (
    IndexFileError,
    build_index,
    load_index,
    remove_stale_files,
    save_index_atomic,
)
from engine.index.checksums import sidecar_of
from engine.index.vector_store import (
    IndexNeedsRebuildError,
    indexed_versions,
    record_generation,
    wanted_versions,
)
from engine.search.filters import SearchFilters
from engine.search.semantic import nearest_keys

if TYPE_CHECKING:
    from engine.catalog.catalog import SqlCatalog
    from engine.index.report import IndexReport


class UsearchVectorStore:
    def __init__(self, catalog: "SqlCatalog") -> None:
        self.catalog = catalog
        self._loaded: dict[str, tuple[int, Index]] = {}

    @property
    def folder(self):
        return self.catalog.paths.indexes

    def sync(self, profile: Profile, report: "IndexReport") -> Profile:
        conn = self.catalog.connection
        have = indexed_versions(conn, profile.name)
        want = wanted_versions(conn, profile.model_key)
        to_remove = [k for k, v in have.items() if want.get(k) != v]
        to_add = [k for k, v in want.items() if have.get(k) != v]
        index = None
        if profile.generation > 0:
            try:
                index = load_index(self.folder / profile.index_file_name, profile.dim, len(have))
            except IndexFileError as exc:
                report.rebuilt, report.rebuild_reason = True, str(exc)
        else:
            report.rebuilt, report.rebuild_reason = True, "first build"
        if index is None:
            keys, _, vectors = embeddings.current(conn, profile.model_key, profile.dim)
            index = build_index(keys, vectors, profile.dim, profile.index_dtype)
            to_remove, to_add = list(have), [int(k) for k in keys]
        elif not to_remove and not to_add:
            report.indexed = len(have)
            return profile
        else:
            for key in to_remove:
                index.remove(key)
            keys, _, vectors = embeddings.current(conn, profile.model_key, profile.dim, to_add)
            if len(keys):
                index.add(keys.astype(np.uint64), vectors)
        report.removed = len([k for k in to_remove if k not in want])
        upcoming = Profile(**{**asdict(profile), "generation": profile.generation + 1})
        save_index_atomic(index, self.folder / upcoming.index_file_name)
        with self.catalog.transaction() as tx:
            next_profile = record_generation(tx, profile, want)
        remove_stale_files(self.folder, profile.name, keep=next_profile.index_file_name)
        report.indexed = len(want)
        return next_profile

    def loaded(self, profile: Profile) -> Index:
        """The profile's index, loaded once per generation."""
        cached = self._loaded.get(profile.name)
        if cached is not None and cached[0] == profile.generation:
            return cached[1]
        count = int(self.catalog.connection.execute(
            "SELECT COUNT(*) FROM profile_items WHERE profile = ?", (profile.name,)).fetchone()[0])
        try:
            index = load_index(self.folder / profile.index_file_name, profile.dim, count)
        except IndexFileError as exc:
            raise IndexNeedsRebuildError(profile.name, str(exc)) from exc
        self._loaded[profile.name] = (profile.generation, index)
        return index

    def problem(self, profile: Profile) -> str | None:
        """Why the profile's index file cannot be used (damaged, missing, disagreeing), None when it can.

        The file on disk is read again, not the copy loaded for searching: a check in the running app must
        see a file damaged after it was loaded."""
        if profile.generation == 0:
            return None
        self._loaded.pop(profile.name, None)
        try:
            self.loaded(profile)
        except IndexNeedsRebuildError as exc:
            return exc.reason
        return None

    def nearest(self, profile: Profile, query: np.ndarray, k: int,
                filters: SearchFilters | None = None) -> list[tuple[int, float]]:
        return nearest_keys(self.catalog.connection, self.loaded(profile), query, k, filters)

    def vector_of(self, profile: Profile, key: int) -> np.ndarray | None:
        index = self.loaded(profile)
        if key not in index:
            return None
        return np.asarray(index.get(key), dtype=np.float32)

    def drop(self, profile: Profile) -> None:
        (self.folder / profile.index_file_name).unlink(missing_ok=True)
        sidecar_of(self.folder / profile.index_file_name).unlink(missing_ok=True)
        self._loaded.pop(profile.name, None)
