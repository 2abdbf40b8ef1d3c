"""The list of result cards (a QListWidget, so keyboard navigation and selection come for free)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from desktop_app.bank_ops import SearchOutcome
from desktop_app.sources import LOCAL
from desktop_app.widgets.result_card import ResultCard
from desktop_app.widgets.result_notice import ResultNotice, notice_line


FIRST_BATCH = 10  # about a screenful, drawn at once
BATCH = 8         # then this many per turn of the event loop


def end_notice(outcome: SearchOutcome) -> str:
    """The line the list ends with: "관련 문항이 더 없습니다" when the engine says these are all the
    matches (semantic/hybrid stop at the calibrated threshold), "" otherwise (browse, similar, district)."""
    if not outcome.exhausted or outcome.query.is_browse or not outcome.hits:
        return ""
    return notice_line(True)


class ResultList(QListWidget):
    item_selected = Signal(str)    # item id
    item_activated = Signal(str)   # double-click / Enter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ResultList")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setSpacing(5)
        self.setUniformItemSizes(False)
        self._cards: list[ResultCard] = []
        self.footer: ResultNotice | None = None  # the end-of-list notice row, when the engine gave one
        self._pending = None  # (outcome, hits still to draw, done callback)
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self._render_step)
        self.currentRowChanged.connect(self._on_row)
        self.itemActivated.connect(lambda it: self.item_activated.emit(it.data(Qt.ItemDataRole.UserRole)))
        self.itemDoubleClicked.connect(
            lambda it: self.item_activated.emit(it.data(Qt.ItemDataRole.UserRole)))

    @property
    def cards(self) -> list[ResultCard]:
        return list(self._cards)

    def show_outcome(self, outcome: SearchOutcome, done: Callable[[], None] | None = None) -> None:
        """Replace the cards with ``outcome``'s hits, best first.

        The first screenful is built at once; the rest in small batches on later turns of the event
        loop, so drawing 50+ cards never holds the GUI thread for long (typing stays smooth). ``done``
        runs once every card is there; a newer ``show_outcome`` drops the older one's batches."""
        self._render_timer.stop()
        self.clear()
        self._cards = []
        self.footer = None
        hits = [hit for hit in outcome.hits if hit.id in outcome.items]
        self._add_cards(outcome, hits[:FIRST_BATCH])
        self._pending = (outcome, hits[FIRST_BATCH:], done)
        if self._pending[1]:
            self._render_timer.start()  # a child timer: it dies with the list, so no late batch
        else:
            self._finish_render()

    def _render_step(self) -> None:
        if self._pending is None:
            return
        outcome, rest, _done = self._pending
        chunk = rest[:BATCH]
        del rest[:BATCH]
        self._add_cards(outcome, chunk)
        if rest:
            self._render_timer.start()
        else:
            self._finish_render()

    def _finish_render(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            self._add_footer(pending[0])
        if pending is not None and pending[2] is not None:
            pending[2]()

    def _add_cards(self, outcome: SearchOutcome, hits: list) -> None:
        self.setUpdatesEnabled(False)
        try:
            for hit in hits:
                item = outcome.items[hit.id]
                matched = hit.explain.get("keyword", {}).get("matched", []) if hit.explain else []
                band = None if outcome.query.is_browse else hit.band
                source = outcome.source_of(hit.id) if outcome.query.source != LOCAL else None
                card = ResultCard(item, band, hit.rank, outcome.thumbnails.get(hit.id), matched,
                                  source=source, key=hit.id)
                row = QListWidgetItem(self)
                row.setData(Qt.ItemDataRole.UserRole, hit.id)  # the item id; district:<id> for a district item
                row.setSizeHint(QSize(100, card.sizeHint().height()))
                self.setItemWidget(row, card)
                card.set_selected(self.count() - 1 == self.currentRow())
                self._cards.append(card)
        finally:
            self.setUpdatesEnabled(True)

    def _add_footer(self, outcome: SearchOutcome) -> None:
        """The engine's "no more matches" line as a last row that cannot be selected."""
        line = end_notice(outcome)
        if not line:
            return
        self.footer = ResultNotice()
        self.footer.set_notice(line, outcome.keyword_count, outcome.hints)
        row = QListWidgetItem(self)
        row.setFlags(Qt.ItemFlag.NoItemFlags)
        row.setSizeHint(QSize(100, self.footer.sizeHint().height()))
        self.setItemWidget(row, self.footer)

    def select_item(self, item_id: str) -> bool:
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == item_id:
                self.setCurrentRow(row)
                self.scrollToItem(self.item(row))
                return True
        return False

    def current_item_id(self) -> str | None:
        current = self.currentItem()
        return current.data(Qt.ItemDataRole.UserRole) if current is not None else None

    def _on_row(self, row: int) -> None:
        for index, card in enumerate(self._cards):
            card.set_selected(index == row)
        key = self.item(row).data(Qt.ItemDataRole.UserRole) if 0 <= row < self.count() else None
        if key:
            self.item_selected.emit(key)
