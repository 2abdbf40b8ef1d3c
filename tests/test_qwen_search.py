"""Qwen3-VL profiles end to end on the sample bank with the tiny checkpoints: packs installed, a profile
created and indexed (items embedded with their figures), then text, image and text+image search, filters,
reranking, and an index build killed half-way that resumes to the same index as a clean build.

Random weights say nothing about quality, so each search is checked against an exact computation with
the same model: the index must return what brute-force cosine over freshly computed embeddings returns.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import QWEN_PROFILE as PROFILE
from conftest import draw_figure, install_tiny_pack as _install
from engine.api import ItemBank, SearchRequest, SearchUnavailableError
from engine.models.inputs import item_document_input
from engine.search.filters import SearchFilters


@pytest.fixture(params=["sqlite", "postgres"])
def qwen_bank(request, sample_qwen_dir: Path):
    """The indexed sample bank on each storage backend: every search test here runs on both."""
    if request.param == "postgres":
        folder, url = request.getfixturevalue("pg_qwen_bank")
        bank = ItemBank(folder, backend=url)
    else:
        bank = ItemBank(sample_qwen_dir)
    yield bank
    bank.close()


_EXACT_DOCUMENTS: dict[str, dict[str, np.ndarray]] = {}


def _exact_ranking(bank: ItemBank, query: dict, ids: list[str] | None = None) -> dict[str, float]:
    """Cosine of the query against every (or the given) item, embedded afresh (once per bank folder),
    no index or stored embedding involved."""
    embedder = bank.profiles.embedder(bank.profiles.definition(PROFILE))
    documents = _EXACT_DOCUMENTS.get(str(bank.paths.root))
    if documents is None:
        items = list(bank.catalog.iter_items())
        vectors = embedder.encode_document(
            [item_document_input(it, bank.catalog.asset_path) for it in items]).vectors
        documents = _EXACT_DOCUMENTS[str(bank.paths.root)] = {it.id: v for it, v in zip(items, vectors)}
    vector = embedder.encode_query([query]).vectors[0]
    return {item_id: float(documents[item_id] @ vector) for item_id in (ids or documents)}


def _assert_matches_exact(hits, exact: dict[str, float], k: int) -> None:
    best = sorted(exact.values(), reverse=True)
    assert len(hits) == min(k, len(exact))
    for hit in hits:
        assert hit.score == pytest.approx(exact[hit.id], abs=3e-3)  # float16 storage
    cutoff = best[len(hits) - 1]
    # every item clearly above the k-th score is returned (ties within the float16 error may swap)
    assert {i for i, s in exact.items() if s > cutoff + 3e-3} <= {h.id for h in hits}


def _figure_item(bank: ItemBank, subject: str | None = None):
    for item in bank.catalog.iter_items():
        if item.images and (subject is None or item.subject == subject):
            return item
    raise AssertionError("the sample bank has items with figures")


def test_qwen_profile_is_listed_available_and_active(qwen_bank):
    rows = {r["name"]: r for r in qwen_bank.profiles.status()}
    assert rows[PROFILE]["available"] and rows[PROFILE]["active"] and rows[PROFILE]["indexed"] == 200
    assert rows[PROFILE]["dim"] == 64 and rows[PROFILE]["model"] == "qwen3-vl-embedding-tiny"
    assert qwen_bank.search.available_modes() == ["keyword", "semantic", "hybrid"]


def test_text_search_equals_exact_cosine(qwen_bank):
    result = qwen_bank.search(SearchRequest(text="이차방정식의 근과 계수의 관계", mode="semantic", k=10))
    assert result.mode == "semantic" and result.profile == PROFILE
    _assert_matches_exact(result.hits, _exact_ranking(qwen_bank, {"text": "이차방정식의 근과 계수의 관계"}), 10)


def test_image_search_with_a_figure_file(qwen_bank, tmp_path: Path):
    query_figure = draw_figure(tmp_path / "photo_of_triangle.png", "triangle", size=(410, 300))
    result = qwen_bank.search(SearchRequest(image=str(query_figure), mode="semantic", k=8))
    _assert_matches_exact(result.hits, _exact_ranking(qwen_bank, {"image": query_figure}), 8)
    mixed = qwen_bank.search(SearchRequest(text="직각삼각형의 넓이", image=str(query_figure), mode="semantic", k=8))
    _assert_matches_exact(mixed.hits, _exact_ranking(qwen_bank, {"text": "직각삼각형의 넓이",
                                                                 "image": query_figure}), 8)
    assert [h.id for h in mixed.hits] != [h.id for h in result.hits] or \
        [h.score for h in mixed.hits] != [h.score for h in result.hits]


def test_image_only_query_in_the_default_mode_ranks_by_the_image_alone(qwen_bank, tmp_path: Path):
    figure = draw_figure(tmp_path / "q.png", "circle", size=(300, 300))
    default = qwen_bank.search(SearchRequest(image=str(figure), k=10))
    semantic = qwen_bank.search(SearchRequest(image=str(figure), mode="semantic", k=10))
    assert default.mode == "hybrid"
    assert [h.id for h in default.hits] == [h.id for h in semantic.hits]
    assert all("keyword" not in h.explain for h in default.hits)


def test_image_search_with_a_filter_keeps_only_that_subject(qwen_bank):
    item = _figure_item(qwen_bank, "과학")
    figure = qwen_bank.image_path(item.images[0])
    result = qwen_bank.search(SearchRequest(image=str(figure), mode="semantic", k=5,
                                            filters=SearchFilters(subject="과학")))
    assert result.hits and all(result.items[h.id].subject == "과학" for h in result.hits)
    science = [i.id for i in qwen_bank.catalog.iter_items() if i.subject == "과학"]
    _assert_matches_exact(result.hits, _exact_ranking(qwen_bank, {"image": figure}, science), 5)


def test_hybrid_is_the_default_and_keyword_still_contributes(qwen_bank):
    result = qwen_bank.search(SearchRequest(text="함수의 그래프", k=10))
    assert result.mode == "hybrid"
    assert any("keyword" in h.explain for h in result.hits)


def test_rerank_reorders_the_top_n_by_the_reranker(qwen_bank):
    request = SearchRequest(text="근과 계수의 관계", mode="hybrid", k=5, rerank=8)
    first_stage = qwen_bank.search(SearchRequest(text="근과 계수의 관계", mode="hybrid", k=8))
    result = qwen_bank.search(request)
    assert len(result.hits) == 5
    assert {h.id for h in result.hits} <= {h.id for h in first_stage.hits}
    reranker = qwen_bank.models.reranker()
    documents = [item_document_input(qwen_bank.get(h.id), qwen_bank.catalog.asset_path) for h in first_stage.hits]
    direct = reranker.score([({"text": "근과 계수의 관계"}, d) for d in documents])
    expected = [first_stage.hits[i].id for i in np.argsort(-direct, kind="stable")[:5]]
    assert [h.id for h in result.hits] == expected
    for hit in result.hits:
        assert hit.explain["rerank"]["score"] == pytest.approx(hit.score)
        assert hit.explain["first_stage"]["rank"] >= 1


def test_rerank_without_a_reranker_pack_says_what_to_install(sample_qwen_dir: Path, tmp_path: Path):
    folder = shutil.copytree(sample_qwen_dir, tmp_path / "bank")
    shutil.rmtree(folder / "models" / "qwen3-vl-reranker-tiny")
    bank = ItemBank(folder)
    with pytest.raises(SearchUnavailableError, match="reranker model pack"):
        bank.search(SearchRequest(text="근과 계수", rerank=5))
    assert bank.search(SearchRequest(text="근과 계수")).hits  # search itself still works
    bank.close()


def test_cli_image_search_and_profiles(run_cli, sample_qwen_dir: Path, tmp_path: Path):
    figure = draw_figure(tmp_path / "q.png", "graph")
    code, out, err = run_cli("search", "--image", figure, "-k", "3", "--json", "--data-dir", sample_qwen_dir)
    assert code == 0, err
    rows = json.loads(out)["results"]
    assert len(rows) == 3 and all("semantic" in r["explain"] for r in rows)
    code, out, _ = run_cli("search", "그래프", "--image", figure, "--rerank", "4", "-k", "2", "--json",
                           "--data-dir", sample_qwen_dir)
    assert code == 0 and [r["rank"] for r in json.loads(out)["results"]] == [1, 2]
    assert all("rerank" in r["explain"] for r in json.loads(out)["results"])
    code, _, err = run_cli("search", "--image", tmp_path / "없는그림.png", "--data-dir", sample_qwen_dir)
    assert code == 2 and "없는그림.png" in err
    code, out, _ = run_cli("profiles", "create", "--dim", "32", "--index-dtype", "i8", "--precision", "fp32",
                           "--json", "--data-dir", sample_qwen_dir)
    created = json.loads(out)
    assert code == 0 and created["name"] == "qwen3-vl-embedding-tiny-fp32-32" and created["dim"] == 32
    code, out, _ = run_cli("index", "--profile", created["name"], "--json", "--data-dir", sample_qwen_dir)
    report = json.loads(out)
    assert code == 0 and report["embedded"] == 0 and report["indexed"] == 200  # embeddings reused, no model run
    code, _, err = run_cli("profiles", "create", "--dim", "500", "--data-dir", sample_qwen_dir)
    assert code == 2 and "dim must be between 1 and 64" in err


def _small_bank(folder: Path, source: Path, count: int = 60) -> ItemBank:
    """The first ``count`` sample items (figures included) in a new bank."""
    from itembank_assets import SAMPLE_BANK_ITEMS

    lines = SAMPLE_BANK_ITEMS.read_text(encoding="utf-8").splitlines()[:count]
    records = [json.loads(line) for line in lines]
    for record in records:
        record["images"] = [str(SAMPLE_BANK_ITEMS.parent / path) for path in record.get("images", [])]
    sheet = source / "items.jsonl"
    sheet.parent.mkdir(parents=True, exist_ok=True)
    sheet.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    bank = ItemBank(folder, create=True)
    assert bank.import_path(sheet).imported == count
    return bank


def test_index_killed_half_way_resumes_to_a_clean_build(tiny_embedder_dir, tmp_path: Path):
    """A real process is killed (SIGKILL, no clean-up) after two committed batches; the next run
    carries on and ends with the same embeddings and the same search results as a clean build."""
    killed = _small_bank(tmp_path / "killed", tmp_path / "sheet")
    assert sum(1 for item in killed.catalog.iter_items() if item.images) >= 10
    _install(tmp_path, tiny_embedder_dir, "qwen3-vl-embedding-tiny", killed.paths.models)
    killed.profiles.create(PROFILE, precision="fp32")
    killed.close()
    script = (
        "import os, signal, sys\n"
        "from engine.api import ItemBank\n"
        "bank = ItemBank(sys.argv[1])\n"
        "def progress(done, total):\n"
        "    if done >= 20:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        f"bank.profiles.build_index({PROFILE!r}, batch_size=10, progress=progress)\n")
    run = subprocess.run([sys.executable, "-c", script, str(tmp_path / "killed")], capture_output=True,
                         text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    assert run.returncode == -9, run.stderr
    resumed = ItemBank(tmp_path / "killed")
    assert resumed.catalog.connection.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0] == 20
    report = resumed.profiles.build_index(PROFILE, batch_size=10)
    assert (report.embedded, report.indexed) == (40, 60)
    assert resumed.profiles.active_name() == PROFILE  # indexed Qwen profile is used without a `profiles use`

    clean = _small_bank(tmp_path / "clean", tmp_path / "sheet2")
    _install(tmp_path / "again", tiny_embedder_dir, "qwen3-vl-embedding-tiny", clean.paths.models)
    clean.profiles.create(PROFILE, precision="fp32")
    clean.profiles.build_index(PROFILE, batch_size=64)
    figure = draw_figure(tmp_path / "q.png", "circle")
    for request in (SearchRequest(text="전류와 전압", mode="semantic", k=20, profile=PROFILE),
                    SearchRequest(image=str(figure), mode="semantic", k=20, profile=PROFILE)):
        a, b = resumed.search(request), clean.search(request)
        assert [h.id for h in a.hits] == [h.id for h in b.hits]
        np.testing.assert_allclose([h.score for h in a.hits], [h.score for h in b.hits], atol=1e-3)
    resumed.close()
    clean.close()
