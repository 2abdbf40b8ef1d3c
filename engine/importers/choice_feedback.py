"""Per-choice feedback kept inside 해설 as a marked block, so that it survives without a new item field.

An item has one explanation; Moodle gives each answer its own feedback. The feedback is written
after the general explanation as::

    [보기별 해설]
    ① 틀렸습니다: 2 + 2 는 4 입니다.
    ③ …

Teachers read it as an ordinary 해설, search finds it, and the Moodle exporter splits the block
back into each answer's ``<feedback>`` (``split_explanation``), so export → import keeps it.
"""

from __future__ import annotations

import re

MARKER = "[보기별 해설]"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_LINE = re.compile(rf"^(?:([{_CIRCLED}])|\((\d+)\))\s?(.*)$")


def _label(number: int) -> str:
    return _CIRCLED[number - 1] if 1 <= number <= len(_CIRCLED) else f"({number})"


def join_explanation(general: str, per_choice: dict[int, str]) -> str:
    """The general explanation followed by the per-choice block (choice numbers from 1)."""
    lines = [f"{_label(n)} {' '.join(text.split())}" for n, text in sorted(per_choice.items())
             if text.strip()]
    if not lines:
        return general
    return "\n".join(part for part in (general, MARKER, *lines) if part)


def split_explanation(explanation: str) -> tuple[str, dict[int, str]]:
    """``join_explanation`` undone: (general explanation, choice number → feedback)."""
    head, marker, tail = explanation.partition(MARKER)
    if not marker:
        return explanation, {}
    per_choice: dict[int, str] = {}
    extra: list[str] = []
    for line in tail.split("\n"):
        match = _LINE.match(line.strip())
        if match:
            number = _CIRCLED.index(match.group(1)) + 1 if match.group(1) else int(match.group(2))
            per_choice[number] = match.group(3).strip()
        elif line.strip():
            extra.append(line.strip())  # edited by hand after the block: keep it as explanation
    general = "\n".join(part for part in (head.strip(), *extra) if part)
    return general, per_choice
