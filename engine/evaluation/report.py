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


def _metric_table(rows: list[tuple[str, dict]], first_header: str, lang: str = "ko") -> str:
    head = "".join(f"<th>{label}</th>" for _, label in _METRICS)
    queries = "실행/전체" if lang == "ko" else "run/all"
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


# The committee reads Korean; ``lang="en"`` gives the same report in English.
_TEXT = {
    "title": ("파일럿 평가 보고서", "Pilot report"),
    "summary": ("문항 {items}개 · 골든 질의 {queries}개 ({scenarios}) · 평가한 프로필: {profiles}",
                "{items} items · {queries} golden queries ({scenarios}) · profiles: {profiles}"),
    "decision": ("도입 판단", "Decision"),
    "candidate": ("후보", "candidate"), "baseline": ("기준", "baseline"),
    "criterion": ("기준 항목", "criterion"), "target": ("목표", "target"), "value": ("측정값", "measured"),
    "status": ("판정", "verdict"),
    "missing": ("판단에 필요한 것", "What the decision still needs"),
    "overall": ("전체 (실행할 수 있었던 질의 기준)", "Overall (over the queries each profile could run)"),
    "by_scenario": ("시나리오별", "By scenario"), "by_subject": ("과목별", "By subject"),
    "failing": ("상위 10개에 관련 문항이 없는 질의 (검토 필요)", "Queries with no relevant item in the top 10"),
    "unsupported": ("이 프로필로 실행할 수 없는 질의 (실패로 세지 않음)",
                    "Queries this profile cannot run (not counted as misses)"),
    "qid": ("질의", "qid"), "scenario": ("시나리오", "scenario"), "text": ("질의 글", "text"),
    "image": ("그림", "image"), "relevant": ("정답 문항", "relevant"), "top": ("찾은 상위 문항", "top results"),
    "note": ("이유", "reason"), "none": ("없음", "none"), "profile": ("프로필", "profile"),
    "queries": ("실행/전체", "run/all"),
    "builds": ("색인과 되돌리기", "Index build and rollback"), "build_s": ("색인 시간(초)", "build s"),
    "rollback": ("활성 프로필을 <b>{to}</b>(으)로 바꾸는 데 {ms} ms 걸렸고 새 창에서 바로 보였습니다 ({seen}).",
                 "Switching the active profile to <b>{to}</b> took {ms} ms and was seen at once by a new reader "
                 "({seen})."),
    "rerank": ("재정렬: {r}. 최대 VRAM: {v} GB.", "Reranking: {r}. Peak VRAM: {v} GB."),
    "chart_recall": ("시나리오별 Recall@5", "Recall@5 by scenario"),
    "chart_subject": ("과목별 Recall@10", "Recall@10 by subject"),
    "chart_p95": ("질의 지연 P95 (ms)", "Query latency P95 (ms, warm)"),
}
_VERDICTS = {"Go": ("도입 권고 (Go)", "Go"), "No-Go": ("도입 보류 권고 (No-Go)", "No-Go"),
             "Incomplete": ("판단 보류 (평가 미완료)", "Incomplete (not decided)"),
             "Go, pending review of the listed queries": ("조건부 도입 (목록의 질의 검토 후)",
                                                          "Go, pending review of the listed queries")}
_STATUS = {"pass": ("충족", "pass"), "fail": ("미달", "fail"), "needs review": ("검토 필요", "needs review"),
           "not reported": ("값 없음", "not reported"), "not measured": ("측정 안 함", "not measured"),
           "not measured (no CUDA GPU in this run)": ("측정 안 함 (이 실행에 GPU 없음)",
                                                      "not measured (no CUDA GPU in this run)")}
_CRITERIA = {"recall_at_5": "R@5 향상 (기준 대비 %p)", "recall_at_10": "R@10", "mrr": "MRR",
             "vram": "최대 VRAM (GB)", "p95": "질의 지연 P95 (ms)",
             "catastrophic": "치명적 오류 (상위 10개에 관련 문항 없음)"}


def _t(key: str, lang: str, **values: object) -> str:
    text = _TEXT[key][0 if lang == "ko" else 1]
    return text.format(**values) if values else text


def _pick_lang(table: dict, key: str, lang: str) -> str:
    pair = table.get(key)
    return key if pair is None else pair[0 if lang == "ko" else 1]


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
        f"<tr><td>{html.escape(_CRITERIA.get(c.get('key', ''), c['name']) if lang == 'ko' else c['name'])}</td>"
        f"<td>{html.escape(c['target'])}</td><td>{_cell(c['value'])}</td>"
        f"<td class='{'ok' if c['status'] == 'pass' else 'warn'}'>{html.escape(_pick_lang(_STATUS, c['status'], lang))}"
        f"</td></tr>" for c in decision["criteria"])
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in decision.get("notes", []))
    missing = "".join(f"<li>{html.escape(m)}</li>" for m in decision.get("missing", []))
    missing_block = f"<h3>{_t('missing', lang)}</h3><ul>{missing}</ul>" if missing else ""
    header = _t("profile", lang)
    overall = _metric_table([(v["variant"], v["overall"]) for v in variants], header, lang)
    per_scenario = "".join(
        f"<h3>{s} — {html.escape(SCENARIOS[s])}</h3>"
        + _metric_table([(v["variant"], v["by_scenario"][s]) for v in variants if s in v["by_scenario"]],
                        header, lang) for s in scenarios)
    per_subject = "".join(
        f"<h3>{html.escape(subject)}</h3>"
        + _metric_table([(v["variant"], v["by_subject"][subject]) for v in variants
                         if subject in v["by_subject"]], header, lang) for subject in subjects)
    recall_chart = bar_chart_svg(_t("chart_recall", lang), scenarios, {
        v["variant"]: [v["by_scenario"].get(s, {}).get("recall_at_5") for s in scenarios] for v in variants})
    subject_chart = bar_chart_svg(_t("chart_subject", lang), subjects, {
        v["variant"]: [v["by_subject"].get(s, {}).get("recall_at_10") for s in subjects] for v in variants})
    p95s = [v["overall"]["latency_p95_ms"] or 0.0 for v in variants]
    latency_chart = bar_chart_svg(_t("chart_p95", lang), ["P95"],
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
    none_row = lambda n: f'<tr><td colspan="{n}">{_t("none", lang)}</td></tr>'  # noqa: E731
    summary = _t("summary", lang, items=metrics["items"], queries=metrics["queries"],
                 scenarios=", ".join(f"{s}: {n}" for s, n in metrics["scenarios"].items()),
                 profiles=html.escape(", ".join(metrics["profiles"])))
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>itembank {_t('title', lang)}</title>
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
<h1>itembank {_t('title', lang)}</h1>
<p>{summary}</p>
<h2>{_t('decision', lang)}</h2>
<p class="verdict {verdict_class}">{html.escape(_pick_lang(_VERDICTS, verdict, lang))}</p>
<p>{_t('candidate', lang)}: <b>{html.escape(str(decision.get('candidate')))}</b> · {_t('baseline', lang)}:
<b>{html.escape(str(decision.get('baseline')))}</b></p>
<table><thead><tr><th>{_t('criterion', lang)}</th><th>{_t('target', lang)}</th><th>{_t('value', lang)}</th>
<th>{_t('status', lang)}</th></tr></thead><tbody>{criteria}</tbody></table>
{missing_block}
<ul>{notes}</ul>
{baselines}
<h2>{_t('overall', lang)}</h2>{overall}
<figure>{recall_chart}</figure>
<figure>{latency_chart}</figure>
<h2>{_t('failing', lang)}</h2>
<table><thead><tr><th>{_t('qid', lang)}</th><th>{_t('scenario', lang)}</th><th>{_t('text', lang)}</th>
<th>{_t('image', lang)}</th><th>{_t('relevant', lang)}</th><th>{_t('top', lang)}</th></tr></thead>
<tbody>{failing or none_row(6)}</tbody></table>
<h2>{_t('unsupported', lang)}</h2>
<table><thead><tr><th>{_t('qid', lang)}</th><th>{_t('scenario', lang)}</th><th>{_t('text', lang)}</th>
<th>{_t('note', lang)}</th></tr></thead><tbody>{unsupported or none_row(4)}</tbody></table>
<h2>{_t('by_scenario', lang)}</h2>{per_scenario}
<h2>{_t('by_subject', lang)}</h2><figure>{subject_chart}</figure>{per_subject}
<h2>{_t('builds', lang)}</h2>
<table><thead><tr><th>{_t('profile', lang)}</th><th>{_t('build_s', lang)}</th><th>{_t('note', lang)}</th></tr></thead>
<tbody>{builds}</tbody></table>
<p>{_t('rollback', lang, to=html.escape(rollback['to']), ms=rollback['switch_ms'],
       seen=html.escape(str(rollback['seen_by_new_reader'])))}</p>
<p>{_t('rerank', lang, r=html.escape(metrics['reranking']), v=_cell(metrics['peak_vram_gb']))}</p>
</body></html>
"""


def write_report(metrics: dict, folder: str | Path, lang: str = "ko") -> tuple[Path, Path]:
    out = Path(folder).expanduser()
    out.mkdir(parents=True, exist_ok=True)
    metrics_path, html_path = out / "metrics.json", out / "report.html"
    write_text_atomic(metrics_path, json.dumps(metrics, ensure_ascii=False, indent=2))
    write_text_atomic(html_path, render_html(metrics, lang))
    return metrics_path, html_path
