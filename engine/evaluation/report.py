"""Writing the pilot's metrics.json and report.html (tables and SVG bar charts, no extra dependency).

The HTML is one self-contained file a school can open in any browser or attach to a decision memo.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from engine.i18n import N_, translate
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


def _metric_table(rows: list[tuple[str, dict]], first_header: str, lang: str = "ko") -> str:
    head = "".join(f"<th>{label}</th>" for _, label in _METRICS)
    queries = _text("queries", lang)
    body = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{agg['supported']}/{agg['queries']}</td>"
        + "".join(f"<td>{_cell(agg.get(key))}</td>" for key, _ in _METRICS) + "</tr>"
        for name, agg in rows)
    return (f"<table><thead><tr><th>{first_header}</th><th>{queries}</th>{head}</tr></thead>"
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


# The committee reads Korean; ``lang="en"`` gives the same report in English. The words are the
# catalog's (engine/locale): English msgids, their Korean in itembank.po.
_TEXT = {
    'title': N_('Pilot report'),
    'summary': N_('{items} items · {queries} golden queries ({scenarios}) · profiles: {profiles}'),
    'decision': N_('Decision'),
    'candidate': N_('candidate'),
    'baseline': N_('baseline'),
    'criterion': N_('criterion'),
    'target': N_('target'),
    'value': N_('measured'),
    'status': N_('verdict'),
    'missing': N_('What the decision still needs'),
    'overall': N_('Overall (over the queries each profile could run)'),
    'by_scenario': N_('By scenario'),
    'by_subject': N_('By subject'),
    'failing': N_('Queries with no relevant item in the top 10'),
    'unsupported': N_('Queries this profile cannot run (not counted as misses)'),
    'qid': N_('qid'),
    'scenario': N_('scenario'),
    'text': N_('text'),
    'image': N_('image'),
    'relevant': N_('relevant'),
    'top': N_('top results'),
    'note': N_('reason'),
    'none': N_('none'),
    'profile': N_('profile'),
    'queries': N_('run/all'),
    'builds': N_('Index build and rollback'),
    'build_s': N_('build s'),
    'rollback': N_('Switching the active profile to <b>{to}</b> took {ms} ms and was seen at once by a new reader ({seen}).'),
    'rerank': N_('Reranking: {r}. Peak VRAM: {v} GB.'),
    'chart_recall': N_('Recall@5 by scenario'),
    'chart_subject': N_('Recall@10 by subject'),
    'chart_p95': N_('Query latency P95 (ms, warm)'),
}
_VERDICTS = {
    'Go': N_('Go'),
    'No-Go': N_('No-Go'),
    'Incomplete': N_('Incomplete (not decided)'),
    'Go, pending review of the listed queries': N_('Go, pending review of the listed queries'),
}
_STATUS = {
    'pass': N_('pass'),
    'fail': N_('fail'),
    'needs review': N_('needs review'),
    'not reported': N_('not reported'),
    'not measured': N_('not measured'),
    'not measured (no CUDA GPU in this run)': N_('not measured (no CUDA GPU in this run)'),
}
_CRITERIA = {
    'recall_at_5': N_('R@5 gain over the baseline (points)'),
    'recall_at_10': N_('R@10'),
    'mrr': N_('MRR'),
    'vram': N_('peak VRAM (GB)'),
    'p95': N_('query latency P95 (ms)'),
    'catastrophic': N_('catastrophic misses (no relevant item in the top 10)'),
}


def _text(key: str, lang: str, **values: object) -> str:
    text = translate(_TEXT[key], lang)
    return text.format(**values) if values else text


def _pick_lang(table: dict, key: str, lang: str) -> str:
    return translate(table[key], lang) if key in table else key


def render_html(metrics: dict, lang: str = "ko") -> str:
    """The report as one HTML page, Korean first (``lang="en"`` for English)."""
    if lang not in ("ko", "en"):
        raise ValueError(f"report language {lang!r}: use ko or en")
    decision = metrics["decision"]
    variants = metrics["variants"]
    scenarios = [s for s in SCENARIOS if any(s in v["by_scenario"] for v in variants)]
    subjects = sorted({s for v in variants for s in v["by_subject"]})
    verdict = decision["verdict"]
    verdict_class = "go" if verdict.startswith("Go") else "hold" if verdict == "Incomplete" else "nogo"
    criteria = "".join(
        f"<tr><td>{html.escape(_pick_lang(_CRITERIA, c.get('key', ''), lang) if c.get('key') in _CRITERIA else c['name'])}</td>"
        f"<td>{html.escape(c['target'])}</td><td>{_cell(c['value'])}</td>"
        f"<td class='{'ok' if c['status'] == 'pass' else 'warn'}'>{html.escape(_pick_lang(_STATUS, c['status'], lang))}"
        f"</td></tr>" for c in decision["criteria"])
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in decision.get("notes", []))
    missing = "".join(f"<li>{html.escape(m)}</li>" for m in decision.get("missing", []))
    missing_block = f"<h3>{_text('missing', lang)}</h3><ul>{missing}</ul>" if missing else ""
    header = _text("profile", lang)
    overall = _metric_table([(v["variant"], v["overall"]) for v in variants], header, lang)
    per_scenario = "".join(
        f"<h3>{s} — {html.escape(SCENARIOS[s])}</h3>"
        + _metric_table([(v["variant"], v["by_scenario"][s]) for v in variants if s in v["by_scenario"]],
                        header, lang) for s in scenarios)
    per_subject = "".join(
        f"<h3>{html.escape(subject)}</h3>"
        + _metric_table([(v["variant"], v["by_subject"][subject]) for v in variants
                         if subject in v["by_subject"]], header, lang) for subject in subjects)
    recall_chart = bar_chart_svg(_text("chart_recall", lang), scenarios, {
        v["variant"]: [v["by_scenario"].get(s, {}).get("recall_at_5") for s in scenarios] for v in variants})
    subject_chart = bar_chart_svg(_text("chart_subject", lang), subjects, {
        v["variant"]: [v["by_subject"].get(s, {}).get("recall_at_10") for s in subjects] for v in variants})
    p95s = [v["overall"]["latency_p95_ms"] or 0.0 for v in variants]
    latency_chart = bar_chart_svg(_text("chart_p95", lang), ["P95"],
                                  {v["variant"]: [p] for v, p in zip(variants, p95s)},
                                  maximum=max([100.0, *p95s]) * 1.1)
    candidate = next((v for v in variants if v["variant"] == decision.get("candidate")), None) or {}
    failing = "".join(
        f"<tr><td>{html.escape(c['qid'])}</td><td>{c['scenario']}</td><td>{html.escape(c['text'])}</td>"
        f"<td>{html.escape(c['image'] or '')}</td><td>{html.escape(', '.join(c['relevant']))}</td>"
        f"<td>{'<br>'.join(html.escape(t) for t in c.get('top_stems') or c['top'])}</td></tr>"
        for c in candidate.get("catastrophic", []))
    unsupported = "".join(
        f"<tr><td>{html.escape(u['qid'])}</td><td>{u['scenario']}</td><td>{html.escape(u['text'])}</td>"
        f"<td>{html.escape(u['note'])}</td></tr>" for u in candidate.get("unsupported", []))
    builds = "".join(f"<tr><td>{html.escape(name)}</td><td>{_cell(b['index_build_s'])}</td>"
                     f"<td>{html.escape(b['note'])}</td></tr>" for name, b in metrics["index_builds"].items())
    rollback = metrics["rollback"]
    baselines = "".join(
        f"<p>Baseline <b>{html.escape(name)}</b>: {html.escape(str(b['text_model']))} (text, profile "
        f"{html.escape(b['text_profile'])}) + {html.escape(str(b['image_model']))} (figures, profile "
        f"{html.escape(b['image_profile'])}), late fusion ({html.escape(b['fusion'])}); weights "
        + ", ".join(f"{html.escape(k)} {v:g}" for k, v in b["weights"].items()) + ".</p>"
        for name, b in metrics.get("baseline_profiles", {}).items())
    none_row = lambda n: f'<tr><td colspan="{n}">{_text("none", lang)}</td></tr>'  # noqa: E731
    summary = _text("summary", lang, items=metrics["items"], queries=metrics["queries"],
                 scenarios=", ".join(f"{s}: {n}" for s, n in metrics["scenarios"].items()),
                 profiles=html.escape(", ".join(metrics["profiles"])))
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>itembank {_text('title', lang)}</title>
<style>
body {{ font-family: 'NanumGothic', 'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif; margin: 2rem; color: #111827; }}
table {{ border-collapse: collapse; margin: .5rem 0 1.5rem; }}
th, td {{ border: 1px solid #d1d5db; padding: .3rem .6rem; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
th {{ background: #f3f4f6; }}
.verdict {{ font-size: 1.6rem; font-weight: bold; padding: .6rem 1rem; display: inline-block; border-radius: .5rem; }}
.go {{ background: #dcfce7; color: #166534; }} .nogo {{ background: #fee2e2; color: #991b1b; }}
.hold {{ background: #fef3c7; color: #92400e; }}
.ok {{ color: #166534; }} .warn {{ color: #b45309; }}
</style></head><body>
<h1>itembank {_text('title', lang)}</h1>
<p>{summary}</p>
<h2>{_text('decision', lang)}</h2>
<p class="verdict {verdict_class}">{html.escape(_pick_lang(_VERDICTS, verdict, lang))}</p>
<p>{_text('candidate', lang)}: <b>{html.escape(str(decision.get('candidate')))}</b> · {_text('baseline', lang)}:
<b>{html.escape(str(decision.get('baseline')))}</b></p>
<table><thead><tr><th>{_text('criterion', lang)}</th><th>{_text('target', lang)}</th><th>{_text('value', lang)}</th>
<th>{_text('status', lang)}</th></tr></thead><tbody>{criteria}</tbody></table>
{missing_block}
<ul>{notes}</ul>
{baselines}
<h2>{_text('overall', lang)}</h2>{overall}
<figure>{recall_chart}</figure>
<figure>{latency_chart}</figure>
<h2>{_text('failing', lang)}</h2>
<table><thead><tr><th>{_text('qid', lang)}</th><th>{_text('scenario', lang)}</th><th>{_text('text', lang)}</th>
<th>{_text('image', lang)}</th><th>{_text('relevant', lang)}</th><th>{_text('top', lang)}</th></tr></thead>
<tbody>{failing or none_row(6)}</tbody></table>
<h2>{_text('unsupported', lang)}</h2>
<table><thead><tr><th>{_text('qid', lang)}</th><th>{_text('scenario', lang)}</th><th>{_text('text', lang)}</th>
<th>{_text('note', lang)}</th></tr></thead><tbody>{unsupported or none_row(4)}</tbody></table>
<h2>{_text('by_scenario', lang)}</h2>{per_scenario}
<h2>{_text('by_subject', lang)}</h2><figure>{subject_chart}</figure>{per_subject}
<h2>{_text('builds', lang)}</h2>
<table><thead><tr><th>{_text('profile', lang)}</th><th>{_text('build_s', lang)}</th><th>{_text('note', lang)}</th></tr></thead>
<tbody>{builds}</tbody></table>
<p>{_text('rollback', lang, to=html.escape(rollback['to']), ms=rollback['switch_ms'],
       seen=html.escape(str(rollback['seen_by_new_reader'])))}</p>
<p>{_text('rerank', lang, r=html.escape(metrics['reranking']), v=_cell(metrics['peak_vram_gb']))}</p>
</body></html>
"""


def write_report(metrics: dict, folder: str | Path, lang: str = "ko") -> tuple[Path, Path]:
    out = Path(folder).expanduser()
    out.mkdir(parents=True, exist_ok=True)
    metrics_path, html_path = out / "metrics.json", out / "report.html"
    write_text_atomic(metrics_path, json.dumps(metrics, ensure_ascii=False, indent=2))
    write_text_atomic(html_path, render_html(metrics, lang))
    return metrics_path, html_path
