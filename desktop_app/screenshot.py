"""Screenshot mode: drive the real window through one search and save what it shows.

The steps wait on the window's own signals (bank ready → results drawn → item shown) rather than on
fixed sleeps, so the picture always shows the finished state, and a timeout turns a hang into an
error exit instead of a stuck process.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.main_window import MainWindow

SETTLE_MS = 250  # let layouts and the detail pane's figures finish after the last signal


class ScreenshotSession(QObject):
    def __init__(self, window: MainWindow, out: Path, *, query: str | None = None,
                 image: str | None = None, open_item: str | None = None,
                 size: tuple[int, int] = (1280, 820), timeout_s: float = 60.0,
                 view: str = "search", import_file: str | None = None,
                 basket: list[str] | None = None, source: str | None = None,
                 subject: str | None = None, dialog: str | None = None,
                 dialog_arg: str | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.out = out
        self.query = query
        self.image = image
        self.open_item = open_item
        self.size = size
        self.timeout_s = timeout_s
        self.exit_code = 1
        self._generation: int | None = None
        self._problems: list[str] = []
        self._app: QApplication | None = None
        self._waiting_detail = False
        self._captured = False
        self.view = view
        self.import_file = import_file
        self.basket = basket or []
        self.source = source  # search this PC's bank, the district's, or both (desktop_app.sources)
        self.subject = subject  # the 과목 filter, set before the search
        self._target = window  # what is grabbed: the window, the import wizard, or a dialog
        self.dialog = dialog  # then opened on the finished view (desktop_app.screenshot_dialogs)
        self.dialog_arg = dialog_arg
        self._dialog_opened = False

    def run(self, app: QApplication) -> int:
        self._app = app
        self.window.resize(*self.size)
        self.window.show()
        self.window.bank_ready.connect(self._on_ready)
        page = self.window.search_page
        page.results_rendered.connect(self._on_rendered)
        page.search_failed.connect(self._on_failed)
        page.detail_shown.connect(self._on_detail)
        page.detail_missing.connect(lambda _id: self._detail_missing())
        page.district_item_loaded.connect(self._on_detail)
        QTimer.singleShot(int(self.timeout_s * 1000), self._on_timeout)
        code = app.exec()
        return code

    def _on_ready(self, _stats: dict) -> None:
        self.window.bank_ready.disconnect(self._on_ready)
        if self.window.item_count() == 0:  # first start: the picture is the welcome page
            self._capture()
            return
        page = self.window.search_page
        if self.source:
            if not page.panel.sources.district_available and self.source != "local":
                self._problems.append("--source needs a district server saved for this bank "
                                      "(`itembank remote set URL`)")
            page.panel.sources.blockSignals(True)  # one search, the one below
            page.panel.sources.set_source(self.source)
            page.panel.sources.blockSignals(False)
        if self.subject:
            combo = page.panel.filters.subject
            index = combo.findData(self.subject)
            if index < 0:
                self._problems.append(f"--subject {self.subject}: the bank has no such subject")
            combo.blockSignals(True)  # one search, the one below
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        if self.query:
            page.set_query_text(self.query)
        if self.image:
            self._generation = page.set_query_image(Path(self.image))
        else:
            self._generation = page.search_now()

    def _on_rendered(self, generation: int) -> None:
        if generation != self._generation:
            return
        self._after_search()

    def _on_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        print(f"search failed (shown in the window): {message}", file=sys.stderr)
        fallback = self.window.search_page.fallback_generation
        if fallback is not None and fallback > generation:
            self._generation = fallback  # wait for the text-only results drawn under the banner
            return
        self._after_search()

    def _after_search(self) -> None:
        self._generation = None
        page = self.window.search_page
        if not self.open_item:
            self._capture()
        elif page.detail.item is not None and page.detail.item.id == self.open_item \
                and page.detail.source != "district":
            page.results.select_item(self.open_item)  # already on show (the best hit)
            self._capture()
        else:
            self._waiting_detail = True
            page.show_item(self.open_item)
            QTimer.singleShot(int(self.timeout_s * 500), self._detail_missing)

    def _on_detail(self, item_id: str) -> None:
        if self.window.search_page.detail.figures_loading:
            return  # a district item: its figures are on the way (district_item_loaded follows)
        if self._waiting_detail and item_id == self.open_item:
            self._waiting_detail = False
            self._capture()

    def _detail_missing(self) -> None:
        if self._waiting_detail:
            self._waiting_detail = False
            self._problems.append(f"item {self.open_item} was not shown")
            self._capture()

    def _capture(self) -> None:
        if self._captured:
            return
        self._captured = True
        if self.view == "search" or self.window.item_count() == 0:
            QTimer.singleShot(SETTLE_MS, self._save)
        else:
            self._show_view()

    def _show_view(self) -> None:
        """After the search: switch to the page the picture is of and wait until it has drawn."""
        window = self.window
        later = lambda *_: QTimer.singleShot(SETTLE_MS, self._save)  # noqa: E731
        if self.view == "duplicates":
            page = window.show_page("duplicates")
            page.scan_finished.connect(later)
            page.scan()
        elif self.view == "models":
            page = window.models_page
            page.overview_loaded.connect(later)
            window.show_page("models")
        elif self.view == "admin":
            page = window.admin_page
            page.usage_loaded.connect(later)
            window.show_page("admin")
        elif self.view == "basket":
            page = window.basket_page
            window.show_page("basket")
            page.answers.setChecked(True)
            page.loaded.connect(later)
            page.set_ids(self.basket or [c.item.id for c in window.search_page.results.cards[:4]])
        elif self.view == "import-report":
            if not self.import_file:
                self._problems.append("--view import-report needs --import-file PATH")
                QTimer.singleShot(0, self._save)
                return
            wizard = window.open_import_wizard()
            self._target = wizard
            wizard.preview_ready.connect(lambda _p: wizard.start(dry_run=True))
            wizard.finished_report.connect(later)
            wizard.failed.connect(lambda message: (self._problems.append(message), later()))
            wizard.set_path(self.import_file)
        elif self.view == "import":
            if not self.import_file:
                self._problems.append("--view import needs --import-file PATH")
                QTimer.singleShot(0, self._save)
                return
            wizard = window.open_import_wizard()
            self._target = wizard
            wizard.preview_ready.connect(later)
            wizard.failed.connect(lambda message: (self._problems.append(message), later()))
            wizard.set_path(self.import_file)
        else:
            self._problems.append(f"unknown view {self.view!r}")
            QTimer.singleShot(0, self._save)

    def _open_dialog(self) -> None:
        from desktop_app.screenshot_dialogs import open_dialog

        self._dialog_opened = True
        open_dialog(self.window, self.dialog, self._grab, self._problems, arg=self.dialog_arg)

    def _grab(self, widget) -> None:
        self._target = widget
        self._save()

    def _save(self) -> None:
        if self.dialog and not self._dialog_opened:
            self._open_dialog()
            return
        QApplication.processEvents()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        saved = self._target.grab().save(str(self.out), "PNG")
        if not saved:
            self._problems.append(f"could not write {self.out}")
        for problem in self._problems:
            print(problem, file=sys.stderr)
        self.exit_code = 0 if saved and not self._problems else 1
        if saved:
            print(f"screenshot saved to {self.out}")
        assert self._app is not None
        self._app.exit(self.exit_code)

    def _on_timeout(self) -> None:
        print(f"gave up after {self.timeout_s:g} s waiting for the window", file=sys.stderr)
        assert self._app is not None
        self._app.exit(3)
