"""The search page: query panel, notices, result cards on the left, the chosen item on the right.

It turns panel changes into searches (through ``SearchController``), draws the latest answer, and
shows failures as sentences in a banner. It never calls the bank on the GUI thread.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QStackedWidget, QVBoxLayout, QWidget)

from desktop_app.bank_ops import ItemView, SearchOutcome, SearchQuery, load_item
from desktop_app.errors import NEEDS_MODEL_PACK, describe
from desktop_app.i18n import tr
from desktop_app.search_controller import SearchController
from desktop_app.tasks import TaskRunner
from desktop_app.widgets.banner import Banner
from desktop_app.widgets.detail_view import ItemDetailDialog, ItemDetailPane
from desktop_app.widgets.result_list import ResultList
from desktop_app.widgets.search_panel import SearchPanel
from engine.api import ItemBank

MORE_STEP = 50


class SearchPage(QWidget):
    results_rendered = Signal(int)       # generation whose cards are now on screen
    search_failed = Signal(int, str)     # generation, the message shown
    detail_shown = Signal(str)           # item id now in the detail pane
    detail_missing = Signal(str)         # show_item() for an id the bank does not have
    mode_used = Signal(str)              # the engine's resolved mode of the last search
    model_banner_dismissed = Signal()
    add_to_basket = Signal(list)         # item ids the teacher put on the worksheet
    compare_opened = Signal(object)      # the CompareDialog

    def __init__(self, bank: ItemBank, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bank = bank
        self._runner = runner
        self._outcome: SearchOutcome | None = None
        self._dialogs: list[ItemDetailDialog] = []
        self._fallback_generation: int | None = None  # text-only search after an image search failed
        self._model_banner_wanted = False
        self._bank_total: int | None = None
        self._keep_scroll: int | None = None

        self.panel = SearchPanel()
        self.controller = SearchController(bank, runner, self.panel.current_query, parent=self)
        self.model_banner = Banner()
        self.model_banner.dismissed.connect(self._on_model_banner_dismissed)
        self.message_banner = Banner()
        self.count_label = QLabel()
        self.count_label.setObjectName("CountLabel")
        self.results = ResultList()
        self.empty_label = QLabel()
        self.empty_label.setObjectName("EmptyResults")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty_label.setWordWrap(True)
        self.result_stack = QStackedWidget()
        self.result_stack.addWidget(self.results)
        self.result_stack.addWidget(self.empty_label)
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
        self._pinned: str | None = None
        actions = QHBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(self.add_button)
        actions.addWidget(self.similar_button)
        actions.addWidget(self.compare_button)
        actions.addStretch(1)
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
        content.addWidget(self.count_label)
        content.addWidget(self.splitter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.panel)
        layout.addLayout(content, 1)

        self.panel.query_edited.connect(self.controller.schedule)
        self.panel.submitted.connect(self.search_now)
        self.panel.image_cleared.connect(self._on_image_cleared)
        self.panel.query.move_down.connect(self._focus_results)
        self.controller.started.connect(self._on_started)
        self.controller.finished.connect(self._on_finished)
        self.controller.failed.connect(self._on_failed)
        self.results.item_selected.connect(self._show_selected)
        self.results.item_activated.connect(self.open_item_dialog)
        self.detail_shown.connect(lambda _id: self._update_actions())
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

    def _on_image_cleared(self) -> None:
        if self.message_banner.property("kind_key") == NEEDS_MODEL_PACK:
            self.message_banner.hide()
            self.show_model_banner(self._model_banner_wanted)
        self.search_now()

    def _on_started(self, _generation: int, _query: SearchQuery) -> None:
        self.count_label.setText(tr("results.searching"))

    def show_more(self) -> int | None:
        """The same search with room for more results (the list keeps its place)."""
        if self._outcome is None:
            return None
        query = self._outcome.query
        self._keep_scroll = self.results.verticalScrollBar().value()
        return self.controller.search_now(replace(query, k=query.k + MORE_STEP))

    def _on_finished(self, outcome: SearchOutcome) -> None:
        previous = self.results.current_item_id()
        same_query = self._outcome is not None and replace(self._outcome.query, k=0) == replace(outcome.query, k=0)
        keep_scroll = self._keep_scroll if same_query else None
        self._keep_scroll = None
        self._outcome = outcome
        if outcome.generation != self._fallback_generation:
            self.message_banner.hide()  # the last problem is solved once a search succeeds
        self._update_count()
        self.more_button.setVisible(outcome.count >= outcome.query.k)
        self.mode_used.emit(outcome.mode)
        if outcome.count == 0:
            self.results.show_outcome(outcome)
            self.result_stack.setCurrentWidget(self.empty_label)
            self.detail.show_empty()
            self.results_rendered.emit(outcome.generation)
            return
        self.result_stack.setCurrentWidget(self.results)

        def all_cards_drawn() -> None:
            if self._outcome is not outcome:
                return
            if previous and self.results.current_item_id() != previous:
                self.results.select_item(previous)
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)
            if keep_scroll is not None:
                self.results.verticalScrollBar().setValue(keep_scroll)
            self.results_rendered.emit(outcome.generation)

        self.results.show_outcome(outcome, done=all_cards_drawn)
        # the first screenful is there already: show the kept (or the best) item without waiting
        if previous is None or previous not in outcome.items:
            self.results.setCurrentRow(0)
        else:
            self.results.select_item(previous)  # if it is in a later batch, all_cards_drawn selects it

    def _update_count(self) -> None:
        outcome = self._outcome
        if outcome is None:
            self.count_label.setText("")
            return
        full = outcome.count >= outcome.query.k
        if outcome.query.similar_to:
            text = tr("results.similar", id=outcome.query.similar_to, n=outcome.count,
                      method=tr(f"dup.method_{outcome.mode}") if outcome.mode in ("semantic", "text") else outcome.mode)
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
        self.count_label.setText(text)
        self.empty_label.setText(tr("results.none"))

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
    def _show_selected(self, item_id: str) -> None:
        outcome = self._outcome
        if outcome is None or item_id not in outcome.items:
            return
        self.detail.show_item(outcome.items[item_id], outcome.figures)
        self.detail_shown.emit(item_id)

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
            self.detail.show_item(view.item, view.figures)
            self.detail_shown.emit(item_id)

        self._runner.submit(lambda _ctx: load_item(bank, item_id), name="load-item",
                            on_success=shown, on_failure=self._show_error)

    def _show_error(self, error: BaseException) -> None:
        message = describe(error)
        self.show_message(message.text, message.kind, message.detail)

    def open_item_dialog(self, item_id: str) -> ItemDetailDialog | None:
        outcome = self._outcome
        if outcome is None or item_id not in outcome.items:
            return None
        dialog = ItemDetailDialog(outcome.items[item_id], outcome.figures, self)
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
        for button in (self.add_button, self.similar_button, self.compare_button):
            button.setEnabled(current is not None)
        if self._pinned and current and current != self._pinned:
            self.compare_button.setText(tr("detail.compare_with", id=self._pinned))
        elif self._pinned and current == self._pinned:
            self.compare_button.setText(tr("detail.compare_pinned"))
        else:
            self.compare_button.setText(tr("detail.compare_pin"))

    def _add_current(self) -> None:
        current = self._current_id()
        if current:
            self.add_to_basket.emit([current])

    def find_similar(self, item_id: str | None) -> int | None:
        """List the items most like ``item_id`` (the engine's neighbours) in place of the results."""
        if not item_id:
            return None
        return self.controller.search_now(SearchQuery(similar_to=item_id, k=20))

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
        self.panel.modes.set_available(modes)

    def set_rerank_available(self, available: bool) -> None:
        self.panel.rerank.set_available(available)

    def retranslate(self) -> None:
        self.panel.retranslate()
        self.model_banner.retranslate()
        self.message_banner.retranslate()
        if self.model_banner.isVisible():
            self.model_banner.show_message(tr("banner.keyword_only"), "info")
        if self.message_banner.isVisible() and self.message_banner.property("kind_key") == NEEDS_MODEL_PACK:
            self.message_banner.hide()  # its text was in the old language; the next search says it again
        self._update_count()
        self.empty_label.setText(tr("results.none"))
        self.more_button.setText(tr("results.more"))
        self.add_button.setText(tr("detail.add_to_basket"))
        self.similar_button.setText(tr("detail.similar"))
        self._update_actions()
        self.detail.retranslate()
        if self._outcome is not None:
            current = self.detail.item

            def reselect() -> None:
                if current is not None:
                    self.results.blockSignals(True)
                    self.results.select_item(current.id)
                    self.results.blockSignals(False)
                    for card in self.results.cards:
                        card.set_selected(card.item.id == current.id)

            self.results.show_outcome(self._outcome, done=reselect)  # badges carry translated words
