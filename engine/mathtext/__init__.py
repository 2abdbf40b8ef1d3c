"""Math in item text: ``$…$`` LaTeX segments, 한글 equation script ↔ LaTeX, a linear form for search
and embedders, and PNG rendering (matplotlib mathtext, optional) for the window and papers."""

from engine.mathtext.html import math_html, needs_rich_text, scripts_html, split_scripts
from engine.mathtext.hangul import hangul_to_latex, latex_to_hangul
from engine.mathtext.linear import latex_to_linear, linear_text, search_text
from engine.mathtext.segments import Segment, escape_dollars, has_math, split_math

__all__ = ["Segment", "escape_dollars", "has_math", "hangul_to_latex", "latex_to_hangul",
           "latex_to_linear", "linear_text", "math_html", "needs_rich_text", "scripts_html", "search_text", "split_scripts",
           "split_math", "render_math_png", "math_renderer_available"]


def render_math_png(latex: str, font_px: int = 20, color: str = "#000000") -> bytes:
    """PNG of one formula (see ``engine.mathtext.render``; imported lazily: matplotlib is optional)."""
    from engine.mathtext.render import render_math_png as render

    return render(latex, font_px, color)


def math_renderer_available() -> bool:
    """True when matplotlib can draw formulas."""
    from engine.mathtext.render import math_renderer_available as available

    return available()
