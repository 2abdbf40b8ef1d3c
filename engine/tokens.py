"""API tokens: created once, shown once, stored only as hashes in the data dir (mode 0600).

A token is 32 random bytes, so a plain SHA-256 is enough to make the file useless to whoever copies
it (no salt or slow hash needed: nobody can guess a 256-bit secret from its hash). The file is re-read
when it changes, so ``itembank serve --create-token`` and ``--revoke-token`` take effect on a running
server without a restart.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from engine.i18n import _t
from engine.atomic import write_private_text
from engine.errors import Damaged, InvalidInput

TOKENS_FILE = "server_tokens.json"
ROLES = ("read", "admin")
_PREFIX = "ibk_"


class TokenFileError(Damaged):
    """The token file exists but cannot be read; the server then refuses every token (fails closed)."""


@dataclass(frozen=True)
class TokenRecord:
    id: str
    role: str
    sha256: str
    created_at: str
    label: str = ""

    def allows(self, role: str) -> bool:
        """An admin token may do everything a read token may."""
        return self.role == "admin" or self.role == role


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._records: list[TokenRecord] = []
        self._error: str | None = None

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> "TokenStore":
        return cls(Path(data_dir) / TOKENS_FILE)

    # -- reading -------------------------------------------------------------------------
    def _refresh(self) -> None:
        """Reload when the file's mtime or size changed; called under the lock."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._stamp, self._records, self._error = None, [], None
            return
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp == self._stamp:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            records = [TokenRecord(**entry) for entry in data["tokens"]]
            if any(r.role not in ROLES for r in records):
                raise InvalidInput(_t("unknown role"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self._stamp, self._records = stamp, []
            self._error = f"{self.path}: unreadable token file ({exc.__class__.__name__}: {exc})"
            return
        self._stamp, self._records, self._error = stamp, records, None

    def records(self) -> list[TokenRecord]:
        with self._lock:
            self._refresh()
            if self._error:
                raise TokenFileError(self._error)
            return list(self._records)

    def configured(self) -> bool:
        """True once a token file exists (even an unreadable one: then nobody gets in)."""
        with self._lock:
            self._refresh()
            return self._stamp is not None

    def verify(self, token: str) -> TokenRecord | None:
        digest = _digest(token)
        for record in self.records():
            if hmac.compare_digest(record.sha256, digest):
                return record
        return None

    # -- writing -------------------------------------------------------------------------
    def _write(self, records: list[TokenRecord]) -> None:
        payload = json.dumps({"version": 1, "tokens": [asdict(r) for r in records]},
                             ensure_ascii=False, indent=2) + "\n"
        write_private_text(self.path, payload)

    def create(self, role: str, label: str = "") -> tuple[str, TokenRecord]:
        """A new token of ``role``; returns (the secret, shown once, and its stored record)."""
        if role not in ROLES:
            raise InvalidInput(_t("token role must be one of {value}, not {role!r}").format(
                                   value=', '.join(ROLES), role=role))
        secret = _PREFIX + secrets.token_urlsafe(32)
        record = TokenRecord(id=secrets.token_hex(4), role=role, sha256=_digest(secret),
                             created_at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                             label=label)
        with self._lock:
            self._refresh()
            if self._error:
                raise TokenFileError(self._error)
            self._write([*self._records, record])
            self._stamp = None  # force a reload on the next read
        return secret, record

    def revoke(self, token_id: str) -> bool:
        with self._lock:
            self._refresh()
            if self._error:
                raise TokenFileError(self._error)
            kept = [r for r in self._records if r.id != token_id]
            if len(kept) == len(self._records):
                return False
            self._write(kept)
            self._stamp = None
        return True
