"""시험지: the items collected from search (or duplicate review), in order, with a live preview of the
worksheet, and export to PDF or HWPX (the engine's one layout: answers on a new page, none, or a
separate 정답지 file; one or two columns; A4 or B4) or to JSONL/CSV. Exports run on the job runner."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListView, QListWidget,
                               QListWidgetItem, QPushButton, QSplitter, QTextBrowser, QVBoxLayout,
                               QWidget)

from desktop_app.bank_ops import ItemsView, export_worksheet, load_items
from desktop_app.errors import describe
from desktop_app.i18n import tr
from desktop_app.pages.page_parts import page_heading
from desktop_app.tasks import TaskRunner
from desktop_app.widgets.job_row import JobRow
from desktop_app.widgets.rich_list_delegate import RichTextDelegate
from desktop_app.worksheet import build_document, worksheet_html
from engine.api import ItemBank, PaperOptions

FORMATS = {"pdf": ("basket.filter_pdf", ".pdf"), "hwpx": ("basket.filter_hwpx", ".hwpx"),
           "key": ("basket.filter_pdf", ".pdf"), "jsonl": ("basket.filter_jsonl", ".jsonl"),
           "csv": ("basket.filter_csv", ".csv")}


class BasketPage(QWidget):
    changed = Signal(list)            # the ids, in order
    loaded = Signal()                 # the list and the preview show the current ids
    exported = Signal(str, object)    # format, (path, pages or item count)
    failed = Signal(str)
    details_changed = Signal()        # school or teacher edited: the window saves them in the settings

    def __init__(self, bank: ItemBank, runner: TaskRunner, parent: QWidget | None = None,
                 quick: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.bank = bank
        self.runner = runner
        self.quick = quick or runner  # short reads and single writes; long jobs go to ``runner``
        self.ids: list[str] = []
        self.view: ItemsView | None = None
        self._load_generation = 0

        self.title, self.subtitle, self.banner = page_heading()

        self.list = QListWidget()
        self.list.setObjectName("SideList")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setItemDelegate(RichTextDelegate(self.list))  # x² and $…$ as in the detail pane
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # rows re-wrap when the splitter moves
        self.list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.up_button = QPushButton("▲")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton("▼")
        self.down_button.clicked.connect(lambda: self.move(1))
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_current)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear)
        list_buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            list_buttons.addWidget(button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.clear_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.count_label = QLabel()
        self.count_label.setObjectName("CountLabel")
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(list_buttons)

        self.sheet_title = QLineEdit()
        self.sheet_title.setObjectName("SheetTitle")
        self.sheet_title.textEdited.connect(lambda _t: self._render_preview())
        self.answers = QCheckBox()
        self.answers.toggled.connect(lambda _on: self._render_preview())
        self.two_columns = QCheckBox()
        self.paper_size = QComboBox()
        self.paper_size.addItems(["A4", "B4"])
        # the paper's header and metadata: school, teacher (the files' creator), A/B versions
        self.school_label, self.teacher_label = QLabel(), QLabel()
        for label in (self.school_label, self.teacher_label):
            label.setObjectName("FilterLabel")
        self.school = QLineEdit()
        self.school.setObjectName("SchoolName")
        self.teacher = QLineEdit()
        self.teacher.setObjectName("TeacherName")
        self.school.editingFinished.connect(lambda: self.details_changed.emit())
        self.school.textChanged.connect(lambda _t: self._render_preview())
        self.teacher.editingFinished.connect(lambda: self.details_changed.emit())
        self.variants = QCheckBox()
        self.shuffle_choices = QCheckBox()
        self.shuffle_choices.setEnabled(False)
        self.variants.toggled.connect(self.shuffle_choices.setEnabled)
        self.preview = QTextBrowser()
        self.preview.setObjectName("WorksheetPreview")
        self.preview.setOpenLinks(False)
        self.pdf_button = QPushButton()
        self.pdf_button.setProperty("primary", True)
        self.pdf_button.clicked.connect(lambda: self.choose_and_export("pdf"))
        self.hwpx_button = QPushButton()
        self.hwpx_button.clicked.connect(lambda: self.choose_and_export("hwpx"))
        self.key_button = QPushButton()
        self.key_button.clicked.connect(lambda: self.choose_and_export("key"))
        self.jsonl_button = QPushButton()
        self.jsonl_button.clicked.connect(lambda: self.choose_and_export("jsonl"))
        self.csv_button = QPushButton()
        self.csv_button.clicked.connect(lambda: self.choose_and_export("csv"))
        self.job = JobRow(runner)
        self.job.busy_changed.connect(lambda _b: self._update_buttons())
        options = QHBoxLayout()
        self.title_label = QLabel()
        self.title_label.setObjectName("FilterLabel")
        options.addWidget(self.title_label)
        options.addWidget(self.sheet_title, 1)
        options.addWidget(self.answers)
        options.addWidget(self.two_columns)
        options.addWidget(self.paper_size)
        details = QHBoxLayout()
        details.addWidget(self.school_label)
        details.addWidget(self.school, 1)
        details.addWidget(self.teacher_label)
        details.addWidget(self.teacher, 1)
        details.addWidget(self.variants)
        details.addWidget(self.shuffle_choices)
        exports = QHBoxLayout()
        exports.addStretch(1)
        exports.addWidget(self.csv_button)
        exports.addWidget(self.jsonl_button)
        exports.addWidget(self.key_button)
        exports.addWidget(self.hwpx_button)
        exports.addWidget(self.pdf_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(options)
        right_layout.addLayout(details)
        right_layout.addWidget(self.preview, 1)
        right_layout.addWidget(self.job)
        right_layout.addLayout(exports)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(14)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.retranslate()

    @property
    def creator(self) -> str:
        """The teacher's name, written into the files as their creator."""
        return self.teacher.text().strip()

    @creator.setter
    def creator(self, name: str) -> None:
        self.teacher.setText(name)

    # -- the list ---------------------------------------------------------------------------
    def add(self, ids: list[str]) -> int:
        """Append ids not yet in the basket; returns how many were added."""
        new = [i for i in ids if i not in self.ids]
        if new:
            self.set_ids(self.ids + new)
        return len(new)

    def set_ids(self, ids: list[str]) -> None:
        self.ids = list(dict.fromkeys(ids))
        self.changed.emit(list(self.ids))
        self.reload()

    def forget(self, removed_ids) -> None:
        """Items deleted or merged away leave the worksheet too."""
        removed = set(removed_ids)
        if removed & set(self.ids):
            self.set_ids([i for i in self.ids if i not in removed])

    def item_changed(self, changes) -> None:
        """An edited item is shown (and printed) as it is now."""
        if changes.everything or changes.changed & set(self.ids):
            self.reload()

    def reload(self) -> None:
        """Read the basket's items (and figure files) on the worker, then redraw."""
        self._load_generation += 1
        generation = self._load_generation
        bank, ids = self.bank, list(self.ids)
        self.quick.submit(lambda _ctx: load_items(bank, ids), name="basket",
                           on_success=lambda view: self._show(generation, view),
                           on_failure=self._failed)

    def _show(self, generation: int, view: ItemsView) -> None:
        if generation != self._load_generation:
            return
        self.view = view
        row = self.list.currentRow()
        self.list.clear()
        for number, item in enumerate(view.items, start=1):
            stem = item.stem if len(item.stem) <= 60 else item.stem[:59] + "…"
            meta = " · ".join(v for v in (item.subject, item.grade, item.type) if v)
            entry = QListWidgetItem(f"{number}. {stem}\n{meta} · {item.id}")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            self.list.addItem(entry)
        if self.list.count():
            self.list.setCurrentRow(min(max(row, 0), self.list.count() - 1))
        self.count_label.setText(tr("basket.count", n=len(view.items)))
        self._render_preview()
        self._update_buttons()
        self.loaded.emit()

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < len(self.ids):
            return
        ids = list(self.ids)
        ids[row], ids[target] = ids[target], ids[row]
        self.set_ids(ids)
        self.list.setCurrentRow(target)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.ids):
            self.set_ids(self.ids[:row] + self.ids[row + 1:])

    def clear(self) -> None:
        self.set_ids([])

    def _update_buttons(self) -> None:
        has_items = bool(self.ids)
        row = self.list.currentRow()
        busy = self.job.busy
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < len(self.ids) - 1)
        self.remove_button.setEnabled(row >= 0)
        self.clear_button.setEnabled(has_items)
        for button in (self.pdf_button, self.hwpx_button, self.key_button, self.jsonl_button,
                       self.csv_button):
            button.setEnabled(has_items and not busy)

    # -- preview and export -------------------------------------------------------------------
    def worksheet_title(self) -> str:
        return self.sheet_title.text().strip() or tr("basket.default_title")

    def current_html(self) -> str:
        view = self.view or ItemsView([], {})
        options = PaperOptions(school=self.school.text().strip(),
                               columns=2 if self.two_columns.isChecked() else 1)
        return worksheet_html(self.worksheet_title(), view.items, view.figures,
                              with_answers=self.answers.isChecked(), options=options)

    def _render_preview(self) -> None:
        if self.view is None or not self.view.items:
            self.preview.setHtml(f"<p style='color:#8a93a0'>{tr('basket.empty')}</p>")
            return
        self.preview.setDocument(build_document(self.current_html(), 10.5))

    def choose_and_export(self, fmt: str) -> None:
        filter_key, suffix = FORMATS[fmt]
        default = str(Path.home() / (self.worksheet_title() + suffix))
        path, _ = QFileDialog.getSaveFileName(self, tr("basket.save_title"), default, tr(filter_key))
        if path:
            if not path.lower().endswith(suffix):
                path += suffix
            self.export(path, fmt)

    def export(self, out: str | Path, fmt: str):
        """Write the basket as ``fmt``; "key" is a PDF paper plus its separate 정답지 (NAME-정답.pdf)."""
        if not self.ids:
            return None
        bank, ids = self.bank, list(self.ids)
        title, with_answers = self.worksheet_title(), self.answers.isChecked()
        file_format = "pdf" if fmt == "key" else fmt
        layout = dict(answers="separate" if fmt == "key" else "", creator=self.creator,
                      columns=2 if self.two_columns.isChecked() else 1, paper=self.paper_size.currentText(),
                      school=self.school.text().strip(),
                      variants=("A", "B") if self.variants.isChecked() else (),
                      shuffle_choices=self.variants.isChecked() and self.shuffle_choices.isChecked())
        self.banner.hide()
        return self.job.run(
            lambda _ctx: export_worksheet(bank, ids, out, file_format, title=title,
                                          with_answers=with_answers, **layout),
            "basket.exporting", cancellable=False, on_success=lambda result: self._exported(fmt, result),
            on_failure=self._failed, format=file_format.upper())

    def _exported(self, fmt: str, result) -> None:
        path, count = result[0], result[1]
        key = "basket.saved_pdf" if fmt in ("pdf", "key") else "basket.saved_sheet"
        message = tr(key, path=path, n=count)
        others = len(result[2]) - 1 if len(result) > 2 else 0
        if others > 0:
            message += " " + tr("basket.saved_more", n=others)
        self.banner.show_message(message, "info")
        self.exported.emit(fmt, result)

    def _failed(self, error: BaseException) -> None:
        message = describe(error)
        self.banner.show_message(message.text, message.kind, message.detail)
        self.failed.emit(message.text)

    def retranslate(self) -> None:
        self.title.setText(tr("basket.title"))
        self.subtitle.setText(tr("basket.subtitle"))
        self.title_label.setText(tr("basket.sheet_title"))
        self.sheet_title.setPlaceholderText(tr("basket.default_title"))
        self.answers.setText(tr("basket.with_answers"))
        self.remove_button.setText(tr("basket.remove"))
        self.clear_button.setText(tr("basket.clear"))
        self.pdf_button.setText(tr("basket.export_pdf"))
        self.hwpx_button.setText(tr("basket.export_hwpx"))
        self.key_button.setText(tr("basket.export_key"))
        self.two_columns.setText(tr("basket.two_columns"))
        self.school_label.setText(tr("basket.school"))
        self.teacher_label.setText(tr("basket.teacher"))
        self.school.setPlaceholderText(tr("basket.school_hint"))
        self.teacher.setPlaceholderText(tr("basket.teacher_hint"))
        self.variants.setText(tr("basket.variants"))
        self.variants.setToolTip(tr("basket.variants_tip"))
        self.shuffle_choices.setText(tr("basket.shuffle_choices"))
        self.jsonl_button.setText(tr("basket.export_jsonl"))
        self.csv_button.setText(tr("basket.export_csv"))
        self.count_label.setText(tr("basket.count", n=len(self.view.items) if self.view else len(self.ids)))
        self.job.retranslate()
        self.banner.retranslate()
        self._render_preview()
        self._update_buttons()
