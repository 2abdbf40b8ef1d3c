"""QTI interactions whose structure is more than a stem and its choices, written into an item as the
Moodle ones are (``engine.importers.moodle_structured``):

- ``matchInteraction``: 단답형; the first set is listed as "( 1 ) …", the second as "보기: …", the
  answer pairs them, "(1) 답, (2) 답".
- ``gapMatchInteraction``: 단답형; each ``<gap>`` is a numbered blank, the gap texts are the 보기.
- several ``textEntryInteraction``/``inlineChoiceInteraction`` in one item (a cloze): 단답형 with
  numbered blanks and the right answer of each; one ``inlineChoiceInteraction`` alone is a 객관식.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree import ElementTree as ET

from engine.importers.report import RowProblem
from engine.i18n import _t

GAP_MARK = "\ue001"  # where an inline interaction or a gap stood in the text, until numbered
INLINE = ("textEntryInteraction", "inlineChoiceInteraction")
STRUCTURED = ("matchInteraction", "gapMatchInteraction", "inlineChoiceInteraction", "orderInteraction")
ORDER_LABELS = "가나다라마바사아자차카타파하"

NameOf = Callable[[ET.Element], str]
AttrOf = Callable[[ET.Element, str], str]
TextOf = Callable[[ET.Element], str]


def number_gaps(text: str) -> str:
    """The gap marks as blanks: "( )" for one gap, "( 1 )", "( 2 )"… for several. One answer box
    on a line of its own (how itembank's own export writes a 단답형) is not a blank in the text."""
    count = text.count(GAP_MARK)
    if count <= 1:
        text = "\n".join(line for line in text.split("\n") if line.strip() != GAP_MARK)
        return text.replace(GAP_MARK, "( )")
    numbers = iter(range(1, count + 1))
    return re.sub(GAP_MARK, lambda _: f"( {next(numbers)} )", text)


def _pairs(correct: list[str]) -> list[tuple[str, str]]:
    return [tuple(v.split()[:2]) for v in correct if len(v.split()) >= 2]  # type: ignore[misc]


def match_values(interaction: ET.Element, correct: list[str], name: NameOf, attr: AttrOf,
                 text: TextOf) -> dict[str, object]:
    sets = [[(attr(c, "identifier"), text(c)) for c in s if name(c) == "simpleAssociableChoice"]
            for s in interaction if name(s) == "simpleMatchSet"]
    if len(sets) != 2 or not all(sets):
        raise RowProblem("choices", _t("matchInteraction without two sets of choices to match"))
    if not all(label for group in sets for _, label in group):
        raise RowProblem("type", _t("matchInteraction whose choices are pictures is not supported; "
                                    "itembank keeps matching items with text choices"))
    sources, targets = dict(sets[0]), dict(sets[1])
    answers: dict[str, list[str]] = {}
    for left, right in _pairs(correct):
        if left in targets and right in sources:
            left, right = right, left
        if left in sources and right in targets:
            answers.setdefault(left, []).append(targets[right])
    lines = [f"( {n} ) {label}" for n, (_, label) in enumerate(sets[0], start=1)]
    answer = ", ".join(f"({n}) {' / '.join(answers.get(key, [])) or '-'}"
                       for n, (key, _) in enumerate(sets[0], start=1))
    return {"lines": [*lines, "보기: " + ", ".join(targets.values())], "answer": answer if answers else ""}


def gap_match_values(interaction: ET.Element, correct: list[str], name: NameOf, attr: AttrOf,
                     text: TextOf, body: Callable[[list[ET.Element]], str]) -> dict[str, object]:
    choices = {attr(c, "identifier"): text(c) for c in interaction if name(c) == "gapText"}
    gaps = [attr(g, "identifier") for g in interaction.iter() if name(g) == "gap"]
    if not gaps:
        raise RowProblem("stem", _t("gapMatchInteraction without any <gap> in its text"))
    filled: dict[str, str] = {}
    for left, right in _pairs(correct):
        choice, gap = (left, right) if left in choices else (right, left)
        if choice in choices:
            filled[gap] = choices[choice]
    content = body([c for c in interaction if name(c) not in ("gapText", "gapImg", "prompt")])
    answer = ", ".join(f"({n}) {filled.get(g, '-')}" for n, g in enumerate(gaps, start=1))
    return {"text": content, "lines": ["보기: " + ", ".join(choices.values())],
            "answer": answer if filled else ""}


def order_values(interaction: ET.Element, correct: list[str], name: NameOf, attr: AttrOf,
                 text: TextOf) -> dict[str, object]:
    """An ordering item as a Korean paper prints one: the parts labelled (가), (나) … and the answer
    their right order, "(다) → (가) → (나)"."""
    options = [(attr(c, "identifier"), text(c)) for c in interaction if name(c) == "simpleChoice"]
    if len(options) < 2 or len(options) > len(ORDER_LABELS):
        raise RowProblem("choices", _t("orderInteraction with {count} parts to order").format(count=len(options)))
    if not all(label for _, label in options):
        raise RowProblem("type", _t("orderInteraction whose parts are pictures is not supported"))
    labels = {key: f"({ORDER_LABELS[n]})" for n, (key, _) in enumerate(options)}
    lines = [f"{labels[key]} {label}" for key, label in options]
    answer = " → ".join(labels[key] for key in correct if key in labels)
    return {"lines": lines, "answer": answer}


def inline_values(interactions: list[ET.Element], correct_of: Callable[[str], list[str]],
                  name: NameOf, attr: AttrOf, text: TextOf) -> dict[str, object]:
    """Several gaps (text entry, inline choice) in one item."""
    if len(interactions) == 1:  # one inline choice: the choices of a 객관식
        options = [(attr(c, "identifier"), text(c)) for c in interactions[0] if name(c) == "inlineChoice"]
        right = correct_of(attr(interactions[0], "responseIdentifier"))
        ids = [i for i, _ in options]
        return {"type": "객관식", "choices": [t for _, t in options],
                "answer": ",".join(str(ids.index(r) + 1) for r in right if r in ids)}
    answers, lines = [], []
    for number, interaction in enumerate(interactions, start=1):
        right = correct_of(attr(interaction, "responseIdentifier"))
        if name(interaction) == "inlineChoiceInteraction":
            options = {attr(c, "identifier"): text(c) for c in interaction if name(c) == "inlineChoice"}
            # an empty option is the "choose…" placeholder of the drop-down: nothing to print
            lines.append(f"( {number} ) " + " / ".join(v for v in options.values() if v.strip()))
            right = [options.get(r, r) for r in right]
        answers.append(f"({number}) {' | '.join(right) or '-'}")
    return {"type": "단답형", "lines": ["보기:", *lines] if lines else [], "answer": ", ".join(answers)}
