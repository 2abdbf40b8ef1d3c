"""What every local model folder needs, whatever the model (Qwen3-VL, KURE-v1, SigLIP): no network, the
model stack installed, and — for an installed pack — every file its manifest lists, at its recorded size.

The full sha256 check runs at install and in ``itembank models check --verify`` (engine/models/packs.py);
the size check here is cheap enough for every load.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from engine.models.lite import ModelUnavailableError

MANIFEST_NAME = "itembank-pack.json"
MODEL_STACK = ("torch", "transformers", "safetensors")


def go_offline() -> None:
    """Make sure nothing in transformers or huggingface_hub tries to download."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


def require_model_stack(models: str, hint: str = "") -> None:
    """torch + transformers + safetensors must be importable; else say what ``models`` need and how to
    install it (``hint`` is appended to the install command)."""
    missing = [name for name in MODEL_STACK if importlib.util.find_spec(name) is None]
    if missing:
        raise ModelUnavailableError(f"{models} need {', '.join(missing)}: pip install 'itembank[models]'{hint}")


def check_manifest_sizes(folder: Path, manifest: dict) -> None:
    """Each file the pack's manifest lists exists with its recorded size; the error names the file."""
    for entry in manifest.get("files", []):
        target = folder / str(entry.get("path", ""))
        if not target.is_file():
            raise ModelUnavailableError(f"model pack file missing: {target}; reinstall the pack")
        if "size" in entry and target.stat().st_size != int(entry["size"]):
            raise ModelUnavailableError(f"model pack file is damaged (wrong size): {target}; reinstall the pack")
