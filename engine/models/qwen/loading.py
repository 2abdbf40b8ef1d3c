"""Load a Qwen3-VL model folder offline, at the precision the device plan chose.

A model folder is the Hugging Face layout the published checkpoints use (config.json, safetensors
weights, tokenizer files, a chat template, preprocessor configs); other files (sentence-transformers
module configs, README) are ignored. Loading never touches the network: the hub's offline switches are
set and every call passes ``local_files_only=True``. Problems are reported as ModelUnavailableError
naming the folder or file, which the CLI turns into exit code 2.
"""

from __future__ import annotations

import functools
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.models.cpu_int8 import quantize_linear_layers
from engine.models.device import DevicePlan
from engine.models.lite import ModelUnavailableError
from engine.models.offline import MANIFEST_NAME, check_manifest_sizes, go_offline
from engine.models.offline import require_model_stack as require_packages
from engine.models.qwen.images import VisionSettings
from engine.models.qwen.patch_embed import use_matmul_patch_embedding
from engine.models.qwen.protocol import FALLBACK_CHAT_TEMPLATE
from engine.models.qwen.vision import use_fast_vision

QWEN3_VL_TYPE = "qwen3_vl"
CPU_TORCH_HINT = " (on a PC without an NVIDIA GPU run `pip install torch==2.13.0` first for the CPU build)"


def require_model_stack() -> None:
    """torch + transformers + safetensors must be importable; else say what to install."""
    require_packages("the Qwen3-VL models", CPU_TORCH_HINT)


@dataclass(frozen=True)
class ModelFolder:
    """A checked model folder: its config and the name it is known by."""

    path: Path
    config: dict
    name: str
    manifest: dict | None

    @property
    def text_config(self) -> dict:
        return self.config.get("text_config", self.config)

    @property
    def hidden_size(self) -> int:
        return int(self.text_config["hidden_size"])

    @property
    def tied_embeddings(self) -> bool:
        return bool(self.config.get("tie_word_embeddings", self.text_config.get("tie_word_embeddings", False)))


def open_model_folder(path: str | os.PathLike, require_weights: bool = True) -> ModelFolder:
    """Check that ``path`` holds a usable Qwen3-VL checkpoint; the error names what is missing.
    ``require_weights=False`` accepts a weightless folder for a model built in memory (benchmarks)."""
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise ModelUnavailableError(f"model folder not found: {folder}")
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise ModelUnavailableError(f"{config_path} is missing: this is not a Hugging Face model folder")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"{config_path} cannot be read: {exc}") from None
    if config.get("model_type") != QWEN3_VL_TYPE:
        raise ModelUnavailableError(f"{config_path} describes a {config.get('model_type')!r} model, "
                                    f"not Qwen3-VL ({QWEN3_VL_TYPE!r})")
    if not (folder / "tokenizer.json").is_file() and not (
            (folder / "vocab.json").is_file() and (folder / "merges.txt").is_file()):
        raise ModelUnavailableError(f"{folder / 'tokenizer.json'} is missing (and no vocab.json + merges.txt)")
    if require_weights and not weight_files(folder):
        raise ModelUnavailableError(f"no *.safetensors weights in {folder}")
    manifest = _read_manifest(folder)
    if manifest is not None:
        check_manifest_sizes(folder, manifest)  # cheap on every load; sha256 at install
    name = str(manifest.get("name")) if manifest and manifest.get("name") else folder.resolve().name
    return ModelFolder(folder, config, name, manifest)


def _read_manifest(folder: Path) -> dict | None:
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"{path} cannot be read: {exc}") from None
    return data if isinstance(data, dict) else None


def weight_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.safetensors") if p.is_file())


def count_parameters(folder: Path) -> int:
    """Parameters in the safetensors files, read from their headers (no weights are loaded)."""
    total = 0
    for path in weight_files(folder):
        with path.open("rb") as handle:
            (size,) = struct.unpack("<Q", handle.read(8))
            header = json.loads(handle.read(size))
        for key, info in header.items():
            if key == "__metadata__":
                continue
            count = 1
            for dim in info["shape"]:
                count *= int(dim)
            total += count
    return total


def load_chat_template(folder: Path) -> tuple[str, str]:
    """(template, where it came from): chat_template.jinja, chat_template.json, tokenizer_config.json,
    else our built-in equivalent of the Qwen3-VL template."""
    jinja = folder / "chat_template.jinja"
    if jinja.is_file():
        return jinja.read_text(encoding="utf-8"), jinja.name
    for name in ("chat_template.json", "tokenizer_config.json"):
        path = folder / name
        if path.is_file():
            try:
                template = json.loads(path.read_text(encoding="utf-8")).get("chat_template")
            except (OSError, ValueError) as exc:
                raise ModelUnavailableError(f"{path} cannot be read: {exc}") from None
            if isinstance(template, str) and template.strip():
                return template, name
    return FALLBACK_CHAT_TEMPLATE, "built-in"


def load_vision_settings(folder: Path) -> VisionSettings:
    """Patch and normalisation settings from preprocessor_config.json (Qwen3-VL defaults if absent)."""
    path = folder / "preprocessor_config.json"
    if not path.is_file():
        return VisionSettings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"{path} cannot be read: {exc}") from None
    base = VisionSettings()
    return VisionSettings(patch_size=int(data.get("patch_size", base.patch_size)),
                          merge_size=int(data.get("merge_size", base.merge_size)),
                          temporal_patch_size=int(data.get("temporal_patch_size", base.temporal_patch_size)),
                          image_mean=tuple(data.get("image_mean", base.image_mean)),
                          image_std=tuple(data.get("image_std", base.image_std)),
                          rescale_factor=float(data.get("rescale_factor", base.rescale_factor)))


def load_tokenizer(folder: Path) -> Any:
    go_offline()
    require_model_stack()
    from transformers import Qwen2TokenizerFast

    try:
        # A Qwen tokenizer never needs transformers' Mistral regex patch; saying so explicitly also
        # silences 4.57.x's warning about it for folders saved by a newer 4.57 release.
        return Qwen2TokenizerFast.from_pretrained(str(folder), local_files_only=True, fix_mistral_regex=False)
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"the tokenizer in {folder} cannot be loaded: {exc}") from None


@functools.lru_cache(maxsize=1)
def backbone_class() -> type:
    """Qwen3-VL without the LM head, addressed as ``model.*`` like the published checkpoints (built on
    first use so that importing this module does not import torch)."""
    from transformers.models.qwen3_vl.modeling_qwen3_vl import Qwen3VLModel, Qwen3VLPreTrainedModel

    class Qwen3VLBackbone(Qwen3VLPreTrainedModel):
        """The vision tower + language model; returns the final-norm hidden states."""

        _checkpoint_conversion_mapping: dict = {}
        _keys_to_ignore_on_load_unexpected = [r"^lm_head\."]

        def __init__(self, config: Any) -> None:
            super().__init__(config)
            self.model = Qwen3VLModel(config)
            self.post_init()

        def get_input_embeddings(self) -> Any:
            return self.model.get_input_embeddings()

        def forward(self, **kwargs: Any) -> Any:
            return self.model(**kwargs)

    return Qwen3VLBackbone


def torch_dtype(plan: DevicePlan) -> Any:
    import torch

    return getattr(torch, plan.torch_dtype_name)


def load_backbone(folder: ModelFolder, plan: DevicePlan) -> Any:
    """The backbone at the planned device and precision, in eval mode, with SDPA attention."""
    go_offline()
    require_model_stack()
    kwargs: dict[str, Any] = {"local_files_only": True, "attn_implementation": "sdpa",
                              "dtype": torch_dtype(plan)}
    gpu_int8 = plan.precision == "int8" and plan.device != "cpu"  # bitsandbytes, applied while loading
    cpu_int8 = plan.precision == "int8" and plan.device == "cpu"  # int8 matrix products, after loading
    if gpu_int8:
        from transformers import BitsAndBytesConfig

        # LLM.int8 for the language model; the vision tower stays in 16-bit (small, and sensitive).
        kwargs["quantization_config"] = BitsAndBytesConfig(load_in_8bit=True,
                                                           llm_int8_skip_modules=["visual", "lm_head"])
        kwargs["device_map"] = {"": 0}
    try:
        model, info = backbone_class().from_pretrained(str(folder.path), output_loading_info=True, **kwargs)
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"the weights in {folder.path} cannot be loaded: {_first_line(exc)}") from None
    missing = list(info.get("missing_keys") or [])
    if missing:
        # transformers would fill them with random numbers and carry on: every embedding would be noise.
        shown = ", ".join(sorted(missing)[:3])
        raise ModelUnavailableError(f"the weights in {folder.path} lack {len(missing)} tensor(s) of the "
                                    f"Qwen3-VL backbone (e.g. {shown}): the pack is incomplete or not a "
                                    "Qwen3-VL-Embedding/Reranker checkpoint")
    if not gpu_int8:  # bitsandbytes places its weights itself
        model.to(plan.device)
    model.eval()
    use_matmul_patch_embedding(model)  # same numbers as the Conv3d, without its slow CPU path
    use_fast_vision(model)  # same numbers, fewer element-wise passes and cached per-grid tables
    if cpu_int8:
        quantize_linear_layers(model)  # after the fp32 load: int8 weights, fp32 norms and embeddings
    return model


def read_head_rows(folder: ModelFolder, token_ids: list[int], backbone: Any) -> Any:
    """Rows of the LM head for ``token_ids`` (float32 tensor), read straight from the safetensors files,
    so the reranker needs two rows instead of the whole 151936-row head. With tied embeddings the
    rows come from the input embedding matrix."""
    import torch
    from safetensors import safe_open

    for path in weight_files(folder.path):
        with safe_open(str(path), framework="pt") as handle:
            if "lm_head.weight" in handle.keys():
                head = handle.get_slice("lm_head.weight")
                return torch.cat([head[i:i + 1] for i in token_ids]).float()
    if folder.tied_embeddings:
        weight = backbone.get_input_embeddings().weight
        return weight[token_ids].detach().float().cpu()
    raise ModelUnavailableError(f"{folder.path} has no lm_head.weight: this is not a reranker checkpoint")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    return text.splitlines()[0]
