"""Model keys of the baseline's stored embeddings (which rows of the ``embeddings`` table a profile reads).

A key changes when the pack, its version, the precision or the recipe of what is embedded changes, so
stale vectors are recognised and re-embedded. Image keys start with ``FIGURES_ONLY_PREFIX``: such a
profile indexes only items that have figures (the indexer skips the others).
"""

from __future__ import annotations

from engine.models.inputs import DOCUMENT_TEXT_VERSION

FIGURES_ONLY_PREFIX = "figures/"
FIGURE_RECIPE_VERSION = 1  # mean of the first MAX_DOCUMENT_FIGURES figures' normalised vectors


def text_model_key(pack: str, version: str, precision: str) -> str:
    return f"kure:{pack}@{version}/{precision}/doc{DOCUMENT_TEXT_VERSION}"


def image_model_key(pack: str, version: str, precision: str) -> str:
    return f"{FIGURES_ONLY_PREFIX}siglip:{pack}@{version}/{precision}/fig{FIGURE_RECIPE_VERSION}"


def is_figures_only(model_key: str) -> bool:
    return model_key.startswith(FIGURES_ONLY_PREFIX)
