"""Baseline model folders (Hugging Face / sentence-transformers layout): which family, and are they usable.

KURE-v1 (nlpai-lab/KURE-v1) is an XLM-RoBERTa-large encoder fine-tuned from BAAI/bge-m3, published as a
sentence-transformers model: ``modules.json`` lists Transformer → Pooling (``1_Pooling/config.json``:
``pooling_mode_cls_token``) → Normalize, ``sentence_bert_config.json`` gives ``max_seq_length`` (8192)
and ``config_sentence_transformers.json`` may hold query/document prompts (KURE-v1 has none). Those
files are read when present; without them a text folder gets KURE's facts (CLS pooling, normalised).

SigLIP (``model_type`` "siglip", which the fixed-resolution SigLIP 2 checkpoints such as
google/siglip2-base-patch16-256 also use) and the NaFlex SigLIP 2 (``model_type`` "siglip2") need
config.json, a tokenizer, preprocessor_config.json and safetensors weights.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from engine.models.baseline import IMAGE_KIND, TEXT_KIND
from engine.models.lite import ModelUnavailableError
from engine.models.offline import MANIFEST_NAME, check_manifest_sizes

# config.json model_type → pack kind
FAMILIES = {"xlm-roberta": TEXT_KIND, "siglip": IMAGE_KIND, "siglip2": IMAGE_KIND}
TOKENIZER_FILES = ("tokenizer.json", "sentencepiece.bpe.model", "spiece.model", "tokenizer.model")
DEFAULT_MAX_SEQ_LENGTH = 512
POOLING_MODES = {"pooling_mode_cls_token": "cls", "pooling_mode_mean_tokens": "mean",
                 "pooling_mode_lasttoken": "lasttoken"}


@dataclass(frozen=True)
class BaselineFolder:
    """A checked baseline model folder."""

    path: Path
    config: dict
    family: str               # "xlm-roberta", "siglip" or "siglip2"
    kind: str                 # TEXT_KIND or IMAGE_KIND
    name: str
    manifest: dict | None
    dim: int                  # embedding size
    pooling: str = "cls"      # text models: how token states become one vector
    max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH
    prompts: dict = field(default_factory=dict)  # sentence-transformers prompts ("query", "document")

    @property
    def version(self) -> str:
        return str((self.manifest or {}).get("version", "0"))


def _read_json(path: Path) -> dict | list:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"{path} cannot be read: {exc}") from None


def model_family(folder: str | os.PathLike) -> str | None:
    """The baseline family of a folder from its config.json ("xlm-roberta", "siglip", "siglip2"), or None
    when the folder is not one (e.g. a Qwen3-VL checkpoint) or has no readable config."""
    path = Path(folder).expanduser() / "config.json"
    if not path.is_file():
        return None
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    family = config.get("model_type") if isinstance(config, dict) else None
    return family if family in FAMILIES else None


def kind_of_folder(folder: str | os.PathLike) -> str | None:
    """TEXT_KIND / IMAGE_KIND for a baseline folder, None for anything else."""
    family = model_family(folder)
    return FAMILIES[family] if family else None


def _sentence_transformers_facts(folder: Path, config: dict) -> tuple[str, int, dict]:
    """(pooling, max_seq_length, prompts) from the sentence-transformers module configs, with KURE-v1's
    facts (CLS pooling) where a file is absent."""
    pooling = "cls"
    modules_path = folder / "modules.json"
    if modules_path.is_file():
        modules = _read_json(modules_path)
        if not isinstance(modules, list):
            raise ModelUnavailableError(f"{modules_path} must be a list of modules")
        for module in modules:
            if str(module.get("type", "")).endswith(".Pooling"):
                pool_path = folder / str(module.get("path", "")) / "config.json"
                if not pool_path.is_file():
                    raise ModelUnavailableError(f"{pool_path} is missing (modules.json lists a Pooling module)")
                pool = _read_json(pool_path)
                chosen = [mode for key, mode in POOLING_MODES.items() if pool.get(key)]
                other = [key for key, value in pool.items()
                         if key.startswith("pooling_mode_") and value and key not in POOLING_MODES]
                if len(chosen) != 1 or other:
                    raise ModelUnavailableError(
                        f"{pool_path}: itembank supports exactly one of CLS, mean or last-token pooling "
                        f"(found {', '.join(chosen + other) or 'none'})")
                pooling = chosen[0]
    max_positions = int(config.get("max_position_embeddings", DEFAULT_MAX_SEQ_LENGTH + 2))
    limit = max_positions - 2 if config.get("model_type") == "xlm-roberta" else max_positions
    max_seq = min(DEFAULT_MAX_SEQ_LENGTH, limit)
    sbert_path = folder / "sentence_bert_config.json"
    if sbert_path.is_file():
        sbert = _read_json(sbert_path)
        if isinstance(sbert, dict) and sbert.get("max_seq_length"):
            max_seq = min(int(sbert["max_seq_length"]), limit)
    prompts: dict = {}
    st_path = folder / "config_sentence_transformers.json"
    if st_path.is_file():
        data = _read_json(st_path)
        if isinstance(data, dict) and isinstance(data.get("prompts"), dict):
            prompts = {str(k): str(v) for k, v in data["prompts"].items() if v}
    return pooling, max_seq, prompts


def open_baseline_folder(path: str | os.PathLike, kind: str | None = None,
                         require_weights: bool = True) -> BaselineFolder:
    """Check that ``path`` holds a usable KURE-style text model or SigLIP model; errors name the file."""
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise ModelUnavailableError(f"model folder not found: {folder}")
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise ModelUnavailableError(f"{config_path} is missing: this is not a Hugging Face model folder")
    config = _read_json(config_path)
    if not isinstance(config, dict):
        raise ModelUnavailableError(f"{config_path} must be a JSON object")
    family = config.get("model_type")
    if family not in FAMILIES:
        raise ModelUnavailableError(
            f"{config_path} describes a {family!r} model; the baseline reads XLM-RoBERTa text models "
            "(KURE-v1) and SigLIP / SigLIP 2 image models")
    found_kind = FAMILIES[family]
    if kind is not None and kind != found_kind:
        raise ModelUnavailableError(f"{folder} holds a {family} model ({found_kind}), not a {kind}")
    if not any((folder / name).is_file() for name in TOKENIZER_FILES):
        raise ModelUnavailableError(f"{folder / 'tokenizer.json'} is missing (no tokenizer in the folder)")
    if require_weights and not any(p.is_file() for p in folder.glob("*.safetensors")):
        raise ModelUnavailableError(f"no *.safetensors weights in {folder}")
    manifest = None
    if (folder / MANIFEST_NAME).is_file():
        manifest = _read_json(folder / MANIFEST_NAME)
        if not isinstance(manifest, dict):
            raise ModelUnavailableError(f"{folder / MANIFEST_NAME} must be a JSON object")
        check_manifest_sizes(folder, manifest)
    name = str(manifest["name"]) if manifest and manifest.get("name") else folder.resolve().name
    if found_kind == TEXT_KIND:
        pooling, max_seq, prompts = _sentence_transformers_facts(folder, config)
        return BaselineFolder(folder, config, family, found_kind, name, manifest, int(config["hidden_size"]),
                              pooling, max_seq, prompts)
    if not (folder / "preprocessor_config.json").is_file():
        raise ModelUnavailableError(f"{folder / 'preprocessor_config.json'} is missing (SigLIP needs its "
                                    "image preprocessing settings)")
    vision = config.get("vision_config") or {}
    text = config.get("text_config") or {}
    dim = int(vision.get("hidden_size", 768))
    text_dim = int(text.get("projection_size") or text.get("hidden_size", dim))
    if text_dim != dim:
        raise ModelUnavailableError(f"{config_path}: the text tower projects to {text_dim} dimensions but the "
                                    f"image tower gives {dim}; this is not a SigLIP dual encoder")
    max_seq = int(text.get("max_position_embeddings", 64))
    return BaselineFolder(folder, config, family, found_kind, name, manifest, dim, "siglip", max_seq, {})
