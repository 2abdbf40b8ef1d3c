"""One search result as a card: figure thumbnail, badges, the start of the stem, the score."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.i18n import tr
from desktop_app.style import repolish
from desktop_app.widgets.badges import pill
from desktop_app.widgets.elided_text import ElidedText
from desktop_app.widgets.detail_view import math_label
from engine.api import Item, needs_rich_text, split_math

THUMB_PX = 64
SNIPPET_CHARS = 220


def snippet(text: str, terms: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The stem on one paragraph, starting near the first matched term, and where terms occur."""
    flat = re.sub(r"\s+", " ", text).strip()
    lowered = flat.lower()
    first = min((lowered.find(t.lower()) for t in terms if t and t.lower() in lowered), default=-1)
    if first > 60:
        start = flat.rfind(" ", 0, first - 20) + 1 or first - 20
        flat = "…" + flat[start:]
        lowered = flat.lower()
    flat = flat[:SNIPPET_CHARS]
    lowered = lowered[:SNIPPET_CHARS]
    ranges: list[tuple[int, int]] = []
    for term in {t.lower() for t in terms if t}:
        position = lowered.find(term)
        while position >= 0:
            ranges.append((position, len(term)))
            position = lowered.find(term, position + len(term))
    return flat, sorted(ranges)


def math_snippet(text: str) -> str:
    """The start of a stem with formulas: about ``SNIPPET_CHARS`` of text, never cutting a formula."""
    flat = re.sub(r"\s+", " ", text).strip()
    out: list[str] = []
    used = 0
    for segment in split_math(flat):
        if used >= SNIPPET_CHARS:
            out.append("…")
            break
        if segment.kind == "math":
            out.append(f"${segment.value}$")
            used += len(segment.value)
        else:
            piece = segment.value[:SNIPPET_CHARS - used]
            out.append(piece.replace("$", "\\$"))
            used += len(piece)
    return "".join(out)


def format_score(score: float) -> str:
    return f"{score:.2f}" if abs(score) < 100 else f"{score:.0f}"


class ResultCard(QFrame):
    """A read-only card; selection is shown by the ``selected`` property (style sheet).

    ``source`` (desktop_app.sources LOCAL or DISTRICT) adds a badge saying which bank the item is
    from; it is given whenever the search looked beyond this PC's bank."""

    def __init__(self, item: Item, score: float | None, rank: int, thumbnail: Path | None,
                 matched: list[str] | None = None, parent: QWidget | None = None, *,
                 source: str | None = None, key: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ResultCard")
        self.setProperty("selected", False)
        self.item = item
        self.score = score
        self.rank = rank
        self.source = source
        self.key = key or item.id

        outer = QHBoxLayout(self)
        outer.setContentsMargins(14, 12, 14, 12)
        outer.setSpacing(14)
        self.thumb: QLabel | None = None
        if thumbnail is not None:
            pixmap = QPixmap(str(thumbnail))
            if not pixmap.isNull():
                self.thumb = QLabel()
                self.thumb.setObjectName("CardThumb")
                self.thumb.setFixedSize(THUMB_PX + 8, THUMB_PX + 8)
                self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self.thumb.setPixmap(pixmap.scaled(
                    THUMB_PX, THUMB_PX, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation))
                outer.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignTop)

        body = QVBoxLayout()
        body.setSpacing(6)
        badges = QHBoxLayout()
        badges.setSpacing(5)
        self.badges: list[QLabel] = []
        self.source_badge: QLabel | None = None
        if source is not None:
            self.source_badge = pill(tr(f"badge.{source}"), source)
            self.source_badge.setObjectName("SourceBadge")
            self.badges.append(self.source_badge)
        if item.subject:
            self.badges.append(pill(item.subject, "accent"))
        for value in (item.grade, item.type):
            if value:
                self.badges.append(pill(value))
        if item.difficulty:
            self.badges.append(pill(f"{tr('filter.difficulty')} {tr('difficulty.' + item.difficulty)}",
                                    "outline"))
        if len(item.images) > 0:
            self.badges.append(pill(tr("results.figure_count", n=len(item.images)), "outline"))
        for badge in self.badges:
            badges.addWidget(badge)
        badges.addStretch(1)
        self.score_label = QLabel(tr("results.score", score=format_score(score))
                                  if score else "")
        self.score_label.setObjectName("CardScore")
        badges.addWidget(self.score_label)
        body.addLayout(badges)

        self.stem: ElidedText | QLabel
        if needs_rich_text(item.stem):  # formulas drawn, ² as a real superscript (no term highlight)
            self.stem = math_label(math_snippet(item.stem), "CardStem")
            self.stem.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.stem.setMaximumHeight(self.stem.fontMetrics().lineSpacing() * 4)
        else:
            text, ranges = snippet(item.stem, matched or [])
            self.stem = ElidedText(max_lines=2)
            self.stem.setObjectName("CardStem")
            self.stem.set_text(text, ranges)
        body.addWidget(self.stem)

        meta_parts = [p for p in (item.unit, item.standard, item.id) if p]
        self.meta = QLabel(" · ".join(meta_parts))
        self.meta.setObjectName("CardMeta")
        body.addWidget(self.meta)
        outer.addLayout(body, 1)

    def set_selected(self, selected: bool) -> None:
        if self.property("selected") != selected:
            self.setProperty("selected", selected)
            repolish(self)

    def plain_text(self) -> str:
        """Everything the card says, as plain text (tests, accessibility)."""
        stem = self.stem.property("plainText") or self.stem.text()
        parts = [b.text() for b in self.badges] + [stem, self.meta.text(),
                                                   self.score_label.text()]
        return "\n".join(p for p in parts if p)
