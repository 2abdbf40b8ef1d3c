"""Import every file of tests/corpus/real/MANIFEST.csv (dry run, ``--subject 정보``) and print the table
source | format | files | imported | partial | refused (reason) — the figure issue 18 asks for.

    python tools/corpus_report.py [--markdown] [--details]

"imported": every question of the file became an item; "partial": some did, the rest were skipped
(their commonest reason is listed); "refused": nothing came in (the file's one-line refusal, or the
commonest row reason). A crash is any other exception and is listed as such.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "real"
sys.path.insert(0, str(ROOT))

from engine.api import ItemBank  # noqa: E402
from engine.errors import ItemBankError  # noqa: E402


@dataclass
class FileResult:
    """What one corpus file gave."""

    row: dict[str, str]
    outcome: str  # imported | partial | refused | crash
    imported: int = 0
    skipped: int = 0
    reason: str = ""
    report: object = None
    items: list = field(default_factory=list)


def manifest() -> list[dict[str, str]]:
    with (CORPUS / "MANIFEST.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _short(reason: str) -> str:
    """A row reason without the file name and question name, so equal reasons count together."""
    reason = reason.split(": ", 1)[-1] if reason.startswith(("/", "tests")) else reason
    reason = reason.replace(str(CORPUS) + "/", "")
    if "Moodle question type" in reason:
        return "type " + reason.split("'")[1]
    if " is not supported;" in reason:
        return reason.split(" is not supported;")[0].rsplit(": ", 1)[-1] + " not supported"
    return reason[:90]


def import_file(bank: ItemBank, row: dict[str, str]) -> FileResult:
    path = CORPUS / row["file"]
    try:
        report = bank.import_path(path, subject="정보", dry_run=False)
    except ItemBankError as exc:
        message = str(exc).replace(str(path) + ": ", "").replace(str(path), row["file"])
        return FileResult(row, "refused", reason=_short(message))
    except Exception as exc:  # noqa: BLE001 - the point is to list crashes, not to stop at one
        return FileResult(row, "crash", reason=f"{type(exc).__name__}: {exc}"[:120])
    got = report.imported + len(report.duplicates) + len(report.updated)
    reasons = Counter(_short(s.reason) for s in report.skipped)
    common = "; ".join(f"{r} ×{n}" if n > 1 else r for r, n in reasons.most_common(2))
    items = [bank.get(i) for i in report.imported_ids]
    if got and not report.skipped:
        return FileResult(row, "imported", got, 0, "", report, items)
    if got:
        return FileResult(row, "partial", got, len(report.skipped), common, report, items)
    return FileResult(row, "refused", 0, len(report.skipped), common or "no items found", report)


def run_corpus(rows: list[dict[str, str]] | None = None) -> list[FileResult]:
    """Each file into its own fresh bank (a file's items must not count as another's duplicates)."""
    results = []
    with tempfile.TemporaryDirectory(prefix="itembank-corpus-") as scratch:
        for number, row in enumerate(rows or manifest()):
            bank = ItemBank(Path(scratch) / f"bank{number}", create=True)
            try:
                results.append(import_file(bank, row))
            finally:
                bank.close()
    return results


def table(results: list[FileResult], markdown: bool = False) -> str:
    groups: dict[tuple[str, str, str], list[FileResult]] = {}
    for result in results:
        key = (result.row["family"], result.row["source_repo"], result.row["format"])
        groups.setdefault(key, []).append(result)
    lines = ["| family | source | format | files | imported | partial | refused (reason) |",
             "|---|---|---|---|---|---|---|"]
    for (family, repo, fmt), group in groups.items():
        count = Counter(r.outcome for r in group)
        refused = [r for r in group if r.outcome in ("refused", "crash")]
        why = Counter(("CRASH " if r.outcome == "crash" else "") + r.reason for r in refused)
        reasons = "; ".join(f"{w} ×{n}" if n > 1 else w for w, n in why.most_common())
        lines.append(f"| {family} | {repo} | {fmt} | {len(group)} | {count['imported']} | "
                     f"{count['partial']} | {count['refused'] + count['crash']}"
                     f"{' (' + reasons + ')' if reasons else ''} |")
    holding = [r for r in results if r.row["expect"] == "import"]
    ok = [r for r in holding if r.outcome in ("imported", "partial")]
    share = 100 * len(ok) / len(holding) if holding else 0
    lines.append("")
    refused_types = [r for r in results if r.row["expect"] == "refuse"]
    lines.append(f"Moodle/QTI files holding questions of types itembank reads: {len(ok)}/{len(holding)} "
                 f"imported ≥1 item ({share:.0f} %); counting also the {len(refused_types)} files holding "
                 f"only types it does not read: {len(ok)}/{len(holding) + len(refused_types)} "
                 f"({100 * len(ok) / max(1, len(holding) + len(refused_types)):.0f} %); "
                 f"crashes: {sum(r.outcome == 'crash' for r in results)}")
    text = "\n".join(lines)
    return text if markdown else text.replace("|---|---|---|---|---|---|---|\n", "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--details", action="store_true", help="one line per file as well")
    args = parser.parse_args()
    results = run_corpus()
    if args.details:
        for r in results:
            print(f"{r.outcome:9} {r.imported:3} {r.skipped:3} {r.row['file']}  {r.reason}")
        print()
    print(table(results, args.markdown))


if __name__ == "__main__":
    main()
