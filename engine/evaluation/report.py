"""Writing the pilot's metrics.json and report.html (tables and SVG bar charts, no extra dependency).

The HTML is one self-contained file a school can open in any browser or attach to a decision memo.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from engine.atomic import write_text_atomic
from engine.evaluation.golden import SCENARIOS

_COLOURS = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2", "#4b5563"]
_METRICS = (("recall_at_5", "Recall@5"), ("recall_at_10", "Recall@10"), ("mrr", "MRR"),
            ("ndcg_at_10", "nDCG@10"), ("latency_p50_ms", "P50 ms"), ("latency_p95_ms", "P95 ms"))


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return html.escape(str(value))


def _metric_table(rows: list[tuple[str, dict]], first_header: str) -> str:
    head = "".join(f"<th>{label}</th>" for _, label in _METRICS)
    body = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{agg['supported']}/{agg['queries']}</td>"
        + "".join(f"<td>{_cell(agg.get(key))}</td>" for key, _ in _METRICS) + "</tr>"
        for name, agg in rows)
    return (f"<table><thead><tr><th>{first_header}</th><th>queries</th>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _tick(value: float, maximum: float) -> str:
    return f"{value:.0f}" if maximum > 5 else f"{value:.1f}"


def bar_chart_svg(title: str, groups: list[str], series: dict[str, list[float | None]],
                  maximum: float = 1.0) -> str:
    """Grouped bars: one group per scenario/subject, one bar per variant."""
    width, height, left, bottom, top = 760, 260, 40, 40, 30
    plot_w, plot_h = width - left - 10, height - bottom - top
    n_series = max(1, len(series))
    group_w = plot_w / max(1, len(groups))
    bar_w = max(4.0, (group_w - 12) / n_series)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 20 * n_series}" '
             f'role="img" aria-label="{html.escape(title)}">',
             f'<text x="{left}" y="18" font-size="14" font-weight="bold">{html.escape(title)}</text>']
    for tick in range(0, 6):
        y = top + plot_h - plot_h * tick / 5
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>'
                     f'<text x="4" y="{y + 4:.1f}" font-size="10">{_tick(maximum * tick / 5, maximum)}</text>')
    for g, group in enumerate(groups):
        x0 = left + g * group_w + 6
        parts.append(f'<text x="{x0 + group_w / 2 - 6:.1f}" y="{top + plot_h + 16}" font-size="11" '
                     f'text-anchor="middle">{html.escape(group)}</text>')
        for s, (name, values) in enumerate(series.items()):
            value = values[g]
            if value is None:
                continue
            bar_h = plot_h * min(value, maximum) / maximum
            parts.append(f'<rect x="{x0 + s * bar_w:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar_w - 2:.1f}" '
                         f'height="{bar_h:.1f}" fill="{_COLOURS[s % len(_COLOURS)]}">'
                         f'<title>{html.escape(name)} · {html.escape(group)}: {value:.3f}</title></rect>')
    for s, name in enumerate(series):
        y = height + 14 * s + 4
        parts.append(f'<rect x="{left}" y="{y - 9}" width="10" height="10" fill="{_COLOURS[s % len(_COLOURS)]}"/>'
                     f'<text x="{left + 16}" y="{y}" font-size="11">{html.escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(metrics: dict) -> str:
    decision = metrics["decision"]
    variants = metrics["variants"]
    scenarios = [s for s in SCENARIOS if any(s in v["by_scenario"] for v in variants)]
    subjects = sorted({s for v in variants for s in v["by_subject"]})
    verdict_class = "go" if decision["verdict"].startswith("Go") else "nogo"
    criteria = "".join(
        f"<tr><td>{html.escape(c['name'])}</td><td>{html.escape(c['target'])}</td>"
        f"<td>{_cell(c['value'])}</td><td class='{'ok' if c['status'] == 'pass' else 'warn'}'>"
        f"{html.escape(c['status'])}</td></tr>" for c in decision["criteria"])
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in decision.get("notes", []))
    overall = _metric_table([(v["variant"], v["overall"]) for v in variants], "profile")
    per_scenario = "".join(
        f"<h3>{s} — {html.escape(SCENARIOS[s])}</h3>"
        + _metric_table([(v["variant"], v["by_scenario"][s]) for v in variants if s in v["by_scenario"]],
                        "profile") for s in scenarios)
    per_subject = "".join(
        f"<h3>{html.escape(subject)}</h3>"
        + _metric_table([(v["variant"], v["by_subject"][subject]) for v in variants
                         if subject in v["by_subject"]], "profile") for subject in subjects)
    recall_chart = bar_chart_svg("Recall@5 by scenario", scenarios, {
        v["variant"]: [v["by_scenario"].get(s, {}).get("recall_at_5") for s in scenarios] for v in variants})
    subject_chart = bar_chart_svg("Recall@10 by subject", subjects, {
        v["variant"]: [v["by_subject"].get(s, {}).get("recall_at_10") for s in subjects] for v in variants})
    p95s = [v["overall"]["latency_p95_ms"] or 0.0 for v in variants]
    latency_chart = bar_chart_svg("Query latency P95 (ms, warm)", ["P95"],
                                  {v["variant"]: [p] for v, p in zip(variants, p95s)},
                                  maximum=max([100.0, *p95s]) * 1.1)
    candidate = next((v for v in variants if v["variant"] == decision.get("candidate")), None)
    catastrophic = "".join(
        f"<tr><td>{html.escape(c['qid'])}</td><td>{c['scenario']}</td><td>{html.escape(c['text'])}</td>"
        f"<td>{html.escape(c['image'] or '')}</td><td>{html.escape(', '.join(c['relevant']))}</td>"
        f"<td>{html.escape(', '.join(c['top']))}</td></tr>" for c in (candidate or {}).get("catastrophic", []))
    builds = "".join(f"<tr><td>{html.escape(name)}</td><td>{_cell(b['index_build_s'])}</td>"
                     f"<td>{html.escape(b['note'])}</td></tr>" for name, b in metrics["index_builds"].items())
    rollback = metrics["rollback"]
    baselines = "".join(
        f"<p>Baseline <b>{html.escape(name)}</b>: {html.escape(str(b['text_model']))} (text, profile "
        f"{html.escape(b['text_profile'])}) + {html.escape(str(b['image_model']))} (figures, profile "
        f"{html.escape(b['image_profile'])}), late fusion ({html.escape(b['fusion'])}); weights "
        + ", ".join(f"{html.escape(k)} {v:g}" for k, v in b["weights"].items()) + ".</p>"
        for name, b in metrics.get("baseline_profiles", {}).items())
    return f"""<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>itembank pilot report</title>
<style>
body {{ font-family: 'NanumGothic', 'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif; margin: 2rem; color: #111827; }}
table {{ border-collapse: collapse; margin: .5rem 0 1.5rem; }}
th, td {{ border: 1px solid #d1d5db; padding: .3rem .6rem; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
th {{ background: #f3f4f6; }}
.verdict {{ font-size: 1.6rem; font-weight: bold; padding: .6rem 1rem; display: inline-block; border-radius: .5rem; }}
.go {{ background: #dcfce7; color: #166534; }} .nogo {{ background: #fee2e2; color: #991b1b; }}
.ok {{ color: #166534; }} .warn {{ color: #b45309; }}
</style></head><body>
<h1>itembank pilot report · 파일럿 평가 보고서</h1>
<p>{metrics['items']} items · {metrics['queries']} golden queries
({', '.join(f'{s}: {n}' for s, n in metrics['scenarios'].items())}) · profiles: {html.escape(', '.join(metrics['profiles']))}</p>
<h2>Decision · 도입 판단</h2>
<p class="verdict {verdict_class}">{html.escape(decision['verdict'])}</p>
<p>candidate: <b>{html.escape(str(decision.get('candidate')))}</b> · baseline: <b>{html.escape(str(decision.get('baseline')))}</b></p>
<table><thead><tr><th>criterion</th><th>target</th><th>measured</th><th>status</th></tr></thead><tbody>{criteria}</tbody></table>
<ul>{notes}</ul>
{baselines}
<h2>Overall · 전체</h2>{overall}
<figure>{recall_chart}</figure>
<figure>{latency_chart}</figure>
<h2>By scenario · 시나리오별</h2>{per_scenario}
<h2>By subject · 과목별</h2><figure>{subject_chart}</figure>{per_subject}
<h2>Queries with no relevant item in the top 10 · 검토가 필요한 질의</h2>
<table><thead><tr><th>qid</th><th>scenario</th><th>text</th><th>image</th><th>relevant</th><th>top 5 returned</th></tr></thead>
<tbody>{catastrophic or '<tr><td colspan="6">none</td></tr>'}</tbody></table>
<h2>Index build and rollback · 색인과 되돌리기</h2>
<table><thead><tr><th>profile</th><th>build s</th><th>note</th></tr></thead><tbody>{builds}</tbody></table>
<p>Switching the active profile to <b>{html.escape(rollback['to'])}</b> took {rollback['switch_ms']} ms and was seen at once by a
new reader ({html.escape(str(rollback['seen_by_new_reader']))}).</p>
<p>Reranking: {html.escape(metrics['reranking'])}. Peak VRAM: {_cell(metrics['peak_vram_gb'])} GB.</p>
</body></html>
"""


def write_report(metrics: dict, folder: str | Path) -> tuple[Path, Path]:
    out = Path(folder).expanduser()
    out.mkdir(parents=True, exist_ok=True)
    metrics_path, html_path = out / "metrics.json", out / "report.html"
    write_text_atomic(metrics_path, json.dumps(metrics, ensure_ascii=False, indent=2))
    write_text_atomic(html_path, render_html(metrics))
    return metrics_path, html_path
