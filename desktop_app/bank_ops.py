"""The bank calls the GUI makes, as plain functions that run on a worker thread.

Each returns everything the GUI needs to draw (items, thumbnail files, figure files), so that once
the result arrives on the GUI thread nothing else has to touch the bank or make a thumbnail.
Only ``engine.api.ItemBank`` is used: no SQL, no file layout knowledge here.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.tasks import TaskContext
from engine.api import ItemBank, SearchRequest
from engine.importers.report import ImportReport
from engine.items import Item
from engine.search.filters import SearchFilters
from engine.search.results import SearchHit

log = logging.getLogger(__name__)

THUMBNAIL_SIZE = 128  # cards draw 64 px; 128 keeps them sharp on high-DPI screens
DEFAULT_RESULT_COUNT = 50


@dataclass(frozen=True)
class SearchQuery:
    """What the search panel asks for; turned into an engine ``SearchRequest`` on the worker."""

    text: str = ""
    image: str | None = None
    filters: SearchFilters = field(default_factory=SearchFilters)
    mode: str = "auto"
    k: int = DEFAULT_RESULT_COUNT

    @property
    def is_browse(self) -> bool:
        """No words and no image: the list simply shows the (filtered) bank from the start."""
        return not self.text.strip() and not self.image


@dataclass
class SearchOutcome:
    """A finished search, ready to draw."""

    generation: int
    query: SearchQuery
    hits: list[SearchHit]
    items: dict[str, Item]
    mode: str
    thumbnails: dict[str, Path]
    figures: dict[str, Path]
    elapsed_ms: float

    @property
    def count(self) -> int:
        return len(self.hits)


@dataclass
class ItemView:
    """One item with the files of its figures (for the detail pane)."""

    item: Item
    figures: dict[str, Path]


def _figure_files(bank: ItemBank, items: list[Item]) -> dict[str, Path]:
    figures: dict[str, Path] = {}
    for item in items:
        for sha in item.images:
            if sha not in figures:
                path = bank.image_path(sha)
                if path is not None:
                    figures[sha] = path
    return figures


def run_search(bank: ItemBank, query: SearchQuery, generation: int,
               ctx: TaskContext | None = None) -> SearchOutcome | None:
    """Search, then prepare card thumbnails. Returns None if superseded while running."""
    started = time.perf_counter()
    request = SearchRequest(text=query.text.strip(), image=query.image, filters=query.filters,
                            k=query.k, mode=query.mode)
    result = bank.search(request)
    if ctx is not None and ctx.cancelled:
        return None
    thumbnails: dict[str, Path] = {}
    for hit in result.hits:
        item = result.items.get(hit.id)
        if item is None or not item.images:
            continue
        if ctx is not None and ctx.cancelled:
            return None
        try:
            thumb = bank.thumbnail(item.images[0], THUMBNAIL_SIZE)
        except (OSError, ValueError) as exc:  # a broken figure must not hide the result
            log.warning("no thumbnail for %s: %s", item.id, exc)
            continue
        if thumb is not None:
            thumbnails[hit.id] = thumb
    figures = _figure_files(bank, list(result.items.values()))
    elapsed = (time.perf_counter() - started) * 1000
    return SearchOutcome(generation, query, result.hits, result.items, result.mode, thumbnails,
                         figures, elapsed)


def load_item(bank: ItemBank, item_id: str) -> ItemView | None:
    item = bank.get(item_id)
    if item is None:
        return None
    return ItemView(item, _figure_files(bank, [item]))


def bank_overview(bank: ItemBank) -> dict:
    """``ItemBank.stats()`` — counts per subject and the search modes usable now."""
    return bank.stats()


def load_sample(bank: ItemBank, ctx: TaskContext) -> ImportReport:
    return bank.load_sample(progress=ctx.progress)


def import_path(bank: ItemBank, path: str | Path, ctx: TaskContext) -> ImportReport:
    return bank.import_path(path, progress=ctx.progress, should_cancel=lambda: ctx.cancelled)


def sample_bank_file() -> Path | None:
    """The bundled sample bank's item file, or None when this installation has none."""
    try:
        from itembank_assets import SAMPLE_BANK_ITEMS
    except ImportError:  # pragma: no cover - assets are part of the same distribution
        return None
    path = Path(SAMPLE_BANK_ITEMS)
    return path if path.is_file() else None
