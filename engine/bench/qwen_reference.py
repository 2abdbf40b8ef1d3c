"""The reference way to feed Qwen3-VL, as the official scripts do it, through transformers' own classes:
the chat template rendered to text, image placeholders expanded in the *text* (as Qwen3VLProcessor
does), pixels from transformers' Qwen2-VL image processor after the smart-resize rule.

It shares nothing with ``engine.models.qwen`` beyond the chat template file, so the parity tests and
``benchmarks/embed_vs_official.py`` compare our runtime against an independent path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

FACTOR = 32  # patch 16 × merge 2: the side a resized image is a multiple of


class ReferencePrompts:
    """Turns a conversation and its figures into prompt text plus pixel arrays."""

    def __init__(self, folder: Path) -> None:
        from transformers import Qwen2TokenizerFast
        from transformers.models.qwen2_vl.image_processing_qwen2_vl import Qwen2VLImageProcessor

        from engine.models.qwen.loading import load_chat_template

        self.tokenizer = Qwen2TokenizerFast.from_pretrained(str(folder), fix_mistral_regex=False)
        self.template, _ = load_chat_template(folder)
        self.images = Qwen2VLImageProcessor(patch_size=16, merge_size=2, temporal_patch_size=2,
                                            image_mean=[0.5] * 3, image_std=[0.5] * 3, do_resize=False)

    def prompt(self, conversation: list[dict], figures: list[Any]) -> tuple[str, list[np.ndarray], list[np.ndarray]]:
        """(prompt text with every image's placeholders expanded, pixel arrays, grid_thw rows)."""
        from PIL import Image
        from transformers.models.qwen2_vl.image_processing_qwen2_vl import smart_resize

        text = self.tokenizer.apply_chat_template(conversation, chat_template=self.template, tokenize=False,
                                                  add_generation_prompt=True)
        pixels, grids = [], []
        for source in figures:
            rgba = Image.open(source).convert("RGBA")  # transparency on white, as a page shows it
            image = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba).convert("RGB")
            height, width = smart_resize(image.height, image.width, factor=FACTOR, min_pixels=4 * FACTOR ** 2,
                                         max_pixels=1800 * FACTOR ** 2)
            out = self.images(images=[image.resize((width, height), Image.Resampling.BICUBIC)], do_resize=False,
                              return_tensors="np")
            pixels.append(out["pixel_values"])
            grids.append(out["image_grid_thw"][0])
            count = int(np.prod(out["image_grid_thw"][0])) // 4
            text = text.replace("<|image_pad|>", "<|placeholder|>" * count, 1)
        return text.replace("<|placeholder|>", "<|image_pad|>"), pixels, grids
