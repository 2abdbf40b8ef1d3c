"""The district bank this PC's bank is connected to: its saved address and token, and the client.

One object per window, shared by the settings card (which saves and tests the connection) and the
search page (which searches with ``client()``). The connection is stored with the bank, not in the
desktop settings, so ``itembank remote …`` on the same bank uses it too.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from engine.api import (
    RemoteBank,
    RemoteConfig,
    RemoteConfigError,
    forget_remote_config,
    load_remote_config,
    save_remote_config,
)

log = logging.getLogger(__name__)


class DistrictConnection(QObject):
    changed = Signal()  # saved or removed: search sources and the settings card follow

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.load_error = ""  # why a saved file could not be used (shown on the settings card)
        self._config: RemoteConfig | None = None
        self._client: RemoteBank | None = None
        try:
            self._config = load_remote_config(self.data_dir)
        except (RemoteConfigError, ValueError) as exc:  # a broken file must not stop the window
            self.load_error = str(exc)
            log.warning("district connection not loaded: %s", exc)

    @property
    def config(self) -> RemoteConfig | None:
        return self._config

    @property
    def configured(self) -> bool:
        return self._config is not None

    def client(self) -> RemoteBank | None:
        """The client of the saved connection (one instance, safe to share between workers)."""
        if self._config is None:
            return None
        if self._client is None:
            self._client = RemoteBank.for_bank(self._config, self.data_dir)
        return self._client

    def client_for(self, url: str, token: str) -> RemoteBank:
        """A client for values typed but not saved yet; an empty token means the saved one."""
        return RemoteBank.for_bank(RemoteConfig(url, self.token_or_saved(token)), self.data_dir)

    def token_or_saved(self, token: str) -> str:
        token = token.strip()
        if not token and self._config is not None:
            return self._config.token
        return token

    def save(self, url: str, token: str) -> RemoteConfig:
        """Save the address and token (an empty token keeps the saved one). Raises ``RemoteError``
        for an unusable address and ``OSError`` when the file cannot be written."""
        config = RemoteConfig(url, self.token_or_saved(token))
        save_remote_config(self.data_dir, config)
        self._config = load_remote_config(self.data_dir)
        self._client = None
        self.load_error = ""
        self.changed.emit()
        return self._config

    def forget(self) -> None:
        forget_remote_config(self.data_dir)
        self._config = None
        self._client = None
        self.load_error = ""
        self.changed.emit()
