"""The catalog's timestamp format, made in Python so both SQL dialects store the same text."""

from __future__ import annotations

from datetime import datetime, timezone


def utc_timestamp() -> str:
    """Now in UTC as ``2026-11-30T04:52:00Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
