"""``itembank check [--repair]``: is anything in this bank damaged or left over, and what can be fixed?

Looks at, in order: the catalog (SQLite ``PRAGMA integrity_check``), the keyword index (FTS5's own
check and its row count), every figure against its sha256, every profile's index file against its
checksum, and the leftovers of killed work (``engine.leftovers``). ``repair`` removes leftovers and
orphan figures, rebuilds the keyword index and every damaged vector index whose model runs on this
PC, and says what it could not fix (a damaged catalog or figure needs a backup or a re-import).
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from collections.abc import Callable
from typing import Any, Protocol

from engine.i18n import N_, _t
from engine.catalog.figure_check import figure_problem
from engine.index.checksums import has_checksum
from engine.index.vector_store import index_problem
from engine.leftovers import clean_leftovers, find_leftovers

# What each kind of finding is called, for the CLI and the app's 관리 page (one name, "figure"; the
# "checked" counts name several, "figures").
KIND_LABELS = {"catalog": N_("catalog"), "keyword_index": N_("keyword index"), "figure": N_("figure"),
               "index": N_("index"), "orphan": N_("orphan figure"), "leftover": N_("leftover")}
CHECKED_LABELS = {"catalog": N_("catalog"), "keyword_index": N_("keyword index"), "figures": N_("figures"),
                  "indexes": N_("indexes")}


def check_label(kind: str, *, plural: bool = False) -> str:
    """The kind of a finding (or of a ``checked`` count, ``plural``) in the current language."""
    labels = CHECKED_LABELS if plural else KIND_LABELS
    return _t(labels[kind]) if kind in labels else kind.replace("_", " ")


class ItemBank(Protocol):
    """What the check reads of a bank (engine.api.ItemBank has it; named here so check.py does not
    import the facade that calls it)."""

    catalog: Any
    paths: Any
    profiles: Any
    leftovers_removed: Any

    def count(self) -> int: ...


# What ``repair`` can fix by itself (rebuild or remove); a damaged catalog or figure needs a backup or a
# re-import, which the app and the CLI say instead of offering a repair.
REPAIRABLE = frozenset({"keyword_index", "index", "orphan", "leftover"})
STEPS = 5  # catalog, keyword index, figures, indexes, leftovers: what ``progress`` counts


@dataclass
class CheckProblem:
    kind: str  # catalog, keyword_index, figure, index, orphan, leftover
    what: str  # the file, profile or figure it is about
    detail: str
    fixed: bool = False
    how_to_fix: str = ""

    @property
    def repairable(self) -> bool:
        return self.kind in REPAIRABLE


@dataclass
class CheckReport:
    problems: list[CheckProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)
    repaired: bool = False

    @property
    def remaining(self) -> list[CheckProblem]:
        return [p for p in self.problems if not p.fixed]

    @property
    def ok(self) -> bool:
        return not self.remaining

    @property
    def repairable(self) -> bool:
        """Whether ``check --repair`` would fix some of what remains."""
        return any(p.repairable for p in self.remaining)

    def to_dict(self) -> dict:
        return {"ok": self.ok, "repaired": self.repaired, "checked": self.checked, "notes": self.notes,
                "problems": [asdict(p) for p in self.problems]}


def _catalog(bank: "ItemBank", report: CheckReport) -> bool:
    """PRAGMA integrity_check on the live file; False when the catalog is damaged (nothing else is trusted)."""
    try:
        rows = [r[0] for r in bank.catalog.connection.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    report.checked["catalog"] = 1
    if rows != ["ok"]:
        report.problems.append(CheckProblem(
            "catalog", str(bank.paths.catalog), "; ".join(rows[:3]),
            how_to_fix=_t("restore the bank from a backup (`itembank restore BACKUP.zip --replace`)")))
        return False
    return True


def _keyword_index(bank: "ItemBank", report: CheckReport, repair: bool) -> None:
    conn = bank.catalog.connection
    detail = ""
    try:
        conn.execute("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')")
        rows = int(conn.execute("SELECT COUNT(*) FROM items_fts").fetchone()[0])
        if rows != bank.count():
            detail = _t("it holds {rows} rows for {items} items").format(rows=rows, items=bank.count())
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            report.notes.append(_t("the keyword index was not checked: another write holds the item bank"))
            return
        detail = _t("it is damaged ({error})").format(error=exc)
    except sqlite3.DatabaseError as exc:
        detail = _t("it is damaged ({error})").format(error=exc)
    report.checked["keyword_index"] = 1
    if not detail:
        return
    problem = CheckProblem("keyword_index", "items_fts", detail, how_to_fix=_t("`itembank check --repair` rebuilds it"))
    report.problems.append(problem)
    if repair:
        with bank.catalog.transaction() as tx:
            tx.execute("DELETE FROM items_fts")
            bank.catalog.keyword_index_rewritten(tx)
            keys = bank.catalog.keys_for_ids([item.id for item in bank.catalog.iter_items()])
            for item in bank.catalog.iter_items():
                bank.catalog._index_keywords(tx, keys[item.id], item)
        problem.fixed = True


def _figures(bank: "ItemBank", report: CheckReport) -> None:
    conn = bank.catalog.connection
    users: dict[str, list[str]] = {}
    for sha, item_id in conn.execute("SELECT g.sha256, i.id FROM (SELECT item_key, sha256 FROM item_images "
                                     "UNION ALL SELECT item_key, sha256 FROM item_explanation_images) g "
                                     "JOIN items i ON i.item_key = g.item_key ORDER BY i.id"):
        users.setdefault(sha, []).append(item_id)
    count = 0
    for sha, ext in conn.execute("SELECT sha256, ext FROM assets ORDER BY sha256").fetchall():
        path = bank.catalog.assets.path_for(sha, ext)
        count += 1
        problem = figure_problem(path, sha)
        if problem:
            used = users.get(sha, [])
            by = _t("; used by {ids}").format(ids=", ".join(used[:5]) + (" …" if len(used) > 5 else "")) if used else ""
            report.problems.append(CheckProblem(
                "figure", str(path.relative_to(bank.paths.root)), f"{problem}{by}",
                how_to_fix=_t("re-import the items that use it from their source file, or restore a backup")))
    report.checked["figures"] = count


def _indexes(bank: "ItemBank", report: CheckReport, repair: bool) -> None:
    vectors = bank.catalog.vectors
    count = 0
    for profile in bank.profiles.all():
        if profile.generation == 0 or profile.kind == "fusion" or not hasattr(vectors, "problem"):
            continue
        count += 1
        problem_text = index_problem(vectors, profile)
        if problem_text is None:
            if not has_checksum(vectors.folder / profile.index_file_name):
                report.notes.append(_t("index of profile {name} has no checksum yet (saved by an older "
                                       "itembank); it gets one the next time it is built").format(
                                        name=profile.name))
            continue
        problem = CheckProblem("index", profile.name, problem_text,
                               how_to_fix=_t("`itembank index --profile {name}` rebuilds it").format(
                                              name=profile.name))
        report.problems.append(problem)
        if repair:
            reason = bank.profiles.unavailable_reason(profile.name)
            if reason:
                problem.detail += f"; not rebuilt here: {reason}"
                continue
            bank.profiles.build_index(profile.name)
            problem.fixed = index_problem(vectors, bank.profiles.definition(profile.name)) is None
    report.checked["indexes"] = count


def _leftovers(bank: "ItemBank", report: CheckReport, repair: bool) -> None:
    if repair:
        found, failed = clean_leftovers(bank.paths)
    else:
        found, failed = find_leftovers(bank.paths), []
    if found.skipped:
        report.notes.append(found.skipped)
    if bank.leftovers_removed:
        report.notes.append(_t("{leftovers_removed} leftover file(s) of interrupted work were removed when the "
                               "bank was opened").format(
                                leftovers_removed=bank.leftovers_removed))
    for kind, paths in (("orphan", found.orphan_figures), ("leftover", found.staging_folders),
                        ("leftover", found.partial_files), ("leftover", found.snapshots)):
        for path in paths:
            what = _t("a figure no item or kept version uses") if kind == "orphan" else _t("left by interrupted work")
            report.problems.append(CheckProblem(kind, str(path), what, fixed=repair and path not in failed,
                                                how_to_fix=_t("`itembank check --repair` removes it")))


def check_bank(bank: "ItemBank", *, repair: bool = False,
               progress: Callable[[int, int], None] | None = None) -> CheckReport:
    """Check (and with ``repair``, fix what can be fixed in) one embedded bank; ``progress(done, STEPS)``
    after each step (the app's progress bar: hashing every figure takes a while on a big bank)."""
    report = CheckReport(repaired=repair)

    def step(done: int) -> None:
        if progress is not None:
            progress(done, STEPS)

    step(0)
    if bank.catalog.backend != "sqlite":
        report.notes.append(_t("a district bank is checked on its database server; only this PC's files were "
                               "looked at"))
        return report
    if not _catalog(bank, report):
        return report  # a damaged catalog: nothing it lists can be trusted
    step(1)
    _keyword_index(bank, report, repair)
    step(2)
    _figures(bank, report)
    step(3)
    _indexes(bank, report, repair)
    step(4)
    _leftovers(bank, report, repair)
    step(STEPS)
    return report
