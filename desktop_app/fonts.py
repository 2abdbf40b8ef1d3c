"""Bundled Hangul font (NanumGothic, OFL) registered as the application font.

A teacher's PC may lack a Korean font that Qt picks by itself (or pick one without the circled
numbers ①–⑤ that choices use). Shipping the font and making it the default means Korean text looks
the same everywhere, including the offscreen renderer used for screenshots and tests.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

FALLBACK_FAMILIES = ["NanumGothic", "Malgun Gothic", "Apple SD Gothic Neo", "Noto Sans CJK KR",
                     "Noto Sans KR"]


def register_hangul_fonts() -> list[str]:
    """Add the bundled regular and bold NanumGothic files; returns the families Qt now knows."""
    from itembank_assets import HANGUL_FONT, HANGUL_FONT_BOLD

    families: list[str] = []
    for path in (Path(HANGUL_FONT), Path(HANGUL_FONT_BOLD)):
        if not path.exists():
            log.warning("bundled font missing: %s", path)
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Qt could not load the font %s", path)
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    return families


def apply_application_font(app: QApplication, point_size: int) -> QFont:
    """Register the fonts and make NanumGothic (or the best Korean fallback) the app's font."""
    families = register_hangul_fonts()
    font = QFont(families[0] if families else FALLBACK_FAMILIES[0])
    font.setFamilies((families or []) + [f for f in FALLBACK_FAMILIES if f not in families])
    font.setPointSize(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferFullHinting)
    app.setFont(font)
    return font
