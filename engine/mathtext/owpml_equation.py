"""A formula as an OWPML ``<hp:equation>`` element, for HWPX writers (the worksheet exporter).

한글 keeps an equation as its EqEdit script plus a cached size; it lays the equation out again when
the document is edited, so an estimate of the size is enough for the first display. The element is
inline (``treatAsChar``) like the equations 한글 itself writes, and ``engine.importers.owpml`` reads
it back to the same LaTeX.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from engine.mathtext.hangul import latex_to_hangul
from engine.mathtext.linear import latex_to_linear

_HWPUNIT_PER_PT = 100  # OWPML lengths are 1/7200 inch


def equation_size(latex: str, font_pt: float = 10.0) -> tuple[int, int]:
    """(width, height) in HWPUNIT: about half an em per character of the linear form, a line per level."""
    linear = latex_to_linear(latex)
    levels = 1 + latex.count(r"\frac") + latex.count(r"\\") + (r"\int" in latex or r"\sum" in latex)
    em = font_pt * _HWPUNIT_PER_PT
    return max(int(em), int(len(linear) * em * 0.55)), int(em * 1.25 * min(levels, 4))


def equation_xml(latex: str, element_id: int, font_pt: float = 10.0, color: str = "#000000",
                 prefix: str = "hp") -> str:
    """The ``<hp:equation>`` element (the ``hp`` namespace bound by the section) for one formula."""
    width, height = equation_size(latex, font_pt)
    script = escape(latex_to_hangul(latex))
    p = prefix
    return (f'<{p}:equation id="{element_id}" zOrder="0" numberingType="EQUATION" textWrap="TOP_AND_BOTTOM" '
            f'textFlow="BOTH_SIDES" lock="0" dropcapstyle="None" version="Equation Version 60" '
            f'baseLine="85" textColor="{escape(color)}" baseUnit="{int(font_pt * _HWPUNIT_PER_PT)}" '
            f'lineMode="CHAR" font="HYhwpEQ">'
            f'<{p}:sz width="{width}" widthRelTo="ABSOLUTE" height="{height}" heightRelTo="ABSOLUTE" protect="0"/>'
            f'<{p}:pos treatAsChar="1" affectLSpacing="0" flowWithText="1" allowOverlap="0" holdAnchorAndSO="0" '
            f'vertRelTo="PARA" horzRelTo="PARA" vertAlign="TOP" horzAlign="LEFT" vertOffset="0" horzOffset="0"/>'
            f'<{p}:outMargin left="56" right="56" top="0" bottom="0"/>'
            f'<{p}:shapeComment>수식입니다.</{p}:shapeComment>'
            f'<{p}:script>{script}</{p}:script></{p}:equation>')
