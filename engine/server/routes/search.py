"""Search by text (GET) or by text and an uploaded figure (POST, multipart)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile, status

from engine.api import SearchFilters, SearchRequest
from engine.server.auth import require_read
from engine.server.context import ServerContext, get_context
from engine.server.errors import COMMON_ERRORS
from engine.server.limits import check_query_image
from engine.server.schemas import PROFILE_NAME_PATTERN, ErrorResponse, SearchMode, SearchResponse
from engine.server.views import search_response

router = APIRouter(prefix="/api/v1", tags=["search"], dependencies=[Depends(require_read)],
                   responses=COMMON_ERRORS)

MAX_QUERY = 2000
MAX_FILTER = 100
UNAVAILABLE = {
    status.HTTP_409_CONFLICT: {
        "model": ErrorResponse, "description": "the mode or profile needs a model or index that is missing"},
    status.HTTP_404_NOT_FOUND: {"model": ErrorResponse, "description": "no profile by that name"}}


def text_filters(
        subject: Annotated[str, Query(max_length=MAX_FILTER, description="과목, e.g. 수학 or math")] = "",
        grade: Annotated[str, Query(max_length=MAX_FILTER, description="중2, or 중 for every grade")] = "",
        type: Annotated[str, Query(max_length=MAX_FILTER, description="객관식, 단답형 or 서술형")] = "",
        difficulty: Annotated[str, Query(max_length=MAX_FILTER, description="상, 중 or 하")] = "",
        standard: Annotated[str, Query(max_length=MAX_FILTER, description="성취기준 prefix, e.g. [9수02")] = "",
        unit: Annotated[str, Query(max_length=MAX_FILTER, description="part of the 단원 name")] = "",
) -> SearchFilters:
    return SearchFilters(subject=subject, grade=grade, type=type, difficulty=difficulty,
                         standard=standard, unit=unit)


@router.get("/search", response_model=SearchResponse, responses=UNAVAILABLE,
            summary="search by text and filters")
def search(ctx: Annotated[ServerContext, Depends(get_context)],
           filters: Annotated[SearchFilters, Depends(text_filters)],
           q: Annotated[str, Query(max_length=MAX_QUERY, description="the query text")] = "",
           k: Annotated[int, Query(ge=1, le=100)] = 10,
           mode: SearchMode = "auto",
           profile: Annotated[str | None, Query(max_length=64, pattern=PROFILE_NAME_PATTERN)] = None,
           rerank: Annotated[int, Query(ge=0, le=100, description="rerank the top N")] = 0,
           ) -> SearchResponse:
    result = ctx.bank.search(SearchRequest(text=q, filters=filters, k=k, mode=mode, profile=profile,
                                           rerank=rerank))
    return search_response(result)


@router.post("/search", response_model=SearchResponse, summary="search by text and/or a figure",
             responses={**UNAVAILABLE, status.HTTP_413_CONTENT_TOO_LARGE: {
                 "model": ErrorResponse, "description": "image over the byte or megapixel limit"}})
def search_with_image(
        ctx: Annotated[ServerContext, Depends(get_context)],
        text: Annotated[str, Form(max_length=MAX_QUERY)] = "",
        image: Annotated[UploadFile | None, File(description="PNG, JPEG, GIF, BMP, WEBP or TIFF")] = None,
        subject: Annotated[str, Form(max_length=MAX_FILTER)] = "",
        grade: Annotated[str, Form(max_length=MAX_FILTER)] = "",
        type: Annotated[str, Form(max_length=MAX_FILTER)] = "",
        difficulty: Annotated[str, Form(max_length=MAX_FILTER)] = "",
        standard: Annotated[str, Form(max_length=MAX_FILTER)] = "",
        unit: Annotated[str, Form(max_length=MAX_FILTER)] = "",
        k: Annotated[int, Form(ge=1, le=100)] = 10,
        mode: Annotated[SearchMode, Form()] = "auto",
        profile: Annotated[str | None, Form(max_length=64, pattern=PROFILE_NAME_PATTERN)] = None,
        rerank: Annotated[int, Form(ge=0, le=100)] = 0,
) -> SearchResponse:
    filters = SearchFilters(subject=subject, grade=grade, type=type, difficulty=difficulty,
                            standard=standard, unit=unit)
    request = SearchRequest(text=text, filters=filters, k=k, mode=mode, profile=profile, rerank=rerank)
    if image is None:
        return search_response(ctx.bank.search(request))
    data = image.file.read(ctx.config.max_image_bytes + 1)
    checked = check_query_image(data, ctx.config)
    fd, name = tempfile.mkstemp(dir=ctx.uploads_dir, prefix="query-", suffix=checked.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        request.image = name
        return search_response(ctx.bank.search(request))
    finally:
        Path(name).unlink(missing_ok=True)
