"""The bank calls the GUI makes, as plain functions that run on a worker thread.

Each returns everything the GUI needs to draw (items, thumbnail files, figure files), so that once
the result arrives on the GUI thread nothing else has to touch the bank or make a thumbnail.
Only ``engine.api.ItemBank`` is used for the bank (no SQL, no file layout knowledge here), plus the
engine's model-pack functions (list, install) and its device plan for the models page.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.sources import DISTRICT, LOCAL
from desktop_app.tasks import TaskContext
from engine.api import BankChanges, Damaged, ItemBank, ItemBankError, SearchRequest
from engine.api import ImportReport
from engine.api import Item, PaperOptions
from engine.api import SearchFilters
from engine.api import SearchHit

log = logging.getLogger(__name__)

_SETTLED_PROFILES: set[str] = set()
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
    rerank: int = 0  # rerank the top N with the reranker model pack (0: off)
    similar_to: str | None = None  # "find similar": the items most like this one (text/image ignored)
    source: str = LOCAL  # desktop_app.sources: LOCAL, DISTRICT or BOTH (similar items: always LOCAL)

    @property
    def is_browse(self) -> bool:
        """No words and no image: the list simply shows the (filtered) bank from the start."""
        return not self.text.strip() and not self.image and not self.similar_to


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
    # Searches of the district bank (alone or with this one). Hits and items are then keyed by
    # ``sources.district_key`` for district items; ``sources`` says which bank each key came from.
    sources: dict[str, str] = field(default_factory=dict)         # key → DISTRICT (absent: this PC's bank)
    source_modes: dict[str, str] = field(default_factory=dict)    # LOCAL/DISTRICT → the mode that answered
    source_counts: dict[str, int] = field(default_factory=dict)   # LOCAL/DISTRICT → hits from that bank
    source_errors: dict[str, BaseException] = field(default_factory=dict)  # a bank that failed (BOTH only)
    pending: tuple[str, ...] = ()                                  # banks whose answer is still coming
    not_indexed: int = 0   # items of this bank the semantic index does not hold yet (found by keyword only)
    # The engine's honesty (SearchResult): ``exhausted`` — these hits are all the matches there are (the
    # list stops at the calibrated threshold); ``keyword_count`` — items containing the words (None: no
    # words); ``hints`` — lines to show under the list (e.g. an English query on the lite profile).
    exhausted: bool = False
    keyword_count: int | None = None
    hints: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.hits)

    def source_of(self, key: str) -> str:
        return self.sources.get(key, LOCAL)

    @property
    def complete(self) -> bool:
        return not self.pending

    @property
    def has_more(self) -> bool:
        """Whether "more results" could find more: some bank filled its share of k."""
        if self.source_counts:
            return any(n >= self.query.k for n in self.source_counts.values())
        return self.count >= self.query.k

    @property
    def district_count(self) -> int:
        return self.source_counts.get(DISTRICT, 0)


@dataclass
class ItemView:
    """One item with the files of its figures (for the detail pane)."""

    item: Item
    figures: dict[str, Path]


def _figure_files(bank: ItemBank, items: list[Item]) -> dict[str, Path]:
    figures: dict[str, Path] = {}
    for item in items:
        for sha in [*item.images, *item.explanation_images]:
            if sha not in figures:
                path = bank.image_path(sha)
                if path is not None:
                    figures[sha] = path
    return figures


def run_search(bank: ItemBank, query: SearchQuery, generation: int,
               ctx: TaskContext | None = None) -> SearchOutcome | None:
    """Search, then prepare card thumbnails. Returns None if superseded while running."""
    started = time.perf_counter()
    if query.similar_to:
        result = bank.search.similar(query.similar_to, k=query.k)
    else:
        result = bank.search(search_request(query))
        if result.mode != "keyword" and result.profile not in _SETTLED_PROFILES:
            from desktop_app.heap import settle

            _SETTLED_PROFILES.add(result.profile)
            settle()  # the first semantic search loaded the model
    if ctx is not None and ctx.cancelled:
        return None
    return _outcome(bank, query, generation, result, started, ctx)


def search_request(query: SearchQuery) -> SearchRequest:
    """The engine request for a panel query (the same for this bank and the district's)."""
    return SearchRequest(text=query.text.strip(), image=query.image, filters=query.filters,
                         k=query.k, mode=query.mode,
                         rerank=query.rerank if not query.is_browse else 0)


def _outcome(bank: ItemBank, query: SearchQuery, generation: int, result, started: float,
             ctx: TaskContext | None) -> SearchOutcome | None:
    thumbnails: dict[str, Path] = {}
    for hit in result.hits:
        item = result.items.get(hit.id)
        if item is None or not item.images:
            continue
        if ctx is not None and ctx.cancelled:
            return None
        try:
            thumb = bank.thumbnail(item.images[0], THUMBNAIL_SIZE)
        except (OSError, ValueError, Damaged) as exc:  # a broken figure must not hide the result
            log.warning("no thumbnail for %s: %s", item.id, exc)
            continue
        if thumb is not None:
            thumbnails[hit.id] = thumb
    figures = _figure_files(bank, list(result.items.values()))
    elapsed = (time.perf_counter() - started) * 1000
    return SearchOutcome(generation, query, result.hits, result.items, result.mode, thumbnails,
                         figures, elapsed, not_indexed=int(getattr(result, "pending", 0) or 0),
                         exhausted=bool(result.exhausted), keyword_count=result.keyword_count,
                         hints=list(result.hints))


def load_item(bank: ItemBank, item_id: str) -> ItemView | None:
    item = bank.get(item_id)
    if item is None:
        return None
    return ItemView(item, _figure_files(bank, [item]))


def bank_overview(bank: ItemBank) -> dict:
    """``ItemBank.stats()`` — counts per subject and the search modes usable now — plus the kinds of
    model pack installed (``packs``: {"embedder": [...], "reranker": [...]})."""
    stats = bank.stats()
    packs: dict[str, list[str]] = {"embedder": [], "reranker": []}
    try:
        for pack in bank.models.packs():
            packs.setdefault(pack.kind, []).append(pack.name)
    except OSError as exc:  # an unreadable models folder must not stop the window
        log.warning("cannot list model packs: %s", exc)
    stats["packs"] = packs
    stats["image_search"] = _image_search_ready(bank)
    stats["undo"] = bank.undo_label()
    stats["index_problem"] = bank.index_problem()  # a damaged index: banner, and a rebuild in the background
    return stats


def _image_search_ready(bank: ItemBank) -> bool:
    """Whether the profile serving searches embeds figures (Qwen3-VL), so "그림 파일로 검색" can work."""
    try:
        profile = bank.profiles.semantic()
        return profile is not None and bank.profiles.supports_images(profile)
    except (OSError, ItemBankError) as exc:  # a broken profile must not stop the window; the search says why
        log.warning("cannot tell whether image search works: %s", exc)
        return False


def refresh_index(bank: ItemBank, ctx: TaskContext):
    """Bring the semantic index serving searches up to date after a write (incremental)."""
    return bank.refresh_index(progress=ctx.progress, should_cancel=lambda: ctx.cancelled)


def load_sample(bank: ItemBank, ctx: TaskContext) -> ImportReport:
    """The sample items (the window then builds their lite index with ``index_sample``)."""
    return bank.load_sample(progress=ctx.progress)


def index_sample(bank: ItemBank, ctx: TaskContext):
    """The lite index of a freshly loaded sample, as ``itembank init --sample`` builds it, so a first
    search in the default mode already finds items by meaning."""
    return bank.index_sample(progress=ctx.progress)


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


# -- models and settings ------------------------------------------------------------------------
@dataclass
class ModelsOverview:
    """Everything the models page draws, read in one go on a worker."""

    packs: list                   # engine.models.packs.PackInfo
    plan: dict                    # plan_device(...).to_dict(): device, precision, reasons
    profiles: list[dict]          # ItemBank.profiles_status()
    items: int
    active: str
    data_dir: Path
    models_dir: Path

    @property
    def embedders(self) -> list:
        return [p for p in self.packs if p.kind == "embedder"]

    @property
    def rerankers(self) -> list:
        return [p for p in self.packs if p.kind == "reranker"]


_PLAN_SCRIPT = ("import json, sys; from engine.api import device_plan; "
                "print(json.dumps(device_plan(int(sys.argv[1]) or None)))")


def device_plan(param_count: int | None) -> dict:
    """``engine.api.device_plan``. While torch is not loaded yet, the probe runs in a child process:
    importing torch holds the GIL for a quarter of a second or more, which would freeze the window just
    to say which GPU there is. Falls back to probing here if the child fails."""
    import json
    import subprocess
    import sys

    from engine.api import device_plan as probe

    if "torch" not in sys.modules and not getattr(sys, "frozen", False):
        try:
            done = subprocess.run([sys.executable, "-c", _PLAN_SCRIPT, str(param_count or 0)],
                                  capture_output=True, text=True, timeout=120,
                                  cwd=str(Path(__file__).resolve().parents[1]))
            if done.returncode == 0:
                return json.loads(done.stdout.strip().splitlines()[-1])
            log.warning("device probe failed: %s", done.stderr.strip()[-500:])
        except (OSError, subprocess.SubprocessError, ValueError, IndexError) as exc:
            log.warning("device probe failed: %s", exc)
    return probe(param_count)


def models_overview(bank: ItemBank) -> ModelsOverview:
    packs = bank.models.packs()
    params = None
    embedder = next((p for p in packs if p.kind == "embedder"), None)
    if embedder is not None:
        try:
            params = bank.models.manifest(embedder).get("parameters")
        except (OSError, ValueError):
            params = None
    plan = device_plan(int(params) if params else None)
    return ModelsOverview(packs=packs, plan=plan, profiles=bank.profiles.status(),
                          items=int(bank.stats().get("items", 0)), active=bank.profiles.active_name(),
                          data_dir=bank.paths.root, models_dir=bank.paths.models)


def install_model_pack(bank: ItemBank, source: str | Path, ctx: TaskContext):
    """Copy and verify a pack; progress is reported in thousandths (byte counts overflow Qt ints)."""
    def progress(done: int, total: int) -> None:
        ctx.progress(int(done * 1000 // total) if total else 0, 1000)

    return bank.models.install(source, progress=progress)


def build_profile_index(bank: ItemBank, name: str, ctx: TaskContext):
    from desktop_app.heap import settle

    try:
        return bank.profiles.build_index(name, progress=ctx.progress, should_cancel=lambda: ctx.cancelled)
    finally:
        settle()  # the model is loaded and stays: keep it out of later GC passes


def create_qwen_profile(bank: ItemBank, ctx: TaskContext):
    """A Qwen3-VL profile over the installed embedding pack with the defaults for this PC, then its
    index (the teacher asked for image search; a profile without an index is no use yet)."""
    profile = bank.profiles.create()
    return build_profile_index(bank, profile.name, ctx)


def use_profile(bank: ItemBank, name: str) -> str:
    bank.profiles.use(name)
    return name


# -- duplicates -------------------------------------------------------------------------------------
@dataclass
class DuplicatesOutcome:
    method: str                   # "semantic" or "text": what found the pairs
    clusters: list                # engine.search.duplicates.DuplicateCluster
    items: dict[str, Item]
    figures: dict[str, Path]
    decisions: dict[tuple[str, str], str] = field(default_factory=dict)  # verdicts given before


class _Stop(Exception):
    """Raised from a progress callback to stop an engine call that has no cancel hook (read-only)."""


def find_duplicates(bank: ItemBank, ctx: TaskContext) -> DuplicatesOutcome | None:
    """The bank's near-duplicate clusters; None when cancelled (the scan only reads, so stopping it
    from inside its progress callback is safe)."""
    def progress(done: int, total: int) -> None:
        if ctx.cancelled:
            raise _Stop()
        ctx.progress(done, total)

    try:
        method, clusters = bank.duplicates.find(progress=progress)
    except _Stop:
        return None
    ids = sorted({item_id for cluster in clusters for item_id in cluster.ids})
    items = {item_id: item for item_id in ids if (item := bank.get(item_id)) is not None}
    return DuplicatesOutcome(method, clusters, items, _figure_files(bank, list(items.values())),
                             bank.duplicates.decisions())


@dataclass(frozen=True)
class Verdict:
    """A teacher's decision on a pair, and what it changed in the bank (the task runner broadcasts it)."""

    id_a: str
    id_b: str
    decision: str
    changes: BankChanges


def decide_duplicate(bank: ItemBank, id_a: str, id_b: str, decision: str) -> Verdict:
    return Verdict(id_a, id_b, decision, bank.duplicates.decide(id_a, id_b, decision))


def merge_items(bank: ItemBank, keep_id: str, drop_id: str) -> Verdict:
    return Verdict(keep_id, drop_id, "merged", bank.duplicates.merge(keep_id, drop_id))


@dataclass(frozen=True)
class Undone:
    """What ``undo`` reverted (its label) and the changes it made."""

    label: str
    changes: BankChanges


def undo_last(bank: ItemBank) -> Undone:
    label = bank.undo_label()
    return Undone(label, bank.undo())


@dataclass
class ItemsView:
    items: list[Item]
    figures: dict[str, Path]


def load_items(bank: ItemBank, ids: list[str]) -> ItemsView:
    """Items in the given order (missing ones left out) with their figure files."""
    items = [item for item_id in ids if (item := bank.get(item_id)) is not None]
    return ItemsView(items, _figure_files(bank, items))



# -- worksheet export ---------------------------------------------------------------------------------
def export_worksheet(bank: ItemBank, ids: list[str], out: str | Path, fmt: str, *, title: str,
                     with_answers: bool, answers: str = "", creator: str = "",
                     columns: int = 1, paper: str = "A4", school: str = "",
                     variants: tuple[str, ...] = (), shuffle_choices: bool = False,
                     ) -> tuple[Path, int, list[Path]]:
    """Write the basket: "pdf"/"hwpx" through the engine's one worksheet layout
    (``ItemBank.export_paper``), or "jsonl"/"csv" through ``ItemBank.export``.
    ``answers`` ("none", "end-page", "separate") overrides ``with_answers``. Returns (path, pages for
    a PDF / items for the other formats, every file written: variants and answer sheets)."""
    if fmt in ("pdf", "hwpx"):
        mode = answers or ("end-page" if with_answers else "none")
        options = PaperOptions(title=title, answers=mode, creator=creator, columns=columns, paper=paper,
                               school=school, variants=tuple(variants), shuffle_choices=shuffle_choices)
        result = bank.export_paper(out, ids, options, fmt)
        return result.files[0], (result.pages if fmt == "pdf" else result.items), list(result.files)
    count = bank.export(out, ids, fmt)
    return Path(out), count, [Path(out)]
