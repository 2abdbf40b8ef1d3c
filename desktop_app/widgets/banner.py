"""A dismissable message bar: notices (model pack missing) and errors, in words, never tracebacks."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from desktop_app.i18n import tr
from desktop_app.style import repolish

_ICONS = {"info": "i", "needs_model_pack": "i", "warning": "!", "error": "!"}
_CODE = re.compile(r"`([^`]+)`")


def _rich(text: str) -> str:
    """Escape, then show `command` spans in a code font so they can be copied exactly."""
    escaped = html.escape(text)
    return _CODE.sub(r"<code style='background:#ffffff;padding:1px 3px;'>\1</code>", escaped)


class Banner(QFrame):
    """Icon, message, optional detail line and a × button that hides it."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.setProperty("kind", "info")
        self._text = ""
        self._detail = ""
        self._icon = QLabel("i")
        self._icon.setObjectName("BannerIcon")
        self._icon.setFixedWidth(18)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self._label = QLabel()
        self._label.setObjectName("BannerText")
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.RichText)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._detail_label = QLabel()
        self._detail_label.setObjectName("BannerDetail")
        self._detail_label.setWordWrap(True)
        self._detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._detail_label.hide()
        self._close = QToolButton()
        self._close.setObjectName("BannerClose")
        self._close.setText("×")
        self._close.setCursor(Qt.CursorShape.PointingHandCursor)
        self._close.clicked.connect(self.dismiss)

        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self._label)
        texts.addWidget(self._detail_label)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 8, 8)
        row.setSpacing(8)
        row.addWidget(self._icon)
        row.addLayout(texts, 1)
        row.addWidget(self._close, 0, Qt.AlignmentFlag.AlignTop)
        self.retranslate()
        self.hide()

    def show_message(self, text: str, kind: str = "info", detail: str = "") -> None:
        self._text = text
        self._detail = detail
        self.setProperty("kind", "info" if kind == "needs_model_pack" else kind)
        self._icon.setText(_ICONS.get(kind, "i"))
        self._label.setText(_rich(text))
        self._detail_label.setText(tr("banner.details", detail=detail) if detail else "")
        self._detail_label.setVisible(bool(detail))
        repolish(self)
        self.show()

    def message_text(self) -> str:
        """The plain message (without the detail line), as a test or a screen reader sees it."""
        return self._text

    def detail_text(self) -> str:
        return self._detail

    def dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()

    def retranslate(self) -> None:
        self._close.setToolTip(tr("banner.dismiss"))
