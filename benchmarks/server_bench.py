"""Load benchmark of the REST API on loopback: queries/s and latency percentiles at 1, 8 and 32
concurrent clients, keyword mode and (where the lite model is installed) lite semantic/hybrid modes.

    .venv/bin/python benchmarks/server_bench.py [--data-dir BANK] [--seconds 5] [--clients 1,8,32]
                                                [--modes keyword,lite,lite-hybrid] [--max-batch 16]
                                                [--threads 16] [--json]

The server runs as its own process (``python -m engine.server``), exactly as ``itembank serve`` runs
it, so the clients' Python does not share a GIL with it; the clients are asyncio tasks with one
keep-alive connection each. Queries are the texts of the sample bank's golden set, in turn. Without
--data-dir a temporary copy of the sample bank is made (and its lite index built, which takes a
while on a small CPU). Every level runs for --seconds after a one-second warm-up, so a run is bounded:
about (levels × modes × (seconds + 1)) seconds plus start-up. Needs the ``server`` extra and httpx.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.api import ItemBank  # noqa: E402

MODES = {  # name → extra query parameters
    "keyword": {"mode": "keyword"},
    "lite": {"mode": "semantic", "profile": "lite"},
    "lite-hybrid": {"mode": "hybrid", "profile": "lite"},
}


def golden_queries() -> list[str]:
    from assets import GOLDEN_QUERIES

    texts = []
    for line in GOLDEN_QUERIES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            text = json.loads(line).get("text")
            if text:
                texts.append(text)
    return texts


def prepare_bank(data_dir: str | None, want_lite: bool, workdir: Path) -> Path:
    if data_dir:
        return Path(data_dir)
    folder = workdir / "bank"
    bank = ItemBank(folder, create=True)
    bank.load_sample()
    if want_lite:
        from engine.models.lite import lite_unavailable_reason

        if lite_unavailable_reason() is None:
            started = time.perf_counter()
            report = bank.profiles.build_index("lite")
            print(f"built the lite index of {report.indexed} items in "
                  f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    bank.close()
    return folder


def lite_ready(folder: Path) -> bool:
    bank = ItemBank(folder)
    try:
        return "semantic" in bank.search.available_modes("lite")
    except Exception:  # noqa: BLE001 - no lite profile at all
        return False
    finally:
        bank.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(folder: Path, port: int, max_batch: int, batch_wait_ms: float,
                 threads: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "engine.server", "--data-dir", str(folder), "--port", str(port),
               "--rate-limit", "0", "--max-batch", str(max_batch), "--batch-wait-ms", str(batch_wait_ms),
               "--threads", str(threads), "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: {process.stderr.read().decode(errors='replace')}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not answer within 60 s")


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


async def run_level(base_url: str, params: dict, clients: int, seconds: float,
                    queries: list[str]) -> dict:
    latencies: list[float] = []
    errors: dict[int, int] = {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as http:
        async def client(n: int, until: float, record: bool) -> None:
            i = n * 7
            while time.perf_counter() < until:
                query = queries[i % len(queries)]
                i += 1
                started = time.perf_counter()
                response = await http.get("/api/v1/search", params={"q": query, "k": 10, **params})
                elapsed = time.perf_counter() - started
                if not record:
                    continue
                if response.status_code == 200:
                    latencies.append(elapsed)
                else:
                    errors[response.status_code] = errors.get(response.status_code, 0) + 1

        warm_until = time.perf_counter() + 1.0
        await asyncio.gather(*(client(n, warm_until, False) for n in range(clients)))
        started = time.perf_counter()
        until = started + seconds
        await asyncio.gather(*(client(n, until, True) for n in range(clients)))
        wall = time.perf_counter() - started
    latencies.sort()
    return {"clients": clients, "requests": len(latencies), "errors": errors,
            "qps": round(len(latencies) / wall, 1),
            "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
            "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
            "p99_ms": round(percentile(latencies, 0.99) * 1000, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", help="an existing bank (default: a temporary sample bank)")
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per level")
    parser.add_argument("--clients", default="1,8,32", help="concurrency levels, comma-separated")
    parser.add_argument("--modes", default="keyword,lite", help=f"of {', '.join(MODES)}")
    parser.add_argument("--max-batch", type=int, default=16, help="server micro-batch size (1: off)")
    parser.add_argument("--batch-wait-ms", type=float, default=2.0)
    parser.add_argument("--threads", type=int, default=16, help="server worker threads")
    parser.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    parser.add_argument("--profile", help="also measure this indexed profile (e.g. a Qwen3-VL one) in "
                        "semantic and hybrid mode; with --data-dir of a bank that has it")
    args = parser.parse_args(argv)
    if args.profile:
        MODES[args.profile] = {"mode": "semantic", "profile": args.profile}
        MODES[f"{args.profile}-hybrid"] = {"mode": "hybrid", "profile": args.profile}
        if args.modes == parser.get_default("modes"):
            args.modes = f"keyword,{args.profile},{args.profile}-hybrid"
    levels = [int(c) for c in args.clients.split(",") if c.strip()]
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = [m for m in modes if m not in MODES]
    if unknown or not levels or min(levels) < 1 or args.seconds <= 0:
        parser.error(f"--modes must be of {', '.join(MODES)}; --clients positive; --seconds > 0")
    workdir = Path(tempfile.mkdtemp(prefix="itembank-bench-"))
    try:
        folder = prepare_bank(args.data_dir, any(m.startswith("lite") for m in modes), workdir)
        if not lite_ready(folder):
            skipped = [m for m in modes if m.startswith("lite")]
            if skipped:
                print(f"skipping {', '.join(skipped)}: no indexed lite profile", file=sys.stderr)
            modes = [m for m in modes if not m.startswith("lite")]
        queries = golden_queries()
        port = free_port()
        server = start_server(folder, port, args.max_batch, args.batch_wait_ms, args.threads)
        results = []
        try:
            for mode in modes:
                for clients in levels:
                    row = asyncio.run(run_level(f"http://127.0.0.1:{port}", MODES[mode], clients,
                                                args.seconds, queries))
                    row["mode"] = mode
                    results.append(row)
                    print(f"{mode:<12} {clients:>3} clients  {row['qps']:>7.1f} q/s  "
                          f"p50 {row['p50_ms']:>7.1f} ms  p95 {row['p95_ms']:>7.1f} ms  "
                          f"p99 {row['p99_ms']:>7.1f} ms  errors {row['errors'] or 0}", file=sys.stderr)
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        summary = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                               "platform": platform.platform()},
                   "seconds_per_level": args.seconds, "max_batch": args.max_batch,
                   "threads": args.threads,
                   "queries": len(queries), "results": results}
        if args.json:
            print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0 if all(not r["errors"] for r in results) else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
