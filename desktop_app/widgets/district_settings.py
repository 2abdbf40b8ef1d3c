"""The "교육청 문항 은행" card of the settings page: server address, read token (masked), test and save.

Testing runs on a worker (it waits on the network); saving writes one small file. The token is never
shown again once saved: the box stays empty and its placeholder names the saved token by its masked
form (``ibk_…x9Qa``); typing a new one replaces it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop_app.district import DistrictConnection
from desktop_app.errors import describe
from desktop_app.i18n import tr
from desktop_app.remote_ops import check_remote
from desktop_app.style import repolish
from desktop_app.tasks import TaskRunner
from engine.api import RemoteError, RemoteHealth


class DistrictSettingsCard(QFrame):
    checked = Signal(object)     # RemoteHealth of a successful test
    check_failed = Signal(str)   # the message shown
    saved = Signal()

    def __init__(self, district: DistrictConnection, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.district = district
        self.runner = runner
        self.setObjectName("Card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 16)
        layout.setSpacing(8)
        self.title = QLabel()
        self.title.setObjectName("CardTitle")
        self.text = QLabel()
        self.text.setObjectName("CardMuted")
        self.text.setWordWrap(True)
        self.current = QLabel()
        self.current.setObjectName("CardText")
        self.current.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.current)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.url_label = QLabel()
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("DistrictUrl")
        self.token_label = QLabel()
        self.token_edit = QLineEdit()
        self.token_edit.setObjectName("DistrictToken")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.url_label.setBuddy(self.url_edit)
        self.token_label.setBuddy(self.token_edit)
        grid.addWidget(self.url_label, 0, 0)
        grid.addWidget(self.url_edit, 0, 1)
        grid.addWidget(self.token_label, 1, 0)
        grid.addWidget(self.token_edit, 1, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)

        buttons = QHBoxLayout()
        self.check_button = QPushButton()
        self.check_button.setObjectName("DistrictCheck")
        self.check_button.clicked.connect(self.test_connection)
        self.save_button = QPushButton()
        self.save_button.setObjectName("DistrictSave")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.forget_button = QPushButton()
        self.forget_button.setObjectName("DistrictForget")
        self.forget_button.clicked.connect(self.forget)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.forget_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setObjectName("DistrictStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()  # until there is something to say
        layout.addWidget(self.status)
        self._status_key: tuple[str, dict] | None = None  # re-translatable status, when it is ours
        self._busy = False
        district.changed.connect(self._fill)
        self.retranslate()
        if district.load_error:
            self._show_status(district.load_error, "error")

    # -- actions ----------------------------------------------------------------------------
    def test_connection(self) -> None:
        """Contact the server with the typed values (the saved token if the box is empty)."""
        try:
            client = self.district.client_for(self.url_edit.text(), self.token_edit.text())
        except RemoteError as exc:
            self._failed(exc)
            return
        self._set_busy(True)
        self._show_key("district.checking", "info")
        self.runner.submit(lambda _ctx: check_remote(client), name="district-check",
                           on_success=self._checked, on_failure=self._failed)

    def save(self) -> None:
        try:
            config = self.district.save(self.url_edit.text(), self.token_edit.text())
        except (RemoteError, OSError) as exc:
            self._failed(exc)
            return
        self.url_edit.setText(config.url)  # as normalised: http://…:8765
        self.token_edit.clear()
        self._show_key("district.saved", "ok", url=config.url)
        self.saved.emit()

    def forget(self) -> None:
        try:
            self.district.forget()
        except OSError as exc:
            self._failed(exc)
            return
        self.url_edit.clear()
        self.token_edit.clear()
        self._show_key("district.forgotten", "info")

    # -- results ----------------------------------------------------------------------------
    def _checked(self, health: RemoteHealth) -> None:
        self._set_busy(False)
        self._show_key("district.ok", "ok", version=health.version, items=f"{health.items:,}",
                       modes=", ".join(tr(f"mode.{m}") for m in health.search_modes))
        self.checked.emit(health)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        message = describe(error)
        text = f"{message.text}\n{message.detail}" if message.detail and message.detail not in message.text \
            else message.text
        self._show_status(text, "error")
        self.check_failed.emit(message.text)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (self.check_button, self.save_button, self.forget_button):
            button.setEnabled(not busy)
        self.forget_button.setEnabled(not busy and self.district.configured)

    def _show_key(self, key: str, kind: str, **values: object) -> None:
        self._status_key = (key, values)
        self._show_status(tr(key, **values), kind, keep_key=True)

    def _show_status(self, text: str, kind: str, keep_key: bool = False) -> None:
        if not keep_key:
            self._status_key = None
        self.status.setText(text)
        self.status.setProperty("kind", kind)
        self.status.setVisible(bool(text))
        repolish(self.status)

    def status_text(self) -> str:
        return self.status.text()

    def _fill(self) -> None:
        config = self.district.config
        if config is not None and not self.url_edit.text().strip():
            self.url_edit.setText(config.url)
        self._placeholders()
        self.forget_button.setEnabled(not self._busy and self.district.configured)
        self.current.setText(tr("district.current", url=config.url, token=config.masked_token or
                                tr("district.no_token")) if config else tr("district.not_set"))

    def _placeholders(self) -> None:
        config = self.district.config
        self.url_edit.setPlaceholderText(tr("district.url_placeholder"))
        if config is not None and config.token:
            self.token_edit.setPlaceholderText(tr("district.token_saved", token=config.masked_token))
        else:
            self.token_edit.setPlaceholderText(tr("district.token_placeholder"))

    def retranslate(self) -> None:
        self.title.setText(tr("district.title"))
        self.text.setText(tr("district.text"))
        self.url_label.setText(tr("district.url"))
        self.token_label.setText(tr("district.token"))
        self.check_button.setText(tr("district.check"))
        self.save_button.setText(tr("district.save"))
        self.forget_button.setText(tr("district.forget"))
        if self._status_key is not None:
            key, values = self._status_key
            self.status.setText(tr(key, **values))
        self._fill()
