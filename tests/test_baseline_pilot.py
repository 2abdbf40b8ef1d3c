"""The pilot with the seed report's baseline: Go/No-Go compares against the KURE-v1 + SigLIP late fusion
when it is evaluated (else against its KURE-v1 text-only fallback, else keyword), end to end with the
tiny checkpoints on a subset of the shipped golden set."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import BASELINE_TEXT_PACK as TEXT_PACK
from conftest import QWEN_PROFILE, install_baseline_packs
from engine.api import ItemBank
from engine.evaluation.pilot import decide


def _variant(name, profile, r5, role=None, mode="semantic"):
    return {"variant": name, "profile": profile, "mode": mode, "baseline_role": role, "catastrophic": [],
            "overall": {"recall_at_5": r5, "latency_p95_ms": 20.0}}


def test_decision_uses_the_late_fusion_baseline_first():
    qwen = _variant("qwen3vl-2b-int8-2048", "qwen3vl-2b-int8-2048", 0.80)
    fused = _variant("kure-siglip", "kure-siglip", 0.70, "late-fusion")
    fused_hybrid = _variant("kure-siglip+hybrid", "kure-siglip", 0.90, "late-fusion", "hybrid")
    text_only = _variant("kure", "kure", 0.60, "text-only")
    keyword = _variant("keyword", "keyword", 0.40, mode="keyword")
    decision = decide([keyword, text_only, fused, fused_hybrid, qwen], None, None, vram_gb=9.0)
    assert decision["baseline"] == "kure-siglip" and decision["candidate"] == "qwen3vl-2b-int8-2048"
    assert decision["criteria"][0]["value"] == 10.0 and decision["verdict"] == "Go"
    assert not decision["notes"]
    fallback = decide([keyword, text_only, qwen], None, None, vram_gb=9.0)
    assert fallback["baseline"] == "kure" and fallback["criteria"][0]["value"] == 20.0
    assert any("text-only fallback kure" in n for n in fallback["notes"]) and fallback["verdict"] == "Incomplete"
    # without a Qwen profile the candidate is never one of the baseline's own profiles
    alone = decide([keyword, text_only, fused], None, None, vram_gb=9.0)
    assert alone["baseline"] == "kure-siglip" and alone["candidate"] not in ("kure", "kure-siglip")


def _golden_subset(tmp_path: Path, per_scenario: int = 2) -> Path:
    from itembank_assets import GOLDEN_QUERIES

    shipped = [json.loads(line) for line in GOLDEN_QUERIES.read_text(encoding="utf-8").splitlines() if line]
    subset = [q for s in ("S1", "S2", "S3", "S4") for q in [x for x in shipped if x["scenario"] == s][:per_scenario]]
    for query in subset:  # keep the image paths valid from the new location
        if query.get("image"):
            query["image"] = str(GOLDEN_QUERIES.parent / query["image"])
    golden = tmp_path / "golden.jsonl"
    golden.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in subset), encoding="utf-8")
    return golden


def test_pilot_with_keyword_kure_and_the_baseline(sample_baseline_dir, tmp_path, run_cli):
    bank_dir = shutil.copytree(sample_baseline_dir, tmp_path / "bank")
    golden = _golden_subset(tmp_path)
    code, out, err = run_cli("pilot", "--golden", golden, "--profiles", f"keyword,{TEXT_PACK},baseline",
                             "--report", tmp_path / "report", "--json", "--data-dir", bank_dir)
    assert code == 0, err
    metrics = json.loads((tmp_path / "report" / "metrics.json").read_text(encoding="utf-8"))
    variants = {v["variant"]: v for v in metrics["variants"]}
    assert set(variants) == {"keyword", TEXT_PACK, f"{TEXT_PACK}+hybrid", "baseline", "baseline+hybrid"}
    assert variants["baseline"]["baseline_role"] == "late-fusion"
    assert variants[TEXT_PACK]["baseline_role"] == "text-only"
    # the late fusion runs the image scenarios; KURE-v1 alone cannot
    assert variants["baseline"]["by_scenario"]["S3"]["supported"] == 2
    assert variants["baseline"]["overall"]["supported"] == 8
    assert variants[TEXT_PACK]["by_scenario"]["S3"]["supported"] == 0
    decision = metrics["decision"]
    assert decision["baseline"] == "baseline"
    assert not any("was not evaluated" in n for n in decision["notes"])
    assert metrics["baseline_profiles"]["baseline"]["weights"] == {"text": 0.5, "image": 0.5, "text_to_image": 0.0}
    assert metrics["rollback"]["seen_by_new_reader"] == "baseline"
    assert metrics["index_builds"]["baseline"]["embedded"] == 0  # indexed already: incremental check
    html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert "Baseline <b>baseline</b>" in html and "late fusion" in html and "baseline+hybrid" in html


def test_go_no_go_compares_the_tiny_qwen_profile_with_the_baseline(sample_qwen_dir, tiny_kure_dir,
                                                                    tiny_siglip_dir, tmp_path, run_cli):
    bank_dir = shutil.copytree(sample_qwen_dir, tmp_path / "bank")
    bank = ItemBank(bank_dir)
    install_baseline_packs(tmp_path, bank, tiny_kure_dir, tiny_siglip_dir)
    shutil.rmtree(bank.paths.models / "qwen3-vl-reranker-tiny")  # no "+rerank" variants: keeps this test short
    bank.close()
    assert run_cli("profiles", "create", "baseline", "--text-weight", "0.6", "--image-weight", "0.4",
                   "--data-dir", bank_dir)[0] == 0
    golden = _golden_subset(tmp_path, per_scenario=1)
    code, out, err = run_cli("pilot", "--golden", golden, "--profiles", f"keyword,{QWEN_PROFILE},baseline",
                             "--report", tmp_path / "report", "--json", "--data-dir", bank_dir)
    assert code == 0, err
    metrics = json.loads((tmp_path / "report" / "metrics.json").read_text(encoding="utf-8"))
    variants = {v["variant"]: v for v in metrics["variants"]}
    decision = metrics["decision"]
    assert decision["baseline"] == "baseline"
    assert variants[decision["candidate"]]["profile"] == QWEN_PROFILE
    gain = decision["criteria"][0]
    expected = round((variants[decision["candidate"]]["overall"]["recall_at_5"]
                      - variants["baseline"]["overall"]["recall_at_5"]) * 100, 2)
    assert gain["value"] == expected and gain["status"] == ("pass" if expected >= 5 else "fail")
    assert metrics["index_builds"]["baseline"]["embedded"] > 0  # built by the pilot itself
    assert metrics["baseline_profiles"]["baseline"]["weights"]["text"] == 0.6
    assert json.loads(out)["verdict"] == decision["verdict"]
    assert set(variants) == {"keyword", QWEN_PROFILE, f"{QWEN_PROFILE}+hybrid", "baseline", "baseline+hybrid"}
