"""Retrieval profiles: which model, precision, dimension, index dtype and instruction a search uses.

``keyword`` (BM25, no model) always exists. ``lite`` (multilingual-e5-small) is built in where its
package is installed. Qwen3-VL profiles are created from installed model packs. The active profile is
a setting in the catalog, so switching (and rolling back) takes effect for every front end at once.

A profile's ``kind`` (a column of its row) says which family of model it runs — ``lite``, ``qwen``,
``kure`` / ``siglip`` (the baseline's single-model parts) or ``fusion`` (the baseline's late fusion) —
and ``engine.services.kinds.kind_of`` picks the class that knows how to load, index and search it.
``ProfileStore`` is the one home of the SQL on ``profiles`` and the active-profile setting.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from engine.i18n import _t
from engine.errors import InvalidInput
from engine.models.inputs import DOCUMENT_TEXT_VERSION
from engine.models.lite import LITE_DIM, LITE_MODEL, LiteEmbedder, lite_unavailable_reason

KEYWORD_PROFILE = "keyword"
LITE_PROFILE = "lite"
INDEX_DTYPES = ("f32", "f16", "i8", "b1")
PROFILE_KINDS = ("lite", "qwen", "kure", "siglip", "fusion")
# The image side of the baseline indexes only the items that have figures.
FIGURES_ONLY_KINDS = ("siglip",)
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
    kind: str = "qwen"

    @property
    def index_file_name(self) -> str:
        return f"{self.name}-g{self.generation}.usearch"

    @property
    def figures_only(self) -> bool:
        """Whether the index holds only the items that have figures (the baseline's SigLIP part)."""
        return self.kind in FIGURES_ONLY_KINDS


def builtin_lite_profile() -> Profile:
    return Profile(name=LITE_PROFILE, model=LITE_MODEL, precision="q4", dim=LITE_DIM,
                   index_dtype="f16", instruction="", model_key=LiteEmbedder.model_key, kind="lite")


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
        raise ProfileError(_t("profile name {name!r} is not allowed: use lower-case letters, digits, '.', '_' or "
                              "'-' (and not 'keyword')").format(
                               name=name))
    return name


def _from_row(row: sqlite3.Row) -> Profile:
    return Profile(name=row["name"], model=row["model"], precision=row["precision"], dim=row["dim"],
                   index_dtype=row["index_dtype"], instruction=row["instruction"],
                   model_key=row["model_key"], generation=row["generation"],
                   indexed_at=row["indexed_at"], kind=row["kind"])


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
        if profile.kind not in PROFILE_KINDS:
            raise ProfileError(_t("profile {name}: unknown kind {kind!r}").format(
                                   name=profile.name, kind=profile.kind))
        conn.execute(
            "INSERT INTO profiles (name, model, precision, dim, index_dtype, instruction, model_key, kind) "
            "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(name) DO UPDATE SET model_key = excluded.model_key",
            (profile.name, profile.model, profile.precision, profile.dim, profile.index_dtype,
             profile.instruction, profile.model_key, profile.kind))
        return _from_row(conn.execute("SELECT * FROM profiles WHERE name = ?",
                                      (profile.name,)).fetchone())

    def delete(self, conn: sqlite3.Connection, name: str) -> None:
        """Forget a profile (its index rows go with it) and, if it was the active one, the choice."""
        conn.execute("DELETE FROM profiles WHERE name = ?", (name,))
        conn.execute("DELETE FROM settings WHERE key = ? AND value = ?", (ACTIVE_SETTING, name))

    def set_instruction(self, conn: sqlite3.Connection, name: str, instruction: str) -> None:
        conn.execute("UPDATE profiles SET instruction = ? WHERE name = ?", (instruction, name))

    def mark_indexed(self, conn: sqlite3.Connection, name: str, when: str) -> None:
        """Bump the generation of a profile with no index of its own (late fusion) once its parts are built."""
        conn.execute("UPDATE profiles SET generation = generation + 1, indexed_at = ? WHERE name = ?",
                     (when, name))

    def indexed_count(self, name: str) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM profile_items WHERE profile = ?",
                                      (name,)).fetchone()[0])

    def pending_count(self, profile: Profile) -> int:
        """Items of the bank that the profile's index does not hold at their current version yet
        (new, edited, or never embedded); a figures-only profile counts only items with figures."""
        figures = (" AND EXISTS (SELECT 1 FROM item_images g WHERE g.item_key = i.item_key)"
                   if profile.figures_only else "")
        return int(self._conn.execute(
            "SELECT COUNT(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM profile_items p WHERE "
            f"p.profile = ? AND p.item_key = i.item_key AND p.item_version = i.version){figures}",
            (profile.name,)).fetchone()[0])

    def removed_count(self, name: str) -> int:
        """Entries of the profile's index whose item has left the bank (searches skip them)."""
        return int(self._conn.execute(
            "SELECT COUNT(*) FROM profile_items p WHERE p.profile = ? AND NOT EXISTS "
            "(SELECT 1 FROM items i WHERE i.item_key = p.item_key)", (name,)).fetchone()[0])

    def pending_keys(self, profile: Profile, keys: list[int]) -> set[int]:
        """Which of ``keys`` (item keys) the profile's index does not hold at their current version."""
        pending: set[int] = set()
        for start in range(0, len(keys), 900):
            chunk = keys[start:start + 900]
            marks = ",".join("?" * len(chunk))
            pending.update(int(r[0]) for r in self._conn.execute(
                f"SELECT i.item_key FROM items i WHERE i.item_key IN ({marks}) AND NOT EXISTS ("
                "SELECT 1 FROM profile_items p WHERE p.profile = ? AND p.item_key = i.item_key "
                "AND p.item_version = i.version)", (*chunk, profile.name)))
        return pending

    def active_name(self) -> str | None:
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?",
                                 (ACTIVE_SETTING,)).fetchone()
        return row[0] if row else None

    def set_active(self, conn: sqlite3.Connection, name: str | None) -> None:
        """Make ``name`` the active profile; None goes back to the automatic choice."""
        if name is None:
            conn.execute("DELETE FROM settings WHERE key = ?", (ACTIVE_SETTING,))
            return
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (ACTIVE_SETTING, name))


def profile_availability(name: str) -> str | None:
    """None if the profile's model can run on this PC, else the reason."""
    if name == KEYWORD_PROFILE:
        return None
    if name == LITE_PROFILE:
        return lite_unavailable_reason()
    return None
