"""A worksheet (시험지) from the basket: numbered items with their passages, figures and choices, and
optionally an answer key with explanations at the end; written to PDF with Qt's own text layout.

``worksheet_html`` is pure (items in, HTML out) so the preview on screen and the PDF are the same
document. ``write_pdf`` runs on a worker thread: QTextDocument and QPdfWriter are reentrant and the
figures are loaded as QImage there, so nothing touches the GUI thread.
"""

from __future__ import annotations

import html
import os
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QFont, QImageReader, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from desktop_app.fonts import FALLBACK_FAMILIES
from desktop_app.i18n import tr
from desktop_app.widgets.detail_view import answer_text, choice_marker
from engine.api import Item

FIGURE_MAX_WIDTH = 260  # figures never take more than about 40 % of the line


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _figure_width(path: Path) -> int:
    size = QImageReader(str(path)).size()
    width = size.width() if size.isValid() else FIGURE_MAX_WIDTH
    return min(width, FIGURE_MAX_WIDTH)


def worksheet_html(title: str, items: list[Item], figures: dict[str, Path], *,
                   with_answers: bool, subtitle: str = "") -> str:
    parts = ['<html><head><meta charset="utf-8"><style>',
             "body { font-size: 11pt; }",
             "p { margin-top: 3px; margin-bottom: 3px; }",
             "h1 { font-size: 18pt; margin: 0 0 4px 0; }",
             ".sub { color: #555; font-size: 9.5pt; }",
             ".name { font-size: 10pt; }",
             ".q { margin-top: 18px; }",
             ".num { font-weight: bold; }",
             ".passage { background-color: #f4f5f7; }",
             ".choice { margin-left: 18px; }",
             ".key { font-size: 10pt; }",
             "</style></head><body>",
             f"<h1>{_esc(title)}</h1>"]
    sub = subtitle or tr("sheet.subtitle", n=len(items), date=date.today().isoformat())
    parts.append(f'<p class="sub">{_esc(sub)}</p>')
    parts.append(f'<p class="name">{_esc(tr("sheet.name_line"))}</p><hr>')
    for number, item in enumerate(items, start=1):
        parts.append(f'<div class="q"><p><span class="num">{number}.</span> {_esc(item.stem)}</p>')
        if item.passage:
            parts.append('<table class="passage" width="100%" cellpadding="8" border="0"><tr><td>'
                         f"{_esc(item.passage)}</td></tr></table>")
        for sha in item.images:
            path = figures.get(sha)
            if path is not None and path.is_file():
                parts.append(f'<p><img src="{html.escape(path.as_uri())}" width="{_figure_width(path)}"></p>')
        for index, choice in enumerate(item.choices):
            parts.append(f'<p class="choice">{choice_marker(index)} {_esc(choice)}</p>')
        parts.append("</div>")
    if with_answers and items:
        parts.append(f'<hr><h2>{_esc(tr("sheet.answer_key"))}</h2>')
        for number, item in enumerate(items, start=1):
            line = f'<p class="key"><b>{number}.</b> {_esc(tr("detail.answer"))}: {_esc(answer_text(item))}'
            if item.explanation:
                line += f' — {_esc(item.explanation)}'
            parts.append(line + "</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def build_document(page_html: str, point_size: float = 11.0) -> QTextDocument:
    document = QTextDocument()
    font = QFont()
    font.setFamilies(FALLBACK_FAMILIES)
    font.setPointSizeF(point_size)
    document.setDefaultFont(font)
    document.setHtml(page_html)
    return document


def write_pdf(out: str | Path, page_html: str) -> tuple[Path, int]:
    """Write the worksheet as an A4 PDF (atomically); returns (path, page count)."""
    target = Path(out).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".worksheet-", suffix=".pdf", dir=target.parent)
    os.close(handle)
    try:
        writer = QPdfWriter(temporary)
        writer.setCreator("itembank")
        writer.setTitle(target.stem)
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                         QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
        writer.setResolution(300)
        document = build_document(page_html)
        # Lay the text out with the PDF's own metrics (300 dpi), so a page of the document is a page
        # of paper: print_() then copies it 1:1 instead of scaling a screen-sized layout.
        document.documentLayout().setPaintDevice(writer)
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        document.setPageSize(QSizeF(rect.width(), rect.height()))
        pages = document.pageCount()
        document.print_(writer)
        del writer  # finishes the file
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target, pages
