"""Images for Qwen3-VL: RGB on white, the multiple-of-32 resize rule, and patchification.

The official pipeline converts to RGB (transparent pixels composited on white), resizes with bicubic
resampling so both sides are multiples of 32 (patch 16 × merge 2) — rounding each side, then scaling
into [4·32², 1800·32²] pixels — and hands the result to the processor with resizing switched off. We do
the same with PIL and numpy only (no torchvision), and turn the pixels into the flattened patches the
vision tower takes, exactly as the Qwen2-VL image processor lays them out.

Unlike the reference scripts, a failing image raises ImageInputError naming the file; it never turns
silently into the text "NULL".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, UnidentifiedImageError

from engine.catalog.assets import MAX_IMAGE_PIXELS
from engine.errors import InvalidInput

PATCH_SIZE = 16
MERGE_SIZE = 2
TEMPORAL_PATCH_SIZE = 2
FACTOR = PATCH_SIZE * MERGE_SIZE  # 32
MIN_PIXELS = 4 * FACTOR * FACTOR  # 4 vision tokens
MAX_PIXELS = 1800 * FACTOR * FACTOR  # 1800 vision tokens
# Default cap for query images (see docs/models.md): 1024 vision tokens, about 1 megapixel.
QUERY_MAX_PIXELS = 1024 * FACTOR * FACTOR
MAX_ASPECT_RATIO = 200


class ImageInputError(InvalidInput):
    """An image that cannot be embedded; the message names the file."""


@dataclass(frozen=True)
class VisionSettings:
    """What the checkpoint's preprocessor_config.json says about patches and normalisation."""

    patch_size: int = PATCH_SIZE
    merge_size: int = MERGE_SIZE
    temporal_patch_size: int = TEMPORAL_PATCH_SIZE
    image_mean: tuple[float, float, float] = (0.5, 0.5, 0.5)
    image_std: tuple[float, float, float] = (0.5, 0.5, 0.5)
    rescale_factor: float = 1 / 255

    @property
    def factor(self) -> int:
        return self.patch_size * self.merge_size


def describe(source: Any, position: int | None = None) -> str:
    """How an image is named in messages: its path, else its position in the batch."""
    if isinstance(source, (str, Path)):
        return str(source)
    return f"image #{position}" if position is not None else "in-memory image"


def fit_size(height: int, width: int, factor: int = FACTOR, min_pixels: int = MIN_PIXELS,
             max_pixels: int = MAX_PIXELS) -> tuple[int, int]:
    """(height, width) after the resize rule: sides rounded to multiples of ``factor``, then scaled
    (keeping the aspect ratio) into [min_pixels, max_pixels]. Rounding is Python's round(), as in the
    reference, so ties go to the even multiple."""
    if min_pixels > max_pixels:
        raise InvalidInput("min_pixels must not exceed max_pixels")
    if min(height, width) < 1:
        raise InvalidInput("an image must be at least 1×1 pixel")
    if max(height, width) / min(height, width) > MAX_ASPECT_RATIO:
        raise InvalidInput(f"its aspect ratio {max(height, width) / min(height, width):.0f}:1 is over "
                         f"{MAX_ASPECT_RATIO}:1")
    new_h = max(factor, round(height / factor) * factor)
    new_w = max(factor, round(width / factor) * factor)
    if new_h * new_w > max_pixels:
        scale = math.sqrt(height * width / max_pixels)
        new_h = max(factor, math.floor(height / scale / factor) * factor)
        new_w = max(factor, math.floor(width / scale / factor) * factor)
    elif new_h * new_w < min_pixels:
        scale = math.sqrt(min_pixels / (height * width))
        new_h = math.ceil(height * scale / factor) * factor
        new_w = math.ceil(width * scale / factor) * factor
    return new_h, new_w


def vision_tokens(height: int, width: int, settings: VisionSettings) -> int:
    """LLM tokens an image of this (already resized) size becomes: one per merged 2×2 patch group."""
    return (height // settings.patch_size) * (width // settings.patch_size) // settings.merge_size ** 2


def image_size(source: Any, name: str | None = None) -> tuple[int, int]:
    """(width, height) from the file header only, so batches can be planned before decoding."""
    if _is_pil(source):
        return source.size
    name = name or describe(source)
    try:
        with Image.open(source) as image:
            width, height = image.size
    except FileNotFoundError:
        raise ImageInputError(f"image file not found: {name}") from None
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageInputError(f"cannot read image {name}: {_reason(exc)}") from None
    _check_pixels(width, height, name)
    return width, height


def to_rgb(image: Image.Image) -> Image.Image:
    """RGB with transparent pixels composited on white (any mode with alpha or a transparent palette
    entry, not only RGBA — a palette PNG's transparent background must not turn black)."""
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info)
    if not has_alpha:
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    canvas = Image.new("RGB", rgba.size, (255, 255, 255))
    canvas.paste(rgba, mask=rgba.getchannel("A"))
    return canvas


def load_image(source: Any, name: str | None = None) -> Image.Image:
    """Decode a file (or take a PIL image) and convert it to RGB on white; errors name the file."""
    name = name or describe(source)
    try:
        if _is_pil(source):
            _check_pixels(*source.size, name)
            return to_rgb(source)
        with Image.open(source) as image:
            _check_pixels(*image.size, name)
            image.load()
            return to_rgb(image)
    except ImageInputError:
        raise
    except FileNotFoundError:
        raise ImageInputError(f"image file not found: {name}") from None
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageInputError(f"cannot read image {name}: {_reason(exc)}") from None


def resize_for_model(image: Image.Image, settings: VisionSettings, min_pixels: int = MIN_PIXELS,
                     max_pixels: int = MAX_PIXELS, name: str = "image") -> Image.Image:
    """Bicubic resize to the size ``fit_size`` gives (always returns a new image)."""
    width, height = image.size
    try:
        new_h, new_w = fit_size(height, width, settings.factor, min_pixels, max_pixels)
    except ValueError as exc:
        raise ImageInputError(f"cannot use image {name}: {exc}") from None
    return image.resize((new_w, new_h), resample=Image.Resampling.BICUBIC)


def patchify(image: Image.Image, settings: VisionSettings) -> tuple[np.ndarray, tuple[int, int, int]]:
    """Flattened vision patches (float32, one row per 16×16 patch, rows grouped by 2×2 merge window)
    and the (t, h, w) patch grid, laid out as the Qwen2-VL image processor does for a still image:
    rescale to [0, 1], normalise by mean/std, repeat the frame to fill the temporal patch."""
    p, m, t = settings.patch_size, settings.merge_size, settings.temporal_patch_size
    pixels = np.asarray(image, dtype=np.float32) * np.float32(settings.rescale_factor)
    mean = np.asarray(settings.image_mean, dtype=np.float32)
    std = np.asarray(settings.image_std, dtype=np.float32)
    pixels = ((pixels - mean) / std).transpose(2, 0, 1)  # (C, H, W)
    channels, height, width = pixels.shape
    if height % (p * m) or width % (p * m):
        raise InvalidInput(f"image size {width}×{height} is not a multiple of {p * m}")
    grid_h, grid_w = height // p, width // p
    frames = np.broadcast_to(pixels, (t, channels, height, width))
    blocks = frames.reshape(1, t, channels, grid_h // m, m, p, grid_w // m, m, p)
    # -> (grid_t, merge rows, merge cols, inner row, inner col, channel, time, patch y, patch x)
    blocks = blocks.transpose(0, 3, 6, 4, 7, 2, 1, 5, 8)
    flat = np.ascontiguousarray(blocks.reshape(grid_h * grid_w, channels * t * p * p))
    return flat, (1, grid_h, grid_w)


def prepare_image(source: Any, settings: VisionSettings, min_pixels: int = MIN_PIXELS,
                  max_pixels: int = MAX_PIXELS, name: str | None = None
                  ) -> tuple[np.ndarray, tuple[int, int, int]]:
    """File or PIL image → (patches, grid): the whole per-image path, run in a worker thread."""
    name = name or describe(source)
    image = resize_for_model(load_image(source, name), settings, min_pixels, max_pixels, name)
    return patchify(image, settings)


def _check_pixels(width: int, height: int, name: str) -> None:
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageInputError(f"image {name} is too large ({width}×{height} pixels; the limit is "
                              f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels)")


def _is_pil(value: Any) -> bool:
    return isinstance(value, Image.Image)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    return text.splitlines()[0]


__all__ = ["FACTOR", "ImageInputError", "MAX_PIXELS", "MIN_PIXELS", "QUERY_MAX_PIXELS", "VisionSettings",
           "fit_size", "image_size", "load_image", "patchify", "prepare_image", "resize_for_model",
           "to_rgb", "vision_tokens"]
