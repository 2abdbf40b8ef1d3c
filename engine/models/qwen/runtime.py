"""What the embedder and the reranker share: a loaded model and the batched input pipeline.

The pipeline plans every input first on the calling thread (render + tokenise, image sizes read from
file headers), groups inputs into token-budget batches, and has a thread pool decode, resize and
patchify the images of the next batches while the model runs the current one, so the model never waits
for Pillow. Batches that run out of memory are split (``BackoffRunner``) and the remaining inputs are
re-batched with the lowered budget.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.models.device import DevicePlan, plan_device
from engine.models.qwen.batching import BackoffRunner, token_budget_batches
from engine.models.qwen.images import (MIN_PIXELS, ImageInputError, describe, fit_size, image_size,
                                       prepare_image, vision_tokens)
from engine.models.qwen.loading import (ModelFolder, count_parameters, load_backbone, load_chat_template,
                                        load_tokenizer, load_vision_settings, open_model_folder)
from engine.models.qwen.masks import batch_attention
from engine.models.qwen.prompt import PromptEncoder
from engine.models.qwen.protocol import ENDOFTEXT_ID

PREFETCH_BATCHES = 2
IMAGE_MEMO_SIZE = 8  # prepared images kept within one run (one 1800-token image is ~44 MB of patches)
Progress = Callable[[int, int], None]


@dataclass
class ImageRef:
    """One image of one input, with the pixel limits that apply to it."""

    source: Any
    max_pixels: int
    min_pixels: int = MIN_PIXELS
    name: str = ""


@dataclass
class Planned:
    """One model input, tokenised, its images not yet decoded."""

    ids: list[int]
    truncated: bool
    images: list[ImageRef] = field(default_factory=list)


class QwenRuntime:
    """A loaded Qwen3-VL backbone with its tokenizer, chat template and batch pipeline."""

    def __init__(self, model_dir: str | os.PathLike, *, precision: str | None, device: str | None,
                 max_length: int, token_budget: int | None, max_batch: int, image_workers: int | None,
                 plan: DevicePlan | None = None, model: Any = None) -> None:
        self.folder: ModelFolder = open_model_folder(model_dir, require_weights=model is None)
        if plan is None:
            params = (sum(p.numel() for p in model.parameters()) if model is not None
                      else count_parameters(self.folder.path))
            plan = plan_device(precision, device, params)
        self.plan = plan
        self.tokenizer = load_tokenizer(self.folder.path)
        self.chat_template, self.chat_template_source = load_chat_template(self.folder.path)
        self.prompts = PromptEncoder(self.tokenizer, self.chat_template, max_length)
        self.vision = load_vision_settings(self.folder.path)
        if model is None:
            self.model = load_backbone(self.folder, self.plan)
        else:  # built in memory (benchmarks): only move it
            self.model = model.to(self.plan.device).eval()
        self.device = next(self.model.parameters()).device
        pad = self.tokenizer.pad_token_id
        self.pad_id = int(pad) if pad is not None else ENDOFTEXT_ID
        budget = token_budget or (16384 if self.plan.device == "cuda" else 4096)
        self.runner = BackoffRunner(budget)
        self.max_batch = max_batch
        self.image_workers = image_workers or max(1, min(4, (os.cpu_count() or 2) - 1))
        self._lock = threading.Lock()  # one forward pass at a time per model (GUI + server share it)
        self._memo: OrderedDict = OrderedDict()  # recently prepared images, cleared after every run
        self._memo_lock = threading.Lock()

    # -- planning -------------------------------------------------------------------------------
    def plan_inputs(self, conversations: list[list[dict]], images: list[list[ImageRef]]) -> list[Planned]:
        """Tokenise every conversation with its vision tokens counted from the image headers."""
        counts: list[list[int]] = []
        for refs in images:
            per_input = []
            for ref in refs:
                width, height = image_size(ref.source, ref.name)
                try:
                    new_h, new_w = fit_size(height, width, self.vision.factor, ref.min_pixels, ref.max_pixels)
                except ValueError as exc:
                    raise ImageInputError(f"cannot use image {ref.name}: {exc}") from None
                per_input.append(vision_tokens(new_h, new_w, self.vision))
            counts.append(per_input)
        encoded = self.prompts.encode_many(conversations, counts)
        return [Planned(e.ids, e.truncated, refs) for e, refs in zip(encoded, images)]

    # -- running --------------------------------------------------------------------------------
    def run(self, planned: list[Planned], head: Callable[[Any, Any], Any], left_padding: bool,
            progress: Progress | None = None) -> np.ndarray:
        """``head(last_hidden_state, attention_mask)`` for every input, rows in input order."""
        total = len(planned)
        if total == 0:
            return np.zeros((0, 0), dtype=np.float32)
        rows: dict[int, np.ndarray] = {}
        pixels: dict[int, Future] = {}
        remaining = list(range(total))
        with self._lock, ThreadPoolExecutor(self.image_workers, thread_name_prefix="qwen-images") as pool:
            try:
                while remaining:
                    budget = self.runner.token_budget
                    lengths = [len(planned[i].ids) for i in remaining]
                    batches = [[remaining[j] for j in batch]
                               for batch in token_budget_batches(lengths, budget, self.max_batch)]
                    for number, batch in enumerate(batches):
                        for ahead in batches[number:number + PREFETCH_BATCHES + 1]:
                            self._submit(pool, planned, ahead, pixels)
                        padded = max(len(planned[i].ids) for i in batch) * len(batch)
                        out = self.runner.run(
                            batch, lambda sub: self._forward(planned, sub, pixels, head, left_padding), padded)
                        for position, row in zip(batch, out):
                            rows[position] = row
                            pixels.pop(position, None)
                        if progress:
                            progress(len(rows), total)
                        if self.runner.token_budget < budget:  # re-batch what is left at the new budget
                            break
                    remaining = [i for i in range(total) if i not in rows]
            finally:
                for future in pixels.values():
                    future.cancel()
                with self._memo_lock:
                    self._memo.clear()  # a file may change between runs; patches are large
        return np.stack([rows[i] for i in range(total)]).astype(np.float32, copy=False)

    def _submit(self, pool: ThreadPoolExecutor, planned: list[Planned], batch: list[int],
                pixels: dict[int, Future]) -> None:
        for position in batch:
            if position not in pixels and planned[position].images:
                pixels[position] = pool.submit(self._pixels, planned[position])

    def _pixels(self, item: Planned) -> list[tuple[np.ndarray, tuple[int, int, int]]]:
        return [self._prepared(ref) for ref in item.images]

    def _prepared(self, ref: ImageRef) -> tuple[np.ndarray, tuple[int, int, int]]:
        """Patches of one image, decoded once for a run of inputs that repeat it (a query figure in every
        reranked pair): a small LRU keyed by file path (or object identity) and pixel limits."""
        key = (str(ref.source) if isinstance(ref.source, (str, os.PathLike)) else id(ref.source),
               ref.min_pixels, ref.max_pixels)
        with self._memo_lock:
            hit = self._memo.get(key)
            if hit is not None:
                self._memo.move_to_end(key)
                return hit
        prepared = prepare_image(ref.source, self.vision, ref.min_pixels, ref.max_pixels, ref.name)
        with self._memo_lock:
            self._memo[key] = prepared
            while len(self._memo) > IMAGE_MEMO_SIZE:
                self._memo.popitem(last=False)
        return prepared

    def _forward(self, planned: list[Planned], batch: list[int], pixels: dict[int, Future],
                 head: Callable[[Any, Any], Any], left_padding: bool) -> np.ndarray:
        import torch

        width = max(len(planned[i].ids) for i in batch)
        input_ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        patches: list[np.ndarray] = []
        grids: list[tuple[int, int, int]] = []
        for row, position in enumerate(batch):
            ids = planned[position].ids
            span = slice(width - len(ids), width) if left_padding else slice(0, len(ids))
            input_ids[row, span] = torch.tensor(ids, dtype=torch.long)
            mask[row, span] = 1
            if position in pixels:
                for array, grid in pixels[position].result():  # re-raises a worker's ImageInputError
                    patches.append(array)
                    grids.append(grid)
        inputs: dict[str, Any] = {"input_ids": input_ids.to(self.device), "attention_mask": mask.to(self.device),
                                  "use_cache": False}
        if patches:
            inputs["pixel_values"] = torch.from_numpy(np.concatenate(patches)).to(self.device)
            inputs["image_grid_thw"] = torch.tensor(grids, dtype=torch.long, device=self.device)
        with torch.inference_mode():
            hidden = self.model(**batch_attention(self.model, inputs)).last_hidden_state
            values = head(hidden, inputs["attention_mask"])
        return values.float().cpu().numpy()

    def image_ref(self, source: Any, max_pixels: int, position: int | None = None) -> ImageRef:
        return ImageRef(source=source, max_pixels=max_pixels, name=describe(source, position))
