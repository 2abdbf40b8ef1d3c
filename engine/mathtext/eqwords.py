"""Split the letter runs of a 한글 equation script where 한글 itself sees several words.

Teachers type ``rmCH _{3} COOH``, ``itaq``, ``2 timesm``, ``rmbarCP`` or ``piover7``, and 한글 draws
them as roman CH₃COOH, italic aq, 2×m, a bar over CP and π/7: its lexer takes a command word off the
front of a letter run. Read as one word they would stay literal ("rmCH"), so the run is cut the same
way: a font switch (``rm``, ``it``, ``bold``) always comes off; another command word of three letters
or more comes off; a shorter one (``pi``, ``le``, ``in``) only when what follows is itself command
words, so plain names such as ``pn`` or ``xd`` stay whole.
"""

from __future__ import annotations

from engine.mathtext.symbols import (EQ_ACCENTS, EQ_BIG, EQ_CASED, EQ_FUNCTIONS, EQ_MATRICES,
                                     EQ_STACKS, EQ_STYLE_WORDS, EQ_SYMBOLS, GREEK_LOWER, GREEK_UPPER)

# Words whose case does not matter (``TIMES``, ``times``); Greek and the arrows are case-sensitive.
_ANY_CASE = frozenset([*EQ_SYMBOLS, *EQ_FUNCTIONS, *EQ_BIG, *EQ_ACCENTS, *EQ_MATRICES, *EQ_STACKS,
                       *EQ_STYLE_WORDS, "over", "sqrt", "root", "left", "right", "deg"])
_EXACT = frozenset([*EQ_CASED, *GREEK_LOWER, *(name.upper() for name in GREEK_UPPER)])
_LONGEST = max(len(word) for word in _ANY_CASE | _EXACT)


def is_command(word: str) -> bool:
    """True for a word the converter reads as a command (rather than as letters)."""
    return word in _EXACT or word.lower() in _ANY_CASE


# LEFT/RIGHT take the next token as their bracket, which a letter never is: "rightarrow" stays whole
_NEVER_CUT = ("left", "right")


def _prefixes(run: str) -> list[str]:
    """The command words ``run`` starts with, longest first."""
    return [run[:n] for n in range(min(len(run), _LONGEST), 0, -1)
            if is_command(run[:n]) and run[:n].lower() not in _NEVER_CUT]


def _all_commands(run: str) -> list[str] | None:
    """``run`` cut into command words only, or None when it cannot be."""
    if not run:
        return []
    for head in _prefixes(run):
        rest = _all_commands(run[len(head):])
        if rest is not None:
            return [head, *rest]
    return None


def split_run(run: str) -> list[str]:
    """The words 한글 reads in one letter run: ``rmCH`` → rm, CH; ``timesm`` → times, m."""
    words: list[str] = []
    while run and not is_command(run):
        for head in _prefixes(run):
            rest = run[len(head):]
            if head.lower() in EQ_STYLE_WORDS or len(head) >= 3 or _all_commands(rest) is not None:
                words.append(head)
                run = rest
                break
        else:
            break
    return [*words, run] if run else words
