"""The baseline's models against a straightforward computation with transformers called directly, the
late-fusion rule by hand, and the errors a bad folder gives.

KURE-v1: XLMRobertaModel on one tokenised input, the CLS state, L2-normalised (what sentence-transformers'
Transformer → Pooling(cls) → Normalize computes). SigLIP: the checkpoint's image processor and
``get_image_features`` / ``get_text_features`` (text lower-cased and padded to 64 as in training),
normalised.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import torch
from PIL import Image

from conftest import draw_figure, transparent_figure
from engine.models.baseline.folders import kind_of_folder, open_baseline_folder
from engine.models.baseline.fusion import FusionSpec, FusionSpecError, fuse_scores, minmax
from engine.models.baseline.kure import KureEmbedder
from engine.models.baseline.siglip import SiglipEmbedder
from engine.models.baseline.synthetic import write_kure_checkpoint, write_siglip_checkpoint
from engine.models.inputs import EmbedInput
from engine.models.lite import ModelUnavailableError

TEXTS = ["이차방정식 x² − 5x + 6 = 0의 두 근의 합은?", "체세포 분열 중기에 염색체가 적도판에 배열된다.",
         "Read the passage and choose the best title."]


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / np.linalg.norm(vector)


@pytest.fixture(scope="module")
def kure(tiny_kure_dir):
    return KureEmbedder(tiny_kure_dir)


@pytest.fixture(scope="module")
def siglip(tiny_siglip_dir):
    return SiglipEmbedder(tiny_siglip_dir)


def _direct_kure(folder, text: str, pooling: str = "cls", max_length: int | None = None) -> np.ndarray:
    from transformers import AutoTokenizer, XLMRobertaModel

    tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
    model = XLMRobertaModel.from_pretrained(str(folder), local_files_only=True).eval()
    encoded = tokenizer(text, return_tensors="pt", truncation=max_length is not None, max_length=max_length)
    with torch.no_grad():
        hidden = model(**encoded).last_hidden_state[0]
    vector = hidden[0] if pooling == "cls" else hidden.mean(0)
    return _unit(vector.numpy())


def test_kure_folder_facts_come_from_the_sentence_transformers_configs(tiny_kure_dir):
    folder = open_baseline_folder(tiny_kure_dir)
    assert (folder.family, folder.kind, folder.pooling, folder.dim, folder.max_seq_length) == (
        "xlm-roberta", "text-embedder", "cls", 32, 128)
    assert kind_of_folder(tiny_kure_dir) == "text-embedder"


def test_kure_equals_the_normalised_cls_state(kure, tiny_kure_dir):
    result = kure.encode_query([EmbedInput(text=TEXTS[0])])
    assert result.vectors.shape == (1, 32) and result.vectors.dtype == np.float32
    np.testing.assert_allclose(result.vectors[0], _direct_kure(tiny_kure_dir, TEXTS[0]), atol=1e-5)
    # documents are encoded alike (KURE-v1 has no prompts), batched with padding, in input order
    batch = kure.encode_document([EmbedInput(text=t) for t in TEXTS]).vectors
    for row, text in zip(batch, TEXTS):
        np.testing.assert_allclose(row, _direct_kure(tiny_kure_dir, text), atol=1e-5)
    assert abs(float(batch[0] @ batch[1])) < 0.99  # different texts, different vectors


def test_kure_reads_the_pooling_module_config(tmp_path):
    folder = write_kure_checkpoint(tmp_path / "mean", seed=3, pooling="mean")
    embedder = KureEmbedder(folder)
    assert embedder.folder.pooling == "mean"
    np.testing.assert_allclose(embedder.encode_query([TEXTS[1]]).vectors[0],
                               _direct_kure(folder, TEXTS[1], "mean"), atol=1e-5)


def test_kure_cuts_long_texts_at_max_seq_length_and_reports_them(kure, tiny_kure_dir):
    long_text = "삼각형의 넓이를 구하시오. " * 40
    result = kure.encode_document([EmbedInput(text="짧은 문항"), EmbedInput(text=long_text)])
    assert result.truncated == [1]
    np.testing.assert_allclose(result.vectors[1], _direct_kure(tiny_kure_dir, long_text, max_length=128),
                               atol=1e-5)


def test_kure_refuses_images_with_a_clear_message(kure, tmp_path):
    with pytest.raises(ModelUnavailableError, match="text only"):
        kure.encode_query([EmbedInput(text="삼각형", image=draw_figure(tmp_path / "q.png"))])


def _direct_siglip_image(folder, path) -> np.ndarray:
    from transformers import SiglipImageProcessor, SiglipModel

    processor = SiglipImageProcessor.from_pretrained(str(folder), local_files_only=True)
    model = SiglipModel.from_pretrained(str(folder), local_files_only=True).eval()
    pixels = processor(images=[Image.open(path).convert("RGB")], return_tensors="pt")["pixel_values"]
    with torch.no_grad():
        return _unit(model.get_image_features(pixel_values=pixels)[0].numpy())


def test_siglip_image_vectors_equal_normalised_get_image_features(siglip, tiny_siglip_dir, tmp_path):
    assert not type(siglip.processor).__name__.endswith("Fast")  # the PIL/numpy processor
    triangle = draw_figure(tmp_path / "triangle.png", "triangle")
    circle = draw_figure(tmp_path / "circle.png", "circle")
    query = siglip.encode_query([EmbedInput(image=triangle)]).vectors[0]
    np.testing.assert_allclose(query, _direct_siglip_image(tiny_siglip_dir, triangle), atol=1e-5)
    # an item's document vector: the normalised mean of its figures' vectors (its text is not used)
    document = siglip.encode_document([{"text": "무시되는 글", "images": [triangle, circle]}]).vectors[0]
    expected = _unit(_direct_siglip_image(tiny_siglip_dir, triangle) + _direct_siglip_image(tiny_siglip_dir, circle))
    np.testing.assert_allclose(document, expected, atol=1e-5)


def test_siglip_composites_transparent_figures_on_white(siglip, tmp_path):
    clear = transparent_figure(tmp_path / "clear.png")
    flat = tmp_path / "flat.png"
    rgba = Image.open(clear)
    canvas = Image.new("RGB", rgba.size, "white")
    canvas.paste(rgba, mask=rgba.getchannel("A"))
    canvas.save(flat)
    vectors = siglip.encode_query([EmbedInput(image=clear), EmbedInput(image=flat)]).vectors
    np.testing.assert_allclose(vectors[0], vectors[1], atol=1e-5)


def test_siglip_text_tower_lowercases_and_pads_to_64(siglip, tiny_siglip_dir):
    from transformers import AutoTokenizer, SiglipModel

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_siglip_dir), local_files_only=True)
    model = SiglipModel.from_pretrained(str(tiny_siglip_dir), local_files_only=True).eval()
    text = "A Right Triangle 직각삼각형"
    encoded = tokenizer([text.lower()], padding="max_length", max_length=64, return_tensors="pt")
    assert encoded["input_ids"].shape == (1, 64)
    with torch.no_grad():
        expected = _unit(model.get_text_features(input_ids=encoded["input_ids"],
                                                 attention_mask=encoded["attention_mask"])[0].numpy())
    result = siglip.encode_query([EmbedInput(text=text)])
    np.testing.assert_allclose(result.vectors[0], expected, atol=1e-5)
    assert result.truncated == []
    assert siglip.encode_query([EmbedInput(text="x " * 100)]).truncated == [0]


def test_siglip_documents_need_a_figure(siglip):
    with pytest.raises(ValueError, match="document 0 has no figure"):
        siglip.encode_document([EmbedInput(text="그림 없는 문항")])


def test_naflex_siglip2_images_equal_get_image_features(tmp_path):
    from transformers import Siglip2ImageProcessor, Siglip2Model

    folder = write_siglip_checkpoint(tmp_path / "naflex", "siglip2", seed=1)
    embedder = SiglipEmbedder(folder)
    figure = draw_figure(tmp_path / "graph.png", "graph", size=(300, 120))
    processor = Siglip2ImageProcessor.from_pretrained(str(folder), local_files_only=True)
    model = Siglip2Model.from_pretrained(str(folder), local_files_only=True).eval()
    inputs = processor(images=[Image.open(figure).convert("RGB")], return_tensors="pt")
    with torch.no_grad():
        expected = _unit(model.get_image_features(**inputs)[0].numpy())
    np.testing.assert_allclose(embedder.encode_query([EmbedInput(image=figure)]).vectors[0], expected, atol=1e-5)


def test_bad_folders_get_errors_that_name_the_file(tmp_path, tiny_kure_dir, tiny_embedder_dir):
    with pytest.raises(ModelUnavailableError, match="model folder not found"):
        open_baseline_folder(tmp_path / "nothing")
    with pytest.raises(ModelUnavailableError, match="'qwen3_vl' model"):
        open_baseline_folder(tiny_embedder_dir)
    broken = shutil.copytree(tiny_kure_dir, tmp_path / "broken")
    (broken / "1_Pooling" / "config.json").write_text(json.dumps(
        {"pooling_mode_cls_token": True, "pooling_mode_mean_tokens": True}), encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match=r"1_Pooling/config.json: .*exactly one"):
        open_baseline_folder(broken)
    for name in ("model.safetensors",):
        (broken / name).unlink()
    with pytest.raises(ModelUnavailableError, match="no \\*.safetensors weights"):
        open_baseline_folder(broken)
    with pytest.raises(ModelUnavailableError, match="not a image-embedder"):
        open_baseline_folder(tiny_kure_dir, kind="image-embedder")


def test_minmax_and_weighted_fusion_by_hand():
    assert minmax([(1, 0.9), (2, 0.5), (3, 0.7)]) == pytest.approx({1: 1.0, 2: 0.0, 3: 0.5})
    assert minmax([(4, 0.3)]) == {4: 1.0}
    text = [(1, 0.80), (2, 0.60), (3, 0.40)]        # normalised 1, .5, 0
    image = [(3, 0.95), (4, 0.90), (1, 0.75)]       # normalised 1, .75, 0
    fused = fuse_scores([("text", 0.6, text), ("image", 0.4, image)], k=10)
    scores = {key: score for key, score, _ in fused}
    assert scores == pytest.approx({1: 0.6, 2: 0.3, 3: 0.4, 4: 0.3})
    assert [key for key, _, _ in fused][:2] == [1, 3] and len(fused) == 4
    tied = fuse_scores([("text", 0.5, [(7, 0.9), (5, 0.1)]), ("image", 0.5, [(5, 0.9), (7, 0.1)])], 2)
    assert [key for key, _, _ in tied] == [5, 7]  # equal scores: by key
    assert fused[0][2] == {"text": 0.80, "image": 0.75}
    # one part only: that model's ranking, best at 1.0; a zero weight drops the part
    assert [k for k, _, _ in fuse_scores([("image", 0.5, image), ("text", 0.0, text)], 2)] == [3, 4]


def test_fusion_spec_checks_its_weights():
    spec = FusionSpec("kure", "siglip", 0.7, 0.3, 0.1).checked()
    assert FusionSpec.from_json(spec.to_json(), "x") == spec
    with pytest.raises(FusionSpecError, match="profile b: the image weight must be a number ≥ 0"):
        FusionSpec("kure", "siglip", 0.5, -1.0).checked("profile b")
    with pytest.raises(FusionSpecError, match="image queries need an image weight"):
        FusionSpec("kure", "siglip", 0.5, 0.0).checked()
    with pytest.raises(FusionSpecError, match="unknown fusion field"):
        FusionSpec.from_json('{"text_profile": "a", "image_profile": "b", "colour": 1}', "profile b")


def test_siglip_query_with_text_and_image_is_the_normalised_sum(siglip, tmp_path):
    figure = draw_figure(tmp_path / "q.png", "graph")
    both = siglip.encode_query([EmbedInput(text="일차함수의 그래프", image=figure)]).vectors[0]
    image = siglip.encode_query([EmbedInput(image=figure)]).vectors[0]
    text = siglip.encode_query([EmbedInput(text="일차함수의 그래프")]).vectors[0]
    np.testing.assert_allclose(both, _unit(image + text), atol=1e-5)
