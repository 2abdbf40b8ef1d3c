"""Splitting item text into plain text and ``$…$`` math.

Items store equations inline as LaTeX between single dollars, so every part of the engine (catalog,
JSONL, CSV, exporters) keeps carrying one string. A dollar written as ``\\$`` is a literal dollar; an
unpaired ``$`` ("가격은 $5") stays text rather than swallowing the rest of the item.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Segment:
    """A run of plain text (``kind="text"``, escapes resolved) or one LaTeX formula (``kind="math"``)."""

    kind: Literal["text", "math"]
    value: str


def has_math(text: str) -> bool:
    """Cheap check used on hot paths (tokenising every imported item)."""
    return "$" in text and any(s.kind == "math" for s in split_math(text))


def escape_dollars(text: str) -> str:
    """Plain text made safe to store beside ``$…$`` math (imported text with a literal dollar)."""
    return text.replace("\\$", "\\\\$").replace("$", "\\$") if "$" in text else text


def split_math(text: str) -> list[Segment]:
    """``text`` as alternating text and math segments, in order; empty math (``$$``) is dropped."""
    if "$" not in text:
        return [Segment("text", text)] if text else []
    segments: list[Segment] = []
    plain: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and text[i + 1] == "$":
            plain.append("$")
            i += 2
            continue
        if char == "$":
            end = _closing_dollar(text, i + 1)
            if end is None:  # unpaired: a literal dollar
                plain.append("$")
                i += 1
                continue
            latex = text[i + 1:end].strip()
            if latex:
                if plain:
                    segments.append(Segment("text", "".join(plain)))
                    plain.clear()
                segments.append(Segment("math", latex))
            i = end + 1
            continue
        plain.append(char)
        i += 1
    if plain:
        segments.append(Segment("text", "".join(plain)))
    return segments


def _closing_dollar(text: str, start: int) -> int | None:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2  # \$ inside math is LaTeX's own dollar sign
            continue
        if text[i] == "$":
            return i
        i += 1
    return None
