"""``ItemBank``: the one facade the CLI, the desktop app and the REST server call.

It owns a catalog and knows which search modes are possible right now. Front ends never reach into
the catalog's tables themselves, so the same behaviour (and the same errors) reach every user.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from engine.catalog.catalog import CatalogError, utc_timestamp
from engine.catalog.thumbnails import ensure_thumbnail
from engine.exporters import export_items
from engine.importers.pipeline import CancelCheck, ProgressCallback, run_import
from engine.importers.report import ImportReport
from engine.index.indexer import IndexReport, index_profile
from engine.index.indexer import ProgressCallback as IndexProgress
from engine.index.profiles import (
    INDEX_DTYPES,
    KEYWORD_PROFILE,
    LITE_PROFILE,
    Profile,
    ProfileError,
    ProfileStore,
    builtin_lite_profile,
    default_qwen_profile_name,
    profile_availability,
    qwen_model_key,
    validate_name,
)
from engine.items import Item
from engine.models.baseline import (
    BASELINE_KINDS,
    BASELINE_PROFILE,
    IMAGE_KIND,
    TEXT_KIND,
)
from engine.models.baseline.profiles import (
    LateFusionModels,
    baseline_part_kind,
    default_part_name,
    fused_profile,
    fusion_spec,
    is_fused,
    part_profile,
)
from engine.models.inputs import Embedder, EmbedInput, item_document_input
from engine.models.lite import LITE_MODEL, LiteEmbedder, ModelUnavailableError
from engine.models.packs import (
    baseline_unavailable_reason,
    default_pack,
    installed_packs,
    qwen_unavailable_reason,
    read_manifest,
    resolve_model,
)
from engine.models.qwen.loading import open_model_folder
from engine.paths import BankPaths
from engine.search.duplicates import (
    DuplicateCluster,
    ImageHashes,
    PairScore,
    cluster_pairs,
    text_similarity,
)
from engine.search.filters import SearchFilters
from engine.search.hybrid import FusionWeights, fuse
from engine.search.results import SearchHit, SearchUnavailableError
from engine.search.semantic import semantic_hits
from engine.storage import open_catalog, resolve_backend

SEARCH_MODES = ("auto", "keyword", "semantic", "hybrid")
# Metadata a merged item takes from the item merged into it when its own is empty.
MERGE_FILLED_FIELDS = ("grade", "unit", "standard", "difficulty", "explanation", "source")
# Default thresholds for near-duplicates, by what found the pair (cosine of the profile's model, or
# bigram Jaccard of the text when no semantic profile is indexed). Calibrated on the sample bank's
# planted near-duplicates; see the duplicates tests.
DUPLICATE_THRESHOLDS = {"semantic": 0.95, "text": 0.3}


@dataclass
class SearchRequest:
    text: str = ""
    image: str | None = None
    filters: SearchFilters = field(default_factory=SearchFilters)
    k: int = 10
    mode: str = "auto"
    profile: str | None = None
    rerank: int = 0


@dataclass
class SearchResult:
    hits: list[SearchHit]
    items: dict[str, Item]
    mode: str
    profile: str = KEYWORD_PROFILE


class ItemBank:
    """One bank. ``data_dir`` holds this PC's files (model packs, caches, settings); the items live in
    the backend: the embedded SQLite + usearch files in ``data_dir`` (default), or a PostgreSQL server
    (``backend="postgresql://…"``, ``ITEMBANK_BACKEND``, or ``itembank init --backend`` once)."""

    def __init__(self, data_dir: str | Path | None = None, *, create: bool = False,
                 backend: str | None = None) -> None:
        self.paths = BankPaths.resolve(data_dir)
        self.catalog = open_catalog(self.paths, backend, create=create)
        self.profiles = ProfileStore(lambda: self.catalog.connection)
        self.fusion = FusionWeights()
        self._embedders: dict[str, Embedder] = {}
        self._model_lock = threading.Lock()
        self._reranker = None

    @classmethod
    def exists(cls, data_dir: str | Path | None = None, backend: str | None = None) -> bool:
        paths = BankPaths.resolve(data_dir)
        url = resolve_backend(paths, backend)
        if url is None:
            return paths.catalog.exists()
        from engine.storage.postgres import database_has_bank

        return database_has_bank(url)

    def close(self) -> None:
        self.catalog.close()

    # -- items ------------------------------------------------------------------------
    def get(self, item_id: str) -> Item | None:
        return self.catalog.get(item_id)

    def require(self, item_id: str) -> Item:
        item = self.catalog.get(item_id)
        if item is None:
            raise CatalogError(f"no item with id {item_id!r}")
        return item

    def image_path(self, sha256: str) -> Path | None:
        return self.catalog.asset_path(sha256)

    def thumbnail(self, sha256: str, size: int = 256) -> Path | None:
        source = self.catalog.asset_path(sha256)
        if source is None:
            return None
        return ensure_thumbnail(source, self.paths.thumbnails, sha256, size)

    def stats(self) -> dict:
        stats = self.catalog.stats()
        stats["search_modes"] = self.available_modes()
        return stats

    # -- import / export ----------------------------------------------------------------
    def import_path(self, path: str | Path, fmt: str = "auto", *, dry_run: bool = False,
                    progress: ProgressCallback | None = None,
                    should_cancel: CancelCheck | None = None) -> ImportReport:
        return run_import(self.catalog, path, fmt, dry_run=dry_run, progress=progress,
                          should_cancel=should_cancel)

    def load_sample(self, progress: ProgressCallback | None = None) -> ImportReport:
        from itembank_assets import SAMPLE_BANK_ITEMS  # the bundled data package

        return self.import_path(SAMPLE_BANK_ITEMS, "jsonl", progress=progress)

    def export(self, out: str | Path, item_ids: Iterable[str] | None = None, fmt: str = "auto",
               encoding: str = "utf-8-sig") -> int:
        if item_ids is None:
            items: Iterable[Item] = self.catalog.iter_items()
        else:
            ids = list(item_ids)
            found = self.catalog.get_many(ids)
            missing = [i for i in ids if i not in found]
            if missing:
                raise CatalogError(f"no item with id {', '.join(missing[:5])}")
            items = [found[i] for i in ids]
        return export_items(self.catalog, items, out, fmt, encoding)

    # -- profiles and indexing ---------------------------------------------------------
    def profile_definition(self, name: str) -> Profile:
        stored = self.profiles.get(name)
        if name == LITE_PROFILE:
            builtin = builtin_lite_profile()
            if stored is None:
                return builtin
            return replace(stored, model_key=builtin.model_key)  # follow the current text recipe
        if stored is not None:
            return stored
        if name == BASELINE_PROFILE:
            raise ProfileError("no profile named 'baseline' yet: install the KURE-v1 and SigLIP model packs, then "
                               "run `itembank profiles create baseline` and `itembank index --profile baseline`")
        raise ProfileError(f"no profile named {name!r}; see `itembank profiles list`")

    def profiles_status(self) -> list[dict]:
        """Every profile a teacher can pick, with whether it is usable here and why not."""
        active = self.active_profile_name()
        rows = [{"name": KEYWORD_PROFILE, "model": "BM25", "dim": None, "indexed": self.catalog.count(),
                 "available": True, "reason": "", "active": active == KEYWORD_PROFILE}]
        names = [p.name for p in self.profiles.all()]
        if LITE_PROFILE not in names:
            names.insert(0, LITE_PROFILE)
        for name in names:
            profile = self.profile_definition(name)
            reason = self.profile_unavailable_reason(name) or ""
            indexed = self.profiles.indexed_count(name)
            if is_fused(profile):  # no index of its own: it covers what its text part covers
                indexed = self._fused_indexed_count(profile)
            rows.append({"name": name, "model": profile.model, "dim": profile.dim,
                         "index_dtype": profile.index_dtype, "precision": profile.precision,
                         "indexed": indexed, "generation": profile.generation,
                         "available": not reason, "reason": reason, "active": active == name})
        return rows

    def profile_unavailable_reason(self, name: str) -> str | None:
        """None if the profile's model can run on this PC, else the reason (what to install)."""
        if name in (KEYWORD_PROFILE, LITE_PROFILE):
            return profile_availability(name)
        profile = self.profiles.get(name)
        if profile is None or profile.model == LITE_MODEL:
            return profile_availability(name)
        if is_fused(profile) or baseline_part_kind(profile):
            return self._baseline_unavailable_reason(profile)
        return qwen_unavailable_reason(profile.model, self.paths.models)

    def create_profile(self, name: str | None = None, *, model: str | None = None, precision: str | None = None,
                       dim: int | None = None, index_dtype: str = "f16", instruction: str = "") -> Profile:
        """A Qwen3-VL profile over an installed embedding pack (default: the smallest one installed).
        Precision defaults to what this PC would run (int8 on a CUDA GPU, fp32 on the CPU); dim to the
        model's full size. Its index is built by ``build_index``."""
        from engine.models.device import PRECISIONS, plan_device

        if model is None and name == BASELINE_PROFILE:  # the seed report's KURE-v1 + SigLIP late fusion
            return self.create_baseline_profile(name, precision=precision, index_dtype=index_dtype)
        baseline_pack = next((p for p in installed_packs(self.paths.models)
                              if p.name == model and p.kind in BASELINE_KINDS), None)
        if baseline_pack is not None:  # a single KURE-v1 (text-only fallback) or SigLIP profile
            return self.create_baseline_part(name, model=baseline_pack.name, precision=precision, dim=dim,
                                             index_dtype=index_dtype)
        packs = [p for p in installed_packs(self.paths.models) if p.kind == "embedder"]
        if model is None:
            chosen = default_pack(self.paths.models, "embedder")
        else:
            chosen = next((p for p in packs if p.name == model), None)
        if chosen is None:
            names = ", ".join(p.name for p in packs) or "none"
            wanted = f"named {model} " if model else ""
            raise ModelUnavailableError(
                f"no Qwen3-VL embedding pack {wanted}is installed (installed: {names}); install one with "
                "`itembank models install PATH`")
        manifest = read_manifest(chosen.path)
        full_dim = int(manifest.get("hidden_size") or open_model_folder(chosen.path).hidden_size)
        if precision is not None and precision not in PRECISIONS:
            raise ProfileError(f"unknown precision {precision!r}; use {', '.join(PRECISIONS)}")
        precision = precision or plan_device(None, None, manifest.get("parameters")).precision
        dim = full_dim if dim is None else dim
        if not 1 <= dim <= full_dim:
            raise ProfileError(f"dim must be between 1 and {full_dim} for {chosen.name}")
        if index_dtype not in INDEX_DTYPES:
            raise ProfileError(f"unknown index dtype {index_dtype!r}; use {', '.join(INDEX_DTYPES)}")
        name = validate_name(name or default_qwen_profile_name(chosen.name, precision, dim))
        if name == LITE_PROFILE or self.profiles.get(name) is not None:
            raise ProfileError(f"a profile named {name} already exists; pick another name or delete it first")
        profile = Profile(name=name, model=chosen.name, precision=precision, dim=dim, index_dtype=index_dtype,
                          instruction=instruction.strip(),
                          model_key=qwen_model_key(chosen.name, chosen.version, precision))
        with self.catalog.transaction() as tx:
            return self.profiles.ensure(tx, profile)

    def active_profile_name(self) -> str:
        """The explicit choice; else the first indexed, usable Qwen3-VL profile (image search works as soon
        as a model pack is installed and indexed); else lite once it is indexed; else keyword."""
        chosen = self.profiles.active_name()
        if chosen:
            return chosen
        indexed = [p for p in self.profiles.all() if p.generation > 0]
        # Qwen3-VL first, then the baseline (late fusion before its single-model parts), then lite.
        for profile in sorted(indexed, key=lambda p: (p.model == LITE_MODEL, baseline_part_kind(p) is not None,
                                                      is_fused(p), p.name)):
            if self.profile_unavailable_reason(profile.name) is None:
                return profile.name
        return KEYWORD_PROFILE

    def use_profile(self, name: str) -> None:
        if name != KEYWORD_PROFILE:
            profile = self.profile_definition(name)
            if profile.generation == 0:
                raise ProfileError(f"profile {name} has no index yet; run `itembank index --profile {name}`")
        with self.catalog.transaction() as tx:
            self.profiles.set_active(tx, name)

    def delete_profile(self, name: str) -> None:
        if name in (KEYWORD_PROFILE,):
            raise ProfileError("the keyword profile is built in and cannot be deleted")
        profile = self.profiles.get(name)
        if profile is None:
            raise ProfileError(f"no profile named {name!r}")
        self.catalog.vectors.drop(profile)  # first: the district backend finds its table through the row
        with self.catalog.transaction() as tx:
            tx.execute("DELETE FROM profiles WHERE name = ?", (name,))
            if self.profiles.active_name() == name:
                tx.execute("DELETE FROM settings WHERE key = 'active_profile'")

    def embedder_for(self, profile: Profile) -> Embedder:
        """The loaded model of a profile (loaded once, shared by every search and index build)."""
        if is_fused(profile):  # both parts' models (each loaded once and cached under its own key)
            spec = fusion_spec(profile)
            return LateFusionModels(profile.name, self.embedder_for(self.profile_definition(spec.text_profile)),
                                    self.embedder_for(self.profile_definition(spec.image_profile)))
        cache_key = f"{profile.model_key}|{profile.instruction}"
        with self._model_lock:
            embedder = self._embedders.get(cache_key)
            if embedder is None:
                if profile.model == LITE_MODEL:
                    embedder = LiteEmbedder()
                elif baseline_part_kind(profile):
                    embedder = self._load_baseline_part(profile)
                else:
                    reason = qwen_unavailable_reason(profile.model, self.paths.models)
                    if reason:
                        raise ModelUnavailableError(f"profile {profile.name}: {reason}")
                    from engine.models.qwen.embedder import QwenEmbedder

                    folder = resolve_model(profile.model, self.paths.models, kind="embedder")
                    embedder = QwenEmbedder(folder, precision=profile.precision,
                                            query_instruction=profile.instruction or None)
                self._embedders[cache_key] = embedder
            return embedder

    def reranker(self):
        """The installed Qwen3-VL reranker (the smallest pack), loaded once."""
        with self._model_lock:
            if self._reranker is None:
                pack = default_pack(self.paths.models, "reranker")
                if pack is None:
                    raise SearchUnavailableError(
                        "reranking needs the Qwen3-VL reranker model pack; install it with "
                        "`itembank models install PATH` (search works without it)")
                from engine.models.qwen.loading import require_model_stack
                from engine.models.qwen.reranker import QwenReranker

                require_model_stack()
                self._reranker = QwenReranker(pack.path)
            return self._reranker

    def build_index(self, profile_name: str | None = None, *, progress: IndexProgress | None = None,
                    should_cancel=None, batch_size: int = 32) -> IndexReport:
        name = profile_name or (self.active_profile_name() if self.active_profile_name() != KEYWORD_PROFILE
                                else LITE_PROFILE)
        if name == KEYWORD_PROFILE:
            raise ProfileError("the keyword profile needs no index build; it is always up to date")
        profile = self.profile_definition(name)
        reason = self.profile_unavailable_reason(name)
        if reason:
            raise ModelUnavailableError(reason)
        if is_fused(profile):
            return self._build_fused_index(profile, progress=progress, should_cancel=should_cancel,
                                           batch_size=batch_size)
        return index_profile(self.catalog, profile, lambda: self.embedder_for(profile),
                             progress=progress, should_cancel=should_cancel, batch_size=batch_size)

    # -- search -------------------------------------------------------------------------
    def semantic_profile(self, name: str | None = None) -> Profile | None:
        """The indexed, usable profile a semantic search would use (None: keyword only)."""
        name = name or self.active_profile_name()
        if name == KEYWORD_PROFILE:
            return None
        profile = self.profiles.get(name)
        if profile is None or profile.generation == 0 or self.profile_unavailable_reason(name):
            return None
        return profile

    def available_modes(self, profile: str | None = None) -> list[str]:
        """Search modes usable now; semantic ones appear when a semantic profile is indexed."""
        if self.semantic_profile(profile) is None:
            return ["keyword"]
        return ["keyword", "semantic", "hybrid"]

    def resolve_mode(self, requested: str, profile: str | None = None) -> str:
        if requested not in SEARCH_MODES:
            raise ValueError(f"unknown search mode {requested!r}; use {', '.join(SEARCH_MODES)}")
        available = self.available_modes(profile)
        if requested == "auto":
            return "hybrid" if "hybrid" in available else "keyword"
        if requested not in available:
            if profile and profile != KEYWORD_PROFILE:
                self.profile_definition(profile)  # unknown name → clear error
                reason = self.profile_unavailable_reason(profile)
                if reason:
                    raise SearchUnavailableError(reason)
                raise SearchUnavailableError(
                    f"profile {profile} has no index yet; run `itembank index --profile {profile}`")
            raise SearchUnavailableError(
                f"{requested} search needs a semantic profile: install a model pack "
                "(`itembank models install PACK`) and build its index (`itembank index`); "
                "keyword search works without one")
        return requested

    def search(self, request: SearchRequest) -> SearchResult:
        if request.k < 1:
            raise ValueError("k must be at least 1")
        filters = request.filters.normalized()
        if request.image:
            profile = self.semantic_profile(request.profile)
            embedder = self.embedder_for(profile) if profile else None
            if embedder is None or not embedder.supports_images:
                raise SearchUnavailableError(
                    "image search needs the Qwen3-VL model pack; install it with "
                    "`itembank models install PACK`, then build the index with `itembank index`")
        if request.profile == KEYWORD_PROFILE and request.mode == "auto":
            mode = "keyword"
        else:
            mode = self.resolve_mode(request.mode, request.profile)
        if request.rerank < 0:
            raise ValueError("rerank must be 0 (off) or the number of top results to rerank")
        has_query = bool(request.text.strip()) or bool(request.image)
        reranker = self.reranker() if request.rerank and has_query else None  # fails early, before searching
        wanted = max(request.k, request.rerank)  # the reranker sees the top N of the first stage
        if mode == "keyword" or not has_query:
            hits = self.catalog.keyword_search(request.text, filters, wanted)
            profile_name = KEYWORD_PROFILE
        else:
            profile = self.semantic_profile(request.profile)
            assert profile is not None  # resolve_mode guarantees it
            depth = wanted if mode == "semantic" else max(wanted * 3, 30)
            semantic = self._semantic(profile, request, filters, depth)
            if mode == "semantic":
                hits = semantic[:wanted]
            else:
                # An image-only query has no words: the keyword side would only list items in catalog
                # order, so the fusion ranks by the image alone.
                keyword = (self.catalog.keyword_search(request.text, filters, depth)
                           if request.text.strip() else [])
                hits = fuse(keyword, semantic, wanted, self.fusion)
            profile_name = profile.name
        if reranker is not None and hits:
            hits = self._rerank(reranker, request, hits, request.rerank)
        hits = hits[:request.k]
        items = self.catalog.get_many([h.id for h in hits])
        return SearchResult(hits=hits, items=items, mode=mode, profile=profile_name)

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
            out.append(SearchHit(id=hit.id, score=round(float(scores[position]), 4), rank=rank, explain=explain))
        for rank, hit in enumerate(tail, start=len(out) + 1):
            out.append(SearchHit(id=hit.id, score=hit.score, rank=rank, explain=hit.explain))
        return out

    def _semantic(self, profile: Profile, request: SearchRequest, filters: SearchFilters,
                  depth: int) -> list[SearchHit]:
        if is_fused(profile):
            return self._fused_semantic(profile, request, filters, depth)
        embedder = self.embedder_for(profile)
        query = embedder.encode_query([EmbedInput(text=request.text or None, image=request.image)])
        vector = query.vectors[0][:profile.dim]
        pairs = self.catalog.vectors.nearest(profile, vector, depth, filters)
        id_of = self.catalog.ids_for_keys([key for key, _ in pairs])
        return semantic_hits(id_of, pairs, profile.name)

    # -- the seed report's baseline: KURE-v1 + SigLIP late fusion (engine.models.baseline) --------------
    def create_baseline_part(self, name: str | None = None, *, model: str, precision: str | None = None,
                             dim: int | None = None, index_dtype: str = "f16") -> Profile:
        """A single-model baseline profile over an installed pack: KURE-v1 ("text-embedder", the text-only
        fallback) or SigLIP ("image-embedder", indexes the items that have figures)."""
        from engine.models.baseline.runtime import BASELINE_PRECISIONS
        from engine.models.device import probe_hardware

        pack = next((p for p in installed_packs(self.paths.models) if p.name == model), None)
        if pack is None or pack.kind not in BASELINE_KINDS:
            names = ", ".join(p.name for p in installed_packs(self.paths.models) if p.kind in BASELINE_KINDS)
            raise ModelUnavailableError(f"no KURE-v1 or SigLIP pack named {model!r} is installed (installed: "
                                        f"{names or 'none'}); install one with `itembank models install PATH`")
        if precision is not None and precision not in BASELINE_PRECISIONS:
            raise ProfileError(f"{pack.name} runs in {', '.join(BASELINE_PRECISIONS)}, not {precision!r}")
        precision = precision or ("fp16" if probe_hardware().cuda else "fp32")
        full_dim = int(read_manifest(pack.path).get("hidden_size") or 0)
        if not full_dim:
            from engine.models.baseline.folders import open_baseline_folder

            full_dim = open_baseline_folder(pack.path).dim
        if dim not in (None, full_dim):
            raise ProfileError(f"{pack.name} was not trained for shortened vectors; its profiles use all "
                               f"{full_dim} dimensions (leave --dim out)")
        if index_dtype not in INDEX_DTYPES:
            raise ProfileError(f"unknown index dtype {index_dtype!r}; use {', '.join(INDEX_DTYPES)}")
        name = validate_name(name or default_part_name(pack.name))
        if name in (LITE_PROFILE, BASELINE_PROFILE) or self.profiles.get(name) is not None:
            raise ProfileError(f"a profile named {name} already exists (or is reserved); pick another name")
        profile = part_profile(name, pack.kind, pack.name, pack.version, precision, full_dim, index_dtype)
        with self.catalog.transaction() as tx:
            return self.profiles.ensure(tx, profile)

    def _baseline_part_for(self, kind: str, model: str | None, precision: str | None,
                           index_dtype: str) -> Profile:
        """The profile of ``kind`` a late-fusion profile uses: an existing one over the pack, else a new one."""
        pack = default_pack(self.paths.models, kind) if model is None else next(
            (p for p in installed_packs(self.paths.models) if p.name == model and p.kind == kind), None)
        if pack is None:
            what = "KURE-v1 text" if kind == TEXT_KIND else "SigLIP image"
            named = f"named {model} " if model else ""
            raise ModelUnavailableError(
                f"the baseline needs a {what} model pack (kind {kind}) {named}and none is installed; install one "
                "with `itembank models install PATH` (text only: create a profile over the KURE-v1 pack)")
        for existing in self.profiles.all():
            if existing.model == pack.name and baseline_part_kind(existing) == kind and (
                    precision is None or existing.precision == precision):
                return existing
        name = default_part_name(pack.name)
        if self.profiles.get(name) is not None or name in (LITE_PROFILE, BASELINE_PROFILE):
            name = f"{name[:55]}-{'text' if kind == TEXT_KIND else 'image'}"
        return self.create_baseline_part(name, model=pack.name, precision=precision, index_dtype=index_dtype)

    def create_baseline_profile(self, name: str = BASELINE_PROFILE, *, text_model: str | None = None,
                                image_model: str | None = None, text_weight: float | None = None,
                                image_weight: float | None = None, text_to_image_weight: float | None = None,
                                precision: str | None = None, index_dtype: str = "f16") -> Profile:
        """The seed report's baseline: a late-fusion profile over a KURE-v1 text profile and a SigLIP image
        profile (created over the installed packs when missing; the smallest pack of each kind unless
        named). Weights default to text 0.5, image 0.5, text→image 0.0 (see ``fusion``)."""
        from engine.models.baseline.fusion import DEFAULT_WEIGHTS, FusionSpec

        name = validate_name(name)
        if name == LITE_PROFILE or self.profiles.get(name) is not None:
            raise ProfileError(f"a profile named {name} already exists; pick another name or delete it first")
        weights = {"text": text_weight, "image": image_weight, "text_to_image": text_to_image_weight}
        weights = {k: DEFAULT_WEIGHTS[k] if v is None else float(v) for k, v in weights.items()}
        FusionSpec("-", "-", weights["text"], weights["image"], weights["text_to_image"]).checked(
            f"profile {name}")  # bad weights fail before any part is created
        text_part = self._baseline_part_for(TEXT_KIND, text_model, precision, index_dtype)
        image_part = self._baseline_part_for(IMAGE_KIND, image_model, precision, index_dtype)
        spec = FusionSpec(text_part.name, image_part.name, weights["text"], weights["image"],
                          weights["text_to_image"]).checked(f"profile {name}")
        with self.catalog.transaction() as tx:
            return self.profiles.ensure(tx, fused_profile(name, spec))

    def set_fusion_weights(self, name: str, *, text: float | None = None, image: float | None = None,
                           text_to_image: float | None = None) -> Profile:
        """Change a late-fusion profile's weights; the next search uses them (no re-indexing)."""
        from dataclasses import replace as replace_fields

        profile = self.profile_definition(name)
        if not is_fused(profile):
            raise ProfileError(f"profile {name} is not a late-fusion profile; only those have fusion weights")
        spec = fusion_spec(profile)
        spec = replace_fields(spec, text_weight=spec.text_weight if text is None else float(text),
                              image_weight=spec.image_weight if image is None else float(image),
                              text_to_image_weight=spec.text_to_image_weight if text_to_image is None
                              else float(text_to_image)).checked(f"profile {name}")
        with self.catalog.transaction() as tx:
            tx.execute("UPDATE profiles SET instruction = ? WHERE name = ?", (spec.to_json(), name))
        return self.profile_definition(name)

    def _baseline_unavailable_reason(self, profile: Profile) -> str | None:
        if not is_fused(profile):
            return baseline_unavailable_reason(profile.model, baseline_part_kind(profile) or "",
                                               self.paths.models)
        try:
            spec = fusion_spec(profile)
        except ValueError as exc:
            return str(exc)
        for part in (spec.text_profile, spec.image_profile):
            if self.profiles.get(part) is None:
                return (f"profile {profile.name} fuses profile {part}, which no longer exists; delete "
                        f"{profile.name} and create it again")
            reason = self.profile_unavailable_reason(part)
            if reason:
                return reason
        return None

    def _load_baseline_part(self, profile: Profile) -> Embedder:
        kind = baseline_part_kind(profile)
        reason = baseline_unavailable_reason(profile.model, kind or "", self.paths.models)
        if reason:
            raise ModelUnavailableError(f"profile {profile.name}: {reason}")
        folder = resolve_model(profile.model, self.paths.models, kind=kind)
        if kind == TEXT_KIND:
            from engine.models.baseline.kure import KureEmbedder

            return KureEmbedder(folder, precision=profile.precision)
        from engine.models.baseline.siglip import SiglipEmbedder

        return SiglipEmbedder(folder, precision=profile.precision)

    def _fused_indexed_count(self, profile: Profile) -> int:
        try:
            return self.profiles.indexed_count(fusion_spec(profile).text_profile) if profile.generation else 0
        except ValueError:
            return 0

    def _build_fused_index(self, profile: Profile, *, progress: IndexProgress | None, should_cancel,
                           batch_size: int) -> IndexReport:
        """Build (or bring up to date) both parts, then mark the late-fusion profile as indexed."""
        spec = fusion_spec(profile)
        parts = [self.build_index(part, progress=progress, should_cancel=should_cancel, batch_size=batch_size)
                 for part in (spec.text_profile, spec.image_profile)]
        seconds = sum(r.seconds for r in parts)
        embedded = sum(r.embedded for r in parts)
        report = IndexReport(profile=profile.name, embedded=embedded, reused=sum(r.reused for r in parts),
                             removed=sum(r.removed for r in parts), indexed=parts[0].indexed,
                             truncated=sum(r.truncated for r in parts), rebuilt=any(r.rebuilt for r in parts),
                             rebuild_reason="; ".join(f"{r.profile}: {r.rebuild_reason}" for r in parts
                                                      if r.rebuild_reason),
                             cancelled=any(r.cancelled for r in parts), seconds=round(seconds, 3),
                             items_per_s=round(embedded / seconds, 2) if seconds > 0 and embedded else 0.0)
        if not report.cancelled:
            with self.catalog.transaction() as tx:
                tx.execute("UPDATE profiles SET generation = generation + 1, indexed_at = ? WHERE name = ?",
                           (utc_timestamp(), profile.name))
        return report

    def _fusion_part(self, profile: Profile, part: str) -> Profile:
        found = self.semantic_profile(part)
        if found is None:
            raise SearchUnavailableError(f"profile {profile.name} needs the index of its part {part}; run "
                                         f"`itembank index --profile {profile.name}`")
        return found

    def _part_pairs(self, part: Profile, query: EmbedInput, filters: SearchFilters,
                    depth: int) -> list[tuple[int, float]]:
        vector = self.embedder_for(part).encode_query([query]).vectors[0][:part.dim]
        return self.catalog.vectors.nearest(part, vector, depth, filters)

    def _fused_semantic(self, profile: Profile, request: SearchRequest, filters: SearchFilters,
                        depth: int) -> list[SearchHit]:
        """Late fusion: KURE-v1 scores the text, SigLIP the image (and, weighted, the text against figures);
        each part's cosines are min-max normalised over its candidates and summed with the weights."""
        from engine.models.baseline.fusion import fuse_scores

        spec = fusion_spec(profile)
        has_text = bool(request.text.strip())
        parts: list[tuple[str, float, list[tuple[int, float]]]] = []
        if has_text and spec.text_weight > 0:
            part = self._fusion_part(profile, spec.text_profile)
            parts.append(("text", spec.text_weight, self._part_pairs(part, EmbedInput(text=request.text),
                                                                     filters, depth)))
        if request.image and spec.image_weight > 0:
            part = self._fusion_part(profile, spec.image_profile)
            parts.append(("image", spec.image_weight, self._part_pairs(part, EmbedInput(image=request.image),
                                                                       filters, depth)))
        if has_text and spec.text_to_image_weight > 0:
            part = self._fusion_part(profile, spec.image_profile)
            parts.append(("text_to_image", spec.text_to_image_weight,
                          self._part_pairs(part, EmbedInput(text=request.text), filters, depth)))
        fused = fuse_scores(parts, depth)
        id_of = self.catalog.ids_for_keys([key for key, _, _ in fused])
        hits: list[SearchHit] = []
        for key, score, cosines in fused:
            if key in id_of:
                hits.append(SearchHit(id=id_of[key], score=round(score, 4), rank=len(hits) + 1, explain={
                    "semantic": {"profile": profile.name, "fused": round(score, 4),
                                 "cosine": {name: round(value, 4) for name, value in cosines.items()},
                                 "weights": spec.weights}}))
        return hits

    # -- similar items and near-duplicates -------------------------------------------------
    def _neighbour_pairs(self, item: Item, depth: int) -> tuple[str, list[tuple[str, float]]]:
        """(method, [(other id, score)]) for one item, best first, itself excluded."""
        profile = self.semantic_profile()
        if profile is not None and is_fused(profile):  # neighbours by the late-fusion profile's text part
            profile = self.semantic_profile(fusion_spec(profile).text_profile)
        key = self.catalog.key_of(item.id)
        if profile is not None and key is not None:
            vector = self.catalog.vectors.vector_of(profile, key)
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
        item = self.require(item_id)
        method, pairs = self._neighbour_pairs(item, k)
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
                            profile=self.active_profile_name() if method == "semantic" else KEYWORD_PROFILE)

    def duplicate_decisions(self) -> dict[tuple[str, str], str]:
        return {(r[0], r[1]): r[2] for r in self.catalog.connection.execute(
            "SELECT id_a, id_b, decision FROM duplicate_decisions")}

    def decide_duplicate(self, id_a: str, id_b: str, decision: str) -> None:
        """Remember a teacher's verdict on a pair ("not_duplicate" hides it from now on)."""
        if decision not in ("not_duplicate", "duplicate"):
            raise ValueError("decision must be not_duplicate or duplicate")
        self.require(id_a), self.require(id_b)
        low, high = sorted((id_a, id_b))
        with self.catalog.transaction() as tx:
            tx.execute("INSERT INTO duplicate_decisions (id_a, id_b, decision) VALUES (?,?,?) "
                       "ON CONFLICT(id_a, id_b) DO UPDATE SET decision = excluded.decision",
                       (low, high, decision))

    def merge_items(self, keep_id: str, drop_id: str) -> Item:
        """Fold a near-duplicate into the item a teacher keeps, in one transaction: the kept item gains
        the other's tags and whatever metadata it lacks (grade, unit, standard, difficulty, explanation,
        source); the other item leaves the bank (its keyword entry at once, its vector at the next index
        update — searches skip it meanwhile). Figures stay stored: other items may share them. The pair
        is remembered as a duplicate."""
        if keep_id == drop_id:
            raise ValueError("choose two different items to merge")
        keep, drop = self.require(keep_id), self.require(drop_id)
        filled = {name: getattr(keep, name) or getattr(drop, name) for name in MERGE_FILLED_FIELDS}
        merged = replace(keep, tags=list(dict.fromkeys([*keep.tags, *drop.tags])), **filled)
        low, high = sorted((keep_id, drop_id))
        with self.catalog.transaction() as tx:
            self.catalog.update(tx, merged)
            self.catalog.delete(tx, drop_id)
            tx.execute("INSERT INTO duplicate_decisions (id_a, id_b, decision) VALUES (?,?, 'duplicate') "
                       "ON CONFLICT(id_a, id_b) DO UPDATE SET decision = excluded.decision", (low, high))
        return self.require(keep_id)

    def find_duplicates(self, threshold: float | None = None, neighbours: int = 10,
                        progress: ProgressCallback | None = None) -> tuple[str, list[DuplicateCluster]]:
        """Clusters of near-duplicates across the bank; returns (method, clusters)."""
        method = "semantic" if self.semantic_profile() is not None else "text"
        limit = DUPLICATE_THRESHOLDS[method] if threshold is None else threshold
        rejected = {pair for pair, verdict in self.duplicate_decisions().items()
                    if verdict == "not_duplicate"}
        hashes = ImageHashes(self.catalog.asset_path)
        found: dict[tuple[str, str], PairScore] = {}
        total = self.catalog.count()
        for done, item in enumerate(self.catalog.iter_items(), start=1):
            _, pairs = self._neighbour_pairs(item, neighbours)
            for other_id, score in pairs:
                low, high = sorted((item.id, other_id))
                if score < limit or (low, high) in found or (low, high) in rejected:
                    continue
                other = self.catalog.get(other_id)
                found[(low, high)] = PairScore(low, high, round(score, 4), method,
                                               round(text_similarity(item, other), 4),
                                               hashes.similarity(item, other))
            if progress:
                progress(done, total)
        return method, cluster_pairs(list(found.values()))
