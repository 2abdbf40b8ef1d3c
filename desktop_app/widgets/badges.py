"""Rounded "pill" labels for subject, grade, type and difficulty (styled by ``style.py``)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.i18n import tr

BAND_KEYS = {"높음": "high", "보통": "medium", "낮음": "low"}  # the engine's bands → i18n / style keys


def band_name(band: str) -> str:
    """높음/보통/낮음 in the display language (the engine's word itself when unknown)."""
    key = BAND_KEYS.get(band)
    return tr(f"band.{key}") if key else band


def band_text(band: str) -> str:
    """"관련도 높음", "" for a hit the engine did not judge (browse, similar items, the district)."""
    return tr("results.band", band=band_name(band)) if band in BAND_KEYS else ""


def pill(text: str, kind: str = "neutral", parent: QWidget | None = None) -> QLabel:
    """A small rounded label; ``kind`` is "accent", "neutral" or "outline"."""
    label = QLabel(text, parent)
    label.setProperty("pill", kind)
    label.setObjectName("Pill")
    return label
