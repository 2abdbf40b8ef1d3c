"""Importers: every source format becomes rows, every row becomes an item or a reported problem."""

from engine.importers.hwpx import preview_paper
from engine.importers.pipeline import FORMATS, PAPER_FORMATS, detect_format, run_import
from engine.importers.report import ImportFileError, ImportReport

# FORMATS: auto, jsonl, csv, folder, hwpx, hwp (exam papers, split into items; preview_paper shows
# the split before importing), qti (2.1/3.0 package, folder or item), moodle (Moodle XML).
__all__ = ["FORMATS", "PAPER_FORMATS", "ImportFileError", "ImportReport", "detect_format",
           "preview_paper", "run_import"]
