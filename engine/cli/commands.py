"""One function per ``itembank`` subcommand; each returns the exit code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from engine.i18n import _t
from engine.api import (LAYOUTS, PaperOptions, BankChanges, BankPaths, CustomSubjects, IndexReport, ItemBank, ItemNotFoundError,
                        SearchRequest, linear_text, parse_assignments)
from engine.cli.output import excerpt, print_json, progress_bar, stderr, stdout
from engine.errors import InvalidInput
from engine.importers.report import ImportReport
from engine.index.profiles import LITE_PROFILE, profile_availability
from engine.search.filters import SearchFilters
from engine.storage import save_backend


def _open(args: argparse.Namespace, create: bool = False) -> ItemBank:
    return ItemBank(args.data_dir, create=create, backend=getattr(args, "backend", None))


def _print_report(report: ImportReport, as_json: bool) -> None:
    if as_json:
        print_json(report.to_dict())
        return
    summary = _t("would import {imported} item(s) from {path}") if report.dry_run else _t(
        "imported {imported} item(s) from {path}")
    parts = [summary.format(imported=report.imported, path=report.path)]
    if report.updated:
        parts.append(_t(", updated {count}").format(count=len(report.updated)))
    if report.duplicates:
        parts.append(_t(", {count} already in the bank").format(count=len(report.duplicates)))
    if report.skipped:
        parts.append(_t(", skipped {count}").format(count=len(report.skipped)))
    stdout.print("".join(parts), highlight=False)
    if report.cancelled:
        stdout.print(_t("[yellow]cancelled: nothing was written[/yellow]"), markup=True)
    if report.row_note() and (report.skipped or report.duplicates or report.updated):
        stdout.print(report.row_note(), highlight=False)
    skipped = _t("skipped")
    for row in report.skipped:
        stdout.print(f"  [red]{skipped}[/red] {escape(f'{row.file}:{row.row} [{row.field}] {row.reason}')}",
                     highlight=False, markup=True)
    warning_label = _t("warning:")
    for warning in report.warnings:
        stderr.print(f"[yellow]{warning_label}[/yellow] {escape(warning)}", highlight=False, markup=True)


def cmd_init(args: argparse.Namespace) -> int:
    backend = getattr(args, "backend", None)
    existed = ItemBank.exists(args.data_dir, backend)
    bank = _open(args, create=True)
    if backend is not None:  # the desktop app and the server opened on this folder follow it
        save_backend(bank.paths, backend)
    report = index_report = None
    if args.sample:
        with progress_bar(_t("Loading the sample items")) as update:
            report = bank.load_sample(progress=update)
        if not args.no_index and profile_availability(LITE_PROFILE) is None:
            with progress_bar(_t("Building the semantic index (lite)")) as update:
                index_report = bank.index_sample(progress=update)
    stats = bank.stats()
    if args.json:
        print_json({"data_dir": stats["data_dir"], "backend": stats["backend"], "location": stats["location"],
                    "created": not existed, "items": stats["items"],
                    "sample": report.to_dict() if report else None,
                    "index": index_report.to_dict() if index_report else None,
                    "search_modes": stats["search_modes"]})
    else:
        state = _t("opened existing") if existed else _t("created")
        where = stats["data_dir"] if stats["backend"] == "sqlite" else f"{stats['location']} (data folder {stats['data_dir']})"
        stdout.print(_t("{state} bank at {where}").format(state=state, where=where), highlight=False)
        if report:
            _print_report(report, False)
        if index_report:
            _print_index_report(index_report)
        elif args.sample and not args.no_index:  # no index work: either it is current or lite cannot run
            reason = profile_availability(LITE_PROFILE)
            stdout.print(_t("semantic search: {value}").format(
                value=reason or _t("the lite index is already up to date")), highlight=False)
        stdout.print(_t("{items} item(s) in the bank · search modes: {value}").format(
                         items=stats['items'], value=', '.join(stats['search_modes'])), highlight=False)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    bank = _open(args, create=True)
    with progress_bar(_t("Importing")) as update:
        paths = args.path if isinstance(args.path, list) else [args.path]
        report = bank.import_path(paths[0] if len(paths) == 1 else paths, args.format, dry_run=args.dry_run,
                                  progress=update,
                                  subject=getattr(args, "subject", None), grade=getattr(args, "grade", None),
                                  accept_split=getattr(args, "accept_split", False))
    failed = report.nothing_imported()  # a file that brought in nothing is an error (exit 2)
    if args.dry_run and report.format in ("hwpx", "hwp"):  # show how the paper was split
        from engine.importers.hwpx import preview_paper

        preview = preview_paper(report.path)
        if args.json:
            print_json({**report.to_dict(), "preview": preview["items"], "doubts": preview["doubts"]})
            return _import_exit(failed)
        _print_paper_preview(preview)
    index = _follow_index(bank, args, report.changes)
    if args.json:
        print_json({**report.to_dict(), "index": index.to_dict() if index else None})
        return _import_exit(failed)
    _print_report(report, False)
    return _import_exit(failed)


def _import_exit(failed: str) -> int:
    if not failed:
        return 0
    print(_t("itembank: error: {failed}").format(failed=failed), file=sys.stderr)
    return 2


def cmd_subjects(args: argparse.Namespace) -> int:
    from engine.vocab import SUBJECTS, custom_subjects, subject_aliases

    bank_root = BankPaths.resolve(args.data_dir).root  # no bank needed: subjects.txt is a plain file
    custom = CustomSubjects.load(bank_root)
    with custom_subjects(custom):
        aliases = subject_aliases()
    by_subject: dict[str, list[str]] = {}
    for alias, canonical in aliases.items():
        by_subject.setdefault(canonical, []).append(alias)
    rows = [{"subject": name, "custom": name not in SUBJECTS, "aliases": sorted(by_subject.get(name, []))}
            for name in SUBJECTS + tuple(n for n in custom.names if n not in SUBJECTS)]
    if args.json:
        print_json({"subjects": rows, "file": custom.source})
        return 0
    for row in rows:
        mark = _t(" (this school)") if row["custom"] else ""
        more = f" — {', '.join(row['aliases'])}" if row["aliases"] else ""
        stdout.print(f"{row['subject']}{mark}{more}", highlight=False, markup=False)
    stdout.print(_t("add your own: one subject a line, or 'alias = subject', in {source}").format(
                     source=custom.source),
                 highlight=False, markup=False)
    return 0


def _print_paper_preview(preview: dict) -> None:
    table = Table(title=f"문항 나누기 미리보기 · 과목 {preview['subject'] or '?'} · 학년 {preview['grade'] or '?'}")
    for column in ("번호", "유형", "문항", "지문", "보기 수", "그림", "정답"):
        table.add_column(column)
    for row in preview["items"]:
        label = f"{row['section']} {row['label']}" if row.get("section") else row["label"]
        table.add_row(label, row["type"], row["stem"], row["passage"],
                      str(row["choices"]), str(row["images"]), row["answer"])
    stdout.print(table)
    if preview.get("doubts"):  # listed with the warnings; the import stops on them unless --accept-split
        stderr.print(f"[yellow]unsure split ({len(preview['doubts'])} doubt(s), see the warnings):[/yellow] "
                     "compare the table with the paper; a real import stops unless you pass --accept-split",
                     highlight=False, markup=True)


def _filters(args: argparse.Namespace) -> SearchFilters:
    return SearchFilters(subject=args.subject or "", grade=args.grade or "", type=args.type or "",
                         difficulty=args.difficulty or "", standard=args.standard or "",
                         unit=args.unit or "")


def cmd_search(args: argparse.Namespace) -> int:
    bank = _open(args)
    result = bank.search(SearchRequest(text=args.text, image=args.image, filters=_filters(args),
                                       k=args.k, mode=args.mode, profile=args.profile,
                                       rerank=args.rerank))
    rows = []
    for hit in result.hits:
        item = result.items[hit.id]
        images = [str(bank.image_path(sha)) for sha in item.images]
        rows.append({"id": hit.id, "score": hit.score, "rank": hit.rank, "subject": item.subject,
                     "grade": item.grade, "type": item.type, "stem": item.stem, "images": images,
                     "explain": hit.explain})
    if args.json:
        print_json({"results": rows, "pending": result.pending, "mode": result.mode, "profile": result.profile,
                    "fallback": result.fallback})
        return 0
    if result.fallback:
        stderr.print(_t("searched by words only: {fallback}").format(fallback=result.fallback), highlight=False)
    if result.pending:
        stderr.print(_t("{pending} item(s) are not in the semantic index yet (found by their words only); run "
                        "`itembank index`").format(
                         pending=result.pending), highlight=False)
    if not rows:
        stdout.print(_t("no matching items"))
        return 0
    table = Table(title=f"{len(rows)} result(s) · {result.mode}", title_justify="left")
    for column in ("#", "score", "id", "과목", "학년", "문항", "그림"):
        table.add_column(column, no_wrap=column != "문항")
    for row in rows:
        table.add_row(str(row["rank"]), f"{row['score']:.4g}", row["id"], row["subject"],
                      row["grade"], excerpt(row["stem"]), str(len(row["images"])) if row["images"] else "")
    stdout.print(table)
    return 0


def _follow_index(bank: ItemBank, args: argparse.Namespace, changes: BankChanges) -> IndexReport | None:
    """After a write: bring the semantic index that serves searches up to date (progress on stderr),
    unless ``--no-index``; a line on stderr says what happened either way."""
    if not changes.touches_items:
        return None
    if getattr(args, "no_index", False):
        pending = bank.pending()
        if pending:
            stderr.print(_t("{pending} item(s) not in the semantic index yet; run `itembank index`").format(
                             pending=pending), highlight=False)
        return None
    with progress_bar(_t("Updating the semantic index")) as update:
        report = bank.refresh_index(progress=update)
    if report is not None and not args.json:
        stderr.print(_t("semantic index {profile}: {embedded} embedded, {removed} removed, {indexed} indexed").format(
                         profile=report.profile, embedded=report.embedded, removed=report.removed, indexed=report.indexed), highlight=False)
    return report


def cmd_merge(args: argparse.Namespace) -> int:
    bank = _open(args)
    changes = bank.duplicates.merge(args.keep, args.drop)
    index = _follow_index(bank, args, changes)
    item = bank.require(args.keep)
    if args.json:
        print_json({"kept": item.id, "removed": args.drop, "tags": item.tags, "undo": changes.undo,
                    "index": index.to_dict() if index else None})
    else:
        stdout.print(_t("merged {drop} into {id} ({drop} removed; `itembank undo` reverts it)").format(
                         drop=args.drop, id=item.id),
                     highlight=False)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    bank = _open(args)
    changes = bank.edit(args.id, parse_assignments(args.assignments))
    index = _follow_index(bank, args, changes)
    item = bank.require(args.id)
    if args.json:
        print_json({"id": item.id, "changed": bool(changes.changed), "version": item.version,
                    "item": item.to_dict(), "undo": changes.undo, "index": index.to_dict() if index else None})
    elif changes.changed:
        stdout.print(_t("edited {id} (version {version}; `itembank undo` reverts it)").format(
                         id=item.id, version=item.version), highlight=False)
    else:
        stdout.print(_t("{id}: nothing to change (the values are already stored)").format(id=item.id), highlight=False)
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    bank = _open(args)
    changes = bank.delete(args.ids)
    index = _follow_index(bank, args, changes)
    if args.json:
        print_json({"deleted": sorted(changes.removed), "undo": changes.undo,
                    "index": index.to_dict() if index else None})
    else:
        line = (_t("deleted {n_removed} item: {ids} (`itembank undo` brings it back)") if len(changes.removed) == 1
                else _t("deleted {n_removed} items: {ids} (`itembank undo` brings them back)"))
        stdout.print(line.format(n_removed=len(changes.removed), ids=", ".join(args.ids)), highlight=False)
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    bank = _open(args)
    label = bank.undo_label()
    changes = bank.undo()
    index = _follow_index(bank, args, changes)
    if args.json:
        print_json({"undone": label, "changes": changes.to_dict(), "index": index.to_dict() if index else None})
    else:
        stdout.print(f"undone: {label}" + (f" (next undo: {changes.undo})" if changes.undo else ""),
                     highlight=False)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    bank = _open(args)
    entries = bank.history(args.id)
    current = bank.get(args.id)
    if args.json:
        print_json({"id": args.id, "current": current.to_dict() if current else None,
                    "history": [{"version": e.item.version, "reason": e.reason, "recorded_at": e.recorded_at,
                                 "item": e.item.to_dict()} for e in entries]})
        return 0
    if current is None and not entries:
        raise ItemNotFoundError(_t("no item with id {id!r} (and none was ever deleted)").format(id=args.id))
    state = _t("version {version}").format(version=current.version) if current else _t("deleted")
    stdout.print(_t("{id}: {state}; {n_entries} earlier version(s)").format(
                     id=args.id, state=state, n_entries=len(entries)), highlight=False)
    for entry in entries:
        stdout.print(_t("  v{version} · {recorded_at} · replaced by {reason} · {value}").format(
                         version=entry.item.version, recorded_at=entry.recorded_at, reason=entry.reason, value=excerpt(entry.item.stem)), highlight=False)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    bank = _open(args)
    item = bank.require(args.id)
    images = [str(bank.image_path(sha)) for sha in item.images]
    solution = [str(bank.image_path(sha)) for sha in item.explanation_images]
    if args.json:
        data = item.to_dict()
        data["image_paths"] = images
        data["explanation_image_paths"] = solution
        print_json(data)
        return 0
    meta = " · ".join(v for v in (item.subject, item.grade, item.unit, item.standard, item.type,
                                  f"난이도 {item.difficulty}" if item.difficulty else "") if v)
    stdout.print(f"[bold]{escape(item.id)}[/bold]  {escape(meta)}", highlight=False, markup=True)
    if item.passage:  # formulas in their linear form: a terminal cannot draw them
        stdout.print(f"\n{linear_text(item.passage)}", highlight=False)
    stdout.print(f"\n{linear_text(item.stem)}", highlight=False)
    for number, choice in enumerate(item.choices, start=1):
        stdout.print(f"  {'①②③④⑤⑥⑦⑧⑨⑩'[number - 1] if number <= 10 else number} {linear_text(choice)}",
                     highlight=False)
    stdout.print(f"\n정답: {linear_text(item.answer)}", highlight=False)
    if item.explanation:
        stdout.print(f"해설: {linear_text(item.explanation)}", highlight=False)
    if item.source:
        stdout.print(f"출처: {item.source}", highlight=False)
    for path in images:
        stdout.print(f"그림: {path}", highlight=False)
    for path in solution:
        stdout.print(f"해설 그림: {path}", highlight=False)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    bank = _open(args)
    ids = [i.strip() for i in args.ids.split(",") if i.strip()] if args.ids else None
    fmt = args.format
    if fmt == "auto":
        fmt = Path(args.output).suffix.lower().lstrip(".")
    if fmt in ("pdf", "hwpx"):  # a worksheet: one layout in the engine (engine/exporters/paper.py)
        if ids is None:
            ids = [item.id for item in bank.catalog.iter_items()]
        result = bank.export_paper(args.output, ids, _paper_options(args), fmt)
        files = [str(f) for f in result.files]
        if args.json:
            print_json({"exported": result.items, "output": args.output, "files": files,
                        "pages": result.pages})
        else:
            stdout.print(_t("exported {items} item(s) to {value}").format(
                             items=result.items, value=', '.join(files)), highlight=False)
        return 0
    count = bank.export(args.output, ids, args.format, args.encoding)
    if args.json:
        print_json({"exported": count, "output": args.output})
    else:
        stdout.print(_t("exported {count} item(s) to {output}").format(count=count, output=args.output), highlight=False)
    return 0


def _paper_options(args: argparse.Namespace) -> PaperOptions:
    """The worksheet flags as the engine's PaperOptions (--no-answers is --answers none)."""
    answers = args.answers or ("none" if args.no_answers else "end-page")
    variants = tuple(v.strip() for v in (args.variants or "").split(",") if v.strip())
    options = PaperOptions(title=args.title or "", school=args.school, date=args.exam_date,
                           creator=args.creator, columns=LAYOUTS[args.layout or "one-column"],
                           paper=args.paper or "A4", answers=answers, variants=variants,
                           shuffle_choices=args.shuffle_choices, seed=args.seed,
                           writing=args.writing or "box")
    if args.writing_mm is not None:
        options.writing_mm = args.writing_mm
    return options


def cmd_stats(args: argparse.Namespace) -> int:
    stats = _open(args).stats()
    if args.json:
        print_json(stats)
        return 0
    stdout.print(_t("{items} item(s), {items_with_images} with figures, {images} figure file(s) · {data_dir}").format(
                     items=stats['items'], items_with_images=stats['items_with_images'], images=stats['images'], data_dir=stats['data_dir']), highlight=False)
    for subject, count in stats["by_subject"].items():
        stdout.print(f"  {subject}: {count}")
    stdout.print(_t("search modes: {value}").format(value=', '.join(stats['search_modes'])))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from engine.bench.keyword import format_keyword_bench, run_keyword_bench

    if args.what in ("embed", "rerank"):
        return _bench_qwen(args)
    if args.what == "district":
        return _bench_district(args)
    if args.what == "index":
        from engine.bench.index import format_index_bench, run_index_bench
        from engine.index.profiles import INDEX_DTYPES

        def numbers(text: str, flag: str) -> list[int]:
            try:
                values = [int(v) for v in text.split(",") if v.strip()]
            except ValueError:
                raise InvalidInput(_t("{flag} takes comma-separated whole numbers, not {text!r}").format(
                                       flag=flag, text=text)) from None
            if not values or min(values) < 1:
                raise InvalidInput(_t("{flag} needs positive numbers").format(flag=flag))
            return values

        dtypes = [d.strip() for d in args.dtypes.split(",") if d.strip()]
        if not dtypes or set(dtypes) - set(INDEX_DTYPES):
            raise InvalidInput(_t("--dtypes takes {value}").format(value=', '.join(INDEX_DTYPES)))
        results = run_index_bench(numbers(args.sizes, "--sizes"), numbers(args.dims, "--dims"), dtypes,
                                  queries=min(args.queries, 1000))
        return _print_bench(args, results, format_index_bench)
    if args.what in ("lite", "hybrid"):  # both run the golden text queries on the lite profile
        from itembank_assets import GOLDEN_QUERIES

        from engine.bench.hybrid import format_hybrid_bench, run_hybrid_bench
        from engine.bench.lite import format_lite_bench, run_lite_bench
        from engine.index.profiles import LITE_PROFILE, profile_availability

        reason = profile_availability(LITE_PROFILE)
        if reason:
            raise InvalidInput(reason)
        run, show = ((run_lite_bench, format_lite_bench) if args.what == "lite"
                     else (run_hybrid_bench, format_hybrid_bench))
        return _print_bench(args, run(Path(args.golden) if args.golden else GOLDEN_QUERIES), show)
    if args.items < 1 or args.queries < 1:
        raise InvalidInput(_t("--items and --queries must be at least 1"))
    return _print_bench(args, run_keyword_bench(items=args.items, queries=args.queries), format_keyword_bench)


def _print_bench(args: argparse.Namespace, results: dict, show) -> int:
    """A bench's figures: JSON with ``--json``, else its own text table."""
    if args.json:
        print_json(results)
    else:
        stdout.print(show(results), highlight=False)
    return 0


def _bench_qwen(args: argparse.Namespace) -> int:
    from engine.bench.qwen import format_qwen_bench, run_embed_bench, run_rerank_bench
    from engine.models.device import PRECISIONS, probe_hardware
    from engine.models.qwen.loading import require_model_stack

    require_model_stack()
    precisions = [p.strip() for p in args.precisions.split(",") if p.strip()]
    unknown = [p for p in precisions if p not in PRECISIONS]
    if unknown or not precisions:
        raise InvalidInput(_t("unknown precision(s) {unknown}: use {value}").format(
                               unknown=unknown, value=', '.join(PRECISIONS)))
    size = args.size or ("2b" if probe_hardware().cuda and args.device != "cpu" else "tiny")
    if args.what == "embed":
        items = args.items if args.items != 50_000 else 64  # 50,000 is the keyword bench's default
        results = run_embed_bench(size, precisions, args.device, items=items, queries=min(args.queries, 40))
    else:
        results = run_rerank_bench(size, precisions, args.device, repeats=min(args.queries, 10))
    if args.json:
        print_json(results)
    else:
        stdout.print(format_qwen_bench(results), highlight=False)
    return 0


def _bench_district(args: argparse.Namespace) -> int:
    """`bench district`: PostgreSQL + pgvector against usearch on the same synthetic vectors."""
    from engine.bench.district import (
        format_district_bench,
        parse_numbers,
        run_district_bench,
    )

    sizes, dims = parse_numbers(args.sizes, "--sizes"), parse_numbers(args.dims, "--dims")
    ef_values = parse_numbers(args.ef, "--ef")
    if args.queries < 1:
        raise InvalidInput(_t("--queries must be at least 1"))
    results = run_district_bench(sizes, dims, queries=min(args.queries, 1000), ef_values=ef_values,
                                 backend_url=args.backend_url,
                                 log=lambda line: stderr.print(line, highlight=False, markup=False))
    if args.json:
        print_json(results.to_dict())
    else:
        stdout.print(format_district_bench(results), highlight=False, markup=False)
    return 0


def _print_index_report(report: IndexReport) -> None:
    line = (f"profile {report.profile}: {report.indexed} item(s) indexed, {report.embedded} embedded now"
            f" ({report.items_per_s} items/s), {report.reused} reused, {report.removed} removed")
    if report.truncated:
        line += f", {report.truncated} text(s) cut to the model's 512-token limit"
    if report.rebuilt and report.rebuild_reason != "first build":
        line += f"; index file rebuilt ({report.rebuild_reason})"
    if report.cancelled:
        line += "; cancelled — run `itembank index` again to finish"
    stdout.print(line, highlight=False)


def cmd_index(args: argparse.Namespace) -> int:
    bank = _open(args)
    with progress_bar(_t("Building the index")) as update:
        report = bank.profiles.build_index(args.profile, progress=update, batch_size=max(1, args.batch_size))
    if args.json:
        print_json(report.to_dict())
    else:
        _print_index_report(report)
    return 0


def cmd_profiles(args: argparse.Namespace) -> int:
    bank = _open(args)
    if args.action in ("use", "delete", "weights") and not args.name:
        raise InvalidInput(_t("`itembank profiles {action}` needs a profile name").format(action=args.action))
    if args.action == "use":
        import time

        start = time.perf_counter()
        bank.profiles.use(args.name)
        elapsed_ms = round((time.perf_counter() - start) * 1000, 2)
        if args.json:
            print_json({"active": args.name, "switch_ms": elapsed_ms})
        else:
            stdout.print(_t("active profile: {name} (switched in {elapsed_ms} ms)").format(
                             name=args.name, elapsed_ms=elapsed_ms), highlight=False)
        return 0
    fusion = {"text_weight": args.text_weight, "image_weight": args.image_weight,
              "text_to_image_weight": args.text_image_weight}
    if args.action == "weights" or (args.action == "create" and (
            args.name == "baseline" or args.text_model or args.image_model
            or any(v is not None for v in fusion.values()))):
        return _baseline_profile(bank, args, fusion)
    if args.action == "create":
        profile = bank.profiles.create(args.name, model=args.model, precision=args.precision, dim=args.dim,
                                      index_dtype=args.index_dtype, instruction=args.instruction)
        summary = {"name": profile.name, "model": profile.model, "precision": profile.precision,
                   "dim": profile.dim, "index_dtype": profile.index_dtype, "instruction": profile.instruction}
        if args.json:
            print_json(summary)
        else:
            stdout.print(_t("created profile {name} ({model}, {precision}, {dim} dims, index {index_dtype}); "
                            "build its index with `itembank index --profile {name}`").format(
                             name=profile.name, model=profile.model, precision=profile.precision, dim=profile.dim, index_dtype=profile.index_dtype), highlight=False)
        return 0
    if args.action == "delete":
        bank.profiles.delete(args.name)
        if args.json:
            print_json({"deleted": args.name})
        else:
            stdout.print(_t("deleted profile {name}").format(name=args.name), highlight=False)
        return 0
    rows = bank.profiles.status()
    if args.json:
        print_json(rows)
        return 0
    table = Table(title="profiles", title_justify="left")
    for column in ("", "name", "model", "dim", "indexed", "available"):
        table.add_column(column)
    for row in rows:
        table.add_row("*" if row["active"] else "", row["name"], row["model"], str(row["dim"] or ""),
                      str(row["indexed"]), "yes" if row["available"] else f"no: {row['reason']}")
    stdout.print(table)
    return 0


def _baseline_profile(bank: ItemBank, args: argparse.Namespace, fusion: dict) -> int:
    """`profiles create baseline …` (KURE-v1 + SigLIP late fusion) and `profiles weights NAME …`."""
    from engine.models.baseline.profiles import fusion_spec

    if args.action == "weights":
        profile = bank.profiles.set_fusion_weights(args.name, text=fusion["text_weight"], image=fusion["image_weight"],
                                          text_to_image=fusion["text_to_image_weight"])
    else:
        profile = bank.profiles.create_baseline(args.name or "baseline", text_model=args.text_model,
                                               image_model=args.image_model, precision=args.precision,
                                               index_dtype=args.index_dtype, **fusion)
    spec = fusion_spec(profile)
    summary = {"name": profile.name, "model": profile.model, "text_profile": spec.text_profile,
               "image_profile": spec.image_profile, "weights": spec.weights}
    if args.json:
        print_json(summary)
    else:
        weights = ", ".join(f"{k} {v:g}" for k, v in spec.weights.items())
        stdout.print(f"{'created' if args.action == 'create' else 'updated'} profile {profile.name}: late fusion of "
                     f"{spec.text_profile} (text) and {spec.image_profile} (figures), weights {weights}"
                     + (f"; build its indexes with `itembank index --profile {profile.name}`"
                        if args.action == "create" else ""), highlight=False)
    return 0


def cmd_similar(args: argparse.Namespace) -> int:
    bank = _open(args)
    result = bank.search.similar(args.id, k=args.k)
    rows = [{"id": h.id, "score": h.score, "rank": h.rank, "subject": result.items[h.id].subject,
             "stem": result.items[h.id].stem, "explain": h.explain} for h in result.hits]
    if args.json:
        print_json(rows)
        return 0
    table = Table(title=f"items like {args.id} · {result.mode}", title_justify="left")
    for column in ("#", "score", "text", "figure", "id", "문항"):
        table.add_column(column, no_wrap=column != "문항")
    for row, hit in zip(rows, result.hits):
        image = hit.explain.get("image_similarity")
        table.add_row(str(row["rank"]), f"{row['score']:.3f}", f"{hit.explain['text_similarity']:.2f}",
                      "" if image is None else f"{image:.2f}", row["id"], excerpt(row["stem"]))
    stdout.print(table)
    return 0


def cmd_duplicates(args: argparse.Namespace) -> int:
    from pathlib import Path

    from engine.search.duplicates import write_clusters_csv

    bank = _open(args)
    with progress_bar(_t("Looking for duplicate items")) as update:
        method, clusters = bank.duplicates.find(args.threshold, progress=update)
    if args.csv:
        ids = sorted({i for c in clusters for i in c.ids})
        write_clusters_csv(clusters, {item.id: item for item in bank.get_many(ids)}, Path(args.csv))
    if args.json:
        print_json({"method": method, "clusters": [
            {"ids": c.ids, "best": c.best, "pairs": [vars(p) for p in c.pairs]} for c in clusters]})
        return 0
    stdout.print(_t("{n_clusters} cluster(s) of near-duplicates (by {method})").format(
                     n_clusters=len(clusters), method=method), highlight=False)
    for number, cluster in enumerate(clusters, start=1):
        stdout.print(f"[bold]{number}.[/bold] {escape(', '.join(cluster.ids))}", highlight=False, markup=True)
        for pair in cluster.pairs:
            image = "" if pair.image_similarity is None else f", figure {pair.image_similarity:.2f}"
            stdout.print(_t("   {id_a} ~ {id_b}: {method} {score:.3f}, text {text_similarity:.2f}{image}").format(
                             id_a=pair.id_a, id_b=pair.id_b, method=pair.method, score=pair.score, text_similarity=pair.text_similarity, image=image), highlight=False)
    return 0


def cmd_pilot(args: argparse.Namespace) -> int:
    from engine.evaluation.golden import load_golden
    from engine.evaluation.pilot import run_pilot
    from engine.evaluation.report import write_report

    bank = _open(args)
    queries = load_golden(args.golden)
    profiles = [p.strip() for p in args.profiles.split(",") if p.strip()]
    for name in profiles:
        if name != "keyword":
            bank.profiles.definition(name)  # unknown profile → clear error before any work
    with progress_bar(_t("Running the pilot evaluation")) as update:
        metrics = run_pilot(bank, queries, profiles, candidate=args.candidate, baseline=args.baseline,
                            progress=lambda _name, done, total: update(done, total))
    metrics_path, html_path = write_report(metrics, args.report, args.lang or "ko")
    if args.json:
        print_json({"verdict": metrics["decision"]["verdict"], "metrics": str(metrics_path),
                    "report": str(html_path),
                    "summary": {v["variant"]: v["overall"] for v in metrics["variants"]}})
        return 0
    table = Table(title=f"pilot · {metrics['queries']} queries · {metrics['items']} items", title_justify="left")
    for column in ("profile", "R@5", "R@10", "MRR", "nDCG@10", "P50 ms", "P95 ms", "unsupported"):
        table.add_column(column)
    for variant in metrics["variants"]:
        o = variant["overall"]
        table.add_row(variant["variant"], f"{o['recall_at_5'] or 0:.3f}", f"{o['recall_at_10'] or 0:.3f}",
                      f"{o['mrr'] or 0:.3f}", f"{o['ndcg_at_10'] or 0:.3f}", f"{o['latency_p50_ms'] or 0:.1f}",
                      f"{o['latency_p95_ms'] or 0:.1f}", str(o["queries"] - o["supported"]))
    stdout.print(table)
    decision = metrics["decision"]
    stdout.print(_t("verdict: [bold]{value}[/bold] (candidate {value2}, baseline {value3})").format(
                     value=escape(decision['verdict']), value2=escape(str(decision.get('candidate'))), value3=escape(str(decision.get('baseline')))),
                 highlight=False, markup=True)
    for criterion in decision["criteria"]:
        stdout.print(f"  {criterion['name']}: {criterion['value']} → {criterion['status']}",
                     highlight=False)
    for note in decision.get("notes", []):
        stdout.print(f"  note: {note}", highlight=False)
    stdout.print(f"report: {html_path}", highlight=False)
    return 0
