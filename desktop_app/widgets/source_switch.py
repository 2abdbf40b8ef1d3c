"""우리 학교 | 교육청 | 둘 다: which bank a search looks in, as a segmented control.

It is only shown once a district server is saved for this bank (the settings page's "교육청 문항
은행" card): a school without one keeps the narrower search bar it had.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QToolButton, QWidget

from desktop_app.i18n import tr
from desktop_app.sources import BOTH, DISTRICT, LOCAL, SOURCES


class SourceSwitch(QWidget):
    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str, QToolButton] = {}
        self._district_available = False
        self._caption = QLabel()
        self._caption.setObjectName("FilterLabel")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._caption)
        row.addSpacing(6)
        for index, source in enumerate(SOURCES):
            button = QToolButton()
            button.setCheckable(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setProperty("segment", "first" if index == 0 else "last" if index == len(SOURCES) - 1 else "mid")
            button.setObjectName(f"source-{source}")
            self._group.addButton(button)
            self._buttons[source] = button
            row.addWidget(button)
            button.toggled.connect(lambda on, s=source: on and self.changed.emit(s))
        self._buttons[LOCAL].setChecked(True)
        self.retranslate()
        self.hide()

    def button(self, source: str) -> QToolButton:
        return self._buttons[source]

    def source(self) -> str:
        for source, button in self._buttons.items():
            if button.isChecked():
                return source
        return LOCAL

    def set_source(self, source: str) -> None:
        if source in self._buttons and self._buttons[source].isEnabled():
            self._buttons[source].setChecked(True)

    @property
    def district_available(self) -> bool:
        return self._district_available

    def set_district_available(self, available: bool) -> None:
        """Show the switch when a district server is saved; otherwise hide it and search this bank."""
        self._district_available = available
        if not available and self.source() != LOCAL:
            self._buttons[LOCAL].setChecked(True)
        self.setVisible(available)

    def retranslate(self) -> None:
        self._caption.setText(tr("source.label"))
        for source, button in self._buttons.items():
            button.setText(tr(f"source.{source}"))
            button.setToolTip(tr(f"source.{source}_tip"))


__all__ = ["BOTH", "DISTRICT", "LOCAL", "SourceSwitch"]
