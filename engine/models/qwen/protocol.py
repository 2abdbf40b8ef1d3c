"""The Qwen3-VL embedding and reranking protocol: chat layouts, default instructions, token ids.

These facts come from the official implementation (DESIGN §3). Both models see a chat: the embedder
gets the instruction as the system message and the input (images first, then text) as the user
message; the reranker gets a fixed judging system prompt and one user message holding the
instruction, the query and the document. The chat template then appends the generation prompt.
Conversations here are plain lists of dicts in the transformers chat format, so the checkpoint's own
chat template renders them exactly as the reference does.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import InvalidInput

# Qwen2 tokenizer ids of the special tokens the protocol relies on.
ENDOFTEXT_ID = 151643  # also the padding token
IM_START_ID = 151644
IM_END_ID = 151645
VISION_START_ID = 151652
VISION_END_ID = 151653
IMAGE_PAD_ID = 151655
VIDEO_PAD_ID = 151656
PAD_TOKEN = "<|endoftext|>"
IMAGE_PAD_TOKEN = "<|image_pad|>"

# Embedder: the reference's default instruction, used for documents.
DOCUMENT_INSTRUCTION = "Represent the user's input."
# Our default for queries: Korean teachers search a bank of exam items by a question, a topic or a figure.
QUERY_INSTRUCTION = ("Given a Korean school exam question or topic, retrieve exam items that test the "
                     "same concept.")
NULL_TEXT = "NULL"  # what a missing input (no text, no image) is embedded as

RERANK_SYSTEM_PROMPT = ('Judge whether the Document meets the requirements based on the Query and the '
                        'Instruct provided. Note that the answer can only be "yes" or "no".')
RERANK_INSTRUCTION = "Given a search query, retrieve relevant candidates that answer the query."
RERANK_YES = "yes"
RERANK_NO = "no"

# Context limits of the reference scripts (tokens, vision tokens included).
EMBED_MAX_LENGTH = 8192
RERANK_MAX_LENGTH = 10240


@dataclass(frozen=True)
class QwenInput:
    """One side of a query or document: optional text and zero or more images (paths or PIL images).

    ``text=None`` with no images is a *missing* input (embedded as "NULL"); ``text=""`` is an empty
    text part and stays empty, as in the reference.
    """

    text: str | None = None
    images: tuple[Any, ...] = field(default_factory=tuple)

    @property
    def is_missing(self) -> bool:
        return self.text is None and not self.images


def coerce_input(value: Any, base_dir: Path | None = None) -> QwenInput:
    """Accept what sentence-transformers users pass: str (text), Path or PIL image (image),
    dict {"text", "image"|"images"}, an ``EmbedInput`` or a ``QwenInput``.

    A plain string is always text, never a path: a teacher's query must not be read from disk by
    accident. ``base_dir`` resolves relative image paths (the CLI passes the input file's folder).
    """
    from engine.models.inputs import EmbedInput

    if isinstance(value, QwenInput):
        return value
    if value is None:
        return QwenInput()
    if isinstance(value, str):
        return QwenInput(text=value)
    if isinstance(value, Path):
        return QwenInput(images=(_resolve(value, base_dir),))
    if isinstance(value, EmbedInput):
        images = () if value.image is None else (_resolve(value.image, base_dir),)
        return QwenInput(text=value.text, images=images)
    if isinstance(value, dict):
        unknown = set(value) - {"text", "image", "images"}
        if unknown:
            raise InvalidInput(f"unknown input field(s) {sorted(unknown)}: use 'text' and 'image'")
        text = value.get("text")
        if text is not None and not isinstance(text, str):
            raise InvalidInput("'text' must be a string")
        raw = value.get("images", value.get("image"))
        raw_list = [] if raw is None else list(raw) if isinstance(raw, (list, tuple)) else [raw]
        return QwenInput(text=text, images=tuple(_resolve(i, base_dir) for i in raw_list))
    if _is_pil_image(value):
        return QwenInput(images=(value,))
    raise InvalidInput(f"cannot embed a {type(value).__name__}: pass text, an image path, a PIL image "
                     "or a dict with 'text' and 'image'")


def _is_pil_image(value: Any) -> bool:
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - pillow is a core dependency
        return False
    return isinstance(value, Image.Image)


def _resolve(image: Any, base_dir: Path | None) -> Any:
    if isinstance(image, (str, Path)):
        path = Path(image).expanduser()
        if base_dir is not None and not path.is_absolute():
            path = base_dir / path
        return path
    if _is_pil_image(image):
        return image
    raise InvalidInput(f"an image must be a file path or a PIL image, not {type(image).__name__}")


def finish_instruction(instruction: str | None, default: str) -> str:
    """The embedder's system text: the default when empty, else stripped and ended with punctuation.

    The reference adds "." only when the last character is not Unicode punctuation (category P*),
    so "…하시오." and "what?" stay as they are.
    """
    text = (instruction or "").strip()
    if not text:
        return default
    if not unicodedata.category(text[-1]).startswith("P"):
        text += "."
    return text


def _content_parts(item: QwenInput) -> list[dict]:
    """Images first, then the text; a missing input becomes the text "NULL"."""
    if item.is_missing:
        return [{"type": "text", "text": NULL_TEXT}]
    parts: list[dict] = [{"type": "image"} for _ in item.images]
    if item.text is not None:
        parts.append({"type": "text", "text": item.text})
    return parts


def embed_conversation(item: QwenInput, instruction: str) -> list[dict]:
    """System = the (finished) instruction, user = the input; the caller finishes the instruction."""
    return [{"role": "system", "content": [{"type": "text", "text": instruction}]},
            {"role": "user", "content": _content_parts(item)}]


def rerank_conversation(query: QwenInput, document: QwenInput, instruction: str | None) -> list[dict]:
    """System = the judging prompt; user = "<Instruct>: …", "<Query>:", query parts, "\\n<Document>:",
    document parts — concatenated without separators by the chat template."""
    parts: list[dict] = [{"type": "text", "text": "<Instruct>: " + (instruction or RERANK_INSTRUCTION)},
                         {"type": "text", "text": "<Query>:"}]
    parts += _content_parts(query)
    parts.append({"type": "text", "text": "\n<Document>:"})
    parts += _content_parts(document)
    return [{"role": "system", "content": [{"type": "text", "text": RERANK_SYSTEM_PROMPT}]},
            {"role": "user", "content": parts}]


# A chat template with the same output as the Qwen3-VL one for system/user text and image parts;
# used only when a model folder ships no template of its own.
FALLBACK_CHAT_TEMPLATE = (
    "{%- for message in messages -%}"
    "{{- '<|im_start|>' + message.role + '\\n' -}}"
    "{%- if message.content is string -%}{{- message.content -}}"
    "{%- else -%}{%- for part in message.content -%}"
    "{%- if part.type == 'image' or 'image' in part -%}{{- '<|vision_start|><|image_pad|><|vision_end|>' -}}"
    "{%- elif part.type == 'video' or 'video' in part -%}{{- '<|vision_start|><|video_pad|><|vision_end|>' -}}"
    "{%- elif 'text' in part -%}{{- part.text -}}{%- endif -%}"
    "{%- endfor -%}{%- endif -%}"
    "{{- '<|im_end|>\\n' -}}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}{%- endif -%}"
)
