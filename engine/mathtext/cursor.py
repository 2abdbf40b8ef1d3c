"""The token cursor the formula parsers share: 한글 script → LaTeX, LaTeX → 한글 script, LaTeX → linear text.

Each parser is a small recursive descent over a token list; they differ in their grammar, not in how
they walk the tokens, so the walking lives here once.
"""

from __future__ import annotations

import re

LATEX_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]|\d+(?:\.\d+)?|\s+|.", re.S)


class TokenCursor:
    """Tokens of ``source`` (whitespace dropped) and a position in them."""

    def __init__(self, source: str, pattern: re.Pattern[str] = LATEX_TOKEN) -> None:
        self.tokens = [t for t in pattern.findall(source) if not t.isspace()]
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str | None:
        token = self.peek()
        self.pos += token is not None
        return token

    def env_name(self) -> str:
        """The raw name in ``\\begin{…}``/``\\end{…}`` (letters, not parsed as math)."""
        name = ""
        if self.peek() == "{":
            self.take()
            while (token := self.take()) not in (None, "}"):
                name += token
        return name
