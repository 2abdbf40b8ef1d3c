"""A one-line job strip for a page: what is running, a progress bar and a cancel button.

Pages run their long work (index builds, pack installs, duplicate scans, exports) through
``JobRow.run``: the op goes to a ``TaskRunner`` lane, progress arrives on the GUI thread, and the
strip hides again when the op ends — whatever the outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop_app.i18n import tr
from desktop_app.tasks import TaskContext, TaskHandle, TaskRunner


class JobRow(QWidget):
    busy_changed = Signal(bool)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.handle: TaskHandle | None = None
        self._text_key = ""
        self._values: dict = {}
        self.label = QLabel()
        self.label.setObjectName("JobText")
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMinimumWidth(180)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.label, 1)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.retranslate()
        self.hide()

    @property
    def busy(self) -> bool:
        return self.handle is not None

    def run(self, op: Callable[[TaskContext], Any], text_key: str, *, cancellable: bool = True,
            on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None,
            on_cancelled: Callable[[], None] | None = None, **values) -> TaskHandle | None:
        """Start ``op`` unless a job of this row is running (returns None then)."""
        if self.handle is not None:
            return None
        self._text_key = text_key
        self._values = values
        self.label.setText(tr(text_key, done=0, total=0, **values))
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(True)
        self.show()

        def done(callback, *args) -> None:
            self._finish()
            if callback is not None:
                callback(*args)

        self.handle = self.runner.submit(
            op, name=text_key, on_progress=self._progress,
            on_success=lambda result: done(on_success, result),
            on_failure=lambda error: done(on_failure, error),
            on_cancelled=lambda: done(on_cancelled))
        self.busy_changed.emit(True)
        return self.handle

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        self.label.setText(tr(self._text_key, done=done, total=total, **self._values))

    def cancel(self) -> None:
        if self.handle is not None:
            self.cancel_button.setEnabled(False)
            self.label.setText(tr("job.cancelling"))
            self.runner.cancel(self.handle)

    def _finish(self) -> None:
        self.handle = None
        self.hide()
        self.busy_changed.emit(False)

    def retranslate(self) -> None:
        self.cancel_button.setText(tr("job.cancel"))
