"""Moodle question types whose structure is more than one stem and its choices, written into an item.

An item has a stem, choices (객관식) and one answer, so:

- ``matching``: 단답형; the stem lists the questions as "(1) …" and the answers to pick from as
  "보기: …"; the answer is "(1) 답, (2) 답".
- ``ddwtos``/``gapselect``: 단답형; each gap ``[[n]]`` becomes "( 1 )", "( 2 )"… in the text, the
  options are listed as "보기: …" and the answer names the option of each gap in order.
- ``gapfill`` (the Gapfill plugin): as ddwtos, each ``[answer]`` gap is a numbered blank; the
  wrong answers offered in a drop-down are listed with the right ones as "보기: …".
- ``multianswer`` (cloze): one multiple-choice gap is a 객관식 with the gap as "(    )"; otherwise
  단답형 with numbered gaps and the right answer of each gap, "(1) Paris, (2) 4".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree import ElementTree as ET

from engine.importers.markup import Fragment, html_fragment
from engine.importers.report import RowProblem
from engine.i18n import _t

STRUCTURED = ("matching", "match", "ddwtos", "gapselect", "gapfill", "multianswer")
# {1:MULTICHOICE:=Yes#ok~No#wrong}; "\}" "\~" "\#" are escaped characters inside it
_CLOZE = re.compile(r"\{(\d*):([A-Z_]+):((?:\\.|[^}\\])*)\}")
_CLOZE_MC = {"MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH", "MULTIRESPONSE", "MR",
             "MULTIRESPONSE_H", "MRH", "MULTICHOICE_S", "MCS", "MULTICHOICE_VS", "MCVS",
             "MULTICHOICE_HS", "MCHS", "MULTIRESPONSE_S", "MRS", "MULTIRESPONSE_HS", "MRHS"}
_GAP = re.compile(r"\[\[(\d+)\]\]")

FragmentOf = Callable[[ET.Element | None], Fragment]


def _text_of(html: str) -> str:
    return html_fragment(html).stem.replace("\n", " ")


def _blank(number: int) -> str:
    return f"( {number} )"


def structured_values(question: ET.Element, kind: str, text_html: str, fragment: FragmentOf
                      ) -> dict[str, object]:
    """The item fields of a matching, drag-and-drop/select-into-text or cloze question; ``html`` is
    the question HTML whose images are the item's figures."""
    if kind in ("matching", "match"):
        return _matching(question, text_html, fragment)
    if kind in ("ddwtos", "gapselect"):
        return _gaps(question, kind, text_html)
    if kind == "gapfill":
        return _gapfill(question, text_html)
    return _cloze(text_html)


def _matching(question: ET.Element, text_html: str, fragment: FragmentOf) -> dict[str, object]:
    pairs, options = [], []
    for sub in question.findall("subquestion"):
        answer = (sub.findtext("answer/text") or "").strip()
        prompt = fragment(sub).stem.replace("\n", " ")
        if answer and answer not in options:
            options.append(answer)
        if prompt:
            pairs.append((prompt, answer))
    if not pairs:
        raise RowProblem("choices", _t("matching question without any subquestion to match"))
    parsed = html_fragment(text_html)
    lines = [f"{_blank(n)} {prompt}" for n, (prompt, _) in enumerate(pairs, start=1)]
    stem = "\n".join([parsed.stem, *lines, "보기: " + ", ".join(options)])
    answer = ", ".join(f"({n}) {a}" for n, (_, a) in enumerate(pairs, start=1))
    return {"stem": stem.strip(), "passage": parsed.passage, "type": "단답형", "answer": answer,
            "html": text_html}


def _gaps(question: ET.Element, kind: str, text_html: str) -> dict[str, object]:
    tag = "dragbox" if kind == "ddwtos" else "selectoption"
    options = [_text_of(o.findtext("text") or "") for o in question.findall(tag)]
    order: list[int] = []

    def blank(match: re.Match[str]) -> str:
        order.append(int(match.group(1)))
        return _blank(len(order))

    body = _GAP.sub(blank, text_html)
    if not order:
        raise RowProblem("stem", _t("{kind} question without any [[n]] gap in its text").format(kind=kind))
    missing = [n for n in order if not 1 <= n <= len(options)]
    if missing:
        raise RowProblem("answer", _t("gap [[{number}]] names option {number}, but the question has {count} "
                                      "options").format(number=missing[0], count=len(options)))
    parsed = html_fragment(body)
    stem = "\n".join([parsed.stem, "보기: " + ", ".join(dict.fromkeys(options))])
    answer = ", ".join(f"({n}) {options[o - 1]}" for n, o in enumerate(order, start=1))
    return {"stem": stem, "passage": parsed.passage, "type": "단답형", "answer": answer,
            "html": text_html}


def _gapfill(question: ET.Element, text_html: str) -> dict[str, object]:
    delimiters = (question.findtext("delimitchars") or "[]").strip() or "[]"
    opening, closing = re.escape(delimiters[0]), re.escape(delimiters[-1])
    answers: list[str] = []

    def blank(match: re.Match[str]) -> str:
        answers.append(" / ".join(a.strip() for a in _text_of(match.group(1)).split("|")))
        return _blank(len(answers))

    body = re.sub(f"{opening}([^{closing}]+){closing}", blank, text_html)
    if not answers:
        raise RowProblem("stem", _t("gapfill question without any {delimiters} gap in its text").format(
            delimiters=delimiters))
    wrong = [w.strip() for w in (question.findtext("wronganswers/text") or "").split(",") if w.strip()]
    parsed = html_fragment(body)
    options = ["보기: " + ", ".join(dict.fromkeys(answers + wrong))] if wrong else []
    answer = ", ".join(f"({n}) {a}" for n, a in enumerate(answers, start=1))
    return {"stem": "\n".join([parsed.stem, *options]), "passage": parsed.passage, "type": "단답형",
            "answer": answer, "html": text_html}


def _cloze_answers(spec: str) -> list[tuple[float, str, str]]:
    """(fraction, answer, feedback) of each ``~``-separated answer of one cloze gap."""
    out = []
    for part in re.split(r"(?<!\\)~", spec):
        fraction = 0.0
        if part.startswith("="):
            fraction, part = 100.0, part[1:]
        else:
            weight = re.match(r"%(-?\d+(?:\.\d+)?)%", part)
            if weight:
                fraction, part = float(weight.group(1)), part[weight.end():]
        pieces = re.split(r"(?<!\\)#", part, maxsplit=1)
        answer, feedback = pieces[0], (pieces[1] if len(pieces) > 1 else "")
        out.append((fraction, _text_of(_unescape(answer)), _text_of(_unescape(feedback))))
    return out


def _unescape(text: str) -> str:
    return re.sub(r"\\([~#}{\\/\"])", r"\1", text)


def _cloze(text_html: str) -> dict[str, object]:
    gaps = [(m.group(2), _cloze_answers(m.group(3))) for m in _CLOZE.finditer(text_html)]
    if not gaps:
        raise RowProblem("stem", _t("cloze (multianswer) question without any {…} gap in its text"))
    if len(gaps) == 1 and gaps[0][0] in _CLOZE_MC:
        answers = gaps[0][1]
        body = _CLOZE.sub("(    )", text_html)
        parsed = html_fragment(body)
        right = [str(n) for n, (fraction, _, _) in enumerate(answers, start=1) if fraction > 0]
        return {"stem": parsed.stem, "passage": parsed.passage, "type": "객관식",
                "choices": [a for _, a, _ in answers], "answer": ",".join(right),
                "per_choice": {n: f for n, (_, _, f) in enumerate(answers, start=1)}, "html": body}
    counter = iter(range(1, len(gaps) + 1))
    body = _CLOZE.sub(lambda m: _blank(next(counter)), text_html)
    parsed = html_fragment(body)
    lines = []
    for number, (kind, answers) in enumerate(gaps, start=1):
        best = max(answers, key=lambda a: a[0])[1] if answers else ""
        if kind in ("NUMERICAL", "NM"):
            best = best.split(":", 1)[0]  # "12:0.5" is 12 within 0.5
        lines.append(f"({number}) {best}")
    options = [f"{_blank(n)} " + " / ".join(a for _, a, _ in answers)
               for n, (kind, answers) in enumerate(gaps, start=1) if kind in _CLOZE_MC]
    stem = "\n".join([parsed.stem, *(["보기:", *options] if options else [])])
    return {"stem": stem, "passage": parsed.passage, "type": "단답형", "answer": ", ".join(lines),
            "html": body}
