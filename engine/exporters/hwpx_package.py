"""The package parts of an HWPX worksheet that 한글's file dialog shows: metadata and the preview.

python-hwpx starts every document from its own template, whose metadata (author, dates) and preview
picture belong to that template. A teacher browsing papers in 한글 would see someone else's name, a
2025 date and a stranger's thumbnail, so every part is rewritten for the paper we made.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

PREVIEW_SIZE = (210 * 2, 297 * 2)  # an A4 page at 2 px/mm: what 한글 shows in its open dialog
PREVIEW_TEXT_LIMIT = 1000


@dataclass
class HwpxMetadata:
    """What describes one worksheet file."""

    title: str
    creator: str = ""
    subject: str = ""
    description: str = ""
    preview_lines: tuple[str, ...] = ()


def finish_hwpx(path: Path, meta: HwpxMetadata, font: Path | None = None) -> None:
    """Rewrite ``path``'s content.hpf metadata, Preview/PrvText.txt and Preview/PrvImage.png in place."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
    rewritten = []
    for info, data in entries:
        if info.filename == "Contents/content.hpf":
            data = _metadata_xml(data.decode("utf-8"), meta, datetime.now().astimezone()).encode("utf-8")
        elif info.filename == "Preview/PrvText.txt":
            data = "\n".join(meta.preview_lines)[:PREVIEW_TEXT_LIMIT].encode("utf-8")
        elif info.filename == "Preview/PrvImage.png":
            data = preview_png(meta, font)
        rewritten.append((info, data))
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in rewritten:
            archive.writestr(info, data)


def _metadata_xml(text: str, meta: HwpxMetadata, now: datetime) -> str:
    text = re.sub(r"<opf:title\s*/>|<opf:title>.*?</opf:title>",
                  lambda _m: f"<opf:title>{escape(meta.title)}</opf:title>", text, count=1, flags=re.S)
    stamp = now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    hour = now.hour % 12 or 12
    spoken = f"{now.year}년 {now.month}월 {now.day}일 {'오전' if now.hour < 12 else '오후'} {hour}:{now:%M:%S}"
    values = {"creator": meta.creator, "lastsaveby": meta.creator, "subject": meta.subject,
              "description": meta.description, "CreatedDate": stamp, "ModifiedDate": stamp, "date": spoken}
    for name, value in values.items():
        text = re.sub(rf'(<opf:meta name="{name}" content="text")\s*(?:/>|>.*?</opf:meta>)',
                      lambda m, v=value: f"{m.group(1)}>{escape(v)}</opf:meta>", text, count=1, flags=re.S)
    return text


def preview_png(meta: HwpxMetadata, font: Path | None = None) -> bytes:
    """A page-shaped thumbnail: the title large, then the first lines of the paper."""
    image = Image.new("RGB", PREVIEW_SIZE, "white")
    draw = ImageDraw.Draw(image)
    title_font, body_font = _font(font, 22), _font(font, 13)
    width = PREVIEW_SIZE[0] - 60
    y = 40
    for line in _wrap(draw, meta.title or "", title_font, width)[:2]:
        draw.text((PREVIEW_SIZE[0] // 2, y), line, fill="black", font=title_font, anchor="mt")
        y += 30
    draw.line((30, y + 4, PREVIEW_SIZE[0] - 30, y + 4), fill=(90, 90, 90), width=2)
    y += 20
    for text in meta.preview_lines[1:]:
        for line in _wrap(draw, text, body_font, width):
            if y > PREVIEW_SIZE[1] - 40:
                break
            draw.text((30, y), line, fill=(30, 30, 30), font=body_font)
            y += 20
        y += 6
    draw.rectangle((0, 0, PREVIEW_SIZE[0] - 1, PREVIEW_SIZE[1] - 1), outline=(160, 160, 160))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _font(path: Path | None, size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    if path is not None and path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """Korean has no reliable spaces to break at in a narrow thumbnail: break by characters."""
    lines, current = [], ""
    for char in text:
        if draw.textlength(current + char, font=font) > width and current:
            lines.append(current)
            current = char.lstrip()
        else:
            current += char
    if current:
        lines.append(current)
    return lines
