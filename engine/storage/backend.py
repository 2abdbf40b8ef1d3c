"""Which storage backend a bank uses: the setting, where it comes from, and its errors.

The embedded default keeps everything in the data folder (SQLite catalog, figure files, usearch files).
The district backend keeps items, figures, profiles and vectors on a PostgreSQL server with pgvector,
so many schools' copies of the app (through ``itembank serve``) search one shared bank.

The backend is chosen, first match wins, by: the ``backend`` argument (``--backend``), the
``ITEMBANK_BACKEND`` environment variable, or ``storage.json`` in the data folder (written by
``itembank init --backend URL``, so the desktop app and the server opened on that folder follow it).
``sqlite`` (or nothing) means the embedded default.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from engine.i18n import _t
from engine.atomic import write_private_text
from engine.catalog.catalog import CatalogError
from engine.errors import InvalidInput, Unavailable
from engine.paths import BankPaths

ENV_BACKEND = "ITEMBANK_BACKEND"
CONFIG_FILE = "storage.json"
EMBEDDED = "sqlite"
_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class BackendConfigError(CatalogError, InvalidInput):
    """A backend setting that names no usable backend."""


class DatabaseUnavailableError(CatalogError, Unavailable):
    """The district database cannot be reached or refused the login (retrying later may help)."""


def is_postgres_url(value: str) -> bool:
    return value.startswith(_POSTGRES_SCHEMES)


def _checked(value: str, origin: str) -> str | None:
    value = value.strip()
    if value in ("", EMBEDDED):
        return None
    if is_postgres_url(value):
        return value
    raise BackendConfigError(_t("{origin}: unknown backend {value!r}; use 'sqlite' (the embedded default) or a "
                                "PostgreSQL URL such as postgresql://itembank@db.district.local/itembank").format(
                                 origin=origin, value=value))


def redact(url: str) -> str:
    """The URL without its password, for messages and ``stats``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://…"
    if not parts.password:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}"))


def config_path(paths: BankPaths) -> Path:
    return paths.root / CONFIG_FILE


def resolve_backend(paths: BankPaths, backend: str | None = None) -> str | None:
    """The PostgreSQL URL this bank uses, or None for the embedded backend."""
    if backend is not None:
        return _checked(backend, "--backend")
    env = os.environ.get(ENV_BACKEND)
    if env:
        return _checked(env, ENV_BACKEND)
    config = config_path(paths)
    if config.exists():
        try:
            data = json.loads(config.read_text(encoding="utf-8"))
            value = str(data["backend"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise BackendConfigError(_t("{config}: not a readable storage setting ({exc}); fix or delete the "
                                        "file (deleting it means the embedded backend)").format(
                                         config=config, exc=exc)) from exc
        return _checked(value, str(config))
    return None


def save_backend(paths: BankPaths, backend: str) -> None:
    """Remember the backend for this data folder (0600: the URL may name a user)."""
    url = _checked(backend, "--backend")
    paths.root.mkdir(parents=True, exist_ok=True)
    write_private_text(config_path(paths), json.dumps({"backend": url or EMBEDDED}, indent=2) + "\n")
