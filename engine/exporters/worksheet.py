"""Worksheets (학습지) from a basket of items: HWPX that 한글 opens and edits, and PDF.

Both lay out: a title line, then each item numbered 1., 2., … with its shared passage (printed once
for consecutive items that share it, with "[1~3]" in front), its stem (a <보기> box stays as lines),
its figures and its choices ① … ⑤; then an answer sheet (정답) table — or, for PDF without answers,
no answer sheet.

HWPX is written with python-hwpx (optional extra ``itembank[hwp]``, Apache-2.0): it starts from a
skeleton saved by 한글 and adds paragraphs, pictures and tables through a tested object model, which
is safer than hand-writing OWPML headers that 한글 silently rejects. PDF is written with fpdf2
(optional extra ``itembank[pdf]``, LGPL-3.0, pure Python) with the bundled NanumGothic font, which
covers Hangul, circled numbers and the symbols exams use.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from engine.atomic import atomic_path
from engine.catalog.catalog import SqlCatalog
from engine.errors import InvalidInput
from engine.items import Item

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
BOX_HEADS = ("<보기>", "〈보기〉", "[보기]", "<보 기>")
FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"


class WorksheetError(InvalidInput):
    pass


Figure = tuple[str, bytes, str, tuple[int, int]]  # sha256, data, format, pixel size


@dataclass
class _Entry:
    number: int
    item: Item
    figures: list[Figure]  # the item's own figures
    passage_head: str = ""  # "[1~3]" when this item opens a shared passage, "" otherwise
    passage_figures: list[Figure] = field(default_factory=list)  # printed once, under the passage


def _answer_text(item: Item) -> str:
    if item.type == "객관식" and item.answer:
        parts = []
        for part in item.answer.split(","):
            part = part.strip()
            parts.append(CIRCLED[int(part) - 1] if part.isdigit() and 1 <= int(part) <= 10 else part)
        return ", ".join(parts)
    return item.answer or "—"


def _entries(catalog: SqlCatalog, items: Iterable[Item]) -> list[_Entry]:
    entries: list[_Entry] = []
    for number, item in enumerate(items, start=1):
        figures = []
        for sha in item.images:
            path = catalog.asset_path(sha)
            if path is None or not path.exists():
                raise WorksheetError(f"item {item.id}: figure {sha[:12]} is missing from the data folder")
            data = path.read_bytes()
            with Image.open(io.BytesIO(data)) as image:
                size = image.size
                fmt = (image.format or "PNG").lower()
                if fmt not in ("png", "jpeg", "gif", "bmp"):
                    converted = io.BytesIO()
                    image.convert("RGB").save(converted, "PNG")
                    data, fmt = converted.getvalue(), "png"
            figures.append((sha, data, "jpg" if fmt == "jpeg" else fmt, size))
        entries.append(_Entry(number, item, figures))
    # a passage shared by consecutive items is printed once, as "[first~last]", with the figures
    # all of them share (the passage's own figures)
    index = 0
    while index < len(entries):
        passage = entries[index].item.passage
        end = index
        while passage and end + 1 < len(entries) and entries[end + 1].item.passage == passage:
            end += 1
        if passage:
            group = entries[index:end + 1]
            first, last = group[0].number, group[-1].number
            group[0].passage_head = f"[{first}~{last}]" if last > first else f"[{first}]"
            if len(group) > 1:
                shared = [f for f in group[0].figures
                          if all(f[0] in {g[0] for g in other.figures} for other in group[1:])]
                group[0].passage_figures = shared
                for entry in group:
                    entry.figures = [f for f in entry.figures if f not in shared]
        index = end + 1
    return entries


def _split_box(stem: str) -> tuple[list[str], list[str], list[str]]:
    """Stem lines before a <보기> box, the box's lines, and the lines after it."""
    lines = stem.split("\n")
    for start, line in enumerate(lines):
        if start and line.strip().startswith(BOX_HEADS):
            end = start + 1
            while end < len(lines) and re.match(r"^\s*([ㄱ-ㅎ]\.|\(?[가-하]\)|[ㄱ-ㅎ]\))", lines[end]):
                end += 1
            return lines[:start], lines[start:end], lines[end:]
    return lines, [], []


def _choices_line(item: Item) -> str:
    return "  ".join(f"{CIRCLED[i] if i < 10 else f'({i + 1})'} {c}" for i, c in enumerate(item.choices))


def default_title(entries: list[_Entry]) -> str:
    """"과학 중3 학습지": names the subject, so the worksheet imports back with its subject."""
    subjects = list(dict.fromkeys(e.item.subject for e in entries if e.item.subject))
    grades = list(dict.fromkeys(e.item.grade for e in entries if e.item.grade))
    return " ".join(w for w in ("·".join(subjects), "·".join(grades), "학습지") if w)


def _mm(size: tuple[int, int], max_width_mm: float = 60.0) -> tuple[float, float]:
    width, height = size
    w = min(max_width_mm, width * 25.4 / 96)
    return w, w * height / max(width, 1)


# -- HWPX -----------------------------------------------------------------------------------------
def export_hwpx(catalog: SqlCatalog, items: Iterable[Item], out: Path, title: str = "",
                answers: bool = True) -> int:
    try:
        from hwpx import HwpxDocument
    except ImportError as exc:
        raise WorksheetError("HWPX export needs the optional HWP support: "
                             "pip install 'itembank[hwp]'") from exc
    entries = _entries(catalog, items)
    doc = HwpxDocument.new()
    doc.paragraphs[0].text = title or default_title(entries)
    doc.add_paragraph("")
    for entry in entries:
        item = entry.item
        if entry.passage_head:
            first, *rest = item.passage.split("\n")
            doc.add_paragraph(f"{entry.passage_head} {first}")  # the passage's own first line
            for line in rest:
                doc.add_paragraph(line)
            for _sha, data, fmt, size in entry.passage_figures:
                width, height = _mm(size)
                doc.add_picture(data, fmt, width_mm=width, height_mm=height)
        before, box_lines, after = _split_box(item.stem)
        doc.add_paragraph(f"{entry.number}. {before[0]}")
        for line in before[1:]:
            doc.add_paragraph(line)
        if box_lines:
            box = doc.add_table(1, 1)
            box.cell(0, 0).text = "\n".join(box_lines)
        for line in after:
            doc.add_paragraph(line)
        for _sha, data, fmt, size in entry.figures:
            width, height = _mm(size)
            doc.add_picture(data, fmt, width_mm=width, height_mm=height)
        if item.choices:
            doc.add_paragraph(_choices_line(item))
        doc.add_paragraph("")
    if answers and entries:
        doc.add_paragraph("정답")
        explain = any(e.item.explanation for e in entries)
        table = doc.add_table(len(entries) + 1, 3 if explain else 2)
        for column, head in enumerate(("번호", "정답", "해설")[: 3 if explain else 2]):
            table.cell(0, column).text = head
        for row, entry in enumerate(entries, start=1):
            table.cell(row, 0).text = str(entry.number)
            table.cell(row, 1).text = _answer_text(entry.item)
            if explain:
                table.cell(row, 2).text = entry.item.explanation
    with atomic_path(out) as tmp:
        doc.save_to_path(tmp)
    return len(entries)


# -- PDF ------------------------------------------------------------------------------------------
def export_pdf(catalog: SqlCatalog, items: Iterable[Item], out: Path, title: str = "",
               answers: bool = True) -> int:
    try:
        from fpdf import FPDF
    except ImportError as exc:
        raise WorksheetError("PDF export needs fpdf2: pip install 'itembank[pdf]'") from exc
    import logging

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "TSI0 NOT subset" notes
    entries = _entries(catalog, items)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("Nanum", "", str(FONT_DIR / "NanumGothic.ttf"))
    pdf.add_font("Nanum", "B", str(FONT_DIR / "NanumGothicBold.ttf"))
    title = title or default_title(entries)
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("Nanum", "B", 15)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(3)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for entry in entries:
        item = entry.item
        if entry.passage_head:
            pdf.set_font("Nanum", "B", 10.5)
            first, _, rest = item.passage.partition("\n")
            pdf.multi_cell(width, 6, f"{entry.passage_head} {first}", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Nanum", "", 10)
            if rest:
                pdf.multi_cell(width, 5.5, rest, border=1, new_x="LMARGIN", new_y="NEXT", padding=2)
            pdf.ln(2)
            for figure in entry.passage_figures:
                _pdf_figure(pdf, figure)
        pdf.set_font("Nanum", "", 10.5)
        before, box_lines, after = _split_box(item.stem)
        pdf.multi_cell(width, 6, f"{entry.number}. " + "\n".join(before), new_x="LMARGIN", new_y="NEXT")
        if box_lines:
            pdf.ln(1)
            pdf.multi_cell(width, 6, "\n".join(box_lines), border=1, padding=2, new_x="LMARGIN",
                           new_y="NEXT")
            pdf.ln(1)
        if after:
            pdf.multi_cell(width, 6, "\n".join(after), new_x="LMARGIN", new_y="NEXT")
        for figure in entry.figures:
            _pdf_figure(pdf, figure)
        if item.choices:
            pdf.multi_cell(width, 6, _choices_line(item), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    if answers and entries:
        pdf.add_page()
        pdf.set_font("Nanum", "B", 13)
        pdf.cell(0, 9, "정답", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Nanum", "", 10)
        explain = any(e.item.explanation for e in entries)
        widths = (12, 38, 50) if explain else (15, 85)
        with pdf.table(col_widths=widths, text_align="LEFT") as table:
            table.row(["번호", "정답", "해설"][: len(widths)])
            for entry in entries:
                cells = [str(entry.number), _answer_text(entry.item), entry.item.explanation]
                table.row(cells[: len(widths)])
    with atomic_path(out) as tmp:
        pdf.output(str(tmp))
    return len(entries)


def _pdf_figure(pdf, figure: Figure) -> None:
    _sha, data, _fmt, size = figure
    w, h = _mm(size)
    if pdf.get_y() + h > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.image(io.BytesIO(data), x=pdf.l_margin + 5, w=w, h=h)
