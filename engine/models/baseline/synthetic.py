"""Tiny random-weight checkpoints of the baseline's architectures, written in seconds (no download).

``write_kure_checkpoint`` writes an XLM-RoBERTa folder in KURE-v1's sentence-transformers layout
(config.json, model.safetensors, tokenizer.json + tokenizer_config.json, modules.json, 1_Pooling with CLS
pooling, 2_Normalize, sentence_bert_config.json). ``write_siglip_checkpoint`` writes a SigLIP
(``siglip``, the layout of google/siglip2-base-patch16-256) or NaFlex SigLIP 2 (``siglip2``) folder with
a preprocessor config. Both tokenizers are built here with the ``tokenizers`` library: a Unigram model
over single characters (ASCII, Hangul syllables and jamo, common symbols) with a Metaspace
pre-tokenizer, XLM-R's special tokens (<s> 0, <pad> 1, </s> 2, <unk> 3) or Gemma's (<pad> 0, <eos> 1,
<bos> 2, <unk> 3). Random weights say nothing about quality; tests compare against direct computation.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SIGLIP_FAMILIES = ("siglip", "siglip2")
_XLMR_SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]
_GEMMA_SPECIALS = ["<pad>", "<eos>", "<bos>", "<unk>"]


def _characters() -> list[str]:
    chars = [chr(c) for c in range(0x21, 0x7F)]                 # printable ASCII
    chars += [chr(c) for c in range(0xAC00, 0xD7A4)]            # Hangul syllables
    chars += [chr(c) for c in range(0x3131, 0x3164)]            # compatibility jamo
    chars += list("·…—–‘’“”①②③④⑤⑥⑦⑧⑨⑩㉠㉡㉢㉣ㄱㄴㄷㄹ°±×÷√∠△□○←→↑↓≤≥≠∞πθαβγ²³½¼")
    return list(dict.fromkeys(chars))


@functools.lru_cache(maxsize=2)
def tokenizer_json(style: str) -> str:
    """A character-level Unigram tokenizer.json; ``style`` is "xlmr" or "gemma" (special tokens, template)."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    specials = _XLMR_SPECIALS if style == "xlmr" else _GEMMA_SPECIALS
    pieces = [(token, 0.0) for token in specials] + [("▁", -2.0)]
    pieces += [(char, -5.0) for char in _characters()] + [(f"▁{char}", -4.0) for char in _characters()[:94]]
    if style == "xlmr":
        pieces.append(("<mask>", 0.0))
    tokenizer = Tokenizer(models.Unigram(pieces, unk_id=3, byte_fallback=False))
    tokenizer.normalizer = normalizers.NFKC()
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    specials_in_vocab = specials + (["<mask>"] if style == "xlmr" else [])
    tokenizer.add_special_tokens(specials_in_vocab)
    if style == "xlmr":
        tokenizer.post_processor = processors.TemplateProcessing(
            single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    else:
        tokenizer.post_processor = processors.TemplateProcessing(
            single="<bos> $A", pair="<bos> $A <bos> $B", special_tokens=[("<bos>", 2)])
    return tokenizer.to_str()


def _vocab_size(style: str) -> int:
    return len(json.loads(tokenizer_json(style))["model"]["vocab"])


def _write(folder: Path, name: str, data: Any) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


# -- KURE-v1 (XLM-RoBERTa, sentence-transformers) --------------------------------------------------
def kure_config(max_positions: int = 130) -> dict:
    return {"architectures": ["XLMRobertaModel"], "model_type": "xlm-roberta", "vocab_size": _vocab_size("xlmr"),
            "hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 64,
            "hidden_act": "gelu", "max_position_embeddings": max_positions, "type_vocab_size": 1,
            "layer_norm_eps": 1e-5, "pad_token_id": 1, "bos_token_id": 0, "eos_token_id": 2,
            "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
            "initializer_range": 0.5,  # wide random weights, so that different texts get different vectors
            "position_embedding_type": "absolute"}


def write_kure_checkpoint(folder: str | Path, seed: int = 0, max_seq_length: int = 128,
                          pooling: str = "cls") -> Path:
    import torch
    from transformers import XLMRobertaConfig, XLMRobertaModel

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    model = XLMRobertaModel(XLMRobertaConfig(**kure_config(max_seq_length + 2))).eval()
    model.save_pretrained(str(folder), safe_serialization=True)
    (folder / "tokenizer.json").write_text(tokenizer_json("xlmr"), encoding="utf-8")
    _write(folder, "tokenizer_config.json", {
        "tokenizer_class": "XLMRobertaTokenizer", "bos_token": "<s>", "eos_token": "</s>", "cls_token": "<s>",
        "sep_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>", "mask_token": "<mask>",
        "model_max_length": 8192, "clean_up_tokenization_spaces": True})
    _write(folder, "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}])
    _write(folder, "1_Pooling/config.json", {
        "word_embedding_dimension": 32, "pooling_mode_cls_token": pooling == "cls",
        "pooling_mode_mean_tokens": pooling == "mean", "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False, "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": pooling == "lasttoken", "include_prompt": True})
    (folder / "2_Normalize").mkdir(exist_ok=True)
    _write(folder, "sentence_bert_config.json", {"max_seq_length": max_seq_length, "do_lower_case": False})
    _write(folder, "config_sentence_transformers.json", {"prompts": {}, "default_prompt_name": None,
                                                         "similarity_fn_name": "cosine"})
    return folder


# -- SigLIP / SigLIP 2 --------------------------------------------------------------------------------
def siglip_config(family: str = "siglip") -> dict:
    if family not in SIGLIP_FAMILIES:
        raise ValueError(f"unknown family {family!r}: use one of {', '.join(SIGLIP_FAMILIES)}")
    text = {"vocab_size": _vocab_size("gemma"), "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2,
            "num_attention_heads": 4, "max_position_embeddings": 64, "projection_size": 32,
            "pad_token_id": 0, "bos_token_id": 2, "eos_token_id": 1}
    vision = {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
              "patch_size": 8, "num_channels": 3}
    if family == "siglip":
        vision["image_size"] = 32
    else:
        vision["num_patches"] = 16
    return {"architectures": ["SiglipModel" if family == "siglip" else "Siglip2Model"], "model_type": family,
            "text_config": {"model_type": f"{family}_text_model", **text},
            "vision_config": {"model_type": f"{family}_vision_model", **vision}, "initializer_factor": 1.0}


def siglip_preprocessor(family: str = "siglip") -> dict:
    common = {"do_rescale": True, "rescale_factor": 1 / 255, "do_normalize": True, "do_convert_rgb": None,
              "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5], "resample": 2, "do_resize": True}
    if family == "siglip":
        return {"image_processor_type": "SiglipImageProcessor", "processor_class": "SiglipProcessor",
                "size": {"height": 32, "width": 32}, **common}
    return {"image_processor_type": "Siglip2ImageProcessor", "processor_class": "Siglip2Processor",
            "patch_size": 8, "max_num_patches": 16, **common}


def write_siglip_checkpoint(folder: str | Path, family: str = "siglip", seed: int = 0) -> Path:
    import torch
    import transformers

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    config_cls = transformers.SiglipConfig if family == "siglip" else transformers.Siglip2Config
    model_cls = transformers.SiglipModel if family == "siglip" else transformers.Siglip2Model
    torch.manual_seed(seed)
    raw = siglip_config(family)
    config = config_cls(text_config=raw["text_config"], vision_config=raw["vision_config"])
    model = model_cls(config).eval()
    with torch.no_grad():  # SigLIP's defaults; random init leaves them at zero
        model.logit_scale.fill_(float(torch.log(torch.tensor(10.0))))
        model.logit_bias.fill_(-10.0)
    model.save_pretrained(str(folder), safe_serialization=True)
    (folder / "tokenizer.json").write_text(tokenizer_json("gemma"), encoding="utf-8")
    _write(folder, "tokenizer_config.json", {
        "tokenizer_class": "GemmaTokenizer", "bos_token": "<bos>", "eos_token": "<eos>", "pad_token": "<pad>",
        "unk_token": "<unk>", "add_bos_token": True, "add_eos_token": False, "model_max_length": 64,
        "padding_side": "right"})
    _write(folder, "preprocessor_config.json", siglip_preprocessor(family))
    return folder
