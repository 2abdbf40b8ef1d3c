"""One duplicate pair as a row of the review list: both stems and both first figures side by side
(A left, B right), so a teacher can judge most pairs from the list without opening each one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.widgets.elided_text import ElidedText
from engine.api import Item

THUMB = 56  # px: each figure in a pair row


class PairSide(QWidget):
    """One item of the pair: its first figure (if any) above the start of its stem and its id."""

    def __init__(self, side: str, item_id: str, item: Item | None, figures: dict[str, Path],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_id = item_id
        self.figure: QLabel | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.header = QLabel(f"{side}  {item_id}")
        self.header.setObjectName("PairId")
        layout.addWidget(self.header)
        path = figures.get(item.images[0]) if item is not None and item.images else None
        pixmap = QPixmap(str(path)) if path is not None else QPixmap()
        if not pixmap.isNull():
            self.figure = QLabel()
            self.figure.setObjectName("PairFigure")
            self.figure.setFixedHeight(THUMB)
            self.figure.setPixmap(pixmap.scaled(2 * THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation))
            layout.addWidget(self.figure)
        self.stem = ElidedText(" ".join(item.stem.split()) if item is not None else "", max_lines=3)
        self.stem.setObjectName("PairStem")
        layout.addWidget(self.stem)
        layout.addStretch(1)


class PairRow(QWidget):
    """The state (✓ 중복 아님 …) and the scores on top, then A | B side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PairRow")
        self.summary = QLabel()
        self.summary.setObjectName("PairSummary")
        self.summary.setWordWrap(True)
        self.sides: list[PairSide] = []
        self._sides_row = QHBoxLayout()
        self._sides_row.setSpacing(10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addLayout(self._sides_row)

    def set_pair(self, summary: str, a: tuple[str, Item | None], b: tuple[str, Item | None],
                 figures: dict[str, Path], muted: bool) -> None:
        self.summary.setText(summary)
        self.setProperty("muted", muted)
        if not self.sides:  # the items of a pair do not change; only its state does
            for side, (item_id, item) in zip(("A", "B"), (a, b)):
                pane = PairSide(side, item_id, item, figures)
                self.sides.append(pane)
                self._sides_row.addWidget(pane, 1)
        for pane in self.sides:
            pane.setEnabled(not muted)  # a decided pair is drawn greyed

    def plain_text(self) -> str:
        """What the row says (tests, accessibility): the summary, then each side's id and stem."""
        lines = [self.summary.text()]
        lines += [f"{pane.header.text()} {pane.stem.text()}" for pane in self.sides]
        return "\n".join(lines)
