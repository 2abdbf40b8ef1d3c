"""``itembank-desktop``: start the window on a bank (created on first start), or take a screenshot.

    itembank-desktop [--data-dir D] [--lang ko|en]
    itembank-desktop --screenshot OUT.png [--query TEXT] [--image PATH] [--open-item ID]
                     [--view search|duplicates|import|import-report|models|basket|admin]
                     [--import-file PATH] [--basket ID,ID] [--source local|district|both]

Screenshot mode runs offscreen on the current bank, performs that search, waits until the cards
are drawn, saves ``QWidget.grab()`` of the window and exits 0 — for docs and for checking the look
on a machine without a display.
"""

from __future__ import annotations

import os

# Idle OpenMP threads sleep instead of spinning (usearch and torch each bring a runtime; spinning threads
# of one starve the other on a 2-core PC). Before anything imports the engine.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from desktop_app.i18n import DEFAULT_LANGUAGE, LANGUAGES  # noqa: E402

log = logging.getLogger("desktop_app")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="itembank-desktop",
        description="문항 은행 데스크톱 프로그램 (itembank desktop: search your exam-item bank).")
    parser.add_argument("--data-dir", metavar="D",
                        help="the bank's data folder (default: $ITEMBANK_DATA_DIR or the user data folder)")
    parser.add_argument("--backend", metavar="URL",
                        help="where the items live: 'sqlite' (the data folder) or a PostgreSQL URL (a district "
                             "bank); default: $ITEMBANK_BACKEND or the data folder's setting")
    parser.add_argument("--lang", choices=LANGUAGES, help="display language (default: the saved choice, else ko)")
    parser.add_argument("--query", metavar="TEXT", help="search for TEXT right away")
    parser.add_argument("--image", metavar="PATH", help="search with this image right away")
    shot = parser.add_argument_group("screenshot mode")
    shot.add_argument("--screenshot", metavar="OUT.png",
                      help="render offscreen, save a screenshot of the window, and exit")
    shot.add_argument("--open-item", metavar="ID", help="show this item in the detail pane first")
    shot.add_argument("--view", default="search",
                      choices=("search", "duplicates", "import", "import-report", "models", "basket", "admin"),
                      help="the screen to capture after the search (default: search)")
    shot.add_argument("--import-file", metavar="PATH", help="for --view import: the file to preview")
    shot.add_argument("--basket", metavar="ID,ID", help="for --view basket: the items on the worksheet")
    shot.add_argument("--subject", metavar="S", help="search within this subject (the 과목 filter), e.g. 수학")
    shot.add_argument("--source", choices=("local", "district", "both"),
                      help="search this bank, the district's (saved with `itembank remote set`), or both")
    shot.add_argument("--dialog", metavar="NAME",
                      help="then open this dialog and capture it: about, import-file, import-done, edit, "
                           "compare, delete-confirm, backup-save, backup-run, restore-open, restore-confirm, "
                           "restore-scheduled, scroll-end (the page scrolled to its end), error (the box "
                           "shown when the bank cannot be opened)")
    shot.add_argument("--dialog-arg", metavar="ARG",
                      help="the file the dialog works on (sheet, archive) or, for compare, ID,ID")
    shot.add_argument("--size", default="1280x820", metavar="WxH", help="window size (default 1280x820)")
    shot.add_argument("--timeout", type=float, default=60.0, metavar="S",
                      help="give up after S seconds (default 60)")
    return parser


def _parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise SystemExit(f"--size must look like 1280x820, not {text!r}") from None
    return max(width, 400), max(height, 300)


def setup_application(app) -> None:
    """Fonts and theme; also used by tests that build a window without ``main``."""
    from desktop_app.fonts import apply_application_font
    from desktop_app.style import BASE_POINT_SIZE, apply_theme

    apply_theme(app)
    apply_application_font(app, BASE_POINT_SIZE)


def open_bank(data_dir: str | None, backend: str | None = None):
    """Open the bank, creating an empty one on first start so the window can offer the sample."""
    from engine.api import ItemBank

    return ItemBank(data_dir, create=not ItemBank.exists(data_dir, backend), backend=backend)


def _default_data_dir() -> str:
    """Where the bank is when no --data-dir is given (for the sentence that names it)."""
    from engine.api import BankPaths

    return str(BankPaths.resolve(None).root)


def restore_if_scheduled(data_dir: str | None):
    """A restore scheduled on the 관리 page happens now, before the bank opens: (result, error)."""
    from engine.api import apply_scheduled_restore

    try:
        return apply_scheduled_restore(data_dir), None
    except Exception as exc:  # noqa: BLE001 - the current bank is untouched; the window says what failed
        return None, exc


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from desktop_app.qt_preflight import preflight_problem

    problem = preflight_problem()
    if problem:  # Qt would abort with a message that names neither the library nor the package
        print(problem, file=sys.stderr)
        return 2

    from PySide6.QtWidgets import QApplication

    from desktop_app import settings as app_settings
    from desktop_app.errors import describe
    from desktop_app.i18n import set_language, tr
    from desktop_app.main_window import MainWindow

    _quiet_offscreen_warnings()
    app_settings.use_settings_dir()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "itembank-desktop"])
    app_settings.open_settings()  # sets organisation / application names
    setup_application(app)
    from desktop_app.qt_translations import use_qt_translations

    use_qt_translations(set_language(args.lang or app_settings.saved_language() or DEFAULT_LANGUAGE))

    restored, restore_error = (None, None) if args.screenshot else restore_if_scheduled(args.data_dir)
    try:
        bank = open_bank(args.data_dir, args.backend)
    except Exception as exc:  # noqa: BLE001 - shown as a sentence, the app cannot go on
        from desktop_app.start_errors import open_bank_error_box

        message = describe(exc)
        box = open_bank_error_box(exc, args.data_dir or _default_data_dir())
        if args.screenshot:
            print(f"{message.text}\n{message.detail}", file=sys.stderr)
            if args.dialog == "error":  # the picture of this box for the docs
                box.show()
                app.processEvents()
                return 0 if box.grab().save(args.screenshot, "PNG") else 1
        else:
            box.exec()
        return 2

    window = MainWindow(bank, persist_settings=not args.screenshot)
    if restored is not None:
        window.show_message(tr("admin.restored_at_start", archive=restored.archive.name, items=restored.items,
                               previous=restored.previous or "—"), "success")
    elif restore_error is not None:
        message = describe(restore_error)
        window.show_message(message.text, "error", message.detail)
    if not args.screenshot:
        _show_unexpected_errors_in_the_window(window)
    try:
        if args.screenshot:
            from desktop_app.screenshot import ScreenshotSession

            session = ScreenshotSession(window, Path(args.screenshot), query=args.query,
                                        image=args.image, open_item=args.open_item,
                                        size=_parse_size(args.size), timeout_s=args.timeout,
                                        view=args.view, import_file=args.import_file,
                                        basket=[i for i in (args.basket or "").split(",") if i],
                                        source=args.source, subject=args.subject, dialog=args.dialog,
                                        dialog_arg=args.dialog_arg)
            return session.run(app)
        window.show()
        if args.query or args.image:
            _search_when_ready(window, args.query, args.image)
        return app.exec()
    finally:
        window.shutdown()
        bank.close()


def _show_unexpected_errors_in_the_window(window) -> None:
    """A bug in a click handler becomes a Korean sentence in the banner, not a console traceback
    (the traceback still goes to the log for whoever helps the teacher)."""
    from desktop_app.errors import describe

    def hook(kind, error, traceback) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, traceback)
            return
        log.error("unhandled error", exc_info=(kind, error, traceback))
        message = describe(error)
        window.show_message(message.text, message.kind, message.detail)

    sys.excepthook = hook


def _quiet_offscreen_warnings() -> None:
    """The offscreen platform warns about window size hints it cannot pass on; that is noise."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind, _context, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def _search_when_ready(window, query: str | None, image: str | None) -> None:
    """Fill the search box (and image) once the bank is open, then search."""

    def go(_stats: dict) -> None:
        window.bank_ready.disconnect(go)
        if window.item_count() == 0:
            return
        page = window.search_page
        if query:
            page.set_query_text(query)
        if image:
            page.set_query_image(Path(image))
        else:
            page.search_now()

    window.bank_ready.connect(go)


if __name__ == "__main__":
    sys.exit(main())
