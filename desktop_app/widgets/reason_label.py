"""Why a control is disabled, as visible text next to it (a tooltip alone is never seen on a touch
screen or by a teacher who does not hover), e.g. "재순위 모델 팩이 설치되어 있지 않습니다 — 모델 화면에서 설치"."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ReasonLabel(QLabel):
    """A small wrapping label, hidden while its control works. It wraps instead of widening the panel,
    so the window keeps its modest minimum width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReasonLabel")
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.hide()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(48, super().minimumSizeHint().height())

    def set_reason(self, reason: str) -> None:
        """Show ``reason``; "" hides the label (the control works)."""
        self.setText(reason)
        self.setVisible(bool(reason))
