"""중복 검토: the engine's near-duplicate clusters, one pair at a time side by side, and the teacher's
verdict — "not a duplicate" (remembered: the pair never comes back) or "duplicate, keep both"."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton,
                               QSplitter, QStackedWidget, QVBoxLayout, QWidget)

from desktop_app.bank_ops import DuplicatesOutcome, Verdict, decide_duplicate, find_duplicates, merge_items
from desktop_app.errors import describe
from desktop_app.i18n import tr
from desktop_app.tasks import TaskRunner
from desktop_app.widgets.banner import Banner
from desktop_app.widgets.compare_view import CompareView
from desktop_app.widgets.job_row import JobRow
from desktop_app.widgets.pair_row import PairRow
from engine.api import ItemBank

PAIR_ROLE = Qt.ItemDataRole.UserRole
STATE_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_ROLE = Qt.ItemDataRole.UserRole + 2  # what the row's widget says, as plain text


class DuplicatesPage(QWidget):
    scan_finished = Signal(object)       # DuplicatesOutcome
    pair_shown = Signal(str, str)
    decided = Signal(str, str, str)      # id_a, id_b, decision
    add_to_basket = Signal(list)         # item ids
    failed = Signal(str)

    def __init__(self, bank: ItemBank, runner: TaskRunner, parent: QWidget | None = None,
                 quick: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.bank = bank
        self.runner = runner
        self.quick = quick or runner  # short reads and single writes; long jobs go to ``runner``
        self.outcome: DuplicatesOutcome | None = None
        self.title = QLabel()
        self.title.setObjectName("PageTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("PageSubtitle")
        self.subtitle.setWordWrap(True)
        self.scan_button = QPushButton()
        self.scan_button.setProperty("primary", True)
        self.scan_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.scan_button.clicked.connect(self.scan)
        self.job = JobRow(runner)
        self.summary = QLabel()
        self.summary.setObjectName("CountLabel")
        self.banner = Banner()

        self.pairs = QListWidget()
        self.pairs.setObjectName("SideList")
        self.pairs.setMinimumWidth(300)
        self.pairs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pairs.setWordWrap(True)
        self.pairs.currentItemChanged.connect(lambda current, _prev: self._show_current(current))
        self.compare = CompareView()
        self.empty = QLabel()
        self.empty.setObjectName("EmptyResults")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.right_stack = QStackedWidget()
        self.right_stack.addWidget(self.empty)
        self.right_stack.addWidget(self.compare)

        self.not_dup_button = QPushButton()
        self.not_dup_button.clicked.connect(lambda: self.decide("not_duplicate"))
        self.dup_button = QPushButton()
        self.dup_button.clicked.connect(lambda: self.decide("duplicate"))
        self.merge_button = QPushButton()
        self.merge_button.clicked.connect(self.merge)
        self.basket_button = QPushButton()
        self.basket_button.clicked.connect(self._basket_left)
        actions = QHBoxLayout()
        actions.addWidget(self.basket_button)
        actions.addStretch(1)
        actions.addWidget(self.not_dup_button)
        actions.addWidget(self.dup_button)
        actions.addWidget(self.merge_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.right_stack, 1)
        right_layout.addLayout(actions)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(14)
        self.splitter.addWidget(self.pairs)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([440, 760])

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)
        top.addWidget(self.scan_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.job)
        layout.addWidget(self.banner)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        self.job.busy_changed.connect(lambda busy: self.scan_button.setEnabled(not busy))
        self.retranslate()
        self._update_actions()

    # -- scanning -------------------------------------------------------------------------
    def scan(self) -> None:
        bank = self.bank
        self.banner.hide()
        self.job.run(lambda ctx: find_duplicates(bank, ctx), "dup.scanning", cancellable=True,
                     on_success=self._show_outcome, on_failure=self._failed)

    def _show_outcome(self, outcome: DuplicatesOutcome | None) -> None:
        if outcome is None:
            return
        self.outcome = outcome
        self.pairs.clear()
        for number, cluster in enumerate(outcome.clusters, start=1):
            for pair in sorted(cluster.pairs, key=lambda p: -p.score):
                entry = QListWidgetItem()
                entry.setData(PAIR_ROLE, (number, pair))
                entry.setData(STATE_ROLE, outcome.decisions.get((pair.id_a, pair.id_b), ""))
                self.pairs.addItem(entry)
                self._label_entry(entry)
        count = sum(len(c.pairs) for c in outcome.clusters)
        self.summary.setText(tr("dup.summary", clusters=len(outcome.clusters), pairs=count,
                                method=tr(f"dup.method_{outcome.method}")))
        if count:
            self.pairs.setCurrentRow(0)
        else:
            self.empty.setText(tr("dup.none_found"))
            self.right_stack.setCurrentWidget(self.empty)
        self._update_actions()
        self.scan_finished.emit(outcome)

    def _label_entry(self, entry: QListWidgetItem) -> None:
        """The row: state and scores, then both stems and both first figures side by side."""
        number, pair = entry.data(PAIR_ROLE)
        state = entry.data(STATE_ROLE)
        summary = tr("dup.pair_line", n=number, a=pair.id_a, b=pair.id_b, score=f"{pair.score:.2f}",
                     text=f"{pair.text_similarity:.2f}").replace("\n", "  ·  ")
        if state:
            summary = tr(f"dup.state_{state}") + "  " + summary
        row = self.pairs.itemWidget(entry)
        if not isinstance(row, PairRow):
            row = PairRow()
        items = self.outcome.items if self.outcome is not None else {}
        figures = self.outcome.figures if self.outcome is not None else {}
        row.set_pair(summary, (pair.id_a, items.get(pair.id_a)), (pair.id_b, items.get(pair.id_b)), figures,
                     muted=bool(state))
        if self.pairs.itemWidget(entry) is not row:
            self.pairs.setItemWidget(entry, row)
        entry.setSizeHint(QSize(100, row.sizeHint().height() + 16))  # the list item's own padding (style)
        entry.setData(TEXT_ROLE, row.plain_text())
        entry.setToolTip(row.plain_text())

    def row_text(self, row: int) -> str:
        """What pair row ``row`` shows, as plain text (tests, accessibility)."""
        return self.pairs.item(row).data(TEXT_ROLE) or ""

    def current_pair(self):
        entry = self.pairs.currentItem()
        return entry.data(PAIR_ROLE)[1] if entry is not None else None

    def _show_current(self, entry: QListWidgetItem | None) -> None:
        self._update_actions()
        if entry is None or self.outcome is None:
            return
        _number, pair = entry.data(PAIR_ROLE)
        a, b = self.outcome.items.get(pair.id_a), self.outcome.items.get(pair.id_b)
        if a is None or b is None:
            self.empty.setText(tr("error.item_missing", id=pair.id_a if a is None else pair.id_b))
            self.right_stack.setCurrentWidget(self.empty)
            return
        self.compare.show_pair(a, b, self.outcome.figures, {
            "score": pair.score, "text_similarity": pair.text_similarity,
            "image_similarity": pair.image_similarity})
        self.right_stack.setCurrentWidget(self.compare)
        self.pair_shown.emit(pair.id_a, pair.id_b)

    def _update_actions(self) -> None:
        entry = self.pairs.currentItem()
        has = entry is not None
        merged = has and entry.data(STATE_ROLE) == "merged"
        for button in (self.not_dup_button, self.dup_button, self.basket_button, self.merge_button):
            button.setEnabled(has and not merged)
        if not has and self.outcome is None:
            self.empty.setText(tr("dup.start_hint"))
            self.right_stack.setCurrentWidget(self.empty)

    # -- verdicts -------------------------------------------------------------------------
    def decide(self, decision: str) -> None:
        entry = self.pairs.currentItem()
        if entry is None:
            return
        _number, pair = entry.data(PAIR_ROLE)
        bank = self.bank

        def done(result: Verdict) -> None:
            entry.setData(STATE_ROLE, decision)
            self._label_entry(entry)
            row = self.pairs.row(entry)
            for step in range(row + 1, self.pairs.count()):  # on to the next pair not yet decided
                if not self.pairs.item(step).data(STATE_ROLE):
                    self.pairs.setCurrentRow(step)
                    break
            self.decided.emit(result.id_a, result.id_b, result.decision)

        self.quick.submit(lambda _ctx: decide_duplicate(bank, pair.id_a, pair.id_b, decision),
                           name="decide-duplicate", on_success=done, on_failure=self._failed)

    def merge(self) -> None:
        """Keep the left item, fold the right one into it (after the teacher confirms)."""
        entry = self.pairs.currentItem()
        if entry is None:
            return
        _number, pair = entry.data(PAIR_ROLE)
        keep, drop = pair.id_a, pair.id_b
        answer = QMessageBox.question(self, tr("dup.merge_confirm_title"),
                                      tr("dup.merge_confirm", keep=keep, drop=drop))
        if answer != QMessageBox.StandardButton.Yes:
            return
        bank = self.bank

        def done(result: Verdict) -> None:
            for row in range(self.pairs.count()):  # every pair with the removed item is settled
                other = self.pairs.item(row)
                if drop in (other.data(PAIR_ROLE)[1].id_a, other.data(PAIR_ROLE)[1].id_b):
                    other.setData(STATE_ROLE, "merged")
                    self._label_entry(other)
            self._update_actions()
            self.decided.emit(result.id_a, result.id_b, result.decision)

        self.quick.submit(lambda _ctx: merge_items(bank, keep, drop), name="merge-items", on_success=done,
                          on_failure=self._failed)

    def forget(self, removed_ids) -> None:
        """Items gone from the bank (a merge, a delete elsewhere): their pairs are settled, not offered."""
        removed = set(removed_ids)
        for row in range(self.pairs.count()):
            entry = self.pairs.item(row)
            pair = entry.data(PAIR_ROLE)[1]
            if removed & {pair.id_a, pair.id_b} and entry.data(STATE_ROLE) != "merged":
                entry.setData(STATE_ROLE, "merged")
                self._label_entry(entry)
        self._update_actions()

    def _basket_left(self) -> None:
        pair = self.current_pair()
        if pair is not None:
            self.add_to_basket.emit([pair.id_a])

    def _failed(self, error: BaseException) -> None:
        message = describe(error)
        self.banner.show_message(message.text, message.kind, message.detail)
        self.failed.emit(message.text)

    def retranslate(self) -> None:
        self.title.setText(tr("dup.title"))
        self.subtitle.setText(tr("dup.subtitle"))
        self.scan_button.setText(tr("dup.scan"))
        self.not_dup_button.setText(tr("dup.not_duplicate"))
        self.dup_button.setText(tr("dup.duplicate"))
        self.basket_button.setText(tr("dup.basket_left"))
        self.not_dup_button.setToolTip(tr("dup.not_duplicate_tip"))
        self.dup_button.setToolTip(tr("dup.duplicate_tip"))
        self.merge_button.setText(tr("dup.merge"))
        self.merge_button.setToolTip(tr("dup.merge_tip"))
        self.job.retranslate()
        self.banner.retranslate()
        for row in range(self.pairs.count()):
            self._label_entry(self.pairs.item(row))
        if self.outcome is None:
            self.empty.setText(tr("dup.start_hint"))
