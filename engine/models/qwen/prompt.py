"""Chat text → token ids: render with the checkpoint's chat template, tokenise, expand vision tokens.

The chat template renders each image as ``<|vision_start|><|image_pad|><|vision_end|>``; the processor
then repeats ``<|image_pad|>`` once per vision token (merged 2×2 patch group). Special tokens are atomic
in the Qwen2 tokenizer, so repeating the pad id after tokenising gives the same ids as repeating the
token in the text before it, without tokenising thousands of pad tokens.

Truncation: an input longer than ``max_length`` loses text tokens from its end, but every special token
(the image pads included) and the template's closing tokens are kept, so the pooled or scored last
token is always the template's own — as the reference reranker does. (The reference embedder cuts the
sequence end instead, which would pool a token in the middle of the text; inputs within the limit are
identical either way.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.models.qwen.protocol import IMAGE_PAD_ID


@dataclass
class Encoded:
    """Token ids of one chat with vision tokens expanded, and whether text was cut to fit."""

    ids: list[int]
    truncated: bool


class PromptEncoder:
    """Renders and tokenises conversations for one tokenizer and chat template."""

    def __init__(self, tokenizer: Any, chat_template: str, max_length: int) -> None:
        self.tokenizer = tokenizer
        self.chat_template = chat_template
        self.max_length = max_length
        self.image_pad_id = tokenizer.convert_tokens_to_ids("<|image_pad|>")
        if self.image_pad_id != IMAGE_PAD_ID:
            raise ValueError(f"the tokenizer maps <|image_pad|> to {self.image_pad_id}, not {IMAGE_PAD_ID}: "
                             "this is not a Qwen3-VL tokenizer")
        self.special_ids = frozenset(int(i) for i in tokenizer.all_special_ids) | frozenset(
            int(i) for i in tokenizer.added_tokens_decoder)
        closing = tokenizer("<|im_end|>\n<|im_start|>assistant\n", add_special_tokens=False)["input_ids"]
        self.closing_length = len(closing)

    def render(self, conversation: list[dict]) -> str:
        return self.tokenizer.apply_chat_template(conversation, chat_template=self.chat_template,
                                                  tokenize=False, add_generation_prompt=True)

    def encode_many(self, conversations: list[list[dict]], vision_counts: list[list[int]]) -> list[Encoded]:
        """One Encoded per conversation; ``vision_counts[i]`` lists the token count of each image."""
        texts = [self.render(c) for c in conversations]
        batch = self.tokenizer(texts, add_special_tokens=False)["input_ids"] if texts else []
        return [self._finish(ids, counts) for ids, counts in zip(batch, vision_counts)]

    def _finish(self, ids: list[int], counts: list[int]) -> Encoded:
        expanded: list[int] = []
        images = iter(counts)
        seen = 0
        for token in ids:
            if token == self.image_pad_id:
                seen += 1
                expanded.extend([token] * next(images, 0))
            else:
                expanded.append(token)
        if seen != len(counts):
            raise ValueError(f"the chat template rendered {seen} image placeholder(s) for {len(counts)} image(s)")
        if len(expanded) <= self.max_length:
            return Encoded(expanded, False)
        return Encoded(self._truncate(expanded), True)

    def _truncate(self, ids: list[int]) -> list[int]:
        body, tail = ids[:-self.closing_length], ids[-self.closing_length:]
        keep_special = sum(1 for t in body if t in self.special_ids)
        budget = max(0, self.max_length - self.closing_length - keep_special)
        kept: list[int] = []
        for token in body:
            if token in self.special_ids:
                kept.append(token)
            elif budget > 0:
                kept.append(token)
                budget -= 1
        return kept + tail
