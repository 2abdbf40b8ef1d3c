"""Shared by the QTI and Moodle readers and writers: HTML fragments ↔ item text, and item metadata
carried as "key:value" keywords/tags.

Item text is plain text with line breaks; in HTML each line is one ``<p>``. A shared passage is
written as ``<div class="itembank-passage">`` so that our own exports read back into the same
fields; HTML from other tools becomes plain text (block elements and ``<br>`` are line breaks).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

PASSAGE_CLASS = "itembank-passage"
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
           "blockquote", "pre"}
_OUR_ID = re.compile(r"^ib-[0-9a-f]{6,}$")

# metadata keys written as "과목:수학" (Moodle tags, QTI manifest keywords)
META_KEYS = {"과목": "subject", "학년": "grade", "단원": "unit", "성취기준": "standard",
             "난이도": "difficulty", "출처": "source", "유형": "type"}
_FIELD_TO_KEY = {v: k for k, v in META_KEYS.items()}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, list[str]] = {"stem": [], "passage": []}
        self.images: list[str] = []
        self._stack: list[str] = []  # "passage" or "" for each open div

    @property
    def _target(self) -> list[str]:
        return self.parts["passage" if "passage" in self._stack else "stem"]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "div":
            classes = (attributes.get("class") or "").split()
            self._stack.append("passage" if PASSAGE_CLASS in classes else "")
        if tag == "img" and attributes.get("src"):
            self.images.append(attributes["src"])
        if tag in _BLOCKS:
            self._target.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "div" and self._stack:
            self._stack.pop()

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self._target.append("\n")
        if tag == "div" and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        self._target.append(data)


def _tidy(parts: list[str]) -> str:
    text = "".join(parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def html_to_text(fragment: str) -> tuple[str, str, list[str]]:
    """(stem text, passage text, image sources in order) of an HTML fragment."""
    parser = _TextParser()
    parser.feed(fragment or "")
    parser.close()
    return _tidy(parser.parts["stem"]), _tidy(parser.parts["passage"]), parser.images


def text_to_html(text: str) -> str:
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in text.split("\n") if line.strip())


def passage_html(passage: str) -> str:
    return f'<div class="{PASSAGE_CLASS}">{text_to_html(passage)}</div>' if passage else ""


def meta_keywords(item) -> list[str]:
    """The item's metadata as "key:value" keywords (tags are written as they are)."""
    words = [f"{_FIELD_TO_KEY[name]}:{getattr(item, name)}" for name in
             ("subject", "grade", "unit", "standard", "difficulty", "type", "source")
             if getattr(item, name)]
    return words + list(item.tags)


def split_keywords(words: list[str]) -> tuple[dict[str, str], list[str]]:
    """Keywords back into item fields; other keywords are tags."""
    values: dict[str, str] = {}
    tags: list[str] = []
    for word in words:
        key, sep, value = word.partition(":")
        name = META_KEYS.get(key.strip()) if sep else None
        if name and value.strip() and name not in values:
            values[name] = value.strip()
        elif word.strip():
            tags.append(word.strip())
    return values, tags


def our_id(value: str | None) -> str:
    """An identifier is kept as the item id only when itembank wrote it (ib-…); a foreign one
    ("q1") could collide with another package's and silently update the wrong item."""
    return value if value and _OUR_ID.match(value) else ""


def subject_from_name(path) -> str:
    """A subject named in a file name ("과학_퀴즈.xml", "science-quiz.zip"), or ""."""
    from engine.importers.paper import detect_subject

    return detect_subject([path.stem])
