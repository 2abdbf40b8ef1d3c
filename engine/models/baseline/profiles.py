"""Baseline profiles: what their catalog rows hold and how they are recognised.

- A **text profile** over a KURE-v1 pack (the text-only fallback, e.g. ``kure-v1``) is an ordinary
  profile: one usearch index over every item's text.
- An **image profile** over a SigLIP pack (e.g. ``siglip2-base-patch16-256``) indexes the items that
  have figures (by their figures); text queries go through SigLIP's text tower.
- A **late-fusion profile** (default name ``baseline``) has no index of its own: its row names its
  text and image profiles and the weights (``FusionSpec`` as JSON in the ``instruction`` column); a
  search queries both parts and fuses the scores (``fusion``). Its ``generation`` is bumped each time
  both parts have been built, so "indexed" and "use" work as for any profile.
"""

from __future__ import annotations

import re

from engine.errors import InvalidInput
from engine.index.profiles import Profile
from engine.models.baseline import FUSED_MODEL, TEXT_KIND
from engine.models.baseline.fusion import FusionSpec
from engine.models.baseline.keys import image_model_key, text_model_key

FUSED_KEY_PREFIX = "fusion:"


def default_part_name(pack_name: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", pack_name.lower()).strip("-.")[:60] or "baseline-part"


def part_profile(name: str, kind: str, pack_name: str, pack_version: str, precision: str, dim: int,
                 index_dtype: str) -> Profile:
    key = (text_model_key if kind == TEXT_KIND else image_model_key)(pack_name, pack_version, precision)
    return Profile(name=name, model=pack_name, precision=precision, dim=dim, index_dtype=index_dtype,
                   instruction="", model_key=key, kind="kure" if kind == TEXT_KIND else "siglip")


def fused_profile(name: str, spec: FusionSpec) -> Profile:
    return Profile(name=name, model=FUSED_MODEL, precision="-", dim=0, index_dtype="-",
                   instruction=spec.to_json(), model_key=f"{FUSED_KEY_PREFIX}{name}", kind="fusion")


def fusion_spec(profile: Profile) -> FusionSpec:
    return FusionSpec.from_json(profile.instruction, f"profile {profile.name}")


class LateFusionModels:
    """What ``ItemBank.embedder_for`` gives for a late-fusion profile: the two parts' loaded embedders.
    It has no single embedding, so encoding through it is an error that says so."""

    def __init__(self, name: str, text, image) -> None:
        self.name, self.text, self.image = name, text, image
        self.supports_images = bool(getattr(image, "supports_images", False))
        self.model_key = f"{FUSED_KEY_PREFIX}{name}"
        self.dim = 0

    def _refuse(self, *_args, **_kwargs):
        raise InvalidInput(f"profile {self.name} fuses the scores of two models and has no single embedding; "
                         "search it with `itembank search --profile " + self.name + "`")

    encode_document = _refuse
    encode_query = _refuse
