"""``itembank backup OUT`` and ``itembank restore ARCHIVE``: one verified archive of a bank folder.

Wired into ``itembank`` by ``add_backup_parsers(sub, common)`` in engine/cli/main.py. The work is done
by engine.backup; errors are ``BackupError`` (a ValueError), which main() prints as one line, exit 2.
"""

from __future__ import annotations

from engine.i18n import _t
import argparse
import sys


def add_backup_parsers(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("backup", parents=common,
                       help="save the bank (catalog, figures, indexes) to one verified .zip archive")
    p.add_argument("output", metavar="OUT",
                   help="archive to write (ending in .zip), or a folder to write "
                        "itembank-backup-DATE-TIME.zip into")
    p.add_argument("--include-models", action="store_true",
                   help="also save the installed model packs (models/; gigabytes)")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", parents=common,
                       help="restore a bank from a backup archive (verified before anything is replaced)")
    p.add_argument("archive", metavar="ARCHIVE", help="a .zip made by `itembank backup`")
    p.add_argument("--replace", action="store_true",
                   help="replace the bank already in the data folder (it is kept beside it, renamed)")
    p.add_argument("--verify-only", action="store_true",
                   help="only check the archive against its manifest; change nothing")
    p.set_defaults(handler=cmd_restore)


def _say(message: str) -> None:
    print(f"itembank: {message}", file=sys.stderr, flush=True)


def cmd_backup(args: argparse.Namespace) -> int:
    from engine.backup import create_backup
    from engine.cli.output import print_json

    result = create_backup(args.data_dir, args.output, include_models=args.include_models,
                           progress=None if args.json else _say)
    if args.json:
        print_json({"archive": str(result.archive), "files": result.files, "bytes": result.bytes,
                    "items": result.items})
    else:
        print(_t("backup written: {archive} ({items} item(s), {files} file(s), {value:.1f} MiB, verified)").format(
                  archive=result.archive, items=result.items, files=result.files, value=result.bytes / 2 ** 20))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from engine.backup import restore_backup, verify_archive
    from engine.cli.output import print_json

    if args.verify_only:
        manifest = verify_archive(args.archive)
        if args.json:
            print_json({"archive": args.archive, "ok": True, "files": len(manifest["files"]),
                        "items": manifest.get("items"), "created": manifest.get("created")})
        else:
            print(_t("{archive}: OK, {n_items} file(s) match the manifest ({value} item(s), saved {value2})").format(
                      archive=args.archive, n_items=len(manifest['files']), value=manifest.get('items'), value2=manifest.get('created')))
        return 0
    result = restore_backup(args.archive, args.data_dir, replace=args.replace,
                            progress=None if args.json else _say)
    if args.json:
        print_json({"data_dir": str(result.data_dir), "files": result.files, "items": result.items,
                    "previous": str(result.previous) if result.previous else None,
                    "models_kept": result.models_kept, "damaged_figures": result.damaged_figures})
    else:
        print(_t("restored {items} item(s) ({files} file(s)) into {data_dir}").format(
                  items=result.items, files=result.files, data_dir=result.data_dir))
        if result.previous:
            print(_t("the bank that was there is kept as {previous} (delete it when you no longer need it)").format(
                      previous=result.previous))
        if result.models_kept:
            print(_t("installed model packs were kept"))
        for rel in result.damaged_figures:
            print(_t("warning: figure {rel} was already damaged in the backup (its bytes do not match its "
                     "sha256); re-import the items that use it").format(
                      rel=rel), file=sys.stderr)
    return 0
