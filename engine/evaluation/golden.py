"""Golden query sets (JSONL): what a school's pilot measures retrieval against.

One query per line: ``{"qid", "scenario": "S1".."S4", "subject", "text", "image", "relevant": {id: grade}}``;
``relevant`` may also be a list of ids (all grade 1). Image paths are relative to the golden file.
See docs/golden_format.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from engine.i18n import _t
from engine.errors import InvalidInput

SCENARIOS = {
    "S1": "text → text items",
    "S2": "text → items with figures",
    "S3": "image → similar figures",
    "S4": "text + image → similar items",
}


class GoldenSetError(InvalidInput):
    """A golden file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class GoldenQuery:
    qid: str
    scenario: str
    subject: str
    text: str
    image: Path | None
    relevant: dict[str, int] = field(default_factory=dict)
    note: str = ""


def _relevance(value: object, where: str) -> dict[str, int]:
    if isinstance(value, list):
        grades = {str(v): 1 for v in value}
    elif isinstance(value, dict):
        grades = {}
        for item_id, grade in value.items():
            if not isinstance(grade, int) or isinstance(grade, bool) or grade < 0:
                raise GoldenSetError(_t("{where}: relevance of {item_id} must be a whole number ≥ 0").format(
                                         where=where, item_id=item_id))
            grades[str(item_id)] = grade
    else:
        raise GoldenSetError(_t("{where}: 'relevant' must be a list of ids or an object id → grade").format(
                                 where=where))
    grades = {k: v for k, v in grades.items() if v > 0}
    if not grades:
        raise GoldenSetError(_t("{where}: at least one relevant item is needed").format(where=where))
    return grades


def load_golden(path: str | Path) -> list[GoldenQuery]:
    source = Path(path).expanduser()
    if not source.is_file():
        raise GoldenSetError(_t("{source}: golden file not found").format(source=source))
    queries: list[GoldenQuery] = []
    seen: set[str] = set()
    for number, line in enumerate(source.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldenSetError(_t("{where}: not valid JSON ({msg})").format(where=where, msg=exc.msg)) from exc
        if not isinstance(raw, dict):
            raise GoldenSetError(_t("{where}: each line must be a JSON object").format(where=where))
        qid = str(raw.get("qid") or f"line{number}")
        if qid in seen:
            raise GoldenSetError(_t("{where}: qid {qid} appears twice").format(where=where, qid=qid))
        seen.add(qid)
        scenario = str(raw.get("scenario", ""))
        if scenario not in SCENARIOS:
            raise GoldenSetError(_t("{where}: scenario must be one of {value}").format(
                                     where=where, value=', '.join(SCENARIOS)))
        text = str(raw.get("text") or "")
        image = raw.get("image")
        image_path = (source.parent / image) if image else None
        if image_path is not None and not image_path.is_file():
            raise GoldenSetError(_t("{where}: query image {image} not found next to the golden file").format(
                                     where=where, image=image))
        if not text and image_path is None:
            raise GoldenSetError(_t("{where}: a query needs text, an image or both").format(where=where))
        queries.append(GoldenQuery(qid, scenario, str(raw.get("subject") or ""), text, image_path,
                                   _relevance(raw.get("relevant"), where), str(raw.get("note") or "")))
    if not queries:
        raise GoldenSetError(_t("{source}: no queries").format(source=source))
    return queries
