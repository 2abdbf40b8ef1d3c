"""The catalog's SQLite schema as an ordered list of forward migrations.

``PRAGMA user_version`` holds the number of migrations applied. Opening a catalog applies the missing
ones in one transaction each, so an old bank file is upgraded in place and a failure leaves it at the
last good version. A file written by a newer itembank is refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3

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


MIGRATIONS: tuple[Migration, ...] = (
    _V1_ITEMS_ASSETS_FTS,
    _V2_IMPORT_HISTORY_AND_DUPLICATE_DECISIONS,
    _V3_PROFILES_EMBEDDINGS,
)

SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the missing migrations up to ``target``; return the version reached."""
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(
            f"this bank was written by a newer itembank (schema {version}, this version knows "
            f"{SCHEMA_VERSION}); update itembank to open it")
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
