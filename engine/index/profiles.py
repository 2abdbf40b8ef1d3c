"""Retrieval profiles: which model, precision, dimension, index dtype and instruction a search uses.

``keyword`` (BM25, no model) always exists. ``lite`` (multilingual-e5-small) is built in where its
package is installed. Qwen3-VL profiles are created from installed model packs. The active profile is
a setting in the catalog, so switching (and rolling back) takes effect for every front end at once.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from engine.errors import InvalidInput
from engine.models.inputs import DOCUMENT_TEXT_VERSION
from engine.models.lite import LITE_DIM, LITE_MODEL, LiteEmbedder, lite_unavailable_reason

KEYWORD_PROFILE = "keyword"
LITE_PROFILE = "lite"
INDEX_DTYPES = ("f32", "f16", "i8", "b1")
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
ACTIVE_SETTING = "active_profile"


class ProfileError(InvalidInput):
    """An unknown, invalid or unusable profile."""


@dataclass(frozen=True)
class Profile:
    name: str
    model: str
    precision: str
    dim: int
    index_dtype: str
    instruction: str
    model_key: str
    generation: int = 0
    indexed_at: str | None = None

    @property
    def index_file_name(self) -> str:
        return f"{self.name}-g{self.generation}.usearch"


def builtin_lite_profile() -> Profile:
    return Profile(name=LITE_PROFILE, model=LITE_MODEL, precision="q4", dim=LITE_DIM,
                   index_dtype="f16", instruction="", model_key=LiteEmbedder.model_key)


def qwen_model_key(pack_name: str, pack_version: str, precision: str) -> str:
    """Which stored embeddings a Qwen profile reads. Documents always use the reference document
    instruction, so only the pack, its version, the precision and the document-text recipe matter:
    profiles that differ in dim, index dtype or query instruction share one set of embeddings."""
    return f"qwen3vl:{pack_name}@{pack_version}/{precision}/doc{DOCUMENT_TEXT_VERSION}"


def default_qwen_profile_name(pack_name: str, precision: str, dim: int) -> str:
    """e.g. ``qwen3vl-2b-int8-2048`` for the Qwen3-VL-Embedding-2B pack."""
    lowered = pack_name.lower()
    size = next((s for s in ("8b", "2b") if s in lowered), None)
    stem = f"qwen3vl-{size}" if size else re.sub(r"[^a-z0-9._-]+", "-", lowered).strip("-")[:40] or "qwen3vl"
    return f"{stem}-{precision}-{dim}"


def validate_name(name: str) -> str:
    if not _NAME.match(name) or name == KEYWORD_PROFILE:
        raise ProfileError(f"profile name {name!r} is not allowed: use lower-case letters, digits, "
                           "'.', '_' or '-' (and not 'keyword')")
    return name


def _from_row(row: sqlite3.Row) -> Profile:
    return Profile(name=row["name"], model=row["model"], precision=row["precision"], dim=row["dim"],
                   index_dtype=row["index_dtype"], instruction=row["instruction"],
                   model_key=row["model_key"], generation=row["generation"],
                   indexed_at=row["indexed_at"])


class ProfileStore:
    """Profile rows in the catalog; writes take the caller's transaction connection."""

    def __init__(self, conn_source) -> None:
        self._conn_source = conn_source  # a callable returning this thread's connection

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._conn_source()

    def get(self, name: str) -> Profile | None:
        row = self._conn.execute("SELECT * FROM profiles WHERE name = ?", (name,)).fetchone()
        return _from_row(row) if row else None

    def all(self) -> list[Profile]:
        return [_from_row(r) for r in self._conn.execute("SELECT * FROM profiles ORDER BY name")]

    def ensure(self, conn: sqlite3.Connection, profile: Profile) -> Profile:
        # A changed model key (new document-text recipe, new instruction) makes every stored
        # embedding of the old key stale, so the next build re-embeds and the index follows.
        conn.execute(
            "INSERT INTO profiles (name, model, precision, dim, index_dtype, instruction, model_key) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT(name) DO UPDATE SET model_key = excluded.model_key",
            (profile.name, profile.model, profile.precision, profile.dim, profile.index_dtype,
             profile.instruction, profile.model_key))
        return _from_row(conn.execute("SELECT * FROM profiles WHERE name = ?",
                                      (profile.name,)).fetchone())

    def indexed_count(self, name: str) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM profile_items WHERE profile = ?",
                                      (name,)).fetchone()[0])

    def active_name(self) -> str | None:
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?",
                                 (ACTIVE_SETTING,)).fetchone()
        return row[0] if row else None

    def set_active(self, conn: sqlite3.Connection, name: str) -> None:
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (ACTIVE_SETTING, name))


def profile_availability(name: str) -> str | None:
    """None if the profile's model can run on this PC, else the reason."""
    if name == KEYWORD_PROFILE:
        return None
    if name == LITE_PROFILE:
        return lite_unavailable_reason()
    return None
