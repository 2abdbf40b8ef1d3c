"""A profile's usearch file: cosine HNSW over item keys, written atomically by generation.

A new index is written as ``<profile>-g<N+1>.usearch`` (temporary name, then rename) before the
catalog's transaction switches the profile to generation N+1; the old file is deleted afterwards. A
crash at any point leaves the catalog pointing at a complete file. A file that is missing, unreadable
or disagrees with the catalog is rebuilt from the stored embeddings.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from usearch.index import Index

from engine.i18n import _t
from engine.atomic import atomic_path
from engine.errors import Damaged
from engine.index.checksums import SUFFIX as CHECKSUM_SUFFIX
from engine.index.checksums import verify_checksum, write_checksum

# Below this many vectors, brute force is exact and still takes well under a millisecond per query.
EXACT_SEARCH_BELOW = 20_000


class IndexFileError(Damaged):
    """The index file cannot be used as it is (it will be rebuilt)."""


class IndexChecksumError(IndexFileError):
    """The index file's bytes differ from the checksum written with it: it is damaged and needs rebuilding."""


def new_index(dim: int, dtype: str) -> Index:
    return Index(ndim=dim, metric="cos", dtype=dtype)


def load_index(path: Path, dim: int, expected_count: int) -> Index:
    """Open an index file for search, checking it against what the catalog says it holds."""
    if not path.exists():
        raise IndexFileError(_t("{name} is missing").format(name=path.name))
    problem = verify_checksum(path)
    if problem:
        raise IndexChecksumError(problem)
    try:
        meta = Index.metadata(str(path))
    except Exception as exc:  # usearch raises plain RuntimeError/ValueError on bad files
        raise IndexFileError(_t("{name} cannot be read ({exc})").format(name=path.name, exc=exc)) from exc
    if meta is None or meta.get("dimensions") != dim:
        raise IndexFileError(_t("{name} has {value} dimensions, the profile has {dim}").format(
                                 name=path.name, value=meta and meta.get('dimensions'), dim=dim))
    if meta.get("count_present") != expected_count:
        raise IndexFileError(_t("{name} holds {value} vectors, the catalog lists {expected_count}").format(
                                 name=path.name, value=meta.get('count_present'), expected_count=expected_count))
    try:
        return Index.restore(str(path), view=False)
    except Exception as exc:
        raise IndexFileError(_t("{name} cannot be loaded ({exc})").format(name=path.name, exc=exc)) from exc


def save_index_atomic(index: Index, path: Path) -> None:
    """Write the index, then its checksum (both atomic), before the catalog is switched to it."""
    with atomic_path(path) as tmp:
        index.save(str(tmp))
    write_checksum(path)


def build_index(keys: np.ndarray, vectors: np.ndarray, dim: int, dtype: str) -> Index:
    index = new_index(dim, dtype)
    if len(keys):
        index.add(keys.astype(np.uint64), np.ascontiguousarray(vectors[:, :dim], dtype=np.float32))
    return index


def search_index(index: Index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(keys, cosine similarities) best first."""
    if len(index) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    k = min(k, len(index))
    matches = index.search(np.ascontiguousarray(query, dtype=np.float32), k,
                           exact=len(index) < EXACT_SEARCH_BELOW)
    return matches.keys.astype(np.int64), (1.0 - matches.distances).astype(np.float32)


def remove_stale_files(folder: Path, profile: str, keep: str) -> None:
    """Delete older generations of a profile's file (and leftovers of interrupted writes)."""
    if not folder.exists():
        return
    pattern = re.compile(rf"^\.?{re.escape(profile)}-g\d+\.usearch({re.escape(CHECKSUM_SUFFIX)})?(\..*\.tmp)?$")
    for path in folder.iterdir():
        if pattern.match(path.name) and path.name not in (keep, keep + CHECKSUM_SUFFIX):
            try:
                path.unlink()
            except OSError:
                pass  # still open by a reader on Windows; removed next time
