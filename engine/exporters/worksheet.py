"""Worksheets (학습지) written from the layout model in ``engine/exporters/paper.py``: PDF and HWPX.

Both writers render one ``Paper`` (header, passage groups, <보기> boxes, choices in 1/2/5 columns,
배점, writing space, answer key) so the CLI, the REST API and the app print the same paper. Every piece
of item text goes through one function per writer (``_PdfWriter.text`` / ``_hwpx_text``) so that math
rendering can be plugged in there later.

HWPX is written with python-hwpx (optional extra ``itembank[hwp]``, Apache-2.0): it starts from a
skeleton saved by 한글 and adds paragraphs, pictures and tables through a tested object model. PDF is
written with fpdf2 (optional extra ``itembank[pdf]``, LGPL-3.0) with the bundled NanumGothic font.

Answers: ``none`` prints no key, ``end-page`` starts the key on a new page (never under a question),
``separate`` writes the key to a second file ``NAME-정답.pdf`` / ``NAME-정답.hwpx``. Variants write
``NAME-A.pdf``, ``NAME-B.pdf``, … each with its own key.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from engine.i18n import _t
from engine.atomic import atomic_path
from engine.catalog.catalog import SqlCatalog
from engine.errors import InvalidInput
from engine.exporters.hwpx_package import HwpxMetadata, finish_hwpx
from engine.exporters.paper import Paper, PaperOptions, Question, build_papers, marker
from engine.items import Item
from engine.mathtext.hangul import latex_to_hangul
from engine.mathtext.linear import latex_to_linear, linear_text
from engine.mathtext.render import MathRenderError, MathUnavailable, render_math_png
from engine.mathtext.html import needs_rich_text, split_scripts
from engine.mathtext.segments import split_math

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
PAGE_MM = {"A4": (210.0, 297.0), "B4": (257.0, 364.0)}
KEY_TITLE = "정답 및 해설"
KEY_FIGURES = "[해설 그림] {number}."  # above a question's 해설 figures in the key (the importer reads it)


class WorksheetError(InvalidInput):
    pass


Figure = tuple[str, bytes, str, tuple[int, int]]  # sha256, data, format, pixel size


@dataclass
class WorksheetResult:
    """What an export wrote: the files (papers first, then answer sheets), items and PDF pages."""

    files: list[Path] = field(default_factory=list)
    items: int = 0
    pages: int = 0


def _load_figures(catalog: SqlCatalog, items: Iterable[Item]) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    for item in items:
        for sha in [*item.images, *item.explanation_images]:
            if sha in figures:
                continue
            path = catalog.asset_path(sha)
            if path is None or not path.exists():
                raise WorksheetError(_t("item {id}: figure {value} is missing from the data folder; re-import "
                                        "the item or remove the figure").format(
                                         id=item.id, value=sha[:12]))
            data = path.read_bytes()
            with Image.open(io.BytesIO(data)) as image:
                size = image.size
                fmt = (image.format or "PNG").lower()
                if fmt not in ("png", "jpeg", "gif", "bmp"):
                    converted = io.BytesIO()
                    image.convert("RGB").save(converted, "PNG")
                    data, fmt = converted.getvalue(), "png"
            figures[sha] = (sha, data, "jpg" if fmt == "jpeg" else fmt, size)
    return figures


def _shared_figures(block_items: list[Item]) -> list[str]:
    """Figures every item of a passage group has: the passage's own, printed once under it."""
    if len(block_items) < 2:
        return []
    return [s for s in block_items[0].images if all(s in other.images for other in block_items[1:])]


SCRIPT_SCALE = 0.64  # a superscript's size relative to its line's text
FIGURE_MAX_HEIGHT_MM = 90.0  # a tall diagram must not take a whole column; scaled down, shape kept


def figure_size_mm(size: tuple[int, int], max_width_mm: float,
                   max_height_mm: float = FIGURE_MAX_HEIGHT_MM) -> tuple[float, float]:
    """A figure's printed size: its natural size at 96 dpi, scaled down (never up) to fit both the
    width (the column, at most 70 mm) and the height limit, keeping its proportions."""
    width, height = max(size[0], 1), max(size[1], 1)
    natural_w, natural_h = width * 25.4 / 96, height * 25.4 / 96
    scale = min(1.0, max_width_mm / natural_w, max_height_mm / natural_h)
    return natural_w * scale, natural_h * scale


@dataclass
class _Piece:
    """One word (with its trailing space) or one drawn formula, measured in mm."""

    text: str
    width: float
    height: float = 0.0
    png: bytes = b""
    shift: str = ""  # "sup" or "sub": a script run drawn smaller, raised or lowered


def _flow(pieces: list[_Piece], width: float) -> list[list[_Piece]]:
    """Greedy line filling; a word longer than a whole line is cut between characters."""
    lines: list[list[_Piece]] = [[]]
    used = 0.0
    for piece in pieces:
        fits = used + piece.width - _trailing_space(piece) <= width
        if not fits and lines[-1]:
            lines.append([])
            used = 0.0
            if not piece.png and not piece.text.strip():
                continue  # no space at the start of a line
        lines[-1].append(piece)
        used += piece.width
    return [line for line in lines if line]


def _trailing_space(piece: _Piece) -> float:
    if piece.png or not piece.text.endswith(" "):
        return 0.0
    return piece.width * (len(piece.text) - len(piece.text.rstrip())) / max(len(piece.text), 1)


def _stem_lines(question: Question) -> list[str]:
    lead = list(question.lead) or [""]
    if question.points:
        lead[-1] = f"{lead[-1]} [{question.points}점]"
    return lead


def file_names(out: Path, papers: list[Paper], answers: str) -> list[tuple[Paper, Path, Path | None]]:
    """(paper, its file, its separate answer file or None): NAME-A.pdf, NAME-정답.pdf, …"""
    named = []
    for paper in papers:
        base = out if not paper.variant else out.with_name(f"{out.stem}-{paper.variant}{out.suffix}")
        key = base.with_name(f"{base.stem}-정답{base.suffix}") if answers == "separate" else None
        named.append((paper, base, key))
    return named


def export_worksheet(catalog: SqlCatalog, items: Iterable[Item], out: str | Path,
                     options: PaperOptions | None = None, fmt: str = "") -> WorksheetResult:
    """Lay the items out (engine/exporters/paper.py) and write every paper and answer sheet."""
    target = Path(out).expanduser()
    fmt = fmt or target.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "hwpx"):
        raise WorksheetError(_t("{target}: a worksheet is .pdf or .hwpx").format(target=target))
    items = list(items)
    options = (options or PaperOptions()).check()
    papers = build_papers(items, options)
    figures = _load_figures(catalog, items)
    result = WorksheetResult(items=len(items))
    for paper, path, key_path in file_names(target, papers, options.answers):
        write = _write_pdf if fmt == "pdf" else _write_hwpx
        result.pages += write(paper, figures, path, "student" if key_path else _mode(options))
        result.files.append(path)
        if key_path is not None:
            write(paper, figures, key_path, "key")
            result.files.append(key_path)
    return result


def _mode(options: PaperOptions) -> str:
    return "student" if options.answers == "none" else "student+key"


# -- PDF ------------------------------------------------------------------------------------------
def _fpdf_class():
    try:
        from fpdf import FPDF
    except ImportError as exc:
        raise WorksheetError(_t("PDF export needs fpdf2: pip install 'itembank[pdf]'")) from exc

    class ColumnPDF(FPDF):
        """FPDF that flows into a second column before it turns the page, and numbers pages."""

        columns = 1
        column = 0
        top = 0.0
        gap = 8.0

        def column_width(self) -> float:
            full = self.w - 2 * self.margin
            return full if self.columns == 1 else (full - self.gap) / 2

        def set_column(self, column: int) -> None:
            self.column = column
            self.set_left_margin(self.margin + column * (self.column_width() + self.gap))
            self.set_right_margin(self.w - self.l_margin - self.column_width())
            self.set_x(self.l_margin)

        @property
        def accept_page_break(self) -> bool:  # fpdf2 reads this as a property
            if self.columns == 2 and self.column == 0:
                self.set_column(1)
                self.set_y(self.top)
                return False
            self.set_column(0)
            return True

        def header(self) -> None:
            self.top = self.t_margin
            if self.page_no() > 1 and self.columns == 2:
                self._rule()

        def _rule(self) -> None:
            x = self.margin + self.column_width() + self.gap / 2
            self.set_draw_color(150)
            self.line(x, self.top, x, self.h - self.b_margin)
            self.set_draw_color(0)

        def footer(self) -> None:
            self.set_y(-11)
            self.set_font("Nanum", "", 9)
            self.cell(0, 6, f"- {self.page_no()} -", align="C")

    return ColumnPDF


class _PdfWriter:
    """Renders one Paper into an fpdf2 document."""

    def __init__(self, paper: Paper, figures: dict[str, Figure]) -> None:
        import logging

        logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
        self.paper, self.figures = paper, figures
        pdf = _fpdf_class()(format=PAGE_MM[paper.options.paper])
        pdf.margin = 15.0
        pdf.set_margins(pdf.margin, 15, pdf.margin)
        pdf.set_auto_page_break(auto=True, margin=16)
        pdf.add_font("Nanum", "", str(FONT_DIR / "NanumGothic.ttf"))
        pdf.add_font("Nanum", "B", str(FONT_DIR / "NanumGothicBold.ttf"))
        pdf.set_title(paper.title)
        if paper.options.creator:
            pdf.set_author(paper.options.creator)
        pdf.set_creator("itembank")
        self.pdf = pdf

    # every piece of item text goes through here: plain text as a cell, text with $…$ math as a flow
    def text(self, text: str, size: float = 10.5, bold: bool = False, border: int = 0,
             height: float = 6.0) -> None:
        pdf = self.pdf
        pdf.set_font("Nanum", "B" if bold else "", size)
        if not border and needs_rich_text(text):  # formulas drawn, ² ³ ⁿ as raised digits
            self._text_with_math(text, size, height)
            return
        pdf.multi_cell(pdf.column_width(), height, linear_text(text) if "$" in text else text, border=border,
                       padding=2 if border else 0, new_x="LMARGIN", new_y="NEXT")

    def _text_with_math(self, text: str, size: float, height: float, newline: bool = True,
                        width: float | None = None) -> float:
        """Words and formulas laid out line by line: each formula is drawn by mathtext and placed
        inline; a line holding a tall formula (fraction, matrix) grows, and its words and formulas are
        centred on the same middle so text never sits on a fraction's top edge. Lines wrap within
        ``width`` (the rest of the column by default) and continue under where they began. Returns
        the bottom of the last line."""
        pdf = self.pdf
        inset = pdf.get_x() - pdf.l_margin
        width = width if width is not None else pdf.w - pdf.r_margin - pdf.get_x()
        bottom = pdf.get_y()
        x_end = pdf.get_x()
        for line in _flow(self._math_pieces(text, size), width):
            line_h = max([height] + [piece.height + 1.0 for piece in line if piece.png])
            self.need(line_h)
            x, y = pdf.l_margin + inset, pdf.get_y()
            for piece in line:
                if piece.png:
                    pdf.image(io.BytesIO(piece.png), x=x, y=y + (line_h - piece.height) / 2,
                              w=piece.width, h=piece.height)
                elif piece.shift:
                    pdf.set_font_size(size * SCRIPT_SCALE)
                    rise = size * 0.3528 * (0.38 if piece.shift == "sup" else -0.22)
                    pdf.set_xy(x, y - rise)
                    pdf.cell(piece.width, line_h, piece.text)
                    pdf.set_font_size(size)
                elif piece.text.strip():
                    pdf.set_xy(x, y)
                    pdf.cell(piece.width, line_h, piece.text)
                x += piece.width
            bottom, x_end = y + line_h, x
            pdf.set_xy(pdf.l_margin + inset, bottom)
        if newline:
            pdf.set_xy(pdf.l_margin, bottom)
        else:
            pdf.set_xy(x_end, bottom - height)
        return bottom

    def _math_pieces(self, text: str, size: float) -> list["_Piece"]:
        """Text split into words (each keeps its trailing space) and drawn formulas, each measured."""
        pdf = self.pdf
        font_px = 48  # drawn large, placed small: crisp when printed
        mm_per_px = size * 0.3528 / font_px * 1.05
        pieces: list[_Piece] = []
        for segment in split_math(text):
            words = segment.value if segment.kind == "text" else ""
            if segment.kind != "text":
                try:
                    png = render_math_png(segment.value, font_px)  # cached: repeated formulas drawn once
                except (MathUnavailable, MathRenderError):
                    words = latex_to_linear(segment.value)
                else:
                    width_px, height_px = Image.open(io.BytesIO(png)).size  # reads the header only
                    pieces.append(_Piece("", width_px * mm_per_px + 0.4, height_px * mm_per_px, png))
                    continue
            for kind, run in split_scripts(words):
                if kind != "text":  # NanumGothic's ² is tiny: ordinary digits, smaller and raised
                    pdf.set_font_size(size * SCRIPT_SCALE)
                    pieces.append(_Piece(run, pdf.get_string_width(run) + 0.2, shift=kind))
                    pdf.set_font_size(size)
                    continue
                for word in re.findall(r"\S+\s*|\s+", run):
                    pieces.append(_Piece(word, pdf.get_string_width(word)))
        return pieces

    def header(self) -> None:
        pdf, paper = self.pdf, self.paper
        pdf.add_page()
        pdf.set_font("Nanum", "B", 16)
        pdf.multi_cell(0, 9, paper.title, new_x="LMARGIN", new_y="NEXT", align="C")
        pdf.set_font("Nanum", "", 9.5)
        info = "   ".join(f"{k}: {v}" for k, v in paper.header_fields())
        blanks = "번호: ______   이름: ____________"
        pdf.cell(0, 7, info, new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 7, blanks, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_line_width(0.5)
        pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
        pdf.set_line_width(0.2)
        pdf.ln(4)
        pdf.top = pdf.get_y()
        pdf.set_column(0)
        if pdf.columns == 2:
            pdf._rule()

    def need(self, height_mm: float) -> None:
        """Go on in the next column (or page) unless ``height_mm`` still fits: a question's first
        lines, a figure or a writing box is never cut off at the bottom of a column."""
        pdf = self.pdf
        if pdf.get_y() + height_mm > pdf.h - pdf.b_margin and pdf.accept_page_break:
            pdf.add_page()

    def figure(self, sha: str) -> None:
        pdf = self.pdf
        _sha, data, _fmt, size = self.figures[sha]
        w, h = figure_size_mm(size, min(70.0, pdf.column_width() - 10))
        self.need(h)
        pdf.image(io.BytesIO(data), x=pdf.l_margin + 4, w=w, h=h)
        pdf.ln(1)

    def choices(self, question: Question) -> None:
        pdf = self.pdf
        per_row = question.choice_columns
        width = pdf.column_width() / per_row
        pdf.set_font("Nanum", "", 10.5)
        if per_row == 1:
            for index, choice in enumerate(question.choices):
                self.text(f"{marker(index)} {choice}")
            return
        with_math = any(needs_rich_text(c) for c in question.choices)
        for start in range(0, len(question.choices), per_row):
            row = question.choices[start:start + per_row]
            cells = [f"{marker(start + i)} {c}" for i, c in enumerate(row)]
            if with_math:  # each choice flows in its own column, formulas drawn
                top, left, bottom = pdf.get_y(), pdf.get_x(), pdf.get_y() + 6.5
                for i, cell in enumerate(cells):
                    pdf.set_xy(left + i * width, top)
                    bottom = max(bottom, self._text_with_math(cell, 10.5, 6.5, newline=False,
                                                                  width=width - 1))
                pdf.set_xy(left, bottom)
                continue
            for cell in cells[:-1]:
                pdf.cell(width, 6.5, cell)
            pdf.cell(width, 6.5, cells[-1], new_x="LMARGIN", new_y="NEXT")

    def writing(self, question: Question) -> None:
        pdf = self.pdf
        height = question.writing_mm
        self.need(height + 2)
        x, y, w = pdf.l_margin, pdf.get_y() + 1, pdf.column_width()
        pdf.set_draw_color(110)
        if question.writing == "box":
            pdf.rect(x, y, w, height)
        elif question.writing == "lines":
            step = 8.0
            for n in range(1, int(height // step) + 1):
                pdf.line(x, y + n * step, x + w, y + n * step)
        else:  # 단답형: "답:" and one line
            pdf.set_font("Nanum", "", 10)
            pdf.text(x + w * 0.45, y + height - 2, "답:")
            pdf.line(x + w * 0.45 + 8, y + height - 1, x + w, y + height - 1)
        pdf.set_draw_color(0)
        pdf.set_y(y + height + 2)

    def question(self, question: Question, shared: list[str]) -> None:
        lead = _stem_lines(question)
        lead[0] = f"{question.number}. {lead[0]}"
        self.need(20)
        self.text("\n".join(lead))
        if question.box:
            self.pdf.ln(1)
            self.text("\n".join(question.box), border=1)
            self.pdf.ln(1)
        if question.tail:
            self.text("\n".join(question.tail))
        for sha in question.item.images:
            if sha not in shared:
                self.figure(sha)
        if question.choices:
            self.choices(question)
        if question.writing:
            self.writing(question)
        self.pdf.ln(4)

    def questions(self) -> None:
        for block in self.paper.blocks:
            shared = _shared_figures([q.item for q in block.questions])
            if block.heading:
                self.need(20)
                self.text(block.heading, size=11.5, bold=True)
            if block.passage:
                self.need(35)
                self.text(block.head, bold=True)
                if block.body:
                    self.text(block.body, size=10, border=1, height=5.5)
                for sha in shared:
                    self.figure(sha)
                self.pdf.ln(2)
            for question in block.questions:
                self.question(question, shared)

    def key(self, new_page: bool) -> None:
        pdf = self.pdf
        if new_page:
            pdf.columns = 1
            pdf.set_column(0)
            pdf.add_page()
        pdf.set_font("Nanum", "B", 13)
        pdf.cell(0, 9, f"{KEY_TITLE} — {self.paper.title}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Nanum", "", 10)
        explain = any(e for _n, _a, e in self.paper.answer_rows())
        widths = (12, 30, 100) if explain else (15, 85)
        for (heading, rows), figured in zip(self.paper.key_parts(), self.paper.key_figures()):
            if heading:
                pdf.ln(2)
                pdf.set_font("Nanum", "B", 10.5)
                pdf.cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
                pdf.set_font("Nanum", "", 10)
            with pdf.table(col_widths=widths, text_align="LEFT") as table:
                table.row(["번호", "정답", "해설"][: len(widths)])
                for number, answer, explanation in rows:
                    # table cells hold text only: formulas in their readable linear form (α+β=5, 5/6)
                    table.row([str(number), linear_text(answer), linear_text(explanation)][: len(widths)])
            for number, shas in figured:
                pdf.ln(2)
                self.need(8)
                pdf.cell(0, 6, KEY_FIGURES.format(number=number), new_x="LMARGIN", new_y="NEXT")
                for sha in shas:
                    self.figure(sha)

    def render(self, mode: str) -> int:
        pdf = self.pdf
        if mode == "key":
            pdf.add_page()
            self.key(new_page=False)
        else:
            pdf.columns = self.paper.options.columns
            self.header()
            self.questions()
            if mode == "student+key":
                self.key(new_page=True)
        return pdf.page_no()


def _write_pdf(paper: Paper, figures: dict[str, Figure], out: Path, mode: str) -> int:
    writer = _PdfWriter(paper, figures)
    pages = writer.render(mode)
    with atomic_path(out) as tmp:
        writer.pdf.output(str(tmp))
    return pages


# -- HWPX -----------------------------------------------------------------------------------------
def _hwpx_text(doc, text: str, **attrs: str):
    """Every piece of item text goes through here: ``$…$`` formulas become real 한글 equations
    (``<hp:equation>`` with their EqEdit script), so the teacher can edit them in 한글."""
    if "$" not in text:  # (a "\\$" is a literal dollar: written as "$", never as "\\$")
        return doc.add_paragraph(text, **attrs)
    paragraph = doc.add_paragraph("", **attrs)
    char_pr = attrs.get("char_pr_id_ref")
    for segment in split_math(text):
        if segment.kind == "text":
            paragraph.add_run(segment.value, char_pr_id_ref=char_pr)
        else:
            paragraph.add_equation(latex_to_hangul(segment.value), char_pr_id_ref=char_pr)
    return paragraph


def _hwpx_cell_text(cell, text: str) -> None:
    """A table cell's text, its ``$…$`` formulas as real 한글 equations (as ``_hwpx_text`` does)."""
    if "$" not in text:
        cell.text = text
        return
    cell.text = ""
    for n, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph("")
        for segment in split_math(line):
            if segment.kind == "text":
                paragraph.add_run(segment.value)
            else:
                paragraph.add_equation(latex_to_hangul(segment.value))


def _write_hwpx(paper: Paper, figures: dict[str, Figure], out: Path, mode: str) -> int:
    try:
        from hwpx import HwpxDocument
    except ImportError as exc:
        raise WorksheetError(_t("HWPX export needs the optional HWP support: pip install 'itembank[hwp]'")) from exc
    options = paper.options
    doc = HwpxDocument.new()
    width_mm, height_mm = PAGE_MM[options.paper]
    doc.page.setup(width_mm=width_mm, height_mm=height_mm,
                   columns=options.columns if mode != "key" else 1, column_gap_mm=8)
    doc.paragraphs[0].text = paper.title
    preview: list[str] = [paper.title]
    if mode != "key":
        info = "   ".join(f"{k}: {v}" for k, v in paper.header_fields())
        doc.add_paragraph(f"{info}   번호: ______   이름: ____________".strip())
        doc.add_paragraph("")
        max_w = (width_mm - 30) / options.columns - 8
        for block in paper.blocks:
            shared = _shared_figures([q.item for q in block.questions])
            if block.heading:
                _hwpx_text(doc, block.heading)
            if block.passage:
                _hwpx_text(doc, block.head)
                for line in block.body.split("\n") if block.body else []:
                    _hwpx_text(doc, line)
                for sha in shared:
                    _hwpx_picture(doc, figures[sha], max_w)
            for question in block.questions:
                lead = _stem_lines(question)
                _hwpx_text(doc, f"{question.number}. {lead[0]}")
                preview.append(f"{question.number}. {lead[0]}")
                for line in lead[1:]:
                    _hwpx_text(doc, line)
                if question.box:
                    box = doc.add_table(1, 1)
                    _hwpx_cell_text(box.cell(0, 0), "\n".join(question.box))
                for line in question.tail:
                    _hwpx_text(doc, line)
                for sha in question.item.images:
                    if sha not in shared:
                        _hwpx_picture(doc, figures[sha], max_w)
                if question.choices:
                    per_row = question.choice_columns
                    for start in range(0, len(question.choices), per_row):
                        row = question.choices[start:start + per_row]
                        _hwpx_text(doc, "  ".join(f"{marker(start + i)} {c}" for i, c in enumerate(row)))
                if question.writing:
                    _hwpx_writing_space(doc, question)
                doc.add_paragraph("")
    if mode in ("key", "student+key"):
        attrs = {"pageBreak": "1"} if mode == "student+key" else {}
        doc.add_paragraph(KEY_TITLE, **attrs)
        explain = any(e for _n, _a, e in paper.answer_rows())
        key_width = PAGE_MM[options.paper][0] - 38
        for (heading, rows), figured in zip(paper.key_parts(), paper.key_figures()):
            if heading:  # one table per 선택과목 section, under its heading
                _hwpx_text(doc, heading)
            _hwpx_key_table(doc, rows, explain)
            for number, shas in figured:  # the 해설's figures under the table, each under its number
                doc.add_paragraph(KEY_FIGURES.format(number=number))
                for sha in shas:
                    _hwpx_picture(doc, figures[sha], key_width)
    with atomic_path(out) as tmp:
        doc.save_to_path(tmp)
        described = f"{len(paper.questions)}문항"
        finish_hwpx(tmp, HwpxMetadata(paper.title, options.creator, options.subject, described,
                                      tuple(preview)), FONT_DIR / "NanumGothic.ttf")
    return 0


def _hwpx_key_table(doc, rows: list[tuple[int, str, str]], explain: bool) -> None:
    """번호 | 정답 (| 해설): the table the HWPX importer reads back as the answer key."""
    table = doc.add_table(len(rows) + 1, 3 if explain else 2)
    for column, head in enumerate(("번호", "정답", "해설")[: 3 if explain else 2]):
        table.cell(0, column).text = head
    for row, (number, answer, explanation) in enumerate(rows, start=1):
        table.cell(row, 0).text = str(number)
        _hwpx_cell_text(table.cell(row, 1), answer)
        if explain:
            _hwpx_cell_text(table.cell(row, 2), explanation)


def _hwpx_writing_space(doc, question: Question) -> None:
    """The 서술형 box or ruled lines as an empty table (one row per 8 mm line, so its height follows
    ``writing_mm``); 단답형 gets a one-line box. Empty cells give the importer nothing to read back."""
    rows = max(1, int(question.writing_mm // 8))
    if question.writing == "box":
        table = doc.add_table(1, 1)
        table.cell(0, 0).text = "\n" * (rows - 1)
    elif question.writing == "lines":
        doc.add_table(rows, 1)
    else:  # 단답형: a one-line answer box (a "답:" label would be read back into the stem)
        doc.add_table(1, 1)


def _hwpx_picture(doc, figure: Figure, max_width_mm: float) -> None:
    _sha, data, fmt, size = figure
    width, height = figure_size_mm(size, min(70.0, max_width_mm))
    doc.add_picture(data, fmt, width_mm=width, height_mm=height)
