"""Building a profile's index: incremental, resumable, cancellable.

1. Embed only items whose stored embedding is missing or older than the item; each batch is committed
   as it finishes, so Ctrl-C or a crash loses at most one batch and the next run carries on.
2. Bring the backend's vector index in line with the catalog (``VectorStore.sync``): remove deleted or
   changed items, add new ones, and switch the profile to the next generation in one transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from engine.catalog.catalog import SqlCatalog
from engine.index import embeddings
from engine.index.profiles import Profile, ProfileStore
from engine.index.report import IndexReport
from engine.index.vector_store import IndexingError
from engine.models.inputs import (
    Embedder,
    EmbedInput,
    item_document_input,
    item_document_text,
)

ProgressCallback = Callable[[int, int], None]
__all__ = ["IndexReport", "IndexingError", "ProgressCallback", "index_profile"]


def _embed_stale(catalog: SqlCatalog, profile: Profile, embedder_factory: Callable[[], Embedder],
                 report: IndexReport, progress: ProgressCallback | None,
                 should_cancel: Callable[[], bool] | None, batch_size: int) -> None:
    conn = catalog.connection
    stale = embeddings.stale_items(conn, profile.model_key)
    if profile.figures_only:  # an image profile (SigLIP) indexes only items with figures
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


def _with_figures(catalog: SqlCatalog, stale: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (item_key, version) pairs of ``stale`` whose item has at least one figure."""
    keys = {r[0] for r in catalog.connection.execute("SELECT DISTINCT item_key FROM item_images")}
    return [(key, version) for key, version in stale if key in keys]


def index_profile(catalog: SqlCatalog, profile: Profile, embedder_factory: Callable[[], Embedder], *,
                  progress: ProgressCallback | None = None,
                  should_cancel: Callable[[], bool] | None = None,
                  batch_size: int = 32) -> IndexReport:
    started = time.perf_counter()
    store = ProfileStore(lambda: catalog.connection)
    with catalog.transaction() as tx:
        profile = store.ensure(tx, profile)
    report = IndexReport(profile=profile.name)
    _embed_stale(catalog, profile, embedder_factory, report, progress, should_cancel, batch_size)
    catalog.vectors.sync(profile, report)
    report.reused = max(0, report.indexed - report.embedded)
    with catalog.transaction() as tx:  # embeddings no profile reads any more (an old text recipe)
        tx.execute("DELETE FROM embeddings WHERE model_key NOT IN (SELECT model_key FROM profiles)")
    report.truncated = embeddings.truncated_count(catalog.connection, profile.model_key)
    report.seconds = round(time.perf_counter() - started, 3)
    return report
