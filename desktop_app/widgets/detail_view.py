"""The whole item as a teacher reads it: stem, passage, choices ①–⑤, answer, 해설, figures, and
its metadata. Used as the right-hand pane and, on double-click, in a dialog of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette, QPixmap
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from desktop_app.i18n import tr
from desktop_app.widgets.badges import band_name, pill
from engine.api import Item, linear_text, math_html, needs_rich_text

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def choice_marker(index: int) -> str:
    return CIRCLED[index] if index < len(CIRCLED) else f"({index + 1})"


def answer_numbers(item: Item) -> set[int]:
    """0-based choice indexes named by a 객관식 answer ("3" or "1,3")."""
    if item.type != "객관식" or not item.choices:
        return set()
    numbers = set()
    for part in item.answer.replace(" ", "").split(","):
        if part.isdigit() and 1 <= int(part) <= len(item.choices):
            numbers.add(int(part) - 1)
    return numbers


def answer_text(item: Item) -> str:
    """The answer as printed on a paper: circled numbers for 객관식, the text otherwise."""
    numbers = sorted(answer_numbers(item))
    if numbers:
        return ", ".join(choice_marker(n) for n in numbers)
    return item.answer or tr("detail.none")


EXPLAIN_ORDER = ("rerank", "first_stage", "hybrid", "keyword", "semantic", "text", "text_similarity",
                 "image_similarity")


def _raw(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, dict):
        return " · ".join(f"{k} {_raw(v)}" for k, v in value.items())
    return str(value)


def explain_lines(explain: dict) -> list[str]:
    """Each search stage's raw scores as one line ("키워드 — bm25 6.2171 · matched 전류 · rank 1"),
    in the order the stages ran backwards (the last stage decided the rank)."""
    known = [k for k in EXPLAIN_ORDER if k in explain]
    lines = []
    for stage in known + sorted(k for k in explain if k not in EXPLAIN_ORDER):
        name = tr(f"explain.{stage}")
        name = stage if name == f"explain.{stage}" else f"{name} ({stage})"
        lines.append(f"{name} — {_raw(explain[stage])}")
    return lines


def _label(text: str, name: str, *, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def math_label(text: str, name: str) -> QLabel:
    """A label for item text: formulas ($…$) drawn as images and ² ³ ₁ as real super/subscripts.

    Text without either stays a plain label. The readable linear form is kept in the ``plainText``
    property (copying, tests, screen readers) since the label's own text is then HTML.
    """
    label = _label(text, name)
    if not needs_rich_text(text):
        return label
    label.setObjectName(name)
    color = label.palette().color(QPalette.ColorRole.WindowText).name()
    px = label.fontInfo().pixelSize() or 14
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(math_html(text, px, color))
    label.setProperty("plainText", linear_text(text))
    label.setAccessibleName(linear_text(text))
    return label


class ItemDetailPane(QScrollArea):
    """Scrollable detail of one item; ``show_item`` replaces the content."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DetailScroll")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._item: Item | None = None
        self._figures: dict[str, Path] = {}
        self._figure_labels: list[tuple[QLabel, QPixmap]] = []
        self._source: str | None = None
        self._figures_loading = False
        self._explain: dict = {}
        self._band = ""
        self.show_empty()

    @property
    def item(self) -> Item | None:
        return self._item

    @property
    def figures(self) -> dict[str, Path]:
        """The figure files of the item on show, by sha256."""
        return dict(getattr(self, "_figures", {}) or {})

    @property
    def figures_loading(self) -> bool:
        """A figure of the item on show is still being downloaded (a district item)."""
        return self._item is not None and self._figures_loading

    @property
    def source(self) -> str | None:
        """The bank badge shown with the item (``sources.LOCAL``/``DISTRICT``), None for none."""
        return self._source

    def _new_body(self) -> QVBoxLayout:
        body = QWidget()
        body.setObjectName("DetailBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 20, 24, 24)
        layout.setSpacing(10)
        self.setWidget(body)
        self._figure_labels = []
        return layout

    @property
    def explain(self) -> dict:
        """The search stages' raw scores of the item on show ({} when it was not found by a search)."""
        return dict(self._explain)

    def show_empty(self) -> None:
        self._item = None
        self._source = None
        self._explain, self._band = {}, ""
        layout = self._new_body()
        empty = _label(tr("detail.empty"), "DetailEmpty")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(empty)
        layout.addStretch(2)

    def show_item(self, item: Item, figures: dict[str, Path], *, source: str | None = None,
                  figures_loading: bool = False, explain: dict | None = None, band: str = "") -> None:
        """``source`` adds the bank badge; ``figures_loading`` says a figure not in ``figures`` is
        still being downloaded (a district item) rather than missing; ``explain`` and ``band`` (from the
        search hit) fill the score details: the raw stage scores a card no longer shows."""
        self._item = item
        self._explain = dict(explain or {})
        self._band = band
        self._figures = dict(figures)
        self._source = source
        self._figures_loading = figures_loading
        layout = self._new_body()

        header = QHBoxLayout()
        header.setSpacing(5)
        if source is not None:
            badge = pill(tr(f"badge.{source}"), source)
            badge.setObjectName("SourceBadge")
            header.addWidget(badge)
        if item.subject:
            header.addWidget(pill(item.subject, "accent"))
        for value in (item.grade, item.type):
            if value:
                header.addWidget(pill(value))
        if item.difficulty:
            header.addWidget(pill(f"{tr('detail.difficulty')} {tr('difficulty.' + item.difficulty)}",
                                  "outline"))
        header.addStretch(1)
        id_label = _label(item.id, "DetailId")
        id_label.setWordWrap(False)
        header.addWidget(id_label)
        layout.addLayout(header)

        layout.addWidget(math_label(item.stem, "DetailStem"))
        if item.passage:
            layout.addWidget(self._section("detail.passage"))
            layout.addWidget(math_label(item.passage, "PassageBox"))
        if item.images:
            layout.addWidget(self._section("detail.figures"))
            for sha in item.images:
                layout.addWidget(self._figure(sha), 0, Qt.AlignmentFlag.AlignLeft)
        if item.choices:
            layout.addWidget(self._section("detail.choices"))
            correct = answer_numbers(item)
            for index, choice in enumerate(item.choices):
                line = math_label(f"{choice_marker(index)}  {choice}", "ChoiceLine")
                line.setProperty("answer", index in correct)
                layout.addWidget(line)
        layout.addWidget(self._section("detail.answer"))
        layout.addWidget(math_label(answer_text(item), "AnswerText"))
        if item.explanation or item.explanation_images:
            layout.addWidget(self._section("detail.explanation"))
            if item.explanation:
                layout.addWidget(math_label(item.explanation, "Explanation"))
            for sha in item.explanation_images:  # the 해설's own figures, under it
                figure = self._figure(sha)
                figure.setProperty("explanation", True)
                layout.addWidget(figure, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self._section("detail.meta"))
        layout.addLayout(self._metadata(item))
        if self._explain or self._band:
            layout.addWidget(self._section("detail.explain"))
            if self._band:
                layout.addWidget(_label(tr("detail.explain_band", band=band_name(self._band)), "ExplainBand"))
            for line in explain_lines(self._explain):
                layout.addWidget(_label(line, "ExplainLine"))
        layout.addStretch(1)
        self.verticalScrollBar().setValue(0)
        self._fit_figures()

    def _section(self, key: str) -> QLabel:
        label = QLabel(tr(key))
        label.setObjectName("SectionTitle")
        return label

    def _figure(self, sha: str) -> QLabel:
        path = self._figures.get(sha)
        pixmap = QPixmap(str(path)) if path is not None else QPixmap()
        if pixmap.isNull():
            missing = "detail.figure_loading" if self._figures_loading and path is None else "detail.figure_missing"
            return _label(tr(missing), "DetailEmpty")
        label = QLabel()
        label.setObjectName("Figure")
        label.setToolTip(str(path))
        label.setPixmap(pixmap)
        self._figure_labels.append((label, pixmap))
        return label

    def _metadata(self, item: Item) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        rows = [("detail.unit", item.unit), ("detail.standard", item.standard),
                ("detail.difficulty", tr("difficulty." + item.difficulty) if item.difficulty else ""),
                ("detail.source", item.source)]
        for row, (key, value) in enumerate(rows):
            name = QLabel(tr(key))
            name.setObjectName("MetaKey")
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(_label(value or tr("detail.none"), "MetaValue"), row, 1)
        name = QLabel(tr("detail.tags"))
        name.setObjectName("MetaKey")
        grid.addWidget(name, len(rows), 0, Qt.AlignmentFlag.AlignTop)
        tags = QHBoxLayout()
        tags.setSpacing(4)
        for tag in item.tags:
            tags.addWidget(pill(tag, "outline"))
        if not item.tags:
            tags.addWidget(QLabel(tr("detail.none")))
        tags.addStretch(1)
        grid.addLayout(tags, len(rows), 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _fit_figures(self) -> None:
        """Figures at their real size, only shrunk when the pane is narrower than the figure."""
        available = max(120, self.viewport().width() - 60)
        for label, pixmap in self._figure_labels:
            if pixmap.width() > available:
                label.setPixmap(pixmap.scaledToWidth(available, Qt.TransformationMode.SmoothTransformation))
            else:
                label.setPixmap(pixmap)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._fit_figures()

    def plain_text(self) -> str:
        """Every label's text (tests and copy)."""
        body = self.widget()
        return "\n".join(label.property("plainText") or label.text()
                         for label in body.findChildren(QLabel) if label.text())

    def retranslate(self) -> None:
        if self._item is None:
            self.show_empty()
        else:
            self.show_item(self._item, self._figures, source=self._source,
                           figures_loading=self._figures_loading, explain=self._explain, band=self._band)


class ItemDetailDialog(QDialog):
    """The detail in its own window, for reading a long passage at full size."""

    def __init__(self, item: Item, figures: dict[str, Path], parent: QWidget | None = None, *,
                 source: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("detail.dialog_title", id=item.id))
        self.resize(760, 820)
        self.pane = ItemDetailPane()
        self.pane.show_item(item, figures, source=source)
        buttons = QDialogButtonBox()
        copy = QPushButton(tr("detail.copy_id"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(item.id))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(tr("detail.close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 14)
        layout.addWidget(self.pane, 1)
        layout.addWidget(buttons)
