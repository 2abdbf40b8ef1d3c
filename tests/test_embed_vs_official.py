"""benchmarks/embed_vs_official.py compares like with like: the official-style path (transformers'
classes, padded batches, last-token pooling) and ours embed the same items to the same vectors, so the
speed-up it prints is for the same answer."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "embed_vs_official.py"


def test_both_sides_embed_the_same_items_to_the_same_vectors():
    spec = importlib.util.spec_from_file_location("embed_vs_official", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.run("tiny", items=5, rounds=1)
    assert result["items"] == 5 and result["with_figure"] == 2  # items 0 and 4 carry a figure
    assert result["cosine_min"] > 0.999  # padded batches with figures, same vectors as ours
    assert result["ours_items_per_s"][0] > 0 and result["official_items_per_s"][0] > 0


def test_int8_side_reports_its_precision_and_how_far_it_is_from_fp32():
    spec = importlib.util.spec_from_file_location("embed_vs_official", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.run("tiny", items=4, rounds=1, precision="int8")
    assert result["precision"] == "int8"
    assert 0.99 < result["cosine_min"] < 0.999999  # close to the official fp32 vectors, yet not the fp32 path
