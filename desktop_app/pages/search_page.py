"""The search page: query panel, notices, result cards on the left, the chosen item on the right.

It turns panel changes into searches (through ``SearchController``), draws the latest answer, and
shows failures as sentences in a banner. It never calls the bank (or the district server) on the GUI
thread. District results carry a badge; their items open with figures fetched from the server and
can be copied into this bank ("내 은행에 복사"), from where they go on a worksheet.

Honest results: cards carry the engine's calibrated band, never a ratio to the best hit; the list ends
with the engine's "관련 문항이 더 없습니다" (or shows "관련 문항을 찾지 못했습니다") with the keyword count
beside it; a new search starts with nothing selected and the list at the top; "비슷한 문항 찾기" can be
undone with "← 뒤로" (Alt+←), which brings back the previous query, its results and its selection.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QStackedWidget, QVBoxLayout, QWidget)

from desktop_app.bank_ops import ItemView, SearchOutcome, SearchQuery, load_item
from desktop_app.district import DistrictConnection
from desktop_app.errors import NEEDS_MODEL_PACK, describe
from desktop_app.i18n import tr
from desktop_app.images import IMAGE_SUFFIXES, is_image_file
from desktop_app.remote_ops import copy_remote_item, load_remote_item
from desktop_app.search_controller import SearchController
from desktop_app.sources import BOTH, DISTRICT, LOCAL, item_id_of
from desktop_app.tasks import TaskRunner
from desktop_app.widgets.banner import Banner
from desktop_app.widgets.detail_view import ItemDetailDialog, ItemDetailPane
from desktop_app.widgets.item_editor import ItemEditorDialog
from desktop_app.widgets.result_list import ResultList
from desktop_app.widgets.result_notice import ResultNotice, notice_line
from desktop_app.widgets.search_panel import SearchPanel
from engine.api import ItemBank, ItemFieldError
from engine.api import COPIED, CopyResult, RemoteBank
from engine.api import RemoteError, remote_errors

MORE_STEP = 50
SIMILAR_COUNT = 20


@dataclass(frozen=True)
class _Visit:
    """A list left for "비슷한 문항 찾기": what "← 뒤로" brings back."""

    query: SearchQuery
    key: str | None  # the card that was selected
    scroll: int      # where the list was scrolled to


class SearchPage(QWidget):
    results_rendered = Signal(int)       # generation whose cards are now on screen
    search_failed = Signal(int, str)     # generation, the message shown
    detail_shown = Signal(str)           # item id now in the detail pane
    detail_missing = Signal(str)         # show_item() for an id the bank does not have
    mode_used = Signal(str)              # the engine's resolved mode of the last search
    model_banner_dismissed = Signal()
    add_to_basket = Signal(list)         # item ids the teacher put on the worksheet
    compare_opened = Signal(object)      # the CompareDialog
    district_failed = Signal(int, str)   # generation, message: the district part of a 둘 다 search failed
    district_item_loaded = Signal(str)   # key of a district item now shown with its figures
    item_copied = Signal(object)         # CopyResult of "내 은행에 복사"
    copy_failed = Signal(str)            # the message shown
    item_saved = Signal(str)             # id of an item the editor saved
    item_deleted = Signal(str)           # id of an item deleted from the detail pane
    went_back = Signal(int)              # generation of the search "← 뒤로" re-ran

    def __init__(self, bank: ItemBank, runner: TaskRunner, parent: QWidget | None = None, *,
                 district: DistrictConnection | None = None, remote_runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self._bank = bank
        self._runner = runner
        self._district = district
        self._remote_runner = remote_runner or runner  # network calls: never behind a local search
        self._detail_key: str | None = None  # list key of the item in the detail pane
        self._copied: dict[str, str] = {}  # district item id → its id in this bank, once copied
        self._copying: str | None = None
        self._outcome: SearchOutcome | None = None
        self._dialogs: list[ItemDetailDialog] = []
        self._fallback_generation: int | None = None  # text-only search after an image search failed
        self._model_banner_wanted = False
        self._bank_total: int | None = None
        self._keep_scroll: int | None = None
        self._history: list[_Visit] = []         # lists left for "find similar", newest last
        self._back_generation: int | None = None  # the search "← 뒤로" started
        self._restore: _Visit | None = None       # the selection and scroll that search brings back

        self.panel = SearchPanel()
        self.controller = SearchController(bank, runner, self.panel.current_query, parent=self,
                                           district=self._district_client, remote_runner=self._remote_runner)
        self.model_banner = Banner()
        self.model_banner.dismissed.connect(self._on_model_banner_dismissed)
        self.message_banner = Banner()
        self.count_label = QLabel()
        self.count_label.setObjectName("CountLabel")
        self.back_button = QPushButton()
        self.back_button.setObjectName("BackButton")
        self.back_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.back_button.clicked.connect(self.go_back)
        self.back_button.hide()
        self.back_shortcut = QShortcut(QKeySequence("Alt+Left"), self)
        self.back_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.back_shortcut.activated.connect(self.go_back)
        self.results = ResultList()
        self.empty_label = QLabel()
        self.empty_label.setObjectName("EmptyResults")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty_label.setWordWrap(True)
        self.no_match = ResultNotice(centered=True)  # the engine's "관련 문항을 찾지 못했습니다 · 키워드 일치 N건"
        self.no_match.hide()
        self.empty_view = QWidget()
        empty_layout = QVBoxLayout(self.empty_view)
        empty_layout.setContentsMargins(0, 24, 0, 0)
        empty_layout.addWidget(self.no_match)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addStretch(1)
        self.result_stack = QStackedWidget()
        self.result_stack.addWidget(self.results)
        self.result_stack.addWidget(self.empty_view)
        self.detail = ItemDetailPane()

        self.more_button = QPushButton()
        self.more_button.setObjectName("MoreButton")
        self.more_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.more_button.clicked.connect(self.show_more)
        self.more_button.hide()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(6)
        left_layout.addWidget(self.result_stack, 1)
        left_layout.addWidget(self.more_button)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(14)
        self.add_button = QPushButton()
        self.add_button.setObjectName("AddToBasket")
        self.add_button.setProperty("primary", True)
        self.add_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.add_button.clicked.connect(self._add_current)
        self.similar_button = QPushButton()
        self.similar_button.clicked.connect(lambda: self.find_similar(self._current_id()))
        self.compare_button = QPushButton()
        self.compare_button.clicked.connect(self._compare_clicked)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(lambda: self.delete_current())
        self.editor: ItemEditorDialog | None = None
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("CopyToBank")
        self.copy_button.setProperty("primary", True)
        self.copy_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.copy_button.clicked.connect(self.copy_current)
        self.copy_button.hide()
        self._pinned: str | None = None
        actions = QHBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.add_button)
        actions.addWidget(self.similar_button)
        actions.addWidget(self.compare_button)
        actions.addStretch(1)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(6)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.detail, 1)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)

        content = QVBoxLayout()
        content.setContentsMargins(18, 12, 18, 12)
        content.setSpacing(8)
        content.addWidget(self.model_banner)
        content.addWidget(self.message_banner)
        count_row = QHBoxLayout()
        count_row.setSpacing(8)
        count_row.addWidget(self.back_button)
        count_row.addWidget(self.count_label, 1)
        content.addLayout(count_row)
        content.addWidget(self.splitter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.panel)
        layout.addLayout(content, 1)

        self.panel.query_edited.connect(self.controller.schedule)
        self.panel.submitted.connect(self.search_now)
        self.panel.image_cleared.connect(self._on_image_cleared)
        self.panel.image_file_requested.connect(self.choose_image_file)
        self.panel.query.move_down.connect(self._focus_results)
        self.controller.started.connect(self._on_started)
        self.controller.finished.connect(self._on_finished)
        self.controller.failed.connect(self._on_failed)
        self.results.item_selected.connect(self._show_selected)
        self.results.item_activated.connect(self.open_item_dialog)
        self.detail_shown.connect(lambda _id: self._update_actions())
        if district is not None:
            district.changed.connect(self._on_district_changed)
            self.panel.sources.set_district_available(district.configured)
        self._update_back()
        self.retranslate()

    # -- searching ----------------------------------------------------------------------------
    @property
    def outcome(self) -> SearchOutcome | None:
        return self._outcome

    def search_now(self) -> int:
        return self.controller.search_now()

    def set_query_text(self, text: str) -> None:
        self.panel.query.setText(text)

    def set_query_image(self, path: Path) -> int:
        """Search with ``path`` (plus the words in the box, if any); the chip keeps it visible."""
        self.panel.set_image(path)
        return self.search_now()

    def clear_query_image(self) -> None:
        self.panel.chip.clear()

    def choose_image_file(self) -> int | None:
        """"그림 파일로 검색…": pick a figure file and search by it (as a drop or a paste does)."""
        patterns = " ".join(f"*{suffix}" for suffix in sorted(IMAGE_SUFFIXES))
        chosen, _filter = QFileDialog.getOpenFileName(self, tr("search.image_file_title"), "",
                                                      f"{tr('search.image_files')} ({patterns})")
        if not chosen:
            return None
        path = Path(chosen)
        if not is_image_file(path):
            self.show_message(tr("error.not_an_image", name=path.name), "warning")
            return None
        return self.set_query_image(path)

    def _on_image_cleared(self) -> None:
        if self.message_banner.property("kind_key") == NEEDS_MODEL_PACK:
            self.message_banner.hide()
            self.show_model_banner(self._model_banner_wanted)
        self.search_now()

    def _on_started(self, generation: int, query: SearchQuery) -> None:
        self.count_label.setText(tr("results.searching"))
        if not query.similar_to and generation != self._back_generation:
            self._history.clear()  # a search of its own: the "find similar" trail is left behind
            self._update_back()

    def show_more(self) -> int | None:
        """The same search with room for more results (the list keeps its place)."""
        if self._outcome is None:
            return None
        query = self._outcome.query
        self._keep_scroll = self.results.verticalScrollBar().value()
        return self.controller.search_now(replace(query, k=query.k + MORE_STEP))

    def _on_finished(self, outcome: SearchOutcome) -> None:
        same_query = self._outcome is not None and replace(self._outcome.query, k=0) == replace(outcome.query, k=0)
        restore = self._restore if outcome.generation == self._back_generation else None
        if same_query:  # more results, or the same search again after an edit: keep the place
            previous, keep_scroll = self.results.current_item_id(), self._keep_scroll
        elif restore is not None:  # "← 뒤로": the selection and the place the teacher left
            previous, keep_scroll = restore.key, restore.scroll
        else:  # a new search: nothing selected, nothing in the detail pane, the list from the top
            previous, keep_scroll = None, 0
            self._clear_detail()
        if restore is not None and outcome.complete:
            self._restore = None
        self._keep_scroll = None
        self._outcome = outcome
        if outcome.generation != self._fallback_generation:
            self.message_banner.hide()  # the last problem is solved once a search succeeds
        district_error = outcome.source_errors.get(DISTRICT)
        if district_error is not None:  # 둘 다: this bank's results stand, the banner says why the rest is missing
            message = describe(district_error)
            self.show_message(message.text, message.kind, message.detail)
            self.district_failed.emit(outcome.generation, message.text)
        self._update_count()
        self.more_button.setVisible(outcome.complete and outcome.has_more)
        self.mode_used.emit(outcome.mode)
        if outcome.count == 0:
            self.results.show_outcome(outcome)
            self._fill_empty_view(outcome)
            self.result_stack.setCurrentWidget(self.empty_view if outcome.complete else self.results)
            self._clear_detail()
            if outcome.complete:
                self.results_rendered.emit(outcome.generation)
            return
        self.result_stack.setCurrentWidget(self.results)

        def all_cards_drawn() -> None:
            if self._outcome is not outcome:
                return
            if previous and self.results.current_item_id() != previous:
                self.results.select_item(previous)
            if keep_scroll is not None:
                self.results.verticalScrollBar().setValue(keep_scroll)
            if outcome.complete:  # a 둘 다 search is drawn once more when the district answers
                self.results_rendered.emit(outcome.generation)

        self.results.show_outcome(outcome, done=all_cards_drawn)
        self.results.scrollToTop()
        if previous is not None and previous in outcome.items:
            self.results.select_item(previous)  # if it is in a later batch, all_cards_drawn selects it

    def _clear_detail(self) -> None:
        self.results.setCurrentRow(-1)
        self.detail.show_empty()
        self._detail_key = None
        self._update_actions()

    def _fill_empty_view(self, outcome: SearchOutcome) -> None:
        """No cards: the engine's "관련 문항을 찾지 못했습니다" with the keyword count, or the plain
        "nothing found" of a filtered list."""
        if outcome.exhausted and not outcome.query.is_browse:
            self.no_match.set_notice(notice_line(False), outcome.keyword_count,
                                     [*outcome.hints, tr("results.no_match_hint")])
            self.no_match.show()
            self.empty_label.hide()
        else:
            self.no_match.hide()
            self.empty_label.setText(tr("results.none"))
            self.empty_label.show()

    def _update_count(self) -> None:
        outcome = self._outcome
        if outcome is None:
            self.count_label.setText("")
            return
        full = outcome.count >= outcome.query.k
        if outcome.query.similar_to:
            text = tr("results.similar", id=outcome.query.similar_to, n=outcome.count,
                      method=tr(f"dup.method_{outcome.mode}") if outcome.mode in ("semantic", "text") else outcome.mode)
        elif outcome.query.source in (DISTRICT, BOTH):
            text = self._sources_count(outcome)
        elif outcome.query.is_browse and outcome.query.filters.is_empty():
            total = self._bank_total if self._bank_total is not None else outcome.count
            text = (tr("results.browse_first", n=outcome.count, total=total) if total > outcome.count
                    else tr("results.browse_all", n=outcome.count))
        elif outcome.query.is_browse:
            text = tr("results.filtered_first" if full else "results.filtered", n=outcome.count)
        elif full:
            text = tr("results.count_more", n=outcome.count)
        else:
            text = tr("results.count", n=outcome.count)
        if outcome.generation == self._fallback_generation and outcome.query.image is None \
                and self.panel.chip.path is not None:
            text += " · " + tr("results.text_only")
        elif outcome.query.rerank and not outcome.query.is_browse:
            text += " · " + tr("results.reranked", n=outcome.query.rerank)
        if outcome.not_indexed and outcome.mode != "keyword":
            text += " · " + tr("results.not_indexed", n=outcome.not_indexed)
        self.count_label.setText(text)

    @staticmethod
    def _sources_count(outcome: SearchOutcome) -> str:
        """"교육청 검색 결과 n건", or both banks' counts side by side with how the list is ordered."""
        if outcome.query.source == DISTRICT:
            return tr("results.district_count", n=outcome.district_count)
        text = tr("results.both_count", local=outcome.source_counts.get(LOCAL, 0), district=outcome.district_count)
        if DISTRICT in outcome.pending:
            text += " · " + tr("results.district_pending")
        elif DISTRICT in outcome.source_errors:
            text += " · " + tr("results.district_failed")
        return text

    def _on_failed(self, generation: int, query: SearchQuery, error: BaseException) -> None:
        message = describe(error, image_search=bool(query.image))
        self.show_message(message.text, message.kind, message.detail)
        self._update_count()
        if message.kind == NEEDS_MODEL_PACK and query.rerank and "rerank" in str(error).lower():
            # The search itself works; show it without the reranking that is not installed.
            self._fallback_generation = self.controller.search_now(replace(query, rerank=0))
        elif message.kind == NEEDS_MODEL_PACK and query.image:
            # Keep the teacher going: show what the words alone find, under the explanation.
            self._fallback_generation = self.controller.search_now(replace(query, image=None))
        self.search_failed.emit(generation, message.text)

    @property
    def fallback_generation(self) -> int | None:
        return self._fallback_generation

    def show_message(self, text: str, kind: str = "error", detail: str = "") -> None:
        if kind == NEEDS_MODEL_PACK:
            self.model_banner.hide()  # the specific explanation replaces the general notice
        self.message_banner.setProperty("kind_key", kind)
        self.message_banner.show_message(text, kind, detail)

    def _focus_results(self) -> None:
        if self.results.count():
            self.results.setFocus()
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)

    # -- detail -------------------------------------------------------------------------------
    def _show_selected(self, key: str) -> None:
        outcome = self._outcome
        if outcome is None or key not in outcome.items:
            return
        item = outcome.items[key]
        source = outcome.source_of(key)
        self._detail_key = key
        scores = self._scores_of(key)
        if source == DISTRICT:
            missing = [sha for sha in item.images if sha not in outcome.figures]
            self.detail.show_item(item, outcome.figures, source=DISTRICT, figures_loading=bool(missing), **scores)
            if missing:
                self._load_district_item(key)
        else:
            self.detail.show_item(item, outcome.figures, source=LOCAL if outcome.query.source != LOCAL else None,
                                  **scores)
        self.detail_shown.emit(key)

    def _scores_of(self, key: str) -> dict:
        """The hit's raw stage scores and band, for the detail pane's score details."""
        outcome = self._outcome
        hit = next((h for h in outcome.hits if h.id == key), None) if outcome is not None else None
        if hit is None or outcome.query.is_browse:
            return {"explain": None, "band": ""}
        return {"explain": hit.explain, "band": hit.band}

    def _district_client(self) -> RemoteBank | None:
        return self._district.client() if self._district is not None else None

    def _load_district_item(self, key: str) -> None:
        """Fetch a district item as the server has it now, with its figures, then show it if it is
        still the one selected (the search answer already carried its text)."""
        remote = self._district_client()
        if remote is None:
            return
        item_id = item_id_of(key)

        def shown(view: ItemView | None) -> None:
            if view is None:
                self.show_message(tr("error.remote_not_found"), "warning")
                return
            outcome = self._outcome
            if outcome is not None:
                outcome.figures.update(view.figures)  # content-addressed: safe to share
                if key in outcome.items:
                    outcome.items[key] = view.item
            if self._detail_key == key:
                self.detail.show_item(view.item, view.figures, source=DISTRICT, **self._scores_of(key))
                self.district_item_loaded.emit(key)

        self._remote_runner.submit(lambda _ctx: load_remote_item(remote, item_id), name="load-district-item",
                                   on_success=shown, on_failure=self._show_error)

    def show_item(self, item_id: str) -> None:
        """Show ``item_id`` in the detail pane: select its card, or load it in the background."""
        if self.results.select_item(item_id):
            return
        bank = self._bank

        def shown(view: ItemView | None) -> None:
            if view is None:
                self.show_message(tr("error.item_missing", id=item_id), "warning")
                self.detail_missing.emit(item_id)
                return
            self.results.setCurrentRow(-1)  # no card is the one shown
            self._detail_key = item_id
            self.detail.show_item(view.item, view.figures)
            self.detail_shown.emit(item_id)

        self._runner.submit(lambda _ctx: load_item(bank, item_id), name="load-item",
                            on_success=shown, on_failure=self._show_error)

    def item_changed(self, changes) -> None:
        """The bank changed under the results: the detail pane lets go of a removed item and reloads an
        edited one (the window re-runs the search, so the cards follow)."""
        current = self._current_id()
        if current is None or self.detail.source == DISTRICT:
            return
        if current in changes.removed:
            self.detail.show_empty()
            self._detail_key = None
            self._update_actions()
        elif current in changes.changed or changes.everything:
            bank = self._bank

            def shown(view: ItemView | None) -> None:
                if view is not None and self._current_id() == current:
                    self.detail.show_item(view.item, view.figures, **self._scores_of(current))
                    self.detail_shown.emit(current)

            self._runner.submit(lambda _ctx: load_item(bank, current), name="reload-item",
                                on_success=shown, on_failure=self._show_error)

    # -- edit and delete (the window refreshes every view from the changes they report) ------------
    def edit_current(self) -> ItemEditorDialog | None:
        """Open the editor on the item in the detail pane; the write runs off the GUI thread."""
        item = self.detail.item
        if item is None or self.detail.source == DISTRICT:
            return None
        if self.editor is not None:
            self.editor.close()
        dialog = ItemEditorDialog(item, dict(self.detail.figures or {}), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "editor", None))
        bank = self._bank

        def saved(_changes) -> None:
            dialog.accept()
            self.item_saved.emit(item.id)

        def refused(error: BaseException) -> None:
            dialog.set_saving(False)
            if isinstance(error, ItemFieldError):
                dialog.show_field_error(error.field, tr("edit.field_error", reason=str(error)))
                return
            message = describe(error)
            dialog.show_field_error("", message.text)

        dialog.save_requested.connect(lambda edit: self._runner.submit(
            lambda _ctx: bank.edit(item.id, edit), name="edit-item", on_success=saved, on_failure=refused))
        self.editor = dialog
        dialog.show()
        return dialog

    def delete_current(self, confirm: bool = True) -> None:
        """Delete the item in the detail pane after the teacher confirms (undo brings it back)."""
        from PySide6.QtWidgets import QMessageBox

        item = self.detail.item
        if item is None or self.detail.source == DISTRICT:
            return
        if confirm:
            answer = QMessageBox.question(self, tr("detail.delete_confirm_title"),
                                          tr("detail.delete_confirm", id=item.id))
            if answer != QMessageBox.StandardButton.Yes:
                return
        bank = self._bank
        self._runner.submit(lambda _ctx: bank.delete(item.id), name="delete-item",
                            on_success=lambda _c: self.item_deleted.emit(item.id),
                            on_failure=self._show_error)

    def _show_error(self, error: BaseException) -> None:
        message = describe(error)
        self.show_message(message.text, message.kind, message.detail)

    def open_item_dialog(self, key: str) -> ItemDetailDialog | None:
        outcome = self._outcome
        if outcome is None or key not in outcome.items:
            return None
        source = outcome.source_of(key) if outcome.query.source != LOCAL else None
        dialog = ItemDetailDialog(outcome.items[key], outcome.figures, self, source=source)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self._dialogs.remove(d) if d in self._dialogs else None)
        self._dialogs.append(dialog)
        dialog.show()
        return dialog

    # -- detail actions: worksheet, similar, compare ------------------------------------------
    def _current_id(self) -> str | None:
        item = self.detail.item
        return item.id if item is not None else None

    def _update_actions(self) -> None:
        current = self._current_id()
        district = current is not None and self.detail.source == DISTRICT
        copied = self._copied.get(current) if district and current else None
        self.copy_button.setVisible(district)
        self.copy_button.setEnabled(district and self._copying is None and copied is None)
        self.copy_button.setText(tr("detail.copied", id=copied) if copied else
                                 tr("detail.copying") if district and self._copying == current else
                                 tr("detail.copy_to_bank"))
        self.copy_button.setToolTip(tr("detail.copy_tip"))
        # a worksheet is made from this bank: a district item goes on it once copied
        self.add_button.setEnabled(current is not None and (not district or copied is not None))
        self.add_button.setToolTip(tr("detail.district_first_copy") if district and not copied else "")
        for button in (self.similar_button, self.compare_button, self.edit_button, self.delete_button):
            # about items of this bank only
            button.setEnabled(current is not None and not district)
            button.setVisible(not district)
        if self._pinned and current and current != self._pinned:
            self.compare_button.setText(tr("detail.compare_with", id=self._pinned))
        elif self._pinned and current == self._pinned:
            self.compare_button.setText(tr("detail.compare_pinned"))
        else:
            self.compare_button.setText(tr("detail.compare_pin"))

    def _add_current(self) -> None:
        current = self._current_id()
        if current and self.detail.source == DISTRICT:
            current = self._copied.get(current)
        if current:
            self.add_to_basket.emit([current])

    # -- 내 은행에 복사 ----------------------------------------------------------------------------
    def copy_current(self) -> None:
        """Copy the district item on show (with its figures) into this bank, on the network lane."""
        item = self.detail.item
        if item is None or self.detail.source != DISTRICT or self._copying is not None:
            return
        remote = self._district_client()
        if remote is None:
            self._copy_failed(RemoteError(remote_errors.NOT_CONFIGURED, "", "no district server is saved for this bank"))
            return
        bank, item_id = self._bank, item.id
        self._copying = item_id
        self._update_actions()
        self._remote_runner.submit(lambda _ctx: copy_remote_item(remote, bank, item_id), name="copy-district-item",
                                   on_success=self._copy_done, on_failure=self._copy_failed)

    def _copy_done(self, result: CopyResult) -> None:
        self._copying = None
        self._copied[result.remote_id] = result.local_id
        key = "copy.done" if result.status == COPIED else "copy.already"
        self.show_message(tr(key, remote=result.remote_id, local=result.local_id), "info")
        self._update_actions()
        self.item_copied.emit(result)

    def _copy_failed(self, error: BaseException) -> None:
        self._copying = None
        self._update_actions()
        message = describe(error)
        self.show_message(message.text, message.kind, message.detail)
        self.copy_failed.emit(message.text)

    def _on_district_changed(self) -> None:
        self.panel.sources.set_district_available(self._district is not None and self._district.configured)

    def find_similar(self, item_id: str | None) -> int | None:
        """List the items most like ``item_id`` (the engine's neighbours) in place of the results; the
        list left behind is remembered for "← 뒤로"."""
        if not item_id:
            return None
        if self._outcome is not None:
            key = self._detail_key if self.detail.item is not None else None
            self._history.append(_Visit(self._outcome.query, key, self.results.verticalScrollBar().value()))
        generation = self.controller.search_now(SearchQuery(similar_to=item_id, k=SIMILAR_COUNT))
        self._update_back()
        return generation

    @property
    def can_go_back(self) -> bool:
        return bool(self._history)

    def go_back(self) -> int | None:
        """"← 뒤로" (Alt+←): the query before "비슷한 문항 찾기" again, with its selection and scroll."""
        if not self._history:
            return None
        visit = self._history.pop()
        self._restore = visit
        self._back_generation = self.controller.search_now(visit.query)
        self._update_back()
        self.went_back.emit(self._back_generation)
        return self._back_generation

    def _update_back(self) -> None:
        self.back_button.setVisible(bool(self._history))
        self.back_shortcut.setEnabled(bool(self._history))

    def _compare_clicked(self) -> None:
        current = self._current_id()
        if current is None:
            return
        if self._pinned is None or self._pinned == current:
            self._pinned = current  # the first of the two; pick another item, then compare
            self._update_actions()
            return
        self.compare_items(self._pinned, current)

    def compare_items(self, id_a: str, id_b: str) -> None:
        """Open the two items side by side (loaded on the worker)."""
        from desktop_app.bank_ops import load_items
        from desktop_app.widgets.compare_view import CompareDialog

        bank = self._bank

        def show(view) -> None:
            if len(view.items) < 2:
                self.show_message(tr("error.item_missing", id=id_a if not view.items else id_b), "warning")
                return
            dialog = CompareDialog(view.items[0], view.items[1], view.figures, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(lambda _r, d=dialog: self._dialogs.remove(d) if d in self._dialogs else None)
            self._dialogs.append(dialog)
            dialog.show()
            self.compare_opened.emit(dialog)

        self._runner.submit(lambda _ctx: load_items(bank, [id_a, id_b]), name="compare",
                            on_success=show, on_failure=self._show_error)

    # -- notices ------------------------------------------------------------------------------
    def _on_model_banner_dismissed(self) -> None:
        self._model_banner_wanted = False
        self.model_banner_dismissed.emit()

    def show_model_banner(self, show: bool) -> None:
        self._model_banner_wanted = show
        if show:
            self.model_banner.show_message(tr("banner.keyword_only"), "info")
        else:
            self.model_banner.hide()

    def set_bank_total(self, count: int) -> None:
        self._bank_total = count
        self._update_count()

    def set_available_modes(self, modes: list[str]) -> None:
        self.panel.set_available_modes(modes)

    def set_rerank_available(self, available: bool) -> None:
        self.panel.rerank.set_available(available)

    def set_image_search_available(self, available: bool) -> None:
        self.panel.set_image_search_available(available)

    def retranslate(self) -> None:
        self.panel.retranslate()
        self.model_banner.retranslate()
        self.message_banner.retranslate()
        if self.model_banner.isVisible():
            self.model_banner.show_message(tr("banner.keyword_only"), "info")
        if self.message_banner.isVisible() and self.message_banner.property("kind_key") == NEEDS_MODEL_PACK:
            self.message_banner.hide()  # its text was in the old language; the next search says it again
        self._update_count()
        self.back_button.setText(tr("results.back"))
        self.back_button.setToolTip(tr("results.back_tip"))
        if self._outcome is not None and self._outcome.count == 0:
            self._fill_empty_view(self._outcome)
        else:
            self.empty_label.setText(tr("results.none"))
        self.more_button.setText(tr("results.more"))
        self.add_button.setText(tr("detail.add_to_basket"))
        self.similar_button.setText(tr("detail.similar"))
        self.edit_button.setText(tr("detail.edit"))
        self.delete_button.setText(tr("detail.delete"))
        self._update_actions()
        self.detail.retranslate()
        if self._outcome is not None:
            current = self._detail_key if self.detail.item is not None else None

            def reselect() -> None:
                if current is not None:
                    self.results.blockSignals(True)
                    self.results.select_item(current)
                    self.results.blockSignals(False)
                    for card in self.results.cards:
                        card.set_selected(card.key == current)

            self.results.show_outcome(self._outcome, done=reselect)  # badges carry translated words
