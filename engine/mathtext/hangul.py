"""한글 equation script (EqEdit, the script inside HWP/HWPX ``<hp:equation>``) ↔ LaTeX.

Imports keep equations as math (``$…$`` LaTeX in the item text) instead of flattening them, and the
HWPX writer turns them back into real 한글 equations. Covered: ``over``, ``sqrt``/``root … of``, ``^``
and ``_``, ``LEFT``/``RIGHT``, ``matrix``/``pmatrix``/``bmatrix``/``dmatrix``/``cases``, big operators
(``int``, ``sum`` …), accents (``vec``, ``bar`` …), Greek names, functions and the usual relation
words. Anything unknown is kept as written, so nothing a teacher typed is lost.
"""

from __future__ import annotations

import re

from engine.mathtext.cursor import TokenCursor
from engine.mathtext.eqwords import split_run
from engine.mathtext.symbols import (EQ_ACCENTS, EQ_BIG, EQ_CASED, EQ_FUNCTIONS, EQ_MATRICES,
                                     EQ_OPERATORS, EQ_STACKS, EQ_STYLE_WORDS, EQ_SYMBOLS, GREEK_LOWER,
                                     GREEK_UPPER, LATEX_TO_EQ)

_EQ_TOKEN = re.compile(r"->|<=|>=|!=|==|\+-|-\+|[A-Za-z]+|\d+(?:\.\d+)?|\s+|.", re.S)
_UPPER_GREEK = {name.upper(): "\\" + name for name in GREEK_UPPER}
_REVERSE_ACCENTS = {latex: word for word, latex in EQ_ACCENTS.items()}
_REVERSE_ACCENTS[r"\bar"] = "bar"
_REVERSE_MATRICES = {env: word for word, env in EQ_MATRICES.items()}
for _word, _env in EQ_STACKS.items():  # pile before lpile/rpile: a stack is written back as pile
    _REVERSE_MATRICES.setdefault(_env, _word)
_DELIMS = {"lbrace": r"\{", "rbrace": r"\}", "{": r"\{", "}": r"\}", "(": "(", ")": ")", "[": "[", "]": "]",
           "|": "|", ".": ".", "<": r"\langle", ">": r"\rangle", "langle": r"\langle", "rangle": r"\rangle"}


# -- 한글 script -> LaTeX ---------------------------------------------------------------------
class _EqParser(TokenCursor):
    def __init__(self, script: str) -> None:
        super().__init__(script, _EQ_TOKEN)
        self.tokens = [word for token in self.tokens
                       for word in (split_run(token) if token.isalpha() else [token])]
        self.stacks = 0  # how many matrix/cases/pile bodies the cursor is in ("&" aligns only there)

    def sequence(self, closer: str | None) -> list[str]:
        atoms: list[str] = []
        while (token := self.peek()) is not None and token != closer:
            if token == "}":  # a stray closing brace ("rmH_3}O^+"): 한글 draws nothing for it
                self.take()
                continue
            if token.lower() == "over" and atoms:
                self.take()
                atoms.append(r"\frac" + _braced(atoms.pop()) + _braced(self.scripted()))
                continue
            atom = self.scripted()
            if atom:
                atoms.append(atom)
        return atoms

    def scripted(self) -> str:
        base = self.atom()
        while (token := self.peek()) is not None and (token in ("^", "_") or token.lower() in ("sup", "sub")):
            self.take()
            mark = "^" if token in ("^",) or token.lower() == "sup" else "_"
            base += mark + _braced(self.atom())
        return base

    def group(self) -> str:
        """The content of ``{…}`` (the opening brace already taken)."""
        content = _join(self.sequence("}"))
        self.take()
        return content

    def atom(self) -> str:
        token = self.take()
        if token is None:
            return ""
        if token == "{":
            return "{" + self.group() + "}"
        if token in ("^", "_"):  # a script with no base ("_7 P _4": ₇P₄) keeps its mark
            return token + _braced(self.atom())
        if token == "`":
            return r"\,"
        if token == "~":
            return r"\ "
        if token == "&":  # outside a matrix or pile 한글 draws nothing for it ("… } & =20")
            return "&" if self.stacks else ""
        if token == "#":
            return r"\\"
        if token in EQ_OPERATORS:
            return EQ_OPERATORS[token]
        if token in "%$":
            return "\\" + token
        if not token.isalpha():
            return token
        return self.word(token)

    def word(self, token: str) -> str:
        lower = token.lower()
        if token in EQ_CASED:
            return EQ_CASED[token]
        if token in GREEK_LOWER:
            return "\\" + token
        if token in _UPPER_GREEK:
            return _UPPER_GREEK[token]
        if lower in EQ_STYLE_WORDS:
            return ""
        if lower == "sqrt":
            return r"\sqrt" + _braced(self.scripted())
        if lower == "root":  # "root n of x" is the n-th root; "root2" alone is 한글's other sqrt
            start = self.pos
            index = self.atom()
            if (self.peek() or "").lower() != "of":
                self.pos = start
                return r"\sqrt" + _braced(self.scripted())
            self.take()
            return r"\sqrt[" + _ungroup(index) + "]" + _braced(self.scripted())
        if lower in EQ_ACCENTS:
            return EQ_ACCENTS[lower] + _braced(self.atom())
        if lower in EQ_MATRICES or lower in EQ_STACKS:
            env = EQ_MATRICES.get(lower) or EQ_STACKS[lower]
            self.stacks += 1
            body = _ungroup(self.atom())
            self.stacks -= 1
            return rf"\begin{{{env}}}{body}\end{{{env}}}"
        if lower in ("left", "right"):
            delim = self.take() or "."
            return "\\" + lower + _DELIMS.get(delim, delim)
        if lower == "deg":
            return r"^{\circ}"
        if lower in EQ_BIG:
            return EQ_BIG[lower]
        if lower in EQ_FUNCTIONS:
            return "\\" + lower
        if lower in EQ_SYMBOLS:
            return EQ_SYMBOLS[lower]
        return token


def _ungroup(text: str) -> str:
    if text.startswith("{") and text.endswith("}") and _balanced_group(text):
        return text[1:-1]
    return text


def _balanced_group(text: str) -> bool:
    depth = 0
    for i, char in enumerate(text):
        depth += (char == "{") - (char == "}")
        if depth == 0 and i < len(text) - 1:
            return False
    return depth == 0


def _braced(atom: str) -> str:
    return "{" + _ungroup(atom) + "}"


def _join(atoms: list[str]) -> str:
    out = ""
    for atom in atoms:
        if out and re.search(r"\\[A-Za-z]+$", out) and re.match(r"[A-Za-z0-9]", atom):
            out += " "
        out += atom
    return out


def hangul_to_latex(script: str) -> str:
    """LaTeX for an EqEdit script: ``{a} over {b}`` → ``\\frac{a}{b}``, ``x ^{2}`` → ``x^{2}``."""
    parser = _EqParser(script.replace("\r", " ").replace("\n", " "))
    atoms: list[str] = []
    while parser.peek() is not None:
        atoms.extend(parser.sequence(None))
    return _paired_delimiters(_join(atoms).strip())


_SIZED = re.compile(r"\\(left|right)(?![A-Za-z])(\\[{}]|\\[A-Za-z]+|.)?|(\\[{}])|\\[A-Za-z]+|\\.|([{}])")


def _paired_delimiters(latex: str) -> str:
    """``\\left``/``\\right`` without a partner in the same group become the plain delimiter: a
    set written across two equations ("… RIGHT |" then "k는 자연수" then "right}") draws its "}"
    alone in 한글, and LaTeX has no lone ``\\right``."""
    spans: list[tuple[int, int, str]] = []  # (start, end, plain text) of each lone one
    open_at: list[tuple[int, int, int, str]] = []  # (depth, start, end, delimiter) of each \left
    depth = 0
    for match in _SIZED.finditer(latex):
        side, delim, _escaped, brace = match.groups()
        if brace:
            depth += 1 if brace == "{" else -1
            while open_at and open_at[-1][0] > depth:  # a \left left open inside a closed group
                _, start, end, lone = open_at.pop()
                spans.append((start, end, lone))
            continue
        if side is None:
            continue
        plain = "" if delim in (None, ".") else delim
        if side == "left":
            open_at.append((depth, match.start(), match.end(), plain))
        elif open_at and open_at[-1][0] == depth:
            open_at.pop()
        else:
            spans.append((match.start(), match.end(), plain))
    spans.extend((start, end, lone) for _, start, end, lone in open_at)
    for start, end, plain in sorted(spans, reverse=True):
        latex = latex[:start] + plain + latex[end:]
    return latex


# -- LaTeX -> 한글 script ---------------------------------------------------------------------
class _LatexParser(TokenCursor):

    def sequence(self, closer: str | None) -> list[str]:
        parts: list[str] = []
        while (token := self.peek()) is not None and token != closer:
            if closer is None and token == "}":
                self.take()
                continue
            if token.startswith(r"\end"):
                break
            parts.append(self.scripted())
        return [p for p in parts if p]

    def scripted(self) -> str:
        base = self.atom()
        while self.peek() in ("^", "_"):
            mark = self.take()
            base += f" {mark}{{{self.arg()}}}"
        return base

    def arg(self) -> str:
        """One argument's content as script (a braced group or one token)."""
        if self.peek() == "{":
            self.take()
            content = " ".join(self.sequence("}"))
            self.take()
            return content
        return self.atom()

    def optional(self) -> str | None:
        if self.peek() != "[":
            return None
        self.take()
        parts = []
        while (token := self.peek()) is not None and token != "]":
            parts.append(self.scripted())
        self.take()
        return " ".join(p for p in parts if p)

    def atom(self) -> str:
        token = self.take()
        if token is None:
            return ""
        if token == "{":
            content = " ".join(self.sequence("}"))
            self.take()
            return "{" + content + "}"
        if token in ("^", "_"):  # a script with no base ("_{7}P_{4}", ₇P₄): kept as 한글 writes it
            return f"{token}{{{self.arg()}}}"
        if not token.startswith("\\"):
            return token
        return self.command(token)

    def command(self, token: str) -> str:
        if token in (r"\frac", r"\dfrac", r"\tfrac"):
            numerator = self.arg()
            return f"{{{numerator}}} over {{{self.arg()}}}"
        if token == r"\sqrt":
            index = self.optional()
            body = self.arg()
            return f"root {{{index}}} of {{{body}}}" if index else f"sqrt {{{body}}}"
        if token in _REVERSE_ACCENTS:
            return f"{_REVERSE_ACCENTS[token]} {{{self.arg()}}}"
        if token in (r"\left", r"\right"):
            delim = self.take() or "."
            words = {r"\{": "lbrace", r"\}": "rbrace", r"\langle": "<", r"\rangle": ">"}
            return f"{token[1:].upper()} {words.get(delim, delim)}"
        if token == r"\begin":
            env = self.env_name()
            rows = " ".join(self.sequence(None))
            if self.peek() == r"\end":
                self.take()
                self.env_name()
            return f"{_REVERSE_MATRICES.get(env, 'matrix')}{{{rows}}}"
        if token in (r"\mathrm", r"\text", r"\mathit", r"\mathbf", r"\operatorname"):
            return self.arg()
        if token == r"\\":
            return "#"
        if token == r"\,":
            return "`"
        if token in (r"\ ", r"\;", r"\:", r"\quad"):
            return "~"
        if token in (r"\%", r"\$", r"\&"):
            return token[1]
        return LATEX_TO_EQ.get(token, token[1:])


def latex_to_hangul(latex: str) -> str:
    """EqEdit script for LaTeX: ``\\frac{a}{b}`` → ``{a} over {b}``, ``\\sqrt{x}`` → ``sqrt {x}``."""
    parser = _LatexParser(latex)
    parts: list[str] = []
    while parser.peek() is not None:
        parts.extend(parser.sequence(None))
        if parser.peek() is not None:  # a stray \end
            parser.take()
    return re.sub(r"\s+", " ", " ".join(parts)).strip()
