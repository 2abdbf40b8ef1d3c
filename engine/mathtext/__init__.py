"""Math in item text: ``$…$`` LaTeX segments, 한글 equation script ↔ LaTeX, a linear form for search
and embedders, and PNG rendering (matplotlib mathtext, optional) for the window and papers."""

from engine.mathtext.hangul import hangul_to_latex, latex_to_hangul
from engine.mathtext.linear import latex_to_linear, linear_text, search_text
from engine.mathtext.segments import Segment, escape_dollars, has_math, split_math

__all__ = ["Segment", "escape_dollars", "has_math", "hangul_to_latex", "latex_to_hangul",
           "latex_to_linear", "linear_text", "search_text", "split_math"]
