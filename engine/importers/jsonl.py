"""JSON Lines reader: one item object per line; keys in English or Korean (see ``FIELD_ALIASES``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from engine.i18n import _t
from engine.importers.report import RowProblem
from engine.importers.rows import SourceRow
from engine.items import canonical_field


def read_jsonl(path: Path, warnings: list[str]) -> Iterator[SourceRow]:
    """Yield one row per non-empty line; ``row`` is the 1-based line number."""
    ignored: set[str] = set()
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                yield SourceRow(str(path), number, {}, path.parent,
                                RowProblem("encoding", _t("line is not valid UTF-8; save the file as UTF-8")))
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield SourceRow(str(path), number, {}, path.parent,
                                RowProblem("row", _t("not valid JSON ({error} at column {column})").format(
                                    error=exc.msg, column=exc.colno)))
                continue
            if not isinstance(obj, dict):
                yield SourceRow(str(path), number, {}, path.parent,
                                RowProblem("row", _t("each line must be a JSON object {…}")))
                continue
            values: dict[str, object] = {}
            for key, value in obj.items():
                name = canonical_field(str(key))
                if name is None:
                    ignored.add(str(key))
                elif name not in values:
                    values[name] = value
            yield SourceRow(str(path), number, values, path.parent)
    if ignored:
        warnings.append(_t("{path}: keys ignored (not item fields): {value}").format(
                            path=path, value=', '.join(sorted(ignored))))
