"""The top panel: query box (+ image chip), metadata filters and the search-mode switch.

It only collects what the teacher wants (``current_query()``) and says when that changed; running
the search is the controller's job.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QToolButton, QVBoxLayout, QWidget)

from desktop_app.bank_ops import DEFAULT_RESULT_COUNT, SearchQuery
from desktop_app.i18n import tr
from desktop_app.images import IMAGE_SUFFIXES, image_files_in
from desktop_app.style import repolish
from desktop_app.widgets.image_chip import ImageChip
from desktop_app.widgets.reason_label import ReasonLabel
from desktop_app.widgets.source_switch import SourceSwitch
from engine.api import SEARCH_MODES
from engine.api import SearchFilters
from engine.api import DIFFICULTIES, ITEM_TYPES, SUBJECTS

GRADE_CHOICES: tuple[str, ...] = ("중", "중1", "중2", "중3", "고", "고1", "고2", "고3",
                                  "초", "초1", "초2", "초3", "초4", "초5", "초6")


def clipboard_wants_image_search(mime: QMimeData) -> bool:
    """Copied image files, or pixels without text. Text wins over pixels because spreadsheet and
    word-processor copies carry a picture of the text too."""
    if any(p.suffix.lower() in IMAGE_SUFFIXES for p in image_files_in(mime)):
        return True
    return mime.hasImage() and not (mime.hasText() and mime.text().strip())


class QueryEdit(QLineEdit):
    """The query box. Ctrl+V with an image on the clipboard searches by that image instead of
    pasting text; Escape clears the box."""

    image_paste_requested = Signal()
    move_down = Signal()  # ↓ goes from the box to the result cards

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.matches(QKeySequence.StandardKey.Paste):
            mime = QGuiApplication.clipboard().mimeData()
            if mime is not None and clipboard_wants_image_search(mime):
                self.image_paste_requested.emit()
                return
        if event.key() == Qt.Key.Key_Down and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.move_down.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.textEdited.emit("")
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        # Let image drops through to the window (which searches by them) instead of pasting the
        # file's path as text.
        if any(p.suffix.lower() in IMAGE_SUFFIXES for p in image_files_in(event.mimeData())) \
                or event.mimeData().hasImage():
            event.ignore()
            return
        super().dragEnterEvent(event)


class ModeSwitch(QWidget):
    """자동 | 키워드 | 의미 | 하이브리드 as a segmented control; missing modes are disabled."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str, QToolButton] = {}
        self._available: set[str] = {"auto", "keyword"}
        self._caption = QLabel()
        self._caption.setObjectName("FilterLabel")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._caption)
        row.addSpacing(6)
        for index, mode in enumerate(SEARCH_MODES):
            button = QToolButton()
            button.setCheckable(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            position = "first" if index == 0 else "last" if index == len(SEARCH_MODES) - 1 else "mid"
            button.setProperty("segment", position)
            button.setObjectName(f"mode-{mode}")
            self._group.addButton(button)
            self._buttons[mode] = button
            row.addWidget(button)
            button.toggled.connect(lambda on, m=mode: on and self.changed.emit(m))
        self._buttons["auto"].setChecked(True)
        self.retranslate()

    def button(self, mode: str) -> QToolButton:
        return self._buttons[mode]

    def mode(self) -> str:
        for mode, button in self._buttons.items():
            if button.isChecked():
                return mode
        return "auto"

    def set_mode(self, mode: str) -> None:
        if mode in self._buttons and self._buttons[mode].isEnabled():
            self._buttons[mode].setChecked(True)

    @property
    def missing(self) -> bool:
        """Whether some mode cannot run here (its reason is shown beside the switch)."""
        return not set(self._buttons) <= self._available

    def set_available(self, modes: list[str]) -> None:
        """Enable "auto" plus the modes the engine reports; others get the model-pack tooltip."""
        self._available = {"auto", *modes}
        if self.mode() not in self._available:
            self._buttons["auto"].setChecked(True)
        self.retranslate()

    def retranslate(self) -> None:
        self._caption.setText(tr("mode.label"))
        for mode, button in self._buttons.items():
            button.setText(tr(f"mode.{mode}"))
            enabled = mode in self._available
            button.setEnabled(enabled)
            if not enabled:
                button.setToolTip(tr("mode.unavailable_tip"))
            elif mode in ("auto", "keyword"):
                button.setToolTip(tr(f"mode.{mode}_tip"))
            else:
                button.setToolTip("")


class FilterBar(QWidget):
    """과목 · 학년 · 유형 · 난이도 combos and the 성취기준 prefix box."""

    changed = Signal()          # a combo changed: search at once
    standard_edited = Signal()  # typing in the 성취기준 box: debounce like the query

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subject = self._combo("filter-subject")
        self.grade = self._combo("filter-grade")
        self.type = self._combo("filter-type")
        self.difficulty = self._combo("filter-difficulty")
        self.standard = QLineEdit()
        self.standard.setObjectName("StandardEdit")
        self.standard.setFixedWidth(120)
        self.standard.setClearButtonEnabled(True)
        self.standard.textEdited.connect(lambda _t: self.standard_edited.emit())
        self.standard.returnPressed.connect(self.changed.emit)
        self._labels: dict[str, QLabel] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for key, widget in (("subject", self.subject), ("grade", self.grade), ("type", self.type),
                            ("difficulty", self.difficulty), ("standard", self.standard)):
            label = QLabel()
            label.setObjectName("FilterLabel")
            label.setBuddy(widget)
            self._labels[key] = label
            row.addWidget(label)
            row.addWidget(widget)
            row.addSpacing(8)
        self._subjects: list[str] = list(SUBJECTS)
        self._fill_all()
        self.retranslate()

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)  # "중학교 전체"; the popup still shows longer names
        combo.currentIndexChanged.connect(lambda _i, c=combo: self._on_combo(c))
        return combo

    def _on_combo(self, combo: QComboBox) -> None:
        combo.setProperty("active", bool(combo.currentData()))
        repolish(combo)
        if not self.signalsBlocked():
            self.changed.emit()

    @staticmethod
    def _refill(combo: QComboBox, entries: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, value in entries:
            combo.addItem(text, value)
        index = combo.findData(current) if current else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        combo.setProperty("active", bool(combo.currentData()))
        repolish(combo)

    def _fill_all(self) -> None:
        everything = tr("filter.all")
        self._refill(self.subject, [(everything, "")] + [(s, s) for s in self._subjects])
        grades = [(everything, "")]
        for value in GRADE_CHOICES:
            text = tr("filter.school_all", level=tr(f"level.{value}")) if len(value) == 1 else value
            grades.append((text, value))
        self._refill(self.grade, grades)
        self._refill(self.type, [(everything, "")] + [(t, t) for t in ITEM_TYPES])
        self._refill(self.difficulty, [(everything, "")] + [(d, d) for d in DIFFICULTIES])

    def set_subjects(self, subjects: list[str]) -> None:
        """Offer the subjects the bank has (vocabulary order); every subject when it is empty."""
        present = [s for s in SUBJECTS if s in subjects] + [s for s in subjects if s not in SUBJECTS]
        self._subjects = present or list(SUBJECTS)
        self._fill_all()

    def filters(self) -> SearchFilters:
        return SearchFilters(subject=self.subject.currentData() or "",
                             grade=self.grade.currentData() or "",
                             type=self.type.currentData() or "",
                             difficulty=self.difficulty.currentData() or "",
                             standard=self.standard.text().strip())

    def is_active(self) -> bool:
        return not self.filters().is_empty()

    def reset(self) -> None:
        self.blockSignals(True)
        for combo in (self.subject, self.grade, self.type, self.difficulty):
            combo.setCurrentIndex(0)
        self.standard.clear()
        self.blockSignals(False)
        self.changed.emit()

    def retranslate(self) -> None:
        for key, label in self._labels.items():
            label.setText(tr(f"filter.{key}"))
        self.standard.setPlaceholderText(tr("filter.standard_placeholder"))
        self.blockSignals(True)
        self._fill_all()
        self.blockSignals(False)


DEFAULT_RERANK_TOP = 20
RERANK_CHOICES = (5, 10, 20, 30, 50)


class RerankControl(QWidget):
    """"[✓] 상위 [20]개 재정렬": rerank the first N hits with the reranker model pack.

    Without a reranker pack the box is disabled and the reason is written beside it ("재순위 모델 팩이
    설치되어 있지 않습니다 — 모델 화면에서 설치"); the engine's own error still reaches the teacher as a
    sentence if a search asks for it anyway."""

    changed = Signal()        # ticked / unticked: search at once
    count_edited = Signal()   # N changed while ticked: debounce

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox()
        self.check.setObjectName("RerankCheck")
        self.check.setCursor(Qt.CursorShape.PointingHandCursor)
        self.count = QComboBox()
        self.count.setObjectName("RerankCount")
        for value in RERANK_CHOICES:
            self.count.addItem(str(value), value)
        self.count.setCurrentIndex(RERANK_CHOICES.index(DEFAULT_RERANK_TOP))
        self.count.setFixedWidth(72)
        self.suffix = QLabel()
        self.suffix.setObjectName("FilterLabel")
        self.reason = ReasonLabel()
        self._available = False
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.check)
        row.addWidget(self.count)
        row.addWidget(self.suffix)
        row.addStretch(1)  # ``reason`` is laid out by the panel, under the control
        self.check.toggled.connect(self._on_toggled)
        self.count.currentIndexChanged.connect(lambda _i: self.check.isChecked() and self.count_edited.emit())
        self.set_available(False)

    def _on_toggled(self, on: bool) -> None:
        self.count.setEnabled(on)
        self.changed.emit()

    @property
    def available(self) -> bool:
        return self._available

    def set_available(self, available: bool) -> None:
        """Enable the control when a reranker pack is installed; otherwise untick and explain."""
        self._available = available
        if not available and self.check.isChecked():
            self.check.blockSignals(True)
            self.check.setChecked(False)
            self.check.blockSignals(False)
        self.check.setEnabled(available)
        self.count.setEnabled(available and self.check.isChecked())
        self.retranslate()

    def set_count(self, n: int) -> None:
        index = self.count.findData(n)
        if index < 0:
            self.count.addItem(str(n), n)
            index = self.count.count() - 1
        self.count.setCurrentIndex(index)

    def value(self) -> int:
        """N when ticked, else 0 (off)."""
        return int(self.count.currentData()) if self.check.isChecked() else 0

    def retranslate(self) -> None:
        self.check.setText(tr("rerank.prefix"))
        self.suffix.setText(tr("rerank.suffix"))
        tip = tr("rerank.tip") if self._available else tr("rerank.unavailable_tip")
        for widget in (self, self.check, self.count, self.suffix, self.reason):
            widget.setToolTip(tip)
        self.reason.set_reason("" if self._available else tr("rerank.unavailable_reason"))


class SearchPanel(QFrame):
    """Query row on top, filters and mode below."""

    query_edited = Signal()     # debounced search
    submitted = Signal()        # search now (Enter, button, filter change)
    image_paste_requested = Signal()
    image_file_requested = Signal()  # "그림 파일로 검색…": the page opens the file dialog
    image_cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SearchPanel")
        self.result_count = DEFAULT_RESULT_COUNT  # cards per search; "결과 더 보기" adds more
        self.query = QueryEdit()
        self.query.setObjectName("QueryEdit")
        self.query.setClearButtonEnabled(True)
        self.query.textEdited.connect(lambda _t: self.query_edited.emit())
        self.query.returnPressed.connect(self.submitted.emit)
        self.query.image_paste_requested.connect(self.image_paste_requested.emit)
        self.chip = ImageChip()
        self.chip.cleared.connect(self.image_cleared.emit)
        self.search_button = QPushButton()
        self.search_button.setProperty("primary", True)
        self.search_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.search_button.setMinimumHeight(38)
        self.search_button.clicked.connect(self.submitted.emit)
        self.image_button = QPushButton()
        self.image_button.setObjectName("ImageFileButton")
        self.image_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.image_button.setMinimumHeight(38)
        self.image_button.clicked.connect(self.image_file_requested.emit)
        self.image_reason = ReasonLabel()
        self._image_search = True  # until the window knows the profile (the engine explains a failure)
        self.mode_reason = ReasonLabel()
        self.filters = FilterBar()
        self.filters.changed.connect(self.submitted.emit)
        self.filters.standard_edited.connect(self.query_edited.emit)
        self.modes = ModeSwitch()
        self.modes.changed.connect(lambda _m: self.submitted.emit())
        self.rerank = RerankControl()
        self.rerank.changed.connect(self.submitted.emit)
        self.rerank.count_edited.connect(self.query_edited.emit)
        self.sources = SourceSwitch()
        self.sources.changed.connect(lambda _s: self.submitted.emit())

        # Three rows, each narrow enough for the window's modest minimum width (792 px fits): the query,
        # how to search (each unavailable control with its reason beside it, wrapping), what to search.
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.query, 3)
        top.addWidget(self.chip)
        top.addWidget(self.search_button)
        top.addWidget(self.image_button)
        top.addWidget(self.image_reason, 1)
        how = QGridLayout()  # each control with its reason right under it
        how.setHorizontalSpacing(18)
        how.setVerticalSpacing(2)
        how.addWidget(self.modes, 0, 0)
        how.addWidget(self.rerank, 0, 1)
        how.addWidget(self.mode_reason, 1, 0)
        how.addWidget(self.rerank.reason, 1, 1)
        how.setColumnStretch(1, 1)
        bottom = QHBoxLayout()
        bottom.setSpacing(6)
        bottom.addWidget(self.filters)
        bottom.addStretch(1)
        bottom.addWidget(self.sources)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(how)
        layout.addLayout(bottom)
        self.retranslate()

    def current_query(self) -> SearchQuery:
        chip_path = self.chip.path
        return SearchQuery(text=self.query.text(), image=str(chip_path) if chip_path else None,
                           filters=self.filters.filters(), mode=self.modes.mode(),
                           k=self.result_count, rerank=self.rerank.value(), source=self.sources.source())

    def set_image(self, path: Path) -> None:
        self.chip.set_image(path)

    @property
    def image_search_available(self) -> bool:
        return self._image_search

    def set_image_search_available(self, available: bool) -> None:
        """Enable "그림 파일로 검색…" only when the profile serving searches embeds figures; otherwise
        say why beside it. (A drop or paste still reaches the engine, whose answer is explained.)"""
        self._image_search = available
        self.image_button.setEnabled(available)
        self.retranslate_image()

    def set_available_modes(self, modes: list[str]) -> None:
        self.modes.set_available(modes)
        self.mode_reason.set_reason(tr("mode.unavailable_reason") if self.modes.missing else "")

    def retranslate_image(self) -> None:
        self.image_button.setText(tr("search.image_file"))
        self.image_button.setToolTip(tr("search.image_file_tip") if self._image_search
                                     else tr("error.image_needs_pack"))
        self.image_reason.set_reason("" if self._image_search else tr("search.image_unavailable_reason"))

    def retranslate(self) -> None:
        self.query.setPlaceholderText(tr("search.placeholder"))
        self.search_button.setText(tr("search.button"))
        self.retranslate_image()
        self.mode_reason.set_reason(tr("mode.unavailable_reason") if self.modes.missing else "")
        self.filters.retranslate()
        self.modes.retranslate()
        self.rerank.retranslate()
        self.sources.retranslate()
        self.chip.retranslate()
