"""The two storage backends side by side: the embedded one (SQLite + usearch files) and the district one
(a real PostgreSQL 18 server with pgvector 0.8, started by the test setup).

The search suites (test_keyword_search.py, test_qwen_search.py, test_desktop_app.py) run on both
backends; here the two are compared directly on the sample bank (same items, same tiny Qwen3-VL model),
and what only the district backend has is checked: migrations, figures shared through the database,
incremental vector updates, HNSW with filtered iterative scans, configuration, and the REST server.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat

import numpy as np
import pytest
from conftest import QWEN_PROFILE, draw_figure, write_jsonl

from engine.api import ItemBank, SearchRequest
from engine.catalog.catalog import CatalogError
from engine.catalog.schema import SchemaTooNewError
from engine.search.filters import SearchFilters

psycopg = pytest.importorskip("psycopg")

KEYWORD_QUERIES = [
    ("이차방정식의 근과 계수의 관계", {}),
    ("함수의 그래프", {"subject": "수학"}),
    ("전", {}),                                # one syllable: a prefix match
    ("DNA 구조", {}),
    ("광합성", {"grade": "중"}),
    ("문장의 주제", {"subject": "국어", "difficulty": "중"}),
    ("", {"subject": "과학"}),                 # no words: the filtered bank in catalog order
    ("relative pronoun which", {}),
]


@pytest.fixture
def both(sample_qwen_dir, pg_qwen_bank):
    """(embedded bank, district bank): the same sample items, the same tiny model and profile."""
    folder, url = pg_qwen_bank
    embedded, district = ItemBank(sample_qwen_dir), ItemBank(folder, backend=url)
    yield embedded, district
    embedded.close()
    district.close()


def _pairs(bank: ItemBank, request: SearchRequest) -> list[tuple[str, float]]:
    return [(hit.id, hit.score) for hit in bank.search(request).hits]


def _assert_same_ranking(first: list[tuple[str, float]], second: list[tuple[str, float]], tol: float) -> None:
    """Same scores in the same order, and the same items at each score; only items tied at the lowest
    score shown may differ (which of several equal items makes the cut is arbitrary)."""
    assert len(first) == len(second)
    assert np.allclose([s for _, s in first], [s for _, s in second], atol=tol)

    def groups(pairs: list[tuple[str, float]]) -> dict[float, set[str]]:
        grouped: dict[float, set[str]] = {}
        for item_id, score in pairs:
            grouped.setdefault(round(score, 3), set()).add(item_id)
        return grouped

    lowest = round(first[-1][1], 3)
    a, b = groups(first), groups(second)
    assert {k: v for k, v in a.items() if k != lowest} == {k: v for k, v in b.items() if k != lowest}


@pytest.mark.parametrize("query,filters", KEYWORD_QUERIES)
def test_keyword_search_ranks_alike_on_both_backends(both, query, filters):
    """The district backend computes FTS5's BM25 in SQL: same scores, same order."""
    embedded, district = both
    request = SearchRequest(text=query, filters=SearchFilters(**filters), k=10, mode="keyword")
    first, second = _pairs(embedded, request), _pairs(district, request)
    assert first, "the query should find something in the sample bank"
    if not query:
        assert [i for i, _ in first] == [i for i, _ in second]
    else:
        _assert_same_ranking(first, second, tol=2e-4)


@pytest.mark.parametrize("mode", ["semantic", "hybrid"])
@pytest.mark.parametrize("query,filters", [
    ("이차방정식의 근과 계수의 관계", {}),
    ("세포 분열", {"subject": "과학"}),
    ("직각삼각형의 넓이", {"grade": "중"}),
])
def test_semantic_and_hybrid_give_the_same_top_results(both, mode, query, filters):
    embedded, district = both
    request = SearchRequest(text=query, filters=SearchFilters(**filters), k=10, mode=mode)
    first, second = _pairs(embedded, request), _pairs(district, request)
    assert len(first) == 10
    assert [i for i, _ in first] == [i for i, _ in second]
    # cosines: usearch f16 and pgvector halfvec hold the same float16 vectors
    assert np.allclose([s for _, s in first], [s for _, s in second], atol=2e-3)


def test_image_search_and_similar_items_agree(both):
    embedded, district = both
    item = next(i for i in embedded.catalog.iter_items() if i.images)
    figure = embedded.image_path(item.images[0])
    request = SearchRequest(image=str(figure), mode="semantic", k=8)
    assert [h.id for h in embedded.search(request).hits] == [h.id for h in district.search(request).hits]
    assert ([h.id for h in embedded.search.similar(item.id, k=6).hits]
            == [h.id for h in district.search.similar(item.id, k=6).hits])


def test_another_pc_gets_the_figures_from_the_database(pg_qwen_bank, tmp_path):
    """A second data folder on the same database (another PC) sees every item and every figure byte."""
    folder, url = pg_qwen_bank
    other = ItemBank(tmp_path / "other-pc", backend=url)
    try:
        item = next(i for i in other.catalog.iter_items() if i.images)
        path = other.image_path(item.images[0])
        assert path is not None and path.is_relative_to(tmp_path / "other-pc")
        assert hashlib.sha256(path.read_bytes()).hexdigest() == item.images[0]
        assert other.thumbnail(item.images[0]) is not None
        assert other.stats()["items"] == 200 and other.stats()["backend"] == "postgres"
        assert other.profiles.active_name() == QWEN_PROFILE
    finally:
        other.close()


def test_large_bank_path_uses_the_hnsw_index_with_filtered_iterative_scans(both, monkeypatch):
    """Above the exact-search thresholds the district backend queries the HNSW index (iterative scan for
    filters); on the sample bank that must still return exactly the exact top 10."""
    from engine.storage.postgres import vectors

    embedded, district = both
    profile = district.profiles.get(QWEN_PROFILE)
    query = district.profiles.embedder(profile).encode_query(["함수의 그래프"]).vectors[0]
    exact = district.catalog.vectors.nearest(profile, query, 10)
    science = SearchFilters(subject="과학")
    exact_filtered = district.catalog.vectors.nearest(profile, query, 10, science)
    monkeypatch.setattr(vectors, "EXACT_BELOW", 0)
    monkeypatch.setattr(vectors, "EXACT_FILTER_LIMIT", 0)
    approximate = district.catalog.vectors.nearest(profile, query, 10)
    approximate_filtered = district.catalog.vectors.nearest(profile, query, 10, science)
    assert [k for k, _ in approximate] == [k for k, _ in exact]
    assert [k for k, _ in approximate_filtered] == [k for k, _ in exact_filtered]
    keys = set(district.catalog.ids_for_keys([k for k, _ in approximate_filtered]).values())
    assert all(district.get(i).subject == "과학" for i in keys)
    # and the planner really serves the approximate query from the HNSW index
    conn = district.catalog.connection
    table = conn.execute("SELECT table_name FROM profile_tables WHERE profile = ?", (QWEN_PROFILE,)).fetchone()[0]
    with conn.raw.transaction():
        conn.raw.execute("SET LOCAL enable_seqscan = off")  # 200 rows: let the plan show the index exists
        plan = "\n".join(r[0] for r in conn.raw.execute(
            f'EXPLAIN SELECT item_key FROM "{table}" ORDER BY embedding <=> %s LIMIT 10',
            (vectors.HalfVector(query[:profile.dim]),)).fetchall())
    assert "hnsw" in plan.lower() or "Index Scan" in plan


# -- writing to the district bank ------------------------------------------------------------------
ITEMS = [
    {"id": "D1", "subject": "수학", "grade": "중3", "stem": "이차방정식 x^2-5x+6=0의 두 근의 합은?",
     "choices": ["1", "5", "6"], "answer": "②"},
    {"id": "D2", "subject": "과학", "grade": "중2", "stem": "전압이 6V이고 저항이 2Ω일 때 전류의 세기는?",
     "answer": "3A", "images": ["circuit.png"]},
    {"id": "D3", "subject": "수학", "grade": "고1", "stem": "일차함수 y=2x+3의 그래프의 기울기는?", "answer": "2"},
]


@pytest.fixture
def district_bank(tmp_path, postgres_url, tiny_embedder_dir):
    from conftest import install_tiny_pack

    source = tmp_path / "source"
    draw_figure(source / "circuit.png", "graph")
    bank = ItemBank(tmp_path / "pc", create=True, backend=postgres_url)
    report = bank.import_path(write_jsonl(source / "items.jsonl", ITEMS))
    assert report.imported == 3 and not report.skipped
    install_tiny_pack(tmp_path, tiny_embedder_dir, "qwen3-vl-embedding-tiny", bank.paths.models)
    bank.profiles.create(QWEN_PROFILE, precision="fp32")
    assert bank.profiles.build_index(QWEN_PROFILE).indexed == 3
    yield bank
    bank.close()


def _vector_rows(bank: ItemBank) -> int:
    conn = bank.catalog.connection
    table = conn.execute("SELECT table_name FROM profile_tables WHERE profile = ?", (QWEN_PROFILE,)).fetchone()[0]
    return int(conn.raw.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


def test_edits_reach_keyword_and_vector_search_incrementally(district_bank, tmp_path):
    bank = district_bank
    changed = dict(ITEMS[2], stem="일차함수 y=-x+1의 그래프가 지나지 않는 사분면은?")
    report = bank.import_path(write_jsonl(tmp_path / "edit.jsonl", [changed]))
    assert [row.id for row in report.updated] == ["D3"]
    hits = [h.id for h in bank.search(SearchRequest(text="사분면", mode="keyword")).hits]
    assert hits == ["D3"]
    assert bank.search(SearchRequest(text="기울기", mode="keyword")).hits == []
    rebuilt = bank.profiles.build_index(QWEN_PROFILE)
    assert (rebuilt.embedded, rebuilt.rebuilt, rebuilt.indexed) == (1, False, 3)
    changes = bank.duplicates.merge("D1", "D2")
    assert "D2" not in [h.id for h in bank.search(SearchRequest(text="전류", mode="keyword")).hits]
    assert (changes.changed, changes.removed) == ({"D1"}, {"D2"}) and changes.decisions
    after = bank.profiles.build_index(QWEN_PROFILE)
    assert (after.removed, after.indexed) == (1, 2) and _vector_rows(bank) == 2
    result = bank.search(SearchRequest(text="이차방정식", mode="semantic", k=5))
    assert sorted(h.id for h in result.hits) == ["D1", "D3"]


def test_a_lost_vector_table_is_rebuilt_and_a_deleted_profile_drops_it(district_bank):
    bank = district_bank
    conn = bank.catalog.connection
    table = conn.execute("SELECT table_name FROM profile_tables WHERE profile = ?", (QWEN_PROFILE,)).fetchone()[0]
    conn.raw.execute(f'DROP TABLE "{table}"')
    report = bank.profiles.build_index(QWEN_PROFILE)
    assert report.rebuilt and "missing" in report.rebuild_reason and _vector_rows(bank) == 3
    new_table = conn.execute("SELECT table_name FROM profile_tables WHERE profile = ?",
                             (QWEN_PROFILE,)).fetchone()[0]
    bank.profiles.delete(QWEN_PROFILE)
    assert conn.execute("SELECT to_regclass(?)", (new_table,)).fetchone()[0] is None
    assert bank.profiles.get(QWEN_PROFILE) is None


def test_a_cancelled_import_writes_nothing_to_the_database(district_bank, tmp_path):
    bank = district_bank
    before = bank.stats()
    many = [{"subject": "사회", "stem": f"지역 {n}의 인구 변화를 설명하시오."} for n in range(40)]
    calls = {"n": 0}

    def cancel_after_a_while() -> bool:
        calls["n"] += 1
        return calls["n"] > 20

    report = bank.import_path(write_jsonl(tmp_path / "many.jsonl", many), should_cancel=cancel_after_a_while)
    assert report.cancelled
    after = bank.stats()
    assert (after["items"], after["images"]) == (before["items"], before["images"])
    assert bank.search(SearchRequest(text="인구 변화", mode="keyword")).hits == []


def test_a_profile_too_wide_for_halfvec_is_refused_with_what_to_do(district_bank):
    from engine.index.indexer import IndexReport
    from engine.index.profiles import ProfileError

    profile = district_bank.profiles.get(QWEN_PROFILE)
    wide = type(profile)(**{**profile.__dict__, "dim": 4096})
    with pytest.raises(ProfileError, match="--dim 4000"):
        district_bank.catalog.vectors.sync(wide, IndexReport(profile=wide.name))


# -- schema, configuration, errors -----------------------------------------------------------------
def test_migrations_are_recorded_and_a_newer_schema_is_refused(postgres_url, tmp_path):
    from engine.storage.postgres import schema

    with pytest.raises(CatalogError, match="itembank init --backend"):
        ItemBank(tmp_path / "a", backend=postgres_url)  # an empty database is not a bank yet
    assert not ItemBank.exists(tmp_path / "a", backend=postgres_url)
    ItemBank(tmp_path / "a", create=True, backend=postgres_url).close()
    assert ItemBank.exists(tmp_path / "a", backend=postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        assert conn.execute("SELECT version FROM itembank_schema").fetchone()[0] == schema.SCHEMA_VERSION
        assert conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()[0] >= "0.8"
        conn.execute("UPDATE itembank_schema SET version = 99")
    with pytest.raises(SchemaTooNewError, match="newer itembank"):
        ItemBank(tmp_path / "a", backend=postgres_url)


def test_the_backend_comes_from_the_flag_the_environment_or_the_folder(tmp_path, postgres_url, monkeypatch):
    from engine.paths import BankPaths
    from engine.storage import BackendConfigError, resolve_backend, save_backend

    paths = BankPaths.resolve(tmp_path / "pc")
    monkeypatch.delenv("ITEMBANK_BACKEND", raising=False)
    assert resolve_backend(paths) is None
    save_backend(paths, postgres_url)
    assert resolve_backend(paths) == postgres_url
    assert stat.S_IMODE(os.stat(paths.root / "storage.json").st_mode) == 0o600
    monkeypatch.setenv("ITEMBANK_BACKEND", "sqlite")
    assert resolve_backend(paths) is None            # the environment overrides the folder
    assert resolve_backend(paths, postgres_url) == postgres_url  # and the flag overrides both
    with pytest.raises(BackendConfigError, match="mysql://x.*PostgreSQL URL"):
        resolve_backend(paths, "mysql://x")
    monkeypatch.delenv("ITEMBANK_BACKEND")
    (paths.root / "storage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(BackendConfigError, match="storage.json"):
        resolve_backend(paths)


def test_an_unreachable_database_names_the_server_without_the_password(tmp_path):
    from engine.storage import DatabaseUnavailableError

    url = "postgresql://teacher:s3cret@127.0.0.1:1/itembank"
    with pytest.raises(DatabaseUnavailableError) as caught:
        ItemBank(tmp_path / "pc", backend=url)
    message = str(caught.value)
    assert "127.0.0.1:1" in message and "s3cret" not in message and ".pgpass" in message


def test_cli_init_remembers_the_backend_for_every_later_command(run_cli, tmp_path, postgres_url, monkeypatch):
    monkeypatch.delenv("ITEMBANK_BACKEND", raising=False)
    folder = tmp_path / "district-pc"
    code, out, err = run_cli("init", "--sample", "--no-index", "--backend", postgres_url,
                             "--data-dir", folder, "--json")
    assert code == 0, err
    created = json.loads(out)
    assert created["backend"] == "postgres" and created["items"] == 200
    assert json.loads((folder / "storage.json").read_text())["backend"] == postgres_url
    assert not (folder / "catalog.sqlite3").exists()
    code, out, err = run_cli("search", "이차방정식", "--data-dir", folder, "--json")
    assert code == 0, err
    assert any("이차방정식" in hit["stem"] for hit in json.loads(out)["results"])
    code, _, err = run_cli("backup", "--data-dir", folder, str(tmp_path / "b.zip"))
    assert code == 2 and "pg_dump" in err


def test_a_school_pc_searches_the_district_server_with_a_read_token_and_its_own_bank(
        pg_qwen_bank, sample_qwen_dir, tmp_path):
    """The district runs `itembank serve` on its PostgreSQL bank; a school PC with a read token searches it
    through the remote client (same results as the same bank embedded) and still searches its own bank;
    the read token cannot switch the district's profile."""
    httpx = pytest.importorskip("httpx")
    pytest.importorskip("fastapi")
    from engine.remote import RemoteBank, RemoteError
    from engine.server.config import ServerConfig
    from engine.server.runner import BackgroundServer
    from engine.server.tokens import TokenStore

    folder, url = pg_qwen_bank
    server_folder = tmp_path / "district-server"
    shutil.copytree(folder / "models", server_folder / "models")
    read_token, _ = TokenStore.in_data_dir(server_folder).create("read", "○○중학교")
    school = ItemBank(tmp_path / "school", create=True)
    school.import_path(write_jsonl(tmp_path / "own.jsonl", [
        {"id": "OWN-1", "subject": "수학", "stem": "우리 학교 기출: 이차방정식의 근의 공식을 유도하시오."}]))
    embedded = ItemBank(sample_qwen_dir)
    query = "이차방정식의 근과 계수"
    try:
        with BackgroundServer(ServerConfig(data_dir=server_folder, backend=url, port=0, rate_limit=0)) as running:
            remote = RemoteBank(running.url, read_token, cache_dir=tmp_path / "school" / "cache" / "remote")
            assert remote.health().items == 200
            found = remote.search(SearchRequest(text=query, k=5))
            expected = embedded.search(SearchRequest(text=query, k=5))
            assert found.mode == expected.mode == "hybrid"
            assert [h.id for h in found.hits] == [h.id for h in expected.hits]
            item = next(i for i in embedded.catalog.iter_items() if i.images)
            assert remote.get(item.id) == embedded.get(item.id)
            assert hashlib.sha256(remote.image_bytes(item.images[0])).hexdigest() == item.images[0]
            with httpx.Client(base_url=running.url, timeout=30) as http:
                denied = http.put("/api/v1/profiles/active", json={"name": "keyword"},
                                  headers={"Authorization": f"Bearer {read_token}"})
                assert denied.status_code == 403
                assert http.get("/api/v1/search", params={"q": query}).status_code == 401
            with pytest.raises(RemoteError, match="token"):
                RemoteBank(running.url, "ibk_wrong").search(SearchRequest(text=query))
        own = school.search(SearchRequest(text="근의 공식", k=5))
        assert [h.id for h in own.hits] == ["OWN-1"]
    finally:
        embedded.close()
        school.close()


def test_the_graph_search_never_looks_at_fewer_candidates_than_results_asked_for():
    from engine.storage.postgres.vectors import EF_SEARCH, ef_search_for

    assert ef_search_for(1_000_000, 10) == EF_SEARCH == 200
    assert ef_search_for(1_000, 300) == 300
