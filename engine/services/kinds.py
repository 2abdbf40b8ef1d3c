"""One class per kind of profile, picked by ``kind_of(profile)`` from the profile's ``kind`` column.

Each kind knows whether its model can run on this PC, how to load it, how to build its index and how to
answer a semantic query. ``ProfileService`` and ``SearchService`` ask the kind instead of telling kinds
apart by prefixes of model keys (modelled on Immich ML's ``get_model_class``).

- ``lite``: the bundled multilingual-e5-small (text only, CPU).
- ``qwen``: a Qwen3-VL embedding pack (text, figures, both).
- ``kure`` / ``siglip``: the seed report's baseline parts (KURE-v1 text; SigLIP figures, which indexes
  only items that have figures).
- ``fusion``: the baseline's late fusion; no index of its own, it queries its two parts and fuses scores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Protocol

from engine.i18n import _t
from engine.index.indexer import index_profile
from engine.index.profiles import Profile, ProfileError
from engine.index.report import IndexReport
from engine.mathtext.linear import linear_text
from engine.models.inputs import Embedder, EmbedInput
from engine.search.filters import SearchFilters
from engine.search.results import SearchHit, SearchUnavailableError
from engine.search.semantic import semantic_hits

if TYPE_CHECKING:
    from engine.catalog.catalog import SqlCatalog
    from engine.index.profiles import ProfileStore
    from engine.services.models import ModelService

IndexProgress = Callable[[int, int], None]


class ProfileService(Protocol):
    """What a kind asks of ``engine.services.profiles.ProfileService`` (which picks kinds with
    ``kind_of``): named here, so the two modules do not import each other."""

    catalog: "SqlCatalog"
    models: "ModelService"
    store: "ProfileStore"

    def get(self, name: str) -> Profile | None: ...

    def definition(self, name: str) -> Profile: ...

    def semantic(self, name: str | None = None) -> Profile | None: ...

    def unavailable_reason(self, name: str) -> str | None: ...

    def embedder(self, profile: Profile) -> Embedder: ...

    def build_index(self, name: str | None = None, **options: Any) -> IndexReport: ...


class ProfileKind:
    """The behaviour every kind shares: one model, one index over the stored embeddings."""

    name = ""
    images = False          # whether its model embeds figures (image queries need one that does)
    auto_order = 9          # which indexed profile serves searches when none was chosen: lowest first

    def unavailable_reason(self, profile: Profile, profiles: "ProfileService") -> str | None:
        raise NotImplementedError

    def load(self, profile: Profile, profiles: "ProfileService") -> Embedder:
        raise NotImplementedError

    def supports_images(self, profile: Profile, profiles: "ProfileService") -> bool:
        return self.images

    def indexed_count(self, profile: Profile, profiles: "ProfileService") -> int:
        return profiles.store.indexed_count(profile.name)

    def pending_count(self, profile: Profile, profiles: "ProfileService") -> int:
        return profiles.store.pending_count(profile)

    def behind(self, profile: Profile, profiles: "ProfileService") -> bool:
        """Whether the index misses new or changed items, still holds removed ones, or needs rebuilding."""
        from engine.index.vector_store import index_problem

        return (profiles.store.pending_count(profile) > 0 or profiles.store.removed_count(profile.name) > 0
                or index_problem(profiles.catalog.vectors, profile) is not None)

    def build(self, profile: Profile, profiles: "ProfileService", *, progress: IndexProgress | None,
              should_cancel, batch_size: int) -> IndexReport:
        return index_profile(profiles.catalog, profile, lambda: profiles.embedder(profile),
                             progress=progress, should_cancel=should_cancel, batch_size=batch_size)

    def neighbour_profile(self, profile: Profile, profiles: "ProfileService") -> Profile | None:
        """The profile whose vectors say which items are alike ("find similar", duplicates)."""
        return profile

    def query_job(self, profile: Profile, profiles: "ProfileService", text: str,
                  image: str | None) -> Callable[[], Any] | None:
        """The query embedding as a job that touches no catalog (so it may run in another thread while
        the keyword side runs here); the model is loaded now, in the caller's thread. None: this kind
        cannot split its search (``semantic`` runs it whole)."""
        embedder = profiles.embedder(profile)
        inputs = [EmbedInput(text=linear_text(text) or None, image=image)]
        return lambda: embedder.encode_query(inputs).vectors[0][:profile.dim]

    def answer(self, profile: Profile, profiles: "ProfileService", vector: Any, filters: SearchFilters,
               depth: int) -> list[SearchHit]:
        """The semantic hits for a query vector made by ``query_job``."""
        pairs = profiles.catalog.vectors.nearest(profile, vector, depth, filters)
        id_of = profiles.catalog.ids_for_keys([key for key, _ in pairs])
        return semantic_hits(id_of, pairs, profile.name)

    def semantic(self, profile: Profile, profiles: "ProfileService", text: str, image: str | None,
                 filters: SearchFilters, depth: int) -> list[SearchHit]:
        job = self.query_job(profile, profiles, text, image)
        assert job is not None  # a kind that cannot split overrides semantic()
        return self.answer(profile, profiles, job(), filters, depth)


class LiteKind(ProfileKind):
    name = "lite"
    auto_order = 3

    def unavailable_reason(self, profile: Profile, profiles: "ProfileService") -> str | None:
        from engine.index.profiles import LITE_PROFILE, profile_availability

        return profile_availability(LITE_PROFILE)

    def load(self, profile: Profile, profiles: "ProfileService") -> Embedder:
        from engine.models.lite import LiteEmbedder

        return LiteEmbedder()


class QwenKind(ProfileKind):
    name = "qwen"
    images = True
    auto_order = 0  # image search works as soon as a Qwen3-VL pack is installed and indexed

    def unavailable_reason(self, profile: Profile, profiles: "ProfileService") -> str | None:
        return profiles.models.qwen_unavailable_reason(profile.model)

    def load(self, profile: Profile, profiles: "ProfileService") -> Embedder:
        from engine.models.lite import ModelUnavailableError
        from engine.models.qwen.embedder import QwenEmbedder

        reason = self.unavailable_reason(profile, profiles)
        if reason:
            raise ModelUnavailableError(_t("profile {name}: {reason}").format(name=profile.name, reason=reason))
        folder = profiles.models.folder(profile.model, "embedder")
        return QwenEmbedder(folder, precision=profile.precision, query_instruction=profile.instruction or None)


class BaselinePartKind(ProfileKind):
    """A single KURE-v1 (text) or SigLIP (figures) profile of the seed report's baseline."""

    auto_order = 2

    def __init__(self, name: str, pack_kind: str, images: bool) -> None:
        self.name, self.pack_kind, self.images = name, pack_kind, images

    def unavailable_reason(self, profile: Profile, profiles: "ProfileService") -> str | None:
        return profiles.models.baseline_unavailable_reason(profile.model, self.pack_kind)

    def load(self, profile: Profile, profiles: "ProfileService") -> Embedder:
        from engine.models.lite import ModelUnavailableError

        reason = self.unavailable_reason(profile, profiles)
        if reason:
            raise ModelUnavailableError(_t("profile {name}: {reason}").format(name=profile.name, reason=reason))
        folder = profiles.models.folder(profile.model, self.pack_kind)
        if not self.images:
            from engine.models.baseline.kure import KureEmbedder

            return KureEmbedder(folder, precision=profile.precision)
        from engine.models.baseline.siglip import SiglipEmbedder

        return SiglipEmbedder(folder, precision=profile.precision)


class FusionKind(ProfileKind):
    """Late fusion of a KURE-v1 text profile and a SigLIP image profile (the seed report's baseline)."""

    name = "fusion"
    images = True
    auto_order = 1

    @staticmethod
    def spec(profile: Profile):
        from engine.models.baseline.profiles import fusion_spec

        return fusion_spec(profile)

    def unavailable_reason(self, profile: Profile, profiles: "ProfileService") -> str | None:
        try:
            spec = self.spec(profile)
        except ValueError as exc:  # a broken spec (FusionSpecError)
            return str(exc)
        for part in (spec.text_profile, spec.image_profile):
            if profiles.get(part) is None:
                return (f"profile {profile.name} fuses profile {part}, which no longer exists; delete "
                        f"{profile.name} and create it again")
            reason = profiles.unavailable_reason(part)
            if reason:
                return reason
        return None

    def load(self, profile: Profile, profiles: "ProfileService") -> Embedder:
        from engine.models.baseline.profiles import LateFusionModels

        spec = self.spec(profile)
        return LateFusionModels(profile.name, profiles.embedder(profiles.definition(spec.text_profile)),
                                profiles.embedder(profiles.definition(spec.image_profile)))

    def indexed_count(self, profile: Profile, profiles: "ProfileService") -> int:
        try:
            return profiles.store.indexed_count(self.spec(profile).text_profile) if profile.generation else 0
        except ValueError:
            return 0

    def pending_count(self, profile: Profile, profiles: "ProfileService") -> int:
        part = profiles.get(self.spec(profile).text_profile)
        return profiles.store.pending_count(part) if part is not None else 0

    def neighbour_profile(self, profile: Profile, profiles: "ProfileService") -> Profile | None:
        return profiles.semantic(self.spec(profile).text_profile)

    def behind(self, profile: Profile, profiles: "ProfileService") -> bool:
        spec = self.spec(profile)
        parts = [profiles.get(name) for name in (spec.text_profile, spec.image_profile)]
        return any(part is None or kind_of(part).behind(part, profiles) for part in parts)

    def build(self, profile: Profile, profiles: "ProfileService", *, progress: IndexProgress | None,
              should_cancel, batch_size: int) -> IndexReport:
        """Build (or bring up to date) both parts, then mark the late-fusion profile as indexed."""
        from engine.clock import utc_timestamp

        spec = self.spec(profile)
        parts = [profiles.build_index(part, progress=progress, should_cancel=should_cancel, batch_size=batch_size)
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
            with profiles.catalog.transaction() as tx:
                profiles.store.mark_indexed(tx, profile.name, utc_timestamp())
        return report

    def _part(self, profile: Profile, profiles: "ProfileService", part: str) -> Profile:
        found = profiles.semantic(part)
        if found is None:
            raise SearchUnavailableError(_t("profile {name} needs the index of its part {part}").format(
                                             name=profile.name, part=part),
                                         _t("run `itembank index --profile {name}`").format(name=profile.name))
        return found

    def query_job(self, profile: Profile, profiles: "ProfileService", text: str,
                  image: str | None) -> Callable[[], Any] | None:
        return None  # two parts, each embedding then searching: run whole by semantic()

    def semantic(self, profile: Profile, profiles: "ProfileService", text: str, image: str | None,
                 filters: SearchFilters, depth: int) -> list[SearchHit]:
        """KURE-v1 scores the text, SigLIP the image (and, weighted, the text against figures); each
        part's cosines are min-max normalised over its candidates and summed with the weights."""
        from engine.models.baseline.fusion import fuse_scores

        spec = self.spec(profile)
        has_text = bool(text.strip())
        asked: list[tuple[str, float, str, EmbedInput]] = []
        if has_text and spec.text_weight > 0:
            asked.append(("text", spec.text_weight, spec.text_profile, EmbedInput(text=linear_text(text))))
        if image and spec.image_weight > 0:
            asked.append(("image", spec.image_weight, spec.image_profile, EmbedInput(image=image)))
        if has_text and spec.text_to_image_weight > 0:
            asked.append(("text_to_image", spec.text_to_image_weight, spec.image_profile,
                          EmbedInput(text=linear_text(text))))
        parts = []
        for role, weight, part_name, query in asked:
            part = self._part(profile, profiles, part_name)
            vector = profiles.embedder(part).encode_query([query]).vectors[0][:part.dim]
            parts.append((role, weight, profiles.catalog.vectors.nearest(part, vector, depth, filters)))
        fused = fuse_scores(parts, depth)
        id_of = profiles.catalog.ids_for_keys([key for key, _, _ in fused])
        hits: list[SearchHit] = []
        for key, score, cosines in fused:
            if key in id_of:
                hits.append(SearchHit(id=id_of[key], score=round(score, 4), rank=len(hits) + 1, explain={
                    "semantic": {"profile": profile.name, "fused": round(score, 4),
                                 "cosine": {name: round(value, 4) for name, value in cosines.items()},
                                 "weights": spec.weights}}))
        return hits


_KINDS: dict[str, ProfileKind] = {
    "lite": LiteKind(),
    "qwen": QwenKind(),
    "kure": BaselinePartKind("kure", "text-embedder", images=False),
    "siglip": BaselinePartKind("siglip", "image-embedder", images=True),
    "fusion": FusionKind(),
}


def kind_of(profile: Profile) -> ProfileKind:
    """The class that runs ``profile`` (by its ``kind`` column)."""
    try:
        return _KINDS[profile.kind]
    except KeyError:
        raise ProfileError(_t("profile {name} has the unknown kind {kind!r}; this itembank knows {value} (was "
                              "the bank made by a newer version?)").format(
                               name=profile.name, kind=profile.kind, value=', '.join(_KINDS))) from None
