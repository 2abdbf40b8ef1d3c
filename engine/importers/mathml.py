"""MathML (``<math>`` in Moodle HTML and QTI item bodies) → one LaTeX formula for a ``$…$`` segment.

Items keep equations as inline LaTeX (see ``engine.mathtext``), so an imported ``<math>`` must become
one formula, never its tokens one per line. A TeX annotation (``<annotation
encoding="application/x-tex">``), which most editors write beside the presentation markup, is taken
as it is; otherwise the presentation elements are converted (mfrac, msup, msub, msqrt, mroot, mover,
munder, mfenced, mtable, …). Unknown elements contribute their children, so no text is lost.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from engine.mathtext.symbols import EQ_FUNCTIONS, LINEAR

_TEX_ENCODINGS = {"application/x-tex", "tex", "latex", "application/x-latex", "text/x-tex"}
# readable character → LaTeX command (the first command listed for a character wins: ≤ → \le)
_CHAR_TO_TEX: dict[str, str] = {}
for _command, _char in LINEAR.items():
    if len(_char) == 1 and _command[1:].isalpha():
        _CHAR_TO_TEX.setdefault(_char, _command)
_CHAR_TO_TEX.update({"−": "-", "∑": r"\sum", "∏": r"\prod", "⋅": r"\cdot", "∗": "*", "⟶": r"\to",
                     "→": r"\to", "…": r"\ldots",
                     "\u2061": "", "\u2062": "", "\u2063": "",  # invisible apply/times/comma
                     "\u00a0": " ", "′": "'", "°": r"^{\circ}"})
_ARROWS = {"→", "⟶", "\u20d7", "⇀", "⟼"}
_BARS = {"¯", "‾", "_", "‒", "―", "—", "-", "−", "\u0305"}
_ACCENTS = {"^": r"\hat", "ˆ": r"\hat", "~": r"\tilde", "˜": r"\tilde", "˙": r"\dot", "¨": r"\ddot",
            ".": r"\dot"}
_FUNCTIONS = set(EQ_FUNCTIONS)
_LATEX_SPECIAL = {"{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#", "&": r"\&", "$": r"\$"}


def _local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1].split(":")[-1].lower()


def _chars(text: str) -> str:
    """Operator or identifier characters as LaTeX (Greek and relations as commands)."""
    out = []
    for char in text:
        if char in _CHAR_TO_TEX:
            out.append(_CHAR_TO_TEX[char])
        elif char in _LATEX_SPECIAL:
            out.append(_LATEX_SPECIAL[char])
        else:
            out.append(char)
    return _join(out)


def _join(parts: list[str]) -> str:
    """Concatenate LaTeX pieces, with a space where a command word would run into a letter."""
    out = ""
    for part in parts:
        if not part:
            continue
        if re.search(r"\\[A-Za-z]+$", out) and re.match(r"[A-Za-z0-9]", part):
            out += " "
        out += part
    return out


def _brace(latex: str) -> str:
    return "{" + latex + "}"


def _tex_annotation(element: ET.Element) -> str | None:
    for node in element.iter():
        if _local(node) == "annotation" and (node.get("encoding") or "").strip().lower() in _TEX_ENCODINGS:
            text = (node.text or "").strip()
            return _strip_delimiters(text) if text else None
    return None


def _strip_delimiters(tex: str) -> str:
    for opening, closing in (("$$", "$$"), ("$", "$"), (r"\(", r"\)"), (r"\[", r"\]")):
        if tex.startswith(opening) and tex.endswith(closing) and len(tex) > len(opening) + len(closing):
            return tex[len(opening):-len(closing)].strip()
    return tex


def _children(element: ET.Element) -> list[ET.Element]:
    return [c for c in element if _local(c) not in ("annotation", "annotation-xml")]


def _row(element: ET.Element) -> str:
    return _join([_convert(c) for c in _children(element)])


def _identifier(element: ET.Element) -> str:
    text = re.sub(r"\s+", " ", "".join(element.itertext())).strip()
    if text in _FUNCTIONS:
        return "\\" + text
    return _chars(text)  # "AB" under an arrow is the segment AB, not an upright word


def _text_node(element: ET.Element) -> str:
    text = re.sub(r"\s+", " ", "".join(element.itertext()))
    return rf"\text{{{text}}}" if text.strip() else ""


def _over(base: ET.Element, over: ET.Element) -> str:
    mark = "".join(over.itertext()).strip()
    inner = _convert(base)
    if mark in _ARROWS:
        return rf"\vec{{{inner}}}"
    if mark in _BARS:
        return rf"\overline{{{inner}}}"
    if mark in _ACCENTS:
        return rf"{_ACCENTS[mark]}{{{inner}}}"
    return rf"\overset{{{_convert(over)}}}{{{inner}}}"


def _fenced(element: ET.Element) -> str:
    opening = element.get("open", "(")
    closing = element.get("close", ")")
    separators = (element.get("separators", ",") or "").replace(" ", "") or ""
    parts: list[str] = []
    for index, child in enumerate(_children(element)):
        if index and separators:
            parts.append(separators[min(index - 1, len(separators) - 1)])
        parts.append(_convert(child))
    return _chars(opening) + _join(parts) + _chars(closing)


def _table(element: ET.Element) -> str:
    rows = []
    for row in _children(element):
        cells = [_convert(cell) for cell in _children(row)] if _local(row) in ("mtr", "mlabeledtr") \
            else [_convert(row)]
        rows.append(" & ".join(cells))
    return r"\begin{matrix}" + r" \\ ".join(rows) + r"\end{matrix}"


def _scripted(element: ET.Element, name: str) -> str:
    kids = _children(element) + [ET.Element("mrow")] * 3
    base = _convert(kids[0])
    if name == "msup":
        return f"{_brace(base)}^{_brace(_convert(kids[1]))}"
    if name == "msub":
        return f"{_brace(base)}_{_brace(_convert(kids[1]))}"
    if name == "msubsup":
        return f"{_brace(base)}_{_brace(_convert(kids[1]))}^{_brace(_convert(kids[2]))}"
    if name == "munder":
        return f"{base}_{_brace(_convert(kids[1]))}" if base.startswith("\\") else \
            rf"\underset{{{_convert(kids[1])}}}{{{base}}}"
    # munderover: big operators (∑, ∫) take limits
    return f"{base}_{_brace(_convert(kids[1]))}^{_brace(_convert(kids[2]))}"


def _convert(element: ET.Element) -> str:
    name = _local(element)
    if name in ("mi", "mn", "mo"):
        if name == "mi":
            return _identifier(element)
        return _chars(re.sub(r"\s+", " ", "".join(element.itertext())).strip())
    if name in ("mtext", "ms"):
        return _text_node(element)
    if name == "mspace":
        return r"\,"
    if name == "mfrac":
        kids = _children(element) + [ET.Element("mrow")] * 2
        return rf"\frac{{{_convert(kids[0])}}}{{{_convert(kids[1])}}}"
    if name == "msqrt":
        return rf"\sqrt{{{_row(element)}}}"
    if name == "mroot":
        kids = _children(element) + [ET.Element("mrow")] * 2
        return rf"\sqrt[{_convert(kids[1])}]{{{_convert(kids[0])}}}"
    if name in ("msup", "msub", "msubsup", "munder", "munderover"):
        return _scripted(element, name)
    if name == "mover":
        kids = _children(element) + [ET.Element("mrow")] * 2
        return _over(kids[0], kids[1])
    if name == "mfenced":
        return _fenced(element)
    if name == "mtable":
        return _table(element)
    if name == "semantics":
        kids = _children(element)
        return _convert(kids[0]) if kids else ""
    return _row(element)  # math, mrow, mstyle, mpadded, menclose, mtd, unknown: their children


def mathml_to_latex(element: ET.Element) -> str:
    """One ``<math>`` element as LaTeX (without dollars); the TeX annotation when it has one."""
    tex = _tex_annotation(element)
    if tex:
        return re.sub(r"\s+", " ", tex)
    return re.sub(r"\s+", " ", _row(element)).strip()


def mathml_string_to_latex(markup: str) -> str:
    """``mathml_to_latex`` of MathML markup as text (a ``<math>`` element cut out of an HTML fragment);
    markup that is not well-formed XML gives its text content, so the words still reach search."""
    try:
        return mathml_to_latex(ET.fromstring(_strip_prefixes(markup)))
    except (ET.ParseError, RecursionError):  # broken, or nested deeper than any real formula
        text = re.sub(r"<[^>]*>", " ", markup)
        return re.sub(r"\s+", " ", text).strip()


def _strip_prefixes(markup: str) -> str:
    """``<m:mfrac>`` → ``<mfrac>``: an HTML fragment does not declare the prefix's namespace."""
    return re.sub(r"<(/?)[A-Za-z][\w.-]*:", r"<\1", markup)
