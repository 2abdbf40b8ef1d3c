"""The shipped golden set on the sample bank: it is valid, and the pilot ranks the profiles sensibly."""

from __future__ import annotations

import json
import shutil
from collections import Counter

from engine.api import ItemBank, SearchRequest
from engine.evaluation.golden import load_golden
from engine.evaluation.pilot import run_pilot
from itembank_assets import GOLDEN_QUERIES, SAMPLE_BANK_ITEMS

SAMPLE_IDS = {json.loads(line)["id"] for line in SAMPLE_BANK_ITEMS.read_text(encoding="utf-8").splitlines()}


def test_golden_set_is_complete_and_refers_to_sample_items():
    queries = load_golden(GOLDEN_QUERIES)
    scenarios = Counter(q.scenario for q in queries)
    subjects = Counter(q.subject for q in queries)
    assert len(queries) >= 100 and all(scenarios[s] >= 25 for s in ("S1", "S2", "S3", "S4"))
    assert all(subjects[s] >= 20 for s in ("수학", "과학", "국어", "사회", "영어"))
    assert all(set(q.relevant) <= SAMPLE_IDS for q in queries)
    assert all(2 in q.relevant.values() for q in queries)
    image_queries = [q for q in queries if q.image]
    figures = {p.read_bytes() for p in (SAMPLE_BANK_ITEMS.parent / "figures").iterdir()}
    assert image_queries and all(q.image.read_bytes() not in figures for q in image_queries)


def test_semantic_search_finds_root_coefficient_items_by_meaning(sample_lite_dir):
    """Issue 10's check: the lite profile alone (no keyword fusion) finds the quadratic items."""
    bank = ItemBank(sample_lite_dir)
    hits = bank.search(SearchRequest(text="근과 계수의 관계", k=5, mode="semantic")).hits
    assert len({h.id for h in hits} & {"S-MATH-038", "S-MATH-045", "S-MATH-029"}) >= 2


def test_pilot_on_the_golden_set_keyword_vs_lite(sample_lite_dir, tmp_path):
    bank_dir = tmp_path / "bank"
    shutil.copytree(sample_lite_dir, bank_dir)
    queries = load_golden(GOLDEN_QUERIES)
    metrics = run_pilot(ItemBank(bank_dir), queries, ["keyword", "lite"])
    by_name = {v["variant"]: v for v in metrics["variants"]}
    keyword, hybrid = by_name["keyword"], by_name["lite+hybrid"]
    assert keyword["by_scenario"]["S3"]["supported"] == 0  # image-only needs the Qwen3-VL pack
    for scenario in ("S1", "S2"):
        assert hybrid["by_scenario"][scenario]["recall_at_10"] >= keyword["by_scenario"][scenario]["recall_at_10"]
    assert hybrid["overall"]["mrr"] > keyword["overall"]["mrr"]
    assert metrics["decision"]["baseline"] == "keyword"
