"""문항 가져오기 마법사: pick a file or folder → preview the first rows and map the columns → check
(dry run) or import with progress and cancel → the row-level report (which rows were skipped, why).

Every format the CLI imports can be picked. A 한글 paper (.hwpx/.hwp) previews as the questions it
was split into; when the split is unsure the import stops until the teacher ticks "checked" (the
CLI's ``--accept-split``). The subject and grade choices are the CLI's ``--subject``/``--grade``:
they fill items the file leaves blank and beat a guess from a title or file name.

Reading the preview and importing run on the job lane; the dialog only draws. Cancelling stops the
import between rows and the engine rolls the whole import back, so the bank is never half-changed.
Closing the dialog while an import runs asks it to stop first.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QFileDialog, QFrame,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit,
                               QProgressBar, QPushButton, QStackedWidget, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from desktop_app.errors import describe
from desktop_app.i18n import tr
from desktop_app.import_ops import MAPPABLE_FIELDS, SourcePreview, preview_source, run_wizard_import
from desktop_app.style import repolish
from desktop_app.tasks import TaskHandle, TaskRunner
from desktop_app.widgets.banner import Banner
from desktop_app.widgets.import_report import report_lines, summary_line
from engine.api import SUBJECTS, ImportReport, ItemBank

STEPS = ("choose", "preview", "run", "report")
GRADES = ("초1", "초2", "초3", "초4", "초5", "초6", "중1", "중2", "중3", "고1", "고2", "고3")


def field_label(name: str | None) -> str:
    if name is None:
        return tr("wizard.skip_column")
    if name.startswith("choices#"):
        return tr("field.choice_n", n=name.split("#")[1])
    return tr(f"field.{name}")


class ImportWizard(QDialog):
    preview_ready = Signal(object)    # SourcePreview
    finished_report = Signal(object)  # ImportReport (dry run or real), shown on the last step
    imported = Signal(object)         # ImportReport of a real import that changed the bank
    failed = Signal(str)

    def __init__(self, bank: ItemBank, runner: TaskRunner, parent: QWidget | None = None,
                 quick: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.bank = bank
        self.runner = runner
        self.quick = quick or runner  # short reads and single writes; long jobs go to ``runner``
        self.preview: SourcePreview | None = None
        self.report: ImportReport | None = None
        self._job: TaskHandle | None = None
        self._close_when_done = False
        self.setObjectName("ImportWizard")
        self.resize(920, 620)

        self.step_labels: dict[str, QLabel] = {}
        steps = QHBoxLayout()
        steps.setSpacing(18)
        for key in STEPS:
            label = QLabel()
            label.setObjectName("StepLabel")
            self.step_labels[key] = label
            steps.addWidget(label)
        steps.addStretch(1)
        self.banner = Banner()
        self.stack = QStackedWidget()

        # 1. choose
        choose = QWidget()
        lay = QVBoxLayout(choose)
        lay.setContentsMargins(0, 8, 0, 0)
        self.choose_text = QLabel()
        self.choose_text.setObjectName("CardText")
        self.choose_text.setWordWrap(True)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("ImportPath")
        self.path_edit.returnPressed.connect(self.load_preview)
        self.file_button = QPushButton()
        self.file_button.clicked.connect(self.choose_file)
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self.choose_folder)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.file_button)
        row.addWidget(self.folder_button)
        self.formats_text = QLabel()
        self.formats_text.setObjectName("CardMuted")
        self.formats_text.setWordWrap(True)
        lay.addWidget(self.choose_text)
        lay.addLayout(row)
        lay.addWidget(self.formats_text)
        lay.addStretch(1)
        self.stack.addWidget(choose)

        # 2. preview and column mapping
        preview = QWidget()
        lay = QVBoxLayout(preview)
        lay.setContentsMargins(0, 8, 0, 0)
        self.preview_info = QLabel()
        self.preview_info.setObjectName("CardText")
        self.preview_info.setWordWrap(True)
        self.mapping_hint = QLabel()
        self.mapping_hint.setObjectName("CardMuted")
        self.mapping_hint.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("PreviewTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(150)
        self.combos: list[QComboBox] = []
        defaults = QHBoxLayout()
        self.subject_label = QLabel()
        self.subject_combo = self._default_combo("ImportSubject")
        self.grade_label = QLabel()
        self.grade_combo = self._default_combo("ImportGrade")
        for widget in (self.subject_label, self.subject_combo, self.grade_label, self.grade_combo):
            defaults.addWidget(widget)
        defaults.addStretch(1)
        self.accept_split = QCheckBox()
        self.accept_split.setObjectName("AcceptSplit")
        self.accept_split.setVisible(False)
        lay.addWidget(self.preview_info)
        lay.addWidget(self.mapping_hint)
        lay.addLayout(defaults)
        lay.addWidget(self.accept_split)
        lay.addWidget(self.table, 1)
        self.stack.addWidget(preview)

        # 3. running
        running = QWidget()
        lay = QVBoxLayout(running)
        lay.setContentsMargins(0, 40, 0, 0)
        self.run_text = QLabel()
        self.run_text.setObjectName("ReportSummary")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.run_hint = QLabel()
        self.run_hint.setObjectName("CardMuted")
        self.run_hint.setWordWrap(True)
        lay.addWidget(self.run_text)
        lay.addWidget(self.progress)
        lay.addWidget(self.run_hint)
        lay.addStretch(1)
        self.stack.addWidget(running)

        # 4. report
        report = QWidget()
        lay = QVBoxLayout(report)
        lay.setContentsMargins(0, 8, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("ReportSummary")
        self.summary.setWordWrap(True)
        self.report_note = QLabel()
        self.report_note.setObjectName("CardMuted")
        self.report_note.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setObjectName("ReportText")
        self.details.setReadOnly(True)
        lay.addWidget(self.summary)
        lay.addWidget(self.report_note)
        lay.addWidget(self.details, 1)
        self.stack.addWidget(report)

        # buttons
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.go_back)
        self.check_button = QPushButton()
        self.check_button.clicked.connect(lambda: self.start(dry_run=True))
        self.next_button = QPushButton()
        self.next_button.setProperty("primary", True)
        self.next_button.clicked.connect(self.go_next)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.next_button)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setObjectName("Rule")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(10)
        self.title = QLabel()
        self.title.setObjectName("PageTitle")
        layout.addWidget(self.title)
        layout.addLayout(steps)
        layout.addWidget(line)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.retranslate()
        self._show_step("choose")

    # -- steps ----------------------------------------------------------------------------
    @property
    def step(self) -> str:
        return STEPS[self.stack.currentIndex()]

    def _show_step(self, key: str) -> None:
        self.stack.setCurrentIndex(STEPS.index(key))
        for name, label in self.step_labels.items():
            label.setProperty("current", name == key)
            label.style().unpolish(label)
            label.style().polish(label)
        running = key == "run"
        self.back_button.setVisible(key in ("preview", "report"))
        self.check_button.setVisible(key == "preview")
        self.next_button.setVisible(not running)
        self.next_button.setEnabled(True)
        self.next_button.setText(tr({"choose": "wizard.next", "preview": "wizard.import",
                                     "report": "wizard.done"}.get(key, "wizard.next")))
        self.cancel_button.setText(tr("job.cancel") if running else tr("wizard.close"))
        self.cancel_button.setEnabled(True)

    def go_next(self) -> None:
        if self.step == "choose":
            self.load_preview()
        elif self.step == "preview":
            self.start(dry_run=False)
        elif self.step == "report":
            self.accept()

    def go_back(self) -> None:
        self.banner.hide()
        if self.step == "report" and self.preview is not None and self.report is not None \
                and (self.report.dry_run or self.report.cancelled):
            self._show_step("preview")
            self._show_doubts()
        else:
            self._show_step("choose")

    # -- 1. choose ------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("import.dialog_file"), str(Path.home()),
                                              tr("import.file_filter"))
        if path:
            self.set_path(path)

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("import.dialog_folder"), str(Path.home()))
        if path:
            self.set_path(path)

    def set_path(self, path: str | Path) -> None:
        """Fill in the path and read its preview."""
        self.path_edit.setText(str(path))
        self.load_preview()

    def load_preview(self) -> TaskHandle | None:
        path = self.path_edit.text().strip()
        if not path:
            self.banner.show_message(tr("wizard.pick_first"), "warning")
            return None
        if self._job is not None:
            return None
        self.banner.hide()
        self.next_button.setEnabled(False)
        bank = self.bank
        self._job = self.quick.submit(lambda _ctx: preview_source(bank, path), name="import-preview",
                                       on_success=self._show_preview, on_failure=self._failed)
        return self._job

    # -- 2. preview -----------------------------------------------------------------------
    @staticmethod
    def _default_combo(name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setEditable(True)  # a school's own subject (subjects.txt) or one not listed can be typed
        combo.setMinimumWidth(140)
        return combo

    def _fill_defaults(self, preview: SourcePreview) -> None:
        """The subject and grade choices: automatic (the file's own, or the guess shown) or one named."""
        try:
            custom = [n for n in self.bank.subjects().names if n not in SUBJECTS]
        except Exception:  # a broken subjects.txt must not stop the wizard; the import reports it
            custom = []
        for combo, values, guess in ((self.subject_combo, list(SUBJECTS) + custom, preview.subject),
                                     (self.grade_combo, list(GRADES), preview.grade)):
            combo.clear()
            combo.addItem(tr("wizard.auto_guess", value=guess) if guess else tr("wizard.auto"), "")
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(0)

    def defaults(self) -> tuple[str | None, str | None]:
        """The subject and grade the teacher chose (None: automatic)."""
        out: list[str | None] = []
        for combo in (self.subject_combo, self.grade_combo):
            text = combo.currentText().strip()
            if text == combo.itemText(combo.currentIndex()):  # a listed choice (index 0: automatic)
                out.append(combo.currentData() or None)
            else:  # typed by the teacher: the engine checks it and names a bad value
                out.append(text or None)
        return out[0], out[1]

    def set_defaults(self, subject: str | None = None, grade: str | None = None) -> None:
        for combo, value in ((self.subject_combo, subject), (self.grade_combo, grade)):
            index = combo.findData(value) if value else 0
            if index < 0:
                combo.setEditText(value or "")
            else:
                combo.setCurrentIndex(index)

    def _show_preview(self, preview: SourcePreview) -> None:
        self._job = None
        if self._close_when_done:
            self.close()
            return
        self.preview = preview
        if preview.is_paper:
            info = tr("wizard.paper_info", name=preview.sheet.name, format=preview.fmt.upper(),
                      rows=preview.total_rows)
        elif preview.sheet_format == "items":
            info = tr("wizard.items_info", name=preview.sheet.name, format=preview.fmt.upper(),
                      rows=preview.total_rows)
        else:
            info = tr("wizard.preview_info", name=preview.sheet.name, format=preview.sheet_format.upper(),
                      encoding=preview.encoding.upper(), rows=preview.total_rows, shown=len(preview.rows))
        self.preview_info.setText(info)
        self.mapping_hint.setText(tr("wizard.paper_hint" if preview.is_paper else "wizard.items_hint"
                                     if preview.sheet_format == "items" else "wizard.mapping_hint"
                                     if preview.editable else "wizard.mapping_fixed"))
        self._fill_defaults(preview)
        self.accept_split.setChecked(False)
        self.accept_split.setVisible(bool(preview.doubts))
        if preview.sheet_format in ("paper", "items"):
            self._show_item_list(preview)
            return
        table = self.table
        table.clear()
        columns = len(preview.headers)
        table.setColumnCount(columns)
        table.setRowCount(len(preview.rows) + 1)
        table.setHorizontalHeaderLabels(preview.headers)
        table.setVerticalHeaderLabels([tr("wizard.field_row")] + [str(n + 1) for n in range(len(preview.rows))])
        self.combos = []
        for column in range(columns):
            combo = QComboBox()
            combo.setObjectName(f"map-{column}")
            combo.addItem(field_label(None), None)
            for name in MAPPABLE_FIELDS:
                combo.addItem(field_label(name), name)
            detected = preview.mapping[column] if column < len(preview.mapping) else None
            index = combo.findData(detected) if detected else 0
            if index < 0:  # a field we do not list (e.g. 보기7): keep it as detected
                combo.addItem(field_label(detected), detected)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
            combo.setEnabled(preview.editable)
            combo.currentIndexChanged.connect(lambda _i: self._check_mapping())
            table.setCellWidget(0, column, combo)
            self.combos.append(combo)
            for row, cells in enumerate(preview.rows, start=1):
                text = cells[column] if column < len(cells) else ""
                cell = QTableWidgetItem(text.replace("\n", " ⏎ ")[:200])
                cell.setToolTip(text[:1000])
                table.setItem(row, column, cell)
        table.setRowHeight(0, 36)
        self._show_step("preview")
        self._check_mapping()
        self.preview_ready.emit(preview)

    def _show_item_list(self, preview: SourcePreview) -> None:
        """A paper's questions (or a QTI/Moodle file's items): nothing to map, one row each."""
        table = self.table
        table.clear()
        self.combos = []
        table.setColumnCount(len(preview.headers))
        table.setRowCount(len(preview.rows))
        table.setHorizontalHeaderLabels(preview.headers)
        table.setVerticalHeaderLabels([str(n + 1) for n in range(len(preview.rows))])
        for row, cells in enumerate(preview.rows):
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text.replace("\n", " ⏎ ")[:200])
                cell.setToolTip(text[:1000])
                table.setItem(row, column, cell)
        self._show_step("preview")
        self._check_mapping()
        self._show_doubts()
        self.preview_ready.emit(preview)

    def _show_doubts(self) -> None:
        """Why a paper's split is unsure, above its questions (the import waits for the tick)."""
        if self.preview is not None and self.preview.doubts:
            self.banner.show_message(tr("wizard.paper_doubts", doubts=" · ".join(self.preview.doubts)),
                                     "warning")

    def mapping(self) -> list[str | None]:
        return [combo.currentData() for combo in self.combos]

    def set_mapping(self, column: int, name: str | None) -> None:
        combo = self.combos[column]
        combo.setCurrentIndex(max(combo.findData(name) if name else 0, 0))

    def _check_mapping(self) -> bool:
        for combo in self.combos:
            combo.setProperty("active", combo.currentData() is not None)
            repolish(combo)
        listed = self.preview is not None and self.preview.sheet_format in ("paper", "items")
        has_stem = listed or "stem" in self.mapping()  # a paper's or a package's items have their text
        if not has_stem:
            self.banner.show_message(tr("wizard.need_stem"), "warning")
        elif self.banner.property("kind_key") == "need_stem":
            self.banner.hide()
        self.banner.setProperty("kind_key", "" if has_stem else "need_stem")
        self.next_button.setEnabled(has_stem)
        self.check_button.setEnabled(has_stem)
        return has_stem

    # -- 3. run ---------------------------------------------------------------------------
    def start(self, dry_run: bool = False) -> TaskHandle | None:
        preview = self.preview
        if preview is None or self._job is not None or not self._check_mapping():
            return None
        mapping = self.mapping()
        bank = self.bank
        subject, grade = self.defaults()
        accept_split = self.accept_split.isChecked()
        self.banner.hide()
        self._dry_run = dry_run
        self.run_text.setText(tr("wizard.checking" if dry_run else "wizard.importing", done=0,
                                 total=preview.total_rows))
        self.run_hint.setText(tr("wizard.run_hint"))
        self.progress.setRange(0, 0)
        self._show_step("run")
        self._job = self.runner.submit(
            lambda ctx: run_wizard_import(bank, preview, mapping, dry_run=dry_run, ctx=ctx, subject=subject,
                                          grade=grade, accept_split=accept_split),
            name="import-wizard", on_progress=self._progress, on_success=self._show_report,
            on_failure=self._failed, on_cancelled=self._cancelled_before_start)
        return self._job

    def _progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        key = "wizard.checking" if getattr(self, "_dry_run", False) else "wizard.importing"
        if self.cancel_button.isEnabled():
            self.run_text.setText(tr(key, done=done, total=total))

    def cancel_or_close(self) -> None:
        if self._job is not None and self.step == "run":
            self.cancel_button.setEnabled(False)
            self.run_text.setText(tr("job.cancelling"))
            self.runner.cancel(self._job)
        else:
            self.close()

    def _cancelled_before_start(self) -> None:
        self._job = None
        if self._close_when_done:
            self.close()
            return
        self._show_step("preview")
        self.banner.show_message(tr("report.cancelled"), "warning")

    # -- 4. report ------------------------------------------------------------------------
    def _show_report(self, report: ImportReport) -> None:
        self._job = None
        self.report = report
        if not report.dry_run and not report.cancelled and report.rows_seen:
            self.imported.emit(report)
        if self._close_when_done:
            self.close()
            return
        self.summary.setText(summary_line(report))
        note = "wizard.note_cancelled" if report.cancelled else \
            "wizard.note_dry_run" if report.dry_run else "wizard.note_done"
        self.report_note.setText(tr(note, path=report.path))
        self.details.setPlainText("\n".join(report_lines(report)))
        self._show_step("report")
        if report.dry_run or report.cancelled:
            self.next_button.setText(tr("wizard.import"))
            self.next_button.clicked.disconnect()
            self.next_button.clicked.connect(self._import_after_check)
        self.finished_report.emit(report)

    def _import_after_check(self) -> None:
        self.next_button.clicked.disconnect()
        self.next_button.clicked.connect(self.go_next)
        self.start(dry_run=False)

    def _failed(self, error: BaseException) -> None:
        self._job = None
        if self._close_when_done:
            self.close()
            return
        message = describe(error)
        if self.step == "run":
            self._show_step("preview" if self.preview is not None else "choose")
        else:
            self.next_button.setEnabled(True)
        self.banner.show_message(message.text, message.kind, message.detail)
        self.failed.emit(message.text)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._job is not None:
            # never leave an import running behind a closed window: stop it, close when it has
            self._close_when_done = True
            self.cancel_button.setEnabled(False)
            self.run_text.setText(tr("job.cancelling"))
            self._job.cancel()
            self.runner.cancel(self._job)
            event.ignore()
            return
        super().closeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("wizard.title"))
        self.title.setText(tr("wizard.title"))
        for number, key in enumerate(STEPS, start=1):
            self.step_labels[key].setText(f"{number}. {tr('wizard.step_' + key)}")
        self.choose_text.setText(tr("wizard.choose_text"))
        self.formats_text.setText(tr("wizard.formats"))
        self.path_edit.setPlaceholderText(tr("wizard.path_placeholder"))
        self.file_button.setText(tr("wizard.pick_file"))
        self.folder_button.setText(tr("wizard.pick_folder"))
        self.back_button.setText(tr("wizard.back"))
        self.subject_label.setText(tr("wizard.subject"))
        self.grade_label.setText(tr("wizard.grade"))
        self.accept_split.setText(tr("wizard.accept_split"))
        self.check_button.setText(tr("wizard.check"))
        self.banner.retranslate()
