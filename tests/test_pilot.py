"""Pilot evaluation: metrics against hand-computed cases, the pilot end to end, the report's content."""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path

import pytest

from conftest import draw_figure
from engine.api import ItemBank
from engine.evaluation.golden import GoldenSetError, load_golden
from engine.evaluation.metrics import ndcg_at_k, percentile, reciprocal_rank, recall_at_k
from engine.evaluation.pilot import decide, run_pilot
from engine.evaluation.report import write_report


def test_recall_is_capped_at_k():
    relevant = {"a": 2, "b": 1, "c": 1}
    assert recall_at_k(["a", "x", "b", "y", "z"], relevant, 5) == pytest.approx(2 / 3)
    assert recall_at_k(["a", "b"], relevant, 2) == 1.0  # 2 found of min(3, 2)
    assert recall_at_k(["x", "y"], relevant, 2) == 0.0


def test_reciprocal_rank_uses_the_first_relevant_item():
    assert reciprocal_rank(["x", "y", "b", "a"], {"a": 2, "b": 1}) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"], {"a": 1}) == 0.0


def test_ndcg_with_graded_relevance_by_hand():
    relevant = {"a": 2, "b": 1}
    # ranking x, a, b: DCG = 3/log2(3) + 1/log2(4); ideal a, b: 3/log2(2) + 1/log2(3)
    expected = (3 / math.log2(3) + 1 / 2) / (3 + 1 / math.log2(3))
    assert ndcg_at_k(["x", "a", "b"], relevant, 10) == pytest.approx(expected)
    assert ndcg_at_k(["a", "b"], relevant, 10) == pytest.approx(1.0)


def test_nearest_rank_percentile():
    values = list(range(1, 101))
    assert percentile(values, 95) == 95 and percentile(values, 50) == 50
    assert percentile([7.0], 95) == 7.0


def test_golden_file_errors_name_the_line(tmp_path):
    path = tmp_path / "golden.jsonl"
    path.write_text('{"qid": "A", "scenario": "S1", "text": "함수", "relevant": ["X"]}\n'
                    '{"qid": "B", "scenario": "S9", "text": "확률", "relevant": ["Y"]}\n', encoding="utf-8")
    with pytest.raises(GoldenSetError, match=r"golden.jsonl:2: scenario"):
        load_golden(path)
    path.write_text('{"qid": "A", "scenario": "S3", "image": "missing.png", "relevant": ["X"]}\n',
                    encoding="utf-8")
    with pytest.raises(GoldenSetError, match="missing.png"):
        load_golden(path)


def _variant(name, profile, r5, p95=20.0, catastrophic=()):
    return {"variant": name, "profile": profile, "catastrophic": list(catastrophic),
            "overall": {"recall_at_5": r5, "latency_p95_ms": p95}}


def test_go_needs_every_criterion_measured_and_met():
    base = _variant("baseline", "baseline", 0.70)
    good = _variant("qwen3vl-2b-int8-2048", "qwen3vl-2b-int8-2048", 0.80)
    assert decide([base, good], None, None, vram_gb=9.5)["verdict"] == "Go"
    small_gain = _variant("qwen3vl-2b-int8-2048", "qwen3vl-2b-int8-2048", 0.74)
    assert decide([base, small_gain], None, None, vram_gb=9.5)["verdict"] == "No-Go"
    slow = _variant("qwen3vl-2b-int8-2048", "qwen3vl-2b-int8-2048", 0.80, p95=140.0)
    assert decide([base, slow], None, None, vram_gb=9.5)["verdict"] == "No-Go"
    assert decide([base, good], None, None, vram_gb=13.0)["verdict"] == "No-Go"
    unmeasured = decide([base, good], None, None, vram_gb=None)
    assert unmeasured["verdict"] == "Incomplete"
    assert any("not measured" in c["status"] for c in unmeasured["criteria"])
    review = decide([base, _variant("qwen3vl-2b-int8-2048", "qwen3vl-2b-int8-2048", 0.8,
                                    catastrophic=[{"qid": "Q9"}])], None, None, vram_gb=9.5)
    assert review["verdict"].startswith("Go, pending review")


@pytest.fixture
def golden_file(tmp_path) -> Path:
    """A small golden set over the sample bank, including an image query."""
    draw_figure(tmp_path / "query.png", "triangle")
    lines = [
        {"qid": "T1", "scenario": "S1", "subject": "수학", "text": "근과 계수의 관계",
         "relevant": {"S-MATH-038": 2, "S-MATH-045": 2}},
        {"qid": "T2", "scenario": "S1", "subject": "과학", "text": "체세포 분열 중기",
         "relevant": {"S-SCI-021": 2, "S-SCI-024": 2}},
        {"qid": "T3", "scenario": "S2", "subject": "수학", "text": "직각삼각형 빗변의 길이",
         "relevant": {"S-MATH-018": 2, "S-MATH-027": 2, "S-MATH-049": 2}},
        {"qid": "T4", "scenario": "S3", "subject": "수학", "image": "query.png",
         "relevant": {"S-MATH-018": 2}},
        {"qid": "T5", "scenario": "S4", "subject": "수학", "text": "빗변", "image": "query.png",
         "relevant": {"S-MATH-018": 2}},
    ]
    path = tmp_path / "golden.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


def test_pilot_with_keyword_profile_end_to_end(sample_bank_dir, golden_file, tmp_path, run_cli):
    import shutil

    bank_dir = tmp_path / "bank"
    shutil.copytree(sample_bank_dir, bank_dir)
    report_dir = tmp_path / "report"
    code, out, err = run_cli("pilot", "--golden", golden_file, "--profiles", "keyword", "--report",
                             report_dir, "--json", "--data-dir", bank_dir)
    assert code == 0, err
    summary = json.loads(out)
    metrics = json.loads((report_dir / "metrics.json").read_text(encoding="utf-8"))
    keyword = metrics["variants"][0]
    assert keyword["variant"] == "keyword" and keyword["overall"]["queries"] == 5
    assert keyword["overall"]["supported"] == 4  # the image-only query cannot run on keyword
    by_qid = {q["qid"]: q for q in keyword["queries"]}
    assert not by_qid["T4"]["supported"] and by_qid["T5"]["note"] == "text part only"
    assert by_qid["T1"]["recall_at_5"] == 1.0  # both twins share the query's words
    assert set(keyword["by_scenario"]) == {"S1", "S2", "S3", "S4"}
    assert summary["verdict"] == metrics["decision"]["verdict"] == "Incomplete"
    assert metrics["rollback"]["seen_by_new_reader"] == "keyword"
    html = (report_dir / "report.html").read_text(encoding="utf-8")
    assert html.count("<table") >= 5 and html.count("<svg") >= 3
    assert "시나리오별 Recall@5" in html and "T4" in html  # the image query, listed apart as unsupported
    mode = stat.S_IMODE(os.stat(report_dir / "report.html").st_mode)
    assert mode & 0o044, "the report must be readable by others like any document"


def test_pilot_with_lite_profile_beats_keyword_on_paraphrases(sample_lite_dir, golden_file, tmp_path):
    import shutil

    bank_dir = tmp_path / "bank"
    shutil.copytree(sample_lite_dir, bank_dir)
    bank = ItemBank(bank_dir)
    metrics = run_pilot(bank, load_golden(golden_file), ["keyword", "lite"])
    names = [v["variant"] for v in metrics["variants"]]
    assert names == ["keyword", "lite", "lite+hybrid"]
    lite = metrics["variants"][1]
    assert lite["by_scenario"]["S1"]["recall_at_10"] == 1.0
    assert metrics["index_builds"]["lite"]["embedded"] == 0  # already indexed: incremental check
    assert metrics["decision"]["candidate"] in ("lite", "lite+hybrid")
    json_path, html_path = write_report(metrics, tmp_path / "out")
    assert json.loads(json_path.read_text(encoding="utf-8"))["decision"]["verdict"] in (
        "Incomplete", "No-Go")
    assert "lite+hybrid" in html_path.read_text(encoding="utf-8")


def test_pilot_with_the_tiny_qwen_profile_runs_image_scenarios_and_reranking(sample_qwen_dir, tmp_path,
                                                                               run_cli):
    """The S3/S4 image queries of the shipped golden set run on a Qwen3-VL profile (they are
    unsupported on keyword), and a "+rerank" variant appears because a reranker pack is installed."""
    import shutil

    from conftest import QWEN_PROFILE
    from itembank_assets import GOLDEN_QUERIES

    bank_dir = shutil.copytree(sample_qwen_dir, tmp_path / "bank")
    shipped = [json.loads(line) for line in GOLDEN_QUERIES.read_text(encoding="utf-8").splitlines() if line]
    subset = [q for s in ("S1", "S2", "S3", "S4") for q in [x for x in shipped if x["scenario"] == s][:2]]
    for query in subset:  # keep the image paths valid from the new location
        if query.get("image"):
            query["image"] = str(GOLDEN_QUERIES.parent / query["image"])
    golden = tmp_path / "golden.jsonl"
    golden.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in subset), encoding="utf-8")
    code, out, err = run_cli("pilot", "--golden", golden, "--profiles", f"keyword,{QWEN_PROFILE}", "--report",
                             tmp_path / "report", "--json", "--data-dir", bank_dir)
    assert code == 0, err
    metrics = json.loads((tmp_path / "report" / "metrics.json").read_text(encoding="utf-8"))
    variants = {v["variant"]: v for v in metrics["variants"]}
    assert set(variants) == {"keyword", QWEN_PROFILE, f"{QWEN_PROFILE}+hybrid", f"{QWEN_PROFILE}+hybrid+rerank"}
    assert variants["keyword"]["by_scenario"]["S3"]["supported"] == 0
    for name in (QWEN_PROFILE, f"{QWEN_PROFILE}+hybrid+rerank"):
        assert variants[name]["overall"]["supported"] == len(subset), name
        assert variants[name]["by_scenario"]["S3"]["supported"] == 2
    assert variants[f"{QWEN_PROFILE}+hybrid+rerank"]["overall"]["latency_p50_ms"] > 0
    html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert f"{QWEN_PROFILE}+hybrid+rerank" in html and html.count("<svg") >= 3
