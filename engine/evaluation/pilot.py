"""The pilot: run every golden query against every profile and decide Go/No-Go as the seed report does.

Each semantic profile is measured twice — semantic only and hybrid (with keyword fusion) — and, when a
reranker is installed, with reranking. Image queries are "unsupported" for text-only profiles (their
recall counts as 0 in the overall figure, as a teacher would experience it); text + image queries run
on the text alone there and are marked so.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from engine.api import ItemBank, SearchRequest, SearchUnavailableError
from engine.evaluation.golden import SCENARIOS, GoldenQuery
from engine.evaluation.metrics import mean, ndcg_at_k, percentile, recall_at_k, reciprocal_rank
from engine.index.profiles import KEYWORD_PROFILE
from engine.models.baseline.profiles import fusion_spec
from engine.models.packs import default_pack

TARGETS = {"recall_at_5_gain_points": 5.0, "vram_gb": 12.0, "p95_ms": 100.0}
RETRIEVE_K = 10
RERANK_TOP = 20  # candidates the reranker sees in the "+rerank" variants


@dataclass(frozen=True)
class Variant:
    """One way of searching: a profile in a mode."""

    name: str
    profile: str
    mode: str
    rerank: int = 0  # rerank the top N of the first stage (0: no reranking)


def variants_for(bank: ItemBank, profile_names: list[str]) -> list[Variant]:
    variants = []
    for name in profile_names:
        if name == KEYWORD_PROFILE:
            variants.append(Variant(KEYWORD_PROFILE, KEYWORD_PROFILE, "keyword"))
        else:
            variants.append(Variant(name, name, "semantic"))
            variants.append(Variant(f"{name}+hybrid", name, "hybrid"))
            if default_pack(bank.paths.models, "reranker") is not None:
                variants.append(Variant(f"{name}+hybrid+rerank", name, "hybrid", RERANK_TOP))
    return variants


def _peak_vram_gb() -> float | None:
    import sys

    torch = sys.modules.get("torch")
    if torch is None or not torch.cuda.is_available():
        return None
    return round(torch.cuda.max_memory_allocated() / 2**30, 3)


def _prepare_profiles(bank: ItemBank, names: list[str]) -> dict[str, dict]:
    """Build or update each semantic profile's index, timing it; refuse profiles that cannot run."""
    builds = {}
    for name in names:
        if name == KEYWORD_PROFILE:
            builds[name] = {"index_build_s": 0.0, "embedded": 0, "note": "BM25 index kept up to date on import"}
            continue
        start = time.perf_counter()
        report = bank.profiles.build_index(name)
        builds[name] = {"index_build_s": round(time.perf_counter() - start, 3),
                        "embedded": report.embedded, "items_per_s": report.items_per_s,
                        "note": "full build" if report.embedded == report.indexed
                        else f"incremental ({report.embedded} embedded, {report.reused} reused)"}
    return builds


def _run_query(bank: ItemBank, variant: Variant, query: GoldenQuery, supports_images: bool
               ) -> tuple[list[str] | None, float, str]:
    """(ranked ids or None if unsupported, latency ms, note)."""
    image = str(query.image) if query.image else None
    note = ""
    if image and not supports_images:
        if not query.text:
            return None, 0.0, "unsupported: image query on a text-only profile"
        image, note = None, "text part only"
    # The pilot measures ranking, so the no-match threshold is off here (threshold=-1); how much of
    # the golden set the threshold keeps is measured by benchmarks/calibrate_scores.py.
    request = SearchRequest(text=query.text, image=image, k=RETRIEVE_K, mode=variant.mode,
                            profile=variant.profile, rerank=variant.rerank, threshold=-1.0)
    start = time.perf_counter()
    try:
        result = bank.search(request)
    except SearchUnavailableError as exc:
        return None, 0.0, f"unsupported: {exc}"
    return [h.id for h in result.hits], (time.perf_counter() - start) * 1000, note


def _supports_images(bank: ItemBank, profile: str) -> bool:
    if profile == KEYWORD_PROFILE:
        return False
    definition = bank.profiles.semantic(profile)
    return bool(definition and bank.profiles.embedder(definition).supports_images)


def baseline_role(bank: ItemBank, profile: str) -> str | None:
    """"late-fusion" for the seed report's baseline (KURE-v1 + SigLIP), "text-only" for its KURE-v1
    fallback, else None."""
    if profile == KEYWORD_PROFILE:
        return None
    definition = bank.profiles.get(profile)
    if definition is None:
        return None
    if definition.kind == "fusion":
        return "late-fusion"
    return "text-only" if definition.kind == "kure" else None


def baseline_definitions(bank: ItemBank, profiles: list[str]) -> dict:
    """For each late-fusion profile evaluated: its parts, their model packs and the fusion weights."""
    out = {}
    for name in profiles:
        definition = bank.profiles.get(name) if name != KEYWORD_PROFILE else None
        if definition is None or definition.kind != "fusion":
            continue
        spec = fusion_spec(definition)
        parts = {role: bank.profiles.get(part) for role, part in (("text", spec.text_profile),
                                                                   ("image", spec.image_profile))}
        out[name] = {"text_profile": spec.text_profile, "image_profile": spec.image_profile,
                     "text_model": parts["text"].model if parts["text"] else None,
                     "image_model": parts["image"].model if parts["image"] else None,
                     "weights": spec.weights, "fusion": "per-part min-max normalised cosine, weighted sum"}
    return out


def _aggregate(rows: list[dict]) -> dict:
    """Metrics over the queries the profile could run; a query it cannot run (an image query on a
    text-only profile) is counted apart as ``unsupported``, never as a miss."""
    scored = [r for r in rows if r["supported"]]
    latencies = [r["latency_ms"] for r in scored]
    return {
        "queries": len(rows),
        "supported": len(scored),
        "unsupported": len(rows) - len(scored),
        "recall_at_5": round(mean([r["recall_at_5"] for r in scored]), 4) if scored else None,
        "recall_at_10": round(mean([r["recall_at_10"] for r in scored]), 4) if scored else None,
        "mrr": round(mean([r["rr"] for r in scored]), 4) if scored else None,
        "ndcg_at_10": round(mean([r["ndcg_at_10"] for r in scored]), 4) if scored else None,
        "latency_p50_ms": round(percentile(latencies, 50), 2) if latencies else None,
        "latency_p95_ms": round(percentile(latencies, 95), 2) if latencies else None,
    }


def evaluate_variant(bank: ItemBank, variant: Variant, queries: list[GoldenQuery],
                     progress: Callable[[str, int, int], None] | None = None) -> dict:
    supports_images = _supports_images(bank, variant.profile)
    warm = next((q for q in queries if q.text), None)
    if warm is not None:  # load models and index files before timing
        _run_query(bank, variant, warm, supports_images)
    rows = []
    for done, query in enumerate(queries, start=1):
        ranked, latency, note = _run_query(bank, variant, query, supports_images)
        supported = ranked is not None
        ranked = ranked or []
        rows.append({"qid": query.qid, "scenario": query.scenario, "subject": query.subject,
                     "text": query.text, "image": query.image.name if query.image else None,
                     "supported": supported, "note": note, "top": ranked,
                     "relevant": query.relevant,
                     "recall_at_5": recall_at_k(ranked, query.relevant, 5),
                     "recall_at_10": recall_at_k(ranked, query.relevant, 10),
                     "rr": reciprocal_rank(ranked, query.relevant),
                     "ndcg_at_10": ndcg_at_k(ranked, query.relevant, 10),
                     "latency_ms": round(latency, 3)})
        if progress:
            progress(variant.name, done, len(queries))
    by_scenario = defaultdict(list)
    by_subject = defaultdict(list)
    for row in rows:
        by_scenario[row["scenario"]].append(row)
        by_subject[row["subject"] or "—"].append(row)
    return {
        "variant": variant.name, "profile": variant.profile, "mode": variant.mode,
        "supports_images": supports_images,
        "baseline_role": baseline_role(bank, variant.profile),
        "overall": _aggregate(rows),
        "by_scenario": {s: _aggregate(by_scenario[s]) for s in SCENARIOS if by_scenario[s]},
        "by_subject": {s: _aggregate(r) for s, r in sorted(by_subject.items())},
        "catastrophic": [{"qid": r["qid"], "scenario": r["scenario"], "text": r["text"],
                          "image": r["image"], "relevant": sorted(r["relevant"]), "top": r["top"][:5],
                          "top_stems": _stems(bank, r["top"][:3])}
                         for r in rows if r["supported"] and r["recall_at_10"] == 0.0],
        "unsupported": [{"qid": r["qid"], "scenario": r["scenario"], "text": r["text"], "note": r["note"]}
                        for r in rows if not r["supported"]],
        "queries": rows,
    }


def _stems(bank: ItemBank, ids: list[str]) -> list[str]:
    """The start of each returned item's stem, so a committee sees what came back, not only ids."""
    return [f"{item.id}: {item.stem[:60]}" for item in bank.get_many(ids)]


def _pick(variants: list[dict], wanted: str | None, prefer_qwen: bool) -> dict | None:
    if wanted:
        return next((v for v in variants if v["variant"] == wanted), None)
    if prefer_qwen:
        qwen = [v for v in variants if v["profile"].startswith("qwen")]
        if qwen:
            return max(qwen, key=lambda v: v["overall"]["recall_at_5"] or 0.0)
        others = [v for v in variants if not v.get("baseline_role")]  # never the baseline's own profiles
        semantic = [v for v in others if v["profile"] != KEYWORD_PROFILE]
        return max(semantic or others or variants, key=lambda v: v["overall"]["recall_at_5"] or 0.0)
    # The seed report's baseline is the late fusion itself (semantic, no BM25); else its text-only
    # fallback (KURE-v1); else keyword.
    for role in ("late-fusion", "text-only"):
        found = next((v for v in variants if v.get("baseline_role") == role and v.get("mode") == "semantic"),
                     None)
        if found is not None:
            return found
    return next((v for v in variants if v["profile"] == "baseline"), None) or \
        next((v for v in variants if v["profile"] == KEYWORD_PROFILE), None)


def decide(variants: list[dict], candidate: str | None, baseline: str | None,
           vram_gb: float | None) -> dict:
    """The seed report's rule: Go only if every criterion is measured and met."""
    chosen = _pick(variants, candidate, prefer_qwen=True)
    base = _pick(variants, baseline, prefer_qwen=False)
    notes = []
    if chosen is None or base is None or chosen is base:
        return {"verdict": "Incomplete", "candidate": chosen and chosen["variant"],
                "baseline": base and base["variant"], "criteria": [],
                "notes": ["a candidate profile and a different baseline are both needed for a decision"],
                "missing": ["a candidate (Qwen3-VL) profile and a different baseline profile: install their model "
                            "packs (`itembank models install PACK`) and build their indexes"]}
    missing = []
    if not chosen["profile"].startswith("qwen"):
        notes.append("no Qwen3-VL profile was evaluated; the candidate shown is the best other profile")
        missing.append("candidate: install the Qwen3-VL-Embedding model pack (`itembank models install PACK`), "
                       "build its index (`itembank index --profile …`) and run the pilot again")
    if base.get("baseline_role") == "text-only":
        notes.append("the seed report's baseline (KURE-v1 + SigLIP late fusion) was not evaluated; compared "
                     f"against its text-only fallback {base['variant']} (KURE-v1) instead")
        missing.append("baseline: install the SigLIP model pack for the late-fusion baseline")
    elif base.get("baseline_role") != "late-fusion" and base["profile"] != "baseline":
        notes.append("the seed report's baseline (KURE-v1 + SigLIP late fusion) was not evaluated; "
                     f"compared against {base['variant']} instead")
        missing.append("baseline: install the KURE-v1 and SigLIP model packs and build the `baseline` profile")
    overall, base_overall = chosen["overall"], base["overall"]
    gain = round(((overall["recall_at_5"] or 0.0) - (base_overall["recall_at_5"] or 0.0)) * 100, 2)
    p95 = overall["latency_p95_ms"]

    def no_worse(name: str, key: str) -> dict:
        value, reference = overall.get(key), base_overall.get(key)
        if value is None or reference is None:
            return {"name": name, "key": key, "target": "≥ baseline", "value": value, "status": "not reported"}
        return {"name": name, "key": key, "target": f"≥ baseline ({reference:.3f})", "value": value,
                "status": "pass" if value >= reference else "fail"}

    criteria = [
        {"name": "Top-5 recall gain over baseline (points)", "key": "recall_at_5",
         "target": f"≥ {TARGETS['recall_at_5_gain_points']}",
         "value": gain, "status": "pass" if gain >= TARGETS["recall_at_5_gain_points"] else "fail"},
        no_worse("Recall@10", "recall_at_10"),
        no_worse("MRR", "mrr"),
        {"name": "Peak VRAM (GB)", "key": "vram", "target": f"≤ {TARGETS['vram_gb']}", "value": vram_gb,
         "status": "not measured (no CUDA GPU in this run)" if vram_gb is None
         else ("pass" if vram_gb <= TARGETS["vram_gb"] else "fail")},
        {"name": "Query latency P95 (ms)", "key": "p95", "target": f"≤ {TARGETS['p95_ms']}", "value": p95,
         "status": "not measured" if p95 is None else ("pass" if p95 <= TARGETS["p95_ms"] else "fail")},
        {"name": "Catastrophic Korean errors (no relevant item in top 10)", "key": "catastrophic",
         "target": "reviewed by a person",
         "value": len(chosen["catastrophic"]),
         "status": "pass" if not chosen["catastrophic"] else "needs review"},
    ]
    statuses = [c["status"] for c in criteria]
    # Without the candidate or the baseline the comparison is not the one the decision is about:
    # that is 판단 보류 (incomplete), never a No-Go a committee would read as "the product failed".
    if missing:
        verdict = "Incomplete"
    elif "fail" in statuses:
        verdict = "No-Go"
    elif any(s.startswith("not measured") for s in statuses) or notes:
        verdict = "Incomplete"
    elif "needs review" in statuses:
        verdict = "Go, pending review of the listed queries"
    else:
        verdict = "Go"
    return {"verdict": verdict, "candidate": chosen["variant"], "baseline": base["variant"],
            "criteria": criteria, "notes": notes, "missing": missing}


def measure_rollback(bank: ItemBank, to_profile: str) -> dict:
    """Time switching the active profile to ``to_profile`` and back, as every front end sees it."""
    original = bank.profiles.store.active_name()  # the explicit choice (None: automatic)
    start = time.perf_counter()
    bank.profiles.use(to_profile)
    switched = ItemBank(bank.paths.root).profiles.active_name()  # a fresh reader sees it at once
    elapsed = (time.perf_counter() - start) * 1000
    with bank.catalog.transaction() as tx:
        bank.profiles.store.set_active(tx, original)
    return {"to": to_profile, "seen_by_new_reader": switched, "switch_ms": round(elapsed, 2)}


def run_pilot(bank: ItemBank, queries: list[GoldenQuery], profiles: list[str], *,
              candidate: str | None = None, baseline: str | None = None,
              progress: Callable[[str, int, int], None] | None = None) -> dict:
    builds = _prepare_profiles(bank, profiles)
    variants = [evaluate_variant(bank, v, queries, progress) for v in variants_for(bank, profiles)]
    vram = _peak_vram_gb()
    decision = decide(variants, candidate, baseline, vram)
    rollback_target = decision.get("baseline", KEYWORD_PROFILE)
    rollback_profile = next((v["profile"] for v in variants if v["variant"] == rollback_target),
                            KEYWORD_PROFILE)
    return {
        "items": bank.catalog.count(),
        "queries": len(queries),
        "scenarios": {s: sum(1 for q in queries if q.scenario == s) for s in SCENARIOS},
        "profiles": profiles,
        "index_builds": builds,
        "reranking": "not available: the Qwen3-VL-Reranker model pack is not installed",
        "peak_vram_gb": vram,
        "variants": variants,
        "decision": decision,
        "baseline_profiles": baseline_definitions(bank, profiles),
        "rollback": measure_rollback(bank, rollback_profile),
    }
