"""The district backend: the catalog, keyword index and vector index on PostgreSQL + pgvector.

Needs the ``postgres`` extra (psycopg 3, pgvector's Python adapters) and a PostgreSQL server with the
pgvector extension (0.8 or newer for iterative index scans).
"""

from engine.storage.backend import DatabaseUnavailableError
from engine.storage.postgres.catalog import PostgresCatalog, database_has_bank

__all__ = ["DatabaseUnavailableError", "PostgresCatalog", "database_has_bank"]
