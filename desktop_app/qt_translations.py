"""Qt's own words in the teacher's language: file dialogs, OK/Cancel, context menus.

PySide6 ships ``qtbase_ko.qm``; without a ``QTranslator`` for it the file-open dialog, the standard
buttons and "Copy/Select All" menus stay English in an otherwise Korean window. Our own strings live in
``desktop_app.i18n``; this only switches the catalog Qt uses for the widgets it draws itself.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

_installed: QTranslator | None = None  # kept alive: Qt holds only a pointer to it
_supplement: QTranslator | None = None  # the strings Qt's Korean catalog lacks (desktop_app.qt_supplement)


def qt_translations_folder() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def use_qt_translations(lang: str) -> bool:
    """Load Qt's catalog for ``lang`` ("ko", "en"), replacing the previous one.

    English needs no catalog (Qt's source strings are English). Returns whether a catalog is in use, so a
    frozen build that lost its .qm files is noticed in tests instead of silently showing English.
    """
    global _installed, _supplement
    app = QCoreApplication.instance()
    if app is None:
        return False
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if _supplement is not None:
        app.removeTranslator(_supplement)
        _supplement = None
    if lang == "en":
        return False
    translator = QTranslator(app)
    if not translator.load(QLocale(lang), "qtbase", "_", qt_translations_folder()):
        return False
    app.installTranslator(translator)
    _installed = translator
    if lang == "ko":
        from desktop_app.qt_supplement import SupplementTranslator

        _supplement = SupplementTranslator(parent=app)
        app.installTranslator(_supplement)
    return True
