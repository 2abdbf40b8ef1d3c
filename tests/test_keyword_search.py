"""Keyword search on a real catalog: Korean 2-syllable words, mixed queries, filters, BM25 order."""

from __future__ import annotations

import pytest

from conftest import search_ids, write_jsonl
from engine.api import ItemBank, SearchRequest, SearchUnavailableError
from engine.vocab import VocabularyError

CORPUS = [
    {"id": "M1", "subject": "수학", "grade": "중2", "type": "객관식", "difficulty": "하",
     "standard": "[9수03-01]", "unit": "일차함수",
     "stem": "일차함수 y=2x+3의 그래프의 기울기는?", "choices": ["1", "2", "3", "4", "5"], "answer": "2"},
    {"id": "M2", "subject": "수학", "grade": "중3", "type": "객관식", "difficulty": "중",
     "standard": "[9수02-07]", "unit": "이차방정식",
     "stem": "이차방정식 x²-5x+6=0의 두 근의 합은?", "choices": ["2", "3", "5", "6", "-5"], "answer": "3",
     "explanation": "근과 계수의 관계에서 두 근의 합은 5이다."},
    {"id": "M3", "subject": "수학", "grade": "중2", "type": "단답형", "difficulty": "중",
     "standard": "[9수05-02]", "unit": "확률",
     "stem": "주사위 한 개를 던질 때 짝수의 눈이 나올 확률을 구하시오.", "answer": "1/2"},
    {"id": "M4", "subject": "수학", "grade": "고1", "type": "서술형", "difficulty": "상",
     "standard": "[10수학01-03]", "unit": "이차함수",
     "stem": "이차함수의 그래프와 직선의 위치 관계를 판별식으로 설명하시오.", "answer": "D>0이면 두 점"},
    {"id": "S1", "subject": "과학", "grade": "중2", "type": "객관식", "difficulty": "하",
     "standard": "[9과05-02]", "unit": "전기와 자기",
     "stem": "저항이 2Ω인 전구에 6V의 전압을 걸었을 때 흐르는 전류의 세기는?",
     "choices": ["1A", "2A", "3A", "4A", "12A"], "answer": "3"},
    {"id": "S2", "subject": "과학", "grade": "중3", "type": "단답형", "difficulty": "중",
     "standard": "[9과13-01]", "unit": "생식과 유전",
     "stem": "DNA가 복제되어 염색체가 두 가닥의 염색 분체로 이루어지는 시기는?", "answer": "간기"},
    {"id": "S3", "subject": "과학", "grade": "중1", "type": "객관식", "difficulty": "하",
     "standard": "[9과01-01]", "unit": "힘과 운동",
     "stem": "물체에 작용하는 힘의 크기가 클수록 가속도는 어떻게 되는가?",
     "choices": ["커진다", "작아진다", "변함없다", "0이 된다", "알 수 없다"], "answer": "1"},
    {"id": "K1", "subject": "국어", "grade": "중1", "type": "객관식", "difficulty": "중",
     "standard": "[9국05-01]", "unit": "시의 표현",
     "stem": "이 시의 화자가 느끼는 정서로 가장 적절한 것은?", "passage": "봄바람 불어와 창문을 두드리면\n나는 멀리 떠난 친구를 생각한다",
     "choices": ["그리움", "분노", "기쁨", "두려움", "부끄러움"], "answer": "1"},
    {"id": "E1", "subject": "영어", "grade": "고1", "type": "객관식", "difficulty": "중",
     "standard": "[10영02-03]", "unit": "Reading",
     "stem": "다음 글의 주제로 가장 적절한 것은?", "passage": "Recycling plastic saves energy and reduces waste.",
     "choices": ["recycling benefits", "plastic art", "energy prices", "ocean travel", "waste taxes"],
     "answer": "1"},
]


@pytest.fixture
def bank(backend, data_dir):
    """A new bank on each storage backend: every keyword test here runs on both."""
    bank = ItemBank(data_dir, create=True, backend=backend)
    yield bank
    bank.close()


@pytest.fixture
def corpus_bank(tmp_path, bank):
    report = bank.import_path(write_jsonl(tmp_path / "corpus.jsonl", CORPUS))
    assert report.imported == len(CORPUS) and not report.skipped
    return bank


@pytest.mark.parametrize("query,expected_first", [
    ("함수", "M1"),         # inside 일차함수의 (compound + particle)
    ("확률", "M3"),         # followed by 을
    ("전류", "S1"),         # followed by 의
    ("화자", "K1"),
    ("판별식", "M4"),
])
def test_two_syllable_korean_words_match_inside_longer_words(corpus_bank, query, expected_first):
    assert search_ids(corpus_bank, query)[0] == expected_first


def test_two_syllable_word_finds_every_item_that_has_it(corpus_bank):
    assert set(search_ids(corpus_bank, "함수")) == {"M1", "M4"}


def test_single_syllable_query_finds_the_syllable_anywhere(corpus_bank):
    assert search_ids(corpus_bank, "힘") == ["S3"]


@pytest.mark.parametrize("query,expected_first", [
    ("y=2x+3 기울기", "M1"),
    ("x²-5x+6=0 근의 합", "M2"),
    ("DNA 복제", "S2"),
    ("6V 전압 2Ω", "S1"),
    ("recycling 주제", "E1"),
])
def test_mixed_korean_english_number_queries(corpus_bank, query, expected_first):
    assert search_ids(corpus_bank, query)[0] == expected_first


def test_more_shared_terms_rank_higher(corpus_bank):
    hits = corpus_bank.search(SearchRequest(text="이차방정식 근의 합", mode="keyword")).hits
    assert hits[0].id == "M2"
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))
    assert "이차" in hits[0].explain["keyword"]["matched"]


def test_explanation_text_is_searchable_but_weighs_less_than_the_stem(corpus_bank):
    assert search_ids(corpus_bank, "계수") == ["M2"]


def test_filters_subject_grade_type_difficulty_standard_unit(corpus_bank):
    assert set(search_ids(corpus_bank, "그래프", subject="수학")) == {"M1", "M4"}
    assert search_ids(corpus_bank, "그래프", grade="고1") == ["M4"]
    assert set(search_ids(corpus_bank, "", subject="math", grade="중")) == {"M1", "M2", "M3"}
    assert search_ids(corpus_bank, "", type="서술형") == ["M4"]
    assert set(search_ids(corpus_bank, "", difficulty="하")) == {"M1", "S1", "S3"}
    assert search_ids(corpus_bank, "", standard="[9수02") == ["M2"]
    assert search_ids(corpus_bank, "", unit="전기") == ["S1"]
    assert search_ids(corpus_bank, "전류", subject="국어") == []


def test_filter_with_like_wildcards_is_taken_literally(corpus_bank):
    assert search_ids(corpus_bank, "", standard="%") == []


def test_bad_filter_value_is_a_clear_error(corpus_bank):
    with pytest.raises(VocabularyError, match="unknown subject"):
        search_ids(corpus_bank, "함수", subject="체육학")


def test_image_query_without_model_pack_says_what_is_needed(corpus_bank, tmp_path):
    with pytest.raises(SearchUnavailableError, match="Qwen3-VL model pack"):
        corpus_bank.search(SearchRequest(text="삼각형", image=str(tmp_path / "x.png")))


def test_semantic_mode_without_profile_says_how_to_get_one(corpus_bank):
    with pytest.raises(SearchUnavailableError, match="models install"):
        corpus_bank.search(SearchRequest(text="삼각형", mode="semantic"))


def test_auto_mode_is_keyword_without_a_profile(corpus_bank):
    assert corpus_bank.search(SearchRequest(text="전류")).mode == "keyword"
