"""``itembank check [--repair] [--json]``: a readable report of what is damaged or left over (engine.check).

Exit 0 when nothing is left to fix, 1 when a problem remains (after ``--repair``: one it could not fix).
"""

from __future__ import annotations

import argparse

from engine.i18n import _t

DAMAGED = 1


def add_check_parser(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", parents=common,
                       help="check the catalog, figures, index checksums and leftovers of killed work")
    p.add_argument("--repair", action="store_true",
                   help="remove leftovers and orphan figures, rebuild damaged indexes; report what remains")
    p.set_defaults(handler=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from engine.api import ItemBank, check_label
    from engine.cli.output import print_json, stdout

    bank = ItemBank(args.data_dir, backend=getattr(args, "backend", None))
    try:
        report = bank.check(repair=args.repair)
    finally:
        bank.close()
    if args.json:
        print_json(report.to_dict())
        return 0 if report.ok else DAMAGED
    checked = ", ".join(f"{n} {check_label(k, plural=True)}" for k, n in report.checked.items())
    stdout.print(_t("checked: {what}").format(what=checked or _t("nothing")), highlight=False)
    for problem in report.problems:
        state = _t("fixed") if problem.fixed else _t("PROBLEM")
        line = f"{state}: {check_label(problem.kind)} {problem.what}: {problem.detail}"
        if not problem.fixed and problem.how_to_fix:
            line += f" → {problem.how_to_fix}"
        stdout.print(line, highlight=False)
    for note in report.notes:
        stdout.print(_t("note: {note}").format(note=note), highlight=False)
    remaining = len(report.remaining)
    if remaining:
        stdout.print(_t("{remaining} problem(s) remain").format(remaining=remaining), highlight=False)
        return DAMAGED
    stdout.print(_t("OK: nothing is damaged (after repair)") if report.problems else _t("OK: nothing is damaged"),
                 highlight=False)
    return 0
