"""A readable one-line form of math, for keyword search and for the text given to the embedders.

``\\frac{a}{b}`` → ``a/b``, ``x^{2}`` → ``x^2``, ``\\sqrt{x+1}`` → ``√(x+1)``, Greek and relations as
their characters. Search goes one step further (``search_text``): Unicode super/subscripts (``x²``,
``a₁``) become ``x^2``/``a_1``, so "x^2", "x²" and "$x^{2}$" index and query as the same tokens.
"""

from __future__ import annotations

import re

from engine.mathtext.cursor import TokenCursor
from engine.mathtext.segments import split_math
from engine.mathtext.symbols import EQ_FUNCTIONS, LINEAR

# Left unbracketed: one number or one letter ("2a" as a denominator must read (2a), not 2·a).
_SIMPLE = re.compile(r"√?(?:\d+(?:\.\d+)?|[^\W\d_])[′°]?")
_FUNCTIONS = {"\\" + name for name in EQ_FUNCTIONS}
_BRACKETS = {"matrix": ("(", ")"), "pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "vmatrix": ("|", "|"),
             "Vmatrix": ("‖", "‖"), "cases": ("{", "}"), "gathered": ("", ""), "aligned": ("", "")}
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ"
_SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"
_SUP_PLAIN = str.maketrans(_SUPERSCRIPTS, "0123456789+-=()ni")
_SUB_PLAIN = str.maketrans(_SUBSCRIPTS, "0123456789+-=()")
_SUP_RUN = re.compile(f"[{_SUPERSCRIPTS}]+")
_SUB_RUN = re.compile(f"[{_SUBSCRIPTS}]+")


class _Linear(TokenCursor):

    def sequence(self, closer: str | None) -> str:
        out = ""
        while (token := self.peek()) is not None and token != closer:
            if token == r"\end":
                break
            if token == "}" and closer is None:
                self.take()
                continue
            out += self.scripted()
        return out

    def scripted(self) -> str:
        base = self.atom()
        while self.peek() in ("^", "_"):
            base = base.rstrip()
            mark = self.take() or "^"
            base += mark + _wrap(self.arg())
        return base

    def arg(self) -> str:
        if self.peek() == "{":
            self.take()
            content = self.sequence("}")
            self.take()
            return content
        return self.atom()

    def atom(self) -> str:
        token = self.take()
        if token is None or token in ("^", "_"):
            return ""
        if token == "{":
            content = self.sequence("}")
            self.take()
            return content
        if not token.startswith("\\"):
            return token
        return self.command(token)

    def command(self, token: str) -> str:
        if token in (r"\frac", r"\dfrac", r"\tfrac"):
            numerator = self.arg()
            return f"{_wrap(numerator)}/{_wrap(self.arg())}"
        if token == r"\sqrt":
            index = ""
            if self.peek() == "[":
                self.take()
                while self.peek() not in (None, "]"):
                    index += self.scripted()
                self.take()
            return f"{index}√{_wrap(self.arg())}"
        if token == r"\vec":
            return self.arg() + "\u20d7"
        if token in (r"\overline", r"\bar"):
            return "".join(c + "\u0305" for c in self.arg())
        if token in (r"\hat", r"\dot", r"\ddot", r"\tilde", r"\underline", r"\acute", r"\grave",
                     r"\mathrm", r"\text", r"\mathit", r"\mathbf", r"\operatorname", r"\boxed"):
            return self.arg()
        if token in (r"\left", r"\right"):
            delim = self.take() or ""
            return "" if delim == "." else LINEAR.get(delim, delim)
        if token == r"\begin":
            env = self.env_name()
            body = self.sequence(None)
            if self.peek() == r"\end":
                self.take()
                self.env_name()
            opening, closing = _BRACKETS.get(env, ("(", ")"))
            return opening + body + closing
        if token == r"\\":
            return "; "
        if token in (r"\,", r"\ ", r"\;", r"\:", r"\quad", r"\qquad"):
            return " "
        if token == "&":
            return " "
        if token in _FUNCTIONS:
            return token[1:] + " "
        if token in LINEAR:
            return LINEAR[token]
        if len(token) == 2 and not token[1].isalpha():
            return token[1]
        return token[1:]


def _wrap(text: str) -> str:
    text = text.strip()
    return text if _SIMPLE.fullmatch(text) else f"({text})"


def latex_to_linear(latex: str) -> str:
    """One formula's linear form (``\\frac{1}{2}`` → ``1/2``)."""
    parser = _Linear(latex)
    out = ""
    while parser.peek() is not None:
        out += parser.sequence(None)
        if parser.peek() is not None:
            parser.take()
    return re.sub(r"\s+", " ", out.replace("&", " ")).strip()


def linear_text(text: str) -> str:
    """``text`` with every ``$…$`` formula replaced by its linear form (escaped dollars resolved)."""
    if "$" not in text:
        return text
    return "".join(s.value if s.kind == "text" else latex_to_linear(s.value) for s in split_math(text))


def search_text(text: str) -> str:
    """The one normalisation both indexed text and queries go through before tokenising."""
    text = linear_text(text)
    text = _SUP_RUN.sub(lambda m: "^" + m.group(0).translate(_SUP_PLAIN), text)
    return _SUB_RUN.sub(lambda m: "_" + m.group(0).translate(_SUB_PLAIN), text)
