"""What an empty bank shows: load the bundled sample or import a file, with progress in place.

A teacher who opens the program for the first time should not face an empty search box; this page
offers the two ways to get items in and shows the load happening (the window stays responsive).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from desktop_app.i18n import tr


class FirstStartPage(QWidget):
    sample_requested = Signal()
    import_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, data_dir: str, sample_available: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._sample_available = sample_available
        card = QFrame()
        card.setObjectName("WelcomeCard")
        card.setMaximumWidth(720)
        self.title = QLabel()
        self.title.setObjectName("WelcomeTitle")
        self.body = QLabel()
        self.body.setObjectName("WelcomeBody")
        self.body.setWordWrap(True)
        self.sample_button = QPushButton()
        self.sample_button.setObjectName("BigButton")
        self.sample_button.setProperty("primary", True)
        self.sample_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.sample_button.clicked.connect(self.sample_requested.emit)
        self.import_button = QPushButton()
        self.import_button.setObjectName("BigButton")
        self.import_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.import_button.clicked.connect(self.import_requested.emit)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.job_text = QLabel()
        self.job_text.setObjectName("JobText")
        self.job_text.hide()
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_requested.emit)
        self.cancel_button.hide()
        self.hint = QLabel()
        self.hint.setObjectName("WelcomeHint")
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        buttons.addWidget(self.sample_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        job = QHBoxLayout()
        job.setSpacing(10)
        job.addWidget(self.progress, 1)
        job.addWidget(self.cancel_button)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 36, 40, 32)
        inner.setSpacing(16)
        inner.addWidget(self.title)
        inner.addWidget(self.body)
        inner.addSpacing(8)
        inner.addLayout(buttons)
        inner.addLayout(job)
        inner.addWidget(self.job_text)
        inner.addSpacing(4)
        inner.addWidget(self.hint)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 40, 40, 40)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.retranslate()

    def set_busy(self, busy: bool, cancellable: bool = False) -> None:
        self.sample_button.setEnabled(not busy and self._sample_available)
        self.import_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.job_text.setVisible(busy)
        self.cancel_button.setVisible(busy and cancellable)
        self.cancel_button.setEnabled(True)
        if busy:
            self.progress.setRange(0, 0)
            self.job_text.setText(tr("job.preparing"))

    def set_progress(self, text: str, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.job_text.setText(text)

    def retranslate(self) -> None:
        self.title.setText(tr("first.title"))
        self.body.setText(tr("first.body"))
        self.sample_button.setText(tr("first.load_sample"))
        self.sample_button.setEnabled(self._sample_available)
        self.sample_button.setToolTip(tr("first.load_sample_tip") if self._sample_available
                                      else tr("first.sample_missing"))
        self.import_button.setText(tr("first.import"))
        self.import_button.setToolTip(tr("first.import_tip"))
        self.cancel_button.setText(tr("job.cancel"))
        self.hint.setText(tr("first.data_dir", path=self._data_dir))
