"""Where a bank lives on disk. Data never lives next to the code: the user data dir by default,
``ITEMBANK_DATA_DIR`` or ``--data-dir`` when given (tests always pass a temporary folder)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "itembank"
ENV_DATA_DIR = "ITEMBANK_DATA_DIR"


def default_data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class BankPaths:
    """The files of one bank under its data dir."""

    root: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike | None = None) -> "BankPaths":
        root = Path(data_dir).expanduser() if data_dir else default_data_dir()
        return cls(root.resolve())

    @property
    def catalog(self) -> Path:
        return self.root / "catalog.sqlite3"

    @property
    def assets(self) -> Path:
        return self.root / "assets"

    @property
    def thumbnails(self) -> Path:
        return self.root / "cache" / "thumbnails"

    @property
    def indexes(self) -> Path:
        return self.root / "indexes"

    @property
    def models(self) -> Path:
        return self.root / "models"
