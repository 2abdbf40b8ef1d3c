"""``bank.search``: keyword, semantic and hybrid search, reranking, and "find similar".

A request is planned once — which profile, which mode, which models — and then run; nothing is looked
up twice per request. Items the semantic index does not hold yet (just imported or edited, while the
index catches up in the background) still reach hybrid results through their keyword side, ranked as if
their semantic rank matched their keyword rank, and every result says how many items are pending.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from engine.i18n import _t
from engine.catalog.catalog import ItemNotFoundError
from engine.errors import InvalidInput
from engine.index.profiles import KEYWORD_PROFILE, Profile
from engine.index.vector_store import IndexNeedsRebuildError
from engine.items import Item
from engine.models.inputs import item_document_input
from engine.search.calibration import ScoreScale, is_cross_language, scale_for
from engine.search.duplicates import ImageHashes, text_similarity
from engine.search.filters import SearchFilters
from engine.search.hybrid import FusionWeights, fuse
from engine.search.results import SearchHit, SearchUnavailableError
from engine.search.tokens import query_terms
from engine.services.kinds import kind_of
from engine.vocab import CustomSubjects, custom_subjects

if TYPE_CHECKING:
    from engine.catalog.catalog import SqlCatalog
    from engine.services.models import ModelService
    from engine.services.profiles import ProfileService

SEARCH_MODES = ("auto", "keyword", "semantic", "hybrid")


@dataclass
class SearchRequest:
    text: str = ""
    image: str | None = None
    filters: SearchFilters = field(default_factory=SearchFilters)
    k: int = 10
    mode: str = "auto"
    profile: str | None = None
    rerank: int = 0
    # None: the profile's calibrated threshold (engine.search.calibration); a number overrides it
    # (e.g. -1 ranks every item, for evaluations of ranking alone).
    threshold: float | None = None


@dataclass
class SearchResult:
    hits: list[SearchHit]
    items: dict[str, Item]
    mode: str
    profile: str = KEYWORD_PROFILE
    pending: int = 0  # items the semantic index does not hold yet (0 for keyword searches)
    fallback: str = ""  # why a semantic search ran as keyword instead (a damaged index), "" when it did not
    # Honesty: the list stops at the profile's calibrated threshold. ``exhausted`` says the hits are all
    # the matches there are (fewer than k); ``keyword_count`` is how many items contain the words
    # (capped at the depth searched); ``hints`` are lines a front end shows under the list.
    exhausted: bool = False
    keyword_count: int | None = None
    threshold: float | None = None
    hints: list[str] = field(default_factory=list)

    @property
    def notice(self) -> str:
        """"관련 문항을 찾지 못했습니다" / "관련 문항이 더 없습니다" (in the current language) with the keyword
        count, or ""."""
        if not self.exhausted:
            return ""
        text = _t("no more relevant items") if self.hits else _t("no relevant items found")
        if self.keyword_count is not None:
            text += _t(" ({count} keyword matches)").format(count=self.keyword_count)
        return text


@dataclass(frozen=True)
class _Plan:
    """What one request runs with, decided before any work."""

    mode: str
    profile: Profile | None
    reranker: object | None
    wanted: int


class SearchService:
    def __init__(self, catalog: "SqlCatalog", profiles: "ProfileService", models: "ModelService",
                 subjects: Callable[[], CustomSubjects] | None = None) -> None:
        self.catalog = catalog
        self.profiles = profiles
        self.models = models
        self.fusion = FusionWeights()
        #: run the query embedding and the keyword side at the same time (False: one after the other,
        #: the same results; kept for benchmarks and tests that compare the two)
        self.concurrent = True
        self._executor: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._subjects = subjects or CustomSubjects  # the school's own subjects (subjects.txt)

    # -- which searches can run ------------------------------------------------------------------------
    def available_modes(self, profile: str | None = None) -> list[str]:
        """Search modes usable now; semantic ones appear when a semantic profile is indexed."""
        return self._modes(self.profiles.semantic(profile))

    @staticmethod
    def _modes(profile: Profile | None) -> list[str]:
        return ["keyword"] if profile is None else ["keyword", "semantic", "hybrid"]

    def _resolve_mode(self, requested: str, name: str | None, profile: Profile | None) -> str:
        if requested not in SEARCH_MODES:
            raise InvalidInput(_t("unknown search mode {requested!r}; use {value}").format(
                                   requested=requested, value=', '.join(SEARCH_MODES)))
        available = self._modes(profile)
        if requested == "auto":
            return "hybrid" if "hybrid" in available else "keyword"
        if requested in available:
            return requested
        if name and name != KEYWORD_PROFILE:
            self.profiles.definition(name)  # unknown name → clear error
            reason = self.profiles.unavailable_reason(name)
            if reason:
                raise SearchUnavailableError(reason, needs="model_pack")
            raise SearchUnavailableError(_t("profile {name} has no index yet").format(name=name),
                                         _t("run `itembank index --profile {name}`").format(name=name), needs="semantic_profile")
        raise SearchUnavailableError(
            _t("{requested} search needs a semantic profile").format(requested=requested),
            _t("install a model pack (`itembank models install PACK`) and build its index (`itembank index`); "
               "keyword search works without one"), needs="semantic_profile")

    def _plan(self, request: SearchRequest) -> _Plan:
        if request.k < 1:
            raise InvalidInput(_t("k must be at least 1"))
        if request.rerank < 0:
            raise InvalidInput(_t("rerank must be 0 (off) or the number of top results to rerank"))
        if request.profile == KEYWORD_PROFILE and request.mode == "auto" and not request.image:
            return _Plan("keyword", None, self._reranker_for(request), max(request.k, request.rerank))
        profile = self.profiles.semantic(request.profile)
        if request.image and (profile is None or not self.profiles.supports_images(profile)):
            raise SearchUnavailableError(
                _t("image search needs the Qwen3-VL model pack"),
                _t("install it with `itembank models install PACK`, then build the index with `itembank index`"),
                needs="image_model")
        mode = self._resolve_mode(request.mode, request.profile, profile)
        has_query = bool(request.text.strip()) or bool(request.image)
        if mode == "keyword" or not has_query:
            profile = None
        return _Plan(mode, profile, self._reranker_for(request), max(request.k, request.rerank))

    def _reranker_for(self, request: SearchRequest):
        """The reranker, loaded before searching so a missing pack fails early."""
        has_query = bool(request.text.strip()) or bool(request.image)
        return self.models.reranker() if request.rerank and has_query else None

    # -- searching ----------------------------------------------------------------------------------------
    def __call__(self, request: SearchRequest) -> SearchResult:
        with custom_subjects(self._subjects()):
            filters = request.filters.normalized()
        plan = self._plan(request)
        pending, fallback, mode = 0, "", plan.mode
        has_query = bool(request.text.strip()) or bool(request.image)
        keyword_count: int | None = None
        threshold: float | None = None
        hints: list[str] = []
        semantic = None
        profile = plan.profile
        if profile is not None:
            scale = scale_for(self.catalog.connection, profile.name, profile.kind)
            if request.threshold is not None:
                scale = replace(scale, threshold=request.threshold)
            depth = plan.wanted if plan.mode == "semantic" else max(plan.wanted * 3, 30)
            try:
                semantic, keyword = self._semantic_and_keyword(profile, request, filters, depth)
            except IndexNeedsRebuildError as exc:
                if request.mode == "semantic" or request.image:
                    raise  # asked for meaning (or by a figure) only: words alone would not answer it
                fallback, mode = str(exc), "keyword"
        if semantic is None:
            hits = self.catalog.keyword_search(request.text, filters, plan.wanted)
            profile_name = KEYWORD_PROFILE
            if request.text.strip():
                keyword_count = len(hits)
                _band_keyword(hits, request.text)
        else:
            threshold = scale.threshold
            semantic = _matches(semantic, scale)
            keyword_count = len(keyword) if request.text.strip() else None
            if plan.mode == "semantic":
                hits = semantic[:plan.wanted]
            else:
                _band_keyword(keyword, request.text)
                hits = fuse(keyword, semantic, plan.wanted, self.fusion,
                            pending=self._pending_ids(profile, keyword))
                _band_fused(hits, {h.id: h.band for h in semantic}, {h.id: h.band for h in keyword})
            pending = self.profiles.pending(profile)
            profile_name = profile.name
            if profile.kind == "lite" and not semantic and is_cross_language(request.text):
                hints.append(_t("English queries match Korean items poorly in this profile (lite): search in "
                                "Korean or use a Qwen3-VL profile"))
        if plan.reranker is not None and hits:
            hits = self._rerank(plan.reranker, request, hits, request.rerank)
        hits = hits[:request.k]
        items = self.catalog.get_many([h.id for h in hits])
        return SearchResult(hits=hits, items=items, mode=mode, profile=profile_name, pending=pending,
                            fallback=fallback, exhausted=has_query and len(hits) < request.k,
                            keyword_count=keyword_count, threshold=threshold, hints=hints)

    def _semantic_and_keyword(self, profile: Profile, request: SearchRequest, filters: SearchFilters,
                              depth: int) -> tuple[list[SearchHit], list[SearchHit]]:
        """The semantic hits and the keyword hits to fuse them with. The query embedding runs in a worker
        thread while the keyword side runs in this one (with this thread's catalog connection); the
        index is searched once both are done. An image-only query has no words: its keyword side would
        only list items in catalog order, so it has none."""
        kind = kind_of(profile)
        has_words = bool(request.text.strip())
        job = kind.query_job(profile, self.profiles, request.text, request.image)
        if job is None or not has_words or not self.concurrent:
            vector = job() if job is not None else None
            keyword = self.catalog.keyword_search(request.text, filters, depth) if has_words else []
        else:
            pending = self._pool().submit(job)
            try:
                keyword = self.catalog.keyword_search(request.text, filters, depth)
            except BaseException:
                pending.cancel()
                raise
            vector = pending.result()
        if job is None:
            semantic = kind.semantic(profile, self.profiles, request.text, request.image, filters, depth)
        else:
            semantic = kind.answer(profile, self.profiles, vector, filters, depth)
        return semantic, keyword

    def _pool(self) -> ThreadPoolExecutor:
        with self._pool_lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="itembank-query-embed")
            return self._executor

    def close(self) -> None:
        """Stop the query-embedding threads (they hold no catalog connection)."""
        with self._pool_lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)

    def _pending_ids(self, profile: Profile, hits: list[SearchHit]) -> set[str]:
        """Which keyword hits the semantic index does not hold at their current version yet."""
        if not hits:
            return set()
        part = kind_of(profile).neighbour_profile(profile, self.profiles) or profile
        ids_by_key = {key: item_id for item_id, key in self.catalog.keys_for_ids([h.id for h in hits]).items()}
        return {ids_by_key[key] for key in self.profiles.store.pending_keys(part, list(ids_by_key))}

    def _rerank(self, reranker, request: SearchRequest, hits: list[SearchHit], top: int) -> list[SearchHit]:
        """Re-order the first ``top`` hits by the reranker's score (text and figures on both sides);
        the first stage's rank and score stay visible in ``explain``."""
        head, tail = hits[:top], hits[top:]
        items = self.catalog.get_many([h.id for h in head])
        query = {"text": request.text if request.text.strip() else None,
                 "images": [request.image] if request.image else []}
        documents = [item_document_input(items[h.id], self.catalog.asset_path) for h in head]
        scores = reranker.score([(query, document) for document in documents])
        order = sorted(range(len(head)), key=lambda i: (-float(scores[i]), i))
        out = []
        for rank, position in enumerate(order, start=1):
            hit = head[position]
            explain = {**hit.explain, "first_stage": {"rank": hit.rank, "score": hit.score},
                       "rerank": {"score": round(float(scores[position]), 4)}}
            out.append(SearchHit(id=hit.id, score=round(float(scores[position]), 4), rank=rank, explain=explain,
                                 band=hit.band))
        for rank, hit in enumerate(tail, start=len(out) + 1):
            out.append(SearchHit(id=hit.id, score=hit.score, rank=rank, explain=hit.explain, band=hit.band))
        return out

    # -- similar items ------------------------------------------------------------------------------------------
    def neighbours(self, item: Item, depth: int) -> tuple[str, list[tuple[str, float]]]:
        """(method, [(other id, score)]) for one item, best first, itself excluded: by the vectors of the
        profile serving searches, else by keyword candidates and text overlap."""
        profile = self.profiles.semantic()
        if profile is not None:
            profile = kind_of(profile).neighbour_profile(profile, self.profiles)
        key = self.catalog.key_of(item.id)
        if profile is not None and key is not None:
            try:
                vector = self.catalog.vectors.vector_of(profile, key)
            except IndexNeedsRebuildError:
                vector = None  # a damaged index: shared words still find similar items
            if vector is not None:
                pairs = self.catalog.vectors.nearest(profile, vector, depth + 1)
                id_of = self.catalog.ids_for_keys([k for k, _ in pairs])
                return "semantic", [(id_of[k], s) for k, s in pairs if k != key and k in id_of][:depth]
        hits = self.catalog.keyword_search(item.search_text(), k=depth + 1)
        others = self.catalog.get_many([h.id for h in hits if h.id != item.id])
        scored = [(other_id, text_similarity(item, other)) for other_id, other in others.items()]
        scored.sort(key=lambda pair: -pair[1])
        return "text", scored[:depth]

    def similar(self, item_id: str, k: int = 10) -> SearchResult:
        """Items most like ``item_id`` (semantic neighbours, or keyword + text similarity)."""
        if k < 1:
            raise InvalidInput(_t("k must be at least 1"))
        item = self.catalog.get(item_id)
        if item is None:
            raise ItemNotFoundError(_t("no item with id {item_id!r}").format(item_id=item_id))
        method, pairs = self.neighbours(item, k)
        items = self.catalog.get_many([other for other, _ in pairs])
        hashes = ImageHashes(self.catalog.asset_path)
        hits = []
        for rank, (other_id, score) in enumerate(pairs, start=1):
            other = items[other_id]
            hits.append(SearchHit(id=other_id, score=round(score, 4), rank=rank, explain={
                method: {"score": round(score, 4)},
                "text_similarity": round(text_similarity(item, other), 4),
                "image_similarity": hashes.similarity(item, other)}))
        return SearchResult(hits=hits, items=items, mode=method,
                            profile=self.profiles.active_name() if method == "semantic" else KEYWORD_PROFILE)


def _matches(hits: list[SearchHit], scale: ScoreScale) -> list[SearchHit]:
    """The semantic hits at or above the profile's threshold, each with its band."""
    kept = [h for h in hits if scale.is_match(h.score)]
    for hit in kept:
        hit.band = scale.band(hit.score)
    return kept


def _band_keyword(hits: list[SearchHit], query: str) -> None:
    """A keyword hit's band from how many query terms it contains (BM25 has no fixed scale)."""
    wanted = {t.token for t in query_terms(query)}
    for hit in hits:
        found = len(set(hit.explain.get("keyword", {}).get("matched", [])) & wanted)
        share = found / len(wanted) if wanted else 0.0
        hit.band = "높음" if share >= 0.999 else "보통" if share >= 0.5 else "낮음"


def _band_fused(hits: list[SearchHit], semantic_bands: dict[str, str], keyword_bands: dict[str, str]) -> None:
    """A fused hit takes the better of its semantic band and its keyword band."""
    order = {"높음": 0, "보통": 1, "낮음": 2}
    for hit in hits:
        bands = [b[hit.id] for b in (semantic_bands, keyword_bands) if b.get(hit.id) in order]
        hit.band = min(bands, key=order.__getitem__) if bands else "낮음"
