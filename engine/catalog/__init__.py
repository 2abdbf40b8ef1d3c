"""The item catalog (SQLite) and the content-addressed figure store."""

from engine.catalog.catalog import Catalog, CatalogError, open_catalog

__all__ = ["Catalog", "CatalogError", "open_catalog"]
