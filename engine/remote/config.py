"""Which district server a bank searches, and with which read token: one small JSON file per bank.

The file lives in the bank's data dir (``district_remote.json``) so the CLI and the desktop app of
that bank share it. It holds a secret, so it is written readable by its owner only (0600) and
atomically (``engine.atomic.write_private_text``). The token is never printed in full: ``mask_token``
is what logs and screens show.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from engine.i18n import _t
from engine.atomic import write_private_text
from engine.errors import InvalidInput
from engine.paths import BankPaths
from engine.remote.errors import BAD_URL, RemoteError

CONFIG_FILE = "district_remote.json"
API_PREFIX = "/api/v1"
DEFAULT_PORT = 8765


class RemoteConfigError(InvalidInput):
    """The saved connection file exists but cannot be used; the message names the file."""


def normalize_url(text: str) -> str:
    """``http://host:port`` from what a teacher or IT admin types: a bare ``192.168.0.20`` becomes
    ``http://192.168.0.20:8765`` (the port ``itembank serve`` uses), a trailing ``/`` or ``/api/v1`` is
    dropped. An address typed with ``http://`` keeps its port (80 when none: a reverse proxy)."""
    raw = (text or "").strip()
    if not raw:
        raise RemoteError(BAD_URL, "", _t("no district server address given; enter one like "
                                          "http://192.168.0.20:{DEFAULT_PORT}").format(
                                           DEFAULT_PORT=DEFAULT_PORT))
    bare = "://" not in raw
    if bare:
        raw = "http://" + raw
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(BAD_URL, raw, _t("{raw} is not a server address; enter one like "
                                           "http://192.168.0.20:{DEFAULT_PORT}").format(
                                            raw=raw, DEFAULT_PORT=DEFAULT_PORT))
    try:
        port = parts.port
    except ValueError as exc:
        raise RemoteError(BAD_URL, raw, _t("{raw}: the port is not a number between 1 and 65535").format(
                                            raw=raw)) from exc
    path = parts.path.rstrip("/")
    path = path.removesuffix(API_PREFIX)
    netloc = parts.netloc.rsplit("@", 1)[-1]  # never keep credentials typed into the address
    if port is None and bare:
        netloc = f"{netloc}:{DEFAULT_PORT}"
    return urlunsplit((parts.scheme, netloc, path.rstrip("/"), "", ""))


def mask_token(token: str) -> str:
    """What may be shown of a token: its prefix and last four characters (``ibk_…x9Qa``)."""
    token = token or ""
    if not token:
        return ""
    if len(token) < 12:
        return "…" + token[-2:]
    prefix = token[:4] if token.startswith("ibk_") else token[:2]
    return f"{prefix}…{token[-4:]}"


@dataclass(frozen=True)
class RemoteConfig:
    """A district server's address and the read token this bank uses for it (may be empty for an
    open server on this PC)."""

    url: str
    token: str = field(default="", repr=False)

    @property
    def masked_token(self) -> str:
        return mask_token(self.token)

    def describe(self) -> str:
        return f"{self.url} (token {self.masked_token or 'none'})"


def config_path(data_dir: str | os.PathLike | None) -> Path:
    return BankPaths.resolve(data_dir).root / CONFIG_FILE


def load_remote_config(data_dir: str | os.PathLike | None) -> RemoteConfig | None:
    """The saved connection, or None when this bank has none."""
    path = config_path(data_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise RemoteConfigError(_t("{path}: unreadable district server settings ({exc}); delete the file or save "
                                   "the connection again").format(
                                    path=path, exc=exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("url"), str) \
            or not isinstance(data.get("token", ""), str):
        raise RemoteConfigError(_t("{path}: not district server settings; delete the file or save the connection "
                                   "again").format(
                                    path=path))
    return RemoteConfig(url=normalize_url(data["url"]), token=data.get("token", ""))


def save_remote_config(data_dir: str | os.PathLike | None, config: RemoteConfig) -> Path:
    """Write the connection (address normalised) readable by this user only; returns the file."""
    path = config_path(data_dir)
    record = {"url": normalize_url(config.url), "token": config.token.strip(),
              "saved_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    write_private_text(path, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    return path


def forget_remote_config(data_dir: str | os.PathLike | None) -> bool:
    """Delete the saved connection; False when there was none."""
    path = config_path(data_dir)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
