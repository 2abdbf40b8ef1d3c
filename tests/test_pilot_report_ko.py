"""The pilot report a committee reads: Korean first, 판단 보류 when a profile is missing, unsupported
queries apart, failing queries with their text and what came back, every criterion with its verdict."""

from __future__ import annotations

import json
import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported anywhere

import pytest  # noqa: E402

from conftest import draw_figure  # noqa: E402
from engine.api import ItemBank  # noqa: E402
from engine.evaluation.golden import load_golden  # noqa: E402
from engine.evaluation.pilot import run_pilot  # noqa: E402
from engine.evaluation.report import render_html, write_report  # noqa: E402


@pytest.fixture(scope="module")
def metrics(sample_lite_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pilot-ko")
    draw_figure(folder / "query.png", "triangle")
    lines = [
        {"qid": "K1", "scenario": "S1", "subject": "수학", "text": "근과 계수의 관계",
         "relevant": {"S-MATH-038": 2, "S-MATH-045": 2}},
        {"qid": "K2", "scenario": "S1", "subject": "과학", "text": "화산 폭발의 원인",  # nothing on volcanoes
         "relevant": {"S-MATH-001": 2}},
        {"qid": "K3", "scenario": "S3", "subject": "수학", "image": "query.png", "relevant": {"S-MATH-018": 2}},
    ]
    golden = folder / "golden.jsonl"
    golden.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    shutil.copytree(sample_lite_dir, folder / "bank")
    bank = ItemBank(folder / "bank")
    result = run_pilot(bank, load_golden(golden), ["keyword", "lite"])
    bank.close()
    return result


def test_unsupported_queries_are_apart_and_never_misses(metrics):
    keyword = metrics["variants"][0]
    overall = keyword["overall"]
    assert (overall["queries"], overall["supported"], overall["unsupported"]) == (3, 2, 1)
    supported = [q for q in keyword["queries"] if q["supported"]]
    assert overall["recall_at_5"] == pytest.approx(sum(q["recall_at_5"] for q in supported) / 2, abs=1e-4)
    assert [u["qid"] for u in keyword["unsupported"]] == ["K3"]


def test_missing_candidate_is_judgement_withheld_not_no_go(metrics):
    decision = metrics["decision"]
    assert decision["verdict"] == "Incomplete"
    assert any("Qwen3-VL-Embedding" in m for m in decision["missing"])
    keys = [c["key"] for c in decision["criteria"]]
    assert {"recall_at_5", "recall_at_10", "mrr", "p95", "vram"} <= set(keys)
    assert all(c["target"] and "status" in c for c in decision["criteria"])
    html = render_html(metrics)
    assert "판단 보류" in html and "No-Go" not in html and "도입 보류" not in html
    assert "판단에 필요한 것" in html and "R@10" in html and "MRR" in html and "최대 VRAM" in html
    assert '<html lang="ko">' in html


def test_failing_queries_show_their_text_and_top_results(metrics):
    candidate = next(v for v in metrics["variants"] if v["variant"] == metrics["decision"]["candidate"])
    failing = {c["qid"]: c for c in candidate["catastrophic"]}
    assert "K2" in failing and failing["K2"]["top_stems"]
    html = render_html(metrics)
    assert "화산 폭발의 원인" in html
    first = failing["K2"]["top_stems"][0]
    assert first.split(":")[0] == failing["K2"]["top"][0] and first in html


def test_english_is_an_option(metrics, tmp_path):
    _, html_path = write_report(metrics, tmp_path, "en")
    html = html_path.read_text(encoding="utf-8")
    assert "Pilot report" in html and "Incomplete (not decided)" in html and '<html lang="en">' in html
    assert "판단 보류" not in html
    with pytest.raises(ValueError, match="ko or en"):
        render_html(metrics, "fr")


def test_report_renders_in_a_qt_text_browser(metrics, qapp, tmp_path):
    from PySide6.QtWidgets import QTextBrowser

    browser = QTextBrowser()
    browser.resize(1000, 800)
    browser.setHtml(render_html(metrics))
    assert "판단 보류" in browser.toPlainText()
    image = browser.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 17)}
    assert image.width() == 1000 and len(colours) > 3  # text drawn, not a blank widget
