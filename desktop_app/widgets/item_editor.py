"""The item editor: every field of one item with Korean labels, its figures (keep, remove, add), and a
message under the field the engine refused — the same rules as an import, so nothing half-valid is saved.

The dialog only gathers the teacher's changes (``edit_request``); the page runs the write off the GUI
thread and either closes the dialog or calls ``show_field_error`` with the field the engine named.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from desktop_app.i18n import tr
from engine.api import DIFFICULTIES, ITEM_TYPES, Item, ItemEdit

LONG_FIELDS = ("stem", "passage", "choices", "explanation")
LINE_FIELDS = ("subject", "grade", "unit", "standard", "answer", "source", "tags")
CHOICE_FIELDS = {"difficulty": ("", *DIFFICULTIES), "type": tuple(ITEM_TYPES)}
FIELD_ORDER = ("subject", "grade", "type", "difficulty", "unit", "standard", "stem", "passage", "choices",
               "answer", "explanation", "source", "tags")
SHA_ROLE = Qt.ItemDataRole.UserRole
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def _shown(item: Item, name: str) -> str:
    """A field's value as the teacher types it: choices one per line, tags separated by commas."""
    value = getattr(item, name)
    if name == "choices":
        return "\n".join(value)
    if name == "tags":
        return ", ".join(value)
    return "" if value is None else str(value)


FIGURE_ICON_PX = 40


def figure_entry(number: int, sha: str, path: Path | None) -> QListWidgetItem:
    """A stored figure as the teacher knows it: a thumbnail, "그림 N" and its size; the hash (how the
    bank files it) only in the tooltip, since twelve hex digits mean nothing to a teacher."""
    pixmap = QPixmap(str(path)) if path is not None else QPixmap()
    if pixmap.isNull():
        entry = QListWidgetItem(tr("edit.figure_entry_missing", n=number, missing=tr("detail.figure_missing")))
    else:
        entry = QListWidgetItem(QIcon(pixmap.scaled(FIGURE_ICON_PX, FIGURE_ICON_PX, Qt.AspectRatioMode.KeepAspectRatio,
                                                    Qt.TransformationMode.SmoothTransformation)),
                                tr("edit.figure_entry", n=number, width=pixmap.width(), height=pixmap.height()))
    entry.setToolTip(sha)
    return entry


class ItemEditorDialog(QDialog):
    save_requested = Signal(object)   # ItemEdit with only what changed

    def __init__(self, item: Item, figures: dict[str, Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setWindowTitle(tr("edit.title", id=item.id))
        self.resize(640, 760)
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for name in FIELD_ORDER:
            widget = self._input_for(name)
            self.inputs[name] = widget
            error = QLabel()
            error.setObjectName(f"error_{name}")
            error.setStyleSheet("color: #b3261e;")
            error.setWordWrap(True)
            error.hide()
            self.errors[name] = error
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(widget)
            column.addWidget(error)
            form.addRow(tr(f"field.{name}") if name != "choices" else tr("edit.choices"), holder)
        self.figures = QListWidget()
        self.figures.setMaximumHeight(120)
        self.figures.setIconSize(QSize(FIGURE_ICON_PX, FIGURE_ICON_PX))
        for number, sha in enumerate(item.images, 1):
            entry = figure_entry(number, sha, figures.get(sha))
            entry.setData(SHA_ROLE, sha)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked)
            self.figures.addItem(entry)
        self.add_figure_button = QPushButton(tr("edit.add_figure"))
        self.add_figure_button.clicked.connect(self._choose_figure)
        figure_box = QWidget()
        figure_column = QVBoxLayout(figure_box)
        figure_column.setContentsMargins(0, 0, 0, 0)
        figure_column.addWidget(self.figures)
        figure_column.addWidget(self.add_figure_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.errors["images"] = QLabel()
        self.errors["images"].setStyleSheet("color: #b3261e;")
        self.errors["images"].hide()
        figure_column.addWidget(self.errors["images"])
        form.addRow(tr("detail.figures") + "\n" + tr("edit.figures_hint"), figure_box)
        self.explanation_figures = QListWidget()  # the 해설's figures: shown, kept as they are
        self.explanation_figures.setMaximumHeight(120)
        self.explanation_figures.setIconSize(QSize(FIGURE_ICON_PX, FIGURE_ICON_PX))
        for number, sha in enumerate(item.explanation_images, 1):
            entry = figure_entry(number, sha, figures.get(sha))
            entry.setData(SHA_ROLE, sha)
            self.explanation_figures.addItem(entry)
        if item.explanation_images:
            form.addRow(tr("edit.explanation_figures"), self.explanation_figures)

        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.general_error = QLabel()
        self.general_error.setStyleSheet("color: #b3261e;")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("edit.save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("edit.cancel"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_error)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout.addLayout(row)

    def _input_for(self, name: str) -> QWidget:
        current = _shown(self.item, name)
        if name in CHOICE_FIELDS:
            combo = QComboBox()
            options = list(CHOICE_FIELDS[name])
            if current not in options:
                options.append(current)
            combo.addItems(options)
            combo.setCurrentText(current)
            return combo
        if name in LONG_FIELDS:
            box = QPlainTextEdit(current)
            box.setMinimumHeight(70)
            box.setMaximumHeight(150 if name != "passage" else 110)
            return box
        return QLineEdit(current)

    def value_of(self, name: str) -> str:
        widget = self.inputs[name]
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        return widget.text()

    def set_value(self, name: str, value: str) -> None:
        widget = self.inputs[name]
        if isinstance(widget, QComboBox):
            widget.setCurrentText(value)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        else:
            widget.setText(value)

    def edit_request(self) -> ItemEdit:
        """The fields the teacher changed (choices and tags as lists) and the figures to add or drop."""
        edit = ItemEdit()
        for name in FIELD_ORDER:
            text = self.value_of(name)
            if text == _shown(self.item, name):
                continue
            if name == "choices":
                edit.fields[name] = [line.strip() for line in text.splitlines() if line.strip()]
            elif name == "tags":
                edit.fields[name] = [tag.strip() for tag in text.split(",") if tag.strip()]
            else:
                edit.fields[name] = text.strip()
        for row in range(self.figures.count()):
            entry = self.figures.item(row)
            sha, path = entry.data(SHA_ROLE), entry.data(PATH_ROLE)
            if sha and entry.checkState() != Qt.CheckState.Checked:
                edit.remove_images.append(sha)
            elif path and entry.checkState() == Qt.CheckState.Checked:
                edit.add_images.append(Path(path))
        return edit

    def add_figure(self, path: str | Path) -> None:
        entry = QListWidgetItem(f"＋ {Path(path).name}")
        entry.setData(PATH_ROLE, str(path))
        entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        entry.setCheckState(Qt.CheckState.Checked)
        self.figures.addItem(entry)

    def _choose_figure(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("edit.add_figure"), str(Path.home()),
                                              tr("edit.figure_filter"))
        if path:
            self.add_figure(path)

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.general_error.hide()

    def show_field_error(self, field: str, message: str) -> None:
        """The engine's reason under the field it named (or under the form when it is not one of them)."""
        label = self.errors.get(field)
        if label is None:
            self.general_error.setText(message)
            self.general_error.show()
            return
        label.setText(message)
        label.show()
        widget = self.inputs.get(field)
        if widget is not None:
            widget.setFocus()

    def set_saving(self, saving: bool) -> None:
        self.buttons.setEnabled(not saving)

    def _save(self) -> None:
        self.clear_errors()
        edit = self.edit_request()
        if edit.is_empty():
            self.accept()
            return
        self.set_saving(True)
        self.save_requested.emit(edit)
