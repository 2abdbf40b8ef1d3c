"""Import every file of tests/corpus/real/MANIFEST.csv (dry run, ``--subject 정보``) and print the table
source | format | files | imported | partial | refused (reason) — the figure issue 18 asks for.

    python tools/corpus_report.py [--markdown] [--details] [--subject 정보]

"imported": every question of the file became an item; "partial": some did, the rest were skipped
(their commonest reason is listed); "refused": nothing came in (the file's one-line refusal, or the
commonest row reason). A crash is any other exception and is listed as such.

Real 한글 exam papers that may not be shipped (MANIFEST's shipped = "fetch") are read from
shared/hwp-papers/ when `python tools/build_corpus.py --fetched` has put them there, and left out of
the table otherwise. For every 한글 file that holds questions, the split is checked against the
hand count in the manifest (questions, choices per question, answers printed).
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
FETCHED = ROOT / "shared" / "hwp-papers"
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
    split_ok: bool | None = None  # 한글 papers: the split matches the hand count (None: not a paper)
    split_note: str = ""


def manifest() -> list[dict[str, str]]:
    with (CORPUS / "MANIFEST.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def path_of(row: dict[str, str]) -> Path:
    return (CORPUS if row.get("shipped", "yes") == "yes" else FETCHED) / row["file"]


def available(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows whose file is here: every shipped one, and the fetched papers once fetched."""
    return [r for r in rows if path_of(r).is_file()]


def holds_questions(row: dict[str, str]) -> bool:
    return row["family"] == "HWP/HWPX" and row["expect"] in ("paper", "unsure")


def expand_choices(text: str) -> list[int]:
    """"5x15,0x7,4" → fifteen 5s, seven 0s and a 4."""
    out: list[int] = []
    for part in filter(None, text.split(",")):
        count, _, times = part.partition("x")
        out.extend([int(count)] * int(times or 1))
    return out


def check_split(result: "FileResult") -> None:
    """Does the import give the hand-counted questions, choices and printed answers?"""
    row = result.row
    if not holds_questions(row):
        return
    want = int(row["questions"])
    got = [len(i.choices) for i in result.items]
    answered = sum(1 for i in result.items if i.answer)
    problems = []
    if result.outcome != "imported" or len(got) != want:
        problems.append(f"{len(got)} of {want} questions")
    elif row["choices"] and got != expand_choices(row["choices"]):
        wrong = [n for n, (a, b) in enumerate(zip(got, expand_choices(row["choices"])), 1) if a != b]
        problems.append(f"choices differ at question(s) {wrong[:5]}")
    if not problems and answered != int(row.get("answers") or 0):
        problems.append(f"{answered} answers, {row['answers']} printed")
    result.split_ok = not problems
    result.split_note = "; ".join(problems)


def _short(reason: str) -> str:
    """A row reason without the file name and question name, so equal reasons count together."""
    reason = reason.split(": ", 1)[-1] if reason.startswith(("/", "tests")) else reason
    reason = reason.replace(str(CORPUS) + "/", "")
    if "Moodle question type" in reason:
        return "type " + reason.split("'")[1]
    if reason.startswith("no numbered questions"):
        return "no numbered questions"
    if reason.startswith("not an exam paper"):
        return "not an exam paper (numbered lines, no choices)"
    if reason.startswith("an answer sheet ("):
        return reason.split(":", 1)[0]  # "an answer sheet (20 answers), no questions"
    if reason.startswith("the split into questions is unsure"):
        return "unsure split, asks: " + reason.split("— ", 1)[-1].split(":", 1)[0]
    if " is not supported;" in reason:
        return reason.split(" is not supported;")[0].rsplit(": ", 1)[-1] + " not supported"
    return reason[:90]


SUBJECT = "정보"  # the subject every file is imported with, as a teacher passes --subject


def import_file(bank: ItemBank, row: dict[str, str], subject: str = SUBJECT) -> FileResult:
    result = _import_file(bank, row, subject)
    check_split(result)
    return result


def _import_file(bank: ItemBank, row: dict[str, str], subject: str) -> FileResult:
    path = path_of(row)
    try:
        report = bank.import_path(path, subject=subject, dry_run=False)
    except ItemBankError as exc:
        message = str(exc).replace(str(path) + ": ", "").replace(str(path), row["file"])
        message = message.replace(str(path.parent) + "/", "")
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


def run_corpus(rows: list[dict[str, str]] | None = None, subject: str = SUBJECT) -> list[FileResult]:
    """Each file into its own fresh bank (a file's items must not count as another's duplicates)."""
    results = []
    with tempfile.TemporaryDirectory(prefix="itembank-corpus-") as scratch:
        for number, row in enumerate(available(rows or manifest())):
            bank = ItemBank(Path(scratch) / f"bank{number}", create=True)
            try:
                results.append(import_file(bank, row, subject))
            finally:
                bank.close()
    return results


def sheet_pairs(results: list[FileResult], subject: str = SUBJECT) -> list[str]:
    """Each answer sheet (refused alone) imported together with the paper of its name: how many of
    the paper's questions got their answer ("round6_answers.hwp → round6_questions.hwp: 20/20")."""
    from engine.importers.answer_sheet import paper_key

    papers = {paper_key(path_of(r.row)): r for r in results if holds_questions(r.row) and r.outcome == "imported"}
    out = []
    for sheet in (r for r in results if r.reason.startswith("an answer sheet (")):
        paper = papers.get(paper_key(path_of(sheet.row)))
        if paper is None:
            out.append(f"{sheet.row['file']}: no paper of its name")
            continue
        with tempfile.TemporaryDirectory(prefix="itembank-corpus-pair-") as scratch:
            bank = ItemBank(Path(scratch) / "bank", create=True)
            try:
                report = bank.import_path([path_of(paper.row), path_of(sheet.row)], subject=subject)
                answered = sum(1 for i in report.imported_ids if bank.get(i).answer)
            finally:
                bank.close()
        out.append(f"{Path(sheet.row['file']).name} → {Path(paper.row['file']).name}: "
                   f"{answered}/{report.imported} questions answered")
    return out


def table(results: list[FileResult], markdown: bool = False) -> str:
    groups: dict[tuple[str, str, str], list[FileResult]] = {}
    for result in results:
        fetched = " (fetched)" if result.row.get("shipped") == "fetch" else ""
        key = (result.row["family"], result.row["source_repo"] + fetched, result.row["format"])
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
    holding = [r for r in results if r.row["expect"] == "import"]  # Moodle / QTI
    ok = [r for r in holding if r.outcome in ("imported", "partial")]
    share = 100 * len(ok) / len(holding) if holding else 0
    lines.append("")
    refused_types = [r for r in results if r.row["expect"] == "refuse"]
    lines.append(f"Moodle/QTI files holding questions of types itembank reads: {len(ok)}/{len(holding)} "
                 f"imported ≥1 item ({share:.0f} %); counting also the {len(refused_types)} files holding "
                 f"only types it does not read: {len(ok)}/{len(holding) + len(refused_types)} "
                 f"({100 * len(ok) / max(1, len(holding) + len(refused_types)):.0f} %); "
                 f"crashes: {sum(r.outcome == 'crash' for r in results)}")
    papers = [r for r in results if holds_questions(r.row)]
    right = [r for r in papers if r.split_ok]
    wrong = "; ".join(f"{r.row['file']}: {r.split_note or r.reason}" for r in papers if not r.split_ok)
    empty = [r for r in results if r.row["family"] == "HWP/HWPX" and r.row["expect"] == "none"]
    lines.append(f"HWP/HWPX files holding questions: {len(right)}/{len(papers)} imported with the "
                 f"hand-counted split (questions, choices per question, printed answers) "
                 f"({100 * len(right) / max(1, len(papers)):.0f} %) from "
                 f"{len({r.row['source_repo'] for r in papers})} repositories; "
                 f"{sum(r.outcome == 'refused' for r in empty)}/{len(empty)} holding none refused"
                 + (f". Not right: {wrong}" if wrong else ""))
    pairs = sheet_pairs(results)
    if pairs:
        lines.append("Answer sheets imported with their paper: " + "; ".join(pairs))
    missing = [r for r in manifest() if not path_of(r).is_file()]
    if missing:
        lines.append(f"{len(missing)} fetch-to-rebuild paper(s) not here (python tools/build_corpus.py "
                     "--fetched --mirrors DIR): left out")
    text = "\n".join(lines)
    return text if markdown else text.replace("|---|---|---|---|---|---|---|\n", "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--details", action="store_true", help="one line per file as well")
    parser.add_argument("--subject", default=SUBJECT, help="the subject every file is imported with")
    args = parser.parse_args()
    results = run_corpus(subject=args.subject)
    if args.details:
        for r in results:
            split = {True: "split ok", False: f"SPLIT {r.split_note}", None: ""}[r.split_ok]
            print(f"{r.outcome:9} {r.imported:3} {r.skipped:3} {r.row['file']}  {r.reason}  {split}")
        print()
    print(table(results, args.markdown))


if __name__ == "__main__":
    main()
