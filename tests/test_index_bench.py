"""`itembank bench index`: the app's own index settings reach recall@10 ≥ 0.99 against exact search on
clustered synthetic embeddings once HNSW (not exact search) is in use, and the report says which ran."""

from __future__ import annotations

import json

from engine.bench.index import synthetic_embeddings
from engine.index.vector_index import EXACT_SEARCH_BELOW


def test_hnsw_default_settings_meet_the_recall_target(run_cli):
    code, out, _ = run_cli("bench", "index", "--sizes", f"500,{EXACT_SEARCH_BELOW}", "--dims", "64",
                           "--dtypes", "f16", "--queries", "100", "--json")
    assert code == 0
    rows = {(r["items"], r["index"]): r for r in json.loads(out)["rows"]}
    hnsw = rows[(EXACT_SEARCH_BELOW, "usearch f16 (HNSW)")]
    assert hnsw["recall_at_10"] >= 0.99
    assert rows[(500, "usearch f16 (exact)")]["recall_at_10"] == 1.0
    assert rows[(500, "exact numpy (baseline)")]["recall_at_10"] == 1.0
    assert hnsw["file_mb"] > 0 and hnsw["build_s"] > 0


def test_synthetic_embeddings_are_unit_vectors_with_topic_structure():
    vectors = synthetic_embeddings(2000, 32, topics=20)
    norms = (vectors * vectors).sum(axis=1)
    assert abs(norms - 1).max() < 1e-5
    # items of one topic are closer than random pairs: the nearest neighbour is far above the mean
    similarities = vectors[:50] @ vectors.T
    nearest = sorted(similarities[0])[-2]
    assert nearest > similarities.mean() + 0.3


def test_bad_bench_arguments_are_named(run_cli):
    code, _, err = run_cli("bench", "index", "--sizes", "ten")
    assert code == 2 and "--sizes" in err
    code, _, err = run_cli("bench", "index", "--dtypes", "f8")
    assert code == 2 and "--dtypes" in err
