"""The keyword query a teacher waits for most: the first one after opening the bank or after a write.

Warm rounds hide what the caches of ``engine.search.postings`` cost to fill, so this part of ``itembank
bench keyword`` measures it: the first query after the bank is opened in a fresh process (caches
cleared), the first query after one edit (applied to the caches row by row) next to the same query
with the caches cleared after the edit (what every write cost before), whether the edited text is found
by that next search, and the memory the caches hold (numpy bytes, and tracemalloc's count).
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from pathlib import Path

from engine.api import ItemBank
from engine.search.filters import SearchFilters
from engine.search.keyword import keyword_search
from engine.search.postings import posting_cache
from engine.search.row_masks import filter_masks


#: one word per edit that no synthetic item has, so "found by the next search" means exactly that item
_FRESH_WORDS = ("무지개", "은하수", "폭포수", "해바라기", "진달래", "두루미", "반딧불", "고드름")


def clear_caches() -> None:
    """What a freshly started program holds: no postings, no lengths, no filter masks."""
    posting_cache().clear()
    filter_masks().clear()


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _summary(values: list[float]) -> dict:
    return {"median_ms": round(statistics.median(values), 3), "max_ms": round(max(values), 3),
            "samples": len(values)}


def first_query_after_open(folder: Path, queries: list[str], trials: int = 5) -> dict:
    times = []
    for query in queries[:trials]:
        clear_caches()
        bank = ItemBank(folder)
        try:
            start = time.perf_counter()
            keyword_search(bank.catalog.connection, query, k=10)
            times.append(_ms(start))
        finally:
            bank.close()
    return _summary(times)


def first_query_after_write(folder: Path, queries: list[str], trials: int = 5) -> dict:
    """One edit, then one query (the caches brought forward), and the same with the caches cleared."""
    bank = ItemBank(folder)
    conn = bank.catalog.connection
    applied, cleared, writes, seen = [], [], [], 0
    try:
        for query in queries:  # every query's postings cached, as in a session that has been searching
            keyword_search(conn, query, k=10)
        for query, word in zip(queries[:trials], _FRESH_WORDS):
            hit = keyword_search(conn, query, k=1)[0]
            start = time.perf_counter()
            bank.edit(hit.id, {"stem": f"{word} 고친 문항"})
            writes.append(_ms(start))
            start = time.perf_counter()
            keyword_search(conn, query, k=10)
            applied.append(_ms(start))
            seen += [h.id for h in keyword_search(conn, word, k=10)] == [hit.id]
            bank.edit(hit.id, {"stem": "다시 고친 문항"})
            clear_caches()
            start = time.perf_counter()
            keyword_search(conn, query, k=10)
            cleared.append(_ms(start))
            for warm in queries:
                keyword_search(conn, warm, k=10)
    finally:
        bank.close()
    return {"applied": _summary(applied), "cleared": _summary(cleared), "write": _summary(writes),
            "edited_item_found": seen, "trials": len(applied)}


def cache_memory(conn, queries: list[str], filters: list[SearchFilters]) -> dict:
    """Bytes the caches hold once every query has run (unfiltered and filtered), counted two ways."""
    clear_caches()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n, query in enumerate(queries):
            keyword_search(conn, query, k=10)
            keyword_search(conn, query, filters[n % len(filters)], k=10)
        traced = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    sizes = posting_cache().nbytes()
    masks = filter_masks().nbytes()
    return {"postings_bytes": sizes["postings"], "lengths_bytes": sizes["lengths"], "masks_bytes": masks,
            "numpy_bytes": sizes["postings"] + sizes["lengths"] + masks, "tracemalloc_bytes": traced,
            "terms": sizes["terms"], "instances": sizes["instances"]}
