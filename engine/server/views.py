"""Engine objects → API models: one place decides how an item, a hit or a job looks on the wire."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.api import Item, SearchResult
from engine.server.schemas import HitOut, ImageRef, ItemOut, JobOut, SearchResponse

API_PREFIX = "/api/v1"


def image_ref(sha256: str) -> ImageRef:
    return ImageRef(sha256=sha256, url=f"{API_PREFIX}/images/{sha256}",
                    thumbnail_url=f"{API_PREFIX}/images/{sha256}/thumbnail")


def item_out(item: Item) -> ItemOut:
    return ItemOut(id=item.id, subject=item.subject, grade=item.grade, unit=item.unit,
                   standard=item.standard, difficulty=item.difficulty, type=item.type, stem=item.stem,
                   passage=item.passage, choices=list(item.choices), answer=item.answer,
                   explanation=item.explanation, source=item.source, tags=list(item.tags),
                   images=[image_ref(sha) for sha in item.images],
                   explanation_images=[image_ref(sha) for sha in item.explanation_images], version=item.version)


def plain(value: Any) -> Any:
    """JSON-ready copy of an ``explain`` tree (models may hand back numpy scalars)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def search_response(result: SearchResult) -> SearchResponse:
    hits = [HitOut(id=hit.id, rank=hit.rank, score=float(hit.score), explain=plain(hit.explain),
                   item=item_out(result.items[hit.id]))
            for hit in result.hits if hit.id in result.items]  # an item deleted mid-search is dropped
    return SearchResponse(mode=result.mode, profile=result.profile, count=len(hits), hits=hits,
                          fallback=getattr(result, "fallback", ""))


def job_out(snapshot: dict) -> JobOut:
    return JobOut.model_validate(snapshot)
