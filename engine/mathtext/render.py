"""LaTeX formulas as PNG images, drawn with matplotlib's mathtext (optional: ``itembank[math]``).

mathtext is a well-kept TeX-subset renderer with its own fonts (DejaVu, STIX), so no TeX install is
needed. It has no matrix environments; those are drawn here from separately rendered cells (a grid
inside brackets). Results are cached per (formula, size, colour): the result list re-renders the
same formulas on every scroll. Without matplotlib, ``MathUnavailable`` tells callers to show the
linear form instead.
"""

from __future__ import annotations

import io
import re
import threading
from functools import lru_cache

from PIL import Image, ImageDraw

from engine.i18n import _t
from engine.errors import InvalidInput, Unavailable

_ENV = re.compile(r"\\begin\{(\w+)\}(.*?)\\end\{\1\}", re.S)
_TEXT_FRAC = re.compile(r"\\frac(?![A-Za-z])")
# Standard LaTeX spellings mathtext does not know, and the ones it draws instead.
_ALIASES = re.compile(r"\\(le|ge)(?![A-Za-z])")
_LOCK = threading.Lock()  # matplotlib's font cache and parser are not thread-safe


class MathUnavailable(Unavailable):
    """matplotlib (the formula renderer) is not installed."""


class MathRenderError(InvalidInput):
    """A formula the renderer cannot draw (unknown command, unbalanced braces)."""


def math_renderer_available() -> bool:
    """True when formulas can be drawn (matplotlib importable)."""
    try:
        import matplotlib.mathtext  # noqa: F401
    except ImportError:
        return False
    return True


def render_math_png(latex: str, font_px: int = 20, color: str = "#000000") -> bytes:
    """PNG bytes (transparent background) of one formula, ``font_px`` tall text in ``color``."""
    return _cached_png(latex.strip(), int(font_px), color)


@lru_cache(maxsize=1024)
def _cached_png(latex: str, font_px: int, color: str) -> bytes:
    image = render_math_image(latex, font_px, color)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def render_math_image(latex: str, font_px: int = 20, color: str = "#000000") -> Image.Image:
    """The formula as an RGBA Pillow image (matrices composed from their cells)."""
    parts: list[Image.Image] = []
    pos = 0
    for match in _ENV.finditer(latex):
        if latex[pos:match.start()].strip():
            parts.append(_mathtext(latex[pos:match.start()], font_px, color))
        parts.append(_matrix(match.group(1), match.group(2), font_px, color))
        pos = match.end()
    if latex[pos:].strip() or not parts:
        parts.append(_mathtext(latex[pos:] or r"\ ", font_px, color))
    return parts[0] if len(parts) == 1 else _row(parts, gap=max(1, font_px // 6))


def _mathtext(latex: str, font_px: int, color: str) -> Image.Image:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.font_manager import FontProperties
        from matplotlib.mathtext import MathTextParser
    except ImportError as exc:
        raise MathUnavailable("formulas are shown as text: the renderer (matplotlib) is not installed; "
                              "pip install 'itembank[math]'") from exc
    # Inline fractions at text style are too small to read on screen and paper: draw them display-size.
    source = "$" + _ALIASES.sub(lambda m: "\\" + m.group(1) + "q", _TEXT_FRAC.sub(r"\\dfrac", latex)) + "$"
    prop = FontProperties(size=font_px)
    out = io.BytesIO()
    with _LOCK:
        try:  # as matplotlib.mathtext.math_to_image, but on a transparent background
            width, height, depth, _, _ = MathTextParser("path").parse(source, dpi=72, prop=prop)
            figure = Figure(figsize=(max(width, 1) / 72, max(height, 1) / 72))
            FigureCanvasAgg(figure)
            figure.text(0, depth / max(height, 1), source, fontproperties=prop, color=color)
            figure.savefig(out, dpi=72, format="png", transparent=True)
        except ValueError as exc:
            lines = [line for line in str(exc).splitlines() if "Exception:" in line or "Expected" in line]
            first = lines[0].split("Exception:", 1)[-1].strip() if lines else type(exc).__name__
            raise MathRenderError(_t("formula ${latex}$ cannot be drawn ({first}); check its braces and commands").format(
                                      latex=latex, first=first)) from exc
    return Image.open(io.BytesIO(out.getvalue())).convert("RGBA")


def _cells(body: str) -> list[list[str]]:
    rows = [row for row in re.split(r"\\\\", body) if row.strip()]
    return [[cell.strip() for cell in row.split("&")] for row in rows]


def _matrix(env: str, body: str, font_px: int, color: str) -> Image.Image:
    """A matrix (or cases) drawn as a grid of rendered cells between drawn brackets."""
    grid = [[render_math_image(cell, font_px, color) if cell else None for cell in row]
            for row in _cells(body)] or [[None]]
    columns = max(len(row) for row in grid)
    blank = font_px // 2
    widths = [max((row[c].width if c < len(row) and row[c] else blank) for row in grid)
              for c in range(columns)]
    heights = [max((cell.height if cell else blank) for cell in row) for row in grid]
    pad_x, pad_y, bracket = font_px // 2, font_px // 5, max(4, font_px // 3)
    inner_w = sum(widths) + pad_x * (columns - 1)
    inner_h = sum(heights) + pad_y * (len(grid) - 1)
    canvas = Image.new("RGBA", (inner_w + 2 * bracket + 2, inner_h + 4), (0, 0, 0, 0))
    y = 2
    for row, height in zip(grid, heights):
        x = bracket + 1
        for c, width in enumerate(widths):
            cell = row[c] if c < len(row) else None
            if cell is not None:
                left = x if env == "cases" else x + (width - cell.width) // 2
                canvas.alpha_composite(cell, (left, y + (height - cell.height) // 2))
            x += width + pad_x
        y += height + pad_y
    _brackets(ImageDraw.Draw(canvas), env, canvas.size, bracket, color, max(1, font_px // 14))
    return canvas


def _brackets(draw: ImageDraw.ImageDraw, env: str, size: tuple[int, int], width: int, color: str,
              stroke: int) -> None:
    w, h = size
    if env == "bmatrix":
        for x0, x1 in ((width - 1, 1), (w - width, w - 2)):
            draw.line([(x0, 1), (x1, 1), (x1, h - 2), (x0, h - 2)], fill=color, width=stroke)
    elif env in ("vmatrix", "Vmatrix"):
        for x in (2, w - 3):
            draw.line([(x, 1), (x, h - 2)], fill=color, width=stroke)
    elif env == "cases":
        mid, x = h // 2, width // 2
        draw.line([(width, 1), (x, 3), (x, mid - 3), (1, mid), (x, mid + 3), (x, h - 4), (width, h - 2)],
                  fill=color, width=stroke)
    elif env == "pmatrix":
        draw.arc([(1, 0), (2 * width, h - 1)], 100, 260, fill=color, width=stroke)
        draw.arc([(w - 2 * width - 1, 0), (w - 2, h - 1)], -80, 80, fill=color, width=stroke)


def _row(parts: list[Image.Image], gap: int) -> Image.Image:
    """Images side by side, centred on one line."""
    height = max(p.height for p in parts)
    canvas = Image.new("RGBA", (sum(p.width for p in parts) + gap * (len(parts) - 1), height), (0, 0, 0, 0))
    x = 0
    for part in parts:
        canvas.alpha_composite(part, (x, (height - part.height) // 2))
        x += part.width + gap
    return canvas
