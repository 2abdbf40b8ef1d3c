"""The one dialog ``itembank-desktop`` shows when its bank cannot be opened at start.

Before the window exists nothing in it can help (the 관리 page and the 점검 button need an open bank), so
this box says what the admin can do from outside — restore a backup, or move the folder away — and gives
the engine's sentence (which names the file) once, for whoever helps over the phone.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop_app.errors import describe
from desktop_app.i18n import tr


def open_bank_error_box(error: BaseException, data_dir: str) -> QMessageBox:
    """A critical message box: the title as its headline, what to do, then the engine's detail."""
    message = describe(error)
    box = QMessageBox(QMessageBox.Icon.Critical, tr("error.open_bank_title"), "", QMessageBox.StandardButton.Ok)
    box.setText(tr("error.open_bank_title"))
    detail = message.detail or message.text
    box.setInformativeText(f"{tr('error.open_bank_hint', data_dir=data_dir)}\n\n{detail}")
    return box
