"""``itembank models list|check|install|pack``, ``itembank embed`` and ``itembank rerank``.

``embed`` and ``rerank`` are the contract used to verify parity from outside (DESIGN §4): JSONL in,
vectors (.npy, float32, L2-normalised, one row per line, in order) or one score per line out.
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path
from typing import Any

import numpy as np

from engine.i18n import N_, _t
from engine.errors import InvalidInput, NotFound
from engine.atomic import write_bytes_atomic
from engine.cli.output import print_json, progress_bar, stderr, stdout
from engine.models.device import PRECISIONS, plan_device
from engine.paths import BankPaths

INPUT_FIELDS = {"text", "image", "images", "instruction"}


def add_model_parsers(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("models", parents=common, help="offline Qwen3-VL model packs: list, check, install, pack")
    p.add_argument("action", choices=("list", "check", "install", "pack"))
    p.add_argument("path", nargs="?", help="install: pack folder or archive; pack: the downloaded model folder")
    p.add_argument("--verify", action="store_true", help="check: also hash every file of every pack")
    p.add_argument("--target", help="install: into this folder instead of the bank's models folder (a shared "
                   "read-only folder for a room of PCs; point ITEMBANK_MODEL_DIRS at it)")
    p.add_argument("--name", help="pack: the pack's name (default: the folder name)")
    p.add_argument("--version", dest="pack_version", default="1", help="pack: its version (default 1)")
    p.add_argument("--kind", choices=("embedder", "reranker"), help="pack: embedder or reranker "
                   "(default: from the name)")
    p.add_argument("--licence", default="Apache-2.0", help="pack: the model's licence (default Apache-2.0)")
    p.add_argument("--source", default="", help="pack: where the model came from (recorded)")
    p.add_argument("--output", help="pack: also write one .tar archive for a USB stick")
    p.add_argument("--precision", choices=PRECISIONS, help="check: the precision you want to use")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), help="check: the device you want to use")
    p.set_defaults(handler=cmd_models)

    p = sub.add_parser("embed", parents=common, help="embed a JSONL file of texts/images to a .npy matrix")
    _model_options(p)
    p.add_argument("--dim", type=int, help="keep the first N dimensions (MRL), re-normalised")
    p.add_argument("--query", action="store_true",
                   help="default instruction of the query side (else the document side's)")
    p.add_argument("--input", required=True, help='JSONL, one {"text", "image", "instruction"} per line')
    p.add_argument("--output", required=True, help="output .npy (float32, one row per input line)")
    p.set_defaults(handler=cmd_embed)

    p = sub.add_parser("rerank", parents=common, help="score query/document pairs from a JSONL file")
    _model_options(p)
    p.add_argument("--input", required=True,
                   help='JSONL, one {"query": {text, image}, "document": {text, image}, "instruction"} per line')
    p.set_defaults(handler=cmd_rerank)


def _model_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", required=True, help="model folder, or the name of an installed pack")
    p.add_argument("--precision", choices=PRECISIONS,
                   help="default: int8 on a CUDA GPU, fp32 on the CPU (int8 on the CPU: int8 matrix products, faster)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), help="default: a CUDA GPU if there is one")


def _models_dir(args: argparse.Namespace) -> Path:
    return BankPaths.resolve(args.data_dir).models


# -- models ---------------------------------------------------------------------------------------------
def cmd_models(args: argparse.Namespace) -> int:
    from engine.models import packs

    models_dir = _models_dir(args)
    if args.action == "list":
        infos = packs.installed_packs(models_dir)
        if args.json:
            print_json({"models_dir": str(models_dir), "packs": [i.to_dict() for i in infos]})
        elif not infos:
            stdout.print(_t("no model pack installed (in {models_dir}).\n{WHAT_A_PACK_ADDS}").format(
                             models_dir=models_dir, WHAT_A_PACK_ADDS=_t(WHAT_A_PACK_ADDS)), highlight=False)
        else:
            for info in infos:
                shared = " (shared, read-only)" if info.read_only else ""
                stdout.print(_t("{name}  {kind}  v{version}  {value:.2f} GB  {licence}  {path}{shared}").format(
                                 name=info.name, kind=info.kind, version=info.version, value=info.size / 1000000000.0, licence=info.licence, path=info.path, shared=shared), highlight=False)
        return 0
    if args.action == "install":
        if not args.path:
            raise InvalidInput(_t("give the pack folder or archive: itembank models install PATH"))
        target = Path(args.target).expanduser() if args.target else models_dir
        with progress_bar(_t("Copying the model pack and checking it")) as update:
            info, status = packs.install_pack(args.path, target, progress=update)
        if args.json:
            print_json({"status": status, **info.to_dict()})
        else:
            stdout.print(_t("{status}: {name} ({kind}, v{version}, {files} files, {value:.2f} GB, verified) in "
                            "{path}").format(
                             status=status, name=info.name, kind=info.kind, version=info.version, files=info.files, value=info.size / 1000000000.0, path=info.path), highlight=False)
        return 0
    if args.action == "pack":
        if not args.path:
            raise InvalidInput(_t("give the downloaded model folder: itembank models pack DIR"))
        with progress_bar(_t("Making the model pack (sha256)")) as update:
            manifest = packs.pack_folder(args.path, name=args.name, version=args.pack_version,
                                         licence=args.licence, kind=args.kind, source=args.source,
                                         output=args.output, progress=update)
        summary = {"name": manifest["name"], "version": manifest["version"], "kind": manifest["kind"],
                   "files": len(manifest["files"]), "size_bytes": manifest["total_size"],
                   "manifest": str(Path(args.path) / packs.MANIFEST_NAME), "archive": args.output}
        if args.json:
            print_json(summary)
        else:
            stdout.print(f"packed {summary['name']} ({summary['kind']}, {summary['files']} files, "
                         f"{summary['size_bytes'] / 1e9:.2f} GB)"
                         + (f" → {args.output}" if args.output else f"; manifest {summary['manifest']}"),
                         highlight=False)
        return 0
    return _check(args, models_dir)


WHAT_A_PACK_ADDS = N_("A Qwen3-VL model pack adds image search (drop a figure to find items with similar "
                    "figures), text + image search, better Korean semantic search and reranking. Copy the "
                    "pack from a USB stick and run `itembank models install PATH`.")


def _check(args: argparse.Namespace, models_dir: Path) -> int:
    """What will run where and why, for each installed pack (and for a 2B model when none is)."""
    from engine.models import packs
    from engine.models.qwen.loading import count_parameters, require_model_stack
    from engine.models.lite import ModelUnavailableError

    try:
        require_model_stack()
        stack = None
    except ModelUnavailableError as exc:
        stack = str(exc)
    infos = packs.installed_packs(models_dir)
    rows = []
    failed = False
    for info in infos:
        row: dict[str, Any] = info.to_dict()
        try:
            if args.verify:
                packs.verify_pack(info.path)
            params = count_parameters(info.path)
            row["status"] = "verified" if args.verify else "ok (sizes checked; --verify hashes every file)"
            if not args.verify:
                packs.check_model_folder(info.path, info.kind)
        except (packs.PackError, ModelUnavailableError, OSError) as exc:
            row["status"] = f"damaged: {exc}"
            failed = True
            params = None
        row["plan"] = plan_device(args.precision, args.device, params).to_dict()
        rows.append(row)
    report = {"models_dir": str(models_dir), "model_stack": stack or "ok", "packs": rows,
              "plan_for_2b": plan_device(args.precision, args.device, 2_130_000_000).to_dict()}
    if args.json:
        print_json(report)
        return 2 if failed else 0
    stdout.print(_t("model packs folder: {models_dir}").format(models_dir=models_dir), highlight=False)
    stdout.print(f"torch/transformers: {stack or 'installed'}", highlight=False)
    if not infos:
        stdout.print(_t("no model pack installed. {WHAT_A_PACK_ADDS}").format(WHAT_A_PACK_ADDS=_t(WHAT_A_PACK_ADDS)), highlight=False)
        _print_plan("a Qwen3-VL 2B pack would run", report["plan_for_2b"])
    for row in rows:
        stdout.print(_t("\n{name} ({kind}, v{version}): {status}").format(
                         name=row['name'], kind=row['kind'], version=row['version'], status=row['status']), highlight=False)
        _print_plan("  will run", row["plan"])
    return 2 if failed else 0


def _print_plan(title: str, plan: dict) -> None:
    hardware = plan.get("hardware") or {}
    gpu = hardware.get("gpu_name")
    where = f"{plan['device']}" + (f" ({gpu})" if gpu and plan["device"] == "cuda" else "")
    stdout.print(f"{title} on {where} at {plan['precision']}"
                 + (f", about {plan['needed_gib']} GiB of weights" if plan.get("needed_gib") else ""),
                 highlight=False)
    for reason in plan["reasons"]:
        stdout.print(f"    · {reason}", highlight=False)


# -- embed / rerank ------------------------------------------------------------------------------------------
def _read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        raise NotFound(_t("input file not found: {path}").format(path=path))
    rows = []
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError as exc:
                raise InvalidInput(_t("{path}:{number}: not valid JSON ({msg})").format(
                                       path=path, number=number, msg=exc.msg)) from None
            if not isinstance(value, dict):
                raise InvalidInput(_t("{path}:{number}: each line must be a JSON object").format(
                                       path=path, number=number))
            rows.append((number, value))
    if not rows:
        raise InvalidInput(_t("{path} has no input lines").format(path=path))
    return rows


def _side(value: Any, where: str) -> dict | None:
    """One query/document side: a dict with text/image(s), a plain string (text) or null (missing)."""
    if value is None or isinstance(value, str):
        return None if value is None else {"text": value}
    if not isinstance(value, dict):
        raise InvalidInput(_t("{where}: must be an object with 'text' and/or 'image'").format(where=where))
    unknown = set(value) - {"text", "image", "images"}
    if unknown:
        raise InvalidInput(_t("{where}: unknown field(s) {value}; use 'text' and 'image'").format(
                               where=where, value=sorted(unknown)))
    return value


def _instruction(value: Any, where: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidInput(_t("{where}: 'instruction' must be a string").format(where=where))
    return value


def cmd_embed(args: argparse.Namespace) -> int:
    from engine.models.packs import resolve_model
    from engine.models.qwen.embedder import QwenEmbedder

    path = Path(args.input).expanduser()
    rows = _read_jsonl(path)
    inputs, instructions = [], []
    for number, row in rows:
        where = f"{path}:{number}"
        unknown = set(row) - INPUT_FIELDS
        if unknown:
            raise InvalidInput(_t("{where}: unknown field(s) {value}; use text, image, instruction").format(
                                   where=where, value=sorted(unknown)))
        side = _side({k: v for k, v in row.items() if k != "instruction"}, where)
        inputs.append(side if side else None)
        instructions.append(_instruction(row.get("instruction"), where))
    model_dir = resolve_model(args.model, _models_dir(args), kind="embedder")
    embedder = QwenEmbedder(model_dir, precision=args.precision, device=args.device)
    if args.dim is not None and not 1 <= args.dim <= embedder.full_dim:
        raise InvalidInput(_t("--dim must be between 1 and {full_dim}").format(full_dim=embedder.full_dim))
    with progress_bar(_t("Computing embeddings")) as update:
        result = embedder.embed_many(inputs, instructions, query=args.query, dim=args.dim, base_dir=path.parent,
                                     progress=update)
    out = Path(args.output).expanduser()
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(result.vectors, dtype=np.float32))
    write_bytes_atomic(out, buffer.getvalue())
    summary = {"rows": int(result.vectors.shape[0]), "dim": int(result.vectors.shape[1]), "output": str(out),
               "truncated_lines": [rows[i][0] for i in result.truncated], "device": embedder.runtime.plan.device,
               "precision": embedder.precision}
    if args.json:
        print_json(summary)
    else:
        stderr.print(_t("embedded {rows} line(s) → {out} ({dim} dims, {device} {precision})").format(
                         rows=summary['rows'], out=out, dim=summary['dim'], device=summary['device'], precision=summary['precision']), highlight=False)
        if summary["truncated_lines"]:
            stderr.print(_t("[yellow]cut to the length limit:[/yellow] lines {truncated_lines}").format(
                             truncated_lines=summary['truncated_lines']),
                         highlight=False, markup=True)
    return 0


def cmd_rerank(args: argparse.Namespace) -> int:
    from engine.models.packs import resolve_model
    from engine.models.qwen.reranker import QwenReranker

    path = Path(args.input).expanduser()
    rows = _read_jsonl(path)
    pairs, instructions = [], []
    for number, row in rows:
        where = f"{path}:{number}"
        unknown = set(row) - {"query", "document", "instruction"}
        if unknown:
            raise InvalidInput(_t("{where}: unknown field(s) {value}; use query, document, instruction").format(
                                   where=where, value=sorted(unknown)))
        if "query" not in row or "document" not in row:
            raise InvalidInput(_t("{where}: each line needs 'query' and 'document'").format(where=where))
        pairs.append((_side(row["query"], f"{where} query"), _side(row["document"], f"{where} document")))
        instructions.append(_instruction(row.get("instruction"), where))
    model_dir = resolve_model(args.model, _models_dir(args), kind="reranker")
    reranker = QwenReranker(model_dir, precision=args.precision, device=args.device)
    with progress_bar(_t("Computing rerank scores")) as update:
        scores = reranker.score(pairs, instructions=instructions, base_dir=path.parent, progress=update)
    if args.json:
        print_json([round(float(s), 6) for s in scores])
    else:
        for score in scores:
            print(f"{float(score):.6f}")
    return 0
