"""The district backend's vector index: one pgvector table per profile with an HNSW index.

- ``halfvec``, not ``vector``: pgvector's HNSW takes at most 2,000 dimensions of ``vector`` but 4,000 of
  ``halfvec``, so Qwen3-VL-Embedding-2B's full 2,048 dimensions are indexed as they are (float16 is also
  what the embedded usearch index stores by default). Profiles over more than 4,000 dimensions (the 8B
  model's 4,096) must be created with an MRL cut (``--dim 4000`` or less).
- Small banks (under ``EXACT_BELOW`` vectors) and small filtered sets (under ``EXACT_FILTER_LIMIT``)
  are scored exactly, like the embedded backend, so both give the same results there.
- A filter on a large bank uses pgvector 0.8's iterative index scan (``hnsw.iterative_scan``), which
  keeps walking the graph until ``k`` rows pass the filter; if it still comes up short, the exact
  filtered scan answers instead, so a filter never loses results.
- A rebuild writes a new table and switches ``profile_tables`` in the same transaction as the profile's
  generation, so searches keep using the old table until then; incremental updates change rows in
  place (readers are not blocked).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import numpy as np
from pgvector import HalfVector
from psycopg import sql

from engine.index import embeddings
from engine.index.profiles import Profile, ProfileError
from engine.index.vector_store import (
    indexed_versions,
    record_generation,
    wanted_versions,
)
from engine.search.filters import SearchFilters
from engine.search.results import SearchUnavailableError
from engine.storage.postgres.connection import translate

if TYPE_CHECKING:
    from engine.catalog.catalog import SqlCatalog
    from engine.index.report import IndexReport

HALFVEC_HNSW_MAX_DIM = 4000
EXACT_BELOW = 20_000          # same threshold as the embedded backend (engine.index.vector_index)
EXACT_FILTER_LIMIT = 5_000    # same as engine.search.semantic
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64
# hnsw.ef_search from `itembank bench district` (clustered synthetic data, m=16, ef_construction=64):
# 100k vectors: 100 → R@10 0.96-0.98, 200 → 0.99 (P50 3-3.6 ms); 1M: 100 → 0.82, 200 → 0.86-0.87
# (P50 ~4 ms). 200 costs about 1 ms more than 100 at every size measured, so it is the setting; at 1M
# recall is bounded by the graph itself (a higher ef_construction at build time is the lever).
EF_SEARCH = 200


def ef_search_for(vectors: int, k: int) -> int:
    """The candidate list for a query: EF_SEARCH, never fewer than the results asked for."""
    return max(EF_SEARCH, k)


def table_name(profile: str, generation: int) -> str:
    """A valid identifier under 63 bytes for any profile name (names may be 64 characters)."""
    digest = hashlib.sha1(profile.encode("utf-8")).hexdigest()[:16]
    return f"pv_{digest}_g{generation}"


class PgVectorStore:
    def __init__(self, catalog: "SqlCatalog") -> None:
        self.catalog = catalog
        # (profile, generation) → (table, vector count): a generation never changes once written, so
        # searches skip two lookups (a count over 100k rows costs more than the HNSW query itself).
        self._known: dict[tuple[str, int], tuple[str, int]] = {}

    # -- where a profile's vectors are -----------------------------------------------------
    def _table(self, conn, profile: str) -> str | None:
        row = conn.execute("SELECT table_name FROM profile_tables WHERE profile = ?", (profile,)).fetchone()
        return row[0] if row else None

    def _current(self, conn, profile: Profile) -> tuple[str, int] | None:
        known = self._known.get((profile.name, profile.generation))
        if known is None:
            row = conn.execute("SELECT t.table_name, p.generation, (SELECT count(*) FROM profile_items "
                               "WHERE profile = p.name) FROM profiles p JOIN profile_tables t ON t.profile = p.name "
                               "WHERE p.name = ?", (profile.name,)).fetchone()
            if row is None:
                return None
            known = (row[0], int(row[2]))
            self._known[(profile.name, int(row[1]))] = known
        return known

    def _table_rows(self, conn, table: str) -> int | None:
        if conn.execute("SELECT to_regclass(?)", (table,)).fetchone()[0] is None:
            return None
        return int(conn.raw.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
                   .fetchone()[0])

    # -- building ---------------------------------------------------------------------------
    def sync(self, profile: Profile, report: "IndexReport") -> Profile:
        if profile.dim > HALFVEC_HNSW_MAX_DIM:
            raise ProfileError(
                f"profile {profile.name} has {profile.dim} dimensions; the district backend's index "
                f"(pgvector halfvec HNSW) takes at most {HALFVEC_HNSW_MAX_DIM}: create the profile with "
                f"--dim {HALFVEC_HNSW_MAX_DIM} or less (the model was trained for shortened vectors)")
        conn = self.catalog.connection
        have = indexed_versions(conn, profile.name)
        want = wanted_versions(conn, profile.model_key)
        current = self._table(conn, profile.name)
        rows = self._table_rows(conn, current) if current else None
        if profile.generation == 0 or current is None:
            report.rebuilt, report.rebuild_reason = True, "first build"
        elif rows != len(have):
            report.rebuilt = True
            report.rebuild_reason = (f"table {current} is missing" if rows is None else
                                     f"table {current} holds {rows} vectors, the catalog lists {len(have)}")
        if report.rebuilt:
            return self._rebuild(profile, want, current, report)
        to_remove = [k for k, v in have.items() if want.get(k) != v]
        to_add = [k for k, v in want.items() if have.get(k) != v]
        if not to_remove and not to_add:
            report.indexed = len(have)
            return profile
        keys, versions, vectors = embeddings.current(conn, profile.model_key, profile.dim, to_add)
        with self.catalog.transaction() as tx:
            if to_remove:
                tx.raw.execute(sql.SQL("DELETE FROM {} WHERE item_key = ANY(%s)").format(sql.Identifier(current)),
                               (to_remove,))
            self._copy(tx, current, keys, versions, vectors)
            next_profile = record_generation(tx, profile, want)
        report.removed = len([k for k in to_remove if k not in want])
        report.indexed = len(want)
        return next_profile

    def _rebuild(self, profile: Profile, want: dict[int, int], old: str | None,
                 report: "IndexReport") -> Profile:
        """Load every current vector into a new table, index it, then switch to it in one transaction."""
        conn = self.catalog.connection
        table = table_name(profile.name, profile.generation + 1)
        ident = sql.Identifier(table)
        keys, versions, vectors = embeddings.current(conn, profile.model_key, profile.dim)
        conn.raw.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(ident))  # left by an interrupted run
        conn.raw.execute(sql.SQL(
            "CREATE TABLE {} (item_key bigint PRIMARY KEY, item_version integer NOT NULL, "
            "embedding halfvec({}) NOT NULL)").format(ident, sql.Literal(profile.dim)))
        conn.raw.execute(sql.SQL("COMMENT ON TABLE {} IS {}").format(
            ident, sql.Literal(f"itembank profile {profile.name}")))
        try:
            self._copy(conn, table, keys, versions, vectors)
            # Built after loading: one bulk build is far faster than inserting into a live graph.
            conn.raw.execute(sql.SQL(
                "CREATE INDEX ON {} USING hnsw (embedding halfvec_cosine_ops) WITH (m = {}, ef_construction = {})"
            ).format(ident, sql.Literal(HNSW_M), sql.Literal(HNSW_EF_CONSTRUCTION)))
            conn.raw.execute(sql.SQL("ANALYZE {}").format(ident))
            with self.catalog.transaction() as tx:
                tx.execute("INSERT INTO profile_tables (profile, table_name) VALUES (?, ?) "
                           "ON CONFLICT (profile) DO UPDATE SET table_name = excluded.table_name",
                           (profile.name, table))
                next_profile = record_generation(tx, profile, want)
        except BaseException:
            conn.raw.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(ident))
            raise
        if old and old != table:
            conn.raw.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(old)))
        report.removed = 0
        report.indexed = len(want)
        return next_profile

    @staticmethod
    def _copy(conn, table: str, keys: np.ndarray, versions: np.ndarray, vectors: np.ndarray) -> None:
        if not len(keys):
            return
        statement = sql.SQL("COPY {} (item_key, item_version, embedding) FROM STDIN WITH (FORMAT BINARY)").format(
            sql.Identifier(table))
        with conn.raw.cursor() as cursor, cursor.copy(statement) as copy:
            copy.set_types(["int8", "int4", "halfvec"])
            for key, version, vector in zip(keys.tolist(), versions.tolist(), vectors):
                copy.write_row((key, version, HalfVector(vector)))

    # -- searching ----------------------------------------------------------------------------
    def nearest(self, profile: Profile, query: np.ndarray, k: int,
                filters: SearchFilters | None = None) -> list[tuple[int, float]]:
        conn = self.catalog.connection
        current = self._current(conn, profile)
        if current is None:
            raise SearchUnavailableError(f"profile {profile.name} has no vectors on the district server yet; "
                                         f"run `itembank index --profile {profile.name}`")
        table, total = current
        ident = sql.Identifier(table)
        vector = HalfVector(np.asarray(query, dtype=np.float32)[:profile.dim])
        where, params = (filters.sql("i") if filters is not None and not filters.is_empty() else ("", []))
        if not where:
            if total < EXACT_BELOW:
                return self._exact(conn, ident, vector, k, "", [])
            return self._approximate(conn, ident, vector, k, "", [], total)
        # How many items pass, counted only up to the exact-scan limit (a full count costs a scan).
        allowed = int(conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM items i WHERE 1=1{where} LIMIT ?) s",
                                   (*params, EXACT_FILTER_LIMIT + 1)).fetchone()[0])
        if allowed == 0:
            return []
        if allowed <= EXACT_FILTER_LIMIT or total < EXACT_BELOW:
            return self._exact(conn, ident, vector, k, where, params)
        found = self._approximate(conn, ident, vector, k, where, params, total)
        if len(found) < min(k, allowed):
            return self._exact(conn, ident, vector, k, where, params)
        return found

    @staticmethod
    def _select(ident: sql.Identifier, where: str, order: str) -> sql.Composed:
        # ``where`` comes from SearchFilters.sql (fixed column names, ? placeholders), never from input.
        return sql.SQL("SELECT v.item_key, v.embedding <=> %s AS distance FROM {} v "
                       "JOIN items i ON i.item_key = v.item_key WHERE 1=1" + translate(where)
                       + " ORDER BY " + order + " LIMIT %s").format(ident)

    def _exact(self, conn, ident, vector: HalfVector, k: int, where: str, params: list) -> list[tuple[int, float]]:
        # "+ 0" makes the order an expression the HNSW index cannot serve: a sequential, exact scan.
        statement = self._select(ident, where, "(v.embedding <=> %s) + 0, v.item_key")
        rows = conn.raw.execute(statement, (vector, *params, vector, k)).fetchall()
        return [(int(r[0]), 1.0 - float(r[1])) for r in rows]

    def _approximate(self, conn, ident, vector: HalfVector, k: int, where: str,
                     params: list, total: int) -> list[tuple[int, float]]:
        statement = self._select(ident, where, "v.embedding <=> %s")
        # One round trip for the settings. With a filter the planner sometimes prices a full scan + sort
        # below the index walk (100+ ms at 100k vectors in `bench district`); the exact path is ours to
        # choose, not the planner's, hence enable_seqscan = off.
        settings = sql.SQL("SET LOCAL hnsw.ef_search = {}; SET LOCAL hnsw.iterative_scan = relaxed_order; "
                           "SET LOCAL enable_seqscan = off").format(sql.Literal(ef_search_for(total, k)))
        with conn.raw.transaction():
            conn.raw.execute(settings)
            rows = conn.raw.execute(statement, (vector, *params, vector, k)).fetchall()
        pairs = [(int(r[0]), 1.0 - float(r[1])) for r in rows]
        pairs.sort(key=lambda pair: -pair[1])  # relaxed order: nearly sorted, finish the job
        return pairs

    def vector_of(self, profile: Profile, key: int) -> np.ndarray | None:
        conn = self.catalog.connection
        table = self._table(conn, profile.name)
        if table is None:
            return None
        row = conn.raw.execute(sql.SQL("SELECT embedding FROM {} WHERE item_key = %s").format(
            sql.Identifier(table)), (key,)).fetchone()
        return None if row is None else np.asarray(row[0].to_numpy(), dtype=np.float32)

    def drop(self, profile: Profile) -> None:
        self._known = {key: value for key, value in self._known.items() if key[0] != profile.name}
        conn = self.catalog.connection
        table = self._table(conn, profile.name)
        if table is not None:
            conn.raw.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(table)))
