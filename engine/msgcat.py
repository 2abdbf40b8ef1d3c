"""The message catalog's tool chain with the standard library only: find the marked strings, read the .po,
write the .mo.

Why our own and not Babel/msgfmt: the .mo is committed next to the .po (so a clean clone's editable
install and a wheel both have it without a build step), and a school PC or CI without gettext tools can
still rebuild and check it. ``python -m engine.msgcat compile`` rewrites ``itembank.mo`` from the .po;
``python -m engine.msgcat check`` lists marked strings without a Korean text, unused msgids and a stale .mo
(the test suite runs the same check).
"""

from __future__ import annotations

import argparse
import ast
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

from engine.i18n import DOMAIN, LOCALE_DIR

__all__ = ["CatalogProblems", "check", "compile_mo", "marked_strings", "read_po"]

ENGINE_DIR = Path(__file__).resolve().parent
MARKERS = ("_t", "N_")


def po_path(lang: str = "ko") -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str = "ko") -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def _unquote(token: str, where: str) -> str:
    token = token.strip()
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise ValueError(f"{where}: expected a quoted string, found {token[:40]!r}")
    return ast.literal_eval(token)  # C-style escapes (\n, \", \\) read the same as Python's


def read_po(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (the header entry under ""); fuzzy entries are left out, as msgfmt does.

    Only what our catalog uses: no plurals, no contexts. An unreadable line is an error naming the line.
    """
    entries: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None
    fuzzy = pending_fuzzy = False

    def flush() -> None:
        if msgid is not None and msgstr is not None and not fuzzy:
            entries["".join(msgid)] = "".join(msgstr)

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path}:{number}"
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            if stripped.startswith("#,") and "fuzzy" in stripped:
                pending_fuzzy = True
            continue
        if stripped.startswith("msgid "):
            flush()
            msgid, msgstr, fuzzy, pending_fuzzy = [_unquote(stripped[6:], where)], None, pending_fuzzy, False
            current = msgid
        elif stripped.startswith("msgstr "):
            if msgid is None:
                raise ValueError(f"{where}: msgstr without a msgid")
            msgstr = [_unquote(stripped[7:], where)]
            current = msgstr
        elif stripped.startswith('"') and current is not None:
            current.append(_unquote(stripped, where))
        else:
            raise ValueError(f"{where}: cannot read this line of the catalog: {stripped[:60]!r}")
    flush()
    return entries


def compile_mo(entries: dict[str, str]) -> bytes:
    """The GNU .mo bytes for ``entries`` (little-endian, sorted ids, no hash table), what msgfmt writes."""
    kept = sorted((k, v) for k, v in entries.items() if v)
    ids = [k.encode("utf-8") for k, _v in kept]
    strs = [v.encode("utf-8") for _k, v in kept]
    count = len(kept)
    ids_table = 7 * 4
    strs_table = ids_table + count * 8
    data_start = strs_table + count * 8
    offsets: list[tuple[int, int]] = []
    blob = b""
    for text in ids + strs:
        offsets.append((len(text), data_start + len(blob)))
        blob += text + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, ids_table, strs_table, 0, data_start)
    tables = b"".join(struct.pack("<2I", length, offset) for length, offset in offsets)
    return header + tables + blob


@dataclass
class Marked:
    """One marked string and where it is (for the messages of ``check``)."""

    text: str
    places: list[str] = field(default_factory=list)


def marked_strings(root: Path = ENGINE_DIR) -> dict[str, Marked]:
    """Every literal string passed to ``_t(...)`` or ``N_(...)`` in the engine's source."""
    found: dict[str, Marked] = {}
    for source in sorted(root.rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        if "from engine.i18n import" not in text:  # a module's own helper named _t is not the catalog's
            continue
        tree = ast.parse(text, filename=str(source))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                text = node.args[0].value
                found.setdefault(text, Marked(text)).places.append(
                    f"{source.relative_to(root.parent)}:{node.lineno}")
    return found


@dataclass
class CatalogProblems:
    """What ``check`` found; empty lists mean the catalog and the code agree."""

    untranslated: list[str]
    unused: list[str]
    stale_mo: bool

    def __bool__(self) -> bool:
        return bool(self.untranslated or self.unused or self.stale_mo)


def check(lang: str = "ko") -> CatalogProblems:
    entries = read_po(po_path(lang))
    marked = marked_strings()
    untranslated = sorted(f"{m.places[0]}: {m.text!r}" for m in marked.values() if not entries.get(m.text))
    unused = sorted(repr(k) for k in entries if k and k not in marked)
    mo = mo_path(lang)
    stale = not mo.is_file() or mo.read_bytes() != compile_mo(entries)
    return CatalogProblems(untranslated, unused, stale)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine.msgcat", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("compile", "check"))
    args = parser.parse_args(argv)
    if args.action == "compile":
        mo_path().write_bytes(compile_mo(read_po(po_path())))
        print(f"wrote {mo_path()}")
        return 0
    problems = check()
    for line in problems.untranslated:
        print(f"no Korean text: {line}")
    for line in problems.unused:
        print(f"in the .po but not in the code: {line}")
    if problems.stale_mo:
        print(f"{mo_path()} is older than the .po: run python -m engine.msgcat compile")
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
