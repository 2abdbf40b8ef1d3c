"""Semantic indexes: profiles, the usearch files on disk, and the incremental indexer that keeps them current."""
