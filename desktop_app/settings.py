"""Where the desktop app keeps its preferences (language, window geometry).

An INI file in the user's config folder under organisation/application names, so the settings are
readable and easy to delete. Tests and screenshot runs redirect it with ``ITEMBANK_DESKTOP_SETTINGS_DIR``
(or ``use_settings_dir``) so they never touch a teacher's real settings.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings

ORGANIZATION = "itembank"
APPLICATION = "itembank-desktop"
ENV_SETTINGS_DIR = "ITEMBANK_DESKTOP_SETTINGS_DIR"

KEY_LANGUAGE = "ui/language"
KEY_GEOMETRY = "window/geometry"
KEY_SPLITTER = "window/splitter"
KEY_MODEL_BANNER = "ui/model_banner_dismissed"
KEY_BASKET = "basket/ids"
KEY_TEACHER = "profile/teacher_name"  # written into worksheet files as their creator
KEY_SCHOOL = "profile/school_name"    # printed in a worksheet's header


def use_settings_dir(path: str | os.PathLike | None = None) -> None:
    """Send every later ``open_settings()`` to ``path`` (or to $ITEMBANK_DESKTOP_SETTINGS_DIR if set)."""
    folder = path or os.environ.get(ENV_SETTINGS_DIR)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def open_settings() -> QSettings:
    """The app's settings store (INI format, user scope)."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def saved_language() -> str | None:
    value = open_settings().value(KEY_LANGUAGE)
    return str(value) if value else None


def save_language(lang: str) -> None:
    settings = open_settings()
    settings.setValue(KEY_LANGUAGE, lang)
    settings.sync()


def read_flag(key: str) -> bool:
    value = open_settings().value(key, False)
    return value in (True, "true", "1", 1)


def write_flag(key: str, value: bool) -> None:
    settings = open_settings()
    settings.setValue(key, bool(value))
    settings.sync()


def teacher_name() -> str:
    """The teacher's name for a worksheet's metadata; "" when none was saved."""
    value = open_settings().value(KEY_TEACHER)
    return str(value).strip() if value else ""


def school_name() -> str:
    """The school printed in a worksheet's header; "" when none was saved."""
    value = open_settings().value(KEY_SCHOOL)
    return str(value).strip() if value else ""


def save_paper_details(teacher: str, school: str) -> None:
    """Remember the basket's teacher and school for the next start."""
    settings = open_settings()
    settings.setValue(KEY_TEACHER, teacher.strip())
    settings.setValue(KEY_SCHOOL, school.strip())
    settings.sync()
