"""Screenshot mode for dialogs: open one real dialog of the window and hand it over to be grabbed.

Used by ``itembank-desktop --screenshot OUT.png --dialog NAME`` (desktop_app.screenshot) so the docs'
picture set shows every dialog a teacher or an admin meets — Qt's own (file dialogs, message boxes,
in Korean through qtbase_ko.qm) and ours — drawn by the same code paths the buttons use. A modal dialog
runs its own event loop, so the grab is armed on a timer before the dialog opens; a non-modal one, or a
page state reached after background work, is grabbed when the work's own signal arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

SETTLE_MS = 400  # a dialog's layout and Qt's file dialog's folder listing finish drawing

DIALOGS = ("about", "import-file", "import-done", "delete-confirm", "edit", "compare", "backup-save",
           "backup-run", "restore-open", "restore-confirm", "restore-scheduled", "scroll-end", "error")
FILE_DIALOGS = {"import-file", "backup-save", "restore-open"}  # Qt lists a folder first: wait longer
Grab = Callable[[QWidget], None]


def newest_dialog(before: set[int]) -> QWidget | None:
    """The modal widget, else the visible top-level dialog that was not open before."""
    modal = QApplication.activeModalWidget()
    if modal is not None:
        return modal
    fresh = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QDialog) and w.isVisible() and id(w) not in before]
    return fresh[-1] if fresh else None


def _open_dialogs() -> set[int]:
    return {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()}


def _grab_when_shown(grab: Grab, problems: list[str], name: str, delay_ms: int = SETTLE_MS) -> None:
    """Arm a timer that grabs the dialog about to open (also from inside its modal event loop)."""
    before = _open_dialogs()

    def take() -> None:
        dialog = newest_dialog(before)
        if dialog is None:
            problems.append(f"--dialog {name}: no dialog opened")
            grab(QApplication.activeWindow() or QApplication.topLevelWidgets()[0])  # end the session
            return
        grab(dialog)
        if isinstance(dialog, QDialog):
            dialog.reject()

    QTimer.singleShot(delay_ms, take)


def _later(grab: Grab, widget: QWidget) -> Callable[..., None]:
    return lambda *_: QTimer.singleShot(SETTLE_MS, lambda: grab(widget))


def open_dialog(window, name: str, grab: Grab, problems: list[str], *, arg: str | None = None) -> None:
    """Open dialog ``name`` of ``window`` (a MainWindow); ``grab`` receives what the picture is of.

    ``arg``: the file the dialog works on (an import sheet, a backup archive, an output path) or, for
    ``compare``, "ID,ID".
    """
    admin = window.admin_page
    search = window.search_page
    modal = {"about": window.show_about, "import-file": window.choose_import_file,
             "backup-save": admin.choose_backup_file, "restore-open": admin.choose_restore_file,
             "restore-confirm": lambda: admin.confirm_restore(arg or "itembank-backup.zip"),
             "delete-confirm": lambda: search.delete_current(confirm=True)}
    if name in modal:
        _grab_when_shown(grab, problems, name, SETTLE_MS * (3 if name in FILE_DIALOGS else 1))
        modal[name]()
    elif name == "edit":
        dialog = search.edit_current()
        if dialog is None:
            problems.append("--dialog edit needs --open-item ID (an item of this bank)")
            grab(window)
            return
        QTimer.singleShot(SETTLE_MS, lambda: grab(dialog))
    elif name == "compare":
        ids = [i for i in (arg or "").split(",") if i]
        if len(ids) != 2:
            problems.append("--dialog compare needs --dialog-arg ID,ID")
            grab(window)
            return
        search.compare_opened.connect(lambda dialog: QTimer.singleShot(SETTLE_MS, lambda: grab(dialog)))
        search.compare_items(ids[0], ids[1])
    elif name == "import-done":
        if not arg:
            problems.append("--dialog import-done needs --dialog-arg SHEET")
            grab(window)
            return
        before = _open_dialogs()
        window.job_finished.connect(lambda _r: QTimer.singleShot(
            SETTLE_MS, lambda: grab(newest_dialog(before) or window)))
        window.job_failed.connect(lambda message: (problems.append(message), grab(window)))
        window.start_import(arg)
    elif name == "backup-run":
        admin.backup_done.connect(_later(grab, window))
        admin.failed.connect(lambda _what, message: (problems.append(message), grab(window)))
        admin.start_backup(arg or str(Path.home() / "itembank-backup.zip"))
    elif name == "restore-scheduled":
        if not arg:
            problems.append("--dialog restore-scheduled needs --dialog-arg ARCHIVE.zip")
            grab(window)
            return
        admin.restore_scheduled.connect(_later(grab, window))
        admin.failed.connect(lambda _what, message: (problems.append(message), grab(window)))
        admin.schedule_restore(arg)
    elif name == "scroll-end":
        from PySide6.QtWidgets import QScrollArea

        page = window.pages.currentWidget()
        areas = ([page] if isinstance(page, QScrollArea) else []) + page.findChildren(QScrollArea)

        def scroll_and_grab() -> None:
            for area in areas:
                area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
            QTimer.singleShot(SETTLE_MS, lambda: grab(window))

        QTimer.singleShot(SETTLE_MS, scroll_and_grab)  # the page's last cards are laid out by then
    elif name == "error":
        problems.append("--dialog error is the box shown when the bank cannot be opened: point --data-dir "
                        "at a damaged bank")
        grab(window)
    else:
        problems.append(f"unknown dialog {name!r} (one of {', '.join(DIALOGS)})")
        grab(window)
