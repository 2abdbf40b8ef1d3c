"""The row-level import report, shown after every import: what came in, and every row that did not,
by file:row:field: reason — so the teacher can fix the spreadsheet and import again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from desktop_app.i18n import tr
from engine.api import ImportReport


def summary_line(report: ImportReport) -> str:
    if report.cancelled:
        return tr("report.cancelled")
    key = "report.summary_dry_run" if report.dry_run else "report.summary"  # a preview imported nothing yet
    return tr(key, imported=report.imported, updated=len(report.updated),
              skipped=len(report.skipped), duplicates=len(report.duplicates))


def report_lines(report: ImportReport) -> list[str]:
    """The details under the summary, one problem per line."""
    def short(path: str) -> str:
        return Path(path).name or path

    lines: list[str] = []

    def section(key: str) -> None:
        if lines:
            lines.append("")
        lines.append(tr(key))

    if report.row_note() and (report.skipped or report.duplicates or report.updated):
        lines.append(report.row_note())  # once: "5행" is the spreadsheet's row 5 (header = 1행)
    if report.skipped:
        section("report.skipped_header")
        lines += [f"  {short(s.file)}:{s.row}:{s.field}: {s.reason}" for s in report.skipped]
    if report.duplicates:
        section("report.duplicates_header")
        lines += ["  " + tr("report.duplicate_line", file=short(d.file), row=d.row,
                            existing=d.existing_id) for d in report.duplicates]
    if report.updated:
        section("report.updated_header")
        lines += ["  " + tr("report.updated_line", file=short(u.file), row=u.row, id=u.id)
                  for u in report.updated]
    if report.warnings:
        section("report.warnings_header")
        lines += [f"  {w}" for w in report.warnings]
    if not lines and not report.cancelled:
        lines.append(tr("report.all_good"))
    return lines


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(tr("report.title"))
        self.resize(680, 420)
        self.summary = QLabel(summary_line(report))
        self.summary.setObjectName("ReportSummary")
        self.summary.setWordWrap(True)
        source = QLabel(tr("report.file", path=report.path))
        source.setObjectName("WelcomeHint")
        source.setWordWrap(True)
        self.details = QPlainTextEdit("\n".join(report_lines(report)))
        self.details.setObjectName("ReportText")
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("report.close"))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(self.summary)
        layout.addWidget(source)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
