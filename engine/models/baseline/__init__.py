"""The seed report's baseline: KURE-v1 for text + SigLIP (2) for figures, fused late by weighted scores.

Nothing here imports torch or transformers at import time (the engine stays light without the
``models`` extra); models are loaded on first use, offline, from local model packs.

- ``folders``: which model family a folder holds, its sentence-transformers module configs, checks;
- ``runtime``: device/precision choice and offline loading (shared by both models);
- ``kure``: the KURE-v1 text embedder (XLM-RoBERTa, CLS pooling, L2-normalised);
- ``siglip``: the SigLIP / SigLIP 2 image embedder with its text tower (for text → figure scores);
- ``fusion``: the late-fusion rule (per-part min-max normalised cosines, weighted sum) and its spec;
- ``profiles``: model keys, profile names and the bank operations that create/build/search them;
- ``synthetic``: tiny random checkpoints of both architectures for tests (no download).
"""

from __future__ import annotations

TEXT_KIND = "text-embedder"    # pack kind of KURE-v1 (and other sentence-transformers text models)
IMAGE_KIND = "image-embedder"  # pack kind of SigLIP / SigLIP 2
BASELINE_KINDS = (TEXT_KIND, IMAGE_KIND)
BASELINE_PROFILE = "baseline"  # default name of the late-fusion profile
FUSED_MODEL = "late-fusion"    # the ``model`` column of a late-fusion profile (it has no model of its own)
