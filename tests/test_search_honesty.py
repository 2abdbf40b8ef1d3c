"""Search that tells the truth: a calibrated threshold per profile, no padding, readable bands."""

from __future__ import annotations

import shutil

import pytest

from engine.api import ItemBank, SearchFilters, SearchRequest
from engine.errors import InvalidInput
from engine.evaluation.golden import load_golden
from engine.search.calibration import BANDS, DEFAULT_SCALES, ScoreScale, is_cross_language, save_scale, scale_for
from itembank_assets import GOLDEN_QUERIES

SUBJECTS = ("수학", "과학", "국어", "사회", "영어")


@pytest.fixture(scope="module")
def lite_bank(sample_lite_dir):
    bank = ItemBank(sample_lite_dir)
    yield bank
    bank.close()


@pytest.mark.parametrize("mode", ["semantic", "hybrid"])
def test_physics_word_with_math_filter_is_no_match_not_fifty_math_items(lite_bank, mode, korean_messages):
    result = lite_bank.search(SearchRequest(text="전류", filters=SearchFilters(subject="수학"), k=50, mode=mode))
    assert result.hits == []
    assert result.exhausted and result.notice == "관련 문항을 찾지 못했습니다 (키워드 일치 0건)"


def test_probability_stops_after_the_relevant_items_with_bands(lite_bank, korean_messages):
    result = lite_bank.search(SearchRequest(text="확률", k=10, mode="hybrid"))
    assert 1 <= len(result.hits) < 10
    assert all(result.items[h.id].subject == "수학" for h in result.hits)
    assert result.notice.startswith("관련 문항이 더 없습니다 (키워드 일치 ")
    assert all(h.band in BANDS for h in result.hits)
    semantic = lite_bank.search(SearchRequest(text="확률", k=10, mode="semantic"))
    threshold = DEFAULT_SCALES["lite"].threshold
    assert semantic.threshold == threshold and all(h.score >= threshold for h in semantic.hits)
    assert all(h.explain["semantic"]["cosine"] == h.score for h in semantic.hits)  # raw score kept


def test_a_relevant_query_still_fills_the_list(lite_bank):
    result = lite_bank.search(SearchRequest(text="근과 계수의 관계", k=5, mode="semantic"))
    assert len(result.hits) == 5 and not result.exhausted and result.notice == ""
    assert result.hits[0].band == "높음"


def test_english_query_on_korean_items_says_it_is_weak(lite_bank, korean_messages):
    result = lite_bank.search(SearchRequest(text="quadratic equation roots", k=10, mode="hybrid"))
    assert all(result.items[h.id].subject != "수학" or "quadratic" in result.items[h.id].stem for h in result.hits)
    assert result.hints and "영어 질의" in result.hints[0]
    korean = lite_bank.search(SearchRequest(text="이차방정식의 근", k=10, mode="hybrid"))
    assert korean.hints == []
    assert is_cross_language("slope of a line") and not is_cross_language("기울기 slope")


def test_a_saved_scale_travels_with_the_profile(sample_lite_dir, tmp_path):
    folder = tmp_path / "bank"
    shutil.copytree(sample_lite_dir, folder)
    bank = ItemBank(folder)
    before = bank.search(SearchRequest(text="근과 계수의 관계", k=10, mode="semantic"))
    with bank.catalog.transaction() as conn:
        save_scale(conn, "lite", ScoreScale(0.88, 0.9, 0.89, "test"))
    assert scale_for(bank.catalog.connection, "lite", "lite").threshold == 0.88
    after = bank.search(SearchRequest(text="근과 계수의 관계", k=10, mode="semantic"))
    assert after.threshold == 0.88 and len(after.hits) < len(before.hits)
    assert all(h.score >= 0.88 for h in after.hits)
    with pytest.raises(InvalidInput, match="threshold ≤ medium ≤ high"):
        with bank.catalog.transaction() as conn:
            save_scale(conn, "lite", ScoreScale(0.9, 0.5, 0.6))
    bank.close()


def test_threshold_keeps_relevant_items_and_rejects_wrong_subject_queries(lite_bank):
    """The calibration, re-measured on a slice of the golden set: most grade-2 items survive the
    threshold, and most queries run with a wrong-subject filter (nothing relevant) say no match."""
    queries = [q for q in load_golden(GOLDEN_QUERIES) if not q.image][::5]
    kept = total = no_match = 0
    for query in queries:
        hits = lite_bank.search(SearchRequest(text=query.text, k=10, mode="semantic")).hits
        found = {h.id for h in hits}
        best = [i for i, grade in query.relevant.items() if grade == 2]
        total += len(best)
        kept += len(found & set(best))
        wrong = SUBJECTS[(SUBJECTS.index(query.subject) + 1) % len(SUBJECTS)]
        off = lite_bank.search(SearchRequest(text=query.text, k=10, mode="semantic",
                                             filters=SearchFilters(subject=wrong)))
        no_match += not off.hits
    assert kept / total >= 0.75
    assert no_match / len(queries) >= 0.75
