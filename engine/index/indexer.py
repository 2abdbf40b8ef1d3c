"""Building a profile's index: incremental, resumable, cancellable.

1. Embed only items whose stored embedding is missing or older than the item; each batch is committed
   as it finishes, so Ctrl-C or a crash loses at most one batch and the next run carries on.
2. Bring the usearch file in line with the catalog: remove deleted/changed items, add new ones. If the
   current file is missing, damaged or disagrees with the catalog, rebuild it from stored embeddings.
3. Write the file as the next generation and switch the catalog to it in one transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

from engine.catalog.catalog import Catalog
from engine.index import embeddings
from engine.index.profiles import Profile, ProfileStore
from engine.index.vector_index import (IndexFileError, build_index, load_index, remove_stale_files,
                                       save_index_atomic)
from engine.models.baseline.keys import is_figures_only
from engine.models.inputs import Embedder, EmbedInput, item_document_input, item_document_text

ProgressCallback = Callable[[int, int], None]


class IndexingError(RuntimeError):
    pass


@dataclass
class IndexReport:
    profile: str
    embedded: int = 0          # items run through the model in this run
    reused: int = 0            # items whose stored embedding was still current
    removed: int = 0           # items taken out of the index (deleted or changed)
    indexed: int = 0           # items in the index after this run
    truncated: int = 0         # items whose text was cut to the model's length limit
    rebuilt: bool = False
    rebuild_reason: str = ""
    cancelled: bool = False
    seconds: float = 0.0
    items_per_s: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


def _embed_stale(catalog: Catalog, profile: Profile, embedder_factory: Callable[[], Embedder],
                 report: IndexReport, progress: ProgressCallback | None,
                 should_cancel: Callable[[], bool] | None, batch_size: int) -> None:
    conn = catalog.connection
    stale = embeddings.stale_items(conn, profile.model_key)
    if is_figures_only(profile.model_key):  # an image profile (SigLIP) indexes only items with figures
        stale = _with_figures(catalog, stale)
    total = len(stale)
    if progress:
        progress(0, total)
    if not stale:
        return
    embedder = embedder_factory()
    started = time.perf_counter()
    for start in range(0, total, batch_size):
        if should_cancel is not None and should_cancel():
            report.cancelled = True
            break
        batch = stale[start:start + batch_size]
        items = catalog.get_by_keys([key for key, _ in batch])
        present = [(key, version) for key, version in batch if key in items]
        if getattr(embedder, "supports_images", False):
            documents: list = [item_document_input(items[key], catalog.asset_path) for key, _ in present]
        else:
            documents = [EmbedInput(text=item_document_text(items[key])) for key, _ in present]
        result = embedder.encode_document(documents)
        cut = set(result.truncated)
        with catalog.transaction() as tx:
            embeddings.store(tx, profile.model_key,
                             [(key, version, result.vectors[n], n in cut)
                              for n, (key, version) in enumerate(present)])
        report.embedded += len(present)
        if progress:
            progress(min(start + batch_size, total), total)
    elapsed = time.perf_counter() - started
    report.items_per_s = round(report.embedded / elapsed, 2) if elapsed > 0 else 0.0


def _with_figures(catalog: Catalog, stale: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (item_key, version) pairs of ``stale`` whose item has at least one figure."""
    keys = {r[0] for r in catalog.connection.execute("SELECT DISTINCT item_key FROM item_images")}
    return [(key, version) for key, version in stale if key in keys]


def _indexed_versions(catalog: Catalog, name: str) -> dict[int, int]:
    return {r[0]: r[1] for r in catalog.connection.execute(
        "SELECT item_key, item_version FROM profile_items WHERE profile = ?", (name,))}


def _wanted_versions(catalog: Catalog, model_key: str) -> dict[int, int]:
    return {r[0]: r[1] for r in catalog.connection.execute(
        "SELECT e.item_key, e.item_version FROM embeddings e JOIN items i "
        "ON i.item_key = e.item_key AND i.version = e.item_version WHERE e.model_key = ?", (model_key,))}


def sync_index(catalog: Catalog, profile: Profile, report: IndexReport) -> Profile:
    """Make the profile's file hold exactly the items with current embeddings; returns the profile."""
    folder = catalog.paths.indexes
    have = _indexed_versions(catalog, profile.name)
    want = _wanted_versions(catalog, profile.model_key)
    to_remove = [k for k, v in have.items() if want.get(k) != v]
    to_add = [k for k, v in want.items() if have.get(k) != v]
    index = None
    if profile.generation > 0:
        try:
            index = load_index(folder / profile.index_file_name, profile.dim, len(have))
        except IndexFileError as exc:
            report.rebuilt, report.rebuild_reason = True, str(exc)
    else:
        report.rebuilt, report.rebuild_reason = True, "first build"
    if index is None:
        keys, _, vectors = embeddings.current(catalog.connection, profile.model_key, profile.dim)
        index = build_index(keys, vectors, profile.dim, profile.index_dtype)
        to_remove, to_add = list(have), [int(k) for k in keys]
    elif not to_remove and not to_add:
        report.indexed = len(have)
        return profile
    else:
        for key in to_remove:
            index.remove(key)
        keys, _, vectors = embeddings.current(catalog.connection, profile.model_key, profile.dim, to_add)
        if len(keys):
            index.add(keys.astype(np.uint64), vectors)
    report.removed = len([k for k in to_remove if k not in want])
    next_profile = Profile(**{**asdict(profile), "generation": profile.generation + 1})
    save_index_atomic(index, folder / next_profile.index_file_name)
    with catalog.transaction() as tx:
        row = tx.execute("SELECT generation FROM profiles WHERE name = ?", (profile.name,)).fetchone()
        if row is None or row[0] != profile.generation:
            raise IndexingError(f"another indexing run of profile {profile.name} finished first; "
                                "run `itembank index` again")
        tx.execute("DELETE FROM profile_items WHERE profile = ?", (profile.name,))
        tx.executemany("INSERT INTO profile_items (profile, item_key, item_version) VALUES (?,?,?)",
                       [(profile.name, k, v) for k, v in want.items()])
        tx.execute("UPDATE profiles SET generation = ?, indexed_at = strftime('%Y-%m-%dT%H:%M:%SZ', "
                   "'now') WHERE name = ?", (next_profile.generation, profile.name))
    remove_stale_files(folder, profile.name, keep=next_profile.index_file_name)
    report.indexed = len(want)
    return next_profile


def index_profile(catalog: Catalog, profile: Profile, embedder_factory: Callable[[], Embedder], *,
                  progress: ProgressCallback | None = None,
                  should_cancel: Callable[[], bool] | None = None,
                  batch_size: int = 32) -> IndexReport:
    started = time.perf_counter()
    store = ProfileStore(lambda: catalog.connection)
    with catalog.transaction() as tx:
        profile = store.ensure(tx, profile)
    report = IndexReport(profile=profile.name)
    _embed_stale(catalog, profile, embedder_factory, report, progress, should_cancel, batch_size)
    sync_index(catalog, profile, report)
    report.reused = max(0, report.indexed - report.embedded)
    with catalog.transaction() as tx:  # embeddings no profile reads any more (an old text recipe)
        tx.execute("DELETE FROM embeddings WHERE model_key NOT IN (SELECT model_key FROM profiles)")
    report.truncated = embeddings.truncated_count(catalog.connection, profile.model_key)
    report.seconds = round(time.perf_counter() - started, 3)
    return report
