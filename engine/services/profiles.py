"""``bank.profiles``: the retrieval profiles — which exist, which serves searches, their models and indexes.

The profile rows live in ``ProfileStore`` (all their SQL); what a kind of profile does lives in
``engine.services.kinds``. This service decides, loads each model once for every search and index
build, and keeps every index following the bank (``refresh``).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from engine.i18n import _t
from engine.changes import BankChanges
from engine.index.profiles import (
    INDEX_DTYPES,
    KEYWORD_PROFILE,
    LITE_PROFILE,
    Profile,
    ProfileError,
    ProfileStore,
    builtin_lite_profile,
    default_qwen_profile_name,
    qwen_model_key,
    validate_name,
)
from engine.index.report import IndexReport
from engine.models.baseline import BASELINE_KINDS, BASELINE_PROFILE, IMAGE_KIND, TEXT_KIND
from engine.models.inputs import Embedder
from engine.models.lite import ModelUnavailableError
from engine.services.kinds import kind_of
from engine.services.models import ModelService

if TYPE_CHECKING:
    from engine.catalog.catalog import SqlCatalog

IndexProgress = Callable[[int, int], None]
EmbedderHook = Callable[[Embedder], Embedder]


class ProfileNotFoundError(ProfileError):
    """No profile has the name asked for."""

    family = "not_found"


class ProfileService:
    def __init__(self, catalog: "SqlCatalog", models: ModelService, embedder_hook: EmbedderHook | None = None):
        self.catalog = catalog
        self.models = models
        self.store = ProfileStore(lambda: catalog.connection)
        self._embedder_hook = embedder_hook
        self._embedders: dict[str, Embedder] = {}
        self._model_lock = threading.Lock()

    # -- reading ------------------------------------------------------------------------------------
    def get(self, name: str) -> Profile | None:
        """The stored row of a profile (lite follows the current built-in recipe)."""
        stored = self.store.get(name)
        if name == LITE_PROFILE and stored is not None:
            return replace(stored, model_key=builtin_lite_profile().model_key)
        return stored

    def all(self) -> list[Profile]:
        return self.store.all()

    def definition(self, name: str) -> Profile:
        """The profile named ``name`` (lite exists before its first build); a clear error otherwise."""
        stored = self.get(name)
        if stored is not None:
            return stored
        if name == LITE_PROFILE:
            return builtin_lite_profile()
        if name == BASELINE_PROFILE:
            raise ProfileNotFoundError(
                _t("no profile named 'baseline' yet: install the KURE-v1 and SigLIP model packs, then run "
                   "`itembank profiles create baseline` and `itembank index --profile baseline`"))
        raise ProfileNotFoundError(_t("no profile named {name!r}; see `itembank profiles list`").format(
                                       name=name))

    def unavailable_reason(self, name: str) -> str | None:
        """None if the profile's model can run on this PC, else the reason (what to install)."""
        if name == KEYWORD_PROFILE:
            return None
        stored = self.get(name)
        profile = stored if stored is not None else builtin_lite_profile() if name == LITE_PROFILE else None
        if profile is None:
            return None
        return kind_of(profile).unavailable_reason(profile, self)

    def active_name(self) -> str:
        """The explicit choice; else the first indexed, usable profile — Qwen3-VL first (image search works
        as soon as a model pack is installed and indexed), then the baseline (late fusion before its
        single-model parts), then lite; else keyword."""
        chosen = self.store.active_name()
        if chosen:
            return chosen
        indexed = [p for p in self.store.all() if p.generation > 0]
        for profile in sorted(indexed, key=lambda p: (kind_of(p).auto_order, p.name)):
            if kind_of(profile).unavailable_reason(profile, self) is None:
                return profile.name
        return KEYWORD_PROFILE

    def semantic(self, name: str | None = None) -> Profile | None:
        """The indexed, usable profile a semantic search would use (None: keyword only)."""
        name = name or self.active_name()
        if name == KEYWORD_PROFILE:
            return None
        profile = self.get(name)
        if profile is None or profile.generation == 0 or kind_of(profile).unavailable_reason(profile, self):
            return None
        return profile

    def pending(self, profile: Profile) -> int:
        """Items not yet in the profile's index at their current version."""
        return kind_of(profile).pending_count(profile, self)

    def supports_images(self, profile: Profile) -> bool:
        return kind_of(profile).supports_images(profile, self)

    def status(self) -> list[dict]:
        """Every profile a teacher can pick, with whether it is usable here and why not."""
        active = self.active_name()
        rows = [{"name": KEYWORD_PROFILE, "kind": "keyword", "model": "BM25", "dim": None,
                 "indexed": self.catalog.count(), "pending": 0, "available": True, "reason": "",
                 "active": active == KEYWORD_PROFILE}]
        profiles = self.store.all()
        if LITE_PROFILE not in [p.name for p in profiles]:
            profiles.insert(0, builtin_lite_profile())
        for profile in profiles:
            if profile.name == LITE_PROFILE:
                profile = self.definition(LITE_PROFILE)
            kind = kind_of(profile)
            reason = kind.unavailable_reason(profile, self) or ""
            rows.append({"name": profile.name, "kind": profile.kind, "model": profile.model, "dim": profile.dim,
                         "index_dtype": profile.index_dtype, "precision": profile.precision,
                         "indexed": kind.indexed_count(profile, self), "generation": profile.generation,
                         "pending": kind.pending_count(profile, self) if profile.generation else None,
                         "available": not reason, "reason": reason, "active": active == profile.name})
        return rows

    # -- choosing and deleting ----------------------------------------------------------------------------
    def use(self, name: str) -> BankChanges:
        """Serve searches from ``name`` (instant: its index is already built)."""
        if name != KEYWORD_PROFILE:
            profile = self.definition(name)
            if profile.generation == 0:
                raise ProfileError(_t("profile {name} has no index yet; run `itembank index --profile {name}`").format(
                                       name=name))
        with self.catalog.transaction() as tx:
            self.store.set_active(tx, name)
        return BankChanges(profiles=True)

    def delete(self, name: str) -> BankChanges:
        if name == KEYWORD_PROFILE:
            raise ProfileError(_t("the keyword profile is built in and cannot be deleted"))
        profile = self.store.get(name)
        if profile is None:
            raise ProfileNotFoundError(_t("no profile named {name!r}").format(name=name))
        self.catalog.vectors.drop(profile)  # first: the district backend finds its table through the row
        with self.catalog.transaction() as tx:
            self.store.delete(tx, name)
        return BankChanges(profiles=True)

    def indexed_names(self) -> list[str]:
        """Profiles with an index (every item write leaves them behind until ``refresh``)."""
        return [p.name for p in self.store.all() if p.generation > 0 and p.kind != "fusion"]

    # -- creating -----------------------------------------------------------------------------------------
    def _unused_name(self, name: str, reserved: tuple[str, ...] = (LITE_PROFILE,)) -> str:
        name = validate_name(name)
        if name in reserved or self.store.get(name) is not None:
            raise ProfileError(_t("a profile named {name} already exists (or is reserved); pick another name or "
                                  "delete it first").format(
                                   name=name))
        return name

    def create(self, name: str | None = None, *, model: str | None = None, precision: str | None = None,
               dim: int | None = None, index_dtype: str = "f16", instruction: str = "") -> Profile:
        """A Qwen3-VL profile over an installed embedding pack (default: the smallest one installed).
        Precision defaults to what this PC would run (int8 on a CUDA GPU, fp32 on the CPU); dim to the
        model's full size. Its index is built by ``build_index``."""
        from engine.models.device import PRECISIONS, plan_device
        from engine.models.qwen.loading import open_model_folder

        if model is None and name == BASELINE_PROFILE:  # the seed report's KURE-v1 + SigLIP late fusion
            return self.create_baseline(name, precision=precision, index_dtype=index_dtype)
        baseline_pack = next((p for p in self.models.packs() if p.name == model and p.kind in BASELINE_KINDS), None)
        if baseline_pack is not None:  # a single KURE-v1 (text-only fallback) or SigLIP profile
            return self.create_baseline_part(name, model=baseline_pack.name, precision=precision, dim=dim,
                                             index_dtype=index_dtype)
        packs = [p for p in self.models.packs() if p.kind == "embedder"]
        chosen = self.models.default_pack("embedder") if model is None else next(
            (p for p in packs if p.name == model), None)
        if chosen is None:
            names = ", ".join(p.name for p in packs) or "none"
            wanted = f"named {model} " if model else ""
            raise ModelUnavailableError(_t("no Qwen3-VL embedding pack {wanted}is installed (installed: {names})").format(
                                            wanted=wanted, names=names),
                                        _t("install one with `itembank models install PATH`"))
        manifest = self.models.manifest(chosen)
        full_dim = int(manifest.get("hidden_size") or open_model_folder(chosen.path).hidden_size)
        if precision is not None and precision not in PRECISIONS:
            raise ProfileError(_t("unknown precision {precision!r}; use {value}").format(
                                   precision=precision, value=', '.join(PRECISIONS)))
        precision = precision or plan_device(None, None, manifest.get("parameters")).precision
        dim = full_dim if dim is None else dim
        if not 1 <= dim <= full_dim:
            raise ProfileError(_t("dim must be between 1 and {full_dim} for {name}").format(
                                   full_dim=full_dim, name=chosen.name))
        if index_dtype not in INDEX_DTYPES:
            raise ProfileError(_t("unknown index dtype {index_dtype!r}; use {value}").format(
                                   index_dtype=index_dtype, value=', '.join(INDEX_DTYPES)))
        name = self._unused_name(name or default_qwen_profile_name(chosen.name, precision, dim))
        profile = Profile(name=name, model=chosen.name, precision=precision, dim=dim, index_dtype=index_dtype,
                          instruction=instruction.strip(),
                          model_key=qwen_model_key(chosen.name, chosen.version, precision), kind="qwen")
        with self.catalog.transaction() as tx:
            return self.store.ensure(tx, profile)

    def create_baseline_part(self, name: str | None = None, *, model: str, precision: str | None = None,
                             dim: int | None = None, index_dtype: str = "f16") -> Profile:
        """A single-model baseline profile over an installed pack: KURE-v1 ("text-embedder", the text-only
        fallback) or SigLIP ("image-embedder", indexes the items that have figures)."""
        from engine.models.baseline.profiles import default_part_name, part_profile
        from engine.models.baseline.runtime import BASELINE_PRECISIONS
        from engine.models.device import probe_hardware

        pack = next((p for p in self.models.packs() if p.name == model), None)
        if pack is None or pack.kind not in BASELINE_KINDS:
            names = ", ".join(p.name for p in self.models.packs() if p.kind in BASELINE_KINDS)
            raise ModelUnavailableError(_t("no KURE-v1 or SigLIP pack named {model!r} is installed (installed: "
                                           "{value})").format(
                                            model=model, value=names or 'none'), _t("install one with `itembank models install "
                                                                  "PATH`"))
        if precision is not None and precision not in BASELINE_PRECISIONS:
            raise ProfileError(_t("{name} runs in {value}, not {precision!r}").format(
                                   name=pack.name, value=', '.join(BASELINE_PRECISIONS), precision=precision))
        precision = precision or ("fp16" if probe_hardware().cuda else "fp32")
        full_dim = int(self.models.manifest(pack).get("hidden_size") or 0)
        if not full_dim:
            from engine.models.baseline.folders import open_baseline_folder

            full_dim = open_baseline_folder(pack.path).dim
        if dim not in (None, full_dim):
            raise ProfileError(_t("{name} was not trained for shortened vectors; its profiles use all {full_dim} "
                                  "dimensions (leave --dim out)").format(
                                   name=pack.name, full_dim=full_dim))
        if index_dtype not in INDEX_DTYPES:
            raise ProfileError(_t("unknown index dtype {index_dtype!r}; use {value}").format(
                                   index_dtype=index_dtype, value=', '.join(INDEX_DTYPES)))
        name = self._unused_name(name or default_part_name(pack.name), (LITE_PROFILE, BASELINE_PROFILE))
        profile = part_profile(name, pack.kind, pack.name, pack.version, precision, full_dim, index_dtype)
        with self.catalog.transaction() as tx:
            return self.store.ensure(tx, profile)

    def _baseline_part_for(self, pack_kind: str, model: str | None, precision: str | None,
                           index_dtype: str) -> Profile:
        """The profile of ``pack_kind`` a late-fusion profile uses: an existing one over the pack, else a new one."""
        from engine.models.baseline.profiles import default_part_name

        pack = self.models.default_pack(pack_kind) if model is None else self.models.pack(model, pack_kind)
        if pack is None:
            what = "KURE-v1 text" if pack_kind == TEXT_KIND else "SigLIP image"
            named = f"named {model} " if model else ""
            raise ModelUnavailableError(
                _t("the baseline needs a {what} model pack (kind {pack_kind}) {named}and none is installed").format(
                    what=what, pack_kind=pack_kind, named=named),
                _t("install one with `itembank models install PATH` (text only: create a profile over the "
                   "KURE-v1 pack)"))
        part_kind = "kure" if pack_kind == TEXT_KIND else "siglip"
        for existing in self.store.all():
            if existing.model == pack.name and existing.kind == part_kind and (
                    precision is None or existing.precision == precision):
                return existing
        name = default_part_name(pack.name)
        if self.store.get(name) is not None or name in (LITE_PROFILE, BASELINE_PROFILE):
            name = f"{name[:55]}-{'text' if pack_kind == TEXT_KIND else 'image'}"
        return self.create_baseline_part(name, model=pack.name, precision=precision, index_dtype=index_dtype)

    def create_baseline(self, name: str = BASELINE_PROFILE, *, text_model: str | None = None,
                        image_model: str | None = None, text_weight: float | None = None,
                        image_weight: float | None = None, text_to_image_weight: float | None = None,
                        precision: str | None = None, index_dtype: str = "f16") -> Profile:
        """The seed report's baseline: a late-fusion profile over a KURE-v1 text profile and a SigLIP image
        profile (created over the installed packs when missing; the smallest pack of each kind unless
        named). Weights default to text 0.5, image 0.5, text→image 0.0 (see ``fusion``)."""
        from engine.models.baseline.fusion import DEFAULT_WEIGHTS, FusionSpec
        from engine.models.baseline.profiles import fused_profile

        name = self._unused_name(name)
        weights = {"text": text_weight, "image": image_weight, "text_to_image": text_to_image_weight}
        weights = {k: DEFAULT_WEIGHTS[k] if v is None else float(v) for k, v in weights.items()}
        FusionSpec("-", "-", weights["text"], weights["image"], weights["text_to_image"]).checked(
            f"profile {name}")  # bad weights fail before any part is created
        text_part = self._baseline_part_for(TEXT_KIND, text_model, precision, index_dtype)
        image_part = self._baseline_part_for(IMAGE_KIND, image_model, precision, index_dtype)
        spec = FusionSpec(text_part.name, image_part.name, weights["text"], weights["image"],
                          weights["text_to_image"]).checked(f"profile {name}")
        with self.catalog.transaction() as tx:
            return self.store.ensure(tx, fused_profile(name, spec))

    def set_fusion_weights(self, name: str, *, text: float | None = None, image: float | None = None,
                           text_to_image: float | None = None) -> Profile:
        """Change a late-fusion profile's weights; the next search uses them (no re-indexing)."""
        from engine.models.baseline.profiles import fusion_spec

        profile = self.definition(name)
        if profile.kind != "fusion":
            raise ProfileError(_t("profile {name} is not a late-fusion profile; only those have fusion weights").format(
                                   name=name))
        spec = fusion_spec(profile)
        spec = replace(spec, text_weight=spec.text_weight if text is None else float(text),
                       image_weight=spec.image_weight if image is None else float(image),
                       text_to_image_weight=spec.text_to_image_weight if text_to_image is None
                       else float(text_to_image)).checked(f"profile {name}")
        with self.catalog.transaction() as tx:
            self.store.set_instruction(tx, name, spec.to_json())
        return self.definition(name)

    # -- models and indexes ---------------------------------------------------------------------------------
    def embedder(self, profile: Profile) -> Embedder:
        """The loaded model of a profile (loaded once, shared by every search and index build)."""
        kind = kind_of(profile)
        if profile.kind == "fusion":  # both parts' models, each cached under its own key
            return kind.load(profile, self)
        cache_key = f"{profile.model_key}|{profile.instruction}"
        with self._model_lock:
            embedder = self._embedders.get(cache_key)
            if embedder is None:
                embedder = kind.load(profile, self)
                self._embedders[cache_key] = embedder
        return self._embedder_hook(embedder) if self._embedder_hook else embedder

    def build_index(self, name: str | None = None, *, progress: IndexProgress | None = None,
                    should_cancel=None, batch_size: int = 32) -> IndexReport:
        """Build or bring up to date a profile's index (default: the active one, else lite)."""
        active = self.active_name()
        name = name or (active if active != KEYWORD_PROFILE else LITE_PROFILE)
        if name == KEYWORD_PROFILE:
            raise ProfileError(_t("the keyword profile needs no index build; it is always up to date"))
        profile = self.definition(name)
        reason = kind_of(profile).unavailable_reason(profile, self)
        if reason:
            raise ModelUnavailableError(reason)
        return kind_of(profile).build(profile, self, progress=progress, should_cancel=should_cancel,
                                      batch_size=batch_size)

    def refresh(self, *, progress: IndexProgress | None = None, should_cancel=None) -> IndexReport | None:
        """Bring the profile that serves searches up to date after a write (incremental: only new and
        changed items are embedded, removed ones leave the index). None when searches are keyword-only
        or the index already follows the bank."""
        profile = self.semantic()
        if profile is None or not kind_of(profile).behind(profile, self):
            return None
        return self.build_index(profile.name, progress=progress, should_cancel=should_cancel)
