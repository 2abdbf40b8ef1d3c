"""Two items side by side: what differs in their text is marked (removed on the left in red, added
on the right in green), their figures below, and the two similarity numbers the engine measured."""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel, QScrollArea,
                               QVBoxLayout, QWidget)

from desktop_app.i18n import tr
from desktop_app.widgets.badges import pill
from desktop_app.widgets.detail_view import answer_text, choice_marker
from engine.api import Item

REMOVED = "background-color:#fbd5d0; color:#8a1f11;"
ADDED = "background-color:#cdeccf; color:#1d5e24;"
FIGURE_WIDTH = 260


def comparable_text(item: Item) -> str:
    """What a teacher compares: stem, passage, choices and answer, one block per line."""
    lines = [item.stem]
    if item.passage:
        lines.append(item.passage)
    lines += [f"{choice_marker(n)} {c}" for n, c in enumerate(item.choices)]
    lines.append(f"{tr('detail.answer')}: {answer_text(item)}")
    return "\n".join(lines)


_TOKENS = re.compile(r"\d+|[^\W\d_]+|\s+|.", re.UNICODE | re.DOTALL)
# x², 10⁻³: the Hangul font's superscript glyphs are a few pixels high; drawn as <sup> they read as exponents
_SUPERSCRIPT = re.compile("[\u2070\u00b9\u00b2\u00b3\u2074-\u207f]+")


def _superscripts_as_sup(escaped: str) -> str:
    return _SUPERSCRIPT.sub(lambda m: f"<sup>{unicodedata.normalize('NFKC', m.group(0))}</sup>", escaped)


def diff_html(left: str, right: str) -> tuple[str, str, float]:
    """Both texts as HTML with the differing words marked; and the ratio of equal text.

    Compared token by token (numbers, runs of letters, spaces, single signs), so a changed number in
    "2Ω인" marks "2" and an English sentence is marked by whole words, not scattered letters."""
    a_tokens, b_tokens = _TOKENS.findall(left), _TOKENS.findall(right)
    matcher = difflib.SequenceMatcher(None, a_tokens, b_tokens, autojunk=False)
    out_left: list[str] = []
    out_right: list[str] = []

    def esc(text: str) -> str:
        return _superscripts_as_sup(html.escape(text)).replace("\n", "<br>")

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        a, b = "".join(a_tokens[i1:i2]), "".join(b_tokens[j1:j2])
        if op == "equal":
            out_left.append(esc(a))
            out_right.append(esc(b))
            continue
        if a:
            out_left.append(f'<span style="{REMOVED}">{esc(a)}</span>')
        if b:
            out_right.append(f'<span style="{ADDED}">{esc(b)}</span>')
    return "".join(out_left), "".join(out_right), matcher.ratio()


class _Side(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ComparePane")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(14, 12, 14, 12)
        self.layout_.setSpacing(8)
        self.header = QHBoxLayout()
        self.header.setSpacing(5)
        self.layout_.addLayout(self.header)
        self.text = QLabel()
        self.text.setObjectName("CompareText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(self.text)
        self.figures = QVBoxLayout()
        self.layout_.addLayout(self.figures)
        self.layout_.addStretch(1)
        self.figure_labels: list[QLabel] = []

    def show(self, item: Item, text_html: str, figures: dict[str, Path]) -> None:  # noqa: A003
        for layout in (self.header, self.figures):
            while layout.count():
                child = layout.takeAt(0)
                if child.widget() is not None:
                    child.widget().deleteLater()
        self.figure_labels = []
        self.header.addWidget(pill(item.subject, "accent"))
        for value in (item.grade, item.type, item.unit):
            if value:
                self.header.addWidget(pill(value))
        self.header.addStretch(1)
        ident = QLabel(item.id)
        ident.setObjectName("DetailId")
        self.header.addWidget(ident)
        self.text.setText(text_html)
        for sha in item.images:
            path = figures.get(sha)
            pixmap = QPixmap(str(path)) if path else QPixmap()
            label = QLabel()
            label.setObjectName("Figure")
            if pixmap.isNull():
                label.setText(tr("detail.figure_missing"))
            else:
                if pixmap.width() > FIGURE_WIDTH:
                    pixmap = pixmap.scaledToWidth(FIGURE_WIDTH, Qt.TransformationMode.SmoothTransformation)
                label.setPixmap(pixmap)
            self.figures.addWidget(label, 0, Qt.AlignmentFlag.AlignLeft)
            self.figure_labels.append(label)
        if not item.images:
            none = QLabel(tr("compare.no_figure"))
            none.setObjectName("CardMuted")
            self.figures.addWidget(none)


class CompareView(QScrollArea):
    """``show_pair(a, b, figures, scores)``; ``left``/``right`` hold the two sides."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PageScroll")
        self.setWidgetResizable(True)
        body = QWidget()
        body.setObjectName("PageBody")
        self.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.scores = QHBoxLayout()
        self.scores.setSpacing(6)
        layout.addLayout(self.scores)
        sides = QHBoxLayout()
        sides.setSpacing(10)
        self.left = _Side()
        self.right = _Side()
        sides.addWidget(self.left, 1)
        sides.addWidget(self.right, 1)
        layout.addLayout(sides, 1)
        self.items: tuple[Item, Item] | None = None
        self.text_ratio = 0.0

    def show_pair(self, a: Item, b: Item, figures: dict[str, Path],
                  scores: dict[str, float | None] | None = None) -> None:
        self.items = (a, b)
        left_html, right_html, self.text_ratio = diff_html(comparable_text(a), comparable_text(b))
        self.left.show(a, left_html, figures)
        self.right.show(b, right_html, figures)
        while self.scores.count():
            child = self.scores.takeAt(0)
            if child.widget() is not None:
                child.widget().deleteLater()
        for key, value in (scores or {}).items():
            text = tr(f"compare.{key}", value="—" if value is None else f"{value:.2f}")
            self.scores.addWidget(pill(text, "accent" if key == "score" else "outline"))
        self.scores.addStretch(1)
        legend = QLabel(tr("compare.legend"))
        legend.setObjectName("CardMuted")
        self.scores.addWidget(legend)


class CompareDialog(QDialog):
    """Two items from the search side by side (the "compare" action of the detail pane)."""

    def __init__(self, a: Item, b: Item, figures: dict[str, Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("compare.title", a=a.id, b=b.id))
        self.resize(1000, 680)
        self.view = CompareView()
        self.view.show_pair(a, b, figures)
        buttons = QDialogButtonBox()
        close = buttons.addButton(tr("detail.close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 14)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
