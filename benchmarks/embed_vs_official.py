"""``itembank embed``'s embedder against the official way of running Qwen3-VL-Embedding, same CPU work.

The baseline does what the official embedding script does: the chat template rendered to text, image
placeholders expanded in the text, pixels from transformers' Qwen2-VL image processor, a padded batch
through transformers' ``Qwen3VLForConditionalGeneration`` (its base model), the last real token's hidden
state, L2-normalised. Our side is ``QwenEmbedder.embed_many``, which ``itembank embed`` calls. Both get
the same items (about 150-token exam texts, every fourth with a figure) in the same batch size, on the
same random-weight checkpoint of the real architecture; rounds alternate which side goes first, and
the vectors are compared (cosine) so a speed-up never hides a different answer.

``--size 2b-vision`` is the real 2B vision tower with a 2-layer, 512-wide language model: the tiny
model's vision tower is too small to show what figures really cost. Its figures default to 384×352
(528 patches) so a round takes minutes, not hours, on a laptop CPU. ``--threads`` sets torch's thread
count for both sides alike; the load average is printed with the figures (other work on the machine
moves them).

    python benchmarks/embed_vs_official.py [--size tiny|2b|2b-vision] [--items 32] [--every 4]
        [--figure 736x704] [--threads N] [--rounds 3] [--precision fp32|int8] [--model DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BATCH = 8


class OfficialStyleEmbedder:
    """The reference path: transformers' own classes, padded batches, last-token pooling."""

    def __init__(self, folder: Path) -> None:
        import torch
        from transformers import Qwen3VLForConditionalGeneration

        from engine.bench.qwen_reference import ReferencePrompts

        self.torch = torch
        self.prompts = ReferencePrompts(folder)
        self.tokenizer = self.prompts.tokenizer
        self.tokenizer.padding_side = "right"
        self.model = Qwen3VLForConditionalGeneration.from_pretrained(str(folder), dtype=torch.float32).eval()

    def embed(self, conversations: list[list[dict]], figures: list[list[Path]]) -> np.ndarray:
        torch = self.torch
        out = []
        with torch.inference_mode():
            for start in range(0, len(conversations), BATCH):
                prompts, pixels, grids = [], [], []
                for conversation, item_figures in zip(conversations[start:start + BATCH],
                                                      figures[start:start + BATCH]):
                    text, p, g = self.prompts.prompt(conversation, item_figures)
                    prompts.append(text)
                    pixels += p
                    grids += g
                batch = dict(self.tokenizer(prompts, add_special_tokens=False, padding=True, return_tensors="pt"))
                if pixels:
                    batch["pixel_values"] = torch.from_numpy(np.concatenate(pixels))
                    batch["image_grid_thw"] = torch.tensor(np.stack(grids))
                hidden = self.model.model(**batch).last_hidden_state
                last = batch["attention_mask"].sum(dim=1) - 1
                pooled = hidden[torch.arange(hidden.shape[0]), last]
                out.append(torch.nn.functional.normalize(pooled, dim=-1).numpy())
        return np.concatenate(out)


FIGURE_SIDES = {"tiny": (736, 704), "2b": (736, 704), "2b-vision": (384, 352)}


def _workload(folder: Path, items: int, tokenizer, every: int = 4,
              side: tuple[int, int] = FIGURE_SIDES["tiny"]) -> list[dict]:
    """Exam texts of ~150 tokens; every ``every``-th item has a figure, four distinct ones in turn."""
    from engine.bench.qwen import TEXT_TOKENS, _figure, _sized_text

    text = _sized_text(tokenizer, TEXT_TOKENS)
    figures = [_figure(folder / f"fig{i}.png", i, side) for i in range(4)]
    return [{"text": f"{i}번 문항. {text}", **({"image": figures[(i // every) % 4]} if i % every == 0 else {})}
            for i in range(items)]


def run(size: str, items: int, rounds: int, every: int = 4, figure: tuple[int, int] | None = None,
        threads: int = 0, precision: str = "fp32", model: Path | None = None) -> dict:
    import torch

    from engine.bench.qwen import write_bench_checkpoints
    from engine.models.qwen.embedder import QwenEmbedder
    from engine.models.qwen.protocol import DOCUMENT_INSTRUCTION, coerce_input, embed_conversation

    if threads:
        torch.set_num_threads(threads)  # one process: both sides run with it
    figure = figure or FIGURE_SIDES[size]
    load_before = os.getloadavg()[0]
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory(prefix="itembank-embed-vs-official-") as tmp:
        root = Path(tmp)
        folder = model or write_bench_checkpoints(root, size, ("embedder",))["embedder"]
        ours = QwenEmbedder(folder, device="cpu", precision=precision)
        official = OfficialStyleEmbedder(folder)
        work = _workload(root, items, ours.runtime.tokenizer, every, figure)
        conversations = [embed_conversation(coerce_input(row), DOCUMENT_INSTRUCTION) for row in work]
        figures = [[Path(row["image"])] if "image" in row else [] for row in work]
        ours.embed_many(work, [None] * len(work))  # warm-up both on the whole workload (kernels,
        official.embed(conversations, figures)      # allocator, every batch shape) before timing
        figures_out, timings = {}, []
        for number in range(rounds):
            order = ("ours", "official") if number % 2 == 0 else ("official", "ours")
            took = {}
            for side in order:
                start = time.perf_counter()
                if side == "ours":
                    figures_out["ours"] = ours.embed_many(work, [None] * len(work)).vectors
                else:
                    figures_out["official"] = official.embed(conversations, figures)
                took[side] = time.perf_counter() - start
            timings.append(took)
        cosines = np.sum(figures_out["ours"] * figures_out["official"], axis=1)
    speedups = [t["official"] / t["ours"] for t in timings]
    return {"size": str(model) if model else size, "precision": ours.precision, "items": items,
            "with_figure": sum(1 for f in figures if f), "batch": BATCH, "figure": f"{figure[0]}x{figure[1]}", "torch": torch.__version__, "threads": torch.get_num_threads(),
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "ours_items_per_s": [round(items / t["ours"], 2) for t in timings],
            "official_items_per_s": [round(items / t["official"], 2) for t in timings],
            "speedup_per_round": [round(s, 2) for s in speedups],
            "speedup_median": round(statistics.median(speedups), 2), "speedup_min": round(min(speedups), 2),
            "cosine_min": round(float(cosines.min()), 5)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="tiny", choices=("tiny", "2b", "2b-vision"))
    parser.add_argument("--items", type=int, default=32)
    parser.add_argument("--every", type=int, default=4, help="every N-th item has a figure (1: all)")
    parser.add_argument("--figure", default="", help="figure size WxH (default per size)")
    parser.add_argument("--threads", type=int, default=0, help="torch threads for both sides (0: default)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--precision", default="fp32", choices=("fp32", "int8"), help="our side's precision")
    parser.add_argument("--model", type=Path, default=None,
                        help="a Qwen3-VL-Embedding folder instead of random weights")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    side = tuple(int(v) for v in args.figure.lower().split("x")) if args.figure else None
    result = run(args.size, args.items, args.rounds, args.every, side, args.threads, args.precision, args.model)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(f"itembank embed ({result['precision']}) vs the official path (fp32) — size {result['size']}, "
              f"{result['items']} items "
              f"({result['with_figure']} with a {result['figure']} figure), batch {result['batch']}, "
              f"torch {result['torch']}, {result['threads']} threads, load average "
              f"{result['load_average'][0]} → {result['load_average'][1]}")
        for n, (a, b, s) in enumerate(zip(result["ours_items_per_s"], result["official_items_per_s"],
                                          result["speedup_per_round"]), start=1):
            print(f"  round {n}: ours {a} items/s · official {b} items/s · {s}×")
        print(f"  speed-up median {result['speedup_median']}×, min {result['speedup_min']}×; "
              f"vectors agree to cosine ≥ {result['cosine_min']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
