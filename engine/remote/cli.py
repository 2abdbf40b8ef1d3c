"""``itembank remote set|check|search|copy|forget``: the district server from the command line.

For IT staff setting up a school PC: save the district server's address and read token for this bank,
check that they work, try a search, copy one item into the local bank. Wired into ``itembank`` by
``add_remote_parser(sub, common)`` in engine/cli/main.py. Failures print one line and exit 2.
"""

from __future__ import annotations

import argparse
import sys

from engine.i18n import _t
from engine.errors import InvalidInput
from engine.api import SEARCH_MODES, ItemBank, SearchRequest
from engine.paths import BankPaths
from engine.remote.client import RemoteBank
from engine.remote.config import (
    RemoteConfig,
    config_path,
    forget_remote_config,
    load_remote_config,
    save_remote_config,
)
from engine.remote.errors import NOT_CONFIGURED, RemoteError
from engine.search.filters import SearchFilters

BAD_INPUT = 2


def add_remote_parser(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("remote", parents=common,
                       help="search the district's shared bank on an `itembank serve` server")
    actions = p.add_subparsers(dest="remote_action", metavar="ACTION", required=True)

    a = actions.add_parser("set", parents=common, help="save the district server and read token for this bank")
    a.add_argument("url", help="e.g. http://192.168.0.20:8765 (a bare address gets port 8765)")
    token = a.add_mutually_exclusive_group()
    token.add_argument("--token", default="", help="the read token (ibk_…); visible to other users of this "
                       "PC while the command runs, so prefer --token-stdin")
    token.add_argument("--token-stdin", action="store_true", help="read the token from the first line of stdin")
    a.add_argument("--no-check", action="store_true", help="save without contacting the server")

    actions.add_parser("check", parents=common, help="contact the saved server: version, items, token")

    a = actions.add_parser("search", parents=common, help="search the district bank")
    a.add_argument("text", nargs="?", default="")
    a.add_argument("--image", help="search by an image (the server needs an image-capable profile)")
    for name in ("subject", "grade", "type", "difficulty", "standard", "unit"):
        a.add_argument(f"--{name}", default="")
    a.add_argument("-k", type=int, default=10, help="number of results (default 10, at most 100)")
    a.add_argument("--mode", default="auto", choices=SEARCH_MODES)

    a = actions.add_parser("copy", parents=common, help="copy a district item (with its figures) into this bank")
    a.add_argument("id", help="the item's id on the district server")

    actions.add_parser("forget", parents=common, help="delete the saved server and token of this bank")
    p.set_defaults(handler=cmd_remote)


def cmd_remote(args: argparse.Namespace) -> int:
    handler = {"set": _set, "check": _check, "search": _search, "copy": _copy, "forget": _forget}
    try:
        return handler[args.remote_action](args)
    except RemoteError as exc:
        print(_t("itembank: error: {exc}").format(exc=exc), file=sys.stderr)
        return BAD_INPUT


def _bank_root(args: argparse.Namespace):
    root = BankPaths.resolve(args.data_dir).root
    if not ItemBank.exists(args.data_dir):
        raise InvalidInput(_t("no item bank at {root}; create one with `itembank init`").format(root=root))
    return root


def _client(args: argparse.Namespace) -> RemoteBank:
    root = _bank_root(args)
    config = load_remote_config(root)
    if config is None:
        raise RemoteError(NOT_CONFIGURED, "", _t("no district server saved for the bank at {root}; save one with "
                                                 "`itembank remote set URL --token-stdin`").format(
                                                  root=root))
    return RemoteBank.for_bank(config, root)


def _print(args: argparse.Namespace, data: dict, text: str) -> None:
    from engine.cli.output import print_json, stdout

    if args.json:
        print_json(data)
    else:
        stdout.print(text, highlight=False)


def _health_line(client: RemoteBank, health) -> str:
    from engine.remote.config import mask_token

    return (f"{client.url}: itembank {health.version}, {health.items} item(s), search modes "
            f"{', '.join(health.search_modes)}, token {mask_token(client.token) or 'none'} accepted")


def _health_data(client: RemoteBank, health) -> dict:
    from engine.remote.config import mask_token

    return {"url": client.url, "version": health.version, "items": health.items,
            "search_modes": health.search_modes, "auth": health.auth, "token": mask_token(client.token)}


def _set(args: argparse.Namespace) -> int:
    root = _bank_root(args)
    token = sys.stdin.readline().strip() if args.token_stdin else args.token.strip()
    config = RemoteConfig(url=args.url, token=token)
    path = save_remote_config(root, config)
    saved = load_remote_config(root)
    assert saved is not None
    if args.no_check:
        _print(args, {"url": saved.url, "token": saved.masked_token, "file": str(path)},
               f"saved {saved.describe()} in {path}")
        return 0
    client = RemoteBank.for_bank(saved, root)
    try:
        health = client.check()
    except RemoteError as exc:
        print(_t("itembank: saved {value} in {path}, but: {exc}").format(
                  value=saved.describe(), path=path, exc=exc), file=sys.stderr)
        return BAD_INPUT
    _print(args, {**_health_data(client, health), "file": str(path)},
           f"saved in {path}\n{_health_line(client, health)}")
    return 0


def _check(args: argparse.Namespace) -> int:
    client = _client(args)
    health = client.check()
    _print(args, _health_data(client, health), _health_line(client, health))
    return 0


def _search(args: argparse.Namespace) -> int:
    from rich.table import Table

    from engine.cli.output import excerpt, print_json, stdout

    client = _client(args)
    filters = SearchFilters(subject=args.subject, grade=args.grade, type=args.type,
                            difficulty=args.difficulty, standard=args.standard, unit=args.unit)
    result = client.search(SearchRequest(text=args.text, image=args.image, filters=filters, k=args.k,
                                         mode=args.mode))
    rows = [{"id": hit.id, "score": hit.score, "rank": hit.rank, "subject": result.items[hit.id].subject,
             "grade": result.items[hit.id].grade, "type": result.items[hit.id].type,
             "stem": result.items[hit.id].stem, "images": result.items[hit.id].images, "explain": hit.explain,
             "source": client.url} for hit in result.hits if hit.id in result.items]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        stdout.print(_t("no matching items on {url}").format(url=client.url), highlight=False)
        return 0
    table = Table(title=f"{len(rows)} result(s) · {result.mode} · {client.url}", title_justify="left")
    for column in ("#", "score", "id", "과목", "학년", "문항", "그림"):
        table.add_column(column, no_wrap=column != "문항")
    for row in rows:
        table.add_row(str(row["rank"]), f"{row['score']:.4g}", row["id"], row["subject"], row["grade"],
                      excerpt(row["stem"]), str(len(row["images"])) if row["images"] else "")
    stdout.print(table)
    return 0


def _copy(args: argparse.Namespace) -> int:
    from engine.remote.copy import COPIED, copy_to_bank

    client = _client(args)
    bank = ItemBank(args.data_dir)
    try:
        result = copy_to_bank(client, bank, args.id)
    finally:
        bank.close()
    data = {"remote_id": result.remote_id, "local_id": result.local_id, "status": result.status,
            "figures": result.figures, "source": client.url}
    if result.status == COPIED:
        text = f"copied {result.remote_id} from {client.url} into this bank as {result.local_id} " \
               f"({result.figures} figure(s))"
    else:
        text = f"{result.remote_id} is already in this bank as {result.local_id}"
    _print(args, data, text)
    return 0


def _forget(args: argparse.Namespace) -> int:
    root = _bank_root(args)
    removed = forget_remote_config(root)
    _print(args, {"removed": removed, "file": str(config_path(root))},
           f"removed {config_path(root)}" if removed else "no district server was saved for this bank")
    return 0
