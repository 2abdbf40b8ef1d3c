"""Late fusion of the baseline's scores: each part's cosines min-max normalised over its own candidate
list, then a weighted sum divided by the weights of the parts that ran for this query.

Parts: ``text`` (KURE-v1 query vs item texts), ``image`` (SigLIP query image vs item figures) and,
optionally, ``text_to_image`` (SigLIP's text tower: query text vs item figures, for S2). Cosines of two
models live on unrelated scales (SigLIP text→image cosines sit near 0.1, image→image near 0.8), so raw
cosines cannot be added; min-max puts each list's best candidate at 1 and its last at 0. An item a part
did not retrieve gets 0 from that part. With one part (a text-only or image-only query) the ranking is
exactly that model's ranking.

The weights live with the profile (its ``instruction`` column holds this spec as JSON), so changing
them takes effect at the next search without re-indexing.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass

from engine.errors import InvalidInput

PARTS = ("text", "image", "text_to_image")
DEFAULT_WEIGHTS = {"text": 0.5, "image": 0.5, "text_to_image": 0.0}


class FusionSpecError(InvalidInput):
    """A late-fusion profile whose spec cannot be used; the message names the profile and the field."""


@dataclass(frozen=True)
class FusionSpec:
    text_profile: str
    image_profile: str
    text_weight: float = DEFAULT_WEIGHTS["text"]
    image_weight: float = DEFAULT_WEIGHTS["image"]
    text_to_image_weight: float = DEFAULT_WEIGHTS["text_to_image"]

    @property
    def weights(self) -> dict[str, float]:
        return {"text": self.text_weight, "image": self.image_weight, "text_to_image": self.text_to_image_weight}

    def checked(self, where: str = "fusion") -> "FusionSpec":
        for part, weight in self.weights.items():
            if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not math.isfinite(weight) \
                    or weight < 0:
                raise FusionSpecError(f"{where}: the {part} weight must be a number ≥ 0, not {weight!r}")
        if self.text_weight + self.text_to_image_weight == 0:
            raise FusionSpecError(f"{where}: text queries need a text or text_to_image weight above 0")
        if self.image_weight == 0:
            raise FusionSpecError(f"{where}: image queries need an image weight above 0")
        if not self.text_profile or not self.image_profile:
            raise FusionSpecError(f"{where}: both a text profile and an image profile are needed")
        return self

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str, where: str) -> "FusionSpec":
        try:
            data = json.loads(raw)
        except ValueError:
            raise FusionSpecError(f"{where}: the fusion spec is not valid JSON; delete the profile and create "
                                  "it again") from None
        if not isinstance(data, dict):
            raise FusionSpecError(f"{where}: the fusion spec must be a JSON object")
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise FusionSpecError(f"{where}: unknown fusion field(s) {sorted(unknown)}")
        try:
            return cls(**data).checked(where)
        except TypeError as exc:
            raise FusionSpecError(f"{where}: {exc}") from None


def minmax(pairs: list[tuple[int, float]]) -> dict[int, float]:
    """key → (score − worst) / (best − worst) over one candidate list (all 1.0 when they are equal)."""
    if not pairs:
        return {}
    scores = [s for _, s in pairs]
    low, high = min(scores), max(scores)
    if high - low < 1e-9:
        return {key: 1.0 for key, _ in pairs}
    return {key: (score - low) / (high - low) for key, score in pairs}


def fuse_scores(parts: list[tuple[str, float, list[tuple[int, float]]]], k: int
                ) -> list[tuple[int, float, dict[str, float]]]:
    """(key, fused score, {part: cosine}) best first, for parts given as (name, weight, [(key, cosine)])."""
    active = [(name, weight, pairs) for name, weight, pairs in parts if weight > 0]
    total = sum(weight for _, weight, _ in active)
    if total <= 0:
        return []
    fused: dict[int, float] = {}
    cosines: dict[int, dict[str, float]] = {}
    for name, weight, pairs in active:
        for key, norm in minmax(pairs).items():
            fused[key] = fused.get(key, 0.0) + weight * norm / total
        for key, cosine in pairs:
            cosines.setdefault(key, {})[name] = cosine
    ordered = sorted(fused, key=lambda key: (-fused[key], key))[:k]
    return [(key, fused[key], cosines[key]) for key in ordered]
