#!/usr/bin/env python3
"""Build the bundled sample item bank in ``assets/sample_bank/``.

Why this exists: the app ships with a small, realistic bank so that a teacher can try search, duplicate
detection and figure thumbnails before importing their own items, and so that tests and benchmarks have a
fixed corpus with known near-duplicates. Everything here is written for this project (no exam text is
copied) and the output is byte-for-byte deterministic: fixed seed, no clock, no network.

Run:  python tools/make_sample_bank.py
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from PIL import Image, ImageDraw, ImageFont

# --------------------------------------------------------------------------------------------------------
# Paths and constants
# --------------------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "assets" / "sample_bank"
FIG_DIR = OUT_DIR / "figures"
FONT_REGULAR = ROOT / "assets" / "fonts" / "NanumGothic.ttf"
FONT_BOLD = ROOT / "assets" / "fonts" / "NanumGothicBold.ttf"

SEED = 20250301
SS = 3  # supersampling factor: draw large, shrink with a good filter, so lines and text are anti-aliased
SOURCE = "itembank 샘플 문항 (자체 제작)"

Point = tuple[float, float]
Color = tuple[int, int, int]

WHITE: Color = (255, 255, 255)
INK: Color = (25, 25, 25)
GRAY: Color = (120, 120, 120)
LIGHT: Color = (215, 215, 215)
PALE: Color = (238, 238, 238)
BLUE: Color = (30, 90, 200)
LBLUE: Color = (190, 215, 245)
RED: Color = (205, 40, 40)
LRED: Color = (245, 195, 190)
GREEN: Color = (35, 140, 65)
LGREEN: Color = (200, 235, 200)
ORANGE: Color = (230, 130, 30)
LORANGE: Color = (250, 220, 180)
BROWN: Color = (140, 95, 55)
YELLOW: Color = (240, 205, 60)


# --------------------------------------------------------------------------------------------------------
# Canvas: drawing primitives in figure coordinates (pixels of the final image)
# --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Style:
    """How a figure is placed on its canvas. Redrawn near-duplicates change only this, not the content."""

    size: tuple[int, int] = (480, 360)
    zoom: float = 1.0
    shift: tuple[float, float] = (0.0, 0.0)
    line: float = 1.0  # line-width multiplier


_FONT_CACHE: dict[tuple[bool, int], ImageFont.FreeTypeFont] = {}


def font(size_px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """NanumGothic at a given (supersampled) pixel size; cached because figures ask for the same few."""
    key = (bold, size_px)
    if key not in _FONT_CACHE:
        _FONT_CACHE[key] = ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), size_px)
    return _FONT_CACHE[key]


class Canvas:
    """A white figure drawn at SS× resolution; all coordinates are in final-image pixels."""

    def __init__(self, style: Style) -> None:
        self.style = style
        self.w, self.h = style.size
        self.img = Image.new("RGB", (self.w * SS, self.h * SS), WHITE)
        self.d = ImageDraw.Draw(self.img)

    # -- coordinate helpers --------------------------------------------------------------------------
    def pt(self, x: float, y: float) -> tuple[int, int]:
        s = self.style
        X = (x - self.w / 2) * s.zoom + self.w / 2 + s.shift[0]
        Y = (y - self.h / 2) * s.zoom + self.h / 2 + s.shift[1]
        return (round(X * SS), round(Y * SS))

    def box(self, x0: float, y0: float, x1: float, y1: float) -> list[tuple[int, int]]:
        a, b = self.pt(x0, y0), self.pt(x1, y1)
        return [(min(a[0], b[0]), min(a[1], b[1])), (max(a[0], b[0]), max(a[1], b[1]))]

    def lw(self, width: float) -> int:
        return max(1, round(width * self.style.line * self.style.zoom * SS))

    # -- primitives ----------------------------------------------------------------------------------
    def line(self, pts: Sequence[Point], color: Color = INK, width: float = 2.0) -> None:
        self.d.line([self.pt(*p) for p in pts], fill=color, width=self.lw(width), joint="curve")

    def dashed(self, p: Point, q: Point, color: Color = GRAY, width: float = 1.3,
               dash: float = 5.0, gap: float = 4.0) -> None:
        length = math.dist(p, q)
        if length == 0:
            return
        ux, uy = (q[0] - p[0]) / length, (q[1] - p[1]) / length
        t = 0.0
        while t < length:
            e = min(t + dash, length)
            self.line([(p[0] + ux * t, p[1] + uy * t), (p[0] + ux * e, p[1] + uy * e)], color, width)
            t = e + gap

    def polygon(self, pts: Sequence[Point], fill: Color | None = None, outline: Color | None = INK,
                width: float = 2.0) -> None:
        xy = [self.pt(*p) for p in pts]
        if fill is not None:
            self.d.polygon(xy, fill=fill)
        if outline is not None:
            self.d.line(xy + [xy[0]], fill=outline, width=self.lw(width), joint="curve")

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: Color | None = None,
             outline: Color | None = INK, width: float = 2.0, radius: float = 0) -> None:
        if radius:
            self.d.rounded_rectangle(self.box(x0, y0, x1, y1), radius=round(radius * SS * self.style.zoom),
                                     fill=fill, outline=outline,
                                     width=self.lw(width) if outline else 0)
        else:
            self.d.rectangle(self.box(x0, y0, x1, y1), fill=fill, outline=outline,
                             width=self.lw(width) if outline else 0)

    def circle(self, cx: float, cy: float, r: float, fill: Color | None = None,
               outline: Color | None = INK, width: float = 2.0) -> None:
        self.ellipse(cx, cy, r, r, fill, outline, width)

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, fill: Color | None = None,
                outline: Color | None = INK, width: float = 2.0) -> None:
        self.d.ellipse(self.box(cx - rx, cy - ry, cx + rx, cy + ry), fill=fill, outline=outline,
                       width=self.lw(width) if outline else 0)

    def arc(self, cx: float, cy: float, r: float, start: float, end: float, color: Color = INK,
            width: float = 1.5) -> None:
        """Arc in screen angles (degrees, 0 = +x, clockwise), drawn clockwise from start to end."""
        self.d.arc(self.box(cx - r, cy - r, cx + r, cy + r), start, end, fill=color, width=self.lw(width))

    def pieslice(self, cx: float, cy: float, r: float, start: float, end: float, fill: Color,
                 outline: Color | None = INK, width: float = 1.5) -> None:
        self.d.pieslice(self.box(cx - r, cy - r, cx + r, cy + r), start, end, fill=fill,
                        outline=outline, width=self.lw(width) if outline else 0)

    def text(self, x: float, y: float, s: str, size: float = 16, color: Color = INK, anchor: str = "mm",
             bold: bool = False) -> None:
        """Single- or multi-line text; multi-line text is stacked by hand so every anchor works."""
        lines = s.split("\n")
        step = size * 1.3
        top = y - step * (len(lines) - 1) * {"t": 0, "a": 0, "m": 0.5, "s": 1, "b": 1, "d": 1}[anchor[1]]
        for i, ln in enumerate(lines):
            # NanumGothic draws lone jamo and circled jamo (ㄱ, ㉠) small; enlarge them to read like exam blanks
            scale = 1.4 if ln.strip() and all(is_small_glyph(ch) for ch in ln.strip()) else 1.0
            f = font(max(1, round(size * scale * SS * self.style.zoom)), bold)
            self.d.text(self.pt(x, top + i * step), ln, fill=color, font=f, anchor=anchor)

    def text_sup(self, x: float, y: float, base: str, sup: str, size: float = 16, color: Color = INK,
                 anchor: str = "lm") -> None:
        """Text with a superscript tail (y=2^x), for exponents the font has no ready-made glyph for."""
        f_base = font(max(1, round(size * SS * self.style.zoom)))
        f_sup = font(max(1, round(size * 0.72 * SS * self.style.zoom)))
        scale = SS * self.style.zoom
        width = (f_base.getlength(base) + f_sup.getlength(sup)) / scale
        start = x - {"l": 0.0, "m": 0.5, "r": 1.0}[anchor[0]] * width
        self.text(start, y, base, size, color, "lm")
        self.text(start + f_base.getlength(base) / scale + 1, y - size * 0.38, sup, size * 0.72, color, "lm")

    def arrow(self, p: Point, q: Point, color: Color = INK, width: float = 2.0, head: float = 10.0,
              head_w: float | None = None) -> None:
        ang = math.atan2(q[1] - p[1], q[0] - p[0])
        hw = head_w if head_w is not None else head * 0.45
        bx, by = q[0] - head * math.cos(ang), q[1] - head * math.sin(ang)
        self.line([p, (bx, by)], color, width)
        nx, ny = -math.sin(ang), math.cos(ang)
        self.polygon([q, (bx + nx * hw, by + ny * hw), (bx - nx * hw, by - ny * hw)], fill=color,
                     outline=color, width=1)

    def dot(self, x: float, y: float, r: float = 3.5, color: Color = INK, hollow: bool = False) -> None:
        self.circle(x, y, r, fill=WHITE if hollow else color, outline=color, width=1.5)

    def hatch_ground(self, x0: float, x1: float, y: float, step: float = 12, color: Color = INK) -> None:
        """A ground line with short slanted strokes underneath, as in physics figures."""
        self.line([(x0, y), (x1, y)], color, 2)
        x = x0 + 4
        while x < x1:
            self.line([(x, y), (x - 8, y + 8)], color, 1.2)
            x += step

    def finish(self, colors: int = 64) -> Image.Image:
        """Shrink to final size and store as a small palette image (exam figures use few colours).

        Octree quantisation keeps small saturated details (a river, a red label) that median cut greys out.
        """
        small = self.img.resize((self.w, self.h), Image.Resampling.LANCZOS)
        return small.quantize(colors=colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def is_small_glyph(ch: str) -> bool:
    """Hangul compatibility jamo and parenthesised/circled jamo, which the font draws undersized."""
    return "\u3131" <= ch <= "\u318e" or "\u3200" <= ch <= "\u327f"


def screen_angle(v: Point, p: Point) -> float:
    """Direction from v to p in screen degrees (0 = +x, clockwise), the convention PIL arcs use."""
    return math.degrees(math.atan2(p[1] - v[1], p[0] - v[0])) % 360


def angle_mark(cv: Canvas, v: Point, p1: Point, p2: Point, r: float = 18, label: str = "",
               label_r: float | None = None, color: Color = INK, size: float = 15, width: float = 1.5) -> None:
    """Mark the (smaller) angle p1-v-p2 with an arc and an optional label on its bisector."""
    a1, a2 = screen_angle(v, p1), screen_angle(v, p2)
    sweep = (a2 - a1) % 360
    if sweep > 180:
        a1, a2, sweep = a2, a1, 360 - sweep
    cv.arc(v[0], v[1], r, a1, a1 + sweep, color, width)
    if label:
        mid = math.radians(a1 + sweep / 2)
        lr = label_r if label_r is not None else r + 13
        cv.text(v[0] + lr * math.cos(mid), v[1] + lr * math.sin(mid), label, size, color)


def right_angle_mark(cv: Canvas, v: Point, p1: Point, p2: Point, s: float = 12, color: Color = INK) -> None:
    """The small square that marks a right angle at v."""
    def unit(p: Point) -> Point:
        d = math.dist(v, p)
        return ((p[0] - v[0]) / d, (p[1] - v[1]) / d)
    u1, u2 = unit(p1), unit(p2)
    a = (v[0] + u1[0] * s, v[1] + u1[1] * s)
    b = (a[0] + u2[0] * s, a[1] + u2[1] * s)
    c = (v[0] + u2[0] * s, v[1] + u2[1] * s)
    cv.line([a, b, c], color, 1.4)


def side_label(cv: Canvas, p: Point, q: Point, text: str, offset: float = 16, size: float = 16,
               color: Color = INK, flip: bool = False) -> None:
    """Write a length beside segment pq, on its left (or right with flip) seen from p to q."""
    mx, my = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
    d = math.dist(p, q)
    nx, ny = (q[1] - p[1]) / d, -(q[0] - p[0]) / d
    if flip:
        nx, ny = -nx, -ny
    cv.text(mx + nx * offset, my + ny * offset, text, size, color)


def lerp(p: Point, q: Point, t: float) -> Point:
    return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)


# --------------------------------------------------------------------------------------------------------
# Plot: a coordinate plane inside a canvas
# --------------------------------------------------------------------------------------------------------

class Plot:
    """Maps math coordinates to canvas pixels inside a box; draws axes, curves and labelled points."""

    def __init__(self, cv: Canvas, box: tuple[float, float, float, float], xr: tuple[float, float],
                 yr: tuple[float, float]) -> None:
        self.cv = cv
        self.l, self.t, self.r, self.b = box
        self.xr, self.yr = xr, yr

    def px(self, x: float, y: float) -> Point:
        X = self.l + (x - self.xr[0]) / (self.xr[1] - self.xr[0]) * (self.r - self.l)
        Y = self.b - (y - self.yr[0]) / (self.yr[1] - self.yr[0]) * (self.b - self.t)
        return (X, Y)

    def grid(self, step: float = 1.0, color: Color = PALE) -> None:
        x = math.ceil(self.xr[0] / step) * step
        while x <= self.xr[1] + 1e-9:
            self.cv.line([self.px(x, self.yr[0]), self.px(x, self.yr[1])], color, 1)
            x += step
        y = math.ceil(self.yr[0] / step) * step
        while y <= self.yr[1] + 1e-9:
            self.cv.line([self.px(self.xr[0], y), self.px(self.xr[1], y)], color, 1)
            y += step

    def axes(self, xlabel: str = "x", ylabel: str = "y", origin: str = "O", size: float = 16) -> None:
        cv = self.cv
        cv.arrow(self.px(self.xr[0], 0), self.px(self.xr[1], 0), INK, 1.6, 9)
        cv.arrow(self.px(0, self.yr[0]), self.px(0, self.yr[1]), INK, 1.6, 9)
        ex, ey = self.px(self.xr[1], 0)
        cv.text(ex - 2, ey + 14, xlabel, size)
        tx, ty = self.px(0, self.yr[1])
        cv.text(tx + 14, ty + 4, ylabel, size)
        if origin:
            ox, oy = self.px(0, 0)
            cv.text(ox - 11, oy + 13, origin, size)

    def integer_ticks(self, step: int = 1, size: float = 12, skip: Sequence[int] = (0,)) -> None:
        """Small tick marks with numbers, for figures read off a grid."""
        cv = self.cv
        for x in range(math.ceil(self.xr[0]), math.floor(self.xr[1]) + 1, step):
            if x in skip or x > self.xr[1] - 0.6:  # keep the axis-name spot by the arrow free
                continue
            X, Y = self.px(x, 0)
            cv.line([(X, Y - 3), (X, Y + 3)], INK, 1.2)
            cv.text(X, Y + 12, str(x), size)
        for y in range(math.ceil(self.yr[0]), math.floor(self.yr[1]) + 1, step):
            if y in skip or y > self.yr[1] - 0.6:
                continue
            X, Y = self.px(0, y)
            cv.line([(X - 3, Y), (X + 3, Y)], INK, 1.2)
            cv.text(X - 12, Y, str(y), size)

    def curve(self, f: Callable[[float], float], x0: float, x1: float, color: Color = BLUE,
              width: float = 2.2, n: int = 400) -> None:
        """Plot y=f(x), cutting the curve where it leaves the y-range so nothing spills over the axes."""
        seg: list[Point] = []
        lo, hi = self.yr[0], self.yr[1]
        for i in range(n + 1):
            x = x0 + (x1 - x0) * i / n
            try:
                y = f(x)
            except (ZeroDivisionError, OverflowError, ValueError):
                y = math.inf
            if lo - 1e-9 <= y <= hi + 1e-9:
                seg.append(self.px(x, y))
            else:
                if len(seg) > 1:
                    self.cv.line(seg, color, width)
                seg = []
        if len(seg) > 1:
            self.cv.line(seg, color, width)

    def polyline(self, pts: Sequence[Point], color: Color = BLUE, width: float = 2.2) -> None:
        self.cv.line([self.px(*p) for p in pts], color, width)

    def guides(self, x: float, y: float) -> None:
        """Dashed lines from a point to both axes."""
        self.cv.dashed(self.px(x, y), self.px(x, 0))
        self.cv.dashed(self.px(x, y), self.px(0, y))

    def xlabel_at(self, x: float, text: str, size: float = 15, dy: float = 14) -> None:
        X, Y = self.px(x, 0)
        self.cv.text(X, Y + dy, text, size)

    def ylabel_at(self, y: float, text: str, size: float = 15, dx: float = -8) -> None:
        X, Y = self.px(0, y)
        self.cv.text(X + dx, Y, text, size, anchor="rm")

    def point(self, x: float, y: float, label: str = "", dx: float = 12, dy: float = -12,
              size: float = 16, hollow: bool = False) -> None:
        X, Y = self.px(x, y)
        self.cv.dot(X, Y, hollow=hollow)
        if label:
            self.cv.text(X + dx, Y + dy, label, size)


def equal_plot(cv: Canvas, xr: tuple[float, float], yr: tuple[float, float], margin: float = 34) -> Plot:
    """A plot whose x and y units have the same length (needed for circles and distances)."""
    unit = min((cv.w - 2 * margin) / (xr[1] - xr[0]), (cv.h - 2 * margin) / (yr[1] - yr[0]))
    w, h = unit * (xr[1] - xr[0]), unit * (yr[1] - yr[0])
    l, t = (cv.w - w) / 2, (cv.h - h) / 2
    return Plot(cv, (l, t, l + w, t + h), xr, yr)


def make_function(spec: tuple) -> Callable[[float], float]:
    """Turn a small data spec such as ("quad", a, b, c) into a function, so figure params stay plain data."""
    kind, *k = spec
    if kind == "quad":
        return lambda x: k[0] * x * x + k[1] * x + k[2]
    if kind == "line":
        return lambda x: k[0] * x + k[1]
    if kind == "inv":
        return lambda x: k[0] / x
    if kind == "exp":
        return lambda x: k[0] ** x
    raise ValueError(kind)


# --------------------------------------------------------------------------------------------------------
# Figures: mathematics
# --------------------------------------------------------------------------------------------------------

def draw_function_graph(cv: Canvas, xr: tuple[float, float], yr: tuple[float, float],
                        curves: Sequence[dict] = (), xticks: Sequence[tuple[float, str]] = (),
                        yticks: Sequence[tuple[float, str]] = (), points: Sequence[tuple] = (),
                        guides: Sequence[Point] = (), grid: bool = False, int_ticks: bool = False,
                        equal: bool = False, shade: Sequence[Sequence[Point]] = (),
                        segments: Sequence[tuple[Point, Point]] = (),
                        dashes: Sequence[tuple[Point, Point]] = (),
                        circles: Sequence[tuple[float, float, float]] = ()) -> None:
    """Axes with one or more graphs, labelled intercepts and points: the workhorse of 함수 items."""
    plot = equal_plot(cv, xr, yr) if equal else Plot(cv, (36, 26, cv.w - 30, cv.h - 30), xr, yr)
    if grid:
        plot.grid()
    for poly in shade:
        cv.polygon([plot.px(*p) for p in poly], fill=LBLUE, outline=None)
    plot.axes()
    if int_ticks:
        plot.integer_ticks()
    for g in guides:
        plot.guides(*g)
    for p, q in dashes:
        cv.dashed(plot.px(*p), plot.px(*q), GRAY, 1.5)
    for p, q in segments:
        cv.line([plot.px(*p), plot.px(*q)], INK, 1.8)
    for cx, cy, r in circles:
        x0, y0 = plot.px(cx - r, cy + r)
        x1, y1 = plot.px(cx + r, cy - r)
        cv.ellipse((x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2, outline=BLUE, width=2.4)
    for c in curves:
        f = make_function(c["f"])
        x0, x1 = c.get("range", xr)
        plot.curve(f, x0, x1, c.get("color", BLUE), c.get("width", 2.4))
        if c.get("label"):
            lx, ly = plot.px(*c["at"])
            base, _, sup = c["label"].partition("^")
            if sup:
                cv.text_sup(lx, ly, base, sup, 15, c.get("color", BLUE), anchor=c.get("anchor", "lm"))
            else:
                cv.text(lx, ly, c["label"], 15, c.get("color", BLUE), anchor=c.get("anchor", "lm"))
    for x, t in xticks:
        plot.xlabel_at(x, t)
    for y, t in yticks:
        plot.ylabel_at(y, t)
    for p in points:
        x, y, label, dx, dy = list(p) + [None, None, "", 12, -12][len(p):]
        plot.point(x, y, label, dx, dy)


def draw_right_triangle(cv: Canvas, legs: tuple[float, float] = (3, 4), names: tuple[str, str, str] = ("A", "B", "C"),
                        sides: tuple[str, str, str] = ("3", "4", "x"), angle_at: str = "", angle_label: str = "",
                        scale: float = 48) -> None:
    """Right triangle with the right angle at bottom-left.

    names = (top, right, corner) vertices; sides = (vertical leg, horizontal leg, hypotenuse) labels.
    The drawing depends only on the ratio of ``legs``, so 3·4 and 6·8 versions look identical.
    """
    hv, hh = legs
    k = min((cv.w - 170) / hh, (cv.h - 120) / hv) * scale / 48
    ph, pw = hv * k, hh * k
    cx, cy = (cv.w - pw) / 2, (cv.h + ph) / 2 + 4
    corner, top, right = (cx, cy), (cx, cy - ph), (cx + pw, cy)
    cv.polygon([top, corner, right], fill=None, outline=INK, width=2.2)
    right_angle_mark(cv, corner, top, right, 14)
    cv.text(top[0] - 14, top[1] - 8, names[0], 17)
    cv.text(right[0] + 14, right[1] + 6, names[1], 17)
    cv.text(corner[0] - 14, corner[1] + 8, names[2], 17)
    side_label(cv, corner, top, sides[0], 18, 17)
    side_label(cv, corner, right, sides[1], 18, 17, flip=True)
    side_label(cv, top, right, sides[2], 16, 17)
    if angle_at:
        v = {"top": top, "right": right}[angle_at]
        angle_mark(cv, v, corner, right if angle_at == "top" else top, 26, angle_label, 40)


def draw_elevation(cv: Canvas, angle: float = 30, distance: str = "10 m", height: str = "h") -> None:
    """Observer on the ground looking up at a tree top: 삼각비 활용."""
    gy = cv.h - 70
    ox, tx = 70, 370
    top_y = gy - (tx - ox) * math.tan(math.radians(angle))
    cv.hatch_ground(30, cv.w - 30, gy)
    # tree: trunk and crown; the measured height is the trunk line to the top
    cv.rect(tx - 7, gy - 55, tx + 7, gy, fill=(170, 120, 80), outline=INK, width=1.4)
    cv.polygon([(tx, top_y), (tx - 45, gy - 50), (tx + 45, gy - 50)], fill=LGREEN, outline=GREEN, width=2)
    cv.dashed((tx, top_y), (tx, gy), INK, 1.6)
    cv.line([(ox, gy), (tx, top_y)], BLUE, 2)
    cv.dot(ox, gy, 4)
    cv.dot(tx, top_y, 4)
    right_angle_mark(cv, (tx, gy), (tx - 10, gy), (tx, gy - 10), 11)
    angle_mark(cv, (ox, gy), (tx, gy), (tx, top_y), 40, f"{angle:g}°", 58)
    cv.text((ox + tx) / 2, gy + 22, distance, 17)
    dx = tx + 66
    cv.line([(tx + 6, top_y), (dx + 6, top_y)], LIGHT, 1)
    cv.arrow((dx, (gy + top_y) / 2), (dx, top_y + 1), INK, 1.4, 8)
    cv.arrow((dx, (gy + top_y) / 2), (dx, gy - 1), INK, 1.4, 8)
    cv.text(dx + 16, (gy + top_y) / 2, height, 18)


def draw_ladder(cv: Canvas, ladder: str = "13 m", foot: str = "5 m", height: str = "h") -> None:
    """A ladder leaning on a wall: 피타고라스 정리 활용."""
    gy, wx = cv.h - 60, cv.w - 120
    cv.hatch_ground(40, wx, gy)
    cv.rect(wx, 30, wx + 24, gy, fill=PALE, outline=INK, width=2)
    for y in range(40, int(gy), 16):
        cv.line([(wx + 24, y), (wx + 8, y + 10)], GRAY, 1)
    fx, ty = wx - 5 * 26, gy - 12 * 23
    foot_p, top_p = (fx, gy), (wx, ty)
    # two rails and rungs
    off = 6
    cv.line([(fx - off, gy), (wx - off, ty + 4)], BROWN, 3)
    cv.line([(fx + off, gy), (wx + off - 2, ty + 10)], BROWN, 3)
    for i in range(1, 10):
        a = lerp((fx - off, gy), (wx - off, ty + 4), i / 10)
        b = lerp((fx + off, gy), (wx + off - 2, ty + 10), i / 10)
        cv.line([a, b], BROWN, 2)
    right_angle_mark(cv, (wx, gy), (wx - 10, gy), (wx, gy - 10), 12)
    cv.text((fx + wx) / 2, gy + 22, foot, 17)
    side_label(cv, foot_p, top_p, ladder, 26, 17)
    cv.text(wx + 48, (gy + ty) / 2, height, 18)


def circle_point(c: Point, r: float, deg: float) -> Point:
    """Point on a circle at a math angle (counter-clockwise from +x, y up)."""
    return (c[0] + r * math.cos(math.radians(deg)), c[1] - r * math.sin(math.radians(deg)))


def draw_inscribed_angle(cv: Canvas, central: str = "100°", inscribed: str = "x", a_deg: float = 220,
                         b_deg: float = 320, p_deg: float = 95, r: float = 120) -> None:
    """Circle O with central angle AOB and inscribed angle APB: 원주각의 성질."""
    c = (cv.w / 2, cv.h / 2 + 6)
    cv.circle(c[0], c[1], r, outline=INK, width=2.2)
    A, B, P = circle_point(c, r, a_deg), circle_point(c, r, b_deg), circle_point(c, r, p_deg)
    cv.line([A, c, B], INK, 1.8)
    cv.line([A, P, B], BLUE, 2)
    cv.dot(*c, 3.5)
    for p in (A, B, P):
        cv.dot(*p, 3.5)
    cv.text(c[0] - 4, c[1] - 16, "O", 17)
    cv.text(A[0] - 14, A[1] + 12, "A", 17)
    cv.text(B[0] + 14, B[1] + 12, "B", 17)
    cv.text(P[0], P[1] - 16, "P", 17)
    angle_mark(cv, c, A, B, 20, central, 36, RED)
    angle_mark(cv, P, A, B, 30, inscribed, 46, BLUE)


def draw_circle_diameter(cv: Canvas, angle_a: float = 35, label_a: str = "35°", label_b: str = "x",
                         r: float = 125) -> None:
    """Triangle ABC inscribed in a circle with AB a diameter: the angle at C is 90°."""
    c = (cv.w / 2, cv.h / 2 + 30)
    cv.circle(c[0], c[1], r, outline=INK, width=2.2)
    A, B = (c[0] - r, c[1]), (c[0] + r, c[1])
    C = circle_point(c, r, 2 * angle_a)  # inscribed angle at A is half the central angle BOC
    cv.polygon([A, B, C], outline=BLUE, width=2)
    cv.dot(*c, 3)
    cv.text(c[0], c[1] + 15, "O", 16)
    cv.text(A[0] - 15, A[1], "A", 17)
    cv.text(B[0] + 15, B[1], "B", 17)
    cv.text(C[0] + 8, C[1] - 16, "C", 17)
    angle_mark(cv, A, B, C, 40, label_a, 58)
    angle_mark(cv, B, A, C, 26, label_b, 40, RED)


def draw_similar_triangles(cv: Canvas, ad: str = "4", db: str = "2", de: str = "6", bc: str = "x",
                           ratio: float = 2 / 3) -> None:
    """Triangle ABC cut by DE parallel to BC: 삼각형과 평행선 / 닮음."""
    A, B, C = (cv.w / 2 - 30, 40), (70, cv.h - 50), (cv.w - 70, cv.h - 50)
    D, E = lerp(A, B, ratio), lerp(A, C, ratio)
    cv.polygon([A, B, C], outline=INK, width=2.2)
    cv.line([D, E], BLUE, 2.2)
    for p in (A, B, C, D, E):
        cv.dot(*p, 3)
    cv.text(A[0], A[1] - 14, "A", 17)
    cv.text(B[0] - 14, B[1] + 6, "B", 17)
    cv.text(C[0] + 14, C[1] + 6, "C", 17)
    cv.text(D[0] - 16, D[1] - 2, "D", 17)
    cv.text(E[0] + 16, E[1] - 2, "E", 17)
    side_label(cv, A, D, ad, 16, 16)
    side_label(cv, D, B, db, 16, 16)
    cv.text((D[0] + E[0]) / 2, D[1] - 13, de, 16, BLUE)
    cv.text((B[0] + C[0]) / 2, B[1] + 18, bc, 17)


def draw_algebra_tiles(cv: Canvas, n_x: int = 5, n_one: int = 6) -> None:
    """One x² square, several x-by-1 strips and unit squares: 인수분해의 도형적 의미."""
    X, U = 110, 24
    x0, y0 = 40, 70
    cv.rect(x0, y0, x0 + X, y0 + X, fill=LBLUE, outline=INK, width=2)
    cv.text(x0 + X / 2, y0 - 12, "x", 16)
    cv.text(x0 - 12, y0 + X / 2, "x", 16)
    sx = x0 + X + 30
    for i in range(n_x):
        cv.rect(sx + i * (U + 10), y0, sx + i * (U + 10) + U, y0 + X, fill=LGREEN, outline=INK, width=2)
    cv.text(sx + U / 2, y0 - 12, "1", 15)
    cv.text(sx + n_x * (U + 10) + 6, y0 + X / 2, "x", 16, anchor="lm")
    ux, uy = x0 + 40, y0 + X + 45
    for i in range(n_one):
        col, row = i % 6, i // 6
        px_ = ux + col * (U + 12)
        cv.rect(px_, uy + row * (U + 12), px_ + U, uy + row * (U + 12) + U, fill=LORANGE, outline=INK, width=2)
    cv.text(ux + U / 2, uy - 11, "1", 15)
    cv.text(ux - 11, uy + U / 2, "1", 15)


def draw_pips(cv: Canvas, x0: float, y0: float, s: float, n: int) -> None:
    """Pips of a die face n inside the square (x0, y0, s)."""
    spots = {1: [(1, 1)], 2: [(0, 0), (2, 2)], 3: [(0, 0), (1, 1), (2, 2)], 4: [(0, 0), (2, 0), (0, 2), (2, 2)],
             5: [(0, 0), (2, 0), (1, 1), (0, 2), (2, 2)], 6: [(0, 0), (2, 0), (0, 1), (2, 1), (0, 2), (2, 2)]}
    for gx, gy in spots[n]:
        color = RED if n == 1 else INK
        cv.circle(x0 + s * (0.25 + 0.25 * gx), y0 + s * (0.25 + 0.25 * gy), s * 0.08, fill=color, outline=None)


def draw_dice(cv: Canvas, faces: Sequence[int] = (3, 5), labels: Sequence[str] = ("A", "B")) -> None:
    """Two dice drawn as cubes (front, top and side faces)."""
    s, depth = 110, 30
    for i, (n, lab) in enumerate(zip(faces, labels)):
        x0 = 70 + i * 200
        y0 = 110
        front = [(x0, y0), (x0 + s, y0), (x0 + s, y0 + s), (x0, y0 + s)]
        top = [(x0, y0), (x0 + depth, y0 - depth), (x0 + s + depth, y0 - depth), (x0 + s, y0)]
        side = [(x0 + s, y0), (x0 + s + depth, y0 - depth), (x0 + s + depth, y0 + s - depth), (x0 + s, y0 + s)]
        cv.polygon(top, fill=PALE, outline=INK, width=2)
        cv.polygon(side, fill=LIGHT, outline=INK, width=2)
        cv.polygon(front, fill=WHITE, outline=INK, width=2)
        draw_pips(cv, x0, y0, s, n)
        cv.circle(x0 + s / 2 + depth / 2, y0 - depth / 2, 5, fill=RED, outline=None)
        cv.text(x0 + s / 2, y0 + s + 30, lab, 18, bold=True)


def draw_spinner(cv: Canvas, labels: Sequence[str] = tuple(str(i) for i in range(1, 9)),
                 needle_deg: float = 60) -> None:
    """An equally divided spinner with a needle: 확률."""
    c, r = (cv.w / 2, cv.h / 2), 135
    n = len(labels)
    fills = [LBLUE, WHITE, LORANGE, WHITE, LGREEN, WHITE, LRED, WHITE] * 2
    for i in range(n):
        start = -90 + 360 * i / n
        cv.pieslice(c[0], c[1], r, start, start + 360 / n, fills[i % len(fills)], INK, 1.8)
        mid = math.radians(start + 180 / n)
        cv.text(c[0] + r * 0.68 * math.cos(mid), c[1] + r * 0.68 * math.sin(mid), labels[i], 22, bold=True)
    tip = circle_point(c, r * 0.55, needle_deg)
    cv.arrow(c, tip, INK, 4, 16, 8)
    cv.circle(c[0], c[1], 7, fill=INK, outline=None)


def draw_coin_tree(cv: Canvas, levels: int = 3, faces: tuple[str, str] = ("앞", "뒤")) -> None:
    """Tree diagram of coin tosses (수형도), one column per toss."""
    col_x = [45 + i * 128 for i in range(levels + 1)]
    top, bottom = 40, cv.h - 20

    def y_of(level: int, index: int) -> float:
        span = (bottom - top) / (2 ** level)
        return top + span * (index + 0.5)

    for lv in range(1, levels + 1):
        cv.text(col_x[lv], 18, f"{['첫', '두', '세', '네'][lv - 1]} 번째", 14, GRAY)
        for i in range(2 ** lv):
            parent = (col_x[lv - 1] + (14 if lv > 1 else 0), y_of(lv - 1, i // 2))
            child = (col_x[lv] - 14, y_of(lv, i))
            cv.line([parent, child], GRAY, 1.5)
            cv.text(col_x[lv], y_of(lv, i), faces[i % 2], 16, BLUE if i % 2 == 0 else RED, bold=True)
    cv.dot(col_x[0], y_of(0, 0), 4)


def draw_road_grid(cv: Canvas, cols: int = 3, rows: int = 2) -> None:
    """A street grid from A (bottom-left) to B (top-right): 최단 경로의 수."""
    cell = 80
    x0 = (cv.w - cols * cell) / 2
    y0 = (cv.h - rows * cell) / 2
    for i in range(cols + 1):
        cv.line([(x0 + i * cell, y0), (x0 + i * cell, y0 + rows * cell)], INK, 3)
    for j in range(rows + 1):
        cv.line([(x0, y0 + j * cell), (x0 + cols * cell, y0 + j * cell)], INK, 3)
    cv.dot(x0, y0 + rows * cell, 6, RED)
    cv.dot(x0 + cols * cell, y0, 6, RED)
    cv.text(x0 - 18, y0 + rows * cell + 16, "A", 20, bold=True)
    cv.text(x0 + cols * cell + 18, y0 - 16, "B", 20, bold=True)


def nice_axis(cv: Canvas, l: float, t: float, r: float, b: float, ymax: float, ystep: float,
              ylabel: str = "", xlabel: str = "", fmt: str = "{:g}", ymin: float = 0,
              grid: bool = True) -> Callable[[float], float]:
    """Y-axis with gridlines and a baseline for charts; returns a value→pixel-y mapper."""
    def Y(v: float) -> float:
        return b - (v - ymin) / (ymax - ymin) * (b - t)

    v = ymin
    while v <= ymax + 1e-9:
        if grid and v > ymin:
            cv.line([(l, Y(v)), (r, Y(v))], LIGHT, 1)
        cv.line([(l - 4, Y(v)), (l, Y(v))], INK, 1.2)
        cv.text(l - 7, Y(v), fmt.format(v), 13, anchor="rm")
        v += ystep
    cv.line([(l, t - 6), (l, b)], INK, 1.6)
    cv.line([(l, b), (r, b)], INK, 1.6)
    if ylabel:
        cv.text(l - 4, t - 16, ylabel, 13, anchor="lm")
    if xlabel:
        cv.text(r + 2, b + 26, xlabel, 13, anchor="rm")
    return Y


def draw_bar_chart(cv: Canvas, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float], Color]],
                   ymax: float, ystep: float, title: str = "", ylabel: str = "", xlabel: str = "",
                   value_labels: bool = False, fmt: str = "{:g}", legend: bool = False,
                   cat_size: float = 13) -> None:
    """Vertical bar chart, one or several series (grouped bars)."""
    l, t, r, b = 62, 52 if title else 36, cv.w - 22, cv.h - 44
    if title:
        cv.text(cv.w / 2, 20, title, 16, bold=True)
    Y = nice_axis(cv, l, t, r, b, ymax, ystep, ylabel, xlabel, fmt)
    n, k = len(categories), len(series)
    slot = (r - l) / n
    bw = min(44, slot * 0.7 / k)
    for i, cat in enumerate(categories):
        cx = l + slot * (i + 0.5)
        for j, (_, values, color) in enumerate(series):
            x0 = cx - bw * k / 2 + j * bw
            cv.rect(x0, Y(values[i]), x0 + bw, b, fill=color, outline=INK, width=1.2)
            if value_labels:
                cv.text(x0 + bw / 2, Y(values[i]) - 9, fmt.format(values[i]), 12)
        cv.text(cx, b + 14, cat, cat_size)
    if legend and k > 1:
        lx = r - 10
        for j, (name, _, color) in reversed(list(enumerate(series))):
            w = 16 + 8 * len(name) + 14
            lx -= w
            cv.rect(lx, t - 30, lx + 12, t - 18, fill=color, outline=INK, width=1)
            cv.text(lx + 16, t - 24, name, 12, anchor="lm")


def draw_histogram(cv: Canvas, edges: Sequence[float], freqs: Sequence[int], ymax: int, ystep: int = 1,
                   xunit: str = "(점)", yunit: str = "(명)", title: str = "") -> None:
    """Histogram with touching bars and class boundaries under the axis."""
    l, t, r, b = 60, 50 if title else 36, cv.w - 40, cv.h - 44
    if title:
        cv.text(cv.w / 2, 20, title, 16, bold=True)
    Y = nice_axis(cv, l, t, r, b, ymax, ystep, yunit, "")
    n = len(freqs)
    slot = (r - l - 20) / n
    for i, f in enumerate(freqs):
        x0 = l + 10 + i * slot
        cv.rect(x0, Y(f), x0 + slot, b, fill=LBLUE, outline=INK, width=1.4)
    for i, e in enumerate(edges):
        cv.text(l + 10 + i * slot, b + 14, f"{e:g}", 13)
    cv.text(r + 18, b + 14, xunit, 13)


def draw_table(cv: Canvas, rows: Sequence[Sequence[str]], col_widths: Sequence[float], row_h: float = 34,
               header_rows: int = 1, header_cols: int = 0, note: str = "", size: float = 16,
               top: float | None = None, align: Sequence[str] | None = None) -> None:
    """A ruled table; used for 줄기와 잎 그림 and the 자음 체계표."""
    total_w = sum(col_widths)
    x0 = (cv.w - total_w) / 2
    y0 = top if top is not None else (cv.h - row_h * len(rows)) / 2 - (10 if note else 0)
    for i, row in enumerate(rows):
        y = y0 + i * row_h
        x = x0
        for j, cell in enumerate(row):
            head = i < header_rows or j < header_cols
            if head:
                cv.rect(x, y, x + col_widths[j], y + row_h, fill=PALE, outline=None)
            a = (align[j] if align else "m")
            if a == "l":
                cv.text(x + 10, y + row_h / 2, cell, size, bold=head, anchor="lm")
            else:
                cv.text(x + col_widths[j] / 2, y + row_h / 2, cell, size, bold=head)
            x += col_widths[j]
    # rules
    ys = [y0 + i * row_h for i in range(len(rows) + 1)]
    xs = [x0 + sum(col_widths[:j]) for j in range(len(col_widths) + 1)]
    for y in ys:
        cv.line([(xs[0], y), (xs[-1], y)], INK, 1.8 if y in (ys[0], ys[-1], ys[header_rows]) else 1)
    for x in xs:
        cv.line([(x, ys[0]), (x, ys[-1])], INK, 1 if x not in (xs[0], xs[-1]) else 1.8)
    if note:
        cv.text(xs[-1], ys[-1] + 20, note, 14, GRAY, anchor="rm")


def draw_stem_leaf(cv: Canvas, data: dict[int, Sequence[int]], note: str, title: str = "") -> None:
    """줄기와 잎 그림: the stem column, a vertical rule and the leaves spaced out."""
    rows = [["줄기", "잎"]] + [[str(s), "   ".join(str(x) for x in leaves)] for s, leaves in data.items()]
    if title:
        cv.text(cv.w / 2, 28, title, 16, bold=True)
    draw_table(cv, rows, [80, 280], 40, note=note, size=18, align=["m", "l"])


def draw_scatter(cv: Canvas, pts: Sequence[Point], xr: tuple[float, float], yr: tuple[float, float],
                 xstep: float, ystep: float, xlabel: str, ylabel: str) -> None:
    """Scatter plot on a light grid (상관관계)."""
    l, t, r, b = 64, 36, cv.w - 40, cv.h - 48

    def P(x: float, y: float) -> Point:
        return (l + (x - xr[0]) / (xr[1] - xr[0]) * (r - l), b - (y - yr[0]) / (yr[1] - yr[0]) * (b - t))

    x = xr[0]
    while x <= xr[1] + 1e-9:
        cv.line([P(x, yr[0]), P(x, yr[1])], LIGHT, 1)
        cv.text(P(x, yr[0])[0], b + 14, f"{x:g}", 13)
        x += xstep
    y = yr[0]
    while y <= yr[1] + 1e-9:
        cv.line([P(xr[0], y), P(xr[1], y)], LIGHT, 1)
        cv.text(l - 8, P(xr[0], y)[1], f"{y:g}", 13, anchor="rm")
        y += ystep
    cv.line([(l, t - 4), (l, b), (r + 4, b)], INK, 1.6)
    cv.text(l - 4, t - 18, ylabel, 13, anchor="lm")
    cv.text(r + 6, b + 32, xlabel, 13, anchor="rm")
    for p in pts:
        X, Y = P(*p)
        cv.circle(X, Y, 5, fill=BLUE, outline=INK, width=1)


def draw_parallel_angles(cv: Canvas, given: str = "65°", unknown: str = "x", slope_deg: float = 65) -> None:
    """Two parallel lines l, m cut by a transversal; a given angle at l and ∠x at m."""
    y_l, y_m = 120, 250
    cv.line([(40, y_l), (cv.w - 50, y_l)], INK, 2.2)
    cv.line([(40, y_m), (cv.w - 50, y_m)], INK, 2.2)
    cv.text(cv.w - 36, y_l, "l", 18)
    cv.text(cv.w - 36, y_m, "m", 18)
    k = 1 / math.tan(math.radians(slope_deg))
    P = (250, y_l)
    Q = (250 - (y_m - y_l) * k, y_m)
    far_top = (P[0] + 70 * k, y_l - 70)
    far_bot = (Q[0] - 70 * k, y_m + 70)
    cv.line([far_bot, far_top], BLUE, 2.2)
    angle_mark(cv, P, (P[0] + 50, y_l), far_top, 24, given, 40)
    angle_mark(cv, Q, (Q[0] - 50, y_m), P, 22, unknown, 36, RED)
    # the little arrow marks that say "parallel"
    for y in (y_l, y_m):
        cv.line([(90, y - 6), (98, y), (90, y + 6)], INK, 1.6)


# --------------------------------------------------------------------------------------------------------
# Figures: generic graphs and diagrams shared by several subjects
# --------------------------------------------------------------------------------------------------------

def draw_xy_graph(cv: Canvas, xr: tuple[float, float], yr: tuple[float, float], series: Sequence[dict],
                  xlabel: str, ylabel: str, xticks: Sequence[tuple[float, str]] = (),
                  yticks: Sequence[tuple[float, str]] = (), guides: Sequence[Point] = (),
                  labels: Sequence[tuple[float, float, str]] = (), origin: str = "O",
                  box: tuple[float, float, float, float] | None = None) -> None:
    """A quantity-versus-quantity graph with the axes on the left and bottom (v–t, 온도–시간 …)."""
    plot = Plot(cv, box or (62, 40, cv.w - 56, cv.h - 46), xr, yr)
    o = plot.px(xr[0], yr[0])
    cv.arrow(o, plot.px(xr[1], yr[0]), INK, 1.6, 9)
    cv.arrow(o, plot.px(xr[0], yr[1]), INK, 1.6, 9)
    cv.text(plot.px(xr[1], yr[0])[0] + 4, o[1] + 26, xlabel, 14, anchor="rm")
    cv.text(o[0] + 8, plot.px(xr[0], yr[1])[1] - 4, ylabel, 14, anchor="lm")
    if origin:
        cv.text(o[0] - 10, o[1] + 12, origin, 15)
    for gx, gy in guides:
        cv.dashed(plot.px(gx, gy), plot.px(gx, yr[0]))
        cv.dashed(plot.px(gx, gy), plot.px(xr[0], gy))
    for x, t in xticks:
        X, Y = plot.px(x, yr[0])
        cv.line([(X, Y - 3), (X, Y + 3)], INK, 1.2)
        cv.text(X, Y + 14, t, 14)
    for y, t in yticks:
        X, Y = plot.px(xr[0], y)
        cv.line([(X - 3, Y), (X + 3, Y)], INK, 1.2)
        cv.text(X - 8, Y, t, 14, anchor="rm")
    for s in series:
        plot.polyline(s["pts"], s.get("color", BLUE), s.get("width", 2.6))
        if s.get("label"):
            lx, ly = plot.px(*s["at"])
            cv.text(lx, ly, s["label"], 15, s.get("color", BLUE), bold=True)
    for x, y, t in labels:
        X, Y = plot.px(x, y)
        cv.text(X, Y, t, 15, bold=True)


def draw_line_chart(cv: Canvas, xcats: Sequence[str], series: Sequence[tuple[str, Sequence[float], Color]],
                    ymin: float, ymax: float, ystep: float, title: str = "", ylabel: str = "",
                    xlabel: str = "", fmt: str = "{:g}", value_labels: bool = False,
                    markers: Sequence[str] = ("o", "s", "^")) -> None:
    """Line chart with markers and a legend (도시화율, 환율, survey trends)."""
    l, t, r, b = 66, 56 if title else 40, cv.w - 28, cv.h - 44
    if title:
        cv.text(cv.w / 2, 20, title, 16, bold=True)
    Y = nice_axis(cv, l, t, r, b, ymax, ystep, ylabel, xlabel, fmt, ymin)
    n = len(xcats)
    slot = (r - l) / n
    xs = [l + slot * (i + 0.5) for i in range(n)]
    for i, c in enumerate(xcats):
        cv.text(xs[i], b + 14, c, 13)
    for j, (name, values, color) in enumerate(series):
        pts = [(xs[i], Y(v)) for i, v in enumerate(values)]
        cv.line(pts, color, 2.4)
        for i, (x, y) in enumerate(pts):
            m = markers[j % len(markers)]
            if m == "o":
                cv.circle(x, y, 4.5, fill=color, outline=INK, width=1)
            elif m == "s":
                cv.rect(x - 4.5, y - 4.5, x + 4.5, y + 4.5, fill=color, outline=INK, width=1)
            else:
                cv.polygon([(x, y - 6), (x - 5.5, y + 4), (x + 5.5, y + 4)], fill=color, outline=INK, width=1)
            if value_labels:
                cv.text(x, y - 14, fmt.format(values[i]), 12, color)
    if len(series) > 1:
        lx = l + 12
        for name, _, color in series:
            cv.line([(lx, t - 26), (lx + 20, t - 26)], color, 2.4)
            cv.text(lx + 24, t - 26, name, 13, anchor="lm")
            lx += 40 + 14 * len(name)


def draw_pie_chart(cv: Canvas, slices: Sequence[tuple[str, float, Color]], title: str = "") -> None:
    """Pie chart with percentage labels inside the slices."""
    if title:
        cv.text(cv.w / 2, 20, title, 16, bold=True)
    c, r = (cv.w / 2 - 60, cv.h / 2 + 12), 120
    total = sum(v for _, v, _ in slices)
    a = -90.0
    for name, v, color in slices:
        sweep = 360 * v / total
        cv.pieslice(c[0], c[1], r, a, a + sweep, color, INK, 1.6)
        mid = math.radians(a + sweep / 2)
        cv.text(c[0] + r * 0.62 * math.cos(mid), c[1] + r * 0.62 * math.sin(mid), f"{v:g}%", 15, bold=True)
        a += sweep
    ly = c[1] - 15 * len(slices)
    for name, v, color in slices:
        cv.rect(c[0] + r + 40, ly - 7, c[0] + r + 54, ly + 7, fill=color, outline=INK, width=1)
        cv.text(c[0] + r + 62, ly, name, 15, anchor="lm")
        ly += 30


def box_edge_point(center: Point, half: Point, toward: Point) -> Point:
    """Where the ray from a box's centre toward a point leaves the box (for diagram arrows)."""
    dx, dy = toward[0] - center[0], toward[1] - center[1]
    if dx == 0 and dy == 0:
        return center
    tx = half[0] / abs(dx) if dx else math.inf
    ty = half[1] / abs(dy) if dy else math.inf
    t = min(tx, ty)
    return (center[0] + dx * t, center[1] + dy * t)


def draw_node_diagram(cv: Canvas, nodes: dict[str, tuple], edges: Sequence[tuple] = (),
                      title: str = "", size: float = 16) -> None:
    """Boxes joined by arrows: food webs, 글의 구조도, 권력 분립, 토론 절차.

    nodes: key -> (text, x, y, w, h[, fill]); edges: (from, to[, label[, offset[, style]]]).
    An offset shifts an arrow sideways so that two arrows between the same boxes do not overlap.
    """
    if title:
        cv.text(cv.w / 2, 18, title, 15, bold=True)
    for a, b, *rest in edges:
        label = rest[0] if rest else ""
        off = rest[1] if len(rest) > 1 else 0
        style = rest[2] if len(rest) > 2 else "arrow"
        _, ax, ay, aw, ah, *_ = nodes[a]
        _, bx, by, bw, bh, *_ = nodes[b]
        d = math.dist((ax, ay), (bx, by))
        nx, ny = -(by - ay) / d * off, (bx - ax) / d * off
        p = box_edge_point((ax + nx, ay + ny), (aw / 2 + 3, ah / 2 + 3), (bx + nx, by + ny))
        q = box_edge_point((bx + nx, by + ny), (bw / 2 + 3, bh / 2 + 3), (ax + nx, ay + ny))
        if style == "line":
            cv.line([p, q], INK, 1.8)
        else:
            cv.arrow(p, q, INK, 1.8, 10)
        if label:
            # beside the arrow, on the side it was shifted to, far enough that the text box clears the line
            nux, nuy = -(by - ay) / d, (bx - ax) / d
            side = 1 if off >= 0 else -1
            half_w, half_h = 6.5 * len(label), 8
            push = abs(off) + 6 + abs(nux) * half_w + abs(nuy) * half_h
            m = lerp(p, q, 0.5)
            cv.text(m[0] + nux * side * push, m[1] + nuy * side * push, label, 13, GRAY)
    for key, (text, x, y, w, h, *fill) in nodes.items():
        cv.rect(x - w / 2, y - h / 2, x + w / 2, y + h / 2, fill=fill[0] if fill else WHITE, outline=INK,
                width=1.8, radius=6)
        cv.text(x, y, text, size)


# --------------------------------------------------------------------------------------------------------
# Figures: science
# --------------------------------------------------------------------------------------------------------

def draw_part(cv: Canvas, kind: str, c: Point, u: Point, label: str = "", side: int = -1) -> float:
    """Draw one circuit symbol centred at c along direction u; return the wire gap it occupies."""
    n = (-u[1] * side, u[0] * side)  # unit normal pointing to the label side

    def at(a: float, b: float) -> Point:
        return (c[0] + u[0] * a + n[0] * b, c[1] + u[1] * a + n[1] * b)

    if kind == "R":
        pts = [at(-28, 0)]
        for i in range(7):
            pts.append(at(-24 + 8 * i, 9 if i % 2 == 0 else -9))
        pts.append(at(28, 0))
        cv.line(pts, INK, 2.2)
        if label:
            cv.text(*at(0, 26), label, 17, BLUE, bold=True)
        return 56
    if kind == "battery":
        cv.line([at(-5, -20), at(-5, 20)], INK, 2)
        cv.line([at(5, -10), at(5, 10)], INK, 5)
        cv.text(*at(-12, -24), "+", 16, RED, bold=True)
        cv.text(*at(14, -22), "-", 18, BLUE, bold=True)
        if label:
            cv.text(*at(0, 40), label, 17, bold=True)
        return 10
    if kind in ("A", "V"):
        cv.circle(c[0], c[1], 15, fill=WHITE, outline=INK, width=2)
        cv.text(c[0], c[1], kind, 16, bold=True)
        if label:
            cv.text(*at(0, 32), label, 14)
        return 30
    if kind == "bulb":
        cv.circle(c[0], c[1], 15, fill=(255, 250, 215), outline=INK, width=2)
        r = 15 / math.sqrt(2)
        cv.line([(c[0] - r, c[1] - r), (c[0] + r, c[1] + r)], INK, 1.8)
        cv.line([(c[0] - r, c[1] + r), (c[0] + r, c[1] - r)], INK, 1.8)
        if label:
            cv.text(*at(0, 32), label, 14)
        return 30
    if kind in ("switch_open", "switch_closed"):
        a, b = at(-20, 0), at(20, 0)
        cv.dot(*a, 3.5)
        cv.dot(*b, 3.5)
        end = at(18, 14) if kind == "switch_open" else at(20, 1)
        cv.line([a, end], INK, 2.2)
        if label:
            cv.text(*at(0, 26), label, 14)
        return 40
    raise ValueError(kind)


def wire_with_parts(cv: Canvas, p: Point, q: Point, parts: Sequence[tuple] = ()) -> None:
    """A straight wire from p to q with circuit symbols at fractions t along it."""
    L = math.dist(p, q)
    u = ((q[0] - p[0]) / L, (q[1] - p[1]) / L)
    cursor = 0.0
    for t, kind, *rest in sorted(parts, key=lambda x: x[0]):
        c = lerp(p, q, t)
        label = rest[0] if rest else ""
        side = rest[1] if len(rest) > 1 else -1
        gap = draw_part(cv, kind, c, u, label, side)
        start = t * L - gap / 2
        cv.line([lerp(p, q, cursor / L), lerp(p, q, start / L)], INK, 2.2)
        cursor = t * L + gap / 2
    cv.line([lerp(p, q, cursor / L), q], INK, 2.2)


def draw_series_circuit(cv: Canvas, battery: str = "6 V", resistors: Sequence[str] = ("2 Ω",),
                        ammeter: bool = True) -> None:
    """Battery, resistor(s) and an ammeter in one loop (옴의 법칙)."""
    x0, y0, x1, y1 = 100, 80, 380, 280
    n = len(resistors)
    wire_with_parts(cv, (x0, y1), (x0, y0), [(0.5, "battery", battery, 1)])
    wire_with_parts(cv, (x0, y0), (x1, y0), [((i + 1) / (n + 1), "R", r, -1) for i, r in enumerate(resistors)])
    wire_with_parts(cv, (x1, y0), (x1, y1), [(0.5, "A", "", -1)] if ammeter else [])
    wire_with_parts(cv, (x1, y1), (x0, y1))


def draw_parallel_circuit(cv: Canvas, battery: str = "6 V", r1: str = "3 Ω", r2: str = "6 Ω") -> None:
    """Two resistors in parallel with an ammeter on the main line."""
    x0, xm, x1, y0, y1 = 80, 260, 400, 70, 290
    wire_with_parts(cv, (x0, y1), (x0, y0), [(0.5, "battery", battery, 1)])
    wire_with_parts(cv, (x0, y0), (x1, y0))
    wire_with_parts(cv, (xm, y0), (xm, y1), [(0.5, "R", r1, 1)])
    wire_with_parts(cv, (x1, y0), (x1, y1), [(0.5, "R", r2, -1)])
    wire_with_parts(cv, (x1, y1), (xm, y1))
    wire_with_parts(cv, (xm, y1), (x0, y1), [(0.5, "A", "", -1)])
    cv.dot(xm, y0, 4.5)
    cv.dot(xm, y1, 4.5)


def draw_bulb_circuit(cv: Canvas) -> None:
    """Battery, closed switch, bulb with a voltmeter across it, and an ammeter."""
    x0, x1, y0, y1, xv = 80, 320, 80, 280, 410
    wire_with_parts(cv, (x0, y1), (x0, y0), [(0.5, "battery", "", 1)])
    wire_with_parts(cv, (x0, y0), (x1, y0), [(0.5, "switch_closed", "스위치", -1)])
    wire_with_parts(cv, (x1, y0), (x1, y1), [(0.5, "bulb", "", 1)])
    wire_with_parts(cv, (x1, y1), (x0, y1), [(0.5, "A", "", 1)])
    wire_with_parts(cv, (x1, 130), (xv, 130))
    wire_with_parts(cv, (xv, 130), (xv, 230), [(0.5, "V", "", -1)])
    wire_with_parts(cv, (xv, 230), (x1, 230))
    cv.dot(x1, 130, 4.5)
    cv.dot(x1, 230, 4.5)
    cv.text(x1 - 34, 180, "전구", 14)
    cv.text(x0 + 40, 180, "전지", 14)


def draw_wire_field(cv: Canvas) -> None:
    """A vertical straight wire through a horizontal card with compasses around it (전류의 자기 작용)."""
    cx, cy = cv.w / 2, cv.h / 2 + 40
    card = [(cx - 190, cy + 45), (cx + 120, cy + 45), (cx + 190, cy - 45), (cx - 120, cy - 45)]
    cv.line([(cx, cy + 150), (cx, cy)], INK, 3)
    cv.polygon(card, fill=(245, 245, 235), outline=INK, width=1.8)
    cv.ellipse(cx, cy, 100, 32, outline=GRAY, width=1.2)
    for deg in (0, 90, 180, 270):
        p = (cx + 100 * math.cos(math.radians(deg)), cy - 32 * math.sin(math.radians(deg)))
        cv.ellipse(p[0], p[1], 13, 8, fill=WHITE, outline=INK, width=1.6)
        cv.dot(p[0], p[1], 1.8)
    cv.line([(cx, cy), (cx, 20)], INK, 3)
    cv.arrow((cx, 110), (cx, 60), RED, 3, 16, 8)
    cv.text(cx + 34, 84, "전류", 16, RED, bold=True)
    cv.text(cx + 150, cy - 60, "나침반", 14, GRAY)
    cv.text(cx - 150, cy + 64, "수평한 종이", 14, GRAY)


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, n: int = 60) -> list[Point]:
    pts = []
    for i in range(n + 1):
        t = i / n
        a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
        pts.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return pts


def draw_bar_magnet(cv: Canvas) -> None:
    """Bar magnet with field lines leaving N and entering S."""
    cx, cy, half, hh = cv.w / 2, cv.h / 2, 80, 20
    for k, (a, h, c) in enumerate([(6, 55, 40), (12, 95, 80), (16, 140, 120)]):
        for sgn in (-1, 1):
            pts = bezier((cx + half, cy + sgn * a), (cx + half + c, cy + sgn * h),
                         (cx - half - c, cy + sgn * h), (cx - half, cy + sgn * a))
            cv.line(pts, GRAY, 1.6)
            m = pts[30]
            cv.arrow((m[0] + 6, m[1]), (m[0] - 6, m[1]), GRAY, 1.6, 10)
    for sgn in (-1, 1):
        cv.line([(cx + sgn * half, cy), (cx + sgn * (half + 110), cy)], GRAY, 1.6)
    cv.arrow((cx + half + 60, cy), (cx + half + 80, cy), GRAY, 1.6, 10)
    cv.arrow((cx - half - 80, cy), (cx - half - 60, cy), GRAY, 1.6, 10)
    cv.rect(cx - half, cy - hh, cx, cy + hh, fill=(80, 120, 220), outline=INK, width=2)
    cv.rect(cx, cy - hh, cx + half, cy + hh, fill=(220, 70, 70), outline=INK, width=2)
    cv.text(cx - half / 2, cy, "S", 20, WHITE, bold=True)
    cv.text(cx + half / 2, cy, "N", 20, WHITE, bold=True)


def draw_force_block(cv: Canvas, mass: str = "2 kg", right: str = "10 N", left: str = "4 N") -> None:
    """A block on a frictionless floor pulled both ways (뉴턴 운동 제2법칙)."""
    gy = 250
    cv.hatch_ground(40, cv.w - 40, gy)
    x0, x1, y0 = 190, 290, 180
    cv.rect(x0, y0, x1, gy, fill=LORANGE, outline=INK, width=2)
    cv.text((x0 + x1) / 2, (y0 + gy) / 2, mass, 18, bold=True)
    cv.arrow((x1, 215), (x1 + 120, 215), RED, 3, 14, 7)
    cv.text(x1 + 70, 195, right, 17, RED, bold=True)
    cv.arrow((x0, 215), (x0 - 60, 215), BLUE, 3, 14, 7)
    cv.text(x0 - 36, 195, left, 17, BLUE, bold=True)
    cv.text(cv.w / 2, gy + 30, "마찰이 없는 수평면", 14, GRAY)


def draw_free_fall(cv: Canvas, h_a: str = "10 m", h_b: str = "5 m") -> None:
    """A ball released at A passing B: 역학적 에너지 보존."""
    gy, ya, yb, x = 320, 90, 205, 200
    cv.hatch_ground(60, cv.w - 60, gy)
    cv.dashed((x, ya), (x, gy), GRAY, 1.2)
    cv.circle(x, ya, 13, fill=(120, 160, 230), outline=INK, width=1.8)
    cv.circle(x, yb, 13, fill=None, outline=INK, width=1.5)
    cv.arrow((x + 30, ya + 25), (x + 30, yb - 20), INK, 1.6, 9)
    cv.text(x - 30, ya, "A", 18, bold=True)
    cv.text(x - 30, yb, "B", 18, bold=True)
    for xx, y, t in ((330, ya, h_a), (270, yb, h_b)):
        cv.line([(x + 18, y), (xx + 8, y)], LIGHT, 1)
        cv.arrow((xx, (y + gy) / 2), (xx, y + 1), INK, 1.4, 8)
        cv.arrow((xx, (y + gy) / 2), (xx, gy - 1), INK, 1.4, 8)
        cv.text(xx + 26, (y + gy) / 2, t, 16)


def draw_chromosome(cv: Canvas, c: Point, length: float, color: Color, angle: float = 90,
                    split: bool = False, width: float = 5) -> None:
    """A duplicated chromosome (narrow X) or, with split, a single chromatid drawn as a bar."""
    a = math.radians(angle)
    u = (math.cos(a), -math.sin(a))
    n = (-u[1], u[0])
    half = length / 2
    if split:
        cv.line([(c[0] - u[0] * half, c[1] - u[1] * half), (c[0] + u[0] * half, c[1] + u[1] * half)], color, width)
        return
    w = 5
    cv.line([(c[0] - u[0] * half - n[0] * w, c[1] - u[1] * half - n[1] * w),
             (c[0] + u[0] * half + n[0] * w, c[1] + u[1] * half + n[1] * w)], color, width)
    cv.line([(c[0] - u[0] * half + n[0] * w, c[1] - u[1] * half + n[1] * w),
             (c[0] + u[0] * half - n[0] * w, c[1] + u[1] * half - n[1] * w)], color, width)


def draw_spindle(cv: Canvas, poles: Sequence[Point], targets: Sequence[Point]) -> None:
    for p in poles:
        for t in targets:
            cv.line([p, t], (150, 150, 150), 1)
        cv.circle(p[0], p[1], 4, fill=INK, outline=None)
        for k in range(8):
            a = math.radians(45 * k)
            cv.line([(p[0] + 6 * math.cos(a), p[1] + 6 * math.sin(a)),
                     (p[0] + 12 * math.cos(a), p[1] + 12 * math.sin(a))], GRAY, 1)


def draw_metaphase_cell(cv: Canvas) -> None:
    """An animal cell with its chromosomes lined up on the equatorial plane."""
    cx, cy = cv.w / 2, cv.h / 2
    cv.ellipse(cx, cy, 170, 140, fill=(252, 246, 232), outline=INK, width=2.4)
    ys = [-66, -22, 22, 66]
    poles = [(cx - 120, cy), (cx + 120, cy)]
    draw_spindle(cv, poles, [(cx, cy + y) for y in ys])
    cv.dashed((cx, cy - 120), (cx, cy + 120), (170, 170, 200), 1.2)
    for y, ln, col in zip(ys, (30, 22, 30, 22), (RED, BLUE, BLUE, RED)):
        draw_chromosome(cv, (cx, cy + y), ln, col)


def draw_mitosis_stages(cv: Canvas) -> None:
    """Four plant-cell panels A–D in a jumbled order (prophase, anaphase, metaphase, telophase)."""
    panel_w, panel_h, top = 100, 170, 70
    xs = [20 + i * 115 for i in range(4)]
    for x, lab in zip(xs, "ABCD"):
        cv.rect(x, top, x + panel_w, top + panel_h, fill=(246, 250, 238), outline=GREEN, width=2.4)
        cv.text(x + panel_w / 2, top + panel_h + 26, lab, 19, bold=True)
    # A: chromosomes condensing inside a fading nucleus
    cxa, cy = xs[0] + 50, top + panel_h / 2
    cv.circle(cxa, cy, 36, outline=GRAY, width=1)
    for (dx, dy, ang, col) in ((-14, -12, 30, RED), (12, -14, 120, BLUE), (-10, 14, 100, BLUE), (14, 12, 10, RED)):
        draw_chromosome(cv, (cxa + dx, cy + dy), 18, col, ang, width=4)
    # B: sister chromatids pulled apart, each V pointing at its pole
    cxb = xs[1] + 50
    poles_b = [(xs[1] + 12, cy), (xs[1] + 88, cy)]
    tips = []
    for dy, col in ((-36, RED), (-12, BLUE), (12, BLUE), (36, RED)):
        for side in (-1, 1):
            tip = (cxb + side * 22, cy + dy)
            tips.append(tip)
            cv.line([(tip[0] - side * 11, tip[1] - 6), tip, (tip[0] - side * 11, tip[1] + 6)], col, 4)
    for p in poles_b:
        for t in tips:
            if (t[0] - cxb) * (p[0] - cxb) > 0:
                cv.line([p, t], (150, 150, 150), 1)
    draw_spindle(cv, poles_b, [])
    # C: chromosomes on the equator
    cxc = xs[2] + 50
    ys = [-36, -12, 12, 36]
    draw_spindle(cv, [(xs[2] + 10, cy), (xs[2] + 90, cy)], [(cxc, cy + y) for y in ys])
    for y, col in zip(ys, (RED, BLUE, BLUE, RED)):
        draw_chromosome(cv, (cxc, cy + y), 16, col, width=4)
    # D: two new nuclei and the cell plate
    cxd = xs[3] + 50
    cv.line([(cxd, top + 12), (cxd, top + panel_h - 12)], GREEN, 4)
    for s in (-1, 1):
        cv.circle(cxd + s * 25, cy, 17, fill=(235, 230, 250), outline=INK, width=1.5)
        cv.line(bezier((cxd + s * 25 - 9, cy - 5), (cxd + s * 25 - 2, cy - 15), (cxd + s * 25 + 2, cy + 12),
                       (cxd + s * 25 + 9, cy + 2)), RED, 2)


def draw_meiosis_cell(cv: Canvas) -> None:
    """A 2n=4 cell with homologous pairs side by side on the equator (first meiotic division)."""
    cx, cy = cv.w / 2, cv.h / 2 + 6
    cv.ellipse(cx, cy, 170, 135, fill=(252, 246, 232), outline=INK, width=2.4)
    poles = [(cx - 125, cy), (cx + 125, cy)]
    pairs = [(-45, 36), (45, 22)]
    targets = []
    for dy, ln in pairs:
        targets += [(cx - 12, cy + dy), (cx + 12, cy + dy)]
    draw_spindle(cv, poles, targets)
    cv.dashed((cx, cy - 115), (cx, cy + 115), (170, 170, 200), 1.2)
    for dy, ln in pairs:
        draw_chromosome(cv, (cx - 12, cy + dy), ln, RED)
        draw_chromosome(cv, (cx + 12, cy + dy), ln, BLUE)
    cv.text(cv.w - 40, 24, "(2n=4)", 15, GRAY, anchor="rm")


def draw_test_tube(cv: Canvas, x: float, top: float, bottom: float, w: float = 34, level: float = 0.55,
                   liquid: Color | None = LBLUE, outline: Color = INK) -> None:
    """A test tube with a rounded bottom, filled to a fraction of its height."""
    r = w / 2
    if liquid is not None:
        ly = bottom - r - (bottom - r - top) * level
        cv.rect(x - r, ly, x + r, bottom - r, fill=liquid, outline=None)
        cv.pieslice(x, bottom - r, r, 0, 180, liquid, None)
        cv.line([(x - r, ly), (x + r, ly)], GRAY, 1)
    cv.line([(x - r, top), (x - r, bottom - r)], outline, 2)
    cv.line([(x + r, top), (x + r, bottom - r)], outline, 2)
    cv.arc(x, bottom - r, r, 0, 180, outline, 2)
    cv.ellipse(x, top, r + 3, 3, outline=outline, width=1.5)


def draw_pondweed(cv: Canvas, x: float, y0: float, y1: float) -> None:
    """A sprig of 검정말: a stem with small leaf pairs."""
    cv.line([(x, y0), (x + 3, (y0 + y1) / 2), (x - 2, y1)], GREEN, 2.4)
    y = y0 + 8
    while y < y1 - 4:
        cv.line([(x, y), (x - 9, y - 6)], GREEN, 2)
        cv.line([(x, y), (x + 9, y - 6)], GREEN, 2)
        y += 12


def draw_btb_tubes(cv: Canvas) -> None:
    """Three tubes of yellow BTB solution: pondweed in A and B, B wrapped in foil, C empty, under a lamp."""
    xs, top, bottom = (150, 240, 330), 120, 300
    cv.circle(240, 45, 16, fill=(255, 240, 150), outline=INK, width=1.6)
    for k in range(8):
        a = math.radians(45 * k)
        cv.line([(240 + 22 * math.cos(a), 45 + 22 * math.sin(a)), (240 + 30 * math.cos(a), 45 + 30 * math.sin(a))],
                ORANGE, 2)
    cv.text(290, 45, "빛", 16, anchor="lm")
    for x, lab in zip(xs, "ABC"):
        draw_test_tube(cv, x, top, bottom, 36, 0.8, (250, 225, 90))
        if lab in "AB":
            draw_pondweed(cv, x, top + 50, bottom - 20)
        if lab == "B":
            cv.rect(x - 21, top + 20, x + 21, bottom - 6, fill=(185, 185, 190), outline=INK, width=1.4, radius=8)
            for yy in range(int(top) + 32, int(bottom) - 12, 14):
                cv.line([(x - 16, yy), (x + 16, yy + 6)], (150, 150, 155), 1)
        cv.text(x, bottom + 22, lab, 18, bold=True)
    cv.rect(105, 190, 375, 206, fill=(210, 180, 140), outline=INK, width=1.4)
    cv.text(420, 262, "BTB 용액", 13, GRAY)
    cv.line([(385, 262), (350, 262)], GRAY, 1)
    cv.text(420, 140, "알루미늄\n포일", 13, GRAY)
    cv.line([(396, 150), (262, 168)], GRAY, 1)


def draw_saliva_tubes(cv: Canvas) -> None:
    """Two test tubes in a 35 °C water bath: starch + water (A) and starch + saliva (B)."""
    bx0, bx1, by0, by1 = 130, 350, 90, 290
    cv.rect(bx0, by0 + 40, bx1, by1, fill=(215, 235, 250), outline=None)
    cv.line([(bx0 - 8, by0 - 4), (bx0, by0), (bx0, by1), (bx1, by1), (bx1, by0), (bx1 + 8, by0 - 4)], INK, 2.4)
    for x, lab in ((200, "A"), (280, "B")):
        draw_test_tube(cv, x, 60, 260, 32, 0.45, (250, 250, 245))
        cv.text(x, 40, lab, 18, bold=True)
    # thermometer
    tx = 325
    cv.rect(tx - 4, 40, tx + 4, 240, fill=WHITE, outline=INK, width=1.3, radius=4)
    cv.rect(tx - 2, 150, tx + 2, 240, fill=RED, outline=None)
    cv.circle(tx, 244, 7, fill=RED, outline=INK, width=1.3)
    cv.text(tx + 14, 60, "35 °C", 14, anchor="lm")
    cv.text(cv.w / 2, 314, "A: 녹말 용액 + 증류수      B: 녹말 용액 + 침", 14)
    cv.text(bx0 + 22, by1 - 22, "물", 14, BLUE)


def draw_flask(cv: Canvas, cx: float, base: float, w: float = 110, h: float = 130, level: float = 0.3,
               liquid: Color = LBLUE) -> tuple[float, float]:
    """An Erlenmeyer flask; returns (neck top y, neck half width)."""
    neck_w, neck_h = 16, 40
    body_top = base - h + neck_h
    outline = [(cx - neck_w, base - h), (cx - neck_w, body_top), (cx - w / 2, base), (cx + w / 2, base),
               (cx + neck_w, body_top), (cx + neck_w, base - h)]
    ly = base - (base - body_top) * level
    half_at = neck_w + (w / 2 - neck_w) * (ly - body_top) / (base - body_top)
    cv.polygon([(cx - half_at, ly), (cx - w / 2, base), (cx + w / 2, base), (cx + half_at, ly)], fill=liquid,
               outline=None)
    cv.line(outline, INK, 2.2)
    return base - h, neck_w


def draw_mass_balance(cv: Canvas, reading: str = "105.0 g") -> None:
    """A stoppered flask of dilute HCl with a small tube of CaCO₃ inside, standing on a balance."""
    cv.polygon([(110, 300), (370, 300), (350, 260), (130, 260)], fill=(225, 225, 230), outline=INK, width=2)
    cv.rect(200, 272, 280, 294, fill=(40, 60, 50), outline=INK, width=1.4, radius=3)
    cv.text(240, 283, reading, 14, (120, 255, 150), bold=True)
    top, nw = draw_flask(cv, 240, 258, 140, 170, 0.32)
    cv.rect(240 - nw - 4, top - 16, 240 + nw + 4, top + 6, fill=BROWN, outline=INK, width=1.6, radius=3)
    # small tube with white powder leaning inside the flask
    cv.line([(212, 250), (232, 180)], INK, 1.6)
    cv.line([(226, 252), (246, 184)], INK, 1.6)
    cv.polygon([(214, 246), (226, 250), (230, 236), (218, 232)], fill=(245, 245, 245), outline=GRAY, width=1)
    cv.text(400, 150, "뚜껑", 14, anchor="lm")
    cv.line([(395, 150), (258, top - 6)], GRAY, 1)
    cv.text(400, 200, "탄산 칼슘", 14, anchor="lm")
    cv.line([(395, 200), (228, 240)], GRAY, 1)
    cv.text(60, 230, "묽은\n염산", 14, anchor="mm")
    cv.line([(80, 236), (190, 245)], GRAY, 1)
    cv.text(240, 330, "전자저울", 14, GRAY)


def draw_indicator_tubes(cv: Canvas, names: Sequence[str] = ("묽은 염산", "증류수", "수산화 나트륨\n수용액")) -> None:
    """Three colourless solutions A–C and a dropper of phenolphthalein above them."""
    xs = (130, 240, 350)
    for x, lab, name in zip(xs, "ABC", names):
        draw_test_tube(cv, x, 110, 270, 36, 0.55, (235, 243, 250))
        cv.text(x, 294, lab, 18, bold=True)
        cv.text(x, 326, name, 13)
    # dropper over B
    cv.rect(232, 28, 248, 80, fill=WHITE, outline=INK, width=1.6)
    cv.ellipse(240, 24, 12, 10, fill=(90, 90, 90), outline=INK, width=1.4)
    cv.polygon([(232, 80), (248, 80), (242, 96), (238, 96)], fill=WHITE, outline=INK, width=1.4)
    cv.circle(240, 104, 3, fill=(200, 200, 230), outline=GRAY, width=1)
    cv.text(262, 50, "페놀프탈레인 용액", 14, anchor="lm")


def particle_box(cv: Canvas, cx: float, cy: float, w: float, h: float, pts: Sequence[Point], title: str,
                 color: Color) -> None:
    cv.rect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, fill=WHITE, outline=INK, width=2, radius=8)
    for x, y in pts:
        cv.circle(cx + x, cy + y, 7, fill=color, outline=INK, width=1)
    cv.text(cx, cy + h / 2 + 16, title, 16, bold=True)


def draw_states_cycle(cv: Canvas) -> None:
    """Particle pictures of solid, liquid and gas with three labelled changes (가)–(다)."""
    rng = random.Random(11)
    solid = [(-30 + 15 * i, -22 + 15 * j) for i in range(5) for j in range(4)]
    liquid = [(-34 + 15 * i + rng.uniform(-3, 3), -4 + 14 * j + rng.uniform(-3, 3))
              for i in range(5) for j in range(3) if (i, j) != (4, 0)]
    gas = [(-40, -24), (18, -30), (38, 8), (-12, 2), (-38, 26), (22, 28), (44, -18)]
    particle_box(cv, 240, 70, 110, 80, solid, "고체", LBLUE)
    particle_box(cv, 100, 250, 110, 80, liquid, "액체", LBLUE)
    particle_box(cv, 380, 250, 110, 80, gas, "기체", LBLUE)
    cv.arrow((180, 105), (128, 200), RED, 2.4, 12)
    cv.text(130, 140, "(가)", 16, RED, bold=True)
    cv.arrow((162, 250), (318, 250), RED, 2.4, 12)
    cv.text(240, 232, "(나)", 16, RED, bold=True)
    cv.arrow((352, 200), (300, 105), RED, 2.4, 12)
    cv.text(352, 140, "(다)", 16, RED, bold=True)


def draw_heating_setup(cv: Canvas) -> None:
    """Ice in a beaker on a tripod and gauze over an alcohol lamp, with a thermometer."""
    cv.rect(60, 320, 420, 330, fill=LIGHT, outline=INK, width=1.4)
    # stand rod and clamp holding the thermometer
    cv.rect(80, 40, 88, 320, fill=LIGHT, outline=INK, width=1.2)
    cv.line([(88, 70), (228, 70)], INK, 3)
    cv.rect(220, 40, 232, 210, fill=WHITE, outline=INK, width=1.4, radius=5)
    cv.rect(224, 150, 228, 210, fill=RED, outline=None)
    cv.circle(226, 213, 6, fill=RED, outline=INK, width=1.2)
    # tripod and gauze
    cv.line([(170, 200), (310, 200)], INK, 3)
    cv.line([(180, 200), (160, 320)], INK, 2.4)
    cv.line([(300, 200), (320, 320)], INK, 2.4)
    # beaker with ice
    cv.rect(185, 130, 295, 198, fill=(220, 238, 252), outline=None)
    for (x, y) in ((195, 140), (230, 150), (262, 136), (210, 170), (250, 172)):
        cv.rect(x, y, x + 22, y + 20, fill=(240, 250, 255), outline=BLUE, width=1.2, radius=3)
    cv.line([(180, 100), (185, 104), (185, 198), (295, 198), (295, 104), (300, 100)], INK, 2.2)
    # alcohol lamp
    cv.polygon([(205, 320), (275, 320), (265, 270), (215, 270)], fill=(230, 240, 250), outline=INK, width=2)
    cv.rect(234, 256, 246, 270, fill=LIGHT, outline=INK, width=1.2)
    cv.polygon([(240, 214), (230, 240), (240, 256), (250, 240)], fill=(255, 170, 60), outline=ORANGE, width=1.2)
    cv.text(340, 60, "온도계", 14, anchor="lm")
    cv.line([(335, 60), (234, 90)], GRAY, 1)
    cv.text(340, 150, "얼음", 14, anchor="lm")
    cv.line([(335, 150), (284, 150)], GRAY, 1)
    cv.text(340, 290, "알코올램프", 14, anchor="lm")
    cv.line([(335, 290), (270, 290)], GRAY, 1)


def draw_moon_orbit(cv: Canvas) -> None:
    """The Earth, sunlight from the left, and the Moon at eight positions A–H (달의 위상)."""
    c, R = (cv.w / 2 + 30, cv.h / 2), 125
    for y in (60, 130, 230, 300):
        cv.arrow((18, y), (78, y), ORANGE, 2.4, 11)
    cv.text(48, 180, "햇빛", 16, ORANGE, bold=True)
    cv.circle(c[0], c[1], R, outline=GRAY, width=1.2)
    cv.circle(c[0], c[1], 26, fill=(90, 140, 220), outline=INK, width=1.6)
    cv.pieslice(c[0], c[1], 26, -90, 90, (40, 50, 80), INK, 1.2)
    cv.text(c[0], c[1] + 42, "지구", 14)
    for i, lab in enumerate("ABCDEFGH"):
        p = circle_point(c, R, 45 * i)
        cv.circle(p[0], p[1], 14, fill=(60, 60, 60), outline=INK, width=1.4)
        cv.pieslice(p[0], p[1], 14, 90, 270, (255, 250, 215), INK, 1.2)
        q = circle_point(c, R + 30, 45 * i)
        cv.text(q[0], q[1], lab, 17, bold=True)
    a = circle_point(c, R, 112)
    cv.arrow((a[0] + 8, a[1] - 3), (a[0] - 8, a[1] + 4), INK, 1.8, 11)
    cv.text(a[0] - 40, a[1] - 22, "공전 방향", 13, GRAY)


def draw_plate_section(cv: Canvas) -> None:
    """Cross-section: a mid-ocean ridge (A) and an oceanic plate sinking under a continent (B)."""
    sea = 120
    # ocean water
    cv.rect(20, sea, 330, 175, fill=(200, 225, 250), outline=None)
    cv.line([(20, sea), (330, sea)], BLUE, 1.4)
    # oceanic plate (two halves split at the ridge)
    left = [(20, 180), (148, 170), (148, 200), (20, 210)]
    right = [(152, 170), (320, 180), (380, 300), (360, 310), (306, 212), (152, 200)]
    cv.polygon(left, fill=(160, 150, 140), outline=INK, width=1.6)
    cv.polygon(right, fill=(160, 150, 140), outline=INK, width=1.6)
    # continent
    cont = [(326, 175), (336, 128), (352, 112), (372, 104), (392, 76), (410, 100), (428, 88), (446, 104),
            (460, 104), (460, 230), (392, 230)]
    cv.polygon(cont, fill=(205, 175, 130), outline=INK, width=1.6)
    # mantle arrows
    cv.text(300, 335, "맨틀", 16, GRAY)
    for sgn in (-1, 1):
        cx = 150 + sgn * 70
        pts = [(cx + sgn * 60 * math.cos(math.radians(a)), 258 + 38 * math.sin(math.radians(a)))
               for a in range(200, 520, 10)]
        cv.line(pts[:-3], (200, 110, 90), 1.8)
        cv.arrow(pts[-4], pts[-2], (200, 110, 90), 1.8, 10)
    cv.arrow((130, 188), (70, 194), INK, 2.4, 12)
    cv.arrow((170, 188), (230, 190), INK, 2.4, 12)
    cv.arrow((150, 240), (150, 205), RED, 2.4, 12)
    cv.text(150, 150, "A", 18, bold=True)
    cv.text(322, 150, "B", 18, bold=True)
    cv.text(70, 226, "해양판", 14)
    cv.text(420, 200, "대륙판", 14)
    cv.text(40, 100, "바다", 13, BLUE)


def draw_isobars(cv: Canvas) -> None:
    """Closed isobars around a high (고) and a low (저); tight spacing near the low."""
    H, L = (140, 190), (370, 170)
    for (c, radii, values) in ((H, [(40, 30), (80, 62), (125, 100)], ["1024", "1020", "1016"]),
                               (L, [(22, 17), (44, 34), (66, 51), (88, 68)], ["996", "1000", "1004", "1008"])):
        for (rx, ry), v in zip(radii, values):
            cv.ellipse(c[0], c[1], rx, ry, outline=INK, width=1.6)
            lx, ly = c[0], c[1] - ry
            cv.rect(lx - 16, ly - 8, lx + 16, ly + 8, fill=WHITE, outline=None)
            cv.text(lx, ly, v, 12)
    cv.text(H[0], H[1], "고", 20, BLUE, bold=True)
    cv.text(L[0], L[1] + 4, "저", 16, RED, bold=True)
    cv.dot(L[0] + 55, L[1], 4, INK)
    cv.text(L[0] + 55, L[1] + 16, "A", 15, bold=True)
    cv.dot(H[0] + 20, H[1] + 80, 4, INK)
    cv.text(H[0] + 34, H[1] + 80, "B", 15, bold=True)
    cv.text(cv.w - 14, cv.h - 16, "(단위: hPa)", 13, GRAY, anchor="rm")


def draw_energy_pyramid(cv: Canvas, levels: Sequence[tuple[str, str]]) -> None:
    """Stacked trapezoids from producers (bottom) up to the top consumer."""
    n = len(levels)
    bottom, top, hw_bottom = cv.h - 30, 30, 200
    step = (bottom - top) / n
    fills = [LGREEN, (230, 240, 190), LORANGE, LRED, PALE]
    for i, (name, value) in enumerate(levels):
        y1 = bottom - i * step
        y0 = y1 - step
        w1 = hw_bottom * (1 - i / (n + 1.2))
        w0 = hw_bottom * (1 - (i + 1) / (n + 1.2))
        cx = cv.w / 2
        cv.polygon([(cx - w1, y1), (cx + w1, y1), (cx + w0, y0), (cx - w0, y0)], fill=fills[i], outline=INK, width=1.8)
        cv.text(cx, (y0 + y1) / 2, f"{name}  {value}", 15)
    cv.text(cv.w - 14, 20, "(에너지양, 상댓값)", 12, GRAY, anchor="rm")


# --------------------------------------------------------------------------------------------------------
# Figures: social studies
# --------------------------------------------------------------------------------------------------------

def lat_label(v: float) -> str:
    return "0°" if v == 0 else f"{abs(v):g}°{'N' if v > 0 else 'S'}"


def lon_label(v: float) -> str:
    return "0°" if v == 0 else f"{abs(v):g}°{'E' if v > 0 else 'W'}"


def draw_latlong_grid(cv: Canvas, points: Sequence[tuple[str, float, float]],
                      lon_range: tuple[float, float] = (-60, 150), lat_range: tuple[float, float] = (-90, 90),
                      step: float = 30) -> None:
    """A graticule with the equator and prime meridian stressed and lettered points (위도와 경도)."""
    l, t, r, b = 56, 24, cv.w - 20, cv.h - 34

    def P(lon: float, lat: float) -> Point:
        return (l + (lon - lon_range[0]) / (lon_range[1] - lon_range[0]) * (r - l),
                b - (lat - lat_range[0]) / (lat_range[1] - lat_range[0]) * (b - t))

    cv.rect(l, t, r, b, fill=(240, 247, 255), outline=INK, width=1.6)
    lon = lon_range[0]
    while lon <= lon_range[1] + 1e-9:
        cv.line([P(lon, lat_range[0]), P(lon, lat_range[1])], RED if lon == 0 else LIGHT, 2 if lon == 0 else 1)
        cv.text(P(lon, 0)[0], b + 14, lon_label(lon), 12)
        lon += step
    lat = lat_range[0]
    while lat <= lat_range[1] + 1e-9:
        cv.line([P(lon_range[0], lat), P(lon_range[1], lat)], RED if lat == 0 else LIGHT, 2 if lat == 0 else 1)
        cv.text(l - 6, P(0, lat)[1], lat_label(lat), 12, anchor="rm")
        lat += step
    cv.text(P(lon_range[1], 0)[0] - 6, P(0, 0)[1] - 10, "적도", 13, RED, anchor="rm")
    cv.text(P(0, lat_range[1])[0] + 6, t + 12, "본초 자오선", 13, RED, anchor="lm")
    for name, lon, lat in points:
        x, y = P(lon, lat)
        cv.circle(x, y, 5, fill=INK, outline=None)
        cv.text(x + 12, y - 11, name, 16, BLUE, bold=True)


def draw_climate_graph(cv: Canvas, temps: Sequence[float], precs: Sequence[float], title: str = "",
                       tmin: float = -10, tmax: float = 40, pmax: float = 500) -> None:
    """기후 그래프: monthly precipitation bars (right axis) and a temperature line (left axis)."""
    l, t, r, b = 56, 46, cv.w - 56, cv.h - 40
    if title:
        cv.text(cv.w / 2, 18, title, 15, bold=True)

    def YT(v: float) -> float:
        return b - (v - tmin) / (tmax - tmin) * (b - t)

    def YP(v: float) -> float:
        return b - v / pmax * (b - t)

    for k in range(6):
        y = b - k * (b - t) / 5
        cv.line([(l, y), (r, y)], PALE, 1)
        cv.text(l - 6, y, f"{tmin + k * (tmax - tmin) / 5:g}", 12, anchor="rm")
        cv.text(r + 6, y, f"{k * pmax / 5:g}", 12, anchor="lm")
    slot = (r - l) / 12
    for i, p in enumerate(precs):
        x0 = l + i * slot + slot * 0.18
        cv.rect(x0, YP(p), x0 + slot * 0.64, b, fill=(120, 170, 230), outline=INK, width=1)
        cv.text(l + (i + 0.5) * slot, b + 13, str(i + 1), 12)
    pts = [(l + (i + 0.5) * slot, YT(v)) for i, v in enumerate(temps)]
    cv.line(pts, RED, 2.4)
    for x, y in pts:
        cv.circle(x, y, 3.5, fill=RED, outline=None)
    cv.line([(l, t), (l, b), (r, b), (r, t)], INK, 1.6)
    cv.text(l - 8, t - 16, "(°C)", 12, RED, anchor="mm")
    cv.text(r + 8, t - 16, "(mm)", 12, BLUE, anchor="mm")
    cv.text(r, b + 28, "(월)", 12, anchor="rm")
    cv.text(l + 6, t + 10, "기온", 12, RED, anchor="lm")
    cv.text(r - 6, t + 10, "강수량", 12, BLUE, anchor="rm")


def draw_invented_map(cv: Canvas) -> None:
    """A made-up country (가람국) with a graticule, a legend and a north arrow."""
    lon0, lon1, lat0, lat1 = 38.0, 54.0, -22.0, -8.0
    l, t, r, b = 40, 24, 360, cv.h - 30

    def P(lon: float, lat: float) -> Point:
        return (l + (lon - lon0) / (lon1 - lon0) * (r - l), t + (lat1 - lat) / (lat1 - lat0) * (b - t))

    cv.rect(l, t, r, b, fill=(205, 228, 250), outline=None)  # sea
    west = [P(38, -8), P(41.5, -8), P(42.5, -12), P(41.8, -16), P(42.8, -20), P(41.5, -22), P(38, -22)]
    cv.polygon(west, fill=(235, 235, 225), outline=GRAY, width=1)
    country = [P(41.5, -8), P(47, -9), P(50.5, -11.5), P(51, -14.5), P(49.5, -18), P(47.5, -20.5),
               P(42.8, -20), P(41.8, -16), P(42.5, -12)]
    cv.polygon(country, fill=(245, 235, 200), outline=INK, width=2)
    for seg in ((P(41.5, -8), P(42.5, -12)), (P(42.5, -12), P(41.8, -16)), (P(41.8, -16), P(42.8, -20))):
        cv.dashed(seg[0], seg[1], RED, 1.6, 6, 4)
    for lon in (40, 45, 50):
        cv.line([P(lon, lat0), P(lon, lat1)], (150, 150, 170), 1)
        cv.text(P(lon, lat0)[0], b + 12, f"{lon}°E", 12)
    for lat in (-10, -15, -20):
        cv.line([P(lon0, lat), P(lon1, lat)], (150, 150, 170), 1)
        cv.text(l - 4, P(lon0, lat)[1], f"{-lat}°S", 12, anchor="rm")
    cv.line([P(lon0, lat0), P(lon0, lat1)], INK, 1)
    # mountains in the west, a river flowing east to the sea, the capital and two cities
    for lon, lat in ((43.5, -11), (44.2, -13.5), (43.3, -16), (44.5, -18.2)):
        x, y = P(lon, lat)
        cv.polygon([(x, y - 9), (x - 9, y + 6), (x + 9, y + 6)], fill=BROWN, outline=None)
    river = [P(44.6, -14.2), P(46, -14.8), P(47, -14.4), P(48.5, -15.3), P(50.2, -15.0), P(51.4, -15.2)]
    cv.line(river, BLUE, 2.4)
    x, y = P(45, -15)
    cv.text(x, y, "★", 20, RED)
    for lon, lat in ((48.5, -11.5), (47.2, -19)):
        X, Y = P(lon, lat)
        cv.circle(X, Y, 4.5, fill=INK, outline=None)
    cx, cy = P(47.3, -12.6)
    cv.text(cx, cy, "가람국", 16, bold=True)
    cv.text(P(52.5, -19.5)[0], P(52.5, -19.5)[1], "바다", 14, BLUE)
    # legend and north arrow
    lx = 372
    cv.rect(lx, 120, cv.w - 8, 290, fill=WHITE, outline=INK, width=1.2)
    cv.text((lx + cv.w - 8) / 2, 134, "범례", 13, bold=True)
    cv.text(lx + 16, 160, "★", 15, RED)
    cv.text(lx + 30, 160, "수도", 13, anchor="lm")
    cv.circle(lx + 16, 186, 4, fill=INK, outline=None)
    cv.text(lx + 30, 186, "도시", 13, anchor="lm")
    cv.line([(lx + 8, 212), (lx + 24, 212)], BLUE, 2.4)
    cv.text(lx + 30, 212, "하천", 13, anchor="lm")
    cv.polygon([(lx + 16, 230), (lx + 8, 244), (lx + 24, 244)], fill=BROWN, outline=None)
    cv.text(lx + 30, 238, "산지", 13, anchor="lm")
    cv.dashed((lx + 8, 264), (lx + 24, 264), RED, 1.6, 4, 3)
    cv.text(lx + 30, 264, "국경", 13, anchor="lm")
    cv.arrow((cv.w - 50, 90), (cv.w - 50, 40), INK, 2, 12)
    cv.text(cv.w - 50, 100, "N", 15, bold=True)


def wobbly_ring(c: Point, rx: float, ry: float, phase: float, amp: float = 0.06, n: int = 120) -> list[Point]:
    """A closed, slightly irregular oval: a hand-drawn looking contour line."""
    pts = []
    for i in range(n + 1):
        a = 2 * math.pi * i / n
        k = 1 + amp * math.sin(3 * a + phase) + amp * 0.6 * math.cos(5 * a + phase * 1.7)
        pts.append((c[0] + rx * k * math.cos(a), c[1] + ry * k * math.sin(a)))
    return pts


def draw_contours(cv: Canvas) -> None:
    """A hill whose contours crowd together on the west (C) side and spread out on the east (D) side."""
    rings = [(100, (250, 190), 190, 130), (200, (220, 188), 130, 100), (300, (196, 186), 84, 70),
             (400, (178, 184), 44, 40)]
    for h, c, rx, ry in rings:
        pts = wobbly_ring(c, rx, ry, h / 70)
        cv.line(pts, BROWN, 1.8)
        lx, ly = pts[len(pts) // 4]  # label at the bottom of each ring
        cv.rect(lx - 14, ly - 8, lx + 14, ly + 8, fill=WHITE, outline=None)
        cv.text(lx, ly, str(h), 12, BROWN)
    cv.polygon([(172, 176), (165, 188), (179, 188)], fill=INK, outline=None)
    cv.text(190, 170, "430", 12, anchor="lm")
    ax, ay = wobbly_ring((196, 186), 84, 70, 300 / 70)[64]
    cv.dot(ax, ay, 4, BLUE)
    cv.text(ax + 12, ay - 10, "A", 15, BLUE, bold=True)
    bx, by = wobbly_ring((250, 190), 190, 130, 100 / 70)[8]
    cv.dot(bx, by, 4, BLUE)
    cv.text(bx + 14, by - 10, "B", 15, BLUE, bold=True)
    cv.text(40, 186, "C", 17, RED, bold=True)
    cv.text(455, 190, "D", 17, RED, bold=True)
    cv.text(cv.w - 10, cv.h - 12, "(단위: m)", 12, GRAY, anchor="rm")
    cv.arrow((30, 70), (30, 30), INK, 1.8, 10)
    cv.text(30, 80, "N", 13, bold=True)


def draw_population_pyramid(cv: Canvas, male: Sequence[float], female: Sequence[float], title: str = "",
                            xmax: float = 10,
                            bar_fill: tuple[Color, Color] = ((120, 160, 225), (235, 140, 150))) -> None:
    """Population pyramid in 10-year age groups: men left, women right, share of population in %."""
    ages = ["0~9", "10~19", "20~29", "30~39", "40~49", "50~59", "60~69", "70~79", "80~"]
    cx, mid_w = cv.w / 2, 58
    t, b = 44 if title else 26, cv.h - 44
    half = (cv.w - 2 * 30 - mid_w) / 2
    row = (b - t) / len(ages)
    if title:
        cv.text(cx, 16, title, 15, bold=True)

    def X(v: float, side: int) -> float:
        return cx + side * (mid_w / 2 + v / xmax * half)

    for k in range(0, int(xmax) + 1, 2):
        for side in (-1, 1):
            cv.line([(X(k, side), t), (X(k, side), b)], PALE, 1)
            cv.text(X(k, side), b + 12, str(k), 11)
    for i, (m, f) in enumerate(zip(male, female)):
        y1 = b - i * row - 2
        y0 = y1 - row + 4
        cv.rect(X(m, -1), y0, X(0, -1), y1, fill=bar_fill[0], outline=INK, width=1)
        cv.rect(X(0, 1), y0, X(f, 1), y1, fill=bar_fill[1], outline=INK, width=1)
        cv.text(cx, (y0 + y1) / 2, ages[i], 11)
    cv.line([(X(0, -1), t), (X(0, -1), b)], INK, 1.4)
    cv.line([(X(0, 1), t), (X(0, 1), b)], INK, 1.4)
    cv.text(X(xmax * 0.6, -1), t + 10, "남자", 14, bold=True)
    cv.text(X(xmax * 0.6, 1), t + 10, "여자", 14, bold=True)
    cv.text(cx, b + 12, "(세)", 11, GRAY)
    cv.text(cv.w - 10, b + 28, "(%)", 12, anchor="rm")


def draw_supply_demand(cv: Canvas, price: str = "3,000", qty: str = "200", shift: bool = False) -> None:
    """Demand and supply lines crossing at E, with the equilibrium read off the axes.

    With shift=True the demand curve moves right (D→D′) and the new equilibrium E′ is shown.
    """
    plot = Plot(cv, (80, 36, cv.w - 50, cv.h - 50), (0, 10), (0, 10))
    o = plot.px(0, 0)
    cv.arrow(o, plot.px(10, 0), INK, 1.8, 10)
    cv.arrow(o, plot.px(0, 10), INK, 1.8, 10)
    cv.text(o[0] - 12, o[1] + 12, "O", 15)
    cv.text(plot.px(10, 0)[0], o[1] + 28, "수량(개)", 13, anchor="rm")
    cv.text(o[0] + 8, plot.px(0, 10)[1] - 2, "가격(원)", 13, anchor="lm")
    cv.line([plot.px(1, 9), plot.px(9, 1)], BLUE, 2.6)
    cv.line([plot.px(1, 1), plot.px(9, 9)], RED, 2.6)
    cv.text(*plot.px(9.3, 0.8), "수요", 14, BLUE, bold=True)
    cv.text(*plot.px(9.3, 9.3), "공급", 14, RED, bold=True)
    plot.guides(5, 5)
    plot.point(5, 5, "E", 14, -4)
    if shift:
        cv.line([plot.px(3, 9), plot.px(9.5, 2.5)], BLUE, 2.2)
        cv.text(*plot.px(9.6, 3.0), "수요′", 14, BLUE, bold=True)
        cv.arrow(plot.px(2.6, 7.2), plot.px(4.2, 7.2), INK, 1.8, 10)
        plot.point(6, 6, "E′", 16, -4)
    else:
        plot.xlabel_at(5, qty, 14)
        plot.ylabel_at(5, price, 14)


# --------------------------------------------------------------------------------------------------------
# Figures: Korean and English
# --------------------------------------------------------------------------------------------------------

def draw_plot_stages(cv: Canvas, labels: Sequence[str] = ("발단", "전개", "위기", "㉠", "결말")) -> None:
    """The rising-and-falling line of a story's 구성 단계, the climax marked with a blank."""
    base = cv.h - 70
    xs = [50, 140, 230, 320, 430]
    ys = [base - 10, base - 80, base - 150, base - 230, base - 60]
    cv.line([(30, base), (cv.w - 30, base)], LIGHT, 1.4)
    cv.line(list(zip(xs, ys)), BLUE, 3)
    for i, (x, y, lab) in enumerate(zip(xs, ys, labels)):
        cv.dot(x, y, 5, BLUE)
        blank = lab in ("㉠", "㉡", "㉢")
        cv.text(x, base + 26, lab, 17, RED if blank else INK, bold=True)
        cv.dashed((x, y + 6), (x, base), LIGHT, 1.2)
    cv.text(26, 22, "긴장감", 13, GRAY, anchor="lm")
    cv.arrow((24, base), (24, 34), GRAY, 1.4, 9)


def draw_room_scene(cv: Canvas) -> None:
    """A simple room: a window, a wall clock, a table with a lamp, a sleeping cat, one chair and a ball."""
    floor = 280
    cv.rect(0, 0, cv.w, floor, fill=(250, 246, 236), outline=None)
    cv.rect(0, floor, cv.w, cv.h, fill=(225, 200, 165), outline=None)
    cv.line([(0, floor), (cv.w, floor)], INK, 2)
    # window
    cv.rect(40, 40, 150, 140, fill=(205, 230, 250), outline=INK, width=2.4)
    cv.line([(95, 40), (95, 140)], INK, 2)
    cv.line([(40, 90), (150, 90)], INK, 2)
    # clock
    cv.circle(250, 70, 30, fill=WHITE, outline=INK, width=2.6)
    for k in range(12):
        a = math.radians(30 * k)
        cv.line([(250 + 24 * math.cos(a), 70 + 24 * math.sin(a)), (250 + 28 * math.cos(a), 70 + 28 * math.sin(a))],
                INK, 1.4)
    cv.line([(250, 70), (250, 50)], INK, 2.4)
    cv.line([(250, 70), (264, 76)], INK, 2.4)
    # table with a lamp on it
    cv.rect(170, 190, 360, 202, fill=BROWN, outline=INK, width=1.6)
    cv.rect(180, 202, 190, floor, fill=BROWN, outline=INK, width=1.4)
    cv.rect(340, 202, 350, floor, fill=BROWN, outline=INK, width=1.4)
    cv.rect(300, 180, 330, 190, fill=GRAY, outline=INK, width=1.4)
    cv.line([(315, 180), (315, 140)], INK, 2.4)
    cv.polygon([(295, 140), (335, 140), (325, 112), (305, 112)], fill=YELLOW, outline=INK, width=1.6)
    # sleeping cat under the table
    cv.ellipse(262, 262, 40, 18, fill=ORANGE, outline=INK, width=1.6)
    cv.circle(228, 262, 15, fill=ORANGE, outline=INK, width=1.6)
    cv.polygon([(218, 252), (220, 238), (230, 248)], fill=ORANGE, outline=INK, width=1.4)
    cv.polygon([(232, 248), (240, 237), (242, 252)], fill=ORANGE, outline=INK, width=1.4)
    cv.line([(221, 264), (227, 266)], INK, 1.4)
    cv.line([(231, 266), (237, 264)], INK, 1.4)
    cv.line(bezier((300, 268), (325, 278), (330, 255), (318, 250)), INK, 2.6)
    cv.text(210, 232, "z z", 13, GRAY)
    # one chair
    cv.rect(395, 120, 405, floor, fill=(170, 120, 80), outline=INK, width=1.4)
    cv.rect(395, 200, 455, 212, fill=(170, 120, 80), outline=INK, width=1.4)
    cv.rect(445, 212, 455, floor, fill=(170, 120, 80), outline=INK, width=1.4)
    # a ball next to the chair
    cv.circle(440, 300, 16, fill=(90, 150, 230), outline=INK, width=1.6)
    cv.arc(440, 300, 16, 200, 340, WHITE, 3)


def draw_stick_person(cv: Canvas, x: float, y: float, s: float = 1.0, color: Color = INK,
                      sitting: bool = False, hair: bool = False) -> dict[str, Point]:
    """A stick figure standing or sitting at (x, y) = hip; returns hand/foot points for props."""
    head = (x, y - 62 * s)
    cv.circle(head[0], head[1], 11 * s, fill=(255, 230, 205), outline=color, width=1.8)
    if hair:
        cv.arc(head[0], head[1], 12 * s, 180, 360, color, 4)
        cv.line([(head[0] + 10 * s, head[1] - 2), (head[0] + 16 * s, head[1] + 14 * s)], color, 3)
    neck = (x, y - 50 * s)
    cv.line([neck, (x, y)], color, 2.4)
    hands = ((x + 20 * s, y - 30 * s), (x + 24 * s, y - 26 * s))
    cv.line([(x, y - 42 * s), hands[0]], color, 2.2)
    cv.line([(x, y - 40 * s), hands[1]], color, 2.2)
    if sitting:
        feet = ((x + 30 * s, y + 18 * s), (x + 34 * s, y + 18 * s))
        cv.line([(x, y), (x + 26 * s, y), feet[0]], color, 2.2)
        cv.line([(x, y), (x + 30 * s, y + 2), feet[1]], color, 2.2)
    else:
        feet = ((x - 12 * s, y + 34 * s), (x + 12 * s, y + 34 * s))
        cv.line([(x, y), feet[0]], color, 2.2)
        cv.line([(x, y), feet[1]], color, 2.2)
    return {"hand": hands[0], "foot": feet[0]}


def draw_park_scene(cv: Canvas) -> None:
    """A park: a girl reading under a tree, a boy riding a bicycle, a dog running."""
    ground = 260
    cv.rect(0, 0, cv.w, ground, fill=(232, 244, 252), outline=None)
    cv.rect(0, ground, cv.w, cv.h, fill=(205, 235, 190), outline=None)
    cv.line([(0, ground), (cv.w, ground)], GREEN, 2)
    cv.circle(420, 50, 24, fill=(255, 225, 120), outline=ORANGE, width=1.6)
    # tree
    cv.rect(88, 140, 108, ground, fill=BROWN, outline=INK, width=1.6)
    for (dx, dy, r) in ((-30, -10, 40), (30, -10, 40), (0, -40, 45), (0, 10, 40)):
        cv.circle(98 + dx, 120 + dy, r, fill=(120, 190, 110), outline=GREEN, width=1.6)
    # girl sitting against the tree with an open book
    p = draw_stick_person(cv, 125, ground - 18, 0.95, INK, sitting=True, hair=True)
    hx, hy = p["hand"]
    cv.polygon([(hx - 2, hy - 4), (hx + 14, hy - 12), (hx + 14, hy + 6), (hx - 2, hy + 12)], fill=WHITE,
               outline=INK, width=1.4)
    cv.polygon([(hx - 2, hy - 4), (hx - 18, hy - 12), (hx - 18, hy + 6), (hx - 2, hy + 12)], fill=WHITE,
               outline=INK, width=1.4)
    # boy on a bicycle
    bx = 290
    for wx in (bx - 35, bx + 35):
        cv.circle(wx, ground - 22, 22, outline=INK, width=2.4)
        cv.dot(wx, ground - 22, 2.5)
    cv.line([(bx - 35, ground - 22), (bx - 5, ground - 50), (bx + 25, ground - 50), (bx + 35, ground - 22)], BLUE, 3)
    cv.line([(bx - 5, ground - 50), (bx, ground - 22), (bx - 35, ground - 22)], BLUE, 3)
    cv.line([(bx + 25, ground - 50), (bx + 22, ground - 62), (bx + 30, ground - 64)], INK, 2.4)
    q = draw_stick_person(cv, bx - 6, ground - 56, 0.8, INK)
    cv.line([q["hand"], (bx + 26, ground - 63)], INK, 2)
    # dog
    dx0 = 410
    cv.ellipse(dx0, ground - 30, 26, 12, fill=(200, 160, 110), outline=INK, width=1.6)
    cv.circle(dx0 + 30, ground - 44, 11, fill=(200, 160, 110), outline=INK, width=1.6)
    cv.ellipse(dx0 + 24, ground - 50, 4, 9, fill=(150, 110, 70), outline=INK, width=1.2)
    for lx, rx in ((-18, -28), (-8, 2), (12, 4), (20, 30)):
        cv.line([(dx0 + lx, ground - 22), (dx0 + rx, ground - 2)], INK, 2.4)
    cv.line([(dx0 - 26, ground - 34), (dx0 - 40, ground - 48)], INK, 2.4)


# --------------------------------------------------------------------------------------------------------
# Figure registry: items name their figures; the same name may be shared by several items
# --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FigureSpec:
    draw: Callable[..., None]
    params: tuple[tuple[str, object], ...]
    style: Style
    colors: int


FIGURES: dict[str, FigureSpec] = {}

# Charts and graphs lay themselves out from the canvas size, so they get slightly different canvases, as the
# figures of a real exam paper do; hand-placed drawings keep the 480×360 they were designed on.
DEFAULT_SIZES: dict[Callable[..., None], tuple[int, int]] = {
    draw_bar_chart: (500, 360), draw_line_chart: (500, 350), draw_histogram: (480, 340),
    draw_climate_graph: (460, 360), draw_xy_graph: (460, 350), draw_stem_leaf: (440, 290),
    draw_scatter: (480, 380), draw_pie_chart: (500, 340), draw_table: (480, 300),
}


def fig(name: str, draw: Callable[..., None], style: Style = Style(), colors: int = 64, **params: object) -> str:
    """Register a figure and return the item's relative image path.

    Registering the same name twice is allowed only with identical content, which is how a reworded
    duplicate reuses the very same picture.
    """
    if style == Style() and draw in DEFAULT_SIZES:
        style = Style(size=DEFAULT_SIZES[draw])
    spec = FigureSpec(draw, tuple(sorted(params.items())), style, colors)
    old = FIGURES.get(name)
    if old is not None and old != spec:
        raise ValueError(f"figure {name!r} registered twice with different content")
    FIGURES[name] = spec
    return f"figures/{name}.png"


def ref(name: str) -> str:
    """Path of a figure registered earlier (used by items that share a picture)."""
    if name not in FIGURES:
        raise KeyError(name)
    return f"figures/{name}.png"


def render_figure(spec: FigureSpec) -> Image.Image:
    cv = Canvas(spec.style)
    spec.draw(cv, **dict(spec.params))
    return cv.finish(spec.colors)


def write_figures(directory: Path) -> int:
    """Render every registered figure to PNG; stale PNGs from older runs are removed first."""
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.png"):
        old.unlink()
    for name, spec in sorted(FIGURES.items()):
        render_figure(spec).save(directory / f"{name}.png", optimize=True)
    return len(FIGURES)


# --------------------------------------------------------------------------------------------------------
# Items: a small writer per subject keeps each item to a few readable lines
# --------------------------------------------------------------------------------------------------------

@dataclass
class Draft:
    """An item before it has an id; ``dup`` names the planted near-duplicate group it belongs to."""

    subject: str
    grade: str
    unit: str
    standard: str
    difficulty: str
    type: str
    stem: str
    choices: list[str]
    answer: str
    explanation: str
    tags: list[str]
    images: list[str]
    passage: str = ""
    dup: str = ""


BOGI_CHOICES = ["ㄱ", "ㄷ", "ㄱ, ㄴ", "ㄴ, ㄷ", "ㄱ, ㄴ, ㄷ"]


class Writer:
    """Collects the items of one subject; the three methods are the three item types."""

    def __init__(self, subject: str) -> None:
        self.subject = subject
        self.items: list[Draft] = []

    def _add(self, kind: str, grade: str, unit: str, standard: str, difficulty: str, stem: str,
             choices: Sequence[str], answer: str, expl: str, tags: Sequence[str], images: Sequence[str],
             passage: str, dup: str) -> None:
        assert difficulty in ("상", "중", "하"), difficulty
        self.items.append(Draft(self.subject, grade, unit, standard, difficulty, kind, stem.strip(),
                                list(choices), answer, expl.strip(), list(tags), list(images),
                                passage.strip(), dup))

    def mc(self, grade: str, unit: str, standard: str, difficulty: str, *, stem: str, choices: Sequence[str],
           answer: int, expl: str, tags: Sequence[str], images: Sequence[str] = (), passage: str = "",
           dup: str = "") -> None:
        """객관식: five choices, answer is the 1-based number of the right one.

        Choices written as sentences or words have no natural order, so they are put in a seeded random order;
        this spreads the answer numbers the way a real paper does. Members of a planted group share the seed,
        so reworded twins keep the same answer number.
        """
        if len(choices) != 5 or not 1 <= answer <= 5:
            raise ValueError(f"bad multiple-choice item: {stem[:30]}")
        choices = list(choices)
        if free_order(choices, stem + expl):
            order = list(range(5))
            random.Random(f"{SEED}/{dup or stem}").shuffle(order)
            choices = [choices[i] for i in order]
            answer = order.index(answer - 1) + 1
        self._add("객관식", grade, unit, standard, difficulty, stem, choices, str(answer), expl, tags, images,
                  passage, dup)

    def short(self, grade: str, unit: str, standard: str, difficulty: str, *, stem: str, answer: str, expl: str,
              tags: Sequence[str], images: Sequence[str] = (), passage: str = "", dup: str = "") -> None:
        """단답형: a short written answer."""
        self._add("단답형", grade, unit, standard, difficulty, stem, [], answer, expl, tags, images, passage, dup)

    def essay(self, grade: str, unit: str, standard: str, difficulty: str, *, stem: str, answer: str, expl: str,
              tags: Sequence[str], images: Sequence[str] = (), passage: str = "", dup: str = "") -> None:
        """서술형: the answer is a model answer."""
        self._add("서술형", grade, unit, standard, difficulty, stem, [], answer, expl, tags, images, passage, dup)


def free_order(choices: Sequence[str], text: str) -> bool:
    """True for choices that may be listed in any order: Korean words/sentences or English phrases.

    Numbers, formulas, <보기> letter sets and A–E labels keep the ascending order exams use; so do items
    whose wording refers to a choice by its number.
    """
    if any(ch in text for ch in "①②③④⑤"):
        return False

    def wordy(c: str) -> bool:
        has_hangul = any("가" <= ch <= "힣" for ch in c)
        return has_hangul or len(c.split()) >= 3

    return all(wordy(c) for c in choices)


def bogi(*statements: str) -> str:
    """The <보기> box as it appears inside a stem."""
    labels = "ㄱㄴㄷㄹ"
    return "<보기>\n" + "\n".join(f"{labels[i]}. {s}" for i, s in enumerate(statements))


# Planted near-duplicate groups: key -> (kind, note). Items name their group with ``dup=key``.
DUP_GROUPS: dict[str, tuple[str, str]] = {
    "math-vertex": ("reworded", "이차함수 그래프의 꼭짓점 (같은 그림, 다른 발문)"),
    "math-root-sum": ("reworded", "근과 계수의 관계로 α²+β² 구하기"),
    "math-pythagoras": ("same_figure_different_numbers", "직각삼각형 빗변 (3·4 / 6·8 / 9·12)"),
    "math-inscribed": ("same_figure_redrawn", "원주각과 중심각 (다시 그린 그림)"),
    "math-similar": ("same_figure_different_numbers", "평행선과 닮음 (4·2·6 / 6·3·8)"),
    "math-bar-stats": ("same_figure_different_numbers", "막대그래프의 평균·중앙값·최빈값"),
    "sci-ohm-circuit": ("same_figure_different_numbers", "같은 회로, 저항 2 Ω / 3 Ω"),
    "sci-ohm-text": ("reworded", "니크롬선의 저항 구하기"),
    "sci-vt": ("same_figure_redrawn", "속도-시간 그래프 (다시 그린 그림)"),
    "sci-photo": ("reworded", "광합성에 대한 설명으로 옳지 않은 것"),
    "kor-poem-speaker": ("reworded", "시의 화자에 대한 설명"),
    "kor-nasal": ("reworded", "비음화가 일어나는 단어"),
    "soc-market": ("same_figure_different_numbers", "수요·공급 곡선의 균형 가격과 거래량"),
    "soc-pyramid": ("same_figure_redrawn", "저출산·고령화 인구 피라미드 (다시 그린 그림)"),
    "soc-secret-ballot": ("reworded", "비밀 선거의 원칙"),
    "soc-relativism": ("reworded", "문화 상대주의"),
    "eng-sleep-topic": ("reworded", "수면과 기억 지문의 주제"),
    "eng-survey-chart": ("same_figure_different_numbers", "통학 수단 도표 (다른 수치)"),
    "eng-notice-purpose": ("reworded", "수영장 임시 휴장 안내문의 목적"),
}


# --------------------------------------------------------------------------------------------------------
# Content: 수학
# --------------------------------------------------------------------------------------------------------

def math_items() -> list[Draft]:
    w = Writer("수학")

    # --- 이차함수 ---------------------------------------------------------------------------------------
    quad1 = fig("math_quad_graph_01", draw_function_graph, xr=(-1.5, 5), yr=(-2, 5),
                curves=[{"f": ("quad", 1, -4, 3), "label": "y=x²+bx+c", "at": (4.05, 1.2)}],
                xticks=[(1, "1"), (3, "3")], yticks=[(3, "3")], points=[(1, 0), (3, 0), (0, 3)])
    vertex_choices = ["(1, -2)", "(2, -1)", "(2, 1)", "(-2, -1)", "(3, -1)"]
    w.mc("중3", "이차함수", "[9수03-09]", "중",
         stem="그림은 이차함수 y=x²+bx+c의 그래프이다. 이 그래프의 꼭짓점의 좌표는? (단, b, c는 상수이다.)",
         choices=vertex_choices, answer=2,
         expl="그래프가 x축과 두 점 (1, 0), (3, 0)에서 만나므로 y=(x-1)(x-3)=x²-4x+3=(x-2)²-1이다. "
              "따라서 꼭짓점의 좌표는 (2, -1)이다.",
         tags=["이차함수", "꼭짓점", "x절편", "그래프 해석"], images=[quad1], dup="math-vertex")
    w.mc("중3", "이차함수", "[9수03-09]", "중",
         stem="다음 그림과 같이 x축과 x좌표가 1, 3인 두 점에서 만나고, y축과 y좌표가 3인 점에서 만나는 포물선이 있다. "
              "이 포물선을 그래프로 하는 이차함수 y=x²+bx+c의 꼭짓점의 좌표를 구하면? (단, b, c는 상수이다.)",
         choices=vertex_choices, answer=2,
         expl="두 x절편이 1, 3이므로 y=(x-1)(x-3)으로 놓을 수 있고, 이를 완전제곱식으로 고치면 y=(x-2)²-1이다. "
              "꼭짓점은 (2, -1)이다.",
         tags=["이차함수", "꼭짓점", "포물선", "완전제곱식"], images=[ref("math_quad_graph_01")], dup="math-vertex")

    quad2 = fig("math_quad_graph_02", draw_function_graph, xr=(-2.5, 4.5), yr=(-2.5, 5.5),
                curves=[{"f": ("quad", -1, 2, 3), "label": "y=-x²+2x+3", "at": (2.3, 4.6)}],
                xticks=[(-1, "-1"), (3, "3")], yticks=[(3, "3")], points=[(-1, 0), (3, 0), (0, 3)])
    w.mc("중3", "이차함수", "[9수03-09]", "중",
         stem="그림은 이차함수 y=-x²+2x+3의 그래프이다. 이 그래프에 대한 설명으로 옳지 않은 것은?",
         choices=["위로 볼록한 포물선이다.", "꼭짓점의 좌표는 (1, 4)이다.", "축의 방정식은 x=1이다.",
                  "x축과 만나는 두 점 사이의 거리는 4이다.", "y축과 만나는 점의 좌표는 (0, -3)이다."],
         answer=5,
         expl="y=-x²+2x+3=-(x-1)²+4이므로 꼭짓점은 (1, 4), 축은 x=1이고 x절편은 -1, 3이다. "
              "x=0을 대입하면 y=3이므로 y축과 만나는 점은 (0, 3)이다.",
         tags=["이차함수", "그래프의 성질", "축의 방정식", "y절편"], images=[quad2])

    w.mc("고1", "이차방정식과 이차함수", "[10수학02-07]", "중",
         stem="그림과 같이 이차함수 y=x²의 그래프와 직선 y=x+2가 두 점 A, B에서 만난다. 두 점 A, B의 x좌표의 합은?",
         choices=["-2", "-1", "0", "1", "2"], answer=4,
         expl="교점의 x좌표는 방정식 x²=x+2, 즉 x²-x-2=0의 두 근이다. 근과 계수의 관계에 의해 두 근의 합은 1이다.",
         tags=["이차함수와 직선", "교점", "근과 계수의 관계"],
         images=[fig("math_line_parabola_01", draw_function_graph, xr=(-3, 3.5), yr=(-1, 7.5),
                     curves=[{"f": ("quad", 1, 0, 0), "label": "y=x²", "at": (-2.62, 6.2), "anchor": "rm"},
                             {"f": ("line", 1, 2), "label": "y=x+2", "at": (2.9, 4.3), "color": RED}],
                     points=[(-1, 1, "A", -14, -10), (2, 4, "B", 14, -8)])])

    # --- 이차방정식 ---------------------------------------------------------------------------------------
    w.mc("고1", "이차방정식", "[10수학02-05]", "하",
         stem="이차방정식 x²-6x+k=0이 중근을 가질 때, 상수 k의 값은?",
         choices=["3", "6", "9", "12", "36"], answer=3,
         expl="중근을 가지려면 판별식 D=36-4k=0이어야 하므로 k=9이다.",
         tags=["판별식", "중근", "이차방정식"])
    w.short("고1", "이차방정식과 이차함수", "[10수학02-07]", "중",
            stem="이차함수 y=x²+4x+k의 그래프가 x축과 서로 다른 두 점에서 만나도록 하는 정수 k의 최댓값을 구하시오.",
            answer="3",
            expl="x²+4x+k=0의 판별식 D/4=4-k>0이어야 하므로 k<4이다. 따라서 정수 k의 최댓값은 3이다.",
            tags=["판별식", "이차함수와 x축", "교점의 개수"])
    root_choices = ["13", "16", "19", "22", "25"]
    w.mc("고1", "이차방정식", "[10수학02-06]", "중",
         stem="이차방정식 x²-5x+3=0의 두 근을 α, β라 할 때, α²+β²의 값은?",
         choices=root_choices, answer=3,
         expl="근과 계수의 관계에서 α+β=5, αβ=3이므로 α²+β²=(α+β)²-2αβ=25-6=19이다.",
         tags=["근과 계수의 관계", "이차방정식", "곱셈 공식의 변형"], dup="math-root-sum")
    w.mc("고1", "이차방정식", "[10수학02-06]", "중",
         stem="x에 대한 이차방정식 x²-5x+3=0의 두 근을 각각 α, β라고 하자. 이때 α²+β²의 값을 구하면?",
         choices=root_choices, answer=3,
         expl="두 근의 합은 5, 곱은 3이므로 α²+β²=(α+β)²-2αβ=5²-2×3=19이다.",
         tags=["근과 계수의 관계", "두 근의 제곱의 합"], dup="math-root-sum")
    w.short("고1", "이차방정식", "[10수학02-06]", "중",
            stem="이차방정식 2x²-6x+1=0의 두 근을 α, β라 할 때, 1/α+1/β의 값을 구하시오.",
            answer="6",
            expl="α+β=3, αβ=1/2이므로 1/α+1/β=(α+β)/(αβ)=3÷(1/2)=6이다.",
            tags=["근과 계수의 관계", "역수의 합"])
    w.essay("중3", "이차방정식", "[9수02-15]", "중",
            stem="이차방정식 x²+ax+b=0의 두 근이 2와 -5일 때, 상수 a, b의 값을 구하는 과정을 서술하시오.",
            answer="두 근이 2, -5인 이차방정식은 (x-2)(x+5)=0, 즉 x²+3x-10=0이다. 따라서 a=3, b=-10이다.",
            expl="x²의 계수가 1이고 두 근이 p, q인 이차방정식은 (x-p)(x-q)=0으로 쓸 수 있다. "
                 "전개하여 계수를 비교하면 a=3, b=-10이다.",
            tags=["이차방정식", "두 근이 주어진 방정식", "계수 비교"])

    # --- 일차함수와 연립방정식 -------------------------------------------------------------------------
    w.mc("중2", "일차함수와 그래프", "[9수03-05]", "하",
         stem="그림과 같은 일차함수의 그래프의 기울기는?",
         choices=["-3", "-2", "-1/2", "1/2", "2"], answer=2,
         expl="그래프가 두 점 (1, 0), (0, 2)를 지나므로 기울기는 (2-0)/(0-1)=-2이다.",
         tags=["일차함수", "기울기", "x절편", "y절편"],
         images=[fig("math_linear_graph_01", draw_function_graph, xr=(-1.5, 3), yr=(-2.5, 4),
                     curves=[{"f": ("line", -2, 2)}], xticks=[(1, "1")], yticks=[(2, "2")],
                     points=[(1, 0), (0, 2)])])
    w.mc("중2", "일차함수와 일차방정식의 관계", "[9수03-07]", "상",
         stem="그림은 두 일차함수 y=x+1, y=-2x+4의 그래프이다. 두 그래프의 교점을 P라 할 때, "
              "점 P와 두 그래프의 y절편을 나타내는 두 점을 꼭짓점으로 하는 삼각형의 넓이는?",
         choices=["1", "3/2", "2", "5/2", "3"], answer=2,
         expl="x+1=-2x+4에서 x=1이므로 P(1, 2)이다. 밑변은 y축 위의 두 점 (0, 1), (0, 4) 사이의 길이 3, "
              "높이는 점 P의 x좌표 1이므로 넓이는 1/2×3×1=3/2이다.",
         tags=["일차함수", "교점", "삼각형의 넓이", "연립방정식"],
         images=[fig("math_linear_graph_02", draw_function_graph, xr=(-1.5, 3.5), yr=(-1.5, 5.5),
                     curves=[{"f": ("line", 1, 1), "label": "y=x+1", "at": (2.5, 2.7)},
                             {"f": ("line", -2, 4), "label": "y=-2x+4", "at": (1.45, -0.6), "anchor": "rm",
                              "color": RED}],
                     shade=[[(0, 1), (0, 4), (1, 2)]], yticks=[(1, "1"), (4, "4")],
                     points=[(1, 2, "P", 14, -10), (0, 1), (0, 4)])])
    w.mc("중2", "연립일차방정식", "[9수02-11]", "하",
         stem="연립방정식 2x+y=7, x-y=2의 해를 x=a, y=b라 할 때, a+b의 값은?",
         choices=["2", "3", "4", "5", "6"], answer=3,
         expl="두 식을 더하면 3x=9이므로 x=3이고, 이를 x-y=2에 대입하면 y=1이다. 따라서 a+b=4이다.",
         tags=["연립방정식", "가감법"])
    w.short("중2", "연립일차방정식", "[9수02-12]", "중",
            stem="한 자루에 500원인 연필과 한 자루에 800원인 볼펜을 합하여 10자루 사고 6200원을 냈다. "
                 "볼펜은 몇 자루 샀는지 구하시오.",
            answer="4자루",
            expl="연필을 x자루, 볼펜을 y자루라 하면 x+y=10, 500x+800y=6200이다. 연립하여 풀면 x=6, y=4이다.",
            tags=["연립방정식의 활용", "물건 값", "문장제"])
    w.mc("중2", "일차함수와 일차방정식의 관계", "[9수03-07]", "하",
         stem="그림은 연립방정식 x+y=5, x-y=1의 각 일차방정식의 그래프를 좌표평면 위에 나타낸 것이다. "
              "이 연립방정식의 해는?",
         choices=["x=2, y=3", "x=3, y=2", "x=1, y=4", "x=4, y=1", "x=5, y=0"], answer=2,
         expl="연립방정식의 해는 두 그래프의 교점의 좌표와 같다. 두 직선은 점 (3, 2)에서 만나므로 해는 x=3, y=2이다.",
         tags=["연립방정식", "그래프의 교점", "일차방정식의 그래프"],
         images=[fig("math_linear_graph_03", draw_function_graph, xr=(-1, 6), yr=(-2, 6), grid=True,
                     int_ticks=True, equal=True,
                     curves=[{"f": ("line", -1, 5), "label": "x+y=5", "at": (0.6, 5.0)},
                             {"f": ("line", 1, -1), "label": "x-y=1", "at": (4.7, 2.9), "color": RED}],
                     points=[(3, 2)])])

    # --- 다항식, 인수분해, 지수법칙 ---------------------------------------------------------------------
    w.mc("중3", "인수분해", "[9수02-14]", "하",
         stem="다항식 x²-x-12를 인수분해한 것은?",
         choices=["(x-3)(x+4)", "(x-4)(x+3)", "(x-6)(x+2)", "(x-2)(x+6)", "(x-12)(x+1)"], answer=2,
         expl="곱이 -12, 합이 -1인 두 수는 -4와 3이므로 x²-x-12=(x-4)(x+3)이다.",
         tags=["인수분해", "이차식"])
    w.mc("중3", "인수분해", "[9수02-14]", "중",
         stem="그림의 직사각형 조각을 모두 겹치지 않게 빈틈없이 이어 붙여 하나의 큰 직사각형을 만들려고 한다. "
              "이 직사각형의 둘레의 길이는?",
         choices=["2x+5", "4x+6", "4x+10", "4x+12", "6x+10"], answer=3,
         expl="조각의 넓이의 합은 x²+5x+6=(x+2)(x+3)이므로 가로, 세로의 길이가 x+2, x+3인 직사각형이 된다. "
              "둘레는 2{(x+2)+(x+3)}=4x+10이다.",
         tags=["인수분해", "도형의 넓이", "대수 막대"],
         images=[fig("math_algebra_tiles_01", draw_algebra_tiles, n_x=5, n_one=6)])
    w.mc("중2", "단항식의 계산", "[9수02-07]", "하",
         stem="(2x²y)³÷4x⁴y를 간단히 하면?",
         choices=["2x²y²", "2x²y³", "2x³y²", "6x²y²", "8x²y²"], answer=1,
         expl="(2x²y)³=8x⁶y³이고, 8x⁶y³÷4x⁴y=2x²y²이다.",
         tags=["지수법칙", "단항식의 나눗셈"])
    w.short("중2", "지수법칙", "[9수02-07]", "하",
            stem="2^(x+1)=32를 만족시키는 x의 값을 구하시오.",
            answer="4",
            expl="32=2⁵이므로 x+1=5, 즉 x=4이다.",
            tags=["지수법칙", "거듭제곱"])

    # --- 피타고라스 정리, 삼각비 ----------------------------------------------------------------------------
    for legs, sides, choices, note in (((3, 4), ("3", "4", "x"), ["√7", "5", "6", "7", "12"], "3²+4²=25=5²"),
                                       ((6, 8), ("6", "8", "x"), ["2√7", "10", "12", "14", "48"], "6²+8²=100=10²"),
                                       ((9, 12), ("9", "12", "x"), ["3√7", "13", "15", "17", "21"], "9²+12²=225=15²")):
        name = {3: "math_right_tri_01", 6: "math_right_tri_02", 9: "math_right_tri_03"}[legs[0]]
        w.mc("중2", "피타고라스 정리", "[9수04-16]", "하",
             stem="그림과 같이 ∠C=90°인 직각삼각형 ABC에서 x의 값은?",
             choices=choices, answer=2,
             expl=f"피타고라스 정리에 의해 x²={note}이고 x>0이므로 x={note.split('=')[-1].rstrip('²')}이다.",
             tags=["피타고라스 정리", "직각삼각형", "빗변의 길이"],
             images=[fig(name, draw_right_triangle, legs=(3, 4), sides=sides)], dup="math-pythagoras")
    w.mc("고1", "평면좌표", "[10수학03-01]", "하",
         stem="그림과 같이 좌표평면 위의 두 점 A(1, 2), B(4, 6) 사이의 거리는?",
         choices=["3", "4", "5", "6", "7"], answer=3,
         expl="AB=√((4-1)²+(6-2)²)=√(9+16)=5이다.",
         tags=["두 점 사이의 거리", "좌표평면", "피타고라스 정리"],
         images=[fig("math_coord_points_01", draw_function_graph, xr=(-1, 6), yr=(-1, 7), grid=True, int_ticks=True,
                     equal=True, segments=[((1, 2), (4, 6))], dashes=[((1, 2), (4, 2)), ((4, 2), (4, 6))],
                     points=[(1, 2, "A", -12, -12), (4, 6, "B", 14, -6)])])
    w.mc("중3", "삼각비", "[9수04-17]", "중",
         stem="그림과 같이 ∠B=90°인 직각삼각형 ABC에서 AB=8, BC=6일 때, sin A+cos A의 값은?",
         choices=["1", "6/5", "7/5", "8/5", "2"], answer=3,
         expl="AC=√(8²+6²)=10이다. sin A=BC/AC=3/5, cos A=AB/AC=4/5이므로 sin A+cos A=7/5이다.",
         tags=["삼각비", "사인", "코사인", "피타고라스 정리"],
         images=[fig("math_trig_tri_01", draw_right_triangle, legs=(8, 6), names=("A", "C", "B"),
                     sides=("8", "6", ""), angle_at="top", angle_label="")])
    w.short("중3", "삼각비의 활용", "[9수04-18]", "중",
            stem="그림과 같이 나무로부터 10 m 떨어진 지점에서 나무의 꼭대기를 올려다본 각의 크기가 30°이었다. "
                 "나무의 높이 h는 몇 m인지 구하시오. (단, 눈높이는 생각하지 않는다.)",
            answer="10√3/3 m",
            expl="h=10×tan 30°=10×(√3/3)=10√3/3 (m)이다.",
            tags=["삼각비의 활용", "탄젠트", "올려본각", "높이 구하기"],
            images=[fig("math_trig_tree_01", draw_elevation, angle=30, distance="10 m", height="h")])
    w.essay("중2", "피타고라스 정리", "[9수04-16]", "하",
            stem="그림과 같이 길이가 13 m인 사다리가 수직인 벽에 기대어 있다. 사다리의 아래쪽 끝이 벽에서 5 m 떨어져 "
                 "있을 때, 사다리의 위쪽 끝이 닿은 지점의 높이 h를 구하는 과정을 서술하시오.",
            answer="벽, 바닥, 사다리가 직각삼각형을 이루므로 h²+5²=13²이다. h²=169-25=144이고 h>0이므로 h=12 (m)이다.",
            expl="사다리가 빗변인 직각삼각형에서 피타고라스 정리를 이용한다.",
            tags=["피타고라스 정리의 활용", "사다리", "직각삼각형"],
            images=[fig("math_ladder_01", draw_ladder)])

    # --- 원의 성질 ----------------------------------------------------------------------------------------
    inscribed_stem = "그림과 같이 원 O에서 ∠AOB=100°일 때, ∠x의 크기는?"
    inscribed_kw = dict(choices=["40°", "45°", "50°", "55°", "100°"], answer=3,
                        expl="한 호에 대한 원주각의 크기는 그 호에 대한 중심각의 크기의 1/2이므로 ∠x=100°÷2=50°이다.",
                        tags=["원주각", "중심각", "원의 성질"])
    w.mc("중3", "원주각", "[9수04-20]", "하", stem=inscribed_stem, **inscribed_kw,
         images=[fig("math_inscribed_angle_01", draw_inscribed_angle)], dup="math-inscribed")
    w.mc("중3", "원주각", "[9수04-20]", "하", stem=inscribed_stem, **inscribed_kw,
         images=[fig("math_inscribed_angle_02", draw_inscribed_angle,
                     style=Style(size=(500, 370), zoom=1.06, shift=(12.0, -4.0), line=1.45))],
         dup="math-inscribed")
    w.mc("중3", "원주각", "[9수04-20]", "중",
         stem="그림에서 선분 AB는 원 O의 지름이고 ∠CAB=35°일 때, ∠x의 크기는?",
         choices=["35°", "45°", "55°", "65°", "90°"], answer=3,
         expl="지름에 대한 원주각은 90°이므로 ∠ACB=90°이다. 삼각형 ABC에서 ∠x=180°-(90°+35°)=55°이다.",
         tags=["원주각", "지름", "반원에 대한 원주각"],
         images=[fig("math_circle_diameter_01", draw_circle_diameter)])

    # --- 닮음 ---------------------------------------------------------------------------------------------
    w.mc("중2", "평행선과 선분의 길이의 비", "[9수04-14]", "중",
         stem="그림의 삼각형 ABC에서 DE∥BC일 때, x의 값은?",
         choices=["7", "8", "9", "10", "12"], answer=3,
         expl="△ADE∽△ABC이므로 AD:AB=DE:BC, 즉 4:6=6:x이다. 따라서 x=9이다.",
         tags=["닮음", "평행선과 선분의 비", "삼각형"],
         images=[fig("math_similar_tri_01", draw_similar_triangles, ad="4", db="2", de="6")], dup="math-similar")
    w.mc("중2", "평행선과 선분의 길이의 비", "[9수04-14]", "중",
         stem="그림의 삼각형 ABC에서 DE∥BC일 때, x의 값은?",
         choices=["9", "10", "12", "14", "16"], answer=3,
         expl="△ADE∽△ABC이므로 AD:AB=DE:BC, 즉 6:9=8:x이다. 따라서 x=12이다.",
         tags=["닮음", "평행선과 선분의 비", "삼각형"],
         images=[fig("math_similar_tri_02", draw_similar_triangles, ad="6", db="3", de="8")], dup="math-similar")

    # --- 좌표평면, 정비례·반비례, 평행선 -------------------------------------------------------------------
    w.mc("중1", "좌표평면과 그래프", "[9수03-01]", "하",
         stem="그림의 좌표평면 위의 점 A, B, C, D, E 중에서 제3사분면 위의 점은?",
         choices=["A", "B", "C", "D", "E"], answer=3,
         expl="제3사분면은 x좌표와 y좌표가 모두 음수인 영역이다. C(-2, -2)가 제3사분면 위의 점이다.",
         tags=["좌표평면", "사분면", "점의 좌표"],
         images=[fig("math_coord_quadrant_01", draw_function_graph, xr=(-4.5, 4.5), yr=(-3.5, 4.5), grid=True,
                     int_ticks=True, equal=True,
                     points=[(2, 3, "A"), (-3, 1, "B"), (-2, -2, "C"), (3, -1, "D"), (0, 2, "E", 14, -10)])])
    w.short("중1", "정비례와 반비례", "[9수03-03]", "하",
            stem="그림은 반비례 관계 y=a/x (x≠0)의 그래프이다. 이 그래프가 점 (2, 3)을 지날 때, 상수 a의 값을 구하시오.",
            answer="6",
            expl="y=a/x에 x=2, y=3을 대입하면 3=a/2이므로 a=6이다.",
            tags=["반비례", "그래프", "쌍곡선"],
            images=[fig("math_inverse_graph_01", draw_function_graph, xr=(-7, 7), yr=(-7, 7), equal=True,
                        curves=[{"f": ("inv", 6)}], guides=[(2, 3)], xticks=[(2, "2")], yticks=[(3, "3")],
                        points=[(2, 3)])])
    w.mc("중1", "평행선의 성질", "[9수04-05]", "하",
         stem="그림에서 두 직선 l, m이 평행할 때, ∠x의 크기는?",
         choices=["25°", "65°", "105°", "115°", "125°"], answer=4,
         expl="평행선에서 동위각의 크기는 같으므로 직선 m과 만나는 곳에도 65°인 각이 생긴다. "
              "∠x는 이 각과 한 직선을 이루므로 180°-65°=115°이다.",
         tags=["평행선", "동위각", "엇각", "맞꼭지각"],
         images=[fig("math_parallel_angles_01", draw_parallel_angles)])

    # --- 확률과 경우의 수 --------------------------------------------------------------------------------
    w.mc("중2", "확률", "[9수05-05]", "하",
         stem="그림과 같이 서로 다른 두 개의 주사위 A, B를 동시에 던질 때, 나오는 두 눈의 수의 합이 7일 확률은?",
         choices=["1/12", "1/9", "5/36", "1/6", "7/36"], answer=4,
         expl="모든 경우의 수는 36이고, 합이 7인 경우는 (1,6), (2,5), (3,4), (4,3), (5,2), (6,1)의 6가지이다. "
              "따라서 확률은 6/36=1/6이다.",
         tags=["확률", "주사위", "경우의 수"],
         images=[fig("math_dice_01", draw_dice)])
    w.mc("중2", "확률", "[9수05-05]", "하",
         stem="그림과 같이 8등분된 원판을 돌려 원판이 멈추었을 때 바늘이 가리키는 수를 읽는다. "
              "3의 배수를 가리킬 확률은? (단, 바늘이 경계선을 가리키는 경우는 생각하지 않는다.)",
         choices=["1/8", "1/4", "3/8", "1/2", "5/8"], answer=2,
         expl="1부터 8까지의 수 중 3의 배수는 3, 6의 2개이므로 확률은 2/8=1/4이다.",
         tags=["확률", "원판", "배수"],
         images=[fig("math_spinner_01", draw_spinner)])
    w.mc("중2", "확률", "[9수05-06]", "중",
         stem="그림은 동전 한 개를 세 번 던질 때 나올 수 있는 모든 경우를 수형도로 나타낸 것이다. "
              "앞면이 2번 이상 나올 확률은?",
         choices=["1/8", "1/4", "3/8", "1/2", "7/8"], answer=4,
         expl="모든 경우는 8가지이고, 앞면이 2번 나오는 경우 3가지와 3번 나오는 경우 1가지를 더하면 4가지이다. "
              "따라서 확률은 4/8=1/2이다.",
         tags=["확률", "수형도", "동전 던지기"],
         images=[fig("math_tree_coin_01", draw_coin_tree)])
    w.mc("중2", "경우의 수", "[9수05-04]", "중",
         stem="A, B, C, D 네 명을 한 줄로 세울 때, A와 B가 이웃하여 서는 경우의 수는?",
         choices=["6", "8", "12", "18", "24"], answer=3,
         expl="A와 B를 한 묶음으로 보면 세 묶음을 한 줄로 세우는 경우 3!=6가지이고, 묶음 안에서 A, B가 자리를 바꾸는 "
              "경우가 2가지이므로 6×2=12이다.",
         tags=["경우의 수", "한 줄로 세우기", "이웃하는 경우"])
    w.short("중2", "경우의 수", "[9수05-04]", "중",
            stem="0, 1, 2, 3의 숫자가 각각 하나씩 적힌 4장의 카드 중에서 2장을 뽑아 만들 수 있는 두 자리 자연수의 개수를 구하시오.",
            answer="9",
            expl="십의 자리에는 0을 제외한 3가지, 일의 자리에는 십의 자리에 쓴 숫자를 제외한 3가지가 올 수 있으므로 3×3=9이다.",
            tags=["경우의 수", "자연수 만들기", "카드"])
    w.mc("고1", "경우의 수", "[10수학06-01]", "중",
         stem="그림과 같은 모양의 길이 있다. A 지점에서 출발하여 B 지점까지 최단 거리로 가는 방법의 수는?",
         choices=["6", "8", "10", "12", "15"], answer=3,
         expl="오른쪽으로 3번, 위쪽으로 2번 움직여야 하므로 5번의 이동 중 위쪽으로 가는 2번을 고르는 방법의 수와 같다. "
              "5C2=10이다.",
         tags=["최단 경로", "경우의 수", "조합"],
         images=[fig("math_road_grid_01", draw_road_grid, cols=3, rows=2)])

    # --- 통계 ---------------------------------------------------------------------------------------------
    for name, counts, mean, total, choices in (("math_bar_chart_01", [3, 5, 7, 3, 2], "2.8", "8.8",
                                                 ["8.2", "8.5", "8.8", "9", "9.2"]),
                                                ("math_bar_chart_02", [2, 4, 6, 5, 3], "3.15", "9.15",
                                                 ["8.65", "8.9", "9.15", "9.4", "9.65"])):
        w.mc("중3", "대푯값", "[9수05-07]", "상",
             stem="그림은 어느 반 학생 20명이 한 달 동안 읽은 책의 수를 조사하여 나타낸 막대그래프이다. "
                  "이 자료의 평균을 a권, 중앙값을 b권, 최빈값을 c권이라 할 때, a+b+c의 값은?",
             choices=choices, answer=3,
             expl=f"평균은 (책 수×학생 수)의 합을 20으로 나눈 {mean}권이다. 10번째와 11번째 값이 모두 3권이므로 "
                  f"중앙값은 3권, 가장 많은 학생이 읽은 3권이 최빈값이다. 따라서 a+b+c={total}이다.",
             tags=["대푯값", "평균", "중앙값", "최빈값", "막대그래프"],
             images=[fig(name, draw_bar_chart, categories=["1", "2", "3", "4", "5"],
                         series=[("", counts, LBLUE)], ymax=8, ystep=1, ylabel="(명)", xlabel="(권)")],
             dup="math-bar-stats")
    w.mc("중1", "자료의 정리와 해석", "[9수05-02]", "하",
         stem="그림은 어느 반 학생들의 수학 점수를 조사하여 나타낸 히스토그램이다. "
              "점수가 80점 이상인 학생은 전체의 몇 %인가?",
         choices=["24 %", "32 %", "36 %", "40 %", "44 %"], answer=4,
         expl="전체 학생은 2+5+8+6+4=25명이고, 80점 이상인 학생은 6+4=10명이다. 10/25×100=40(%)이다.",
         tags=["히스토그램", "도수분포", "백분율"],
         images=[fig("math_histogram_01", draw_histogram, edges=[50, 60, 70, 80, 90, 100], freqs=[2, 5, 8, 6, 4],
                     ymax=9)])
    w.mc("중1", "자료의 정리와 해석", "[9수05-01]", "하",
         stem="그림은 어느 반 학생들의 1분 동안의 윗몸 일으키기 기록을 조사하여 나타낸 줄기와 잎 그림이다. "
              "기록이 25회 이상인 학생 수는?",
         choices=["5", "6", "7", "8", "9"], answer=3,
         expl="25회 이상인 기록은 27, 29, 31, 34, 36, 42, 45회로 모두 7명이다.",
         tags=["줄기와 잎 그림", "자료의 정리"],
         images=[fig("math_stem_leaf_01", draw_stem_leaf, data={1: [2, 5, 8], 2: [0, 3, 3, 7, 9], 3: [1, 4, 6],
                                                               4: [2, 5]},
                     note="(1|2는 12회)")])
    w.mc("중3", "산포도", "[9수05-08]", "중",
         stem="다음 자료의 분산은?\n4, 6, 8, 10, 12",
         choices=["4", "6", "8", "10", "40"], answer=3,
         expl="평균은 8이고 편차는 -4, -2, 0, 2, 4이다. 편차 제곱의 합이 40이므로 분산은 40÷5=8이다.",
         tags=["분산", "산포도", "편차"])
    w.mc("중3", "상관관계", "[9수05-09]", "하",
         stem="그림은 어느 반 학생 12명의 키와 몸무게를 조사하여 나타낸 산점도이다. 키와 몸무게 사이의 상관관계로 옳은 것은?",
         choices=["강한 음의 상관관계", "약한 음의 상관관계", "상관관계가 없다.", "양의 상관관계", "알 수 없다."], answer=4,
         expl="키가 클수록 몸무게도 대체로 증가하는 경향을 보이므로 양의 상관관계가 있다.",
         tags=["산점도", "상관관계", "양의 상관관계"],
         images=[fig("math_scatter_01", draw_scatter,
                     pts=[(152, 44), (155, 47), (158, 46), (160, 52), (162, 50), (164, 55), (166, 53), (168, 58),
                          (170, 57), (172, 62), (175, 63), (178, 68)],
                     xr=(150, 180), yr=(40, 70), xstep=5, ystep=5, xlabel="키(cm)", ylabel="몸무게(kg)")])

    # --- 도형의 방정식, 고2 -----------------------------------------------------------------------------
    w.mc("고1", "원의 방정식", "[10수학03-04]", "하",
         stem="그림과 같이 중심이 점 (2, 1)이고 점 (5, 1)을 지나는 원의 방정식은?",
         choices=["(x-2)²+(y-1)²=3", "(x-2)²+(y-1)²=9", "(x+2)²+(y+1)²=9", "(x-1)²+(y-2)²=9",
                  "(x-5)²+(y-1)²=9"], answer=2,
         expl="반지름의 길이는 두 점 (2, 1), (5, 1) 사이의 거리 3이므로 원의 방정식은 (x-2)²+(y-1)²=9이다.",
         tags=["원의 방정식", "중심", "반지름"],
         images=[fig("math_circle_coord_01", draw_function_graph, xr=(-2, 6.5), yr=(-3, 5), equal=True, grid=True,
                     circles=[(2, 1, 3)], points=[(2, 1, "(2, 1)", 2, -14), (5, 1, "(5, 1)", 26, -12)])])
    w.short("고1", "직선의 방정식", "[10수학03-03]", "하",
            stem="두 점 (1, 3), (3, 7)을 지나는 직선의 y절편을 구하시오.",
            answer="1",
            expl="기울기는 (7-3)/(3-1)=2이므로 y=2x+b에 (1, 3)을 대입하면 b=1이다.",
            tags=["직선의 방정식", "기울기", "y절편"])
    w.mc("고2", "지수함수", "[12수학Ⅰ01-06]", "중",
         stem="그림과 같이 함수 y=2ˣ의 그래프 위의 두 점 A, B의 x좌표가 각각 1, 3일 때, 직선 AB의 기울기는?",
         choices=["2", "3", "4", "5", "6"], answer=2,
         expl="A(1, 2), B(3, 8)이므로 직선 AB의 기울기는 (8-2)/(3-1)=3이다.",
         tags=["지수함수", "그래프", "기울기"],
         images=[fig("math_exp_graph_01", draw_function_graph, xr=(-2.5, 4), yr=(-1, 10),
                     curves=[{"f": ("exp", 2), "label": "y=2^x", "at": (3.05, 9.6), "anchor": "rm"}],
                     segments=[((1, 2), (3, 8))], guides=[(1, 2), (3, 8)], xticks=[(1, "1"), (3, "3")],
                     points=[(1, 2, "A", -14, -8), (3, 8, "B", 14, 4)])])
    w.mc("고2", "삼각함수", "[12수학Ⅰ02-02]", "중",
         stem="θ가 제2사분면의 각이고 sin θ=3/5일 때, tan θ의 값은?",
         choices=["-4/3", "-3/4", "3/5", "3/4", "4/3"], answer=2,
         expl="sin²θ+cos²θ=1에서 cos²θ=16/25이고, 제2사분면에서 cos θ<0이므로 cos θ=-4/5이다. "
              "따라서 tan θ=sin θ/cos θ=-3/4이다.",
         tags=["삼각함수", "삼각함수 사이의 관계", "사분면"])
    w.short("고2", "등차수열", "[12수학Ⅰ03-02]", "하",
            stem="등차수열 {aₙ}에서 a₃=7, a₇=19일 때, a₁₀의 값을 구하시오.",
            answer="28",
            expl="공차를 d라 하면 a₇-a₃=4d=12이므로 d=3, a₁=1이다. 따라서 a₁₀=1+9×3=28이다.",
            tags=["등차수열", "공차", "일반항"])
    return w.items


# --------------------------------------------------------------------------------------------------------
# Content: 과학
# --------------------------------------------------------------------------------------------------------

def science_items() -> list[Draft]:
    w = Writer("과학")

    # --- 전기: 옴의 법칙, 회로 ---------------------------------------------------------------------------
    w.mc("중2", "전기와 자기", "[9과09-03]", "하",
         stem="그림과 같이 전압이 6 V인 전지에 2 Ω인 저항과 전류계를 연결하였다. 전류계에 측정되는 전류의 세기는? "
              "(단, 전지의 내부 저항과 전선의 저항은 무시한다.)",
         choices=["0.3 A", "1 A", "2 A", "3 A", "12 A"], answer=4,
         expl="옴의 법칙 I=V/R에 의해 I=6 V÷2 Ω=3 A이다.",
         tags=["옴의 법칙", "전류", "전압", "저항", "전기 회로"],
         images=[fig("sci_circuit_series_01", draw_series_circuit, battery="6 V", resistors=["2 Ω"])],
         dup="sci-ohm-circuit")
    w.mc("중2", "전기와 자기", "[9과09-03]", "하",
         stem="그림과 같이 전압이 6 V인 전지에 3 Ω인 저항과 전류계를 연결하였다. 전류계에 측정되는 전류의 세기는? "
              "(단, 전지의 내부 저항과 전선의 저항은 무시한다.)",
         choices=["0.5 A", "1 A", "2 A", "3 A", "18 A"], answer=3,
         expl="옴의 법칙 I=V/R에 의해 I=6 V÷3 Ω=2 A이다.",
         tags=["옴의 법칙", "전류", "전압", "저항", "전기 회로"],
         images=[fig("sci_circuit_series_02", draw_series_circuit, battery="6 V", resistors=["3 Ω"])],
         dup="sci-ohm-circuit")
    w.short("중2", "전기와 자기", "[9과09-03]", "하",
            stem="어떤 니크롬선의 양 끝에 12 V의 전압을 걸었더니 0.4 A의 전류가 흘렀다. 이 니크롬선의 저항은 몇 Ω인지 구하시오.",
            answer="30 Ω",
            expl="R=V/I=12 V÷0.4 A=30 Ω이다.",
            tags=["옴의 법칙", "저항", "니크롬선"], dup="sci-ohm-text")
    w.short("중2", "전기와 자기", "[9과09-03]", "하",
            stem="저항값을 모르는 니크롬선에 12 V의 전압을 걸어 주었더니 전류계의 눈금이 0.4 A를 가리켰다. "
                 "이 니크롬선의 저항값을 구하시오.",
            answer="30 Ω",
            expl="옴의 법칙에 따라 저항은 전압을 전류로 나눈 값이므로 12÷0.4=30 Ω이다.",
            tags=["옴의 법칙", "저항", "전류계"], dup="sci-ohm-text")
    w.mc("중2", "전기와 자기", "[9과09-04]", "중",
         stem="그림과 같이 2 Ω과 4 Ω인 저항을 12 V의 전지에 직렬로 연결하였다. 4 Ω인 저항에 걸리는 전압은?",
         choices=["2 V", "4 V", "6 V", "8 V", "12 V"], answer=4,
         expl="전체 저항은 6 Ω이므로 회로에 흐르는 전류는 12÷6=2 A이다. 4 Ω에 걸리는 전압은 2 A×4 Ω=8 V이다.",
         tags=["직렬 연결", "전압 분배", "옴의 법칙"],
         images=[fig("sci_circuit_series_03", draw_series_circuit, battery="12 V", resistors=["2 Ω", "4 Ω"])])
    w.mc("중2", "전기와 자기", "[9과09-04]", "상",
         stem="그림과 같이 전압이 6 V인 전지에 3 Ω, 6 Ω인 저항을 병렬로 연결하였다. 이에 대한 설명으로 옳은 것만을 "
              "<보기>에서 있는 대로 고른 것은?\n\n"
              + bogi("3 Ω인 저항에 흐르는 전류는 2 A이다.", "두 저항에 걸리는 전압은 서로 같다.",
                     "전류계에 측정되는 전류의 세기는 1 A이다."),
         choices=BOGI_CHOICES, answer=3,
         expl="병렬연결에서는 각 저항에 6 V가 똑같이 걸리므로 3 Ω에는 2 A, 6 Ω에는 1 A가 흐른다. "
              "전류계는 전체 전류 3 A를 측정한다.",
         tags=["병렬 연결", "옴의 법칙", "전류의 분배", "보기"],
         images=[fig("sci_circuit_parallel_01", draw_parallel_circuit)])
    w.mc("중2", "전기와 자기", "[9과09-02]", "하",
         stem="그림은 전지, 스위치, 전구, 전류계, 전압계를 연결한 회로이다. 이에 대한 설명으로 옳은 것은?",
         choices=["전류계는 전구와 병렬로 연결되어 있다.", "전압계는 전구와 병렬로 연결되어 있다.",
                  "스위치를 열어도 전구에 불이 켜진다.", "전류는 전지의 (-)극에서 나와 (+)극으로 들어간다.",
                  "전압계는 회로에 흐르는 전류의 세기를 측정한다."], answer=2,
         expl="전압계는 측정하려는 부분에 병렬로, 전류계는 직렬로 연결한다. 전류는 전지의 (+)극에서 나와 (-)극으로 흐른다.",
         tags=["전기 회로", "전류계", "전압계", "직렬과 병렬"],
         images=[fig("sci_circuit_bulb_01", draw_bulb_circuit)])
    w.mc("중2", "전기와 자기", "[9과09-05]", "중",
         stem="그림과 같이 수평한 종이 면을 수직으로 뚫고 지나가는 직선 도선에 위쪽으로 전류가 흐르고 있다. "
              "종이 면 위에서 내려다볼 때, 도선 주위에 생기는 자기장의 방향으로 옳은 것은?",
         choices=["시계 방향", "시계 반대 방향", "도선과 나란한 위쪽", "도선과 나란한 아래쪽", "자기장이 생기지 않는다."],
         answer=2,
         expl="오른손 엄지손가락을 전류 방향(위쪽)으로 향하게 하고 도선을 감아쥐면 네 손가락이 도는 방향이 자기장의 방향이다. "
              "위에서 내려다보면 시계 반대 방향이다.",
         tags=["자기장", "전류의 자기 작용", "오른손 법칙", "직선 도선"],
         images=[fig("sci_wire_field_01", draw_wire_field)])
    w.mc("중2", "전기와 자기", "[9과09-05]", "하",
         stem="그림은 막대자석 주위의 자기력선을 나타낸 것이다. 이에 대한 설명으로 옳은 것은?",
         choices=["자기력선은 S극에서 나와 N극으로 들어간다.", "자기력선이 촘촘한 곳일수록 자기장이 세다.",
                  "자기력선은 서로 교차할 수 있다.", "자석의 가운데 부분에서 자기장이 가장 세다.",
                  "나침반 자침의 N극은 자기력선의 방향과 반대쪽을 가리킨다."], answer=2,
         expl="자기력선은 N극에서 나와 S극으로 들어가며 서로 교차하지 않는다. 자기력선의 간격이 좁을수록 자기장이 세다.",
         tags=["자기력선", "막대자석", "자기장의 세기"],
         images=[fig("sci_bar_magnet_01", draw_bar_magnet)])

    # --- 운동과 에너지 ------------------------------------------------------------------------------------
    w.short("중3", "운동과 에너지", "[9과19-01]", "하",
            stem="어떤 자동차가 2시간 동안 180 km를 이동하였다. 이 자동차의 평균 속력은 몇 km/h인지 구하시오.",
            answer="90 km/h",
            expl="평균 속력=이동 거리÷걸린 시간=180 km÷2 h=90 km/h이다.",
            tags=["속력", "평균 속력", "이동 거리"])
    w.mc("중3", "운동과 에너지", "[9과19-01]", "하",
         stem="그림은 직선 위를 운동하는 물체의 시간에 따른 이동 거리를 나타낸 것이다. 이 물체의 속력은?",
         choices=["2 m/s", "4 m/s", "5 m/s", "10 m/s", "20 m/s"], answer=2,
         expl="그래프의 기울기가 속력이다. 5초 동안 20 m를 이동하였으므로 속력은 20÷5=4 m/s이다.",
         tags=["등속 운동", "거리-시간 그래프", "속력"],
         images=[fig("sci_st_graph_01", draw_xy_graph, xr=(0, 7), yr=(0, 28),
                     series=[{"pts": [(0, 0), (6.5, 26)]}], xlabel="시간(s)", ylabel="이동 거리(m)",
                     xticks=[(5, "5")], yticks=[(20, "20")], guides=[(5, 20)])])
    vt_stem = ("그림은 직선 도로를 달리는 자동차의 속도를 시간에 따라 나타낸 것이다. 이에 대한 설명으로 옳은 것만을 "
               "<보기>에서 있는 대로 고른 것은?\n\n"
               + bogi("0~5초 동안 가속도의 크기는 2 m/s²이다.", "5~10초 동안 자동차에 작용하는 알짜힘은 0이다.",
                      "0~10초 동안 자동차가 이동한 거리는 100 m이다."))
    vt_kw = dict(choices=BOGI_CHOICES, answer=3,
                 expl="0~5초 동안 가속도는 10÷5=2 m/s²이고, 5~10초 동안은 등속 운동이므로 알짜힘이 0이다. "
                      "이동 거리는 그래프 아랫부분의 넓이인 25+50=75 m이다.",
                 tags=["속도-시간 그래프", "가속도", "알짜힘", "이동 거리", "보기"])
    vt_params = dict(xr=(0, 12), yr=(0, 14), series=[{"pts": [(0, 0), (5, 10), (10, 10)]}], xlabel="시간(s)",
                     ylabel="속도(m/s)", xticks=[(5, "5"), (10, "10")], yticks=[(10, "10")],
                     guides=[(5, 10), (10, 10)])
    w.mc("고2", "힘과 운동", "[12물리Ⅰ01-02]", "상", stem=vt_stem, **vt_kw,
         images=[fig("sci_vt_graph_01", draw_xy_graph, **vt_params)], dup="sci-vt")
    w.mc("고2", "힘과 운동", "[12물리Ⅰ01-02]", "상", stem=vt_stem, **vt_kw,
         images=[fig("sci_vt_graph_02", draw_xy_graph, style=Style(size=(470, 352), zoom=0.96, shift=(-8.0, 6.0),
                                                                   line=1.4), **vt_params)], dup="sci-vt")
    w.mc("고2", "힘과 운동", "[12물리Ⅰ01-03]", "중",
         stem="그림과 같이 마찰이 없는 수평면에 놓인 질량 2 kg인 물체에 크기가 10 N, 4 N인 두 힘이 서로 반대 방향으로 "
              "작용하고 있다. 물체의 가속도의 크기는?",
         choices=["2 m/s²", "3 m/s²", "5 m/s²", "7 m/s²", "12 m/s²"], answer=2,
         expl="알짜힘은 10 N-4 N=6 N이고, 뉴턴 운동 제2법칙 F=ma에서 a=6÷2=3 m/s²이다.",
         tags=["뉴턴 운동 법칙", "가속도의 법칙", "알짜힘"],
         images=[fig("sci_force_block_01", draw_force_block)])
    w.mc("고2", "힘과 운동", "[12물리Ⅰ01-04]", "하",
         stem="작용과 반작용에 대한 설명으로 옳은 것만을 <보기>에서 있는 대로 고른 것은?\n\n"
              + bogi("두 힘은 크기가 같고 방향이 반대이다.", "두 힘은 같은 물체에 작용하여 서로 상쇄된다.",
                     "로켓이 가스를 뒤로 내뿜으며 앞으로 나아가는 것은 작용 반작용의 예이다."),
         choices=["ㄱ", "ㄴ", "ㄱ, ㄷ", "ㄴ, ㄷ", "ㄱ, ㄴ, ㄷ"], answer=3,
         expl="작용과 반작용은 크기가 같고 방향이 반대이지만 서로 다른 물체에 작용하므로 상쇄되지 않는다. "
              "로켓의 추진은 작용 반작용의 대표적인 예이다.",
         tags=["작용 반작용", "뉴턴 운동 제3법칙", "보기"])
    w.short("중3", "운동과 에너지", "[9과19-03]", "하",
            stem="질량이 2 kg인 물체를 일정한 속력으로 5 m 높이까지 들어 올릴 때 한 일의 양을 구하시오. "
                 "(단, 중력 가속도는 10 m/s²이다.)",
            answer="100 J",
            expl="들어 올리는 힘은 물체의 무게 20 N과 같으므로 한 일은 20 N×5 m=100 J이다.",
            tags=["일", "중력에 대한 일", "위치 에너지"])
    w.mc("중3", "운동과 에너지", "[9과19-04]", "중",
         stem="그림과 같이 질량이 1 kg인 공을 지면으로부터 높이가 10 m인 A 지점에서 가만히 놓았다. 공이 높이가 5 m인 "
              "B 지점을 지날 때의 운동 에너지는? (단, 중력 가속도는 10 m/s²이고, 공기 저항은 무시한다.)",
         choices=["25 J", "50 J", "75 J", "100 J", "150 J"], answer=2,
         expl="역학적 에너지가 보존되므로 줄어든 위치 에너지만큼 운동 에너지가 된다. 1×10×(10-5)=50 J이다.",
         tags=["역학적 에너지 보존", "위치 에너지", "운동 에너지", "자유 낙하"],
         images=[fig("sci_free_fall_01", draw_free_fall)])
    w.mc("중2", "열과 우리 생활", "[9과15-02]", "하",
         stem="그림은 온도가 다른 두 물체 A, B를 접촉시켰을 때 시간에 따른 온도 변화를 나타낸 것이다. "
              "이에 대한 설명으로 옳은 것은? (단, 열은 A와 B 사이에서만 이동한다.)",
         choices=["A는 열을 얻었다.", "열은 B에서 A로 이동하였다.", "시간이 충분히 지나면 두 물체의 온도가 같아진다.",
                  "B를 이루는 입자의 운동은 점점 둔해진다.", "열평형 상태의 온도는 60 °C이다."], answer=3,
         expl="열은 온도가 높은 A에서 낮은 B로 이동하여 두 물체의 온도가 40 °C로 같아진다(열평형). "
              "B는 열을 얻으므로 입자 운동이 활발해진다.",
         tags=["열평형", "열의 이동", "온도 변화 그래프"],
         images=[fig("sci_thermal_eq_01", draw_xy_graph, xr=(0, 12), yr=(0, 95),
                     series=[{"pts": [(t / 4, 40 + 40 * math.exp(-t / 8)) for t in range(0, 45)], "color": RED,
                              "label": "A", "at": (0.9, 78)},
                             {"pts": [(t / 4, 40 - 30 * math.exp(-t / 8)) for t in range(0, 45)], "color": BLUE,
                              "label": "B", "at": (0.9, 12)}],
                     xlabel="시간(분)", ylabel="온도(°C)", yticks=[(10, "10"), (40, "40"), (80, "80")],
                     guides=[(11, 40)])])

    # --- 세포 분열 ---------------------------------------------------------------------------------------
    w.mc("중3", "생식과 유전", "[9과21-01]", "하",
         stem="체세포 분열 중기에 대한 설명으로 옳은 것은?",
         choices=["핵막이 사라지고 염색체가 막대 모양으로 나타나기 시작한다.", "염색체가 세포의 중앙(적도면)에 배열된다.",
                  "염색 분체가 분리되어 세포의 양쪽 끝으로 이동한다.", "핵막이 다시 나타나고 세포질 분열이 일어난다.",
                  "DNA가 복제되어 그 양이 두 배가 된다."], answer=2,
         expl="중기에는 방추사가 염색체에 붙어 염색체가 세포 중앙의 적도면에 나란히 배열되며, 염색체를 관찰하기 가장 좋다.",
         tags=["체세포 분열", "중기", "염색체", "적도면"])
    w.mc("중3", "생식과 유전", "[9과21-01]", "중",
         stem="그림은 어떤 동물 세포의 체세포 분열 과정 중 한 시기를 나타낸 것이다. 이 시기의 세포에서 볼 수 있는 모습으로 "
              "가장 적절한 것은?",
         choices=["핵막이 뚜렷하고 염색체는 실처럼 풀어져 있어 잘 보이지 않는다.",
                  "굵고 짧아진 염색체들이 세포 한가운데에 한 줄로 늘어서 있다.",
                  "염색 분체가 서로 떨어져 양쪽 끝으로 끌려가고 있다.",
                  "세포 가운데가 잘록하게 들어가 두 개의 세포로 나뉘고 있다.",
                  "상동 염색체끼리 짝을 지어 2가 염색체를 이루고 있다."], answer=2,
         expl="그림은 방추사가 붙은 염색체들이 세포의 가운데 면에 나란히 모여 있는 모습이다. "
              "이때 염색체가 가장 뚜렷하게 보여 염색체 수와 모양을 관찰하기 좋다.",
         tags=["체세포 분열", "염색체 배열", "방추사", "동물 세포"],
         images=[fig("sci_cell_division_01", draw_metaphase_cell)])
    w.mc("중3", "생식과 유전", "[9과21-01]", "중",
         stem="그림은 양파 뿌리 끝 세포에서 일어나는 체세포 분열 과정의 여러 시기 A~D를 순서 없이 나타낸 것이다. "
              "분열이 진행되는 순서대로 옳게 나열한 것은?",
         choices=["A→B→C→D", "A→C→B→D", "B→A→C→D", "C→A→B→D", "D→C→B→A"], answer=2,
         expl="A는 염색체가 나타나는 전기, C는 염색체가 중앙에 배열된 중기, B는 염색 분체가 양극으로 이동하는 후기, "
              "D는 세포판이 생기는 말기이다.",
         tags=["체세포 분열", "분열 순서", "식물 세포", "세포판"],
         images=[fig("sci_mitosis_stages_01", draw_mitosis_stages)])
    w.short("고2", "생식과 유전", "[12생과Ⅰ04-02]", "하",
            stem="사람의 체세포 한 개에 들어 있는 염색체 수는 46개이다. 감수 분열로 만들어진 생식세포 한 개에 들어 있는 "
                 "염색체 수를 구하시오.",
            answer="23개",
            expl="감수 분열에서는 상동 염색체가 분리되어 염색체 수가 체세포의 절반으로 줄어든다.",
            tags=["감수 분열", "생식세포", "염색체 수"])
    w.mc("고2", "생식과 유전", "[12생과Ⅰ04-02]", "중",
         stem="감수 분열에 대한 설명으로 옳은 것만을 <보기>에서 있는 대로 고른 것은?\n\n"
              + bogi("분열이 연속하여 두 번 일어난다.", "감수 1분열에서 상동 염색체가 분리된다.",
                     "분열 결과 유전적으로 동일한 딸세포 2개가 만들어진다."),
         choices=BOGI_CHOICES, answer=3,
         expl="감수 분열은 DNA 복제 후 분열이 두 번 연속 일어나 4개의 딸세포를 만들며, 1분열에서 상동 염색체가 분리된다. "
              "딸세포들은 유전적으로 다양하다.",
         tags=["감수 분열", "상동 염색체", "보기"])
    w.mc("고2", "생식과 유전", "[12생과Ⅰ04-02]", "상",
         stem="그림은 어떤 동물(2n=4)의 세포 분열 과정 중 한 시기를 나타낸 것이다. 이에 대한 설명으로 옳은 것은?",
         choices=["체세포 분열 과정의 한 시기이다.", "상동 염색체가 쌍을 이루어 나란히 배열되어 있다.",
                  "이 분열이 끝나면 딸세포의 염색체 수는 8개가 된다.", "이 세포에 들어 있는 염색체는 2개이다.",
                  "이 시기 바로 다음에는 염색 분체가 분리된다."], answer=2,
         expl="상동 염색체끼리 짝을 지은 2가 염색체가 적도면에 배열된 감수 1분열 중기의 모습이다. "
              "다음 시기에는 상동 염색체가 분리된다.",
         tags=["감수 분열", "2가 염색체", "상동 염색체"],
         images=[fig("sci_meiosis_01", draw_meiosis_cell)])

    # --- 광합성, 호흡, 소화 --------------------------------------------------------------------------------
    w.mc("중2", "식물과 에너지", "[9과11-02]", "중",
         stem="그림과 같이 입김을 불어 넣어 노란색으로 만든 BTB 용액을 시험관 A~C에 넣고, A와 B에만 검정말을 넣었다. "
              "B는 알루미늄 포일로 감싼 뒤 세 시험관을 모두 빛이 잘 드는 곳에 두었다. 몇 시간 후 용액이 파란색으로 변한 "
              "시험관은?",
         choices=["A", "B", "C", "A, B", "A, C"], answer=1,
         expl="빛을 받은 A의 검정말은 광합성으로 이산화 탄소를 흡수하므로 용액이 염기성 쪽으로 변해 파란색이 된다. "
              "빛이 차단된 B는 호흡만 하여 노란색을 유지하고, C는 변화가 없다.",
         tags=["광합성", "BTB 용액", "이산화 탄소", "대조 실험"],
         images=[fig("sci_photosynthesis_btb_01", draw_btb_tubes)])
    w.mc("중2", "식물과 에너지", "[9과11-01]", "하",
         stem="광합성에 대한 설명으로 옳지 않은 것은?",
         choices=["엽록체에서 일어난다.", "이산화 탄소와 물을 원료로 사용한다.", "빛에너지가 필요하다.",
                  "포도당과 산소가 만들어진다.", "주로 빛이 없는 밤에 활발하게 일어난다."], answer=5,
         expl="광합성은 엽록체에서 빛에너지를 이용해 이산화 탄소와 물로 포도당과 산소를 만드는 과정이므로 빛이 있을 때 일어난다.",
         tags=["광합성", "엽록체", "포도당"], dup="sci-photo")
    w.mc("중2", "식물과 에너지", "[9과11-01]", "하",
         stem="다음 중 광합성에 관한 설명으로 틀린 것은?",
         choices=["식물 세포의 엽록체에서 일어난다.", "물과 이산화 탄소가 재료로 쓰인다.", "빛에너지를 이용한다.",
                  "산소와 포도당이 생성된다.", "빛이 없는 밤 시간에 주로 활발하다."], answer=5,
         expl="광합성은 빛이 있어야 일어나므로 빛이 없는 밤에는 거의 일어나지 않는다.",
         tags=["광합성", "엽록체", "빛에너지"], dup="sci-photo")
    w.mc("중2", "식물과 에너지", "[9과11-03]", "하",
         stem="식물의 호흡에 대한 설명으로 옳은 것은?",
         choices=["빛이 있을 때만 일어난다.", "산소를 흡수하고 이산화 탄소를 방출한다.", "에너지를 저장하는 과정이다.",
                  "엽록체에서만 일어난다.", "포도당을 합성하는 과정이다."], answer=2,
         expl="호흡은 낮과 밤 구분 없이 살아 있는 모든 세포에서 일어나며, 포도당을 분해해 생명 활동에 필요한 에너지를 얻는다.",
         tags=["호흡", "광합성과 호흡", "미토콘드리아"])
    w.mc("중2", "동물과 에너지", "[9과12-01]", "하",
         stem="침 속에 들어 있으며 녹말을 엿당으로 분해하는 소화 효소는?",
         choices=["펩신", "아밀레이스", "라이페이스", "트립신", "쓸개즙"], answer=2,
         expl="침 속의 아밀레이스는 녹말을 엿당으로 분해한다. 쓸개즙은 효소가 아니라 지방의 소화를 돕는 소화액이다.",
         tags=["소화", "소화 효소", "아밀레이스", "녹말"])
    w.mc("중2", "동물과 에너지", "[9과12-01]", "중",
         stem="그림과 같이 35 °C의 물에 시험관 A, B를 넣고 10분 동안 두었다. 이 실험에 대한 설명으로 옳은 것만을 "
              "<보기>에서 있는 대로 고른 것은?\n\n"
              + bogi("A에 아이오딘-아이오딘화 칼륨 용액을 떨어뜨리면 청람색으로 변한다.",
                     "B에서는 녹말이 분해되었다.", "이 실험으로 침 속의 효소가 단백질을 분해한다는 것을 알 수 있다."),
         choices=BOGI_CHOICES, answer=3,
         expl="A에는 녹말이 그대로 남아 아이오딘 반응이 나타나고, B에서는 침 속의 아밀레이스가 녹말을 분해한다. "
              "이 실험은 단백질 소화와는 관련이 없다.",
         tags=["소화", "아밀레이스", "아이오딘 반응", "보기"],
         images=[fig("sci_saliva_test_01", draw_saliva_tubes)])

    # --- 화학 반응, 질량 보존, 산과 염기 --------------------------------------------------------------------
    w.short("중2", "화학 반응의 규칙과 에너지 변화", "[9과17-01]", "하",
            stem="다음은 수소와 산소가 반응하여 물이 생성되는 반응의 화학 반응식이다. a+b의 값을 구하시오. "
                 "(단, a, b는 가장 간단한 정수이다.)\n\naH₂ + O₂ → bH₂O",
            answer="4",
            expl="반응 전후 원자의 종류와 개수가 같아야 하므로 2H₂+O₂→2H₂O이다. a=2, b=2이다.",
            tags=["화학 반응식", "계수 맞추기", "물의 생성"])
    w.mc("중2", "화학 반응의 규칙과 에너지 변화", "[9과17-01]", "중",
         stem="메테인(CH₄)이 완전 연소하는 반응의 화학 반응식으로 옳은 것은?",
         choices=["CH₄ + O₂ → CO₂ + H₂O", "CH₄ + 2O₂ → CO₂ + 2H₂O", "CH₄ + 2O₂ → CO₂ + H₂O",
                  "2CH₄ + O₂ → 2CO₂ + H₂O", "CH₄ + 3O₂ → 2CO₂ + 2H₂O"], answer=2,
         expl="탄소 1개, 수소 4개, 산소 4개가 반응 전후에 같아지도록 계수를 맞추면 CH₄+2O₂→CO₂+2H₂O이다.",
         tags=["화학 반응식", "연소", "메테인"])
    w.mc("중2", "화학 반응의 규칙과 에너지 변화", "[9과17-02]", "하",
         stem="그림과 같이 탄산 칼슘과 묽은 염산을 밀폐된 용기 안에서 반응시키기 전에 질량을 측정하였더니 105.0 g이었다. "
              "뚜껑을 닫은 채로 반응이 끝난 뒤 측정한 질량은?",
         choices=["100.0 g", "102.5 g", "105.0 g", "107.5 g", "110.0 g"], answer=3,
         expl="밀폐된 용기에서는 생성된 이산화 탄소 기체가 빠져나가지 못하므로 질량 보존 법칙에 따라 질량이 변하지 않는다.",
         tags=["질량 보존 법칙", "밀폐 용기", "기체 발생 반응"],
         images=[fig("sci_mass_conservation_01", draw_mass_balance)])
    w.essay("중2", "화학 반응의 규칙과 에너지 변화", "[9과17-02]", "중",
            stem="그림의 장치에서 반응이 끝난 뒤 뚜껑을 열고 다시 질량을 측정하면 질량이 처음보다 줄어든다. 그 까닭을 서술하시오.",
            answer="반응으로 생성된 이산화 탄소 기체가 용기 밖으로 빠져나가기 때문이다.",
            expl="질량이 실제로 사라진 것이 아니라 기체가 측정 범위 밖으로 나간 것이므로 질량 보존 법칙은 성립한다.",
            tags=["질량 보존 법칙", "이산화 탄소", "열린 용기"],
            images=[ref("sci_mass_conservation_01")])
    w.short("중2", "화학 반응의 규칙과 에너지 변화", "[9과17-03]", "중",
            stem="마그네슘 3 g을 완전히 연소시켰더니 산화 마그네슘 5 g이 생성되었다. 이때 반응한 산소의 질량을 구하시오.",
            answer="2 g",
            expl="질량 보존 법칙에 따라 반응한 산소의 질량은 5 g-3 g=2 g이다.",
            tags=["질량 보존 법칙", "일정 성분비", "연소"])
    w.mc("고1", "화학 변화", "[10통과06-03]", "하",
         stem="그림과 같이 시험관 A~C에 들어 있는 수용액에 페놀프탈레인 용액을 몇 방울씩 떨어뜨렸다. "
              "붉은색으로 변하는 시험관은?",
         choices=["A", "B", "C", "A, B", "B, C"], answer=3,
         expl="페놀프탈레인 용액은 염기성 용액에서 붉은색을 띤다. 수산화 나트륨 수용액(C)만 염기성이다.",
         tags=["산과 염기", "지시약", "페놀프탈레인"],
         images=[fig("sci_indicator_tubes_01", draw_indicator_tubes)])
    w.mc("고1", "화학 변화", "[10통과06-04]", "중",
         stem="묽은 염산에 수산화 나트륨 수용액을 조금씩 넣을 때 일어나는 변화에 대한 설명으로 옳은 것만을 <보기>에서 "
              "있는 대로 고른 것은?\n\n"
              + bogi("중화 반응이 일어나 물이 생성된다.", "반응이 일어나는 동안 용액의 온도가 올라간다.",
                     "넣어 준 수용액의 양이 늘어날수록 용액 속 나트륨 이온(Na⁺)의 수가 증가한다."),
         choices=BOGI_CHOICES, answer=5,
         expl="H⁺과 OH⁻이 반응하여 물이 생성되고 중화열이 발생해 온도가 올라간다. Na⁺은 반응에 참여하지 않으므로 "
              "넣어 준 만큼 계속 늘어난다.",
         tags=["중화 반응", "중화열", "이온", "보기"])

    # --- 물질의 상태 변화, 기체 ------------------------------------------------------------------------------
    w.mc("중1", "물질의 상태 변화", "[9과06-01]", "하",
         stem="그림은 물질의 세 가지 상태 사이의 변화를 입자 모형으로 나타낸 것이다. (나)에 해당하는 예로 옳은 것은?",
         choices=["얼음이 녹아 물이 된다.", "젖은 빨래가 마른다.", "추운 겨울날 유리창에 성에가 생긴다.",
                  "물이 얼어 얼음이 된다.", "차가운 컵 표면에 물방울이 맺힌다."], answer=2,
         expl="(나)는 액체가 기체로 변하는 기화이다. 빨래가 마르는 것은 물이 증발하는 기화 현상이다.",
         tags=["상태 변화", "기화", "입자 모형"],
         images=[fig("sci_states_01", draw_states_cycle)])
    w.mc("중1", "물질의 상태 변화", "[9과06-02]", "중",
         stem="그림 (가)와 같이 장치하여 얼음을 가열하면서 시간에 따른 온도를 측정하였더니 그림 (나)와 같았다. "
              "구간 B에 대한 설명으로 옳은 것은?",
         choices=["얼음이 고체 상태로만 존재한다.", "고체와 액체가 함께 존재한다.",
                  "가해 준 열이 모두 온도를 높이는 데 쓰인다.", "물이 끓어 기체로 변하고 있다.",
                  "입자 사이의 거리가 점점 가까워진다."], answer=2,
         expl="구간 B는 0 °C에서 온도가 일정한 융해 구간으로, 가해 준 열이 상태 변화에 쓰여 고체와 액체가 함께 존재한다.",
         tags=["상태 변화", "융해", "가열 곡선", "녹는점"],
         images=[fig("sci_lab_heating_01", draw_heating_setup),
                 fig("sci_heating_curve_01", draw_xy_graph, xr=(0, 19), yr=(-30, 125),
                     series=[{"pts": [(0, -20), (2, 0), (6, 0), (11, 100), (16, 100), (18, 115)]}],
                     xlabel="시간(분)", ylabel="온도(°C)", origin="",
                     yticks=[(-20, "-20"), (0, "0"), (100, "100")], guides=[(2, 0), (16, 100)],
                     labels=[(0.6, -5, "A"), (4, 10, "B"), (8.2, 56, "C"), (13.5, 110, "D"), (17.8, 103, "E")])])
    w.mc("중1", "기체의 성질", "[9과05-02]", "하",
         stem="온도가 일정할 때, 압력이 1기압이고 부피가 6 L인 기체에 2기압의 압력을 가하면 기체의 부피는?",
         choices=["1.5 L", "2 L", "3 L", "6 L", "12 L"], answer=3,
         expl="보일 법칙에 따라 압력과 부피의 곱이 일정하므로 1×6=2×V에서 V=3 L이다.",
         tags=["보일 법칙", "기체의 압력", "기체의 부피"])
    w.short("중1", "기체의 성질", "[9과05-03]", "하",
            stem="찌그러진 탁구공을 뜨거운 물에 넣으면 다시 펴진다. 이 현상과 가장 관계 깊은 법칙의 이름을 쓰시오.",
            answer="샤를 법칙",
            expl="압력이 일정할 때 기체의 온도가 높아지면 부피가 증가한다는 샤를 법칙으로 설명할 수 있다.",
            tags=["샤를 법칙", "기체의 온도와 부피"])

    # --- 지구와 달, 태양계, 판 구조론, 날씨 ---------------------------------------------------------------
    moon = fig("sci_moon_phases_01", draw_moon_orbit)
    w.mc("중3", "태양계", "[9과10-03]", "하",
         stem="그림은 지구 주위를 공전하는 달의 위치 A~H를 나타낸 것이다. 보름달이 관측될 때 달의 위치는?",
         choices=["A", "C", "E", "F", "G"], answer=1,
         expl="보름달은 달이 태양의 반대쪽에 있어 지구에서 달의 밝은 면 전체가 보일 때이므로 A 위치이다.",
         tags=["달의 위상", "보름달", "달의 공전"], images=[moon])
    w.mc("중3", "태양계", "[9과10-03]", "중",
         stem="그림은 지구 주위를 공전하는 달의 위치 A~H를 나타낸 것이다. 상현달이 관측될 때 달의 위치는?",
         choices=["A", "C", "E", "G", "H"], answer=4,
         expl="삭(E)에서 시계 반대 방향으로 90° 공전한 위치인 G에서 오른쪽 반이 밝은 상현달이 관측된다.",
         tags=["달의 위상", "상현달", "달의 공전"], images=[ref("sci_moon_phases_01")])
    w.mc("중3", "태양계", "[9과10-04]", "하",
         stem="월식이 일어날 때 태양, 지구, 달의 배열 순서로 옳은 것은?",
         choices=["태양-달-지구", "태양-지구-달", "지구-태양-달", "달-태양-지구", "세 천체가 직각을 이룬다."], answer=2,
         expl="월식은 달이 지구의 그림자 속으로 들어가는 현상이므로 태양-지구-달 순으로 일직선에 놓일 때 일어난다.",
         tags=["월식", "일식", "지구와 달"])
    w.mc("중3", "태양계", "[9과10-02]", "하",
         stem="목성형 행성의 특징으로 옳은 것은?",
         choices=["반지름이 작다.", "평균 밀도가 크다.", "고리가 있다.", "위성이 없다.", "표면이 단단한 암석으로 되어 있다."],
         answer=3,
         expl="목성형 행성은 반지름과 질량이 크고 평균 밀도가 작으며, 모두 고리와 많은 위성을 가진다.",
         tags=["태양계", "목성형 행성", "지구형 행성"])
    w.mc("고1", "지구 시스템", "[10통과04-03]", "중",
         stem="그림은 판의 경계와 그 아래의 맨틀 대류를 모식적으로 나타낸 것이다. 이에 대한 설명으로 옳은 것은?",
         choices=["A는 두 판이 서로 멀어지는 발산형 경계이다.", "B에서는 새로운 해양 지각이 생성된다.",
                  "A에서는 습곡 산맥이 만들어진다.", "판은 맨틀 대류와 관계없이 움직인다.",
                  "B는 두 판이 어긋나는 보존형 경계이다."], answer=1,
         expl="A는 맨틀 물질이 올라와 새로운 해양 지각이 만들어지는 해령(발산형 경계)이고, "
              "B는 해양판이 대륙판 아래로 섭입하는 해구(수렴형 경계)이다.",
         tags=["판 구조론", "해령", "해구", "맨틀 대류", "판의 경계"],
         images=[fig("sci_plate_boundary_01", draw_plate_section)])
    w.mc("고1", "지구 시스템", "[10통과04-03]", "하",
         stem="히말라야산맥과 같은 거대한 습곡 산맥이 형성되는 판의 경계로 옳은 것은?",
         choices=["해양판과 해양판이 멀어지는 경계", "대륙판과 대륙판이 충돌하는 경계", "두 판이 서로 어긋나는 경계",
                  "해양판이 갈라지는 해령", "판의 내부"], answer=2,
         expl="대륙판끼리 충돌하는 수렴형 경계에서는 지각이 두꺼워지며 거대한 습곡 산맥이 만들어진다.",
         tags=["판 구조론", "수렴형 경계", "습곡 산맥"])
    w.mc("중2", "기권과 날씨", "[9과18-04]", "중",
         stem="그림은 어느 지역의 등압선 분포를 나타낸 것이다. 이에 대한 설명으로 옳은 것은? (단, 북반구이다.)",
         choices=["고기압 중심에서는 상승 기류가 나타난다.", "저기압 중심에서는 대체로 날씨가 맑다.",
                  "바람은 저기압에서 고기압 쪽으로 분다.", "A 지점은 B 지점보다 바람이 강하다.",
                  "고기압에서는 바람이 시계 반대 방향으로 불어 나간다."], answer=4,
         expl="등압선 간격이 좁을수록 기압 차가 커서 바람이 강하다. 북반구 고기압에서는 하강 기류가 나타나고 "
              "바람이 시계 방향으로 불어 나간다.",
         tags=["기압", "등압선", "고기압과 저기압", "바람"],
         images=[fig("sci_isobars_01", draw_isobars)])
    w.short("중2", "기권과 날씨", "[9과18-03]", "하",
            stem="토리첼리의 실험에서 해수면 높이의 1기압은 수은 기둥 약 몇 cm의 높이에 해당하는지 쓰시오.",
            answer="76 cm",
            expl="1기압은 수은 기둥 76 cm가 누르는 압력과 같으며, 약 1013 hPa이다.",
            tags=["기압", "토리첼리 실험", "수은 기둥"])

    # --- 생태계, 에너지 ---------------------------------------------------------------------------------
    w.mc("고1", "생태계와 환경", "[10통과08-01]", "하",
         stem="그림은 어느 생태계의 먹이 그물을 나타낸 것이다. 이에 대한 설명으로 옳은 것은? (단, 화살표는 먹히는 생물에서 "
              "먹는 생물 쪽을 향한다.)",
         choices=["벼는 소비자이다.", "메뚜기는 2차 소비자이다.", "뱀은 개구리와 쥐를 먹는다.", "매의 먹이는 뱀뿐이다.",
                  "쥐가 사라져도 매는 아무런 영향을 받지 않는다."], answer=3,
         expl="벼는 생산자, 메뚜기와 쥐는 1차 소비자이다. 매는 뱀과 쥐를 모두 먹으므로 쥐가 줄어들면 영향을 받는다.",
         tags=["먹이 그물", "먹이 사슬", "생산자", "소비자"],
         images=[fig("sci_food_web_01", draw_node_diagram,
                     nodes={"hawk": ("매", 240, 36, 70, 32, LRED), "snake": ("뱀", 240, 116, 70, 32, LORANGE),
                            "frog": ("개구리", 120, 190, 80, 32, LORANGE), "mouse": ("쥐", 360, 190, 70, 32, LORANGE),
                            "hopper": ("메뚜기", 120, 262, 80, 32, LORANGE), "rice": ("벼", 240, 330, 70, 32, LGREEN)},
                     edges=[("rice", "hopper"), ("rice", "mouse"), ("hopper", "frog"), ("frog", "snake"),
                            ("mouse", "snake"), ("snake", "hawk"), ("mouse", "hawk")])])
    w.short("고1", "생태계와 환경", "[10통과08-02]", "중",
            stem="그림은 어느 생태계에서 각 영양 단계가 가진 에너지양을 상댓값으로 나타낸 생태 피라미드이다. "
                 "2차 소비자의 에너지 효율은 몇 %인지 구하시오.",
            answer="10 %",
            expl="에너지 효율은 (현 영양 단계의 에너지양÷전 영양 단계의 에너지양)×100이므로 10÷100×100=10 %이다.",
            tags=["생태 피라미드", "에너지 효율", "영양 단계"],
            images=[fig("sci_energy_pyramid_01", draw_energy_pyramid,
                        levels=[("생산자", "1000"), ("1차 소비자", "100"), ("2차 소비자", "10"), ("3차 소비자", "1")])])
    w.mc("중3", "에너지 전환과 보존", "[9과22-01]", "하",
         stem="전기다리미를 사용할 때 일어나는 주된 에너지 전환으로 옳은 것은?",
         choices=["전기 에너지 → 빛에너지", "전기 에너지 → 열에너지", "화학 에너지 → 전기 에너지",
                  "운동 에너지 → 전기 에너지", "열에너지 → 화학 에너지"], answer=2,
         expl="전기다리미는 전기 에너지를 주로 열에너지로 전환하여 옷을 다린다.",
         tags=["에너지 전환", "전기 에너지", "열에너지"])
    return w.items


# --------------------------------------------------------------------------------------------------------
# Content: 국어 (all poems and passages below were written for this project)
# --------------------------------------------------------------------------------------------------------

POEM_EVENING = """골목 끝 낮은 창에
오늘도 먼저 불이 켜진다

늦게 오는 발소리를
귀로 먼저 마중 나가는
어머니의 저녁은

늘 한 뼘씩 길다"""

POEM_WIND = """바람은 오래된 편지
닫힌 창틈으로 밀려와
지난 계절의 이름을 하나씩 읽어 준다

나는 대답 대신
창문을 조금 더 연다"""

POEM_CANDLE = """겨울 들판 한가운데
작은 촛불 하나 세워 둔다

바람이 몇 번이고 흔들어도
꺼질 듯 꺼지지 않는
저 조그만 고집

언 손을 모아 감싸면
내일이 조금 따뜻해진다"""

PASSAGE_WHALE_SHARK = (
    "고래와 상어는 모두 바다에 살고 몸이 유선형이라는 점에서 비슷해 보인다. 그러나 고래는 폐로 숨을 쉬기 때문에 "
    "주기적으로 물 위로 올라와야 하고, 새끼를 낳아 젖을 먹여 기른다. 반면 상어는 아가미로 물속의 산소를 얻으므로 "
    "물 밖으로 나올 필요가 없다. 또한 고래의 꼬리지느러미는 수평으로 놓여 위아래로 움직이지만, 상어의 꼬리지느러미는 "
    "수직으로 놓여 좌우로 움직인다.")

PASSAGE_INSTRUMENTS = (
    "악기는 소리를 내는 방식에 따라 몇 가지로 나눌 수 있다. 줄을 튕기거나 문질러 소리를 내는 악기를 현악기라고 하며, "
    "가야금과 바이올린이 여기에 속한다. 관 속의 공기를 울려 소리를 내는 악기는 관악기로, 피리와 플루트가 대표적이다. "
    "마지막으로 두드리거나 흔들어 소리를 내는 악기를 타악기라고 하는데, 북과 장구가 이에 해당한다.")

PASSAGE_SCHOOL_START = (
    "청소년기에는 생체 리듬이 바뀌어 밤늦게 잠들고 아침 늦게 일어나는 경향이 나타난다. 그런데 대부분의 학교는 이른 "
    "시각에 수업을 시작하기 때문에 많은 학생이 잠이 부족한 채로 하루를 시작한다. 잠이 부족하면 집중력과 기억력이 "
    "떨어지고 감정을 조절하기도 어려워진다. 실제로 등교 시각을 한 시간 늦춘 어느 학교에서는 1교시 수업 중 조는 학생의 "
    "비율이 크게 줄었다고 한다. 따라서 학생들의 건강과 학습을 위해 등교 시각을 늦추는 방안을 적극적으로 검토해야 한다.")

PASSAGE_CUPS = (
    "(가) 카페 앞 쓰레기통마다 일회용 컵이 수북이 쌓여 있다. 잠깐의 편리함 때문에 쓰고 버리는 컵이 하루에도 셀 수 "
    "없이 많다.\n"
    "(나) 일회용 컵은 안쪽이 코팅되어 있어 재활용이 어렵다. 땅에 묻히거나 태워지는 과정에서 환경을 오염시키고, 잘게 "
    "부서진 조각은 바다로 흘러가 생물에게 피해를 준다.\n"
    "(다) 우리가 할 수 있는 일은 생각보다 가까이 있다. 개인 컵을 들고 다니고, 매장에서는 다회용 컵을 요청하며, 꼭 "
    "필요할 때만 일회용품을 쓰는 것이다.\n"
    "(라) 작은 불편을 감수하는 습관이 모이면 버려지는 컵은 눈에 띄게 줄어든다. 오늘부터 가방 속에 컵 하나를 넣어 보자.")

PASSAGE_BICYCLE = (
    "나는 그날 처음으로 아버지의 낡은 자전거를 혼자 끌고 나섰다. 페달은 생각보다 무거웠고, 체인은 한 바퀴 돌 때마다 "
    "삐걱 소리를 냈다. 언덕길에 이르자 다리가 후들거렸지만 나는 내리지 않았다. 아버지가 이 길을 매일 새벽에 "
    "오르내렸다는 사실이 그제야 실감 났기 때문이다.")

PASSAGE_CLASSROOM = (
    "민수는 교실 문 앞에서 한참을 서 있었다. 손잡이에 손을 올렸다가 다시 내렸다. 복도 끝에서 종소리가 울리자 그는 "
    "고개를 숙이고 문을 열었다. 교실 안의 아이들이 일제히 그를 쳐다보았다. 민수는 아무 말 없이 맨 뒷자리로 걸어가 앉았다.")

PASSAGE_BIRTHDAY = (
    "수아는 괜찮다며 웃었지만, 속으로는 친구들이 자신의 생일을 잊었다는 생각에 서운함을 감출 수 없었다. 한편 지호는 "
    "그런 수아의 마음도 모른 채, 가방 속에 숨겨 둔 선물을 언제 꺼내야 할지 혼자 고민하고 있었다.")

PASSAGE_DROUGHT = (
    "지난겨울 이 지역에는 눈이 거의 내리지 않았다. 그 결과 봄철 저수지의 물이 크게 줄었고, 농사에 쓸 물이 부족해지자 "
    "모내기가 늦어졌다. 모내기가 늦어지면서 가을 수확량도 예년보다 줄어들 것으로 예상된다.")


def korean_items() -> list[Draft]:
    w = Writer("국어")

    # --- 시: 화자, 비유, 상징 ---------------------------------------------------------------------------
    w.mc("중1", "시의 화자와 정서", "[9국05-01]", "중", passage=POEM_EVENING,
         stem="윗글의 화자에 대한 설명으로 가장 적절한 것은?",
         choices=["화자가 시 속에 '나'로 직접 등장하여 자신의 슬픔을 고백한다.",
                  "화자는 한 걸음 떨어진 자리에서 어머니의 기다림을 바라보고 있다.",
                  "화자는 어머니에게 말을 건네는 방식으로 원망을 드러낸다.",
                  "화자는 과거를 회상하며 자신의 잘못을 후회하고 있다.",
                  "화자는 자연 속에서 삶의 덧없음을 깨닫고 있다."], answer=2,
         expl="시에는 '나'가 드러나지 않으며, 화자는 불 켜진 창과 어머니의 모습을 관찰하듯 전달하고 있다.",
         tags=["시", "화자", "정서", "어머니"], dup="kor-poem-speaker")
    w.mc("중1", "시의 화자와 정서", "[9국05-01]", "중", passage=POEM_EVENING,
         stem="이 시의 화자에 관한 설명으로 알맞은 것은?",
         choices=["시 속에 '나'가 드러나 자신의 슬픔을 직접 털어놓는다.",
                  "조금 떨어진 위치에서 어머니가 기다리는 모습을 지켜보고 있다.",
                  "어머니를 말을 듣는 사람으로 삼아 원망하는 마음을 전한다.",
                  "지난날을 떠올리며 자신의 잘못을 뉘우친다.",
                  "자연을 바라보며 삶이 덧없음을 깨닫는다."], answer=2,
         expl="화자는 시의 표면에 드러나지 않고, 창에 불을 켜 두고 가족을 기다리는 어머니의 모습을 지켜보며 전한다.",
         tags=["시", "화자", "관찰", "기다림"], dup="kor-poem-speaker")
    w.mc("중1", "시의 화자와 정서", "[9국05-01]", "하", passage=POEM_EVENING,
         stem="윗글의 '늘 한 뼘씩 길다'에 담긴 의미로 가장 적절한 것은?",
         choices=["어머니의 하루 일이 많아 저녁 시간이 늘 부족하다.", "계절이 바뀌어 해가 조금씩 길어지고 있다.",
                  "어머니가 저녁마다 먼 길을 걸어서 다닌다.", "가족을 기다리는 마음 때문에 저녁 시간이 길게 느껴진다.",
                  "골목이 길어서 발소리가 늦게 들린다."], answer=4,
         expl="늦게 오는 가족을 기다리는 어머니에게 저녁은 실제보다 길게 느껴진다는 뜻으로, 기다림의 정서를 드러낸다.",
         tags=["시", "시구의 의미", "기다림"])
    w.mc("중2", "비유와 상징", "[9국05-01]", "하", passage=POEM_WIND,
         stem="윗글의 '바람은 오래된 편지'에 쓰인 표현 방법과 가장 유사한 것은?",
         choices=["별처럼 반짝이는 눈동자", "꽃들이 웃으며 손짓한다.", "시간은 쉬지 않고 흐르는 강물이다.",
                  "아, 눈부신 아침이여!", "산 너머 산, 물 건너 물"], answer=3,
         expl="'A는 B이다'의 형태로 원관념(바람)을 보조 관념(편지)에 직접 빗댄 은유법이다. "
              "'시간은 ~ 강물이다'도 은유법이다.",
         tags=["비유", "은유법", "직유법", "표현 방법"])
    w.mc("중2", "비유와 상징", "[9국05-01]", "중", passage=POEM_WIND,
         stem="윗글에 대한 설명으로 적절하지 않은 것은?",
         choices=["바람을 편지에 빗대어 표현하였다.", "바람을 무언가를 읽어 주는 사람처럼 표현하였다.",
                  "화자는 바람을 반갑게 맞아들이는 태도를 보인다.", "화자가 바람에게 직접 말을 건네며 대화를 나눈다.",
                  "지나간 시간에 대한 그리움이 느껴진다."], answer=4,
         expl="화자는 '대답 대신' 창문을 더 여는 행동으로 마음을 드러낼 뿐, 바람에게 말을 건네지 않는다.",
         tags=["시", "의인법", "은유법", "화자의 태도"])
    w.mc("중3", "비유와 상징", "[9국05-01]", "중", passage=POEM_CANDLE,
         stem="윗글에서 '촛불'이 상징하는 의미로 가장 적절한 것은?",
         choices=["겨울 들판의 쓸쓸한 풍경", "지나간 시절에 대한 후회", "자연이 지닌 거대한 힘",
                  "어려운 상황 속에서도 지켜 가는 희망", "이웃과의 갈등과 대립"], answer=4,
         expl="'바람'이 흔들어도 '꺼지지 않는' 촛불은 시련 속에서도 놓지 않는 희망을 상징한다.",
         tags=["상징", "시", "희망", "시련"])
    w.essay("중3", "비유와 상징", "[9국05-01]", "상", passage=POEM_CANDLE,
            stem="윗글의 '바람'과 '촛불'이 각각 상징하는 바를 밝히고, 이를 바탕으로 시의 주제를 한 문장으로 서술하시오.",
            answer="'바람'은 시련이나 어려움을, '촛불'은 희망을 상징한다. 이 시는 시련 속에서도 희망을 지키려는 의지를 "
                   "노래하고 있다.",
            expl="촛불을 흔드는 바람과 꺼지지 않는 촛불의 대립 구도를 통해 주제가 드러난다.",
            tags=["상징", "주제", "서술형", "시련과 희망"])
    w.mc("중2", "비유와 상징", "[9국05-01]", "하",
         stem="다음 중 공감각적 표현이 쓰인 것은?",
         choices=["종소리가 푸르게 번지는 아침", "차가운 바람이 창을 두드린다.", "붉은 노을이 서쪽 하늘을 덮었다.",
                  "새들이 나뭇가지에서 지저귄다.", "시냇물이 졸졸 흐른다."], answer=1,
         expl="청각(종소리)을 시각(푸르게)으로 옮겨 표현한 공감각적 표현이다.",
         tags=["공감각", "감각적 이미지", "표현 방법"])

    # --- 설명 방법, 논증 ----------------------------------------------------------------------------------
    w.mc("중1", "설명하는 글", "[9국02-04]", "하", passage=PASSAGE_WHALE_SHARK,
         stem="윗글에서 주로 사용한 설명 방법으로 가장 적절한 것은?",
         choices=["정의", "예시", "대조", "분류", "인과"], answer=3,
         expl="고래와 상어의 호흡 방법, 새끼를 기르는 방식, 꼬리지느러미의 모양 등 차이점을 중심으로 설명하고 있으므로 대조이다.",
         tags=["설명 방법", "대조", "비교", "설명문"])
    w.mc("중1", "설명하는 글", "[9국02-04]", "중", passage=PASSAGE_INSTRUMENTS,
         stem="다음은 윗글의 내용을 도식으로 정리한 것이다. ㉠에 들어갈 말로 가장 적절한 것은?",
         choices=["현악기", "관악기", "타악기", "건반 악기", "전자 악기"], answer=2,
         expl="윗글은 악기를 소리 내는 방식에 따라 분류하였으며, 피리와 플루트는 관 속의 공기를 울리는 관악기이다.",
         tags=["설명 방법", "분류", "구조도", "악기"],
         images=[fig("kor_structure_01", draw_node_diagram, title="소리를 내는 방식에 따른 분류",
                     nodes={"root": ("악기", 240, 70, 100, 40, PALE),
                            "a": ("현악기\n(가야금, 바이올린)", 90, 230, 140, 60),
                            "b": ("㉠\n(피리, 플루트)", 240, 230, 120, 60, LORANGE),
                            "c": ("타악기\n(북, 장구)", 390, 230, 120, 60)},
                     edges=[("root", "a", "", 0, "line"), ("root", "b", "", 0, "line"),
                            ("root", "c", "", 0, "line")])])
    w.mc("중1", "설명하는 글", "[9국02-04]", "하",
         stem="다음 문장에 쓰인 설명 방법으로 가장 적절한 것은?\n\n"
              "광합성이란 식물이 빛에너지를 이용하여 이산화 탄소와 물로 양분을 만드는 과정이다.",
         choices=["예시", "정의", "비교", "분석", "서사"], answer=2,
         expl="'~이란 ~이다'의 형식으로 용어의 뜻을 밝히고 있으므로 정의이다.",
         tags=["설명 방법", "정의"])
    w.mc("중2", "설명하는 글", "[9국02-04]", "중",
         stem="다음 글에 쓰인 설명 방법으로 가장 적절한 것은?\n\n"
              "사람의 몸에 혈관이 있어 온몸 구석구석에 영양분을 전달하듯, 도시에는 도로망이 있어 사람과 물자를 곳곳으로 "
              "실어 나른다.",
         choices=["정의", "예시", "분류", "유추", "인과"], answer=4,
         expl="낯선 대상(도시의 도로망)을 익숙한 대상(혈관)과의 유사성에 빗대어 설명하는 유추이다.",
         tags=["설명 방법", "유추", "비유"])
    w.mc("중2", "설명하는 글", "[9국02-04]", "하", passage=PASSAGE_DROUGHT,
         stem="윗글의 내용 전개 방식으로 가장 적절한 것은?",
         choices=["비교", "대조", "인과", "분류", "정의"], answer=3,
         expl="눈이 적게 내린 원인이 저수지의 물 부족, 모내기 지연, 수확량 감소라는 결과로 이어지는 인과의 방식이다.",
         tags=["전개 방식", "인과", "원인과 결과"])
    w.mc("중3", "논증하는 글", "[9국02-06]", "중", passage=PASSAGE_SCHOOL_START,
         stem="윗글의 글쓴이가 주장을 뒷받침하기 위해 사용한 근거로 볼 수 없는 것은?",
         choices=["청소년기의 생체 리듬 변화", "수면 부족이 집중력과 기억력에 미치는 영향",
                  "등교 시각을 늦춘 학교의 사례", "수면 부족과 감정 조절의 관계",
                  "등교 시각을 늦추면 출근길 교통 혼잡이 줄어든다는 조사 결과"], answer=5,
         expl="교통 혼잡에 관한 내용은 윗글에 나타나지 않는다. 나머지는 모두 등교 시각을 늦추자는 주장의 근거로 제시되었다.",
         tags=["논증", "주장과 근거", "설득하는 글", "수면"])
    w.mc("고1", "논증하는 글", "[10국02-03]", "하",
         stem="다음 글에 나타난 추론 방식으로 가장 적절한 것은?\n\n"
              "모든 포유류는 폐로 호흡한다. 고래는 포유류이다. 따라서 고래는 폐로 호흡한다.",
         choices=["귀납 추론", "연역 추론", "유추", "예시", "대조"], answer=2,
         expl="일반적인 전제에서 개별적인 결론을 이끌어 내는 연역 추론(삼단 논법)이다.",
         tags=["논증", "연역 추론", "삼단 논법"])

    # --- 문법 ---------------------------------------------------------------------------------------------
    w.mc("중1", "품사", "[9국04-04]", "하",
         stem="다음 문장에서 형용사를 모두 고른 것은?\n\n하늘이 매우 푸르고 바람이 시원하다.",
         choices=["하늘이, 매우", "매우, 푸르고", "푸르고, 시원하다", "바람이, 시원하다", "하늘이, 바람이"], answer=3,
         expl="'푸르고'와 '시원하다'는 대상의 성질이나 상태를 나타내는 형용사이다. '매우'는 부사이다.",
         tags=["품사", "형용사", "부사"])
    w.short("중1", "품사", "[9국04-04]", "하",
            stem="다음 문장에서 '새'의 품사를 쓰시오.\n\n언니가 새 신발을 샀다.",
            answer="관형사",
            expl="'새'는 체언 '신발'을 꾸며 주며 형태가 변하지 않는 관형사이다.",
            tags=["품사", "관형사", "수식언"])
    nasal_choices = ["국물", "굳이", "신라", "좋다", "옷"]
    w.mc("고1", "음운의 변동", "[10국04-01]", "하",
         stem="다음 중 비음화가 일어나는 단어는?",
         choices=nasal_choices, answer=1,
         expl="'국물'은 [궁물]로 발음되어 'ㄱ'이 비음 'ㅁ' 앞에서 'ㅇ'으로 바뀐다. '굳이'는 구개음화, '신라'는 유음화, "
              "'좋다'는 거센소리되기, '옷'은 음절의 끝소리 규칙이 일어난다.",
         tags=["음운 변동", "비음화", "자음 동화"], dup="kor-nasal")
    w.mc("고1", "음운의 변동", "[10국04-01]", "하",
         stem="다음 단어 중에서 발음할 때 비음화 현상이 나타나는 것은?",
         choices=nasal_choices, answer=1,
         expl="[궁물]로 소리 나는 '국물'에서 비음화가 일어난다.",
         tags=["음운 변동", "비음화", "표준 발음"], dup="kor-nasal")
    w.short("중3", "음운의 변동", "[9국04-02]", "하",
            stem="'같이'를 [가치]로 발음할 때 일어나는 음운 변동의 이름을 쓰시오.",
            answer="구개음화",
            expl="끝소리 'ㅌ'이 모음 'ㅣ'로 시작하는 형식 형태소 앞에서 'ㅊ'으로 바뀌는 구개음화이다.",
            tags=["음운 변동", "구개음화"])
    w.mc("중2", "음운의 체계", "[9국04-02]", "중",
         stem="다음은 국어 자음 체계표의 일부이다. ㉠에 들어갈 자음으로 알맞은 것은?",
         choices=["ㄷ", "ㄸ", "ㅌ", "ㅈ", "ㅊ"], answer=3,
         expl="잇몸소리이면서 파열음 중 거센소리인 자음은 'ㅌ'이다.",
         tags=["자음 체계", "파열음", "거센소리", "조음 위치"],
         images=[fig("kor_consonant_table_01", draw_table,
                     rows=[["", "", "입술소리", "잇몸소리", "여린입천장소리"],
                           ["파열음", "예사소리", "ㅂ", "ㄷ", "ㄱ"],
                           ["", "된소리", "ㅃ", "ㄸ", "ㄲ"],
                           ["", "거센소리", "ㅍ", "㉠", "ㅋ"]],
                     col_widths=[70, 84, 84, 84, 130], row_h=46, header_rows=1, header_cols=2, size=17)])
    w.mc("중2", "문장 성분", "[9국04-06]", "하",
         stem="다음 문장에서 관형어에 해당하는 것은?\n\n동생이 어제 빨간 사과를 먹었다.",
         choices=["동생이", "어제", "빨간", "사과를", "먹었다"], answer=3,
         expl="'빨간'은 체언 '사과'를 꾸며 주는 관형어이다. '어제'는 서술어를 꾸미는 부사어이다.",
         tags=["문장 성분", "관형어", "부사어"])
    w.mc("중3", "문장 성분", "[9국04-06]", "상",
         stem="다음 중 필수적 부사어가 쓰인 문장은?",
         choices=["그는 아버지와 많이 닮았다.", "우리는 공원에서 놀았다.", "동생이 빨리 뛰었다.",
                  "나는 아침에 빵을 먹었다.", "꽃이 활짝 피었다."], answer=1,
         expl="'닮다'는 비교 대상을 나타내는 부사어가 반드시 필요하므로 '아버지와'는 필수적 부사어이다.",
         tags=["문장 성분", "필수적 부사어", "서술어의 자릿수"])
    w.mc("중2", "어문 규범", "[9국04-09]", "하",
         stem="다음 중 맞춤법에 맞게 쓴 문장은?",
         choices=["오랫만에 친구를 만났다.", "그 일은 금세 끝났다.", "몇일 동안 비가 내렸다.",
                  "나가기 전에 문을 잠궜다.", "저녁을 먹고 설겆이를 했다."], answer=2,
         expl="'금세'가 바른 표기이다. 나머지는 '오랜만에', '며칠', '잠갔다', '설거지'로 써야 한다.",
         tags=["맞춤법", "어문 규범"])
    w.mc("중2", "높임 표현", "[9국04-08]", "중",
         stem="다음 중 높임 표현이 바르게 쓰인 것은?",
         choices=["손님, 주문하신 커피 나오셨습니다.", "할머니께서 진지를 잡수신다.", "아버지가 방에 있으시다.",
                  "사장님의 말씀이 계시겠습니다.", "민수야, 선생님이 너 오래."], answer=2,
         expl="주체 '할머니'를 '께서', '진지', '잡수시다'로 알맞게 높였다. 사물인 커피를 높이거나 "
              "'계시다'를 간접 높임에 쓰는 것은 잘못이다.",
         tags=["높임법", "주체 높임", "간접 높임"])
    w.mc("고2", "문장의 짜임", "[12언매02-04]", "중",
         stem="다음 중 문장 성분 사이의 호응이 자연스러운 것은?",
         choices=["내 꿈은 훌륭한 과학자가 되고 싶다.", "나는 결코 포기할 것이다.", "나는 그가 왜 늦었는지 알고 있다.",
                  "비록 비가 오니까 소풍을 떠났다.", "그는 노래와 춤을 추었다."], answer=3,
         expl="'꿈은 ~되는 것이다', '결코 ~않다', '비록 ~지만', '노래를 부르고 춤을 추다'처럼 짝이 되는 성분끼리 "
              "호응을 맞추어야 한다. '나는 그가 왜 늦었는지 알고 있다.'만 호응이 자연스럽다.",
         tags=["문장 호응", "주술 호응", "부사어의 호응"])
    w.mc("중1", "어휘", "[9국04-05]", "하",
         stem="다음 중 단어의 의미 관계가 나머지 넷과 다른 것은?",
         choices=["남자 - 여자", "살다 - 죽다", "위 - 아래", "꽃 - 장미", "길다 - 짧다"], answer=4,
         expl="'꽃 - 장미'는 상하 관계이고, 나머지는 반의 관계이다.",
         tags=["어휘", "반의 관계", "상하 관계"])
    w.mc("중1", "어휘", "[9국04-05]", "하",
         stem="다음 문장의 밑줄 친 관용 표현 '발이 넓다'의 뜻으로 가장 알맞은 것은?\n\n"
              "삼촌은 발이 넓어서 어디를 가든 아는 사람을 만난다.",
         choices=["걸음이 매우 빠르다.", "사귀어 아는 사람이 많다.", "여행을 자주 다닌다.",
                  "남의 일에 간섭을 잘한다.", "씀씀이가 헤프다."], answer=2,
         expl="'발이 넓다'는 사귀어 아는 사람이 많아 활동하는 범위가 넓다는 뜻이다.",
         tags=["관용 표현", "어휘"])
    w.mc("중1", "어휘", "[9국04-05]", "하",
         stem="빈칸에 들어갈 속담으로 가장 적절한 것은?\n\n"
              "작은 거짓말이라고 그냥 넘기면 나중에는 더 큰 잘못으로 이어지기 쉽다. '(          )'라는 말처럼 "
              "처음부터 바로잡는 것이 중요하다.",
         choices=["바늘 도둑이 소도둑 된다", "가는 말이 고와야 오는 말이 곱다", "낮말은 새가 듣고 밤말은 쥐가 듣는다",
                  "백지장도 맞들면 낫다", "원숭이도 나무에서 떨어진다"], answer=1,
         expl="작은 나쁜 일도 버릇이 되면 큰 잘못을 저지르게 된다는 뜻의 '바늘 도둑이 소도둑 된다'가 알맞다.",
         tags=["속담", "빈칸 추론"])

    # --- 소설: 시점, 구성 --------------------------------------------------------------------------------
    w.mc("중2", "소설의 시점", "[9국05-04]", "중", passage=PASSAGE_BICYCLE,
         stem="윗글의 서술상 특징으로 가장 적절한 것은?",
         choices=["작품 밖의 서술자가 인물의 심리를 모두 알고 전달한다.", "작품 속 '나'가 자신의 경험과 심리를 직접 서술한다.",
                  "작품 속 '나'가 주인공의 행동을 관찰하여 전달한다.", "서술자가 인물의 겉모습과 행동만을 객관적으로 전달한다.",
                  "여러 인물의 시각을 번갈아 가며 사건을 서술한다."], answer=2,
         expl="주인공인 '나'가 자신이 겪은 일과 느낌을 직접 이야기하는 1인칭 주인공 시점이다.",
         tags=["소설", "시점", "1인칭 주인공 시점", "서술자"])
    w.mc("중2", "소설의 시점", "[9국05-04]", "중", passage=PASSAGE_CLASSROOM,
         stem="윗글에 대한 설명으로 가장 적절한 것은?",
         choices=["서술자가 '나'로 작품 속에 등장한다.", "서술자가 인물의 속마음을 직접 설명한다.",
                  "서술자가 인물의 행동을 관찰하여 객관적으로 보여 준다.", "사건이 과거와 현재를 오가며 전개된다.",
                  "대화를 통해 인물 간의 갈등이 드러난다."], answer=3,
         expl="서술자는 작품 밖에서 민수의 행동만 보여 줄 뿐 속마음을 설명하지 않는다. 작가 관찰자 시점이다.",
         tags=["소설", "시점", "작가 관찰자 시점"])
    w.essay("중3", "소설의 시점", "[9국05-04]", "중", passage=PASSAGE_BIRTHDAY,
            stem="윗글의 시점을 쓰고, 그렇게 판단한 근거를 윗글에서 찾아 서술하시오.",
            answer="전지적 작가 시점이다. 작품 밖의 서술자가 수아의 서운한 마음과 지호의 고민을 모두 알고 서술하고 있기 때문이다.",
            expl="서술자가 여러 인물의 내면을 모두 드러내면 전지적 작가 시점이다.",
            tags=["소설", "시점", "전지적 작가 시점", "서술형"])
    w.mc("중1", "소설의 구성", "[9국05-02]", "하",
         stem="다음은 소설의 구성 단계를 나타낸 것이다. ㉠ 단계에 대한 설명으로 가장 적절한 것은?",
         choices=["인물과 배경이 처음으로 소개된다.", "사건이 본격적으로 시작되고 갈등이 생긴다.",
                  "갈등이 가장 고조되어 긴장감이 최고에 이른다.", "갈등이 해소되고 사건이 마무리된다.",
                  "새로운 인물이 처음으로 등장한다."], answer=3,
         expl="㉠은 위기 다음, 결말 앞의 절정 단계로 갈등과 긴장감이 최고조에 이른다.",
         tags=["소설의 구성", "절정", "구성 단계"],
         images=[fig("kor_plot_stages_01", draw_plot_stages)])

    # --- 쓰기, 듣기·말하기 ------------------------------------------------------------------------------
    w.mc("중2", "설득하는 글 쓰기", "[9국03-04]", "중", passage=PASSAGE_CUPS,
         stem="다음은 윗글의 구조를 정리한 것이다. ㉠에 들어갈 내용으로 가장 적절한 것은?",
         choices=["일회용 컵이 편리한 이유", "일회용 컵 사용을 줄이기 위한 실천 방안", "일회용 컵의 재활용 공정",
                  "카페 산업의 성장 과정", "플라스틱이 발명된 역사"], answer=2,
         expl="(다)는 개인 컵 사용, 다회용 컵 요청 등 일회용 컵을 줄이는 방법을 제시하는 부분이다.",
         tags=["글의 구조", "설득하는 글", "서론 본론 결론", "일회용품"],
         images=[fig("kor_structure_02", draw_node_diagram,
                     nodes={"intro": ("서론 (가): 버려지는 일회용 컵 문제 제기", 240, 40, 360, 40, PALE),
                            "b1": ("본론 (나)\n일회용 컵이 환경에\n미치는 피해", 135, 170, 170, 84),
                            "b2": ("본론 (다)\n㉠", 345, 170, 170, 84, LORANGE),
                            "end": ("결론 (라): 작은 실천의 필요성 강조", 240, 310, 360, 40, PALE)},
                     edges=[("intro", "b1"), ("intro", "b2"), ("b1", "end"), ("b2", "end")], size=15)])
    w.mc("중3", "토론", "[9국01-06]", "중",
         stem="다음은 찬반 토론의 진행 절차를 나타낸 것이다. ㉠ 단계에서 할 일로 가장 적절한 것은?",
         choices=["논제와 관련된 용어의 뜻을 처음으로 정의한다.", "상대측 주장과 근거의 문제점을 지적한다.",
                  "청중에게 토론 규칙을 안내한다.", "자기 측의 주장을 처음으로 제시한다.",
                  "토론 결과에 따라 승패를 판정한다."], answer=2,
         expl="입론 다음의 반론 단계에서는 상대측 입론의 주장과 근거가 타당한지 따져 문제점을 지적한다.",
         tags=["토론", "반론", "입론", "토론 절차"],
         images=[fig("kor_debate_flow_01", draw_node_diagram,
                     nodes={"a": ("입론", 80, 130, 110, 56, PALE), "b": ("㉠", 240, 130, 110, 56, LORANGE),
                            "c": ("최종 발언", 400, 130, 110, 56, PALE),
                            "na": ("주장과 근거\n제시", 80, 250, 110, 50), "nb": ("?", 240, 250, 110, 50),
                            "nc": ("주장 정리와\n강조", 400, 250, 110, 50)},
                     edges=[("a", "b"), ("b", "c"), ("a", "na", "", 0, "line"), ("b", "nb", "", 0, "line"),
                            ("c", "nc", "", 0, "line")], size=16)])
    return w.items


# --------------------------------------------------------------------------------------------------------
# Content: 사회 (all statistics below are invented for the exercises)
# --------------------------------------------------------------------------------------------------------

AGING_MALE = [3.5, 4.0, 5.0, 6.5, 7.5, 8.0, 6.5, 4.5, 3.5]
AGING_FEMALE = [3.3, 3.8, 4.8, 6.3, 7.4, 8.1, 7.0, 5.3, 5.0]


def social_items() -> list[Draft]:
    w = Writer("사회")

    # --- 위치와 기후 ---------------------------------------------------------------------------------------
    grid = fig("soc_latlong_grid_01", draw_latlong_grid,
               points=[("A", -30, 60), ("B", 60, 30), ("C", 90, 0), ("D", 120, -30), ("E", 30, -60)])
    w.mc("중1", "내가 사는 세계", "[9사(지리)01-01]", "하",
         stem="그림의 A~E 중 북위 30°, 동경 60°에 위치한 지점은?",
         choices=["A", "B", "C", "D", "E"], answer=2,
         expl="적도(0°)에서 북쪽으로 30°, 본초 자오선(0°)에서 동쪽으로 60°인 곳은 B이다.",
         tags=["위도", "경도", "위치 표현", "본초 자오선"], images=[grid])
    w.mc("중1", "내가 사는 세계", "[9사(지리)01-01]", "중",
         stem="그림의 A~E 중 우리나라와 계절이 반대로 나타나는 지점만을 있는 대로 고른 것은?",
         choices=["A, B", "B, C", "C, D", "D, E", "A, E"], answer=4,
         expl="우리나라는 북반구에 있으므로 남반구에 위치한 D(남위 30°)와 E(남위 60°)에서 계절이 반대로 나타난다.",
         tags=["위도", "남반구", "계절", "위치 표현"], images=[ref("soc_latlong_grid_01")])
    w.mc("중1", "우리와 다른 기후, 다른 생활", "[9사(지리)02-01]", "하",
         stem="그림은 어느 지역의 기후 그래프이다. 이 지역의 기후 특징으로 옳은 것은?",
         choices=["연중 기온이 높고 강수량이 많다.", "여름이 짧고 겨울이 길다.", "연 강수량이 250 mm 미만이다.",
                  "기온의 연교차가 매우 크다.", "여름에 건조하고 겨울에 비가 많이 온다."], answer=1,
         expl="월평균 기온이 연중 26~27 °C로 높고 매달 강수량이 많은 열대 우림 기후이다. 적도 부근의 저위도 지역에서 나타난다.",
         tags=["기후 그래프", "열대 우림 기후", "위도와 기후"],
         images=[fig("soc_climate_graph_01", draw_climate_graph,
                     temps=[26.5, 26.8, 27.0, 27.2, 27.3, 26.9, 26.6, 26.8, 27.0, 27.1, 26.9, 26.6],
                     precs=[260, 240, 280, 300, 250, 190, 180, 200, 220, 260, 280, 300], title="(가) 지역")])
    w.mc("고1", "자연환경과 인간", "[10통사02-01]", "중",
         stem="그림은 어느 지역의 기후 그래프이다. 이 지역에서 전통적으로 발달한 농업으로 가장 적절한 것은?",
         choices=["올리브, 포도 등을 재배하는 수목 농업", "벼를 재배하는 벼농사", "카사바, 얌을 재배하는 이동식 화전 농업",
                  "순록을 기르는 유목", "오아시스 주변의 대추야자 재배"], answer=1,
         expl="여름에는 덥고 건조하며 겨울에 비가 내리는 지중해성 기후이다. 건조한 여름을 견디는 올리브, 포도 등의 수목 농업이 발달하였다.",
         tags=["기후 그래프", "지중해성 기후", "수목 농업"],
         images=[fig("soc_climate_graph_02", draw_climate_graph,
                     temps=[10, 11, 13, 16, 20, 24, 27, 27, 24, 19, 14, 11],
                     precs=[95, 80, 60, 40, 20, 8, 3, 6, 25, 60, 90, 110], pmax=250)])
    w.mc("중1", "내가 사는 세계", "[9사(지리)01-02]", "중",
         stem="그림은 가상 국가인 가람국의 지도이다. 이에 대한 설명으로 옳은 것은?",
         choices=["가람국은 북반구에 위치한다.", "수도는 남위 15°, 동경 45° 부근에 있다.", "하천은 대체로 동쪽에서 서쪽으로 흐른다.",
                  "산지는 주로 국토의 동쪽에 분포한다.", "가람국의 서쪽은 바다와 접해 있다."], answer=2,
         expl="지도의 위선은 남위, 경선은 동경을 나타낸다. 산지는 서쪽에 있고 하천은 서쪽 산지에서 동쪽 바다로 흐르며, "
              "서쪽은 다른 나라와 국경을 이룬다.",
         tags=["지도 읽기", "위도", "경도", "가상 국가", "범례"],
         images=[fig("soc_map_garam_01", draw_invented_map)])
    w.mc("중1", "내가 사는 세계", "[9사(지리)01-03]", "중",
         stem="그림은 어느 지역의 등고선을 나타낸 것이다. 이에 대한 설명으로 옳은 것은?",
         choices=["A 지점은 B 지점보다 해발 고도가 낮다.", "C 쪽 사면이 D 쪽 사면보다 경사가 급하다.",
                  "산 정상의 높이는 100 m 미만이다.", "등고선은 높이가 서로 다른 지점을 연결한 선이다.",
                  "A와 B의 높이 차이는 50 m이다."], answer=2,
         expl="등고선 간격이 좁을수록 경사가 급하다. A는 300 m, B는 100 m 등고선 위에 있어 높이 차이는 200 m이다.",
         tags=["등고선", "경사", "해발 고도", "지형도"],
         images=[fig("soc_contour_01", draw_contours)])
    w.mc("중1", "내가 사는 세계", "[9사(지리)01-01]", "중",
         stem="경도 15°마다 1시간의 시차가 생긴다. 동경 135°를 표준 경선으로 사용하는 서울이 오후 3시일 때, "
              "본초 자오선을 표준 경선으로 사용하는 런던의 시각은?",
         choices=["같은 날 오전 6시", "같은 날 오전 9시", "같은 날 오후 6시", "같은 날 자정", "다음 날 오전 0시 30분"], answer=1,
         expl="경도 차이가 135°이므로 시차는 9시간이다. 런던은 서울보다 서쪽에 있어 시각이 9시간 늦으므로 오전 6시이다.",
         tags=["시차", "경도", "표준시", "본초 자오선"])

    # --- 인구와 도시 -------------------------------------------------------------------------------------
    aging_stem = "그림은 어느 국가의 인구 구조를 나타낸 것이다. 이 국가에 대한 설명으로 옳은 것은?"
    aging_kw = dict(choices=["출생률과 사망률이 모두 높다.", "유소년층 인구 비율이 노년층보다 매우 높다.",
                             "저출산·고령화 현상이 나타난다.", "인구가 빠르게 증가하고 있다.", "평균 수명이 매우 짧다."],
                    answer=3,
                    expl="유소년층 비율이 낮고 중장년층과 노년층 비율이 높은 방추형 구조로, 저출산과 고령화가 진행된 "
                         "선진국에서 주로 나타난다.",
                    tags=["인구 피라미드", "저출산", "고령화", "인구 구조"])
    w.mc("중2", "인구 변화와 인구 문제", "[9사(지리)09-03]", "중", stem=aging_stem, **aging_kw,
         images=[fig("soc_pop_pyramid_02", draw_population_pyramid, male=AGING_MALE, female=AGING_FEMALE)],
         dup="soc-pyramid")
    w.mc("중2", "인구 변화와 인구 문제", "[9사(지리)09-03]", "중", stem=aging_stem, **aging_kw,
         images=[fig("soc_pop_pyramid_03", draw_population_pyramid, male=AGING_MALE, female=AGING_FEMALE,
                     style=Style(size=(490, 366), zoom=0.97, shift=(4.0, 3.0), line=1.5))],
         dup="soc-pyramid")
    w.mc("중2", "인구 변화와 인구 문제", "[9사(지리)09-03]", "하",
         stem="그림과 같은 인구 구조가 나타나는 국가에서 주로 나타나는 인구 문제로 가장 적절한 것은?",
         choices=["노동력 부족", "노인 부양 부담의 급격한 증가", "빠른 인구 증가에 따른 식량 및 일자리 부족",
                  "인구 감소로 인한 학교 폐교", "출생아 수 감소에 따른 병역 자원 부족"], answer=3,
         expl="유소년층 비율이 높은 피라미드형 구조로 출생률이 높아 인구가 빠르게 증가하며, 식량과 일자리 부족 문제가 나타나기 쉽다.",
         tags=["인구 피라미드", "개발 도상국", "인구 문제", "피라미드형"],
         images=[fig("soc_pop_pyramid_01", draw_population_pyramid,
                     male=[9.5, 8.5, 7.5, 6.5, 5.5, 4.5, 3.5, 2.5, 1.5],
                     female=[9.2, 8.3, 7.4, 6.5, 5.6, 4.7, 3.8, 2.8, 1.9])])
    w.mc("중2", "인구 변화와 인구 문제", "[9사(지리)09-02]", "하",
         stem="인구 이동의 흡인 요인으로 가장 적절한 것은?",
         choices=["풍부한 일자리", "잦은 전쟁과 분쟁", "낮은 임금 수준", "빈번한 자연재해", "열악한 교육 환경"], answer=1,
         expl="흡인 요인은 사람들을 끌어들이는 요인으로 풍부한 일자리, 높은 임금, 좋은 교육 환경 등이 있다. "
              "나머지는 사람들을 밀어내는 배출 요인이다.",
         tags=["인구 이동", "흡인 요인", "배출 요인"])
    w.mc("중2", "사람이 만든 삶터, 도시", "[9사(지리)10-02]", "중",
         stem="그림은 두 국가 A, B의 도시화율 변화를 나타낸 것이다. 이에 대한 설명으로 옳은 것은?",
         choices=["1960년에 B국은 A국보다 도시화율이 높았다.", "2020년의 A국은 도시화의 종착 단계에 가깝다.",
                  "B국의 도시화율은 계속 낮아졌다.", "두 국가의 도시화율 차이는 2020년에 가장 크다.",
                  "A국은 현재 도시화의 초기 단계에 있다."], answer=2,
         expl="A국은 도시화율이 80 %를 넘어 증가 속도가 느려진 종착 단계에 가깝고, B국은 도시화율이 빠르게 높아지는 "
              "가속화 단계에 있다. 두 나라의 차이는 1960년에 가장 컸다.",
         tags=["도시화", "도시화율", "선진국과 개발 도상국", "그래프 해석"],
         images=[fig("soc_urbanization_01", draw_line_chart,
                     xcats=["1960", "1970", "1980", "1990", "2000", "2010", "2020"],
                     series=[("A국", [50, 58, 66, 72, 76, 79, 82], BLUE), ("B국", [10, 14, 20, 28, 38, 47, 55], RED)],
                     ymin=0, ymax=100, ystep=20, ylabel="(%)", xlabel="(년)")])
    w.mc("중2", "사람이 만든 삶터, 도시", "[9사(지리)10-02]", "하",
         stem="도시화의 종착 단계에서 나타날 수 있는 현상으로 가장 적절한 것은?",
         choices=["농촌 인구가 도시로 급격히 이동한다.", "도시화율이 처음으로 50 %를 넘는다.",
                  "대도시 인구가 주변 지역이나 농촌으로 이동하는 역도시화가 나타난다.",
                  "대부분의 인구가 1차 산업에 종사한다.", "도시 인구 비율이 빠르게 낮아진다."], answer=3,
         expl="종착 단계에서는 도시화율의 증가가 둔해지고, 쾌적한 환경을 찾아 도시 인구가 주변 지역으로 빠져나가는 "
              "역도시화 현상이 나타나기도 한다.",
         tags=["도시화", "종착 단계", "역도시화"])

    # --- 시장 경제 ----------------------------------------------------------------------------------------
    for name, price, qty in (("soc_supply_demand_01", "3,000", "200"), ("soc_supply_demand_02", "5,000", "400")):
        pairs = {"3,000": ["(2,000원, 300개)", "(3,000원, 200개)", "(3,000원, 300개)", "(2,000원, 200개)",
                           "(4,000원, 100개)"],
                 "5,000": ["(4,000원, 500개)", "(5,000원, 400개)", "(5,000원, 500개)", "(4,000원, 400개)",
                           "(6,000원, 300개)"]}[price]
        w.mc("중3", "시장 경제와 가격", "[9사(일사)10-02]", "하",
             stem="그림은 X재 시장의 수요 곡선과 공급 곡선을 나타낸 것이다. X재의 균형 가격과 균형 거래량을 옳게 짝지은 것은?",
             choices=pairs, answer=2,
             expl=f"수요 곡선과 공급 곡선이 만나는 점 E에서 균형이 이루어진다. 균형 가격은 {price}원, 균형 거래량은 {qty}개이다.",
             tags=["수요와 공급", "균형 가격", "균형 거래량", "시장"],
             images=[fig(name, draw_supply_demand, price=price, qty=qty)], dup="soc-market")
    w.mc("중3", "시장 경제와 가격", "[9사(일사)10-03]", "중",
         stem="그림은 X재 시장에서 수요 곡선이 이동한 모습을 나타낸 것이다. 이러한 변화를 가져올 수 있는 요인으로 "
              "가장 적절한 것은? (단, X재는 정상재이다.)",
         choices=["소비자의 소득 증가", "X재 생산 비용의 상승", "X재 대체재의 가격 하락", "X재 가격의 하락",
                  "X재 생산 기술의 발전"], answer=1,
         expl="수요 곡선이 오른쪽으로 이동한 것은 수요 증가이다. 정상재는 소득이 늘면 수요가 증가한다. "
              "생산 비용과 기술은 공급 곡선을, X재 자체의 가격은 곡선 위의 이동을 가져온다.",
         tags=["수요 변동", "수요 곡선의 이동", "정상재", "소득"],
         images=[fig("soc_demand_shift_01", draw_supply_demand, shift=True)])
    w.short("중3", "시장 경제와 가격", "[9사(일사)10-01]", "하",
            stem="다른 조건이 일정할 때, 어떤 상품의 가격이 오르면 수요량이 줄어들고 가격이 내리면 수요량이 늘어나는 관계를 "
                 "무엇이라고 하는지 쓰시오.",
            answer="수요 법칙",
            expl="가격과 수요량이 반대 방향으로 움직이는 관계를 수요 법칙이라고 한다.",
            tags=["수요 법칙", "가격", "수요량"])
    w.short("중3", "경제생활과 선택", "[9사(일사)09-02]", "중",
            stem="민지는 토요일 오후에 아르바이트(수입 3만 원), 영화 관람(만족감 2만 원 상당), 공부(만족감 2만 5천 원 상당) "
                 "중 하나만 할 수 있다. 민지가 아르바이트를 선택했을 때의 기회비용은 얼마인지 쓰시오. "
                 "(단, 다른 비용은 없다.)",
            answer="2만 5천 원",
            expl="기회비용은 선택하지 않은 대안 중 가장 큰 가치이다. 포기한 대안 가운데 공부의 가치 2만 5천 원이 기회비용이다.",
            tags=["기회비용", "합리적 선택", "경제생활"])
    w.mc("중3", "국민 경제와 국제 거래", "[9사(일사)11-03]", "상",
         stem="그림은 원/달러 환율의 변화를 나타낸 것이다. 이러한 변화가 미칠 영향으로 옳은 것은?",
         choices=["원화 가치가 상승하였다.", "미국으로 여행을 가는 우리나라 사람의 부담이 줄어든다.",
                  "달러로 표시된 우리나라 수출품의 가격 경쟁력이 높아진다.", "달러로 갚아야 할 외채의 상환 부담이 줄어든다.",
                  "미국산 수입품의 원화 표시 가격이 낮아진다."], answer=3,
         expl="원/달러 환율이 오르면 원화 가치가 떨어진다. 수출품의 달러 표시 가격이 낮아져 수출에 유리하지만, "
              "해외여행 경비와 외채 상환 부담, 수입품 가격은 늘어난다.",
         tags=["환율", "환율 상승", "수출", "원화 가치"],
         images=[fig("soc_exchange_rate_01", draw_line_chart,
                     xcats=["1월", "2월", "3월", "4월", "5월", "6월"],
                     series=[("원/달러", [1150, 1180, 1210, 1240, 1275, 1300], RED)],
                     ymin=1100, ymax=1350, ystep=50, ylabel="(원/달러)", fmt="{:,.0f}", value_labels=True)])
    w.short("중3", "국민 경제와 국제 거래", "[9사(일사)11-03]", "하",
            stem="환율이 1달러=1,200원일 때, 50달러짜리 물건을 사려면 우리나라 돈으로 얼마가 필요한지 쓰시오. "
                 "(단, 수수료는 없다.)",
            answer="60,000원",
            expl="50달러×1,200원=60,000원이다.",
            tags=["환율", "환전", "계산"])
    w.mc("중3", "국민 경제와 국제 거래", "[9사(일사)11-02]", "중",
         stem="그림은 가상 국가 A국의 연도별 수출액과 수입액을 나타낸 것이다. 무역 수지 적자가 나타난 해만을 옳게 고른 것은?",
         choices=["2019년", "2020년, 2022년", "2021년", "2021년, 2023년", "2019년, 2023년"], answer=2,
         expl="수입액이 수출액보다 많으면 무역 수지 적자이다. 2020년(수출 500, 수입 530)과 2022년(수출 590, 수입 620)이 해당한다.",
         tags=["무역 수지", "수출", "수입", "그래프 해석"],
         images=[fig("soc_trade_balance_01", draw_bar_chart, categories=["2019", "2020", "2021", "2022", "2023"],
                     series=[("수출액", [520, 500, 560, 590, 610], LBLUE), ("수입액", [480, 530, 540, 620, 580], LORANGE)],
                     ymax=700, ystep=100, ylabel="(억 달러)", xlabel="(년)", legend=True)])

    # --- 헌법, 기본권, 민주주의, 선거 --------------------------------------------------------------------
    w.mc("중3", "인권과 헌법", "[9사(일사)07-02]", "하",
         stem="다음 헌법 조항과 가장 관련 깊은 기본권은?\n\n"
              "모든 국민은 법률이 정하는 바에 의하여 공무 담임권을 가진다.",
         choices=["자유권", "평등권", "참정권", "사회권", "청구권"], answer=3,
         expl="공무 담임권은 국민이 국가 기관의 구성원이 되어 공무를 맡을 수 있는 권리로, 선거권과 함께 참정권에 속한다.",
         tags=["기본권", "참정권", "헌법", "공무 담임권"])
    w.mc("중3", "인권과 헌법", "[9사(일사)07-02]", "하",
         stem="다음 중 사회권에 해당하는 것은?",
         choices=["교육을 받을 권리", "거주·이전의 자유", "선거권", "재판 청구권", "법 앞의 평등"], answer=1,
         expl="사회권은 인간다운 생활을 보장받을 권리로 교육을 받을 권리, 근로의 권리 등이 있다.",
         tags=["기본권", "사회권", "교육을 받을 권리"])
    w.mc("중3", "인권과 헌법", "[9사(일사)07-03]", "중",
         stem="기본권 제한에 대한 설명으로 옳지 않은 것은?",
         choices=["기본권은 법률로써 제한할 수 있다.", "국가 안전 보장을 위하여 필요한 경우 제한할 수 있다.",
                  "제한하는 경우에도 자유와 권리의 본질적인 내용은 침해할 수 없다.",
                  "대통령은 필요하다고 판단하면 명령만으로 언제든지 기본권을 제한할 수 있다.",
                  "공공복리를 위하여 필요한 경우 제한할 수 있다."], answer=4,
         expl="기본권은 국가 안전 보장, 질서 유지, 공공복리를 위해 필요한 경우에 한하여 국회가 만든 법률로써만 제한할 수 있으며, "
              "본질적인 내용은 침해할 수 없다.",
         tags=["기본권 제한", "헌법", "법률 유보"])
    w.mc("중3", "헌법과 국가 기관", "[9사(일사)08-01]", "중",
         stem="그림은 우리나라의 권력 분립 구조를 나타낸 것이다. ㉠에 들어갈 국가 기관으로 가장 적절한 것은?",
         choices=["국회", "정부", "법원", "헌법 재판소", "선거 관리 위원회"], answer=2,
         expl="법률안 거부권을 행사하고 국정 감사를 받는 기관은 행정부인 정부이다. 권력 분립은 국가 권력을 나누어 "
              "서로 견제하게 하는 원리이다.",
         tags=["권력 분립", "삼권 분립", "국가 기관", "견제와 균형"],
         images=[fig("soc_separation_powers_01", draw_node_diagram,
                     nodes={"n": ("국회\n(입법부)", 240, 60, 120, 56, LBLUE),
                            "g": ("㉠\n(행정부)", 100, 280, 120, 56, LORANGE),
                            "c": ("법원\n(사법부)", 380, 280, 120, 56, LGREEN)},
                     edges=[("n", "g", "국정 감사", -14), ("g", "n", "법률안 거부권", -14),
                            ("n", "c", "대법원장 임명 동의", -14), ("c", "g", "명령·규칙 심사", 0)], size=16)])
    secret_choices = ["보통 선거", "평등 선거", "직접 선거", "비밀 선거", "자유 선거"]
    w.mc("중3", "정치 과정과 시민 참여", "[9사(일사)04-02]", "하",
         stem="민주 선거의 기본 원칙 중 투표 내용을 다른 사람이 알 수 없도록 하는 원칙은?",
         choices=secret_choices, answer=4,
         expl="비밀 선거는 유권자가 누구에게 투표했는지 알 수 없도록 하여 자유로운 의사 표현을 보장한다.",
         tags=["선거의 원칙", "비밀 선거", "민주 선거"], dup="soc-secret-ballot")
    w.mc("중3", "정치 과정과 시민 참여", "[9사(일사)04-02]", "하",
         stem="누가 어느 후보에게 표를 던졌는지 다른 사람이 알지 못하게 하는 선거의 원칙은 무엇인가?",
         choices=secret_choices, answer=4,
         expl="투표의 내용을 공개하지 않는 원칙은 비밀 선거이다.",
         tags=["선거의 원칙", "비밀 선거", "투표"], dup="soc-secret-ballot")
    w.mc("중3", "정치 과정과 시민 참여", "[9사(일사)04-03]", "상",
         stem="그림은 어느 선거구의 후보자별 득표율을 나타낸 것이다. 이 선거구에서 가장 많은 표를 얻은 한 명만 당선되는 "
              "방식으로 선거를 치렀을 때, 이에 대한 설명으로 옳은 것은?",
         choices=["B 후보가 당선된다.", "당선자의 득표율은 과반수이다.", "당선자에게 투표하지 않은 표가 전체의 절반을 넘는다.",
                  "D 후보도 득표율에 비례하여 의석을 얻는다.", "모든 후보가 당선된다."], answer=3,
         expl="A 후보가 38 %로 당선되지만 과반수에 미치지 못하며, 당선에 반영되지 않은 표(사표)가 62 %에 이른다.",
         tags=["선거 제도", "다수 대표제", "사표", "득표율"],
         images=[fig("soc_election_bar_01", draw_bar_chart, categories=["A 후보", "B 후보", "C 후보", "D 후보"],
                     series=[("", [38, 35, 20, 7], LBLUE)], ymax=50, ystep=10, ylabel="(%)", value_labels=True)])
    w.mc("중3", "헌법과 국가 기관", "[9사(일사)08-03]", "중",
         stem="헌법 재판소가 하는 일로 옳지 않은 것은?",
         choices=["법률이 헌법에 어긋나는지 심판한다.", "고위 공무원에 대한 탄핵을 심판한다.", "정당의 해산 여부를 심판한다.",
                  "국가 기관 사이의 권한 다툼을 심판한다.", "일반 형사 사건의 1심 재판을 담당한다."], answer=5,
         expl="헌법 재판소는 위헌 법률 심판, 탄핵 심판, 정당 해산 심판, 권한 쟁의 심판, 헌법 소원 심판을 담당한다. "
              "형사 재판은 법원이 한다.",
         tags=["헌법 재판소", "위헌 법률 심판", "탄핵"])

    # --- 문화 ---------------------------------------------------------------------------------------------
    relativism_choices = ["자문화 중심주의", "문화 사대주의", "문화 상대주의", "극단적 문화 상대주의", "문화 동화주의"]
    w.mc("중1", "문화의 이해", "[9사(일사)02-02]", "하",
         stem="다음 사례에 나타난 문화 이해 태도로 가장 적절한 것은?\n\n"
              "지우는 다른 나라의 음식 문화를 그 나라의 자연환경과 역사적 배경 속에서 이해하려고 하였다.",
         choices=relativism_choices, answer=3,
         expl="한 사회의 문화를 그 사회가 처한 환경과 역사의 맥락에서 이해하려는 태도는 문화 상대주의이다.",
         tags=["문화 상대주의", "문화 이해 태도", "음식 문화"], dup="soc-relativism")
    w.mc("중1", "문화의 이해", "[9사(일사)02-02]", "하",
         stem="어떤 사회의 음식 문화를 그 사회의 자연환경과 역사라는 맥락 안에서 이해하려는 태도를 무엇이라고 하는가?",
         choices=relativism_choices, answer=3,
         expl="문화를 그 사회의 맥락에서 이해하는 태도를 문화 상대주의라고 한다.",
         tags=["문화 상대주의", "문화 이해 태도"], dup="soc-relativism")
    w.mc("고1", "문화와 다양성", "[10통사06-02]", "중",
         stem="다음 글에 나타난 문화 이해 태도의 문제점으로 가장 적절한 것은?\n\n"
              "어떤 사회의 관습이 사람의 생명과 존엄성을 해치더라도, 그 사회의 고유한 문화이므로 무조건 존중해야 한다.",
         choices=["자기 문화를 지나치게 낮게 평가한다.", "다른 문화를 미개하다고 여긴다.",
                  "보편적 가치인 인권까지 부정할 수 있다.", "문화 교류를 지나치게 강조한다.",
                  "문화의 변동을 인정하지 않는다."], answer=3,
         expl="극단적 문화 상대주의는 인간의 존엄성과 같은 보편적 가치를 훼손하는 문화까지 인정하는 문제가 있다.",
         tags=["극단적 문화 상대주의", "보편 윤리", "인권"])
    return w.items


# --------------------------------------------------------------------------------------------------------
# Content: 영어 (all passages below were written for this project)
# --------------------------------------------------------------------------------------------------------

ENG_SLEEP_A = (
    "Many students stay up late before a test, believing that a few extra hours of study will help them. However, "
    "research on the brain suggests otherwise. While we sleep, the brain replays what we learned during the day and "
    "moves it into long-term memory. Without enough sleep, this process is cut short, and much of the new information "
    "is simply lost. So the next time you have an exam, closing your books and going to bed early may be the smartest "
    "study plan.")
ENG_SLEEP_B = (
    "Before an exam, a lot of students give up sleep so that they can study longer. But studies of the brain show "
    "that this can backfire. During sleep, our brain goes over the day's lessons and stores them as long-term "
    "memories. If we do not sleep enough, this work is left unfinished, and much of what we learned disappears. Going "
    "to bed early, then, could be the wisest way to prepare for a test.")
ENG_ROOFTOP = (
    "In many crowded cities, there is little space left for parks. Some people have found an answer right above "
    "their heads. They are turning empty rooftops into gardens where they grow vegetables, flowers, and even small "
    "trees. These green roofs keep buildings cooler in summer, give bees and birds a place to rest, and let neighbors "
    "meet and work together. A roof that once held nothing but air conditioners can become a small piece of nature in "
    "the middle of the city.")
ENG_KINDNESS = (
    "When we think about helping others, we often imagine big actions such as donating a lot of money or "
    "volunteering for months. But kindness does not have to be large to matter. Holding the door for someone, "
    "listening carefully to a friend, or sending a short thank-you message can change how a person feels for the "
    "whole day. These small acts also tend to spread, because people who receive kindness are more likely to pass "
    "it on.")
ENG_BEES = (
    "Honeybees that find a good patch of flowers return to the hive and perform a special movement called the "
    "waggle dance. The dancing bee runs forward while shaking its body, then circles back and repeats the pattern. "
    "Scientists have found that the angle of the run shows the direction of the flowers, and the length of the run "
    "shows how far away they are. In other words, bees share directions not with words but with ________.")
ENG_MISTAKES = (
    "Many people feel embarrassed when they make a mistake, so they try to hide it. However, mistakes are one of "
    "the most useful tools for learning. When you get a math problem wrong, you find out exactly which step you do "
    "not understand yet. When a science experiment fails, you learn which idea needs to be changed. People who "
    "improve quickly are usually not the ones who never fail, but the ones who ________.")
ENG_GARDEN = (
    "My grandmother's garden ①is full of flowers every spring. She likes ②to spend her mornings there, watering the "
    "plants ③that she has grown for years. Last week, a few rabbits ④was seen eating her lettuce. Instead of getting "
    "angry, she ⑤quietly built a small fence around the vegetables.")
ENG_FIELD_TRIP = (
    "The students were (A) [excited / exciting] about the field trip. Each of them (B) [was / were] given a map of "
    "the museum, and they (C) [arrived / arriving] at the entrance right on time.")
ENG_SURVEY_INTRO = "The graph above shows how the students at Hanbit Middle School get to school."
ENG_NOTICE_A = (
    "Dear Residents,\n"
    "We would like to let you know that the community swimming pool will be closed from July 3 to July 10. During "
    "this time, workers will repair the pool floor and replace the old water pipes. The pool will open again on "
    "July 11 at 6 a.m. We are sorry for any inconvenience and thank you for your understanding.\n"
    "Sincerely,\nGreenhill Apartment Management Office")
ENG_NOTICE_B = (
    "Dear Residents,\n"
    "Please note that our community pool will not be open between July 3 and July 10. Workers will be fixing the "
    "floor of the pool and changing the old water pipes during this period. The pool will reopen at 6 a.m. on "
    "July 11. We apologize for the trouble and appreciate your patience.\n"
    "Best regards,\nGreenhill Apartment Management Office")
ENG_STATION = (
    "Mina stood on the platform, checking the clock again and again. Her grandmother's train should have arrived "
    "twenty minutes ago, but there was still no sign of it. She imagined all kinds of problems, and her hands grew "
    "cold. Then, at last, a train slowly pulled in, and Mina saw a small figure waving from the window. She let out "
    "a long breath and ran toward the door with a big smile.")
ENG_FESTIVAL = (
    "The Maple Lantern Festival is held every October in the small town of Riverton. It began in 1998, when a group "
    "of students made paper lanterns to celebrate the end of the harvest. Today, visitors can make their own lanterns "
    "at free workshops, enjoy local food, and watch hundreds of lanterns float down the river on the last night. The "
    "festival lasts for three days, and all events are held outdoors, so visitors are advised to bring warm clothes.")
ENG_PUZZLES = (
    "Researchers asked two groups of people to solve the same puzzles. The first group was told that the puzzles "
    "measured their intelligence, while the second group was told that the puzzles were just for fun. Surprisingly, "
    "the second group solved more puzzles and kept trying for longer. The researchers explained that when people "
    "feel they are being judged, they become afraid of failing and give up more easily.\n\n"
    "→ People tend to perform (A) ________ when they feel less (B) ________.")
ENG_WINTER = (
    "Some animals change their behavior to survive the cold winter. (A) ________, bears sleep for months in a warm "
    "den and live on the fat stored in their bodies. Other animals cannot store enough fat. (B) ________, many birds "
    "fly to warmer places before the weather turns cold.")
ENG_DIGITAL = (
    "Our phones are full of apps that promise to save time, yet many of us feel busier than ever. Every alert pulls "
    "our attention away from what we are doing, and it can take several minutes to focus again. Some people are now "
    "trying a different approach: they delete the apps they do not truly need and turn off most notifications. They "
    "report that they read more, sleep better, and enjoy conversations without constantly checking their screens. "
    "Using fewer digital tools, it seems, can give us back the time those tools were supposed to save.")
ENG_SPOTLIGHT = (
    "Imagine walking into class with a small stain on your shirt. You may feel that everyone is staring at it, but in "
    "reality, few people even notice. Psychologists call this the \"spotlight effect\": we tend to believe that others "
    "pay much more attention to us than they actually do. Because each person is busy thinking about their own "
    "appearance and behavior, they rarely have time to examine ours. Knowing this can help us worry less, since "
    "people are far ________ than we think.")
ENG_PLASTIC = (
    "Every minute, a huge amount of plastic ends up in the ocean. Much of it breaks into tiny pieces called "
    "microplastics, which are too small to see but easy for fish to swallow. These pieces then move up the food "
    "chain and can even reach our dinner tables. Cleaning the whole ocean is nearly impossible, so the most "
    "effective solution is to stop plastic from entering the water in the first place.")


def english_items() -> list[Draft]:
    w = Writer("영어")
    sleep_choices = ["why students prefer studying at night", "the role of sleep in storing new memories",
                     "the best time of day to exercise", "how dreams can predict the future",
                     "the history of school examinations"]
    w.mc("중3", "읽기: 주제", "[9영03-02]", "중", passage=ENG_SLEEP_A,
         stem="다음 글의 주제로 가장 적절한 것은?", choices=sleep_choices, answer=2,
         expl="잠자는 동안 뇌가 낮에 배운 내용을 장기 기억으로 옮기므로 시험 전에 충분히 자는 것이 중요하다는 내용이다.",
         tags=["주제", "수면", "기억", "독해"], dup="eng-sleep-topic")
    w.mc("중3", "읽기: 주제", "[9영03-02]", "중", passage=ENG_SLEEP_B,
         stem="다음 글의 주제로 가장 적절한 것은?", choices=sleep_choices, answer=2,
         expl="수면 중에 뇌가 학습 내용을 장기 기억으로 저장한다는 점을 들어 시험 전 충분한 수면을 권하는 글이다.",
         tags=["주제", "수면", "기억", "독해"], dup="eng-sleep-topic")
    w.mc("고1", "읽기: 제목", "[10영03-02]", "중", passage=ENG_ROOFTOP,
         stem="다음 글의 제목으로 가장 적절한 것은?",
         choices=["How to Repair an Old Roof", "The Danger of Air Conditioners", "Green Spaces on Top of the City",
                  "Why Bees Are Disappearing", "Building Taller Apartments"], answer=3,
         expl="도시의 빈 옥상을 정원으로 바꾸어 얻는 여러 이점을 설명하는 글이므로 'Green Spaces on Top of the City'가 알맞다.",
         tags=["제목", "옥상 정원", "도시", "독해"])
    w.mc("중2", "읽기: 요지", "[9영03-02]", "하", passage=ENG_KINDNESS,
         stem="다음 글의 요지로 가장 적절한 것은?",
         choices=["큰 기부만이 다른 사람을 도울 수 있는 방법이다.", "작은 친절도 다른 사람에게 의미 있는 영향을 준다.",
                  "자원봉사는 오랜 기간 꾸준히 해야 효과가 있다.", "감사 인사는 직접 만나서 전하는 것이 좋다.",
                  "친구의 말을 들을 때는 조언을 먼저 해야 한다."], answer=2,
         expl="'kindness does not have to be large to matter'가 글의 요지를 드러낸다.",
         tags=["요지", "친절", "독해"])
    w.mc("중3", "읽기: 빈칸 추론", "[9영03-04]", "중", passage=ENG_BEES,
         stem="다음 빈칸에 들어갈 말로 가장 적절한 것은?",
         choices=["bright colors", "loud noises", "the movements of their bodies", "sweet smells", "written signs"],
         answer=3,
         expl="벌은 8자 춤의 방향과 길이로 꽃의 위치를 알려 주므로 '몸의 움직임'으로 정보를 전달한다.",
         tags=["빈칸 추론", "꿀벌", "의사소통", "독해"])
    w.mc("고1", "읽기: 빈칸 추론", "[10영03-04]", "중", passage=ENG_MISTAKES,
         stem="다음 빈칸에 들어갈 말로 가장 적절한 것은?",
         choices=["avoid difficult tasks", "study from their errors", "always work alone", "hide their test scores",
                  "never ask questions"], answer=2,
         expl="실수는 배움의 도구라는 내용이므로 빨리 발전하는 사람은 자신의 실수로부터 배우는 사람이다.",
         tags=["빈칸 추론", "실수", "학습", "독해"])
    w.mc("중2", "언어 형식: 어법", "[9영04-03]", "중", passage=ENG_GARDEN,
         stem="다음 글의 밑줄 친 부분 중, 어법상 틀린 것은?",
         choices=["is", "to spend", "that", "was", "quietly"], answer=4,
         expl="주어가 복수인 'a few rabbits'이므로 'was'가 아니라 'were'가 되어야 한다.",
         tags=["어법", "주어와 동사의 수 일치", "수동태"])
    w.mc("중3", "언어 형식: 어법", "[9영04-03]", "중", passage=ENG_FIELD_TRIP,
         stem="(A), (B), (C)의 각 네모 안에서 어법에 맞는 표현으로 가장 적절한 것은?",
         choices=["exciting - was - arrived", "excited - were - arrived", "excited - was - arrived",
                  "exciting - were - arriving", "excited - was - arriving"], answer=3,
         expl="(A) 학생들이 신이 난 감정을 느끼므로 과거분사 excited, (B) 'each of+복수 명사'는 단수 취급하므로 was, "
              "(C) 문장의 동사 자리이므로 arrived가 알맞다.",
         tags=["어법", "분사형 형용사", "수 일치", "동사"])

    # --- 도표 ---------------------------------------------------------------------------------------------
    survey_base = ["The percentage of students who take the bus is higher than that of students who take the subway.",
                   "The percentage of students who ride a bicycle is less than half that of students who walk.",
                   "Fewer than one in ten students come to school by car."]
    w.mc("중3", "읽기: 도표", "[9영03-03]", "중", passage=ENG_SURVEY_INTRO,
         stem="다음 도표의 내용과 일치하지 않는 것은?",
         choices=["Walking is the most popular way of getting to school.", survey_base[0], survey_base[1],
                  "Students who take the subway or the bus make up less than 40% of all students.", survey_base[2]],
         answer=4,
         expl="지하철(17%)과 버스(28%)를 이용하는 학생은 합하여 45%로 40%보다 많다.",
         tags=["도표", "통학 수단", "비율", "그래프 해석"],
         images=[fig("eng_chart_survey_01", draw_bar_chart, categories=["Walk", "Bus", "Subway", "Bicycle", "Car"],
                     series=[("", [35, 28, 17, 12, 8], LBLUE)], ymax=40, ystep=10,
                     title="How Students Get to School", ylabel="(%)", value_labels=True)],
         dup="eng-survey-chart")
    w.mc("중3", "읽기: 도표", "[9영03-03]", "중", passage=ENG_SURVEY_INTRO,
         stem="다음 도표의 내용과 일치하지 않는 것은?",
         choices=["Walking is the most popular way of getting to school.", survey_base[0], survey_base[1],
                  "Students who take the subway or the bus make up less than half of all students.", survey_base[2]],
         answer=1,
         expl="가장 많은 학생이 이용하는 통학 수단은 버스(33%)이며, 걸어서 오는 학생(30%)이 그다음이다.",
         tags=["도표", "통학 수단", "비율", "그래프 해석"],
         images=[fig("eng_chart_survey_02", draw_bar_chart, categories=["Walk", "Bus", "Subway", "Bicycle", "Car"],
                     series=[("", [30, 33, 15, 14, 8], LBLUE)], ymax=40, ystep=10,
                     title="How Students Get to School", ylabel="(%)", value_labels=True)],
         dup="eng-survey-chart")
    phone = fig("eng_chart_line_01", draw_line_chart, xcats=["2018", "2019", "2020", "2021", "2022", "2023"],
                series=[("hours", [3.1, 3.4, 4.2, 4.5, 4.3, 4.6], BLUE)], ymin=0, ymax=6, ystep=1,
                title="Average Daily Smartphone Use of Teens", ylabel="(hours)", value_labels=True)
    w.mc("고1", "읽기: 도표", "[10영03-03]", "중",
         passage="The graph above shows how many hours teenagers in one city spent on their smartphones a day "
                 "on average.",
         stem="다음 도표의 내용과 일치하지 않는 것은?",
         choices=["Smartphone use increased every year from 2018 to 2021.",
                  "The largest increase from the previous year was in 2020.",
                  "Smartphone use in 2022 was lower than in 2021.",
                  "In 2023, teens used their smartphones for more than five hours a day on average.",
                  "Smartphone use in 2023 was 1.5 hours more than in 2018."], answer=4,
         expl="2023년의 평균 사용 시간은 4.6시간으로 5시간보다 적다.",
         tags=["도표", "선 그래프", "스마트폰", "그래프 해석"], images=[phone])
    w.essay("고1", "쓰기: 비교 표현", "[10영04-02]", "중",
            stem="위 도표를 보고, 2020년과 2021년의 청소년 스마트폰 사용 시간을 비교하는 문장을 비교급을 사용하여 영어로 쓰시오.",
            answer="Teens used their smartphones more in 2021 than in 2020. (또는 Teens spent more time on their "
                   "smartphones in 2021 than in 2020.)",
            expl="2021년(4.5시간)이 2020년(4.2시간)보다 사용 시간이 많으므로 'more ~ than'을 사용한다.",
            tags=["쓰기", "비교급", "도표", "서술형"], images=[ref("eng_chart_line_01")])
    w.mc("중2", "읽기: 도표", "[9영03-03]", "하",
         passage="The chart above shows the favorite seasons of 200 students.",
         stem="다음 도표의 내용과 일치하지 않는 것은?",
         choices=["Fall is the most popular season among the students.", "More students chose spring than summer.",
                  "Winter was chosen by the smallest percentage of students.",
                  "The percentage of students who chose summer is more than twice that of winter.",
                  "Spring and summer together account for more than 60% of the answers."], answer=5,
         expl="봄(30%)과 여름(25%)을 합하면 55%로 60%보다 적다.",
         tags=["도표", "원그래프", "계절", "그래프 해석"],
         images=[fig("eng_chart_pie_01", draw_pie_chart,
                     slices=[("Spring", 30, LGREEN), ("Summer", 25, LRED), ("Fall", 35, LORANGE),
                             ("Winter", 10, LBLUE)], title="Favorite Season")])
    w.mc("중1", "읽기: 그림 묘사", "[9영03-01]", "하",
         stem="다음 그림의 내용과 일치하지 않는 것은?",
         choices=["A cat is sleeping under the table.", "There is a clock on the wall.", "A lamp is on the table.",
                  "There are two chairs in the room.", "A ball is next to the chair."], answer=4,
         expl="그림 속 방에는 의자가 하나만 있다.",
         tags=["그림 묘사", "전치사", "there is/are"],
         images=[fig("eng_scene_room_01", draw_room_scene)])
    w.essay("중1", "쓰기: 현재진행형", "[9영04-01]", "하",
            stem="그림 속에서 나무 아래에 앉아 있는 여자아이가 하고 있는 일을 현재진행형을 사용하여 완전한 영어 문장으로 쓰시오.",
            answer="She is reading a book (under the tree).",
            expl="현재진행형은 'be동사+동사원형-ing'로 쓴다. 여자아이는 책을 읽고 있다.",
            tags=["쓰기", "현재진행형", "그림 묘사", "서술형"],
            images=[fig("eng_scene_park_01", draw_park_scene)])

    # --- 대화, 글의 목적, 심경, 내용 일치 ---------------------------------------------------------------
    w.mc("중1", "듣기·말하기: 대화", "[9영02-03]", "하",
         passage="A: I have a terrible headache.\nB: ________\nA: Thanks. I think I'll lie down for a while.",
         stem="다음 대화의 빈칸에 들어갈 말로 가장 적절한 것은?",
         choices=["Congratulations! You did a great job.", "That's too bad. Why don't you get some rest?",
                  "Sure. Here is your change.", "I'm sorry, but the store is closed.", "It's my pleasure to meet you."],
         answer=2,
         expl="두통이 있다는 말에 걱정을 표현하고 휴식을 권하는 말이 알맞다.",
         tags=["대화", "유감 표현", "제안하기"])
    w.mc("중2", "듣기·말하기: 대화", "[9영02-03]", "하",
         passage="Jisu: What are you going to do this weekend?\n"
                 "(A) That sounds fun! Can I join you?\n"
                 "(B) I'm going to visit the science museum with my brother.\n"
                 "(C) Of course. Let's meet at the bus stop at ten.",
         stem="주어진 말에 이어질 대화의 순서로 가장 적절한 것은?",
         choices=["(A)-(B)-(C)", "(A)-(C)-(B)", "(B)-(A)-(C)", "(B)-(C)-(A)", "(C)-(A)-(B)"], answer=3,
         expl="주말 계획을 묻는 말에 계획을 답하고(B), 함께 가도 되는지 묻고(A), 만날 시간과 장소를 정하는(C) 순서이다.",
         tags=["대화 순서", "계획 말하기", "약속 정하기"])
    notice_choices = ["수영장 이용 규칙을 안내하려고", "수영장 임시 휴장을 알리려고", "수영 강습 등록을 권유하려고",
                      "수영장 직원을 모집하려고", "수영장 이용료 인상을 사과하려고"]
    w.mc("고1", "읽기: 글의 목적", "[10영03-05]", "하", passage=ENG_NOTICE_A,
         stem="다음 글의 목적으로 가장 적절한 것은?", choices=notice_choices, answer=2,
         expl="보수 공사로 7월 3일부터 10일까지 수영장을 닫는다는 것을 주민에게 알리는 글이다.",
         tags=["글의 목적", "안내문", "공지"], dup="eng-notice-purpose")
    w.mc("고1", "읽기: 글의 목적", "[10영03-05]", "하", passage=ENG_NOTICE_B,
         stem="다음 글의 목적으로 가장 적절한 것은?", choices=notice_choices, answer=2,
         expl="수리 공사 기간 동안 수영장을 운영하지 않는다는 사실을 알리는 안내문이다.",
         tags=["글의 목적", "안내문", "공지"], dup="eng-notice-purpose")
    w.mc("중3", "읽기: 심경 변화", "[9영03-05]", "중", passage=ENG_STATION,
         stem="다음 글에 드러난 Mina의 심경 변화로 가장 적절한 것은?",
         choices=["bored → angry", "nervous → relieved", "excited → disappointed", "calm → scared",
                  "proud → ashamed"], answer=2,
         expl="기차가 늦어 초조해하던(nervous) Mina가 할머니를 보고 안도한다(relieved).",
         tags=["심경 변화", "글의 분위기", "독해"])
    w.mc("고1", "읽기: 내용 일치", "[10영03-03]", "하", passage=ENG_FESTIVAL,
         stem="Maple Lantern Festival에 관한 다음 글의 내용과 일치하지 않는 것은?",
         choices=["매년 10월에 Riverton에서 열린다.", "1998년에 학생들이 종이 등을 만든 것에서 시작되었다.",
                  "방문객은 등 만들기 체험에 참가비를 내야 한다.", "마지막 날 밤에 등을 강에 띄워 보낸다.",
                  "모든 행사는 야외에서 열린다."], answer=3,
         expl="'free workshops'라고 했으므로 등 만들기 체험은 무료이다.",
         tags=["내용 일치", "축제", "안내문", "독해"])
    w.mc("고2", "읽기: 요약문 완성", "[12영Ⅰ03-03]", "상", passage=ENG_PUZZLES,
         stem="다음 글의 내용을 한 문장으로 요약하고자 한다. 빈칸 (A), (B)에 들어갈 말로 가장 적절한 것은?",
         choices=["worse - pressure", "better - interest", "better - pressure", "worse - freedom", "faster - joy"],
         answer=3,
         expl="평가받는다고 느끼지 않은 집단이 더 좋은 결과를 냈으므로, 사람들은 부담(pressure)을 덜 느낄 때 더 잘(better) 수행한다.",
         tags=["요약문", "실험", "심리", "독해"])
    w.mc("중2", "어휘", "[9영03-01]", "하",
         stem="다음 영영 풀이에 해당하는 단어로 가장 적절한 것은?\n\na person who travels to a place for pleasure",
         choices=["pilot", "tourist", "guide", "driver", "citizen"], answer=2,
         expl="즐거움을 위해 어떤 장소로 여행하는 사람은 tourist(관광객)이다.",
         tags=["어휘", "영영 풀이"])
    w.mc("중1", "어휘", "[9영03-01]", "하",
         stem="다음 빈칸에 공통으로 들어갈 말로 가장 적절한 것은?\n\n"
              "• Can you ________ me a favor?\n• I have to ________ my homework first.",
         choices=["make", "do", "take", "have", "give"], answer=2,
         expl="'do ~ a favor(부탁을 들어주다)', 'do one's homework(숙제를 하다)'로 쓰인다.",
         tags=["어휘", "연어", "do"])
    w.mc("고1", "읽기: 연결어", "[10영03-04]", "중", passage=ENG_WINTER,
         stem="다음 글의 빈칸 (A), (B)에 들어갈 말로 가장 적절한 것은?",
         choices=["For example - Instead", "However - Therefore", "For example - Besides", "In addition - However",
                  "Instead - For example"], answer=1,
         expl="(A)에는 곰의 사례를 드는 'For example', (B)에는 지방을 저장하는 대신 이동한다는 'Instead'가 알맞다.",
         tags=["연결어", "빈칸 추론", "동물의 겨울나기"])
    w.essay("중3", "쓰기: 간접의문문", "[9영04-02]", "중",
            stem="다음 우리말과 뜻이 같도록 주어진 단어를 바르게 배열하여 문장을 쓰시오.\n\n"
                 "나는 그가 어디에 사는지 모른다. (lives / he / where / know / don't / I)",
            answer="I don't know where he lives.",
            expl="간접의문문은 '의문사+주어+동사'의 어순으로 쓴다.",
            tags=["간접의문문", "어순", "서술형"])
    w.short("중3", "쓰기: 관계대명사", "[9영04-02]", "중",
            stem="다음 두 문장을 관계대명사 who를 사용하여 한 문장으로 쓰시오.\n\nI have a friend. She lives in Canada.",
            answer="I have a friend who lives in Canada.",
            expl="선행사 a friend가 사람이고 뒤 문장의 주어 역할을 하므로 주격 관계대명사 who를 쓴다.",
            tags=["관계대명사", "주격 관계대명사", "문장 연결"])
    w.mc("고2", "읽기: 주제", "[12영Ⅰ03-02]", "중", passage=ENG_DIGITAL,
         stem="다음 글의 주제로 가장 적절한 것은?",
         choices=["ways to design popular smartphone apps", "the history of mobile phones",
                  "reasons to check notifications quickly", "benefits of reducing unnecessary digital tools",
                  "how sleep affects reading habits"], answer=4,
         expl="불필요한 앱을 지우고 알림을 끄는 등 디지털 도구를 줄였을 때의 이점을 설명하는 글이다.",
         tags=["주제", "디지털 미니멀리즘", "스마트폰", "독해"])
    w.mc("고2", "읽기: 빈칸 추론", "[12영Ⅰ03-04]", "상", passage=ENG_SPOTLIGHT,
         stem="다음 빈칸에 들어갈 말로 가장 적절한 것은?",
         choices=["more critical of us", "less focused on us", "more interested in fashion",
                  "less busy with their own lives", "more likely to remember mistakes"], answer=2,
         expl="사람들은 각자 자신에게 신경 쓰느라 우리에게 생각만큼 주목하지 않는다는 '스포트라이트 효과'에 관한 글이다.",
         tags=["빈칸 추론", "스포트라이트 효과", "심리", "독해"])
    w.mc("고1", "읽기: 제목", "[10영03-02]", "중", passage=ENG_PLASTIC,
         stem="다음 글의 제목으로 가장 적절한 것은?",
         choices=["Fishing: A Popular Hobby", "Stopping Plastic Before It Reaches the Sea",
                  "How Fish Find Food in the Dark",
                  "The Invention of Plastic Bottles", "Why Oceans Are Salty"], answer=2,
         expl="미세 플라스틱의 피해를 설명한 뒤, 플라스틱이 바다에 들어가기 전에 막는 것이 가장 효과적이라고 주장한다.",
         tags=["제목", "미세 플라스틱", "환경", "독해"])
    return w.items


# --------------------------------------------------------------------------------------------------------
# Assembly: ids, order, near-duplicate groups
# --------------------------------------------------------------------------------------------------------

ITEM_FIELDS = ("id", "subject", "grade", "unit", "standard", "difficulty", "type", "stem", "passage", "choices",
               "answer", "explanation", "source", "tags", "images")
SUBJECTS: tuple[tuple[str, str, Callable[[], list[Draft]]], ...] = (
    ("수학", "MATH", math_items), ("과학", "SCI", science_items), ("국어", "KOR", korean_items),
    ("사회", "SOC", social_items), ("영어", "ENG", english_items))
MIN_GAP = 3  # members of a planted group sit at least this many places apart in the file


def smallest_gap(order: Sequence[Draft]) -> int:
    """Smallest distance between two members of the same planted group (large if there are none)."""
    last: dict[str, int] = {}
    gap = 10 ** 6
    for i, d in enumerate(order):
        if d.dup:
            if d.dup in last:
                gap = min(gap, i - last[d.dup])
            last[d.dup] = i
    return gap


def spread(drafts: list[Draft], rng: random.Random) -> list[Draft]:
    """Shuffle one subject's items so that planted near-duplicates are never close to each other."""
    for _ in range(10_000):
        order = drafts[:]
        rng.shuffle(order)
        if smallest_gap(order) >= MIN_GAP:
            return order
    raise RuntimeError("could not spread near-duplicates apart")


def build_bank() -> tuple[list[dict], list[dict]]:
    """All items as JSON-ready dicts (subject blocks, shuffled inside) and the near-duplicate groups."""
    FIGURES.clear()
    rng = random.Random(SEED)
    records: list[dict] = []
    members: dict[str, list[str]] = {key: [] for key in DUP_GROUPS}
    for subject, prefix, make in SUBJECTS:
        drafts = make()
        assert all(d.subject == subject for d in drafts)
        for n, d in enumerate(spread(drafts, rng), start=1):
            item_id = f"S-{prefix}-{n:03d}"
            if d.dup:
                members[d.dup].append(item_id)
            records.append({"id": item_id, "subject": d.subject, "grade": d.grade, "unit": d.unit,
                            "standard": d.standard, "difficulty": d.difficulty, "type": d.type, "stem": d.stem,
                            "passage": d.passage, "choices": d.choices, "answer": d.answer,
                            "explanation": d.explanation, "source": SOURCE, "tags": d.tags, "images": d.images})
    groups = [{"kind": DUP_GROUPS[key][0], "ids": sorted(ids), "note": DUP_GROUPS[key][1]}
              for key, ids in members.items()]
    return records, groups


# --------------------------------------------------------------------------------------------------------
# Checks: the script refuses to write a bank that breaks its own promises
# --------------------------------------------------------------------------------------------------------

MINIMUMS = {"수학": 36, "과학": 36, "국어": 30, "사회": 30, "영어": 28}


def validate(records: Sequence[dict], groups: Sequence[dict], out_dir: Path) -> None:
    """Schema, answers, figures on disk, counts and the planted groups; raises AssertionError on any slip."""
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "duplicate ids"
    used_images: set[str] = set()
    for r in records:
        assert tuple(r) == ITEM_FIELDS, r["id"]
        assert r["subject"] in MINIMUMS and r["difficulty"] in ("상", "중", "하"), r["id"]
        assert r["type"] in ("객관식", "단답형", "서술형"), r["id"]
        assert r["stem"] and r["answer"] and r["explanation"] and r["tags"], r["id"]
        if r["type"] == "객관식":
            assert len(r["choices"]) == 5 and r["answer"] in {"1", "2", "3", "4", "5"}, r["id"]
            assert not any(c[:1] in "①②③④⑤" for c in r["choices"]), r["id"]
            assert len(set(r["choices"])) == 5, r["id"]
        else:
            assert r["choices"] == [], r["id"]
        for path in r["images"]:
            assert (out_dir / path).is_file(), path
            used_images.add(path)
    on_disk = {f"figures/{p.name}" for p in (out_dir / "figures").glob("*.png")}
    assert on_disk == used_images, f"unused figures: {sorted(on_disk - used_images)}"
    for subject, minimum in MINIMUMS.items():
        assert sum(r["subject"] == subject for r in records) >= minimum, subject
    assert sum(bool(r["images"]) for r in records) >= 75, "too few items with figures"
    assert len(groups) >= 10 and all(2 <= len(g["ids"]) <= 3 for g in groups), "near-duplicate groups"
    position = {i: n for n, i in enumerate(ids)}
    for g in groups:
        spots = sorted(position[i] for i in g["ids"])
        assert all(b - a >= MIN_GAP for a, b in zip(spots, spots[1:])), g
    # the 'metaphase without the word' probe: one item names 중기, its figure twin must not
    twin = [r for r in records if "figures/sci_cell_division_01.png" in r["images"]]
    assert twin and "중기" not in json.dumps(twin[0], ensure_ascii=False), "probe item leaks the word 중기"


# --------------------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------------------

def write_jsonl(path: Path, records: Sequence[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def write_groups(path: Path, groups: Sequence[dict]) -> None:
    path.write_text(json.dumps(list(groups), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def count_by(records: Sequence[dict], key: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in records:
        counts[r[key]] = counts.get(r[key], 0) + 1
    return counts


GRADE_ORDER = ["초5", "초6", "중1", "중2", "중3", "고1", "고2", "고3"]


def readme_text(records: Sequence[dict], groups: Sequence[dict], figure_bytes: int) -> str:
    """README.md for the bank, generated so that its numbers can never drift from the data."""
    subjects = [s for s, _, _ in SUBJECTS]
    grades = [g for g in GRADE_ORDER if any(r["grade"] == g for r in records)]
    with_fig = sum(bool(r["images"]) for r in records)
    n_figs = len({p for r in records for p in r["images"]})
    header = "| 과목 Subject | " + " | ".join(grades) + " | 합계 Total | 그림 있음 With figure |"
    rule = "|---" * (len(grades) + 3) + "|"
    rows = []
    for s in subjects:
        cells = [str(sum(r["subject"] == s and r["grade"] == g for r in records)) for g in grades]
        total = sum(r["subject"] == s for r in records)
        figs = sum(r["subject"] == s and bool(r["images"]) for r in records)
        rows.append(f"| {s} | " + " | ".join(cells) + f" | {total} | {figs} |")
    totals = [str(sum(r["grade"] == g for r in records)) for g in grades]
    rows.append("| 합계 | " + " | ".join(totals) + f" | {len(records)} | {with_fig} |")
    types = count_by(records, "type")
    group_lines = [f"- `{g['kind']}`: {', '.join(g['ids'])} — {g['note']}" for g in groups]
    field_list = ", ".join(f"`{k}`" for k in ITEM_FIELDS)
    text_probe = [r["id"] for r in records if "중기" in r["stem"] and not r["images"]]
    fig_probe = [r["id"] for r in records if "figures/sci_cell_division_01.png" in r["images"]]
    return f"""# 샘플 문항 은행 (Sample item bank)

itembank에 함께 배포되는 연습용 문항 은행입니다. 교사가 자기 문항을 가져오기 전에 검색, 중복 문항 찾기, 그림 미리보기를
바로 써 볼 수 있도록 만들었고, 테스트와 벤치마크에서 정답이 알려진 고정 말뭉치로도 씁니다.

A small practice bank shipped with itembank, so that search, near-duplicate detection and figure thumbnails can be
tried before importing real items, and so that tests and benchmarks have a fixed corpus with known answers.

## 구성 (Contents)

- `items.jsonl` — 문항 {len(records)}개, 한 줄에 JSON 객체 하나 (UTF-8). One item per line; fields: {field_list}.
- `figures/` — 그림 {n_figs}개 (PNG, 약 {figure_bytes / 1024:.0f} KB). 그림이 있는 문항 {with_fig}개.
  {n_figs} figures used by {with_fig} items; `images` holds paths relative to this folder.
- `near_duplicates.json` — 일부러 심어 둔 유사 문항 묶음 {len(groups)}개. Deliberate near-duplicate groups.

문항 유형 (item types): 객관식 {types.get("객관식", 0)}, 단답형 {types.get("단답형", 0)}, 서술형 {types.get("서술형", 0)}.
객관식의 `answer`는 정답 선지 번호("1"~"5")이고, 선지에는 ①~⑤를 붙이지 않았습니다.
For multiple-choice items `answer` is the 1-based number of the correct choice.

## 과목·학년별 문항 수 (Items per subject and grade)

{header}
{rule}
{chr(10).join(rows)}

## 유사 문항 묶음 (Planted near-duplicates)

서로 떨어진 위치에 다른 id로 넣었습니다. kind: `reworded`(같은 문항을 다른 문장으로), `same_figure_different_numbers`
(같은 그림에 수치만 다름 → 정답도 다름), `same_figure_redrawn`(같은 내용을 선 굵기·위치·크기만 바꿔 다시 그림).
Members of a group are never adjacent in the file.

{chr(10).join(group_lines)}

검색 확인용 짝 (semantic-search probe):
- {", ".join(text_probe)} — '체세포 분열 중기'라는 말을 그대로 쓰는 문항.
- {", ".join(fig_probe)} — 같은 개념(염색체가 세포 가운데 적도면에 늘어선 시기)을 '중기'라는 낱말 없이 그림과 함께 묻는 문항.
  This item never contains the word 중기 in any field.

## 다시 만들기 (Regenerate)

```
python tools/make_sample_bank.py
```

스크립트는 고정된 시드를 쓰고 네트워크를 쓰지 않으므로 실행할 때마다 바이트 단위로 같은 파일을 만듭니다. 그림은 Pillow로
그리며 한글은 `assets/fonts/NanumGothic.ttf`, `NanumGothicBold.ttf`를 씁니다. 만든 뒤에는 스스로 형식, 정답 번호,
그림 파일, 과목별 최소 문항 수, 유사 문항 배치를 검사합니다.
The script is deterministic (fixed seed, no network, no timestamps), draws the figures with Pillow and checks its
own output before finishing.

## 출처와 라이선스 (Source and licence)

모든 발문, 지문, 시, 소설 장면, 영어 지문, 통계 수치는 이 프로젝트를 위해 새로 쓴 것이며 기출 문제나 교과서의 글을
옮기지 않았습니다(통계는 모두 가상의 수치). 성취기준 코드는 국가 교육과정의 표기 형식을 따른 예시입니다.
All text — stems, passages, poems, story scenes, English passages — and all statistics were written or invented for
this project; no exam or textbook text is copied. The data is released under the project's licence (MIT).
The NanumGothic font used in the figures is licensed under the SIL Open Font License (see
`assets/fonts/OFL-NanumGothic.txt`).
"""


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    records, groups = build_bank()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    write_figures(FIG_DIR)
    write_jsonl(OUT_DIR / "items.jsonl", records)
    write_groups(OUT_DIR / "near_duplicates.json", groups)
    (OUT_DIR / "README.md").write_text(readme_text(records, groups, dir_size(FIG_DIR)), encoding="utf-8")
    validate(records, groups, OUT_DIR)
    with_fig = sum(bool(r["images"]) for r in records)
    print(f"wrote {len(records)} items ({with_fig} with figures), {len(FIGURES)} figures, "
          f"{len(groups)} near-duplicate groups to {OUT_DIR.relative_to(ROOT)}")
    for subject, n in count_by(records, "subject").items():
        print(f"  {subject}: {n}")


if __name__ == "__main__":
    main()
