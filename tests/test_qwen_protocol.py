"""The Qwen3-VL input protocol without a model: instructions, conversations, the image resize rule and
patch layout (checked against transformers' own Qwen2-VL image processor), batching and OOM back-off,
and the device/precision plan with its fallbacks."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conftest import draw_figure, transparent_figure
from engine.models.device import GIB, Hardware, plan_device
from engine.models.qwen.batching import BackoffRunner, ModelOutOfMemoryError, token_budget_batches
from engine.models.qwen.images import (ImageInputError, VisionSettings, fit_size, load_image, prepare_image,
                                       to_rgb)
from engine.models.qwen.protocol import (DOCUMENT_INSTRUCTION, NULL_TEXT, RERANK_INSTRUCTION,
                                         RERANK_SYSTEM_PROMPT, QwenInput, coerce_input, embed_conversation,
                                         finish_instruction, rerank_conversation)

FACTOR = 32
MIN_PIXELS, MAX_PIXELS = 4 * FACTOR * FACTOR, 1800 * FACTOR * FACTOR


# -- instructions and conversations -------------------------------------------------------------
@pytest.mark.parametrize(("given", "expected"), [
    (None, DOCUMENT_INSTRUCTION),
    ("   ", DOCUMENT_INSTRUCTION),
    ("Find items about triangles", "Find items about triangles."),
    ("  같은 개념을 묻는 문항을 찾으시오  ", "같은 개념을 묻는 문항을 찾으시오."),
    ("Which item?", "Which item?"),
    ("문항을 찾으시오.", "문항을 찾으시오."),
    ("(수학)", "(수학)"),  # a closing bracket is punctuation too
])
def test_instruction_gets_a_final_full_stop_only_without_punctuation(given, expected):
    assert finish_instruction(given, DOCUMENT_INSTRUCTION) == expected


def test_a_string_is_always_text_never_a_path(tmp_path: Path):
    figure = draw_figure(tmp_path / "fig.png")
    assert coerce_input(str(figure)) == QwenInput(text=str(figure))
    assert coerce_input(figure).images == (figure,)
    assert coerce_input({"image": "fig.png"}, base_dir=tmp_path).images == (tmp_path / "fig.png",)


def test_missing_input_is_null_but_empty_text_stays_empty():
    assert embed_conversation(QwenInput(), "S.")[1]["content"] == [{"type": "text", "text": NULL_TEXT}]
    assert embed_conversation(QwenInput(text=""), "S.")[1]["content"] == [{"type": "text", "text": ""}]
    assert coerce_input(None).is_missing and not coerce_input("").is_missing


def test_images_come_before_the_text_and_the_instruction_is_the_system_message(tmp_path: Path):
    conversation = embed_conversation(QwenInput(text="삼각형", images=(tmp_path / "a.png",)), "Sys.")
    assert conversation[0] == {"role": "system", "content": [{"type": "text", "text": "Sys."}]}
    assert [part["type"] for part in conversation[1]["content"]] == ["image", "text"]


def test_unknown_input_fields_and_types_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="unknown input field"):
        coerce_input({"txt": "오타"})
    with pytest.raises(ValueError, match="cannot embed a int"):
        coerce_input(3)
    with pytest.raises(ValueError, match="'text' must be a string"):
        coerce_input({"text": 5})


def test_rerank_conversation_layout():
    conversation = rerank_conversation(QwenInput(text="근과 계수"), QwenInput(text="x²-3x+2=0"), None)
    assert conversation[0]["content"] == [{"type": "text", "text": RERANK_SYSTEM_PROMPT}]
    texts = [part.get("text") for part in conversation[1]["content"]]
    assert texts == [f"<Instruct>: {RERANK_INSTRUCTION}", "<Query>:", "근과 계수", "\n<Document>:", "x²-3x+2=0"]
    custom = rerank_conversation(QwenInput(text="q"), QwenInput(), "같은 단원의 문항")
    assert custom[1]["content"][0]["text"] == "<Instruct>: 같은 단원의 문항"
    assert custom[1]["content"][-1]["text"] == NULL_TEXT


# -- images ---------------------------------------------------------------------------------------
def test_resize_rule_matches_transformers_smart_resize():
    from transformers.models.qwen2_vl.image_processing_qwen2_vl import smart_resize

    rng = random.Random(7)
    sizes = [(1, 1), (10, 10), (31, 33), (48, 80), (5000, 40), (3000, 3000), (1080, 1920), (2339, 1654)]
    sizes += [(rng.randint(1, 4000), rng.randint(1, 4000)) for _ in range(300)]
    for height, width in sizes:
        if max(height, width) / min(height, width) > 200:
            continue
        expected = smart_resize(height, width, factor=FACTOR, min_pixels=MIN_PIXELS, max_pixels=MAX_PIXELS)
        assert fit_size(height, width) == expected, (height, width)
        new_h, new_w = expected
        assert new_h % FACTOR == 0 and new_w % FACTOR == 0 and MIN_PIXELS <= new_h * new_w <= MAX_PIXELS


def test_extreme_aspect_ratio_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="aspect ratio"):
        fit_size(10, 5000)


def _reference_pixels(image: Image.Image, max_pixels: int = MAX_PIXELS) -> tuple[np.ndarray, np.ndarray]:
    """What the official pipeline hands the model: resize by smart_resize (bicubic), then the Qwen2-VL
    image processor with resizing off."""
    from transformers.models.qwen2_vl.image_processing_qwen2_vl import Qwen2VLImageProcessor, smart_resize

    height, width = smart_resize(image.height, image.width, factor=FACTOR, min_pixels=MIN_PIXELS,
                                 max_pixels=max_pixels)
    processor = Qwen2VLImageProcessor(patch_size=16, merge_size=2, temporal_patch_size=2,
                                      image_mean=[0.5] * 3, image_std=[0.5] * 3, do_resize=False)
    out = processor(images=[image.resize((width, height), Image.Resampling.BICUBIC)], do_resize=False,
                    return_tensors="np")
    return out["pixel_values"], out["image_grid_thw"][0]


def _on_white(image: Image.Image) -> Image.Image:
    rgba = image.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba).convert("RGB")


@pytest.mark.parametrize("kind", ["rgb", "rgba", "palette", "grey", "large"])
def test_patches_equal_the_qwen2_vl_image_processor(tmp_path: Path, kind: str):
    if kind == "rgba":
        path = transparent_figure(tmp_path / "t.png")
    elif kind == "palette":
        path = tmp_path / "p.png"
        transparent_figure(tmp_path / "t.png").rename(path)
        Image.open(path).convert("RGBA").quantize(16).save(path, transparency=0)
    elif kind == "grey":
        path = tmp_path / "g.png"
        Image.open(draw_figure(tmp_path / "c.png", "circle")).convert("L").save(path)
    elif kind == "large":
        path = draw_figure(tmp_path / "big.png", "graph", size=(2400, 1700))
    else:
        path = draw_figure(tmp_path / "r.png", "triangle", size=(333, 217))
    ours, grid = prepare_image(path, VisionSettings())
    expected, expected_grid = _reference_pixels(_on_white(Image.open(path)))
    assert tuple(grid) == tuple(int(v) for v in expected_grid)
    np.testing.assert_allclose(ours, expected, atol=1e-5)


def test_transparent_background_becomes_white_not_black(tmp_path: Path):
    image = to_rgb(Image.open(transparent_figure(tmp_path / "t.png")))
    assert image.mode == "RGB" and image.getpixel((1, 1)) == (255, 255, 255)
    palette = Image.open(transparent_figure(tmp_path / "t2.png")).convert("RGBA").quantize(8)
    palette.info["transparency"] = palette.getpixel((1, 1))
    assert to_rgb(palette).getpixel((1, 1)) == (255, 255, 255)


def test_bad_images_raise_an_error_naming_the_file(tmp_path: Path):
    broken = tmp_path / "깨진그림.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(ImageInputError, match="깨진그림.png"):
        load_image(broken)
    with pytest.raises(ImageInputError, match="not found: .*없는그림.png"):
        load_image(tmp_path / "없는그림.png")


# -- batching and out-of-memory back-off ---------------------------------------------------------
def test_token_budget_batches_cover_every_input_once_within_the_budget():
    rng = random.Random(3)
    lengths = [rng.randint(5, 900) for _ in range(500)] + [5000]
    batches = token_budget_batches(lengths, token_budget=4096, max_batch=16)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= 16
        longest = max(lengths[i] for i in batch)
        assert len(batch) == 1 or longest * len(batch) <= 4096
    assert batches[0] == [len(lengths) - 1]  # the longest first, alone: it is over the budget
    # length-sorted: far less padding than arrival order in fixed batches of the same count
    padded = sum(max(lengths[i] for i in b) * len(b) for b in batches)
    naive = sum(max(lengths[i:i + 16]) * len(lengths[i:i + 16]) for i in range(0, len(lengths), 16))
    assert padded < 0.8 * naive
    for batch in batches:  # no row padded to more than twice its length
        assert max(lengths[i] for i in batch) <= 2 * min(lengths[i] for i in batch)


def test_short_inputs_do_not_ride_in_a_long_batch_that_has_room():
    lengths = [682] * 8 + [174] * 24  # figure items and text items, as in benchmarks/embed_vs_official.py
    batches = token_budget_batches(lengths, token_budget=4096, max_batch=64)
    assert [len(b) for b in batches] == [6, 2, 23, 1]
    assert all(lengths[i] == 682 for i in batches[1])


def test_out_of_memory_splits_the_batch_and_lowers_the_budget():
    calls: list[int] = []

    def forward(batch: list[int]) -> np.ndarray:
        calls.append(len(batch))
        if len(batch) > 2:
            raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return np.asarray([[float(i)] for i in batch])

    runner = BackoffRunner(token_budget=8000)
    out = runner.run(list(range(8)), forward, padded_tokens=8000)
    assert out[:, 0].tolist() == list(range(8))
    assert runner.splits == 3 and runner.token_budget <= 2000
    assert calls[0] == 8


def test_an_input_that_never_fits_is_named_and_other_errors_pass_through():
    def always_oom(batch):
        raise RuntimeError("CUDA out of memory")

    runner = BackoffRunner(4096, describe=lambda i: f"item #{i + 1} (figure big.png)")
    with pytest.raises(ModelOutOfMemoryError, match=r"item #3 \(figure big.png\).*max_pixels"):
        runner.run([2], always_oom, 4096)

    def broken(batch):
        raise RuntimeError("shape mismatch")

    with pytest.raises(RuntimeError, match="shape mismatch"):
        BackoffRunner(4096).run([0, 1], broken, 100)


# -- device and precision plan -------------------------------------------------------------------
PARAMS_2B = 2_130_000_000


def _gpu(free_gib: float = 11.0, capability=(8, 6), bnb=True, accelerate=True) -> Hardware:
    return Hardware(torch=True, cuda=True, gpu_name="NVIDIA GeForce RTX 3060", capability=capability,
                    free_bytes=int(free_gib * GIB), total_bytes=12 * GIB, bitsandbytes=bnb,
                    accelerate=accelerate)


def test_cpu_only_pc_runs_fp32_and_says_why():
    plan = plan_device(None, None, PARAMS_2B, Hardware(torch=True, cuda=False))
    assert (plan.device, plan.precision) == ("cpu", "fp32")
    assert any("no CUDA GPU" in r for r in plan.reasons)
    asked = plan_device("fp16", None, PARAMS_2B, Hardware(torch=True, cuda=False))
    assert asked.precision == "fp32" and any("fp16 needs a CUDA GPU" in r for r in asked.reasons)


def test_school_gpu_gets_int8_by_default():
    plan = plan_device(None, None, PARAMS_2B, _gpu())
    assert (plan.device, plan.precision) == ("cuda", "int8")
    assert plan.torch_dtype_name == "bfloat16"


def test_without_bitsandbytes_int8_falls_back_to_bf16_and_names_the_package():
    plan = plan_device(None, None, PARAMS_2B, _gpu(bnb=False))
    assert plan.precision == "bf16" and any("bitsandbytes" in r for r in plan.reasons)


def test_old_gpus_fall_back_by_compute_capability():
    turing = plan_device("bf16", None, PARAMS_2B, _gpu(capability=(7, 5)))
    assert turing.precision == "fp16" and any("no bf16" in r for r in turing.reasons)
    pascal = plan_device(None, None, PARAMS_2B, _gpu(capability=(6, 1)))
    assert pascal.precision == "fp16" and any("7.5" in r for r in pascal.reasons)


def test_too_little_free_memory_moves_to_int8_then_to_the_cpu():
    squeezed = plan_device("bf16", None, PARAMS_2B, _gpu(free_gib=4.5))
    assert squeezed.precision == "int8" and any("using int8 instead" in r for r in squeezed.reasons)
    full = plan_device(None, None, PARAMS_2B, _gpu(free_gib=1.0))
    assert (full.device, full.precision) == ("cpu", "fp32")
    assert any("only 1.0 GiB is free" in r for r in full.reasons)


def test_unknown_precision_is_refused():
    with pytest.raises(ValueError, match="unknown precision 'int4'"):
        plan_device("int4", None, None, Hardware(torch=True, cuda=False))
