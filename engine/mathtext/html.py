"""Item text as Qt rich text: ``$…$`` formulas as inline PNG images, super/subscripts as tags.

The window shows text through Qt's rich-text engine, which takes ``data:`` image URIs, so a formula
needs no resource registry. Formulas are drawn at twice the text size and shown at half (sharp on
high-DPI screens). Unicode ² ³ ⁿ ₁ are tiny in the bundled NanumGothic; they become ``<sup>``/
``<sub>`` of ordinary digits, which any font draws legibly. Without the renderer, or for a formula it
cannot draw, the formula's linear form is shown instead: the text is never lost.
"""

from __future__ import annotations

import base64
import html
import io
import re

from PIL import Image

from engine.errors import ItemBankError
from engine.mathtext.linear import latex_to_linear
from engine.mathtext.segments import split_math

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ"
_SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"
_SUP_PLAIN = str.maketrans(_SUPERSCRIPTS, "0123456789+-=()ni")
_SUB_PLAIN = str.maketrans(_SUBSCRIPTS, "0123456789+-=()")
_SCRIPT_RUN = re.compile(f"[{_SUPERSCRIPTS}]+|[{_SUBSCRIPTS}]+")


def needs_rich_text(text: str) -> bool:
    """True when ``text`` has math or Unicode super/subscripts (plain labels are kept otherwise)."""
    return bool(_SCRIPT_RUN.search(text)) or any(s.kind == "math" for s in split_math(text))


def split_scripts(text: str) -> list[tuple[str, str]]:
    """``text`` as ("text"|"sup"|"sub", value) runs, scripts as ordinary characters ("x²" →
    [("text", "x"), ("sup", "2")]): for writers that draw raised digits themselves (the PDF)."""
    runs: list[tuple[str, str]] = []
    pos = 0
    for match in _SCRIPT_RUN.finditer(text):
        if match.start() > pos:
            runs.append(("text", text[pos:match.start()]))
        run = match.group(0)
        if run[0] in _SUPERSCRIPTS:
            runs.append(("sup", run.translate(_SUP_PLAIN)))
        else:
            runs.append(("sub", run.translate(_SUB_PLAIN)))
        pos = match.end()
    if pos < len(text):
        runs.append(("text", text[pos:]))
    return runs


def scripts_html(text: str) -> str:
    """Escaped plain text with Unicode super/subscripts as ``<sup>``/``<sub>`` and line breaks."""
    out = []
    pos = 0
    for match in _SCRIPT_RUN.finditer(text):
        out.append(html.escape(text[pos:match.start()]))
        run = match.group(0)
        if run[0] in _SUPERSCRIPTS:
            out.append(f"<sup>{html.escape(run.translate(_SUP_PLAIN))}</sup>")
        else:
            out.append(f"<sub>{html.escape(run.translate(_SUB_PLAIN))}</sub>")
        pos = match.end()
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def formula_img(latex: str, font_px: int, color: str) -> str:
    """One formula as an ``<img>`` tag, or its escaped linear form when it cannot be drawn."""
    from engine.mathtext.render import render_math_png

    try:
        png = render_math_png(latex, font_px * 2, color)
    except ItemBankError:  # renderer absent (Unavailable) or formula it cannot draw (InvalidInput)
        return scripts_html(latex_to_linear(latex))
    width, height = Image.open(io.BytesIO(png)).size
    data = base64.b64encode(png).decode("ascii")
    alt = html.escape(latex_to_linear(latex), quote=True)
    return (f'<img src="data:image/png;base64,{data}" width="{max(1, width // 2)}" '
            f'height="{max(1, height // 2)}" alt="{alt}" style="vertical-align: middle">')


def math_html(text: str, font_px: int = 14, color: str = "#000000") -> str:
    """``text`` as rich text: formulas as images, the rest escaped (see the module docstring)."""
    return "".join(scripts_html(s.value) if s.kind == "text" else formula_img(s.value, font_px, color)
                   for s in split_math(text))
