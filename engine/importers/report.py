"""What an import tells the teacher: every row accounted for, by file and row number."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from engine.changes import BankChanges
from engine.errors import InvalidInput
from engine.i18n import _t

SHEET_SUFFIXES = (".csv", ".tsv", ".txt")


class ImportFileError(InvalidInput):
    """The whole file cannot be imported (missing, unknown format, no stem column…)."""


@dataclass(frozen=True)
class RowProblem(Exception):
    """One row that cannot be imported; ``field`` names the column (or "row"/"encoding")."""

    field: str
    reason: str

    def __str__(self) -> str:  # pragma: no cover - used in logs only
        return f"{self.field}: {self.reason}"


@dataclass
class SkippedRow:
    file: str
    row: int
    field: str
    reason: str


@dataclass
class DuplicateRow:
    file: str
    row: int
    existing_id: str


@dataclass
class UpdatedRow:
    file: str
    row: int
    id: str


@dataclass
class ImportReport:
    """Row-level result. ``row`` is the row the teacher's file shows: a spreadsheet's row number (the
    header is row 1, so data starts at row 2) or a JSONL file's line number."""

    path: str
    format: str
    dry_run: bool = False
    imported: int = 0
    imported_ids: list[str] = field(default_factory=list)
    updated: list[UpdatedRow] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    duplicates: list[DuplicateRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False
    # What the import changed in the bank (set once it committed; empty for a dry run or a cancel).
    changes: BankChanges = field(default_factory=BankChanges)

    @property
    def rows_seen(self) -> int:
        return self.imported + len(self.updated) + len(self.skipped) + len(self.duplicates)

    def row_note(self) -> str:
        """Said once above the rows of a report that names spreadsheet rows, so "row 5" is not read as the
        fifth item; "" when no reported row comes from a sheet."""
        rows = [*self.skipped, *self.duplicates, *self.updated]
        if not any(r.file.lower().endswith(SHEET_SUFFIXES) for r in rows):
            return ""
        return _t("Row numbers are the spreadsheet's (the header is row 1).")

    def nothing_imported(self) -> str:
        """Why an import that was not cancelled brought in nothing ("" when it did, or when every row
        was already in the bank): no rows at all, or every row skipped, with the commonest reason."""
        if self.cancelled or self.imported or self.updated or self.duplicates:
            return ""
        if not self.skipped:
            return _t("no items found in {path}").format(path=self.path)
        by_field = Counter(s.field for s in self.skipped)
        field_name, count = by_field.most_common(1)[0]
        reason = next(s.reason for s in self.skipped if s.field == field_name)
        if len(reason) > 160:
            reason = reason[:157] + "…"
        if field_name == "subject" and "--subject" not in reason and "subjects.txt" not in reason:
            reason += _t(" (use --subject)")
        share = _t("{count} of them").format(count=count) if count < len(self.skipped) else _t("all")
        return _t("nothing imported from {path}: {skipped} of {rows} row(s) skipped — commonest reason "
                  "({share}, [{field}]): {reason}").format(path=self.path, skipped=len(self.skipped),
                                                          rows=self.rows_seen, share=share, field=field_name,
                                                          reason=reason)

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "format": self.format,
            "dry_run": self.dry_run,
            "cancelled": self.cancelled,
            "imported": self.imported,
            "imported_ids": list(self.imported_ids),
            "updated": [asdict(u) for u in self.updated],
            "skipped": [asdict(s) for s in self.skipped],
            "duplicates": [asdict(d) for d in self.duplicates],
            "warnings": list(self.warnings),
            "row_note": self.row_note(),
        }
