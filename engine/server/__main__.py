"""``python -m engine.server [options]``: the same as ``itembank serve`` (used by benchmarks/server_bench.py)."""

from __future__ import annotations

import os

# Before anything imports usearch: its OpenMP runtime (numkong's libgomp) reads the wait policy once,
# when it is loaded. See engine.server.context.prefer_passive_openmp for why the server wants PASSIVE.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse  # noqa: E402
import sys  # noqa: E402

from engine.server.command import cmd_serve, configure_serve_arguments  # noqa: E402
from engine.server.errors import USER_ERRORS, one_line  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine.server",
                                     description="Run the itembank REST API (LAN server).")
    parser.add_argument("--data-dir", help="bank folder (default: ITEMBANK_DATA_DIR or the user data dir)")
    parser.add_argument("--backend", metavar="URL",
                        help="'sqlite' or a PostgreSQL URL (default: ITEMBANK_BACKEND or the data folder's setting)")
    parser.add_argument("--json", action="store_true", help="machine-readable output for token actions")
    configure_serve_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return cmd_serve(args)
    except USER_ERRORS as exc:
        print(f"itembank: error: {one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
