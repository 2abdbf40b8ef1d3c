"""Rounded "pill" labels for subject, grade, type and difficulty (styled by ``style.py``)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def pill(text: str, kind: str = "neutral", parent: QWidget | None = None) -> QLabel:
    """A small rounded label; ``kind`` is "accent", "neutral" or "outline"."""
    label = QLabel(text, parent)
    label.setProperty("pill", kind)
    label.setObjectName("Pill")
    return label
