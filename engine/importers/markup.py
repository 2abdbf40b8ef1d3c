"""Shared by the QTI and Moodle readers and writers: HTML fragments ↔ item text, and item metadata
carried as "key:value" keywords/tags.

Item text is plain text with line breaks; in HTML each line is one ``<p>``. A shared passage is
written as ``<div class="itembank-passage">`` so that our own exports read back into the same
fields; HTML from other tools becomes plain text laid out as a browser would: runs of spaces and
source line breaks are one space, block elements and ``<br>`` are line breaks. ``<math>`` becomes one
``$…$`` formula (``engine.importers.mathml``) and the TeX delimiters MathJax reads in Moodle text
(``\\(…\\)``, ``\\[…\\]``, ``$$…$$``) become ``$…$``; audio/video sources are reported apart from
the figures.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

PASSAGE_CLASS = "itembank-passage"
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
           "blockquote", "pre"}
_OUR_ID = re.compile(r"^ib-[0-9a-f]{6,}$")

# metadata keys written as "과목:수학" (Moodle tags, QTI manifest keywords)
META_KEYS = {"과목": "subject", "학년": "grade", "단원": "unit", "성취기준": "standard",
             "난이도": "difficulty", "출처": "source", "유형": "type"}
_FIELD_TO_KEY = {v: k for k, v in META_KEYS.items()}


_MEDIA_SUFFIXES = {".mp3", ".mp4", ".wav", ".ogg", ".oga", ".ogv", ".webm", ".m4a", ".aac", ".flac",
                   ".mov", ".avi", ".wmv", ".mkv", ".mpeg", ".mpg", ".swf", ".flv", ".3gp", ".wma", ".mid"}
_MEDIA_TAGS = {"audio", "video", "source", "embed", "track"}
_SPACE_RUN = re.compile(r"[ \t\r\n\f]+")  # what a browser collapses (not the no-break space)
_MATH_MARK = "\ue000"  # stands for the n-th formula until TeX delimiters are converted
_TEX_DELIMITED = re.compile(r"\$\$(.+?)\$\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)


def is_media(name: str) -> bool:
    """True for an audio/video file name or URL (itembank stores figures, not sound or film)."""
    path = name.split("?", 1)[0].split("#", 1)[0].lower()
    return any(path.endswith(suffix) for suffix in _MEDIA_SUFFIXES)


@dataclass
class Fragment:
    """What an HTML fragment holds for an item: text, a shared passage, figures and media named."""

    stem: str
    passage: str
    images: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)


class _TextParser(HTMLParser):
    """HTML to text as a browser lays it out: runs of spaces and newlines in the source are one
    space, block elements and ``<br>`` are line breaks, ``<math>`` is one formula."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, list[str]] = {"stem": [], "passage": []}
        self.images: list[str] = []
        self.media: list[str] = []
        self.formulas: list[str] = []
        self._stack: list[str] = []  # "passage" or "" for each open div
        self._pre = 0
        self._math: list[str] | None = None  # the markup of the <math> being read
        self._math_depth = 0

    @property
    def _target(self) -> list[str]:
        return self.parts["passage" if "passage" in self._stack else "stem"]

    def handle_starttag(self, tag, attrs):
        if self._math is not None or tag.rsplit(":", 1)[-1] == "math":
            self._math_tag(tag, attrs, closed=False)
            return
        attributes = dict(attrs)
        if tag == "div":
            classes = (attributes.get("class") or "").split()
            self._stack.append("passage" if PASSAGE_CLASS in classes else "")
        if tag == "pre":
            self._pre += 1
        source = attributes.get("src") or attributes.get("data") or attributes.get("href") or ""
        if source and (tag in _MEDIA_TAGS or is_media(source)):
            self.media.append(source)
        elif tag == "img" and attributes.get("src"):
            self.images.append(attributes["src"])
        if tag in _BLOCKS:
            self._target.append("\n")

    def handle_startendtag(self, tag, attrs):
        if self._math is not None or tag.rsplit(":", 1)[-1] == "math":
            self._math_tag(tag, attrs, closed=True)
            return
        self.handle_starttag(tag, attrs)
        if tag == "div" and self._stack:
            self._stack.pop()
        if tag == "pre" and self._pre:
            self._pre -= 1

    def handle_endtag(self, tag):
        if self._math is not None:
            self._math.append(f"</{tag}>")
            if tag.rsplit(":", 1)[-1] == "math":
                self._math_depth -= 1
                if self._math_depth == 0:
                    self._end_math()
            return
        if tag in _BLOCKS:
            self._target.append("\n")
        if tag == "div" and self._stack:
            self._stack.pop()
        if tag == "pre" and self._pre:
            self._pre -= 1

    def handle_data(self, data):
        if self._math is not None:
            self._math.append(html.escape(data, quote=False))
            return
        self._target.append(data if self._pre else _SPACE_RUN.sub(" ", data))

    def _math_tag(self, tag: str, attrs, closed: bool) -> None:
        if self._math is None:
            self._math, self._math_depth = [], 0
        if tag.rsplit(":", 1)[-1] == "math" and not closed:
            self._math_depth += 1
        attributes = "".join(f' {k}="{html.escape(v or "", quote=True)}"' for k, v in attrs
                             if not k.startswith("xmlns"))
        self._math.append(f"<{tag}{attributes}{'/' if closed else ''}>")
        if closed and self._math_depth == 0:
            self._end_math()

    def _end_math(self) -> None:
        from engine.importers.mathml import mathml_string_to_latex

        latex = mathml_string_to_latex("".join(self._math or []))
        self._math = None
        if latex:
            self.formulas.append(latex)
            self._target.append(f"{_MATH_MARK}{len(self.formulas) - 1}{_MATH_MARK}")

    def close(self):
        super().close()
        if self._math is not None:  # a <math> never closed: keep what it said
            self._end_math()


def _tidy(parts: list[str], formulas: list[str]) -> str:
    text = "".join(parts).replace("\xa0", " ")
    text = _TEX_DELIMITED.sub(lambda m: "$" + next(g for g in m.groups() if g is not None).strip() + "$",
                              text)
    text = re.sub(f"{_MATH_MARK}(\\d+){_MATH_MARK}", lambda m: f"${formulas[int(m.group(1))]}$", text)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def html_fragment(fragment: str) -> Fragment:
    """Text, passage, figure sources and media sources of an HTML fragment, in order."""
    parser = _TextParser()
    parser.feed(fragment or "")
    parser.close()
    return Fragment(_tidy(parser.parts["stem"], parser.formulas),
                    _tidy(parser.parts["passage"], parser.formulas), parser.images, parser.media)


def plain_to_html(text: str) -> str:
    """Text typed as plain text (Moodle's plain/auto format): its line breaks are meant."""
    return html.escape(text or "", quote=False).replace("\n", "<br>")


def html_to_text(fragment: str) -> tuple[str, str, list[str]]:
    """(stem text, passage text, image sources in order) of an HTML fragment."""
    parsed = html_fragment(fragment)
    return parsed.stem, parsed.passage, parsed.images


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
