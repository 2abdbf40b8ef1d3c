"""Measure a profile's no-match threshold on the golden set (the numbers behind engine.search.calibration).

For each text golden query: the semantic cosines of its relevant items (recall kept at a threshold),
and the best item under each *wrong-subject* filter (a query with no relevant item: how many would
still show a "match"). Usage:

    python benchmarks/calibrate_scores.py BANK_DIR [--profile lite] [--lo 0.80 --hi 0.90 --step 0.01]
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from engine.api import ItemBank, SearchFilters, SearchRequest
from engine.evaluation.golden import load_golden
from itembank_assets import GOLDEN_QUERIES

SUBJECTS = ("수학", "과학", "국어", "사회", "영어")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bank")
    parser.add_argument("--profile", default=None)
    parser.add_argument("--lo", type=float, default=0.80)
    parser.add_argument("--hi", type=float, default=0.90)
    parser.add_argument("--step", type=float, default=0.01)
    args = parser.parse_args(argv)
    bank = ItemBank(args.bank)
    queries = [q for q in load_golden(GOLDEN_QUERIES) if not q.image]
    relevant: list[float] = []
    best: list[float] = []
    wrong_subject: list[float] = []
    for query in queries:
        hits = bank.search(SearchRequest(text=query.text, k=50, mode="semantic", profile=args.profile,
                                         threshold=-1.0)).hits
        scores = {h.id: h.score for h in hits}
        relevant += [scores[i] for i in query.relevant if i in scores]
        best += [scores[i] for i, grade in query.relevant.items() if grade == 2 and i in scores]
        for subject in SUBJECTS:
            if subject == query.subject:
                continue
            off = bank.search(SearchRequest(text=query.text, k=1, mode="semantic", profile=args.profile,
                                            filters=SearchFilters(subject=subject), threshold=-1.0)).hits
            if off:
                wrong_subject.append(off[0].score)
    rel, top, off = np.array(relevant), np.array(best), np.array(wrong_subject)
    print(f"{len(queries)} text queries, {len(rel)} relevant items in the top 50, {len(off)} wrong-subject runs")
    for threshold in np.arange(args.lo, args.hi + 1e-9, args.step):
        print(f"threshold {threshold:.3f}: relevant kept {np.mean(rel >= threshold):.3f}, "
              f"grade-2 kept {np.mean(top >= threshold):.3f}, "
              f"no-relevant queries still showing a match {np.mean(off >= threshold):.3f}")
    bank.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
