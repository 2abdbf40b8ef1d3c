"""The baseline end to end on the sample bank with tiny KURE-v1 and SigLIP packs: packs built and installed,
the late-fusion profile created and indexed (the image part holds only items with figures), and text,
image and text + image searches checked against an exact computation: fresh embeddings of every item,
brute-force cosines, per-part min-max normalisation and the weighted sum.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import BASELINE_IMAGE_PACK as IMAGE_PACK
from conftest import BASELINE_TEXT_PACK as TEXT_PACK
from conftest import draw_figure
from engine.api import ItemBank, SearchRequest
from engine.index.profiles import ProfileError
from engine.models.baseline.fusion import minmax
from engine.models.inputs import EmbedInput, item_document_input, item_document_text
from engine.models.lite import ModelUnavailableError
from engine.models.packs import PackError, install_pack, installed_packs, pack_folder, read_manifest
from engine.search.filters import SearchFilters

TOL = 3e-3  # float16 storage of the index


@pytest.fixture(params=["sqlite", "postgres"])
def baseline_bank(request, sample_baseline_dir: Path):
    """The indexed baseline bank on each storage backend: the read-only tests here run on both."""
    if request.param == "postgres":
        folder, url = request.getfixturevalue("pg_baseline_bank")
        bank = ItemBank(folder, backend=url)
    else:
        bank = ItemBank(sample_baseline_dir)
    yield bank
    bank.close()


@pytest.fixture
def writable_bank(sample_baseline_dir: Path, tmp_path: Path):
    bank = ItemBank(shutil.copytree(sample_baseline_dir, tmp_path / "bank"))
    yield bank
    bank.close()


_EXACT: dict[str, dict] = {}


def _exact(bank: ItemBank) -> dict:
    """Fresh document vectors of every item (text part) and every item with figures (image part)."""
    cached = _EXACT.get(str(bank.paths.root))
    if cached is None:
        text = bank.profiles.embedder(bank.profiles.definition(TEXT_PACK))
        image = bank.profiles.embedder(bank.profiles.definition(IMAGE_PACK))
        items = list(bank.catalog.iter_items())
        figured = [it for it in items if it.images]
        cached = _EXACT[str(bank.paths.root)] = {
            "text": dict(zip([it.id for it in items], text.encode_document(
                [EmbedInput(text=item_document_text(it)) for it in items]).vectors)),
            "image": dict(zip([it.id for it in figured], image.encode_document(
                [item_document_input(it, bank.catalog.asset_path) for it in figured]).vectors)),
            "models": (text, image)}
    return cached


def _cosines(documents: dict, query: np.ndarray) -> list[tuple[str, float]]:
    return sorted(((i, float(v @ query)) for i, v in documents.items()), key=lambda p: -p[1])


def _expected_fused(parts: list[tuple[float, list[tuple[str, float]]]], depth: int) -> dict[str, float]:
    total = sum(w for w, _ in parts)
    fused: dict[str, float] = {}
    for weight, ranked in parts:
        for item_id, norm in minmax(ranked[:depth]).items():
            fused[item_id] = fused.get(item_id, 0.0) + weight * norm / total
    return fused


def _figure_item(bank: ItemBank, subject: str = "수학"):
    return next(it for it in bank.catalog.iter_items() if it.images and it.subject == subject)


# -- packs ----------------------------------------------------------------------------------------------
def test_packs_infer_their_kind_and_install_verified(tmp_path, tiny_kure_dir, tiny_siglip_dir):
    kure = shutil.copytree(tiny_kure_dir, tmp_path / "KURE-v1")
    manifest = pack_folder(kure, name="kure-v1", licence="MIT", output=tmp_path / "kure-v1.tar")
    assert (manifest["kind"], manifest["architecture"], manifest["hidden_size"]) == ("text-embedder",
                                                                                      "xlm-roberta", 32)
    assert {"1_Pooling/config.json", "modules.json", "tokenizer.json"} <= {f["path"] for f in manifest["files"]}
    siglip = shutil.copytree(tiny_siglip_dir, tmp_path / "siglip2-base-patch16-256")
    assert pack_folder(siglip)["kind"] == "image-embedder"
    with pytest.raises(PackError, match="packs as --kind text-embedder"):
        pack_folder(kure, kind="embedder")
    models = tmp_path / "models"
    info, status = install_pack(tmp_path / "kure-v1.tar", models)  # from the USB-stick archive
    assert (info.name, info.kind, status) == ("kure-v1", "text-embedder", "installed")
    install_pack(siglip, models)
    assert {(p.name, p.kind) for p in installed_packs(models)} == {
        ("kure-v1", "text-embedder"), ("siglip2-base-patch16-256", "image-embedder")}
    assert read_manifest(models / "kure-v1")["licence"] == "MIT"
    damaged = shutil.copytree(siglip, tmp_path / "damaged")
    (damaged / "preprocessor_config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(PackError, match="damaged"):
        install_pack(damaged, tmp_path / "other-models")
    assert not (tmp_path / "other-models" / "siglip2-base-patch16-256").exists()


# -- profiles and indexes -----------------------------------------------------------------------------
def test_baseline_profile_and_its_parts_are_listed(baseline_bank):
    rows = {r["name"]: r for r in baseline_bank.profiles.status()}
    figured = sum(1 for it in baseline_bank.catalog.iter_items() if it.images)
    assert 0 < figured < 200
    assert rows["baseline"]["model"] == "late-fusion" and rows["baseline"]["available"]
    assert rows["baseline"]["indexed"] == 200 and rows["baseline"]["generation"] >= 1
    assert rows[TEXT_PACK]["indexed"] == 200 and rows[TEXT_PACK]["dim"] == 32
    assert rows[IMAGE_PACK]["indexed"] == figured  # items without a figure are simply absent
    assert baseline_bank.profiles.active_name() == "baseline"  # indexed, usable, no Qwen profile here


def test_rebuilding_is_incremental(writable_bank):
    report = writable_bank.profiles.build_index("baseline")
    assert report.embedded == 0 and report.indexed == 200 and not report.rebuilt


def test_creating_the_baseline_needs_both_packs(tmp_path, sample_bank_dir, tiny_kure_dir):
    from conftest import install_tiny_pack

    bank = ItemBank(shutil.copytree(sample_bank_dir, tmp_path / "bank"))
    install_tiny_pack(tmp_path, tiny_kure_dir, TEXT_PACK, bank.paths.models)
    with pytest.raises(ModelUnavailableError, match="SigLIP image model pack"):
        bank.profiles.create("baseline")
    # the text-only fallback is an ordinary profile over the KURE-v1 pack
    profile = bank.profiles.create("kure", model=TEXT_PACK)
    assert (profile.model, profile.dim, profile.precision) == (TEXT_PACK, 32, "fp32")
    with pytest.raises(ProfileError, match="all 32 dimensions"):
        bank.profiles.create("kure16", model=TEXT_PACK, dim=16)
    assert bank.profiles.build_index("kure").indexed == 200
    bank.close()


# -- searching ------------------------------------------------------------------------------------------
def test_text_query_ranks_as_kure_alone(baseline_bank):
    query = "이차방정식의 근과 계수의 관계"
    result = baseline_bank.search(SearchRequest(text=query, profile="baseline", mode="semantic", k=10))
    assert result.profile == "baseline" and result.mode == "semantic" and len(result.hits) == 10
    exact = _exact(baseline_bank)
    vector = exact["models"][0].encode_query([EmbedInput(text=query)]).vectors[0]
    ranked = _cosines(exact["text"], vector)
    expected = _expected_fused([(0.5, ranked)], depth=10)
    for hit in result.hits:
        assert hit.score == pytest.approx(expected[hit.id], abs=0.02)
        assert hit.explain["semantic"]["cosine"]["text"] == pytest.approx(dict(ranked)[hit.id], abs=TOL)
    assert result.hits[0].score == 1.0 and result.hits[0].id == ranked[0][0]
    best = {i for i, s in ranked[:10] if s > ranked[9][1] + TOL}
    assert best <= {h.id for h in result.hits}


def test_image_query_ranks_items_by_figure_similarity(baseline_bank, tmp_path):
    item = _figure_item(baseline_bank)
    query = baseline_bank.image_path(item.images[0])
    result = baseline_bank.search(SearchRequest(image=str(query), profile="baseline", mode="semantic", k=5))
    assert result.hits[0].id == item.id and result.hits[0].score == 1.0  # its own figure
    exact = _exact(baseline_bank)
    assert {h.id for h in result.hits} <= set(exact["image"])  # only items with figures
    vector = exact["models"][1].encode_query([EmbedInput(image=query)]).vectors[0]
    ranked = _cosines(exact["image"], vector)
    for hit in result.hits:
        assert hit.explain["semantic"]["cosine"]["image"] == pytest.approx(dict(ranked)[hit.id], abs=TOL)


def test_text_and_image_scores_are_fused_with_the_weights(writable_bank):
    bank = writable_bank
    item = _figure_item(bank, "과학")
    image = str(bank.image_path(item.images[0]))
    text = item.stem[:30]
    depth = 30
    exact = _exact(bank)
    text_ranked = _cosines(exact["text"], exact["models"][0].encode_query([EmbedInput(text=text)]).vectors[0])
    image_ranked = _cosines(exact["image"], exact["models"][1].encode_query([EmbedInput(image=image)]).vectors[0])
    for text_weight, image_weight in ((0.5, 0.5), (0.8, 0.2)):
        bank.profiles.set_fusion_weights("baseline", text=text_weight, image=image_weight)  # no re-indexing
        result = bank.search(SearchRequest(text=text, image=image, profile="baseline", mode="semantic", k=depth))
        expected = _expected_fused([(text_weight, text_ranked), (image_weight, image_ranked)], depth)
        assert result.hits[0].explain["semantic"]["weights"]["text"] == text_weight
        for hit in result.hits[:10]:
            assert hit.score == pytest.approx(expected[hit.id], abs=0.02), (text_weight, hit.id)
        assert expected[result.hits[0].id] >= max(expected.values()) - 0.02  # the best fused item first
        scores = [h.score for h in result.hits]
        assert scores == sorted(scores, reverse=True)
    with pytest.raises(ValueError, match="image weight must be a number"):
        bank.profiles.set_fusion_weights("baseline", image=-1)


def test_text_to_image_weight_adds_siglip_text_scores(writable_bank):
    bank = writable_bank
    bank.profiles.set_fusion_weights("baseline", text_to_image=0.5)
    result = bank.search(SearchRequest(text="직각삼각형", profile="baseline", mode="semantic", k=30))
    parts = {name for hit in result.hits for name in hit.explain["semantic"]["cosine"]}
    assert parts == {"text", "text_to_image"}


def test_filters_and_hybrid_mode(baseline_bank):
    result = baseline_bank.search(SearchRequest(text="그래프", profile="baseline", mode="hybrid", k=8,
                                                filters=SearchFilters(subject="과학")))
    assert result.mode == "hybrid" and result.hits
    assert all(result.items[h.id].subject == "과학" for h in result.hits)
    similar = baseline_bank.search.similar(result.hits[0].id, k=3)  # neighbours by the text part
    assert similar.mode == "semantic" and len(similar.hits) == 3


def test_cli_search_and_profile_commands(writable_bank, run_cli, tmp_path):
    bank_dir = writable_bank.paths.root
    code, out, err = run_cli("search", "세포 분열", "--profile", "baseline", "--mode", "semantic", "-k", "3",
                             "--json", "--data-dir", bank_dir)
    assert code == 0, err
    rows = json.loads(out)["results"]
    assert len(rows) == 3 and rows[0]["explain"]["semantic"]["profile"] == "baseline"
    query = draw_figure(tmp_path / "query.png", "circle")
    code, out, err = run_cli("search", "--image", query, "--profile", "baseline", "--json", "--data-dir", bank_dir)
    assert code == 0, err
    assert all(r["images"] for r in json.loads(out)["results"])
    code, out, err = run_cli("search", "--image", query, "--profile", TEXT_PACK, "--data-dir", bank_dir)
    assert code == 2 and "image search needs" in err
    code, out, err = run_cli("profiles", "weights", "baseline", "--text-weight", "0.7", "--json",
                             "--data-dir", bank_dir)
    assert code == 0, err
    assert json.loads(out)["weights"] == {"text": 0.7, "image": 0.5, "text_to_image": 0.0}
    code, out, err = run_cli("profiles", "create", "baseline", "--data-dir", bank_dir)
    assert code == 2 and "already exists" in err
    code, out, err = run_cli("profiles", "create", "fusion2", "--image-weight", "0.6", "--json",
                             "--data-dir", bank_dir)
    assert code == 0, err
    created = json.loads(out)  # reuses the installed parts' existing profiles
    assert (created["text_profile"], created["image_profile"]) == (TEXT_PACK, IMAGE_PACK)
    code, out, err = run_cli("profiles", "use", "fusion2", "--data-dir", bank_dir)
    assert code == 2 and "no index yet" in err
    code, out, err = run_cli("index", "--profile", "fusion2", "--json", "--data-dir", bank_dir)
    assert code == 0 and json.loads(out)["embedded"] == 0, err


def test_a_missing_pack_is_reported_by_name(writable_bank):
    shutil.rmtree(writable_bank.paths.models / IMAGE_PACK)
    reason = writable_bank.profiles.unavailable_reason("baseline")
    assert reason and IMAGE_PACK in reason and "itembank models install" in reason
    assert writable_bank.profiles.unavailable_reason(TEXT_PACK) is None
