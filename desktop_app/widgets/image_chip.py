"""The query image shown as a small chip (thumbnail + name + ×), so the teacher sees that the
search uses a picture and can drop it with one click."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from desktop_app.i18n import tr


class ImageChip(QFrame):
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ImageChip")
        self._path: Path | None = None
        self._thumb = QLabel()
        self._thumb.setFixedSize(26, 26)
        self._thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._name = QLabel()
        self._name.setObjectName("ChipText")
        self._close = QToolButton()
        self._close.setObjectName("ChipClose")
        self._close.setText("×")
        self._close.setCursor(Qt.CursorShape.PointingHandCursor)
        self._close.clicked.connect(self.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 4, 2)
        row.setSpacing(6)
        row.addWidget(self._thumb)
        row.addWidget(self._name)
        row.addWidget(self._close)
        self.retranslate()
        self.hide()

    @property
    def path(self) -> Path | None:
        return self._path

    def set_image(self, path: Path) -> None:
        self._path = path
        pixmap = QPixmap(str(path))
        if not pixmap.isNull():
            pixmap = pixmap.scaled(26, 26, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        self._thumb.setPixmap(pixmap)
        name = path.name if len(path.name) <= 22 else path.name[:10] + "…" + path.name[-10:]
        self._name.setText(name)
        self.setToolTip(f"{tr('search.image_chip_tip')}\n{path}")
        self.show()

    def clear(self) -> None:
        had_image = self._path is not None
        self._path = None
        self._thumb.clear()
        self.hide()
        if had_image:
            self.cleared.emit()

    def retranslate(self) -> None:
        self._close.setToolTip(tr("search.clear_image"))
        if self._path is not None:
            self.setToolTip(f"{tr('search.image_chip_tip')}\n{self._path}")
