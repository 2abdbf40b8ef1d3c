"""Storage backends: which one a bank uses (``backend``) and opening its catalog.

The embedded default keeps everything in the data folder (``sqlite``: SQLite catalog, figure files,
usearch files). The district backend keeps items, figures, profiles and vectors on a PostgreSQL
server with pgvector (``postgres``), so many schools' copies of the app (through ``itembank serve``)
search one shared bank.
"""

from __future__ import annotations

from engine.i18n import _t
from engine.catalog.catalog import SqlCatalog
from engine.paths import BankPaths
from engine.storage.backend import (BackendConfigError, DatabaseUnavailableError, redact, resolve_backend,
                                    save_backend)
from engine.storage.sqlite import SqliteCatalog

__all__ = ["BackendConfigError", "DatabaseUnavailableError", "open_catalog", "redact", "resolve_backend",
           "save_backend"]


def open_catalog(paths: BankPaths, backend: str | None = None, *, create: bool = False) -> SqlCatalog:
    url = resolve_backend(paths, backend)
    if url is None:
        return SqliteCatalog(paths, create=create)
    try:
        from engine.storage.postgres import PostgresCatalog
    except ImportError as exc:
        raise BackendConfigError(_t("the district backend needs the PostgreSQL driver ({name} is not installed): "
                                    "pip install 'itembank[postgres]'").format(
                                     name=exc.name)) from exc
    return PostgresCatalog(paths, url, create=create)
