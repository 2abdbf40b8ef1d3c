"""Reading an HWPX package (OWPML, KS X 6101) into an ordered list of text blocks and figures.

HWPX is a zip of XML parts: ``Contents/content.hpf`` lists the sections and the binary items
(figures in ``BinData/``), and each ``Contents/sectionN.xml`` holds paragraphs (``hp:p``) made of runs
(``hp:run``) that carry text (``hp:t``), pictures (``hp:pic``), equations (``hp:equation`` with an
EqEdit ``hp:script``), tables (``hp:tbl``) and drawn boxes (``hp:rect`` … with ``hp:drawText``).

The walker keeps *document order*, which is what splitting a paper into items needs: the text-only
extractors in the HWP libraries we compared drop figure positions or equation scripts (see
docs/interop.md). Multi-column layout is presentation only: OWPML stores paragraphs in reading
order (left column, then right), with ``columnBreak="1"`` where a new column starts, so the walker
can ignore columns. Elements are matched by local name, so files written with the 2011 and 2016
namespaces both read.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from engine.importers.numbering import EndnoteCounter, Numberer
from engine.mathtext import escape_dollars
from engine.importers.report import ImportFileError
from engine.mathtext.hangul import hangul_to_latex
from engine.safezip import SafeZip
from engine.i18n import _t

_MAX_PART_BYTES = 64 * 1024 * 1024  # a section XML larger than this is not an exam paper
_MAX_PACKAGE_BYTES = 512 * 1024 * 1024  # all parts together, counted as they are inflated


@dataclass
class Block:
    """One paragraph (``kind="para"``) or one boxed object (``kind="box"``: a table or a text box)."""

    text: str
    images: list[str] = field(default_factory=list)  # part names inside the package (BinData/…)
    kind: str = "para"
    # a table's cells, row by row, each as the blocks inside it: a paper laid out in a table (one
    # question a cell, or a two-column layout table) is split from these (see ``paper``)
    cells: list[list["Block"]] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in element if _local(c.tag) == name]


# -- equations ------------------------------------------------------------------------------------
_EQ_WORDS = {
    "times": "×", "div": "÷", "pm": "±", "mp": "∓", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
    "ne": "≠", "neq": "≠", "approx": "≈", "cdot": "·", "inf": "∞", "infty": "∞", "pi": "π",
    "alpha": "α", "beta": "β", "gamma": "γ", "theta": "θ", "omega": "ω", "sigma": "σ",
    "DELTA": "Δ", "delta": "δ", "angle": "∠", "triangle": "△", "perp": "⊥", "because": "∵",
    "therefore": "∴", "rarrow": "→", "larrow": "←", "deg": "°", "circ": "°", "in": "∈",
    "subset": "⊂", "cap": "∩", "cup": "∪", "LEFT": "", "RIGHT": "", "left": "", "right": "",
    "rm": "", "it": "", "bold": "",
}
_SUPERSCRIPT = str.maketrans("0123456789+-n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿ")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_GROUP = r"(\{[^{}]*\}|[^\s{}^_]+)"
_SCRIPT_ARG = r"(\{[^{}]*\}|\d+|[A-Za-z])"


def _ungroup(text: str) -> str:
    return text[1:-1].strip() if text.startswith("{") and text.endswith("}") else text


def equation_math(script: str) -> str:
    """An EqEdit script kept as math: ``$LaTeX$`` in the item text (see ``engine.mathtext``).

    Search and the embedders read its linear form, the window and papers render it, and the HWPX
    writer turns it back into a 한글 equation. An empty script gives no text. Dollars in plain text
    runs are left as typed: a paired ``$…$`` there is LaTeX a teacher (or an older worksheet export)
    wrote, and an unpaired one stays a literal dollar (``engine.mathtext.split_math``).
    """
    latex = hangul_to_latex(script).replace("$", r"\$")
    return f"${latex}$" if latex else ""


def equation_text(script: str) -> str:
    """An EqEdit script ("{x+1} over {2}", "sqrt {b^2 -4ac}", "x^2") as text a teacher can read.

    Not a full EqEdit renderer: fractions become a/b, roots √(…), small powers superscripts, named
    symbols their Unicode character; anything else is kept as written, so nothing is lost.
    """
    text = script.replace("`", " ").replace("~", " ").replace("#", "\n")
    text = re.sub(r"\b([A-Za-z]+)\b", lambda m: _EQ_WORDS.get(m.group(1), m.group(1)), text)
    for _ in range(4):  # innermost groups first, a few levels deep
        text = re.sub(r"\^\s*" + _SCRIPT_ARG, lambda m: _power(_ungroup(m.group(1)), "^", _SUPERSCRIPT),
                      text)
        text = re.sub(r"_\s*" + _SCRIPT_ARG, lambda m: _power(_ungroup(m.group(1)), "_", _SUBSCRIPT),
                      text)
        text = re.sub(r"sqrt\s*" + _GROUP, lambda m: f"√({_ungroup(m.group(1))})"
                      if len(_ungroup(m.group(1))) > 1 else f"√{_ungroup(m.group(1))}", text)
        text = re.sub(_GROUP + r"\s*over\s*" + _GROUP,
                      lambda m: f"{_wrap(_ungroup(m.group(1)))}/{_wrap(_ungroup(m.group(2)))}", text)
    text = text.replace("{", "").replace("}", "")
    return re.sub(r"[ \t]+", " ", text).strip()


def _wrap(text: str) -> str:
    return text if re.fullmatch(r"[\w.√⁰¹²³⁴⁵⁶⁷⁸⁹]+", text) else f"({text})"


def _power(exponent: str, mark: str, table: dict) -> str:
    if re.fullmatch(r"[0-9n+-]{1,3}" if mark == "^" else r"[0-9]{1,2}", exponent):
        return exponent.translate(table)
    return f"{mark}({exponent})"


# -- package --------------------------------------------------------------------------------------
class OwpmlPackage:
    """An opened HWPX package: its sections (in spine order) and binary items by id."""

    def __init__(self, data: bytes, origin: str) -> None:
        self.origin = origin
        if not data.startswith(b"PK"):
            raise ImportFileError(_t("{origin}: not an HWPX file (not a zip package); save the paper from "
                                     "한글 as .hwpx or .hwp").format(origin=origin))
        self.zip = SafeZip(data, origin, member_cap=_MAX_PART_BYTES, total_cap=_MAX_PACKAGE_BYTES)
        self.names = set(self.zip.namelist())
        self.binaries: dict[str, str] = {}
        self.header_part = "Contents/header.xml"
        self.sections = self._spine()
        if not self.sections:
            raise ImportFileError(_t("{origin}: no Contents/section*.xml in the package; is this an HWPX "
                                     "document?").format(origin=origin))
        self.numberer = Numberer(None)

    def read(self, name: str) -> bytes:
        """A part's bytes; the cap counts the bytes really inflated, not the size the header claims."""
        return self.zip.read(name)

    def _xml(self, name: str) -> ET.Element:
        try:
            return ET.fromstring(self.read(name))
        except ET.ParseError as exc:
            raise ImportFileError(_t("{origin}: {name} is not valid XML ({exc}); open the file in 한글 and "
                                     "save it again").format(origin=self.origin, name=name, exc=exc)) from exc

    def _spine(self) -> list[str]:
        hpf = "Contents/content.hpf"
        sections: list[str] = []
        if hpf in self.names:
            root = self._xml(hpf)
            hrefs: dict[str, str] = {}
            for item in root.iter():
                if _local(item.tag) == "item" and item.get("href"):
                    href = item.get("href", "")
                    hrefs[item.get("id", "")] = href
                    if re.search(r"header\d*\.xml$", href) and href in self.names:
                        self.header_part = href
                    if href.startswith("BinData/") or item.get("isEmbeded") == "1":
                        self.binaries[item.get("id", "")] = href
            for ref in root.iter():
                if _local(ref.tag) == "itemref":
                    href = hrefs.get(ref.get("idref", ""), "")
                    if re.search(r"section\d+\.xml$", href) and href in self.names:
                        sections.append(href)
        if not sections:
            sections = sorted((n for n in self.names if re.fullmatch(r"Contents/section\d+\.xml", n)),
                              key=lambda n: int(re.search(r"(\d+)", n).group(1)))
        for name in self.names:  # binaries not declared in the manifest, by file stem
            if name.startswith("BinData/"):
                self.binaries.setdefault(posixpath.splitext(posixpath.basename(name))[0], name)
        return sections

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        # automatic paragraph numbers count on through the whole document, in reading order
        header = self._xml(self.header_part) if self.header_part in self.names else None
        self.numberer = Numberer(header)
        self.endnotes = EndnoteCounter(header)
        self.notes: list[Block] = []  # the last question's 미주 (its 정답 / 해설), written after it
        for section in self.sections:
            root = self._xml(section)
            sec_pr = next((n for n in root.iter() if _local(n.tag) == "secPr"), None)
            if sec_pr is not None:
                self.numberer.set_outline(sec_pr.get("outlineShapeIDRef", ""))
            for paragraph in _children(root, "p"):
                out.extend(self._paragraph(paragraph))
        out.extend(self.notes)
        self.notes = []
        return out

    # -- walking ----------------------------------------------------------------------------------
    def _paragraph(self, paragraph: ET.Element) -> list[Block]:
        blocks: list[Block] = []
        text: list[str] = []
        images: list[str] = []

        def flush() -> None:
            joined = "".join(text)
            if joined.strip() or images:
                blocks.append(Block(joined, list(images)))
            text.clear()
            images.clear()

        head = self.numberer.head(paragraph.get("paraPrIDRef"))
        if head:  # 한글's automatic number (문단 번호): written before the text, as 한글 shows it
            text.append(head + " ")
        for run in _children(paragraph, "run"):
            for child in run:
                name = _local(child.tag)
                if name == "ctrl":
                    self.endnotes.new_numbers(child)  # 새 번호로 시작 (미주): the next 미주's number
                    note = next((c for c in child if _local(c.tag) == "endNote"), None)
                    number = self.endnotes.number(note) if note is not None else ""
                    if note is not None and not "".join(text).strip():
                        # a question numbered by its 미주 (the 학원 paper's way)
                        blocks.extend(self.notes)  # the question before: its 정답 / 해설 now
                        self.notes = self._end_note(note)
                        text.append(f"{number}. ")
                elif name == "t":
                    text.append(escape_dollars(_run_text(child)))  # "$40" in text is no formula
                elif name == "equation":
                    script = "".join(e.text or "" for e in child.iter() if _local(e.tag) == "script")
                    text.append(equation_math(script))
                elif name == "pic" or name == "ole":
                    images.extend(self._pictures(child))
                elif name == "tbl":
                    flush()
                    blocks.append(self._table(child))
                elif name in ("rect", "ellipse", "polygon", "container", "curve"):
                    inner = self._draw_text(child)
                    if inner is not None:
                        flush()
                        blocks.append(inner)
                    else:
                        images.extend(self._pictures(child))
        flush()
        return blocks

    def _end_note(self, note: ET.Element) -> list[Block]:
        """A 미주 that numbers a question holds its answer ("23_09 교육 1) ⑤", "[정답] 6") and then
        its 해설: given back as a "정답:" line and "해설:" lines, to follow the question."""
        held, self.notes = self.notes, []
        inner = [b for b in self._sub_list_blocks(note) if b.text.strip() or b.images]
        self.notes = held
        if not inner:
            return []
        first, rest = inner[0].text.strip(), inner[1:]
        if not _ANSWER_MARK.match(first):
            token = first.split()[-1] if first.split() else ""
            first = f"정답: {token}" if token else ""
        out = [Block(first)] if first else []
        for n, block in enumerate(rest):
            lead = "" if n or _EXPLANATION_MARK.match(block.text) else "해설: "
            out.append(Block(lead + block.text, block.images, block.kind, block.cells))
        return out

    def _pictures(self, element: ET.Element) -> list[str]:
        found = []
        for node in element.iter():
            ref = node.get("binaryItemIDRef")
            if ref:
                part = self.binaries.get(ref)
                if part is None or part not in self.names:
                    raise ImportFileError(_t("{origin}: figure {ref} is referenced but missing from the "
                                             "package (BinData); save the paper again in 한글").format(
                                                 origin=self.origin, ref=ref))
                found.append(part)
        return found

    def _sub_list_blocks(self, element: ET.Element) -> list[Block]:
        out: list[Block] = []
        for sub in element:
            if _local(sub.tag) == "subList":
                for paragraph in _children(sub, "p"):
                    out.extend(self._paragraph(paragraph))
        return out

    def _draw_text(self, shape: ET.Element) -> Block | None:
        for node in shape.iter():
            if _local(node.tag) == "drawText":
                inner = self._sub_list_blocks(node)
                return Block("\n".join(b.text for b in inner),
                             [i for b in inner for i in b.images], "box")
        return None

    def _table(self, table: ET.Element) -> Block:
        rows: list[str] = []
        images: list[str] = []
        cell_blocks: list[list[Block]] = []
        for tr in _children(table, "tr"):
            cells = []
            for tc in _children(tr, "tc"):
                inner = self._sub_list_blocks(tc)
                cell_blocks.append(inner)
                cells.append("\n".join(b.text for b in inner).strip())
                images.extend(i for b in inner for i in b.images)
            rows.append(" | ".join(cells))
        return Block("\n".join(rows), images, "box", cell_blocks)


_ANSWER_MARK = re.compile(r"^\s*[\[(<〈【]?\s*(정\s*답|답)\s*[\])>〉】:：]")
_EXPLANATION_MARK = re.compile(r"^\s*[\[(<〈【]?\s*(해\s*설|풀\s*이)\s*[\])>〉】:：]?")


def _run_text(t: ET.Element) -> str:
    parts = [t.text or ""]
    for child in t:
        name = _local(child.tag)
        if name == "lineBreak":
            parts.append("\n")
        elif name in ("tab", "nbSpace", "fwSpace"):
            parts.append(" ")
        elif name == "hyphen":
            parts.append("-")
        parts.append(child.tail or "")
    return "".join(parts)
