"""The list of result cards (a QListWidget, so keyboard navigation and selection come for free)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from desktop_app.bank_ops import SearchOutcome
from desktop_app.widgets.result_card import ResultCard


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
        self.currentRowChanged.connect(self._on_row)
        self.itemActivated.connect(lambda it: self.item_activated.emit(it.data(Qt.ItemDataRole.UserRole)))
        self.itemDoubleClicked.connect(
            lambda it: self.item_activated.emit(it.data(Qt.ItemDataRole.UserRole)))

    @property
    def cards(self) -> list[ResultCard]:
        return list(self._cards)

    def show_outcome(self, outcome: SearchOutcome) -> None:
        """Replace the cards with ``outcome``'s hits, best first."""
        self.setUpdatesEnabled(False)
        try:
            self.clear()
            self._cards = []
            for hit in outcome.hits:
                item = outcome.items.get(hit.id)
                if item is None:
                    continue
                matched = hit.explain.get("keyword", {}).get("matched", []) if hit.explain else []
                score = None if outcome.query.is_browse else hit.score
                card = ResultCard(item, score, hit.rank, outcome.thumbnails.get(hit.id), matched)
                row = QListWidgetItem(self)
                row.setData(Qt.ItemDataRole.UserRole, item.id)
                row.setSizeHint(QSize(100, card.sizeHint().height()))
                self.setItemWidget(row, card)
                self._cards.append(card)
        finally:
            self.setUpdatesEnabled(True)

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
        if 0 <= row < self.count():
            self.item_selected.emit(self.item(row).data(Qt.ItemDataRole.UserRole))
