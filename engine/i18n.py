"""The language of the engine's messages (errors, importer row reasons, CLI lines): Korean or English.

Messages are written in English in the code and marked ``_t("…")``; the Korean text lives in the gettext
catalog ``engine/locale/ko/LC_MESSAGES/itembank.po`` (compiled to the committed ``itembank.mo`` by
``python -m engine.msgcat compile``) and is looked up with the standard library's ``gettext`` at the moment
a message is made, so an error raised after the desktop app switched to English reads English.

Which language: what a front end chose with ``set_language`` (``itembank --lang ko``, the app's language
menu), else ``ITEMBANK_LANG``, else the locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` in
gettext's order): Korean when it names ``ko`` (``ko_KR.UTF-8``), English otherwise.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

__all__ = ["LANGUAGES", "N_", "current_language", "set_language", "translate", "_t"]

DOMAIN = "itembank"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("ko", "en")
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_chosen: str | None = None


def set_language(lang: str | None) -> str:
    """Use ``lang`` ("ko"/"en", or a locale name such as "ko_KR.UTF-8") from now on; None goes back to the
    environment. Returns the language in use."""
    global _chosen
    _chosen = _normalise(lang) if lang else None
    return current_language()


def current_language() -> str:
    """"ko" or "en": the chosen language, else ``ITEMBANK_LANG``, else the locale's."""
    if _chosen:
        return _chosen
    override = os.environ.get("ITEMBANK_LANG", "").strip()
    if override:
        return _normalise(override)
    for name in _LOCALE_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:  # LANGUAGE may list several ("ko:en"); the first decides, as gettext does
            return _normalise(value.split(":")[0])
    return "en"


def _normalise(value: str) -> str:
    return "ko" if value.strip().lower().replace("-", "_").startswith("ko") else "en"


@lru_cache(maxsize=None)
def _catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog for ``lang``; English is the source text, so it needs none."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _t(message: str) -> str:
    """``message`` (English, the msgid) in the current language; placeholders are ``str.format`` names
    filled in by the caller after translation: ``_t("{path}: no header row").format(path=path)``."""
    return _catalog(current_language()).gettext(message)


def translate(message: str, lang: str) -> str:
    """``message`` in ``lang`` whatever the current language (a report written in the language asked for)."""
    return _catalog(_normalise(lang)).gettext(message)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Marks a module-level constant for the catalog without translating it yet (``_t(CONSTANT)`` later)."""
    return message
