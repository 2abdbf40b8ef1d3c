"""The strip of page tabs under the menu bar: 문항 검색 · 중복 검토 · 시험지 · 모델·설정, and the
import button on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QPushButton, QToolButton, QWidget

from desktop_app.i18n import tr


class NavBar(QFrame):
    page_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NavBar")
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str, QToolButton] = {}
        self._pages: dict[str, QWidget] = {}
        self._keys: dict[str, str] = {}
        self._values: dict[str, dict] = {}
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(14, 6, 14, 0)
        self._row.setSpacing(2)
        self._row.addStretch(1)
        self.import_button = QPushButton()
        self.import_button.setObjectName("NavImport")
        self.import_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self._row.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignVCenter)

    def add_page(self, key: str, text_key: str, page: QWidget) -> QToolButton:
        button = QToolButton()
        button.setObjectName(f"nav-{key}")
        button.setProperty("nav", True)
        button.setCheckable(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(lambda _c=False, k=key: self.page_requested.emit(k))
        button.setShortcut(f"Ctrl+{len(self._buttons) + 1}")  # Ctrl+1 검색, Ctrl+2 중복 검토, …
        self._group.addButton(button)
        self._row.insertWidget(len(self._buttons), button)
        self._buttons[key] = button
        self._pages[key] = page
        self._keys[key] = text_key
        self._values[key] = {}
        if len(self._buttons) == 1:
            button.setChecked(True)
        self.retranslate()
        return button

    def button(self, key: str) -> QToolButton:
        return self._buttons[key]

    def page(self, key: str) -> QWidget | None:
        return self._pages.get(key)

    def set_values(self, key: str, **values) -> None:
        self._values[key] = values
        self.retranslate()

    def set_current(self, page: QWidget) -> None:
        for key, widget in self._pages.items():
            if widget is page:
                self._buttons[key].setChecked(True)

    def retranslate(self) -> None:
        for key, button in self._buttons.items():
            button.setText(tr(self._keys[key], **self._values.get(key, {})))
        self.import_button.setText(tr("nav.import"))
