"""Qwen3-VL vision patch embedding: PyTorch's Conv3d vs our matmul form, at the 2B model's shape.

    python benchmarks/patch_embed_bench.py [--hidden 1024] [--repeat 5]

Prints ms per figure for figures of common sizes (patches = (H/16)·(W/16)) and the speed-up, both forms in
the same run on the same inputs, plus the largest difference between their outputs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hidden", type=int, default=1024, help="vision hidden size (2B: 1024)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    import torch
    from transformers.models.qwen3_vl.modeling_qwen3_vl import Qwen3VLVisionPatchEmbed

    from engine.models.qwen.patch_embed import use_matmul_patch_embedding

    torch.manual_seed(0)
    config = SimpleNamespace(patch_size=16, temporal_patch_size=2, in_channels=3, hidden_size=args.hidden)
    conv = Qwen3VLVisionPatchEmbed(config).eval()
    fast = Qwen3VLVisionPatchEmbed(config).eval()
    fast.load_state_dict(conv.state_dict())
    use_matmul_patch_embedding(SimpleNamespace(visual=SimpleNamespace(patch_embed=fast)))

    def timed(layer, x) -> float:
        layer(x)
        start = time.perf_counter()
        for _ in range(args.repeat):
            layer(x)
        return (time.perf_counter() - start) / args.repeat * 1000

    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, hidden {args.hidden}")
    print("| figure | patches | Conv3d ms | matmul ms | speed-up | max abs diff |")
    print("|---|---|---|---|---|---|")
    for side in (256, 448, 768, 1024):
        patches = (side // 16) ** 2
        x = torch.randn(patches, 3 * 2 * 16 * 16)
        with torch.no_grad():
            slow_ms, fast_ms = timed(conv, x), timed(fast, x)
            diff = (conv(x) - fast(x)).abs().max().item()
        print(f"| {side}×{side} | {patches} | {slow_ms:.1f} | {fast_ms:.1f} | {slow_ms / fast_ms:.1f}× | {diff:.1e} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
