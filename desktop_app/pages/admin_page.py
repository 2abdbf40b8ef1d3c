"""관리 page: what a school's IT admin does without a terminal.

Where the bank lives and how much disk it uses; a verified backup to a chosen file; a restore that is
verified now and carried out at the next start (the current bank is kept beside it); the LAN server's
tokens for exam-prep rooms (create read/admin, list, revoke — a new secret is shown once); "검사" runs
``itembank check`` with "복구" for what can be rebuilt. Every slow step runs on the task runner; the engine
does the work (``ItemBank.backup``, ``schedule_restore``, ``check``, ``tokens``).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QProgressBar,
                               QPushButton, QScrollArea, QWidget)

from desktop_app.errors import describe
from desktop_app.i18n import language, tr
from desktop_app.pages.models_page import _cell, card, human_size, plain_table
from desktop_app.pages.page_parts import page_heading, scrolling_body
from desktop_app.tasks import TaskRunner
from desktop_app.widgets.check_card import CheckCard
from engine.api import DiskUsage, ItemBank, ScheduledRestore


def _local_time(stamp: str) -> str:
    """'2026-12-03T11:40:27Z' (UTC, as the token file keeps it) as this PC's clock shows it."""
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def friendly_local_time(stamp: str | None, lang: str | None = None) -> str:
    """A UTC stamp ('2026-12-07T06:12:00Z', as a scheduled restore keeps its backup's time) in this PC's
    time zone, written the way a teacher reads it: '2026년 12월 7일 오후 3:12' (Korean) or
    '7 December 2026, 3:12 PM' (English). A stamp without a zone counts as UTC; an unreadable one is shown
    as it is."""
    if not stamp:
        return "?"
    try:
        when = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    when = when.astimezone()
    hour = when.hour % 12 or 12
    if (lang or language()) == "ko":
        half = "오전" if when.hour < 12 else "오후"
        return f"{when.year}년 {when.month}월 {when.day}일 {half} {hour}:{when.minute:02d}"
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
    half = "AM" if when.hour < 12 else "PM"
    return f"{when.day} {months[when.month - 1]} {when.year}, {hour}:{when.minute:02d} {half}"


class AdminPage(QScrollArea):
    usage_loaded = Signal(object)      # DiskUsage
    backup_done = Signal(object)       # the engine's BackupResult
    restore_scheduled = Signal(object)  # ScheduledRestore
    token_created = Signal(str, object)  # the secret (shown once), its record
    failed = Signal(str, str)          # what ("backup", "restore", "tokens", "usage"), the message shown

    def __init__(self, bank: ItemBank, runner: TaskRunner, parent: QWidget | None = None,
                 quick: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.bank = bank
        self.runner = runner
        self.quick = quick or runner
        self.usage: DiskUsage | None = None
        self._backup_running = False
        outer = scrolling_body(self)
        self.title, self.subtitle, self.banner = page_heading()
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        outer.addWidget(self.banner)

        # where the bank lives, and what it takes on disk
        self.data_card, lay, _ = card("admin.data_title")
        self.data_path = QLabel()
        self.data_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.usage_label = QLabel()
        self.usage_label.setWordWrap(True)
        self.open_folder = QPushButton()
        self.open_folder.clicked.connect(self._open_data_folder)
        lay.addWidget(self.data_path)
        lay.addWidget(self.usage_label)
        row = QHBoxLayout()
        row.addWidget(self.open_folder)
        row.addStretch(1)
        lay.addLayout(row)
        outer.addWidget(self.data_card)

        # backup and restore
        self.backup_card, lay, _ = card("admin.backup_title")
        self.backup_text = QLabel()
        self.backup_text.setWordWrap(True)
        self.backup_button = QPushButton()
        self.backup_button.clicked.connect(self.choose_backup_file)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.choose_restore_file)
        self.cancel_restore = QPushButton()
        self.cancel_restore.clicked.connect(self.cancel_scheduled_restore)
        self.backup_progress = QProgressBar()
        self.backup_progress.setRange(0, 0)  # busy: the archive is written and then read back to verify it
        self.backup_progress.setVisible(False)
        self.restore_state = QLabel()
        self.restore_state.setWordWrap(True)
        lay.addWidget(self.backup_text)
        row = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.cancel_restore):
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(self.backup_progress)
        lay.addWidget(self.restore_state)
        outer.addWidget(self.backup_card)

        # itembank check, and repair of what can be rebuilt
        self.check_card = CheckCard(bank, runner)
        outer.addWidget(self.check_card)

        # the LAN server's tokens
        self.tokens_card, lay, _ = card("admin.tokens_title")
        self.tokens_text = QLabel()
        self.tokens_text.setWordWrap(True)
        self.tokens_table = plain_table(4)
        self.token_label = QLineEdit()
        self.new_read = QPushButton()
        self.new_read.clicked.connect(lambda: self.create_token("read"))
        self.new_admin = QPushButton()
        self.new_admin.clicked.connect(lambda: self.create_token("admin"))
        self.revoke_button = QPushButton()
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.new_secret = QLineEdit()
        self.new_secret.setReadOnly(True)
        self.new_secret.setVisible(False)
        lay.addWidget(self.tokens_text)
        lay.addWidget(self.tokens_table)
        row = QHBoxLayout()
        row.addWidget(self.token_label, 1)
        for button in (self.new_read, self.new_admin, self.revoke_button):
            row.addWidget(button)
        lay.addLayout(row)
        lay.addWidget(self.new_secret)
        outer.addWidget(self.tokens_card)
        outer.addStretch(1)
        self.retranslate()

    # -- refreshing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        bank = self.bank
        self.data_path.setText(str(bank.paths.root))
        self.quick.submit(lambda _ctx: bank.disk_usage(), name="disk-usage",
                          on_success=self._show_usage, on_failure=self._failure("usage"))
        self._show_restore_state(bank.scheduled_restore())
        self._fill_tokens()

    def _show_usage(self, usage: DiskUsage) -> None:
        self.usage = usage
        self.usage_label.setText(tr("admin.usage", total=human_size(usage.total), catalog=human_size(usage.catalog),
                                    figures=human_size(usage.figures), indexes=human_size(usage.indexes),
                                    models=human_size(usage.models)))
        self.usage_loaded.emit(usage)

    def _show_restore_state(self, plan: ScheduledRestore | None) -> None:
        self.cancel_restore.setVisible(plan is not None)
        self.restore_state.setVisible(plan is not None)
        if plan is not None:
            self.restore_state.setText(tr("admin.restore_pending", archive=plan.archive.name,
                                          items=plan.items if plan.items is not None else "?",
                                          created=friendly_local_time(plan.created)))

    def _fill_tokens(self) -> None:
        try:
            records = self.bank.tokens().records()
        except Exception as exc:  # noqa: BLE001 - an unreadable token file is shown, not raised
            self._failure("tokens")(exc)
            records = []
        table = self.tokens_table
        table.setRowCount(len(records))
        for row, record in enumerate(records):
            role = tr(f"admin.role_{record.role}")
            for col, text in enumerate((record.id, role, record.label or "—", _local_time(record.created_at))):
                table.setItem(row, col, _cell(text, record.id))
        self.revoke_button.setEnabled(bool(records))

    def _failure(self, what: str):
        def show(error: BaseException) -> None:
            message = describe(error)
            self.banner.show_message(message.text, message.kind, message.detail)
            self.failed.emit(what, message.text)
        return show

    # -- backup and restore ---------------------------------------------------------------------
    def choose_backup_file(self) -> None:
        suggested = str(Path.home() / tr("admin.backup_default_name"))
        path, _ = QFileDialog.getSaveFileName(self, tr("admin.backup_dialog"), suggested, tr("admin.backup_filter"))
        if path:
            self.start_backup(path)

    def start_backup(self, out: str | Path):
        if self._backup_running:
            return None
        bank = self.bank
        self._backup_running = True
        self._set_backup_busy(True)

        def done(result) -> None:
            self._set_backup_busy(False)
            self.banner.show_message(tr("admin.backup_done", path=str(result.archive), items=result.items,
                                        size=human_size(result.bytes)), "success")
            self.backup_done.emit(result)

        def failed(error: BaseException) -> None:
            self._set_backup_busy(False)
            self._failure("backup")(error)

        return self.runner.submit(lambda _ctx: bank.backup(out), name="backup", on_success=done, on_failure=failed)

    def _set_backup_busy(self, busy: bool) -> None:
        self._backup_running = busy
        self.backup_progress.setVisible(busy)
        self.backup_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy)

    def choose_restore_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("admin.restore_dialog"), str(Path.home()),
                                              tr("admin.backup_filter"))
        if path and self.confirm_restore(path):
            self.schedule_restore(path)

    def confirm_restore(self, path: str) -> bool:
        answer = QMessageBox.question(self, tr("admin.restore_confirm_title"),
                                      tr("admin.restore_confirm", archive=Path(path).name))
        return answer == QMessageBox.StandardButton.Yes

    def schedule_restore(self, archive: str | Path):
        bank = self.bank
        self._set_backup_busy(True)

        def done(plan: ScheduledRestore) -> None:
            self._set_backup_busy(False)
            self._show_restore_state(plan)
            self.banner.show_message(tr("admin.restore_scheduled", archive=plan.archive.name), "success")
            self.restore_scheduled.emit(plan)

        def failed(error: BaseException) -> None:
            self._set_backup_busy(False)
            self._failure("restore")(error)

        # verifying reads the whole archive back: off the GUI thread
        return self.runner.submit(lambda _ctx: bank.schedule_restore(archive), name="restore-verify",
                                  on_success=done, on_failure=failed)

    def cancel_scheduled_restore(self) -> None:
        self.bank.cancel_scheduled_restore()
        self._show_restore_state(None)
        self.banner.show_message(tr("admin.restore_cancelled"), "info")

    # -- tokens ---------------------------------------------------------------------------------
    def create_token(self, role: str) -> None:
        try:
            secret, record = self.bank.tokens().create(role, self.token_label.text().strip())
        except Exception as exc:  # noqa: BLE001 - shown in the banner
            self._failure("tokens")(exc)
            return
        self.token_label.clear()
        self.new_secret.setText(secret)
        self.new_secret.setVisible(True)
        QGuiApplication.clipboard().setText(secret)
        self.banner.show_message(tr("admin.token_created", role=tr(f"admin.role_{role}"), id=record.id), "success")
        self._fill_tokens()
        self.token_created.emit(secret, record)

    def selected_token(self) -> str | None:
        rows = self.tokens_table.selectionModel().selectedRows()
        if not rows:
            return None
        cell = self.tokens_table.item(rows[0].row(), 0)
        return cell.data(Qt.ItemDataRole.UserRole) if cell is not None else None

    def revoke_selected(self) -> None:
        token_id = self.selected_token()
        if token_id is None:
            self.banner.show_message(tr("admin.pick_token_first"), "warning")
            return
        try:
            self.bank.tokens().revoke(token_id)
        except Exception as exc:  # noqa: BLE001
            self._failure("tokens")(exc)
            return
        self.new_secret.setVisible(False)
        self.banner.show_message(tr("admin.token_revoked", id=token_id), "info")
        self._fill_tokens()

    # -- folder, language ------------------------------------------------------------------------
    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.bank.paths.root)))

    def retranslate(self) -> None:
        self.title.setText(tr("admin.title"))
        self.subtitle.setText(tr("admin.subtitle"))
        for frame in (self.data_card, self.backup_card, self.tokens_card):
            title = frame.findChild(QLabel, "CardTitle")
            if title is not None:
                title.setText(tr(title.property("tr_key")))
        self.open_folder.setText(tr("admin.open_folder"))
        self.backup_text.setText(tr("admin.backup_text"))
        self.backup_button.setText(tr("admin.backup"))
        self.restore_button.setText(tr("admin.restore"))
        self.cancel_restore.setText(tr("admin.cancel_restore"))
        self.tokens_text.setText(tr("admin.tokens_text"))
        self.tokens_table.setHorizontalHeaderLabels([tr(f"admin.col_{c}") for c in ("id", "role", "label", "created")])
        self.token_label.setPlaceholderText(tr("admin.token_label"))
        self.new_read.setText(tr("admin.new_read"))
        self.new_admin.setText(tr("admin.new_admin"))
        self.revoke_button.setText(tr("admin.revoke"))
        self.check_card.retranslate()
        if self.usage is not None:
            self._show_usage(self.usage)
        self._show_restore_state(self.bank.scheduled_restore())
