"""A text block that shows at most N lines, ends with "…" when cut, and can emphasise ranges.

QLabel cannot elide wrapped text, and cutting a stem after a fixed number of characters wastes
space on wide windows and overflows on narrow ones. This widget lays the text out for its real
width (QTextLayout), so a card always shows as much of the stem as fits in its lines.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QSizePolicy, QWidget


class ElidedText(QWidget):
    def __init__(self, text: str = "", max_lines: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = text
        self._max_lines = max_lines
        self._highlights: list[tuple[int, int]] = []
        self._highlight_color = QColor("#2156b5")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str, highlights: list[tuple[int, int]] | None = None) -> None:
        self._text = text
        self._highlights = list(highlights or [])
        self.updateGeometry()
        self.update()

    def set_highlight_color(self, color: QColor) -> None:
        self._highlight_color = color

    def _line_height(self) -> float:
        return QFontMetricsF(self.font()).lineSpacing()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(200, int(self._line_height() * self._max_lines + 2))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(60, self.sizeHint().height())

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        width = float(self.width())
        metrics = QFontMetricsF(self.font())
        layout = QTextLayout(self._text, self.font())
        if self._highlights:
            emphasis = QTextCharFormat()
            emphasis.setFontWeight(QFont.Weight.Bold)
            emphasis.setForeground(self._highlight_color)
            ranges = []
            for start, length in self._highlights:
                fmt = QTextLayout.FormatRange()
                fmt.start, fmt.length, fmt.format = start, length, emphasis
                ranges.append(fmt)
            layout.setFormats(ranges)
        layout.beginLayout()
        y = 0.0
        lines = []
        while len(lines) < self._max_lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            y += metrics.lineSpacing()
            lines.append(line)
        layout.endLayout()
        if not lines:
            return
        last = lines[-1]
        cut = last.textStart() + last.textLength() < len(self._text)
        for line in lines[:-1]:
            line.draw(painter, QPointF(0, 0))
        if not cut:
            last.draw(painter, QPointF(0, 0))
            return
        # Draw the last visible line as plain elided text (formats are lost only on that line).
        rest = self._text[last.textStart():].replace("\n", " ")
        elided = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QPointF(0, last.y() + metrics.ascent()), elided)
