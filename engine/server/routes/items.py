"""One item, its similar items, and its figures (original bytes and cached PNG thumbnails)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, status
from fastapi.responses import FileResponse

from engine.server.auth import require_read
from engine.server.context import ServerContext, get_context
from engine.server.errors import COMMON_ERRORS
from engine.server.schemas import ErrorResponse, ItemOut, SearchResponse
from engine.server.views import item_out, search_response

router = APIRouter(prefix="/api/v1", tags=["items"], dependencies=[Depends(require_read)],
                   responses={**COMMON_ERRORS, status.HTTP_404_NOT_FOUND: {
                       "model": ErrorResponse, "description": "no such item or image"}})

ItemId = Annotated[str, Path(min_length=1, max_length=200, description="the item's id")]
Sha256 = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="the figure's sha256 (lower-case hex)")]
THUMBNAIL_SIZES = (64, 128, 256, 512, 1024)
# Figures are content-addressed: a hash never names other bytes, so clients may cache for good.
IMMUTABLE = {"Cache-Control": "private, max-age=31536000, immutable"}
MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".gif": "image/gif", ".bmp": "image/bmp",
               ".webp": "image/webp", ".tif": "image/tiff"}
IMAGE_RESPONSE = {"content": {m: {"schema": {"type": "string", "format": "binary"}}
                              for m in sorted(set(MEDIA_TYPES.values()))},
                  "description": "the figure's bytes"}


@router.get("/items/{item_id}", response_model=ItemOut, summary="one item in full")
def get_item(item_id: ItemId, ctx: Annotated[ServerContext, Depends(get_context)]) -> ItemOut:
    item = ctx.bank.get(item_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no item with id {item_id!r}")
    return item_out(item)


@router.get("/items/{item_id}/similar", response_model=SearchResponse,
            summary="items most like this one (semantic neighbours, else shared text)")
def similar(item_id: ItemId, ctx: Annotated[ServerContext, Depends(get_context)],
            k: Annotated[int, Query(ge=1, le=100)] = 10) -> SearchResponse:
    if ctx.bank.get(item_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no item with id {item_id!r}")
    return search_response(ctx.bank.search.similar(item_id, k=k))


def _stored_image(ctx: ServerContext, sha256: str):
    """The figure's file, its bytes checked against ``sha256`` first: a damaged figure is a 500 naming it
    (FigureDamagedError), never bytes sent with immutable caching under a hash they do not have."""
    path = ctx.bank.verified_image_path(sha256)
    if path is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no figure with sha256 {sha256}")
    return path


@router.get("/images/{sha256}", response_class=FileResponse, responses={200: IMAGE_RESPONSE},
            summary="a figure's original bytes")
def image(sha256: Sha256, ctx: Annotated[ServerContext, Depends(get_context)]) -> FileResponse:
    path = _stored_image(ctx, sha256)
    return FileResponse(path, media_type=MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream"),
                        headers=IMMUTABLE)


@router.get("/images/{sha256}/thumbnail", response_class=FileResponse,
            responses={200: {"content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
                             "description": "a PNG no larger than size × size"}},
            summary="a PNG thumbnail of a figure")
def thumbnail(sha256: Sha256, ctx: Annotated[ServerContext, Depends(get_context)],
              size: Annotated[int, Query(ge=16, le=1024, description=(
                  "longest side in pixels; rounded up to 64, 128, 256, 512 or 1024 so that the "
                  "server's thumbnail cache stays small"))] = 256) -> FileResponse:
    _stored_image(ctx, sha256)  # 404 before any thumbnail work
    rounded = next(s for s in THUMBNAIL_SIZES if s >= size)
    path = ctx.bank.thumbnail(sha256, rounded)
    if path is None:  # the figure vanished between the two look-ups
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no figure with sha256 {sha256}")
    return FileResponse(path, media_type="image/png", headers=IMMUTABLE)
