"""`itembank bench district`: PostgreSQL + pgvector and usearch index the same synthetic vectors and
answer the same queries; both reach recall@10 ≥ 0.9 at their exact-ish settings, the filtered
PostgreSQL search (iterative scan) too, and the report shows both backends side by side."""

from __future__ import annotations

import json

import pytest

from engine.bench.district import (
    SUBJECTS,
    CaseResult,
    K,
    PostgresFigures,
    QueryFigures,
    UsearchFigures,
    connect,
    crossover,
    exact_top,
    format_district_bench,
    make_data,
    merge_results,
    result_from_dict,
    run_district_bench,
)

SIZE, DIM, QUERIES = 3000, 64, 40


def test_exact_truth_respects_the_subject_filter():
    data = make_data(600, 16, 12)
    truth, filtered = exact_top(data)
    assert all(len(t) == K for t in truth)
    for keys, subject in zip(filtered, data.query_subjects):
        assert len(keys) == K and all(data.subjects[k] == subject for k in keys)
    # brute force by hand for the first query
    scores = data.vectors @ data.queries[0]
    assert truth[0] == {int(i) for i in scores.argsort()[-K:]}
    assert set(data.subjects.tolist()) == set(range(SUBJECTS))


def _case(size: int, usearch_filtered_ms: float) -> CaseResult:
    hnsw = "HNSW index"
    usearch = UsearchFigures(mode="HNSW", add_s=100.0, add_per_s=size / 100, file_mb=size * 2e-3,
                             incremental_per_s=1000, save_s=1.0,
                             queries=[QueryFigures("usearch", 0.5, 1.0, 0.95, hnsw),
                                      QueryFigures("usearch + filter", usearch_filtered_ms, 9.0, 0.99, "")])
    postgres = PostgresFigures(load_s=10.0, load_per_s=size / 10, index_build_s=240.0, incremental_per_s=100,
                               rows=size, total_mb=size * 5e-3, index_mb=size * 2.5e-3,
                               queries=[QueryFigures("pgvector, ef_search=40", 1.0, 2.0, 0.90, hnsw),
                                        QueryFigures("pgvector, ef_search=100", 2.0, 3.0, 0.96, hnsw),
                                        QueryFigures("pgvector + subject filter, ef_search=100", 90.0, 99.0,
                                                     1.0, "seq scan (exact)"),
                                        QueryFigures("pgvector + subject filter, ef_search=100, seqscan off",
                                                     3.0, 4.0, 0.97, hnsw)])
    return CaseResult(size, 64, usearch, postgres)


def test_crossover_is_computed_from_the_figures():
    cross = crossover([_case(1_000_000, 60.0), _case(100_000, 2.0)], pc_budget_mb=1000)["by_dim"][0]
    assert cross["from_size"] == 1_000_000
    assert cross["usearch_bytes_per_item"] == 2000 and cross["max_items_per_pc"] == 500_000
    assert cross["schools_for_less_memory"] == 3           # 5000 B on the server vs 2000 B per school
    assert cross["schools_for_less_build_time"] == 3       # 250 s once vs 100 s per school
    # unfiltered: the cheapest PostgreSQL setting with usearch's recall (ef 100), 1.5 ms slower
    assert cross["unfiltered"]["postgres_setting"] == "pgvector, ef_search=100"
    assert cross["unfiltered"]["latency_cost_ms"] == 1.5
    # filtered: the HNSW plan is preferred to the exact scan; faster only at the larger bank
    assert cross["filtered"]["postgres_setting"].endswith("seqscan off")
    assert cross["filtered"]["latency_cost_ms"] == -57.0
    assert cross["server_faster_from_size"] == {"unfiltered": None, "filtered": 1_000_000}


def test_both_backends_side_by_side(postgres_url):
    result = run_district_bench([SIZE], [DIM], queries=QUERIES, ef_values=[40, 200],
                                backend_url=postgres_url)
    case = result.cases[0]
    assert (case.size, case.dim) == (SIZE, DIM)
    assert case.postgres.rows == SIZE
    by_name = {q.search: q for q in case.usearch.queries + case.postgres.queries}
    assert by_name["usearch f16, defaults"].recall_at_10 >= 0.9
    assert by_name["usearch + subject filter (app's nearest_keys)"].recall_at_10 >= 0.9
    assert by_name["pgvector, ef_search=200"].recall_at_10 >= 0.9
    # a table this small may be answered by an exact scan; the forced series has to use the graph
    assert by_name["pgvector, ef_search=200"].plan in ("HNSW index", "seq scan (exact)")
    forced = by_name["pgvector + subject filter, ef_search=200, seqscan off"]
    assert forced.recall_at_10 >= 0.9 and forced.plan == "HNSW index"
    assert by_name["pgvector + subject filter, ef_search=200"].recall_at_10 >= 0.9
    assert all(q.p50_ms > 0 and q.p95_ms >= q.p50_ms for q in by_name.values())
    assert case.postgres.total_mb > case.postgres.index_mb > 0 and case.usearch.file_mb > 0
    assert case.postgres.load_per_s > 0 and case.postgres.index_build_s > 0
    assert case.postgres.incremental_per_s > 0 and case.usearch.incremental_per_s > 0
    text = format_district_bench(result)
    assert "usearch f16 (embedded" in text and "PostgreSQL + pgvector (district)" in text
    assert f"{SIZE:,} vectors × {DIM} dims" in text and "crossover" in text
    cross = result.crossover["by_dim"][0]
    assert cross["dim"] == DIM and cross["max_items_per_pc"] > 0 and cross["schools_for_less_memory"] >= 1
    # the bench cleans up after itself on a server it did not start
    with connect(postgres_url) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'bench_district_%'"
                            ).fetchone()[0] == 0


def test_backends_measured_in_separate_runs_merge_into_one_table(postgres_url):
    """A 1M case can outlast one run: each backend in its own run, on the same seeded data, then one
    table; the saved JSON reads back unchanged."""
    alone = run_district_bench([2000], [32], queries=20, ef_values=[100], backends=("usearch",))
    assert alone.cases[0].postgres is None and not alone.crossover["by_dim"]
    assert "(not run)" in format_district_bench(alone)
    server = run_district_bench([2000], [32], queries=20, ef_values=[100], backend_url=postgres_url,
                                backends=("postgres",))
    saved = [result_from_dict(json.loads(json.dumps(r.to_dict()))) for r in (alone, server)]
    assert saved[1].to_dict() == server.to_dict()
    merged = merge_results(saved)
    case = merged.cases[0]
    assert case.usearch == alone.cases[0].usearch and case.postgres == server.cases[0].postgres
    assert merged.runs == 2 and merged.crossover["by_dim"][0]["dim"] == 32
    assert "merged from 2 runs" in format_district_bench(merged)


def test_cli_prints_json(run_cli, postgres_url):
    code, out, _ = run_cli("bench", "district", "--sizes", "2000", "--dims", "32", "--queries", "20",
                           "--ef", "100", "--backend-url", postgres_url, "--json")
    assert code == 0
    data = json.loads(out)
    case = data["cases"][0]
    assert case["postgres"]["rows"] == 2000 and case["usearch"]["mode"] == "exact"
    assert [q["search"] for q in case["postgres"]["queries"]] == [
        "pgvector, ef_search=100", "pgvector + subject filter, ef_search=100",
        "pgvector + subject filter, ef_search=100, seqscan off"]
    assert data["server"]["pgvector"] and data["crossover"]["by_dim"][0]["dim"] == 32


@pytest.mark.parametrize("flag,value", [("--ef", "forty"), ("--sizes", "0")])
def test_bad_arguments_are_named(run_cli, flag, value):
    code, _, err = run_cli("bench", "district", flag, value)
    assert code == 2 and flag in err
