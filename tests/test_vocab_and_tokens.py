"""Field vocabularies and the Korean keyword tokens."""

from __future__ import annotations

import pytest

from engine.search.tokens import fts_match_expression, index_tokens, matched_terms, query_terms
from engine.vocab import (VocabularyError, grade_matches, normalize_difficulty, normalize_grade,
                          normalize_item_type, normalize_subject)


@pytest.mark.parametrize("raw,expected", [("수학", "수학"), (" Math ", "수학"), ("english", "영어"),
                                          ("물리", "물리학"), ("기가", "기술·가정")])
def test_subjects(raw, expected):
    assert normalize_subject(raw) == expected


def test_unknown_subject_lists_what_is_accepted():
    with pytest.raises(VocabularyError, match="수학, 과학, 국어, 사회, 영어"):
        normalize_subject("체육학")


@pytest.mark.parametrize("raw,expected", [("중2", "중2"), ("중학교 2학년", "중2"), ("고등학교1학년", "고1"),
                                          ("초6", "초6"), ("2", "2"), ("3학년", "3"), ("", "")])
def test_grades(raw, expected):
    assert normalize_grade(raw) == expected


@pytest.mark.parametrize("raw", ["중4", "고0", "대학교", "초7"])
def test_bad_grades(raw):
    with pytest.raises(VocabularyError):
        normalize_grade(raw)


def test_grade_filter_by_school_level():
    assert grade_matches("중2", "중") and not grade_matches("고2", "중")
    assert grade_matches("중2", "중학교 2학년") and not grade_matches("중3", "중2")


def test_difficulty_and_type():
    assert [normalize_difficulty(v) for v in ("상", "어려움", "easy", "")] == ["상", "상", "하", ""]
    assert normalize_item_type("", has_choices=True) == "객관식"
    assert normalize_item_type("", has_choices=False) == "단답형"
    assert normalize_item_type("주관식", has_choices=False) == "단답형"
    assert normalize_item_type("논술형", has_choices=False) == "서술형"


def test_index_tokens_are_bigrams_plus_last_syllable():
    assert index_tokens("이차함수의") == ["이차", "차함", "함수", "수의", "의"]
    assert index_tokens("DNA 2x+3 전류") == ["dna", "2x", "3", "전류", "류"]
    assert index_tokens("x² ≥ 0") == ["x", "2", "0"]  # the superscript reads as x^2 (engine.mathtext)


def test_query_terms_match_inside_words_with_particles():
    # "함수" must hit "함수의", "확률" must hit "확률은": a plain word index would miss both.
    assert "함수" in index_tokens("일차함수의 그래프")
    assert [t.token for t in query_terms("확률")] == ["확률"]
    assert set(index_tokens("확률은 얼마인가")) >= {"확률"}


def test_single_syllable_query_is_a_prefix_term():
    (term,) = query_terms("힘")
    assert term.prefix and term.fts() == '"힘"*'


def test_match_expression_quotes_and_dedupes():
    assert fts_match_expression('전류 "전류" OR') == '"전류" OR "or"'
    assert fts_match_expression("?!…") is None


def test_matched_terms_explain_the_hit():
    assert matched_terms("옴의 법칙과 전류", "전류 전압") == ["전류"]
