"""The basket's on-screen preview of the worksheet: the engine's ``Paper`` (engine/exporters/paper.py)
shown as HTML in a QTextBrowser.

The layout — numbering, passage groups printed once under "[1~3] …", <보기> boxes, choice columns,
배점, writing space, the answer key — is decided by the engine, which also writes the PDF and HWPX
files (``ItemBank.export_paper``). This module only draws that model for the screen, so the preview
and the saved paper cannot disagree about order or content. Qt's QtPdf is not shipped with our
PySide6, so the preview is not a raster of the PDF itself.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtGui import QFont, QImageReader, QTextDocument

from desktop_app.fonts import FALLBACK_FAMILIES
from desktop_app.i18n import tr
from engine.api import Item, Paper, PaperOptions, build_papers, math_html, needs_rich_text

FIGURE_MAX_WIDTH = 260  # figures never take more than about 40 % of the line
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _rich(text: str) -> str:
    """Item text for the preview: formulas drawn, ² ³ ⁿ as <sup> (tiny in NanumGothic otherwise)."""
    return math_html(text, 15) if needs_rich_text(text) else _esc(text)


def _figure_width(path: Path) -> int:
    size = QImageReader(str(path)).size()
    width = size.width() if size.isValid() else FIGURE_MAX_WIDTH
    return min(width, FIGURE_MAX_WIDTH)


def _marker(index: int) -> str:
    return CIRCLED[index] if index < len(CIRCLED) else f"({index + 1})"


def _figure(sha: str, figures: dict[str, Path]) -> str:
    path = figures.get(sha)
    if path is None or not path.is_file():
        return ""
    return f'<p><img src="{html.escape(path.as_uri())}" width="{_figure_width(path)}"></p>'


def paper_html(paper: Paper, figures: dict[str, Path], *, with_answers: bool) -> str:
    """The engine's paper as HTML for the preview pane."""
    parts = ['<html><head><meta charset="utf-8"><style>',
             "body { font-size: 11pt; }", "p { margin-top: 3px; margin-bottom: 3px; }",
             "h1 { font-size: 18pt; margin: 0 0 4px 0; }", ".sub { color: #555; font-size: 9.5pt; }",
             ".q { margin-top: 14px; }", ".num { font-weight: bold; }", ".head { font-weight: bold; }",
             ".key { font-size: 10pt; }", "</style></head><body>",
             f"<h1>{_esc(paper.title)}</h1>"]
    info = "   ".join(f"{k}: {v}" for k, v in paper.header_fields())
    parts.append(f'<p class="sub">{_esc(info)}</p>')
    parts.append(f'<p>{_esc(tr("sheet.name_line"))}</p><hr>')
    for block in paper.blocks:
        shared: set[str] = set()
        if block.heading:
            parts.append(f'<p class="head">{_esc(block.heading)}</p>')
        if block.passage:
            items = [q.item for q in block.questions]
            shared = {s for s in items[0].images if all(s in i.images for i in items[1:])} if len(items) > 1 else set()
            parts.append(f'<p class="head">{_esc(block.head)}</p>')
            parts.append('<table width="100%" cellpadding="8" border="1" cellspacing="0"><tr><td>'
                         f"{_rich(block.body)}</td></tr></table>")
            parts += [_figure(s, figures) for s in sorted(shared)]
        for q in block.questions:
            lead = "\n".join(q.lead) + (f" [{q.points}점]" if q.points else "")
            parts.append(f'<div class="q"><p><span class="num">{q.number}.</span> {_rich(lead)}</p>')
            if q.box:
                parts.append('<table width="100%" cellpadding="6" border="1" cellspacing="0"><tr><td>'
                             f'{_rich(chr(10).join(q.box))}</td></tr></table>')
            if q.tail:
                parts.append(f"<p>{_rich(chr(10).join(q.tail))}</p>")
            parts += [_figure(s, figures) for s in q.item.images if s not in shared]
            if q.choices:
                cells = [f"{_marker(i)} {_rich(c)}" for i, c in enumerate(q.choices)]
                rows = [cells[i:i + q.choice_columns] for i in range(0, len(cells), q.choice_columns)]
                parts.append('<table width="100%">' + "".join(
                    "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows) + "</table>")
            if q.writing:
                parts.append(f'<table width="100%" border="1" cellspacing="0"><tr>'
                             f'<td height="{int(q.writing_mm * 2.5)}"></td></tr></table>')
            parts.append("</div>")
    if with_answers:
        parts.append(f'<hr><h2>{_esc(tr("sheet.answer_key"))}</h2>')
        for heading, rows in paper.key_parts():
            if heading:
                parts.append(f'<p class="head">{_esc(heading)}</p>')
            for number, answer, explanation in rows:
                line = f'<p class="key"><b>{number}.</b> {_esc(tr("detail.answer"))}: {_rich(answer)}'
                if explanation:
                    line += f" — {_rich(explanation)}"
                parts.append(line + "</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def worksheet_html(title: str, items: list[Item], figures: dict[str, Path], *,
                   with_answers: bool, options: PaperOptions | None = None) -> str:
    """Lay ``items`` out with the engine (first variant) and draw it as HTML."""
    if not items:
        return ""
    options = options or PaperOptions()
    options.title = title
    return paper_html(build_papers(items, options)[0], figures, with_answers=with_answers)


def build_document(page_html: str, point_size: float = 11.0) -> QTextDocument:
    document = QTextDocument()
    font = QFont()
    font.setFamilies(FALLBACK_FAMILIES)
    font.setPointSizeF(point_size)
    document.setDefaultFont(font)
    document.setHtml(page_html)
    return document
