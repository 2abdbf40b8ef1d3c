"""``itembank serve``: run the REST API, and manage its tokens.

Wired into ``itembank`` by ``add_serve_parser(sub, common)`` in engine/cli/main.py; also runnable on
its own as ``python -m engine.server``. Token actions (--create-token, --list-tokens,
--revoke-token) change the token file and exit; a running server picks the change up by itself. The
first start on a LAN address (``--host 0.0.0.0`` or the PC's address) with no token creates an admin
token and prints it once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engine.api import BankPaths, InvalidInput
from engine.server.config import ServerConfig
from engine.server.tokens import ROLES as TOKEN_ROLES

_DEFAULTS = ServerConfig()  # one source for the defaults; importing it loads no FastAPI


def configure_serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default=_DEFAULTS.host,
                   help="address to listen on (default 127.0.0.1: this PC only; 0.0.0.0 or the LAN "
                        "address for other PCs, which requires tokens; the first such start creates "
                        "an admin token and prints it)")
    p.add_argument("--port", type=int, default=_DEFAULTS.port, help=f"TCP port (default {_DEFAULTS.port})")
    p.add_argument("--create-token", choices=TOKEN_ROLES, metavar="read|admin",
                   help="create a token of this role, print it once and exit")
    p.add_argument("--label", default="", help="a note stored with --create-token (e.g. 3학년 교무실)")
    p.add_argument("--list-tokens", action="store_true", help="list token ids and roles, then exit")
    p.add_argument("--revoke-token", metavar="ID", help="revoke the token with this id, then exit")
    p.add_argument("--rate-limit", type=float, default=_DEFAULTS.rate_limit, metavar="N",
                   help="requests per second per client PC, bursts of 2N (default 20; 0 turns it off)")
    p.add_argument("--max-batch", type=int, default=_DEFAULTS.max_batch, metavar="N",
                   help="query embeddings per model call (default 16; 1 turns micro-batching off)")
    p.add_argument("--batch-wait-ms", type=float, default=_DEFAULTS.batch_wait_ms, metavar="MS",
                   help="how long a query waits for others to share a model call (default 2)")
    p.add_argument("--threads", type=int, default=_DEFAULTS.worker_threads, metavar="N",
                   help="worker threads for searches and uploads (default 16); more requests wait in "
                        "line instead of competing for the CPU")
    p.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))


def add_serve_parser(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", parents=common, help="run the REST API for other PCs (LAN server)")
    configure_serve_arguments(p)
    p.set_defaults(handler=cmd_serve)


def _print_json(data: object) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _token_store(args: argparse.Namespace):
    from engine.api import ItemBank
    from engine.server.tokens import TokenStore

    if not ItemBank.exists(args.data_dir, getattr(args, "backend", None)):
        raise InvalidInput(f"no item bank at {BankPaths.resolve(args.data_dir).root}; create one with "
                         "`itembank init` first")
    return TokenStore.in_data_dir(BankPaths.resolve(args.data_dir).root)


def _token_actions(args: argparse.Namespace) -> int | None:
    """Handle the token options; None when the server should start instead."""
    if args.create_token:
        secret, record = _token_store(args).create(args.create_token, args.label)
        if args.json:
            _print_json({"id": record.id, "role": record.role, "token": secret,
                         "created_at": record.created_at, "label": record.label})
        else:
            print(f"created {record.role} token {record.id} — shown only now, store it safely:",
                  file=sys.stderr)
            print(secret)
        return 0
    if args.list_tokens:
        records = _token_store(args).records()
        if args.json:
            _print_json([{"id": r.id, "role": r.role, "created_at": r.created_at, "label": r.label}
                         for r in records])
        else:
            for r in records:
                print(f"{r.id}  {r.role:<5}  {r.created_at}  {r.label}")
            if not records:
                print("no tokens (a server on 127.0.0.1 then needs none)", file=sys.stderr)
        return 0
    if args.revoke_token:
        if not _token_store(args).revoke(args.revoke_token):
            raise InvalidInput(f"no token with id {args.revoke_token!r}; see `itembank serve --list-tokens`")
        if args.json:
            _print_json({"revoked": args.revoke_token})
        else:
            print(f"revoked token {args.revoke_token}", file=sys.stderr)
        return 0
    return None


def _first_lan_token(args: argparse.Namespace) -> None:
    """LAN mode with no token yet: create the first admin token and show it once (stdout)."""
    secret, record = _token_store(args).create("admin", "created on first LAN start")
    print(f"--host {args.host} lets other PCs connect, so every request needs a token. Created admin "
          f"token {record.id}; it is shown only now, store it safely (read tokens for teacher PCs: "
          "`itembank serve --create-token read`):", file=sys.stderr)
    print(secret, flush=True)


def _config(args: argparse.Namespace) -> ServerConfig:
    if not 1 <= args.port <= 65535:
        raise InvalidInput(f"--port must be between 1 and 65535, not {args.port}")
    if args.rate_limit < 0:
        raise InvalidInput("--rate-limit must be 0 (off) or a positive number of requests per second")
    if args.max_batch < 1:
        raise InvalidInput("--max-batch must be at least 1")
    if not 0 <= args.batch_wait_ms <= 100:
        raise InvalidInput("--batch-wait-ms must be between 0 and 100")
    if not 1 <= args.threads <= 256:
        raise InvalidInput("--threads must be between 1 and 256")
    return ServerConfig(data_dir=Path(args.data_dir) if args.data_dir else None,
                        backend=getattr(args, "backend", None), host=args.host,
                        port=args.port, rate_limit=args.rate_limit,
                        rate_burst=max(1, int(args.rate_limit * 2)), max_batch=args.max_batch,
                        batch_wait_ms=args.batch_wait_ms, worker_threads=args.threads)


def cmd_serve(args: argparse.Namespace) -> int:
    from engine.server.tokens import TokenFileError

    try:
        return _serve(args)
    except TokenFileError as exc:  # a RuntimeError: say what to do in one line, not a traceback
        raise InvalidInput(f"{exc}; fix or delete it, then create tokens again") from exc


def _serve(args: argparse.Namespace) -> int:
    handled = _token_actions(args)
    if handled is not None:
        return handled
    from engine.server import missing_server_packages

    config = _config(args)
    missing = missing_server_packages()
    if missing:
        raise InvalidInput(f"the server needs {', '.join(missing)}: pip install 'itembank[server]'")
    from engine.server.runner import check_startup, serve

    if not config.is_loopback and not _token_store(args).records():
        _first_lan_token(args)
    store = check_startup(config)
    auth = "tokens required" if (store.configured() or not config.is_loopback) else \
        "open (this PC only, no tokens created)"
    host = f"[{config.host}]" if ":" in config.host else config.host
    print(f"itembank server on http://{host}:{config.port} · auth: {auth} · "
          "API description: /openapi.json · Ctrl-C stops it", file=sys.stderr)
    serve(config, log_level=args.log_level)
    print("itembank server stopped", file=sys.stderr)
    return 0
