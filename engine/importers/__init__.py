"""Importers: every source format becomes rows, every row becomes an item or a reported problem."""

from engine.importers.pipeline import FORMATS, detect_format, run_import
from engine.importers.report import ImportFileError, ImportReport

__all__ = ["FORMATS", "ImportFileError", "ImportReport", "detect_format", "run_import"]
