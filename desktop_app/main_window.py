"""The main window: menus, status bar, the first-start page or the search page, background jobs
(sample load, imports), image drop / paste, language switch and remembered geometry."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import (QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent,
                           QGuiApplication, QKeySequence)
from PySide6.QtWidgets import (QFileDialog, QMainWindow, QMessageBox, QStackedWidget, QVBoxLayout,
                               QWidget)

from desktop_app import __version__
from desktop_app import settings as app_settings
from desktop_app.bank_ops import (bank_overview, import_path, index_sample, load_sample, refresh_index, sample_bank_file,
                                  undo_last)
from desktop_app.district import DistrictConnection
from desktop_app.errors import describe
from desktop_app.heap import settle as settle_heap
from desktop_app.i18n import LANGUAGES, language, set_language, tr
from desktop_app.qt_translations import use_qt_translations
from desktop_app.images import image_from_mime, mime_has_image
from desktop_app.pages.basket_page import BasketPage
from desktop_app.pages.duplicates_page import DuplicatesPage
from desktop_app.pages.admin_page import AdminPage
from desktop_app.pages.models_page import ModelsPage
from desktop_app.pages.search_page import SearchPage
from desktop_app.widgets.nav_bar import NavBar
from desktop_app.tasks import TaskHandle, TaskRunner, changes_of
from desktop_app.widgets.banner import Banner
from desktop_app.widgets.first_start import FirstStartPage
from desktop_app.widgets.import_report import ImportReportDialog, summary_line
from desktop_app.widgets.status_bar import BankStatusBar
from engine.api import BankChanges, ImportReport, ItemBank

DEFAULT_SIZE = (1280, 820)
SEMANTIC_MODES = {"semantic", "hybrid"}
log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    bank_ready = Signal(dict)          # stats after (re)loading them; the page is chosen by then
    job_finished = Signal(object)      # ImportReport of a sample load or import; None if cancelled early
    job_failed = Signal(str)
    language_changed = Signal(str)
    bank_changed = Signal(object)      # BankChanges of any write, after every view has been told
    index_refreshed = Signal(object)   # IndexReport of the background update after a write (None: nothing to do)

    def __init__(self, bank: ItemBank, *, persist_settings: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bank = bank
        self.persist_settings = persist_settings
        self.stats: dict | None = None
        self._job: TaskHandle | None = None
        self._temp_dir: Path | None = None
        self._report_dialog: ImportReportDialog | None = None
        self._wizard = None
        self._closed = False
        self._indexing: TaskHandle | None = None
        self._index_again = False
        self._sample_index_wanted = False
        self._index_damage = ""  # why the index serving searches is being rebuilt ("" when it is sound)
        data_dir = str(bank.paths.root)

        self.search_runner = TaskRunner(max_threads=1, parent=self)
        self.job_runner = TaskRunner(max_threads=1, parent=self)
        # quick reads and single writes of the other pages, so they answer while a long job runs
        self.quick_runner = TaskRunner(max_threads=2, parent=self)
        # the district server: searches, figures, copies and connection tests wait on the network
        self.remote_runner = TaskRunner(max_threads=2, parent=self)
        self.district = DistrictConnection(bank.paths.root, self)
        # One change stream: whatever lane a write ran on, every view hears what it changed, and no
        # failure nobody asked about goes unseen.
        for runner in (self.search_runner, self.job_runner, self.quick_runner, self.remote_runner):
            runner.bank_changed.connect(self.on_bank_changed)
            runner.unhandled_failure.connect(self._on_unhandled_failure)

        self.search_page = SearchPage(bank, self.search_runner, district=self.district,
                                      remote_runner=self.remote_runner)
        self.first_start = FirstStartPage(data_dir, sample_bank_file() is not None)
        self.first_banner = Banner()
        first_holder = QWidget()
        first_layout = QVBoxLayout(first_holder)
        first_layout.setContentsMargins(18, 12, 18, 0)
        first_layout.addWidget(self.first_banner)
        first_layout.addWidget(self.first_start, 1)
        self._first_holder = first_holder
        self.models_page = ModelsPage(bank, self.job_runner, quick=self.quick_runner, district=self.district,
                                      remote_runner=self.remote_runner)
        self.duplicates_page = DuplicatesPage(bank, self.job_runner, quick=self.quick_runner)
        self.basket_page = BasketPage(bank, self.job_runner, quick=self.quick_runner)
        self.admin_page = AdminPage(bank, self.job_runner, quick=self.quick_runner)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.search_page)
        self.pages.addWidget(first_holder)
        self.pages.addWidget(self.models_page)
        self.pages.addWidget(self.duplicates_page)
        self.pages.addWidget(self.basket_page)
        self.pages.addWidget(self.admin_page)
        self.nav = NavBar()
        self.nav.add_page("search", "nav.search", self.search_page)
        self.nav.add_page("duplicates", "nav.duplicates", self.duplicates_page)
        self.nav.add_page("basket", "nav.basket", self.basket_page)
        self.nav.set_values("basket", n=0)
        self.nav.add_page("models", "nav.models", self.models_page)
        self.nav.add_page("admin", "nav.admin", self.admin_page)
        self.nav.page_requested.connect(self.show_page)
        self.nav.import_button.clicked.connect(lambda: self.open_import_wizard())
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.nav)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.pages.currentChanged.connect(self._on_page_changed)
        database = bank.catalog.location if bank.catalog.backend != "sqlite" else None
        self.status = BankStatusBar(data_dir, database=database)
        self.setStatusBar(self.status)
        self.setAcceptDrops(True)

        self._build_menus()
        self.first_start.sample_requested.connect(self.start_sample_load)
        self.first_start.import_requested.connect(lambda: self.open_import_wizard())
        self.first_start.cancel_requested.connect(self.cancel_job)
        self.status.job_cancel.clicked.connect(self.cancel_job)
        self.search_page.mode_used.connect(self.status.set_mode)
        self.search_page.model_banner_dismissed.connect(self._remember_banner_dismissed)
        self.search_page.panel.image_paste_requested.connect(self.paste_image)
        self.models_page.bank_changed.connect(self.refresh_bank)
        self.search_page.add_to_basket.connect(self.add_to_basket)
        self.search_page.item_copied.connect(self._on_item_copied)
        self.search_page.item_deleted.connect(lambda item_id: self.status.showMessage(
            tr("detail.deleted", id=item_id), 8000))
        self.search_page.item_saved.connect(lambda item_id: self.status.showMessage(
            tr("detail.edited", id=item_id), 5000))
        self.duplicates_page.add_to_basket.connect(self.add_to_basket)
        self.basket_page.changed.connect(self._basket_changed)
        if persist_settings:
            self.basket_page.creator = app_settings.teacher_name()
            self.basket_page.school.setText(app_settings.school_name())
            self.basket_page.details_changed.connect(lambda: app_settings.save_paper_details(
                self.basket_page.creator, self.basket_page.school.text()))
            saved = app_settings.open_settings().value(app_settings.KEY_BASKET)
            if saved:
                self.basket_page.set_ids([str(i) for i in (saved if isinstance(saved, list) else [saved])])

        self.resize(*DEFAULT_SIZE)
        if persist_settings:
            self._restore_geometry()
        self.retranslate()
        self.refresh_bank()
        settle_heap()  # long-lived from here on: keep full GC passes short (see desktop_app/heap.py)

    # -- menus ------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.wizard_action = QAction(self)
        self.wizard_action.setShortcut(QKeySequence("Ctrl+I"))
        self.wizard_action.triggered.connect(lambda: self.open_import_wizard())
        self.file_menu.addAction(self.wizard_action)
        self.import_action = QAction(self)
        self.import_action.setShortcut(QKeySequence.StandardKey.Open)
        self.import_action.triggered.connect(self.choose_import_file)
        self.import_folder_action = QAction(self)
        self.import_folder_action.triggered.connect(self.choose_import_folder)
        self.sample_action = QAction(self)
        self.sample_action.triggered.connect(self.start_sample_load)
        self.sample_action.setEnabled(sample_bank_file() is not None)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        for action in (self.import_action, self.import_folder_action, self.sample_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.edit_menu = bar.addMenu("")
        self.undo_action = QAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.undo_action.triggered.connect(self.undo_last)
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addSeparator()
        self._undo_label = ""
        self.paste_action = QAction(self)
        self.paste_action.setShortcut(QKeySequence.StandardKey.Paste)
        self.paste_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.paste_action.triggered.connect(self.paste_image)
        self.clear_image_action = QAction(self)
        self.clear_image_action.triggered.connect(self.search_page.clear_query_image)
        self.focus_action = QAction(self)
        self.focus_action.setShortcuts([QKeySequence("Ctrl+F"), QKeySequence("Ctrl+L")])
        self.focus_action.triggered.connect(self.focus_search)
        for action in (self.paste_action, self.clear_image_action, self.focus_action):
            self.edit_menu.addAction(action)

        self.view_menu = bar.addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for lang in LANGUAGES:
            action = QAction(self)
            action.setCheckable(True)
            action.triggered.connect(lambda _c=False, code=lang: self.switch_language(code))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[lang] = action
        self.banner_action = QAction(self)
        self.banner_action.triggered.connect(self._show_model_banner_again)
        self.view_menu.addAction(self.banner_action)

        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    # -- bank state -------------------------------------------------------------------------
    def refresh_bank(self) -> None:
        """Re-read the counts and modes in the background, then pick the page to show."""
        bank = self.bank
        self.job_runner.submit(lambda _ctx: bank_overview(bank), name="stats",
                               on_success=self._on_stats, on_failure=self._on_stats_failed)

    def _on_stats(self, stats: dict) -> None:
        first_time = self.stats is None
        self.stats = stats
        self._undo_label = str(stats.get("undo", ""))
        self._label_undo()
        count = int(stats.get("items", 0))
        modes = list(stats.get("search_modes", []))
        self.status.set_item_count(count)
        self.search_page.set_available_modes(modes)
        self.search_page.set_rerank_available(bool(stats.get("packs", {}).get("reranker")))
        self.search_page.set_image_search_available(bool(stats.get("image_search")))
        self.search_page.set_bank_total(count)
        self.search_page.panel.filters.set_subjects(list(stats.get("by_subject", {}).keys()))
        wants_banner = not SEMANTIC_MODES & set(modes)
        dismissed = app_settings.read_flag(app_settings.KEY_MODEL_BANNER) if self.persist_settings else False
        self.search_page.show_model_banner(wants_banner and not dismissed)
        self.banner_action.setEnabled(wants_banner)
        if count == 0:
            self.pages.setCurrentWidget(self._first_holder)
        else:
            was_first = self.pages.currentWidget() is self._first_holder
            if was_first or first_time:
                self.pages.setCurrentWidget(self.search_page)
            if first_time or was_first or self._job is None:
                self.search_page.search_now()
            if was_first or first_time:
                self.focus_search()
        problem = str(stats.get("index_problem", ""))
        if problem and count and problem != self._index_damage:  # once per damage: no rebuild loop
            self._index_damage = problem  # searches use words meanwhile
            self.show_message(tr("banner.index_damaged"), "warning", problem)
            self.start_index_refresh()
        elif not problem and self._index_damage:
            self._index_damage = ""
            self.show_message(tr("banner.index_rebuilt"), "info")
        if first_time and not problem and count:
            self._catch_up_index()
        self.bank_ready.emit(stats)

    def _on_item_copied(self, result) -> None:
        """A district item is now in this bank: update the counts (the results on show stay put)."""
        bank = self.bank

        def counted(stats: dict) -> None:
            self.stats = stats
            self.status.set_item_count(int(stats.get("items", 0)))
            self.search_page.set_bank_total(int(stats.get("items", 0)))

        self.quick_runner.submit(lambda _ctx: bank_overview(bank), name="stats-after-copy",
                                 on_success=counted, on_failure=self._on_stats_failed)

    # -- the change stream ------------------------------------------------------------------
    def on_bank_changed(self, changes: BankChanges) -> None:
        """A write finished: refresh every view from what it changed, then bring the semantic index up
        to date in the background (the keyword side finds new items meanwhile)."""
        if changes.removed:
            self.basket_page.forget(changes.removed)
            self.duplicates_page.forget(changes.removed)
        if changes.touches_items or changes.profiles or changes.everything:
            self.refresh_bank()
        if changes.touches_items:
            self.search_page.item_changed(changes)
            self.basket_page.item_changed(changes)
            sample, self._sample_index_wanted = self._sample_index_wanted, False
            self.start_index_refresh(sample=sample)
        self._undo_label = changes.undo if changes.touches_items else self._undo_label
        self._label_undo()
        self.bank_changed.emit(changes)

    def _label_undo(self) -> None:
        label = self._undo_label
        self.undo_action.setText(tr("menu.undo_what", what=label) if label else tr("menu.undo"))
        self.undo_action.setEnabled(bool(label))

    def undo_last(self) -> TaskHandle | None:
        """Edit > Undo (Ctrl+Z): revert the last edit, delete or merge; every view follows its changes."""
        if not self._undo_label:
            return None
        bank = self.bank
        return self.quick_runner.submit(
            lambda _ctx: undo_last(bank), name="undo",
            on_success=lambda undone: self.status.showMessage(tr("status.undone", what=undone.label), 6000),
            on_failure=self._on_stats_failed)

    def start_index_refresh(self, *, sample: bool = False) -> TaskHandle | None:
        """Incremental update of the index that serves searches ("색인 갱신 중 3/20"), on the job lane
        so it never races an import; asked again while one runs, it runs once more afterwards."""
        if self._closed:
            return None
        if self._indexing is not None or self._job is not None:
            self._index_again = True
            self._sample_index_wanted = self._sample_index_wanted or sample
            return None
        bank = self.bank

        def progress(done: int, total: int) -> None:
            self.status.set_job_progress(tr("job.indexing", done=done, total=total), done, total)

        def finished(report) -> None:
            self._indexing = None
            if self._job is None:
                self.status.show_job(False)
            # its changes (profiles) refresh the stats, which re-runs the search: new items rank by meaning now
            self.index_refreshed.emit(report)
            self._run_deferred_index_refresh()

        def failed(error: BaseException) -> None:
            self._indexing = None
            self._index_again = False
            if self._job is None:
                self.status.show_job(False)
            self._on_stats_failed(error)

        self.status.show_job(True, False)
        self.status.set_job_progress(tr("job.indexing", done=0, total=0), 0, 0)
        build = index_sample if sample else refresh_index
        self._indexing = self.job_runner.submit(lambda ctx: build(bank, ctx), name="index-refresh",
                                                on_progress=progress, on_success=finished,
                                                on_failure=failed, on_cancelled=lambda: finished(None))
        return self._indexing

    def _on_unhandled_failure(self, _name: str, error: BaseException) -> None:
        message = describe(error)
        self.show_message(message.text, message.kind, message.detail)

    def _on_stats_failed(self, error: BaseException) -> None:
        message = describe(error)
        self.show_message(message.text, message.kind, message.detail)

    # -- pages ------------------------------------------------------------------------------
    def show_page(self, key: str) -> QWidget | None:
        """Switch to a page by its nav key ("search", "models", …); refreshes pages that show
        bank state. Not while the first-start page is up (there is nothing to show yet)."""
        page = self.nav.page(key)
        if page is None or self.pages.currentWidget() is self._first_holder:
            return None
        self.pages.setCurrentWidget(page)
        return page

    def _on_page_changed(self, _index: int) -> None:
        current = self.pages.currentWidget()
        self.nav.setVisible(current is not self._first_holder)
        self.nav.set_current(current)
        if current is self.models_page:
            self.models_page.refresh()
        elif current is self.admin_page:
            self.admin_page.refresh()

    def add_to_basket(self, ids: list[str]) -> int:
        added = self.basket_page.add(ids)
        self.status.showMessage(tr("basket.added", n=added) if added else tr("basket.already"), 4000)
        return added

    def _basket_changed(self, ids: list[str]) -> None:
        self.nav.set_values("basket", n=len(ids))
        if self.persist_settings:
            stored = app_settings.open_settings()
            stored.setValue(app_settings.KEY_BASKET, list(ids))
            stored.sync()

    def open_import_wizard(self, path: str | Path | None = None):
        from desktop_app.widgets.import_wizard import ImportWizard

        if self._wizard is not None:
            self._wizard.raise_()
            return self._wizard
        wizard = ImportWizard(self.bank, self.job_runner, self, quick=self.quick_runner)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.destroyed.connect(lambda *_: setattr(self, "_wizard", None))
        self._wizard = wizard
        wizard.show()
        if path:
            wizard.set_path(path)
        return wizard

    def item_count(self) -> int:
        return int(self.stats.get("items", 0)) if self.stats else 0

    def show_message(self, text: str, kind: str = "error", detail: str = "") -> None:
        """A banner on whichever page is showing."""
        if self.pages.currentWidget() is self._first_holder:
            self.first_banner.show_message(text, kind, detail)
        else:
            self.search_page.show_message(text, kind, detail)

    # -- jobs: sample load and imports ------------------------------------------------------------
    def start_sample_load(self) -> TaskHandle | None:
        """The sample items, then (as ``itembank init --sample``) their lite index in the background."""
        bank = self.bank
        handle = self._start_job(lambda ctx: load_sample(bank, ctx), "job.loading_sample", cancellable=False)
        if handle is not None:
            self._sample_index_wanted = True
        return handle

    def start_import(self, path: str | Path) -> TaskHandle | None:
        bank = self.bank
        return self._start_job(lambda ctx: import_path(bank, path, ctx), "job.importing",
                               cancellable=True, show_report=True)

    def choose_import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("import.dialog_file"), str(Path.home()),
                                              tr("import.file_filter"))
        if path:
            self.start_import(path)

    def choose_import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("import.dialog_folder"), str(Path.home()))
        if path:
            self.start_import(path)

    def _start_job(self, op, text_key: str, *, cancellable: bool,
                   show_report: bool = False) -> TaskHandle | None:
        if self._job is not None:
            self.show_message(tr("job.busy"), "warning")
            return None
        self.first_banner.hide()
        self._set_busy(True, cancellable)

        def progress(done: int, total: int) -> None:
            text = tr(text_key, done=done, total=total)
            self.first_start.set_progress(text, done, total)
            self.status.set_job_progress(text, done, total)

        self._job = self.job_runner.submit(
            op, name=text_key, on_progress=progress,
            on_success=lambda report: self._job_done(report, show_report),
            on_failure=self._job_error, on_cancelled=lambda: self._job_done(None, False))
        return self._job

    def cancel_job(self) -> None:
        if self._job is not None:
            self.first_start.cancel_button.setEnabled(False)
            self.status.job_cancel.setEnabled(False)
            self.status.job_label.setText(tr("job.cancelling"))
            self.first_start.job_text.setText(tr("job.cancelling"))
            self.job_runner.cancel(self._job)

    def _set_busy(self, busy: bool, cancellable: bool = False) -> None:
        self.first_start.set_busy(busy, cancellable)
        self.status.show_job(busy, cancellable)
        for action in (self.import_action, self.import_folder_action):
            action.setEnabled(not busy)
        self.sample_action.setEnabled(not busy and sample_bank_file() is not None)

    def _job_done(self, report: ImportReport | None, show_report: bool) -> None:
        self._job = None
        self._set_busy(False)
        if report is not None:
            self.status.showMessage(summary_line(report), 8000)
            if show_report or report.skipped or report.cancelled:
                self.show_import_report(report)
        self.job_finished.emit(report)
        if not changes_of(report):  # a write is refreshed by its changes (on_bank_changed)
            self.refresh_bank()
        self._run_deferred_index_refresh()

    def _catch_up_index(self) -> None:
        """Once, when the window opens: items written while it was closed (``itembank import --no-index``,
        a killed refresh) are brought into the index; asked only here, not on every stats refresh."""
        bank = self.bank
        self.quick_runner.submit(lambda _ctx: bank.pending(), name="pending-at-open",
                                 on_success=lambda pending: self.start_index_refresh() if pending else None,
                                 on_failure=lambda error: log.warning("cannot count items not yet indexed: %s",
                                                                      error))

    def _run_deferred_index_refresh(self) -> None:
        """An index refresh asked for while a job or another refresh ran starts now, once."""
        if not self._index_again:
            return
        self._index_again = False
        sample, self._sample_index_wanted = self._sample_index_wanted, False
        self.start_index_refresh(sample=sample)

    def _job_error(self, error: BaseException) -> None:
        self._job = None
        self._set_busy(False)
        message = describe(error)
        self.show_message(message.text, message.kind, message.detail)
        self.job_failed.emit(message.text)

    def show_import_report(self, report: ImportReport) -> ImportReportDialog:
        """Non-modal, so the window (and the tests driving it) keep running."""
        if self._report_dialog is not None:
            self._report_dialog.close()
        dialog = ImportReportDialog(report, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "_report_dialog", None))
        self._report_dialog = dialog
        dialog.show()
        return dialog

    # -- image query: drop and paste ----------------------------------------------------------
    def _temp_folder(self) -> Path:
        if self._temp_dir is None:
            self._temp_dir = Path(tempfile.mkdtemp(prefix="itembank-desktop-"))
        return self._temp_dir

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt naming
        if mime_has_image(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if mime_has_image(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        if self.handle_image_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def handle_image_mime(self, mime) -> bool:
        """Use the image in ``mime`` (a dropped file or pasted pixels) as the search image."""
        if self.pages.currentWidget() is not self.search_page:
            return False
        try:
            path, rejected = image_from_mime(mime, self._temp_folder())
        except OSError as exc:
            message = describe(exc)
            self.show_message(message.text, message.kind, message.detail)
            return False
        if path is None:
            if rejected:
                self.show_message(tr("error.not_an_image", name=rejected), "warning")
            return False
        self.search_page.set_query_image(path)
        return True

    def paste_image(self) -> None:
        """Ctrl+V outside a text box: an image searches by it; text goes into the query box."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime_has_image(mime):
            self.handle_image_mime(mime)
            return
        if mime is not None and mime.hasText() and mime.text().strip():
            query = self.search_page.panel.query
            query.setText(mime.text().strip().splitlines()[0])
            query.setFocus()
            self.search_page.search_now()
            return
        self.show_message(tr("error.clipboard_empty"), "warning")

    def focus_search(self) -> None:
        self.search_page.panel.query.setFocus()
        self.search_page.panel.query.selectAll()

    # -- language, about, banner ----------------------------------------------------------------
    def switch_language(self, lang: str) -> None:
        if lang == language():
            return
        use_qt_translations(set_language(lang))
        if self.persist_settings:
            app_settings.save_language(lang)
        self.retranslate()
        self.status.showMessage(tr("status.language_changed"), 4000)
        self.language_changed.emit(lang)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("app.title"))
        self.file_menu.setTitle(tr("menu.file"))
        self.wizard_action.setText(tr("menu.import_wizard"))
        self.import_action.setText(tr("menu.import_file"))
        self.import_folder_action.setText(tr("menu.import_folder"))
        self.sample_action.setText(tr("menu.load_sample"))
        self.quit_action.setText(tr("menu.quit"))
        self.edit_menu.setTitle(tr("menu.edit"))
        self._label_undo()
        self.paste_action.setText(tr("menu.paste_image"))
        self.clear_image_action.setText(tr("menu.clear_image"))
        self.focus_action.setText(tr("menu.focus_search"))
        self.view_menu.setTitle(tr("menu.view"))
        self.language_menu.setTitle(tr("menu.language"))
        for lang, action in self.language_actions.items():
            action.setText(tr(f"menu.lang_{lang}"))
            action.setChecked(lang == language())
        self.banner_action.setText(tr("menu.show_model_banner"))
        self.help_menu.setTitle(tr("menu.help"))
        self.about_action.setText(tr("menu.about"))
        self.search_page.retranslate()
        self.models_page.retranslate()
        self.admin_page.retranslate()
        self.duplicates_page.retranslate()
        self.basket_page.retranslate()
        self.nav.retranslate()
        self.first_start.retranslate()
        self.first_banner.retranslate()
        self.status.retranslate()

    def show_about(self) -> None:
        QMessageBox.about(self, tr("menu.about"),
                          tr("about.text", version=__version__, data_dir=self.bank.paths.root))

    def _remember_banner_dismissed(self) -> None:
        if self.persist_settings:
            app_settings.write_flag(app_settings.KEY_MODEL_BANNER, True)

    def _show_model_banner_again(self) -> None:
        if self.persist_settings:
            app_settings.write_flag(app_settings.KEY_MODEL_BANNER, False)
        self.search_page.show_model_banner(True)

    # -- geometry and shutdown ----------------------------------------------------------------
    def _restore_geometry(self) -> None:
        stored = app_settings.open_settings()
        geometry = stored.value(app_settings.KEY_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        splitter = stored.value(app_settings.KEY_SPLITTER)
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.search_page.splitter.restoreState(splitter)

    def save_geometry(self) -> None:
        stored = app_settings.open_settings()
        stored.setValue(app_settings.KEY_GEOMETRY, self.saveGeometry())
        stored.setValue(app_settings.KEY_SPLITTER, self.search_page.splitter.saveState())
        stored.sync()

    def shutdown(self) -> None:
        """Stop background work and remove temporary files; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self.search_page.controller.cancel()
        self.search_runner.shutdown()
        self.job_runner.shutdown()
        self.quick_runner.shutdown()
        self.remote_runner.shutdown()
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.persist_settings:
            self.save_geometry()
        self.shutdown()
        super().closeEvent(event)
