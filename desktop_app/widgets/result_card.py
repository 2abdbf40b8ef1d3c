"""One search result as a card: figure thumbnail, badges, the start of the stem, the relevance band.

A card never shows a raw score or a ratio to the best hit: BM25, cosine and fusion values mean nothing
to a teacher and are not comparable across profiles, and "1.00" on the first card claimed a match even
when nothing was relevant. The engine's calibrated band (높음/보통/낮음) is shown instead; the raw stage
scores are in the detail pane's score details."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.i18n import tr
from desktop_app.style import repolish
from desktop_app.widgets.badges import BAND_KEYS, band_text, pill
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




class ResultCard(QFrame):
    """A read-only card; selection is shown by the ``selected`` property (style sheet).

    ``source`` (desktop_app.sources LOCAL or DISTRICT) adds a badge saying which bank the item is
    from; it is given whenever the search looked beyond this PC's bank."""

    def __init__(self, item: Item, band: str | None, rank: int, thumbnail: Path | None,
                 matched: list[str] | None = None, parent: QWidget | None = None, *,
                 source: str | None = None, key: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ResultCard")
        self.setProperty("selected", False)
        self.item = item
        self.band = band or ""
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
        self.band_label = QLabel(band_text(self.band))
        self.band_label.setObjectName("CardBand")
        self.band_label.setProperty("band", BAND_KEYS.get(self.band, ""))
        self.band_label.setToolTip(tr("results.band_tip") if self.band else "")
        self.band_label.setVisible(bool(self.band))
        badges.addWidget(self.band_label)
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
        parts = [b.text() for b in self.badges] + [stem, self.meta.text(), self.band_label.text()]
        return "\n".join(p for p in parts if p)
