"""Server JSON → the engine's own dataclasses, so a remote result is used like a local one.

The shapes are those of engine/server/schemas.py (``ItemOut``, ``HitOut``, ``SearchResponse``,
``HealthResponse``). Anything missing or of the wrong type raises ``WireError``; the client turns it
into "not an itembank server" naming the URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.i18n import _t
from engine.services.search import SearchResult
from engine.errors import InvalidInput
from engine.items import Item
from engine.search.results import SearchHit

_TEXT_FIELDS = ("id", "subject", "grade", "unit", "standard", "difficulty", "type", "stem", "passage",
                "answer", "explanation", "source")


class WireError(InvalidInput):
    """A JSON answer without the fields an itembank server sends."""


@dataclass(frozen=True)
class RemoteHealth:
    """What ``GET /health`` says about a server (no token needed to ask)."""

    url: str
    version: str
    items: int
    search_modes: list[str]
    active_profile: str
    auth: str  # "open" or "token"


def _text(data: dict, name: str) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise WireError(_t("{name} is not text").format(name=name))
    return value


def _texts(data: dict, name: str) -> list[str]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise WireError(_t("{name} is not a list of text").format(name=name))
    return list(value)


def _number(data: dict, name: str, kind: type) -> int | float:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise WireError(_t("{name} is not a number").format(name=name))
    return kind(value)


def _figure_refs(data: dict, name: str) -> list[str]:
    """The sha256 hashes of a list of figure references (absent: none, as from an older server)."""
    refs = data.get(name, [])
    if not isinstance(refs, list):
        raise WireError(_t("images is not a list"))
    shas = []
    for ref in refs:
        sha = ref.get("sha256") if isinstance(ref, dict) else None
        if not isinstance(sha, str) or len(sha) != 64:
            raise WireError(_t("a figure reference has no sha256"))
        shas.append(sha.lower())
    return shas


def item_from_wire(data: object) -> Item:
    """An ``ItemOut`` object as an ``Item`` whose ``images`` are the figures' sha256 hashes (the same
    as a local catalog item, content hash included)."""
    if not isinstance(data, dict):
        raise WireError(_t("an item is not a JSON object"))
    values = {name: _text(data, name) for name in _TEXT_FIELDS}
    if not values["id"] or not values["stem"]:
        raise WireError(_t("an item has no id or no stem"))
    item = Item(**values, choices=_texts(data, "choices"), tags=_texts(data, "tags"),
                images=_figure_refs(data, "images"), explanation_images=_figure_refs(data, "explanation_images"),
                version=int(_number(data, "version", int)) if "version" in data else 1)
    item.content_hash = item.compute_content_hash()
    return item


def result_from_wire(data: dict) -> SearchResult:
    """A ``SearchResponse`` as a ``SearchResult`` (hits best first, items by id)."""
    hits_data = data.get("hits")
    if not isinstance(hits_data, list):
        raise WireError(_t("no hits list"))
    hits: list[SearchHit] = []
    items: dict[str, Item] = {}
    for entry in hits_data:
        if not isinstance(entry, dict):
            raise WireError(_t("a hit is not a JSON object"))
        item = item_from_wire(entry.get("item"))
        explain = entry.get("explain") or {}
        if not isinstance(explain, dict):
            raise WireError(_t("explain is not an object"))
        hits.append(SearchHit(id=item.id, score=float(_number(entry, "score", float)),
                              rank=int(_number(entry, "rank", int)), explain=explain))
        items[item.id] = item
    return SearchResult(hits=hits, items=items, mode=_text(data, "mode"), profile=_text(data, "profile"))


def health_from_wire(url: str, data: dict) -> RemoteHealth:
    if data.get("status") != "ok":
        raise WireError(_t("status is not ok"))
    return RemoteHealth(url=url, version=_text(data, "version"), items=int(_number(data, "items", int)),
                        search_modes=_texts(data, "search_modes"),
                        active_profile=_text(data, "active_profile"), auth=_text(data, "auth"))
