"""Status bar: where the bank lives, how many items it has, which search mode answered last,
and the progress of a running import (with its cancel button)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QSizePolicy, QStatusBar, QWidget

from desktop_app.i18n import tr


class BankStatusBar(QStatusBar):
    def __init__(self, data_dir: str, parent: QWidget | None = None, database: str | None = None) -> None:
        """``database``: where the items live when that is a district server (shown instead of the folder)."""
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self._data_dir = data_dir
        self._database = database
        self._items: int | None = None
        self._mode: str | None = None
        self.data_label = QLabel()
        self.items_label = QLabel()
        self.mode_label = QLabel()
        self.job_label = QLabel()
        self.job_progress = QProgressBar()
        self.job_progress.setFixedWidth(160)
        self.job_progress.setTextVisible(False)
        self.job_cancel = QPushButton()
        for widget in (self.job_label, self.job_progress, self.job_cancel):
            widget.hide()
        # A long path or server address must not widen the window: the label gives way (the tooltip
        # keeps the whole text).
        self.data_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.addWidget(self.data_label, 1)
        self.addPermanentWidget(self.job_label)
        self.addPermanentWidget(self.job_progress)
        self.addPermanentWidget(self.job_cancel)
        self.addPermanentWidget(self.items_label)
        self.addPermanentWidget(self.mode_label)
        self.retranslate()

    def set_item_count(self, count: int) -> None:
        self._items = count
        self.retranslate()

    def set_mode(self, mode: str | None) -> None:
        self._mode = mode
        self.retranslate()

    def show_job(self, busy: bool, cancellable: bool = False) -> None:
        self.job_label.setVisible(busy)
        self.job_progress.setVisible(busy)
        self.job_cancel.setVisible(busy and cancellable)
        self.job_cancel.setEnabled(True)
        if busy:
            self.job_progress.setRange(0, 0)
            self.job_label.setText(tr("job.preparing"))

    def set_job_progress(self, text: str, done: int, total: int) -> None:
        if total > 0:
            self.job_progress.setRange(0, total)
            self.job_progress.setValue(done)
        self.job_label.setText(text)

    def retranslate(self) -> None:
        if self._database:
            self.data_label.setText(tr("status.database", location=self._database))
            self.data_label.setToolTip(tr("status.database", location=self._database) + "\n"
                                       + tr("status.data_dir", path=self._data_dir))
        else:
            self.data_label.setText(tr("status.data_dir", path=self._data_dir))
            self.data_label.setToolTip(self._data_dir)
        self.items_label.setText(tr("status.items", n=self._items) if self._items is not None else "")
        self.mode_label.setText(tr("status.mode", mode=tr(f"mode.{self._mode}")) if self._mode
                                else tr("status.mode_unknown"))
        self.job_cancel.setText(tr("job.cancel"))
