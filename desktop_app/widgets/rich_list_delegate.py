"""A list row drawn as rich text, so the basket's "x²-5x+3" and ``$…$`` formulas read as they do in the
detail pane. A plain QListWidget draws ² in NanumGothic as a speck and LaTeX as source."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPointF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from engine.api import math_html, needs_rich_text

PADDING = 6


def row_html(text: str) -> str:
    """The row's text as Qt rich text: formulas drawn, super/subscripts as tags, line breaks kept."""
    if needs_rich_text(text):
        return math_html(text, 13)
    from html import escape
    return escape(text).replace("\n", "<br>")


class RichTextDelegate(QStyledItemDelegate):
    """Paints each row's DisplayRole text as rich text, wrapped to the row's width."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(row_html(str(index.data(Qt.ItemDataRole.DisplayRole) or "")))
        document.setTextWidth(max(40, width - 2 * PADDING))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        document = self._document(item, index, item.rect.width())
        item.text = ""
        style = item.widget.style() if item.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        # our style sheet selects rows with a pale blue: the text stays dark on it
        context.palette.setColor(QPalette.ColorRole.Text, item.palette.color(QPalette.ColorRole.Text))
        painter.save()
        painter.translate(QPointF(item.rect.left() + PADDING, item.rect.top() + PADDING))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        view = option.widget
        width = view.viewport().width() if view is not None else option.rect.width()
        document = self._document(option, index, width)
        return QSize(width, int(document.size().height()) + 2 * PADDING)

