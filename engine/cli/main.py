"""The ``itembank`` command (also ``python -m engine``): argument parsing and error handling.

``--data-dir`` and ``--json`` are accepted before or after the subcommand. Bad input exits with code 2
and one line on stderr that says what to do; tracebacks are for bugs only.
"""

from __future__ import annotations

import os

# Idle OpenMP worker threads sleep instead of spinning (usearch and torch each bring an OpenMP runtime;
# spinning threads of one starve the other on a 2-core PC: lite search 41 → 12 queries/s measured).
# Must be set before engine.api imports usearch.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse  # noqa: E402
import sqlite3
import sys

from engine import __version__
from engine.i18n import _t
from engine.api import SEARCH_MODES, ItemBankError, error_family, one_line
from engine.cli import commands
from engine.i18n import LANGUAGES, set_language
from engine.cli.backup_command import add_backup_parsers
from engine.cli.check_command import add_check_parser
from engine.cli.model_commands import add_model_parsers
from engine.server.command import add_serve_parser
from engine.exporters import EXPORT_FORMATS
from engine.importers import FORMATS
from engine.remote.cli import add_remote_parser

BAD_INPUT = 2
# Exit codes by the error's family (engine.errors): bad input and what is missing are the user's to fix
# (2); a busy bank is worth retrying (3); damage is reported as `itembank check` does (1).
EXIT_CODES = {"not_found": BAD_INPUT, "invalid_input": BAD_INPUT, "unavailable": BAD_INPUT, "error": BAD_INPUT,
              "busy": 3, "damaged": 1}


def _global_options(defaults: bool) -> argparse.ArgumentParser:
    """Options valid anywhere; subparsers use SUPPRESS so a value given first is not overwritten."""
    parent = argparse.ArgumentParser(add_help=False)
    suppress = None if defaults else argparse.SUPPRESS
    parent.add_argument("--data-dir", default=suppress,
                        help="bank folder (default: ITEMBANK_DATA_DIR or the user data dir)")
    parent.add_argument("--backend", default=suppress, metavar="URL",
                        help="where the items live: 'sqlite' (the data folder, default) or a PostgreSQL URL "
                             "(the district backend); default: ITEMBANK_BACKEND or what `init --backend` saved")
    parent.add_argument("--json", action="store_true", default=False if defaults else argparse.SUPPRESS,
                        help="print machine-readable JSON on stdout")
    parent.add_argument("--lang", choices=LANGUAGES, default=suppress,
                        help="language of messages and reports: ko (한국어) or en (default: ITEMBANK_LANG, "
                             "else the locale, e.g. LANG=ko_KR.UTF-8)")
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="itembank", parents=[_global_options(True)],
        description="Search, compare and rerank your exam-item bank (문항 은행), offline.")
    parser.add_argument("--version", action="version", version=f"itembank {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = [_global_options(False)]

    p = sub.add_parser("init", parents=common, help="create a bank (--sample loads the sample bank); with "
                       "--backend, also remember that backend for this data folder")
    p.add_argument("--sample", action="store_true", help="load the bundled sample bank")
    p.add_argument("--no-index", action="store_true",
                   help="do not build the lite semantic index after loading the sample")
    p.set_defaults(handler=commands.cmd_init)

    p = sub.add_parser("import", parents=common, help="import items from a file or folder")
    p.add_argument("path", nargs="+", help="a file or folder; or several files read as one batch (a paper "
                   "and its answer sheet: the sheet's answers fill the paper's questions)")
    p.add_argument("--format", default="auto", choices=FORMATS)
    p.add_argument("--dry-run", action="store_true", help="validate and report without writing")
    p.add_argument("--subject", help="subject (과목) for items whose file does not name one, e.g. 수학; "
                   "a subject the file states for an item (a 과목 column, a 과목: tag or keyword, a Moodle "
                   "category) wins, this value fills the blanks and beats a subject guessed from the "
                   "paper's title or the file name; `itembank subjects` lists the accepted names")
    p.add_argument("--grade", help="grade (학년) for items whose file does not say, e.g. 중2 or 고1; "
                   "same rule as --subject")
    p.add_argument("--accept-split", action="store_true",
                   help="import an exam paper (.hwpx/.hwp) even when the dry run called its split into "
                   "questions unsure (numbers out of order, more than five choices); check it first")
    p.add_argument("--no-index", action="store_true",
                   help="do not bring the semantic index up to date afterwards (`itembank index` does it later)")
    p.set_defaults(handler=commands.cmd_import)

    p = sub.add_parser("subjects", parents=common,
                       help="the accepted subjects (과목) and aliases, with the school's own from subjects.txt")
    p.set_defaults(handler=commands.cmd_subjects)

    p = sub.add_parser("search", parents=common, help="search the bank")
    p.add_argument("text", nargs="?", default="")
    p.add_argument("--image", help="search by an image file (needs the Qwen3-VL model pack)")
    p.add_argument("--subject")
    p.add_argument("--grade", help="e.g. 중2, or 중 for every middle-school grade")
    p.add_argument("--type", help="객관식, 단답형 or 서술형")
    p.add_argument("--difficulty", help="상, 중 or 하")
    p.add_argument("--standard", help="성취기준 code prefix, e.g. [9수02")
    p.add_argument("--unit", help="part of the 단원 name")
    p.add_argument("-k", type=int, default=10, help="number of results (default 10)")
    p.add_argument("--rerank", type=int, default=0, metavar="N", help="rerank the top N")
    p.add_argument("--mode", default="auto", choices=SEARCH_MODES)
    p.add_argument("--profile")
    p.set_defaults(handler=commands.cmd_search)

    p = sub.add_parser("similar", parents=common, help="items most like one item")
    p.add_argument("id")
    p.add_argument("-k", type=int, default=10)
    p.set_defaults(handler=commands.cmd_similar)

    p = sub.add_parser("duplicates", parents=common, help="clusters of near-duplicate items")
    p.add_argument("--threshold", type=float,
                   help="minimum score (default 0.95 cosine with a semantic profile, 0.3 text overlap without)")
    p.add_argument("--csv", help="also write the pairs to this CSV file for review")
    p.set_defaults(handler=commands.cmd_duplicates)

    p = sub.add_parser("merge", parents=common,
                       help="merge a near-duplicate into the item you keep (tags and missing metadata move over)")
    p.add_argument("keep", help="id of the item to keep")
    p.add_argument("drop", help="id of the duplicate to remove from the bank")
    p.add_argument("--no-index", action="store_true", help="do not update the semantic index afterwards")
    p.set_defaults(handler=commands.cmd_merge)

    p = sub.add_parser("edit", parents=common, help="correct fields or figures of one item (undoable)",
                       description="FIELD=VALUE words: stem, passage, choices=\"① 2 | ② 3\", answer, explanation, "
                                   "subject, grade, unit, standard, difficulty, type, source, tags=\"a, b\"; "
                                   "images+=PATH adds a figure, images-=SHA removes one (its hash or the start "
                                   "of it). Korean field names (정답=3) work too.")
    p.add_argument("id")
    p.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    p.add_argument("--no-index", action="store_true", help="do not update the semantic index afterwards")
    p.set_defaults(handler=commands.cmd_edit)

    p = sub.add_parser("delete", parents=common, help="remove items from the bank (undoable)")
    p.add_argument("ids", nargs="+", metavar="ID")
    p.add_argument("--no-index", action="store_true", help="do not update the semantic index afterwards")
    p.set_defaults(handler=commands.cmd_delete)

    p = sub.add_parser("undo", parents=common, help="revert the last edit, delete or merge")
    p.add_argument("--no-index", action="store_true", help="do not update the semantic index afterwards")
    p.set_defaults(handler=commands.cmd_undo)

    p = sub.add_parser("history", parents=common, help="earlier versions of one item (also a deleted one)")
    p.add_argument("id")
    p.set_defaults(handler=commands.cmd_history)

    p = sub.add_parser("show", parents=common, help="show one item in full")
    p.add_argument("id")
    p.set_defaults(handler=commands.cmd_show)

    p = sub.add_parser("export", parents=common,
                       help="export items to JSONL, CSV, a worksheet (HWPX/PDF), QTI (.zip) or Moodle XML")
    p.add_argument("output")
    p.add_argument("--format", default="auto", choices=("auto", *EXPORT_FORMATS))
    p.add_argument("--ids", help="comma-separated item ids (default: every item)")
    p.add_argument("--encoding", default="utf-8-sig", choices=("utf-8-sig", "utf-8", "cp949"),
                   help="CSV encoding (default UTF-8 with BOM, which Excel opens)")
    p.add_argument("--title", help="worksheet title (hwpx/pdf; default: subject, grade, 학습지)")
    p.add_argument("--no-answers", action="store_true",
                   help="worksheet without the answer sheet (hwpx/pdf; same as --answers none)")
    p.add_argument("--layout", choices=("one-column", "two-column"), help="worksheet columns (default one)")
    p.add_argument("--answers", choices=("end-page", "separate", "none"),
                   help="answer key on a new page (default), in NAME-정답.pdf/.hwpx, or none")
    p.add_argument("--variants", help="versions with shuffled question order, e.g. A,B (NAME-A.pdf, …)")
    p.add_argument("--shuffle-choices", action="store_true", help="variants also shuffle 객관식 choices")
    p.add_argument("--seed", type=int, default=0, help="the same seed gives the same variants")
    p.add_argument("--paper", choices=("A4", "B4"), help="paper size (default A4)")
    p.add_argument("--school", default="", help="school name for the worksheet header")
    p.add_argument("--exam-date", default="", help="date in the header (default today)")
    p.add_argument("--creator", default="", help="author written into the file (the teacher's name)")
    p.add_argument("--writing", choices=("box", "lines"), help="서술형 writing space (default box)")
    p.add_argument("--writing-mm", type=float, help="height of the 서술형 writing space in mm (default 40)")
    p.set_defaults(handler=commands.cmd_export)

    p = sub.add_parser("index", parents=common, help="build or update a profile's vector index")
    p.add_argument("--profile", help="profile to index (default: the active one, else lite)")
    p.add_argument("--resume", action="store_true",
                   help="carry on after an interruption (every run resumes; kept for the contract)")
    p.add_argument("--batch-size", type=int, default=32)
    p.set_defaults(handler=commands.cmd_index)

    p = sub.add_parser("profiles", parents=common, help="list, create, use or delete retrieval profiles")
    p.add_argument("action", choices=("list", "create", "use", "delete", "weights"))
    p.add_argument("name", nargs="?", help="profile name (create: default e.g. qwen3vl-2b-int8-2048)")
    p.add_argument("--model", help="create: the installed embedding pack (default: the smallest installed)")
    p.add_argument("--precision", choices=("int8", "bf16", "fp16", "fp32"),
                   help="create: default int8 on a CUDA GPU, fp32 on the CPU")
    p.add_argument("--dim", type=int, help="create: keep the first N dimensions (MRL; default: all)")
    p.add_argument("--index-dtype", default="f16", choices=("f32", "f16", "i8", "b1"),
                   help="create: how the index stores vectors (default f16; i8 halves the file but loses "
                        "recall, 0.74-0.96 recall@10 measured by `itembank bench index`)")
    p.add_argument("--instruction", default="", help="create: the query instruction (default: the built-in "
                   "Korean exam-item instruction)")
    # the seed report's baseline: `profiles create baseline` fuses a KURE-v1 and a SigLIP profile late
    p.add_argument("--text-model", help="create baseline: the KURE-v1 pack (default: the installed one)")
    p.add_argument("--image-model", help="create baseline: the SigLIP pack (default: the installed one)")
    for flag, what in (("--text-weight", "KURE-v1 text scores (default 0.5)"),
                       ("--image-weight", "SigLIP figure scores of image queries (default 0.5)"),
                       ("--text-image-weight", "SigLIP text→figure scores of text queries (default 0)")):
        p.add_argument(flag, type=float, help=f"create baseline / weights: weight of the {what}")
    p.set_defaults(handler=commands.cmd_profiles)

    p = sub.add_parser("pilot", parents=common, help="pilot evaluation with a Go/No-Go report")
    p.add_argument("--golden", required=True, help="golden query set (JSONL), e.g. assets/golden.jsonl")
    p.add_argument("--profiles", default="keyword,lite", help="comma-separated profiles to compare")
    p.add_argument("--report", required=True, help="folder for report.html and metrics.json")
    p.add_argument("--candidate", help="variant to decide on (default: the best Qwen profile)")
    p.add_argument("--baseline", help="variant to beat (default: baseline, else keyword)")
    p.set_defaults(handler=commands.cmd_pilot)

    p = sub.add_parser("bench", parents=common, help="benchmarks that print figures")
    p.add_argument("what", choices=("keyword", "hybrid", "lite", "embed", "rerank", "index", "district"))
    p.add_argument("--items", type=int, default=50_000, help="synthetic bank size")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--golden", help="golden set for `bench lite`/`bench hybrid` (default: the sample bank's)")
    p.add_argument("--size", choices=("tiny", "2b"),
                   help="embed/rerank: model shape (default: 2b on a CUDA GPU, tiny on the CPU)")
    p.add_argument("--precisions", default="int8,bf16,fp32", help="embed/rerank: precisions to compare")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), help="embed/rerank: where to run")
    p.add_argument("--sizes", default="10000,100000",
                   help="index: bank sizes (comma-separated; 1000000 needs about 10 GB of memory at dim 2048)")
    p.add_argument("--dims", default="2048,1024,256", help="index: vector dimensions")
    p.add_argument("--dtypes", default="f16,i8", help="index: index dtypes (f32, f16, i8, b1)")
    p.add_argument("--ef", default="40,100,200", help="district: hnsw.ef_search values (--sizes, --dims too)")
    p.add_argument("--backend-url", help="district: PostgreSQL + pgvector URL (default: a throwaway local server)")
    p.set_defaults(handler=commands.cmd_bench)

    p = sub.add_parser("stats", parents=common, help="counts of items, figures and subjects")
    p.set_defaults(handler=commands.cmd_stats)

    add_model_parsers(sub, common)
    add_serve_parser(sub, common)
    add_backup_parsers(sub, common)
    add_check_parser(sub, common)
    add_remote_parser(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    set_language(getattr(args, "lang", None))  # before any message is made; None: ITEMBANK_LANG or the locale
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return BAD_INPUT
    try:
        return int(args.handler(args) or 0)
    except ItemBankError as exc:
        print(_t("itembank: error: {value}").format(value=one_line(exc)), file=sys.stderr)
        return EXIT_CODES.get(error_family(exc) or "error", BAD_INPUT)
    except OSError as exc:  # a file the user named cannot be read or written (permissions, disk full)
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(_t("itembank: error: {where}{value}").format(where=where, value=exc.strerror or exc), file=sys.stderr)
        return BAD_INPUT
    except sqlite3.Error as exc:  # one the catalog did not turn into an ItemBankError itself
        from engine.paths import BankPaths
        from engine.storage.sqlite import sqlite_failure

        error = sqlite_failure(exc, BankPaths.resolve(getattr(args, "data_dir", None)).catalog)
        print(_t("itembank: error: {value}").format(value=one_line(error)), file=sys.stderr)
        return EXIT_CODES.get(error_family(error) or "error", BAD_INPUT)
    except KeyboardInterrupt:
        print(_t("itembank: cancelled"), file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
