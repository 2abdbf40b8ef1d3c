"""The district-bank calls the GUI makes, as plain functions that run on a worker thread.

Like ``bank_ops`` for this PC's bank, each returns everything the GUI needs to draw (items,
thumbnail files, figure files), so nothing touches the network on the GUI thread. ``interleave`` puts
the answers of both banks into one outcome: alternating by rank, each card keeping its own bank's
score, because a BM25 score of one bank says nothing about a score of the other.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import zip_longest

from desktop_app.bank_ops import (
    THUMBNAIL_SIZE,
    ItemView,
    SearchOutcome,
    SearchQuery,
    search_request,
)
from desktop_app.sources import DISTRICT, LOCAL, district_key
from desktop_app.tasks import TaskContext
from engine.api import ItemBank
from engine.api import (
    CopyResult,
    RemoteBank,
    RemoteError,
    RemoteHealth,
    copy_to_bank,
)
from engine.api import REMOTE_MAX_K as MAX_K
from engine.api import SearchHit

log = logging.getLogger(__name__)

THUMBNAIL_WORKERS = 4  # parallel thumbnail downloads per search (a LAN round trip each)


def check_remote(remote: RemoteBank) -> RemoteHealth:
    """Health plus one authenticated call (a wrong token fails here, not at the first search)."""
    return remote.check()


def run_remote_search(remote: RemoteBank, query: SearchQuery, generation: int,
                      ctx: TaskContext | None = None) -> SearchOutcome | None:
    """Search the district bank and fetch the cards' thumbnails. None if superseded meanwhile."""
    started = time.perf_counter()
    request = search_request(query)
    request.k = min(request.k, MAX_K)
    result = remote.search(request)
    if ctx is not None and ctx.cancelled:
        return None
    hits: list[SearchHit] = []
    items = {}
    for hit in result.hits:
        item = result.items.get(hit.id)
        if item is None:
            continue
        key = district_key(hit.id)
        hits.append(SearchHit(id=key, score=hit.score, rank=hit.rank, explain=hit.explain, band=hit.band))
        items[key] = item
    thumbnails = _thumbnails(remote, items, ctx)
    if ctx is not None and ctx.cancelled:
        return None
    figures = {}
    if remote.cache is not None:  # figures opened before are on disk already; others load on opening
        for item in items.values():
            for sha in item.images:
                path = remote.cache.figure(sha)
                if path is not None:
                    figures[sha] = path
    elapsed = (time.perf_counter() - started) * 1000
    return SearchOutcome(generation, query, hits, items, result.mode, thumbnails, figures, elapsed,
                         sources={key: DISTRICT for key in items}, source_modes={DISTRICT: result.mode},
                         source_counts={DISTRICT: len(hits)})


def _thumbnails(remote: RemoteBank, items: dict, ctx: TaskContext | None) -> dict:
    wanted = [(key, item.images[0]) for key, item in items.items() if item.images]
    if not wanted or remote.cache is None:
        return {}

    def fetch(pair):
        key, sha = pair
        if ctx is not None and ctx.cancelled:
            return key, None
        try:
            return key, remote.thumbnail_path(sha, THUMBNAIL_SIZE)
        except (RemoteError, OSError, ValueError) as exc:  # a missing thumbnail must not hide the result
            log.warning("no district thumbnail for %s: %s", key, exc)
            return key, None

    with ThreadPoolExecutor(max_workers=min(THUMBNAIL_WORKERS, len(wanted))) as pool:
        return {key: path for key, path in pool.map(fetch, wanted) if path is not None}


def load_remote_item(remote: RemoteBank, item_id: str) -> ItemView | None:
    """The item as the server has it now, with its figures downloaded into the cache."""
    item = remote.get(item_id)
    if item is None:
        return None
    return ItemView(item, {sha: remote.image_path(sha) for sha in [*item.images, *item.explanation_images]})


def copy_remote_item(remote: RemoteBank, bank: ItemBank, item_id: str) -> CopyResult:
    return copy_to_bank(remote, bank, item_id)


def interleave(query: SearchQuery, generation: int, local: SearchOutcome | None,
               district: SearchOutcome | None, *, pending: tuple[str, ...] = (),
               errors: dict[str, BaseException] | None = None) -> SearchOutcome:
    """One outcome from both banks: this bank's 1st, the district's 1st, this bank's 2nd, … Each hit
    keeps its own bank's rank and score (they are not comparable, so they are not merged)."""
    parts = [p for p in (local, district) if p is not None]
    hits: list[SearchHit] = []
    for pair in zip_longest(local.hits if local else [], district.hits if district else []):
        hits.extend(hit for hit in pair if hit is not None)
    merged = SearchOutcome(
        generation, query, hits, {}, local.mode if local else (district.mode if district else "keyword"),
        {}, {}, max((p.elapsed_ms for p in parts), default=0.0), pending=pending,
        source_errors=dict(errors or {}))
    for part, source in ((local, LOCAL), (district, DISTRICT)):
        if part is None:
            continue
        merged.items.update(part.items)
        merged.thumbnails.update(part.thumbnails)
        merged.figures.update(part.figures)  # keyed by sha256: the same key is the same bytes
        merged.sources.update(part.sources)
        merged.source_modes[source] = part.mode
        merged.source_counts[source] = part.count
    return merged
