"""The 관리 page's "검사" card: ``ItemBank.check`` off the GUI thread, its findings in the app's language,
and "복구" (``check(repair=True)``) while something repairable remains.

The findings' details and advice are the engine's sentences (its gettext catalog follows the app's
language); the kind of each finding is named with ``check_label``, never by parsing the text.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.errors import describe
from desktop_app.i18n import tr
from desktop_app.tasks import TaskRunner
from desktop_app.widgets.job_row import JobRow
from engine.api import CheckReport, ItemBank, check_label


def finding_lines(report: CheckReport) -> list[str]:
    """One line per finding (and its fix while it remains), then the notes."""
    lines: list[str] = []
    for problem in report.problems:
        state = tr("admin.state_fixed") if problem.fixed else tr("admin.state_problem")
        lines.append(tr("admin.finding", state=state, kind=check_label(problem.kind), what=problem.what,
                        detail=problem.detail))
        if not problem.fixed and problem.how_to_fix:
            lines.append("   " + tr("admin.finding_fix", how=problem.how_to_fix))
    lines += [tr("admin.note", note=note) for note in report.notes]
    return lines


def headline(report: CheckReport) -> str:
    checked = ", ".join(f"{n} {check_label(kind, plural=True)}" for kind, n in report.checked.items())
    if report.ok:
        return tr("admin.check_repaired" if report.problems else "admin.check_ok", checked=checked or "—")
    key = "admin.check_remaining" if report.repaired else "admin.check_found"
    return tr(key, n=len(report.remaining))


class CheckCard(QFrame):
    checked = Signal(object)   # the engine's CheckReport (after a check or a repair)
    failed = Signal(str)       # the message shown

    def __init__(self, bank: ItemBank, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.bank = bank
        self.report: CheckReport | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 16)
        layout.setSpacing(8)
        self.title = QLabel()
        self.title.setObjectName("CardTitle")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.check_button = QPushButton()
        self.check_button.setProperty("primary", True)
        self.check_button.clicked.connect(lambda: self.start(repair=False))
        self.repair_button = QPushButton()
        self.repair_button.clicked.connect(lambda: self.start(repair=True))
        self.repair_button.setVisible(False)
        self.job = JobRow(runner)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setVisible(False)
        self.findings = QPlainTextEdit()
        self.findings.setObjectName("ReportText")
        self.findings.setReadOnly(True)
        self.findings.setVisible(False)
        self.findings.setMaximumHeight(180)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.repair_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.job)
        layout.addWidget(self.summary)
        layout.addWidget(self.findings)
        self.job.busy_changed.connect(self._busy)
        self.retranslate()

    def start(self, *, repair: bool):
        """Run the check (or the repair) on the runner; the card shows its progress and then the report."""
        bank = self.bank
        return self.job.run(lambda ctx: bank.check(repair=repair, progress=ctx.progress),
                            "admin.repairing" if repair else "admin.checking", cancellable=False,
                            on_success=self._show, on_failure=self._failed)

    def _busy(self, busy: bool) -> None:
        self.check_button.setEnabled(not busy)
        self.repair_button.setEnabled(not busy)

    def _show(self, report: CheckReport) -> None:
        self.report = report
        self.summary.setText(headline(report))
        self.summary.setProperty("tone", "ok" if report.ok else "warn")
        self.summary.setVisible(True)
        lines = finding_lines(report)
        self.findings.setPlainText("\n".join(lines))
        self.findings.setVisible(bool(lines))
        self.repair_button.setVisible(report.repairable)
        self.checked.emit(report)

    def _failed(self, error: BaseException) -> None:
        message = describe(error)
        self.summary.setText(message.text + (f"\n{message.detail}" if message.detail else ""))
        self.summary.setVisible(True)
        self.failed.emit(message.text)

    def retranslate(self) -> None:
        self.title.setText(tr("admin.check_title"))
        self.text.setText(tr("admin.check_text"))
        self.check_button.setText(tr("admin.check"))
        self.repair_button.setText(tr("admin.repair"))
        self.job.retranslate()
        if self.report is not None:
            self._show(self.report)
