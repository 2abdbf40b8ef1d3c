"""Draw the itembank app icon with Pillow: a blue rounded tile, a white exam sheet, an amber magnifier.

    python packaging/make_icon.py [--out assets/icons]

Writes itembank-{256,128,64,48,32,16}.png, itembank.png (256 px) and itembank.ico (all sizes in one
file, for Windows and Inno Setup). Each size is drawn at 8x and downsampled, so the small sizes stay
crisp; 16 and 32 px drop the text lines that would turn into mush.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw

SIZES = (256, 128, 64, 48, 32, 16)
BLUE_TOP = (37, 99, 235)      # tile gradient, top
BLUE_BOTTOM = (29, 64, 175)   # tile gradient, bottom
PAPER = (255, 255, 255)
LINE = (148, 163, 184)
ACCENT = (245, 158, 11)       # amber magnifier
ACCENT_DARK = (180, 83, 9)
ROOT = Path(__file__).resolve().parent.parent


def draw(size: int) -> Image.Image:
    scale = 8
    s = size * scale
    u = s / 256.0  # design units: the icon is laid out on a 256 grid

    # the tile: vertical gradient through a rounded-rectangle mask
    gradient = Image.new("RGBA", (s, s))
    g = ImageDraw.Draw(gradient)
    for y in range(s):
        t = y / max(s - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(BLUE_TOP, BLUE_BOTTOM))
        g.line([(0, y), (s, y)], fill=colour + (255,))
    mask = Image.new("L", (s, s), 0)
    ImageDraw.Draw(mask).rounded_rectangle([8 * u, 8 * u, 248 * u, 248 * u], radius=52 * u, fill=255)
    icon = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    icon.paste(gradient, (0, 0), mask)
    d = ImageDraw.Draw(icon)

    # the exam sheet, with a folded corner
    left, top, right, bottom, fold = 58 * u, 40 * u, 178 * u, 204 * u, 30 * u
    d.polygon([(left, top), (right - fold, top), (right, top + fold), (right, bottom), (left, bottom)],
              fill=PAPER)
    d.polygon([(right - fold, top), (right - fold, top + fold), (right, top + fold)], fill=(203, 213, 225))
    if size >= 48:
        # question number block and text lines
        d.rounded_rectangle([left + 14 * u, top + 18 * u, left + 36 * u, top + 40 * u], radius=5 * u,
                            fill=BLUE_TOP)
        for row, width in ((0, 62), (1, 86), (2, 74), (3, 90), (4, 56)):
            y = top + 24 * u + row * 22 * u if row == 0 else top + 56 * u + (row - 1) * 20 * u
            x0 = left + 44 * u if row == 0 else left + 14 * u
            d.rounded_rectangle([x0, y, x0 + width * u * (0.75 if row == 0 else 1), y + 8 * u],
                                radius=4 * u, fill=LINE)
    else:
        for row in range(3):
            y = top + 30 * u + row * 36 * u
            d.rectangle([left + 16 * u, y, right - 22 * u, y + 14 * u], fill=LINE)

    # the magnifier: ring, lens, handle
    cx, cy, r, ring = 166 * u, 160 * u, 46 * u, (14 if size >= 48 else 20) * u
    handle = [(cx + r * 0.62, cy + r * 0.62), (cx + r * 0.62 + 50 * u, cy + r * 0.62 + 50 * u)]
    d.line(handle, fill=ACCENT_DARK, width=round(30 * u))
    d.ellipse([handle[1][0] - 15 * u, handle[1][1] - 15 * u, handle[1][0] + 15 * u, handle[1][1] + 15 * u],
              fill=ACCENT_DARK)
    d.ellipse([cx - r - ring / 2, cy - r - ring / 2, cx + r + ring / 2, cy + r + ring / 2], fill=ACCENT)
    d.ellipse([cx - r + ring / 2, cy - r + ring / 2, cx + r - ring / 2, cy + r - ring / 2],
              fill=(219, 234, 254, 255))
    if size >= 48:  # a glint on the lens
        d.arc([cx - r * 0.6, cy - r * 0.6, cx + r * 0.6, cy + r * 0.6], start=190, end=260,
              fill=PAPER, width=round(8 * u))

    # keep the tile's rounded corners: clip the handle that overhangs them
    alpha = icon.getchannel("A")
    clipped = Image.composite(alpha, Image.new("L", (s, s), 0), mask)
    icon.putalpha(clipped)
    return icon.resize((size, size), Image.Resampling.LANCZOS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "assets" / "icons"), help="output folder")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    images = {size: draw(size) for size in SIZES}
    for size, image in images.items():
        image.save(out / f"itembank-{size}.png", optimize=True)
    images[256].save(out / "itembank.png", optimize=True)
    images[256].save(out / "itembank.ico", sizes=[(s, s) for s in SIZES],
                     append_images=[images[s] for s in SIZES if s != 256])
    print(f"wrote {len(SIZES) + 2} icon files to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
