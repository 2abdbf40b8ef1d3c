"""The item catalog shared by every storage backend, and the content-addressed figure store."""

from engine.catalog.catalog import CatalogError, SqlCatalog

__all__ = ["CatalogError", "SqlCatalog"]
