"""Spreadsheet-safe CSV cells: no formula runs when a teacher opens an exported sheet in Excel.

Excel (and LibreOffice) treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and a
leading tab or carriage return can hide one; a stem such as ``=HYPERLINK(...)`` or ``-2+3`` in an
imported bank would then run or change. ``neutralise`` puts a single quote in front of such a cell
(Excel shows it, as text, and computes nothing). A short answer ``-3`` gets one too: shown as ``'-3``
rather than turned into the number -3 or a formula.

The rule is reversible: a cell that is already quotes followed by one of those characters (``'=x``) gets
one more quote, so ``restore`` can take exactly one off. The importer applies ``restore`` only to
sheets with itembank's own export header (``EXPORT_HEADERS``, in that order), so export → import gives
back the original text, while a leading quote in anybody else's sheet is kept as written.
"""

from __future__ import annotations

import re

EXPORT_HEADERS = ("id", "과목", "학년", "단원", "성취기준", "난이도", "유형", "문항", "지문", "보기",
                  "정답", "해설", "출처", "태그", "이미지", "해설그림")
# what exports wrote before the 해설's figures had a column: still itembank's own sheets
_EARLIER_HEADERS = (EXPORT_HEADERS[:-1],)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(value: object) -> str:
    """The cell as written to an exported sheet: ``'`` in front when Excel could read a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) or _NEUTRALISED.match(text):
        return "'" + text
    return text


def restore(text: str) -> str:
    """Undo ``neutralise`` (for sheets itembank wrote): one leading quote off before a formula start."""
    return text[1:] if _NEUTRALISED.match(text) else text


def is_export_header(headers: list[str]) -> bool:
    """True when a sheet's header row is the one ``itembank export`` writes."""
    found = tuple(h.strip() for h in headers)
    return found == EXPORT_HEADERS or found in _EARLIER_HEADERS
