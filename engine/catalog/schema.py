"""The catalog's SQLite schema as an ordered list of forward migrations.

``PRAGMA user_version`` holds the number of migrations applied. Opening a catalog applies the missing
ones in one transaction each, so an old bank file is upgraded in place and a failure leaves it at the
last good version. A file written by a newer itembank is refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3

from engine.i18n import _t
from engine.errors import Unavailable

Migration = str  # one SQL script; it runs inside the migration's transaction


class SchemaTooNewError(Unavailable):
    """The catalog was written by a newer itembank than this one."""


_V1_ITEMS_ASSETS_FTS = """
        CREATE TABLE items (
            item_key     INTEGER PRIMARY KEY,          -- stable integer key (vector index keys)
            id           TEXT NOT NULL UNIQUE,         -- the id a teacher sees and cites
            subject      TEXT NOT NULL,
            grade        TEXT NOT NULL DEFAULT '',
            unit         TEXT NOT NULL DEFAULT '',
            standard     TEXT NOT NULL DEFAULT '',
            difficulty   TEXT NOT NULL DEFAULT '',
            type         TEXT NOT NULL DEFAULT '',
            stem         TEXT NOT NULL,
            passage      TEXT NOT NULL DEFAULT '',
            choices_json TEXT NOT NULL DEFAULT '[]',
            answer       TEXT NOT NULL DEFAULT '',
            explanation  TEXT NOT NULL DEFAULT '',
            source       TEXT NOT NULL DEFAULT '',
            tags_json    TEXT NOT NULL DEFAULT '[]',
            version      INTEGER NOT NULL DEFAULT 1,   -- bumped on every content change
            content_hash TEXT NOT NULL,
            created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        CREATE INDEX items_content_hash ON items(content_hash);
        CREATE INDEX items_subject_grade ON items(subject, grade);

        CREATE TABLE assets (
            sha256     TEXT PRIMARY KEY,
            ext        TEXT NOT NULL,
            width      INTEGER NOT NULL,
            height     INTEGER NOT NULL,
            size_bytes INTEGER NOT NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );

        CREATE TABLE item_images (
            item_key INTEGER NOT NULL REFERENCES items(item_key) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sha256   TEXT NOT NULL REFERENCES assets(sha256),
            PRIMARY KEY (item_key, position)
        );
        CREATE INDEX item_images_sha ON item_images(sha256);

        -- Keyword index: pre-tokenised text (Korean syllable bigrams + words), rowid = items.item_key.
        CREATE VIRTUAL TABLE items_fts USING fts5(
            stem, passage, choices, explanation, meta,
            tokenize = "unicode61 remove_diacritics 0"
        );

        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """


_V2_IMPORT_HISTORY_AND_DUPLICATE_DECISIONS = """
        CREATE TABLE imports (
            import_id   INTEGER PRIMARY KEY,
            path        TEXT NOT NULL,
            format      TEXT NOT NULL,
            imported    INTEGER NOT NULL,
            updated     INTEGER NOT NULL,
            skipped     INTEGER NOT NULL,
            duplicates  INTEGER NOT NULL,
            report_json TEXT NOT NULL,
            finished_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );

        -- A teacher's verdict on a pair flagged as near-duplicate, so it is not shown again.
        CREATE TABLE duplicate_decisions (
            id_a       TEXT NOT NULL,
            id_b       TEXT NOT NULL,
            decision   TEXT NOT NULL CHECK (decision IN ('not_duplicate', 'duplicate')),
            decided_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            PRIMARY KEY (id_a, id_b),
            CHECK (id_a < id_b)
        );
        """


_V3_PROFILES_EMBEDDINGS = """
        -- A retrieval configuration; its usearch file is indexes/<name>-g<generation>.usearch.
        CREATE TABLE profiles (
            name        TEXT PRIMARY KEY,
            model       TEXT NOT NULL,
            precision   TEXT NOT NULL,
            dim         INTEGER NOT NULL,
            index_dtype TEXT NOT NULL,
            instruction TEXT NOT NULL DEFAULT '',
            model_key   TEXT NOT NULL,            -- which stored embeddings this profile reads
            generation  INTEGER NOT NULL DEFAULT 0,
            created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            indexed_at  TEXT
        );

        -- Full-dimension float16 embeddings, one per (model_key, item); a new dim/dtype profile
        -- over the same model never runs the model again.
        CREATE TABLE embeddings (
            model_key    TEXT NOT NULL,
            item_key     INTEGER NOT NULL REFERENCES items(item_key) ON DELETE CASCADE,
            item_version INTEGER NOT NULL,
            vector       BLOB NOT NULL,
            truncated    INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (model_key, item_key)
        );

        -- Which item version each profile's index file holds (the file's generation must match).
        CREATE TABLE profile_items (
            profile      TEXT NOT NULL REFERENCES profiles(name) ON DELETE CASCADE,
            item_key     INTEGER NOT NULL,
            item_version INTEGER NOT NULL,
            PRIMARY KEY (profile, item_key)
        );
"""


# The profile's model family as a column (it was told apart by prefixes of the model key before), and
# what edits need: every replaced or removed version of an item, and the journal of undoable operations.
PROFILE_KIND_BACKFILL = """
        UPDATE profiles SET kind = CASE
            WHEN model = 'multilingual-e5-small' THEN 'lite'
            WHEN model = 'late-fusion' OR model_key LIKE 'fusion:%' THEN 'fusion'
            WHEN model_key LIKE 'kure:%' THEN 'kure'
            WHEN model_key LIKE 'figures/%' THEN 'siglip'
            ELSE 'qwen' END;
"""

_V4_PROFILE_KIND_ITEM_HISTORY = f"""
        ALTER TABLE profiles ADD COLUMN kind TEXT NOT NULL DEFAULT 'qwen';
        {PROFILE_KIND_BACKFILL}

        -- An undoable write (edit, delete, merge, undo itself is not journalled). payload_json lists, per
        -- item, the history row holding its version before the operation (null: it did not exist) and
        -- the version the operation left, plus the duplicate verdicts it replaced.
        CREATE TABLE operations (
            operation_id INTEGER PRIMARY KEY,
            kind         TEXT NOT NULL,
            summary      TEXT NOT NULL,
            payload_json TEXT NOT NULL DEFAULT '{{}}',
            created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            undone_at    TEXT
        );

        -- Every version of an item that an edit, delete, merge, re-import or undo replaced.
        CREATE TABLE item_history (
            history_id   INTEGER PRIMARY KEY,
            item_id      TEXT NOT NULL,
            version      INTEGER NOT NULL,
            item_json    TEXT NOT NULL,
            reason       TEXT NOT NULL,
            operation_id INTEGER REFERENCES operations(operation_id),
            recorded_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        CREATE INDEX item_history_item ON item_history(item_id, history_id);
"""


# Figures of the 해설 (explanation), apart from the question's own (item_images): search, embedding and
# the figure index read item_images only, so a 해설 figure never makes a picture search hit.
EXPLANATION_IMAGES_TABLE = """
        CREATE TABLE item_explanation_images (
            item_key INTEGER NOT NULL REFERENCES items(item_key) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sha256   TEXT NOT NULL REFERENCES assets(sha256),
            PRIMARY KEY (item_key, position)
        );
        CREATE INDEX item_explanation_images_sha ON item_explanation_images(sha256);
"""

MIGRATIONS: tuple[Migration, ...] = (
    _V1_ITEMS_ASSETS_FTS,
    _V2_IMPORT_HISTORY_AND_DUPLICATE_DECISIONS,
    _V3_PROFILES_EMBEDDINGS,
    _V4_PROFILE_KIND_ITEM_HISTORY,
    EXPLANATION_IMAGES_TABLE,
)

SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the missing migrations up to ``target``; return the version reached."""
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(
            _t("this bank was written by a newer itembank (schema {version}, this version knows "
               "{SCHEMA_VERSION}); update itembank to open it").format(
                version=version, SCHEMA_VERSION=SCHEMA_VERSION))
    for number in range(version, target):
        # executescript commits anything pending first, so the transaction is part of the script.
        script = f"BEGIN IMMEDIATE;\n{MIGRATIONS[number]}\nPRAGMA user_version = {number + 1};\nCOMMIT;"
        try:
            conn.executescript(script)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return current_version(conn)
