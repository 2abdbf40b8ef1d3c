"""Correcting, deleting and merging items, and undoing the last of those.

An edit is validated by the same rules as an imported row (``engine.importers.rows.build_item``), so an
item a teacher corrects can never hold what an import would refuse; a bad value is an error naming the
field. Each write is one transaction and one journal entry (``engine.catalog.history``): the versions it
replaced are kept, and ``undo`` puts them back — refusing when the item changed again since, rather
than losing that change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from engine.i18n import _t
from engine.catalog.assets import AssetError, AssetWriteLog
from engine.catalog.catalog import ItemNotFoundError
from engine.catalog.history import HistoryEntry, Operation, OperationStep
from engine.changes import BankChanges
from engine.errors import InvalidInput
from engine.importers.report import RowProblem
from engine.importers.rows import SourceRow, build_item
from engine.items import ITEM_FIELDS, Item, canonical_field
from engine.search.decisions import DecisionStore, pair

if TYPE_CHECKING:
    from engine.catalog.catalog import SqlCatalog
    from engine.services.profiles import ProfileService

# What a teacher can change: every field but the id (the id is how other papers cite the item).
# Figures (the question's and the 해설's) change through images+= / images-=, not as text.
EDITABLE_FIELDS = tuple(name for name in ITEM_FIELDS if name not in ("id", "images", "explanation_images"))
# Metadata a merged item takes from the item merged into it when its own is empty.
MERGE_FILLED_FIELDS = ("grade", "unit", "standard", "difficulty", "explanation", "source")
_ASSIGNMENT = re.compile(r"^\s*([^=+\-\s][^=]*?)\s*(\+=|-=|=)(.*)$", re.S)


class ItemFieldError(InvalidInput):
    """A value an item field cannot take; ``field`` names it."""

    def __init__(self, field_name: str, reason: str) -> None:
        self.field = field_name
        super().__init__(f"{field_name}: {reason}")


@dataclass
class ItemEdit:
    """New values for some fields, figures to add (files) and figures to remove (sha256 or a prefix of it)."""

    fields: dict[str, object] = field(default_factory=dict)
    add_images: list[Path] = field(default_factory=list)
    remove_images: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.fields or self.add_images or self.remove_images)


def field_name(name: str) -> str:
    """The item field for ``name`` (English or Korean, e.g. "정답" → "answer"); an error naming the fields."""
    canonical = canonical_field(name)
    if canonical is None or canonical.startswith("choices#"):
        canonical = None
    if canonical == "images":
        return canonical
    if canonical is None or canonical not in EDITABLE_FIELDS:
        if canonical == "id":
            raise ItemFieldError("id", _t("an item's id cannot be changed (other papers cite it)"))
        raise ItemFieldError(name, _t("not an item field; use one of {value}, images+=PATH or images-=SHA").format(
                                       value=', '.join(EDITABLE_FIELDS)))
    return canonical


def parse_assignments(assignments: Sequence[str]) -> ItemEdit:
    """``FIELD=VALUE`` words as the CLI takes them: ``choices="① 2 | ② 3"``, ``tags="a, b"``,
    ``images+=PATH`` (add a figure), ``images-=SHA`` (remove one, by its hash or the start of it)."""
    edit = ItemEdit()
    for text in assignments:
        match = _ASSIGNMENT.match(text)
        if match is None:
            raise InvalidInput(_t("{text!r}: write FIELD=VALUE (e.g. answer=3), images+=PATH or images-=SHA").format(
                                   text=text))
        name, operator, value = match.group(1), match.group(2), match.group(3)
        canonical = field_name(name)
        if canonical == "images":
            if operator == "+=":
                edit.add_images.append(Path(value.strip()).expanduser())
            elif operator == "-=":
                edit.remove_images.append(value.strip().lower())
            else:
                raise ItemFieldError("images", _t("add a figure with images+=PATH or remove one with images-=SHA"))
            continue
        if operator != "=":
            raise ItemFieldError(canonical, _t("use {canonical}=VALUE ({operator} works only for images)").format(
                                                canonical=canonical, operator=operator))
        if canonical in edit.fields:
            raise ItemFieldError(canonical, _t("given twice"))
        edit.fields[canonical] = value
    return edit


def _values_of(item: Item) -> dict[str, object]:
    return {name: getattr(item, name) for name in EDITABLE_FIELDS} | {"id": item.id}


class ItemEditor:
    def __init__(self, catalog: "SqlCatalog", profiles: "ProfileService") -> None:
        self.catalog = catalog
        self.profiles = profiles
        self.decisions = DecisionStore(lambda: catalog.connection)

    @property
    def history_store(self):
        return self.catalog.history

    def _require(self, item_id: str) -> Item:
        item = self.catalog.get(item_id)
        if item is None:
            raise ItemNotFoundError(_t("no item with id {item_id!r}").format(item_id=item_id))
        return item

    def _changes(self, **ids: Iterable[str]) -> BankChanges:
        return BankChanges.of(**ids, stale_profiles=self.profiles.indexed_names(), undo=self.undo_label())

    # -- edit -----------------------------------------------------------------------------------------------
    def validated(self, item: Item, edit: ItemEdit) -> Item:
        """``item`` with the edit's field values, checked by the importer's rules (figures untouched)."""
        values = _values_of(item)
        for name, value in edit.fields.items():
            values[field_name(name)] = value
        row = SourceRow(file="edit", row=0, values=values, base_dir=Path.cwd())
        try:
            updated, _ = build_item(row)
        except RowProblem as problem:
            raise ItemFieldError(problem.field, problem.reason) from None
        return replace(updated, id=item.id, images=list(item.images),
                       explanation_images=list(item.explanation_images), version=item.version)

    def _figures(self, item: Item, edit: ItemEdit) -> list[str]:
        """The item's figure list after removing ``edit.remove_images`` (each must name exactly one)."""
        figures = list(item.images)
        for wanted in edit.remove_images:
            matches = [sha for sha in figures if sha.startswith(wanted)] if len(wanted) >= 6 else []
            if len(matches) != 1:
                listed = ", ".join(sha[:12] for sha in figures) or _t("none")
                text = (_t("{wanted!r} names no figure of item {id} (its figures: {listed})") if not matches
                        else _t("{wanted!r} names more than one figure of item {id} (its figures: {listed})"))
                raise ItemFieldError("images", text.format(wanted=wanted, id=item.id, listed=listed))
            figures.remove(matches[0])
        for path in edit.add_images:
            if not path.is_file():
                raise ItemFieldError("images", _t("{path}: no such image file").format(path=path))
        return figures

    def edit(self, item_id: str, edit: ItemEdit | Mapping[str, object]) -> BankChanges:
        """Change an item; returns what changed (nothing when the values are the same as stored)."""
        if not isinstance(edit, ItemEdit):
            edit = ItemEdit(fields=dict(edit))
        current = self._require(item_id)
        updated = self.validated(current, edit)
        updated.images = self._figures(current, edit)
        log = AssetWriteLog()
        with self.catalog.transaction(log) as tx:
            for path in edit.add_images:
                try:
                    info = self.catalog.assets.put_file(path, log)
                except AssetError as exc:
                    raise ItemFieldError("images", str(exc)) from None
                self.catalog.record_asset(tx, info)
                if info.sha256 not in updated.images:
                    updated.images.append(info.sha256)
            if _same(current, updated):
                return BankChanges(undo=self.undo_label())
            operation = Operation(self.history_store.begin(tx, "edit", f"edit {item_id}"), "edit",
                                  f"edit {item_id}", "")
            self.catalog.update(tx, updated, reason="edit", operation_id=operation.operation_id)
            stored = self.catalog.get(item_id)
            operation.steps.append(OperationStep(item_id, True, stored.version if stored else None))
            self.history_store.finish(tx, operation)
        return self._changes(changed=[item_id])

    # -- delete -----------------------------------------------------------------------------------------------
    def delete(self, item_ids: Sequence[str]) -> BankChanges:
        """Remove items from the bank (their versions are kept, so ``undo`` brings them back)."""
        ids = list(dict.fromkeys(item_ids))
        if not ids:
            raise InvalidInput(_t("name at least one item id to delete"))
        missing = [i for i in ids if self.catalog.get(i) is None]
        if missing:
            raise ItemNotFoundError(_t("no item with id {value}; nothing was deleted").format(
                                        value=', '.join((repr(i) for i in missing[:5]))))
        summary = f"delete {ids[0]}" if len(ids) == 1 else f"delete {len(ids)} items"
        with self.catalog.transaction() as tx:
            operation = Operation(self.history_store.begin(tx, "delete", summary), "delete", summary, "")
            for item_id in ids:
                self.catalog.delete(tx, item_id, reason="delete", operation_id=operation.operation_id)
                operation.steps.append(OperationStep(item_id, True, None))
            self.history_store.finish(tx, operation)
        return self._changes(removed=ids)

    # -- merge --------------------------------------------------------------------------------------------
    def merge(self, keep_id: str, drop_id: str) -> BankChanges:
        """Fold a near-duplicate into the item a teacher keeps, in one transaction: the kept item gains the
        other's tags and whatever metadata it lacks; the other item leaves the bank; the pair is remembered
        as a duplicate. Figures stay stored (other items may share them)."""
        if keep_id == drop_id:
            raise InvalidInput(_t("choose two different items to merge"))
        keep, drop = self._require(keep_id), self._require(drop_id)
        filled = {name: getattr(keep, name) or getattr(drop, name) for name in MERGE_FILLED_FIELDS}
        # the 해설 comes whole (text and figures) from the item that has one, never mixed from the two
        solution = keep if keep.explanation or keep.explanation_images else drop
        filled |= {"explanation": solution.explanation, "explanation_images": list(solution.explanation_images)}
        merged = replace(keep, tags=list(dict.fromkeys([*keep.tags, *drop.tags])), **filled)
        summary = f"merge {drop_id} into {keep_id}"
        with self.catalog.transaction() as tx:
            operation = Operation(self.history_store.begin(tx, "merge", summary), "merge", summary, "")
            operation.decisions.append((*pair(keep_id, drop_id), self.decisions.get(tx, keep_id, drop_id)))
            self.catalog.update(tx, merged, reason="merge", operation_id=operation.operation_id)
            self.catalog.delete(tx, drop_id, reason="merge", operation_id=operation.operation_id)
            self.decisions.set(tx, keep_id, drop_id, "duplicate")
            stored = self.catalog.get(keep_id)
            operation.steps += [OperationStep(keep_id, True, stored.version if stored else None),
                                OperationStep(drop_id, True, None)]
            self.history_store.finish(tx, operation)
        changes = self._changes(changed=[keep_id], removed=[drop_id])
        return replace(changes, decisions=True)

    # -- undo ---------------------------------------------------------------------------------------------
    def undo_label(self) -> str:
        """What ``undo`` would revert now (e.g. "edit ib-3f2a…"), "" when nothing."""
        operation = self.history_store.last_undoable()
        return operation.summary if operation else ""

    def undo(self) -> BankChanges:
        """Revert the last edit, delete or merge that has not been undone yet."""
        operation = self.history_store.last_undoable()
        if operation is None:
            raise InvalidInput(_t("nothing to undo: no edit, delete or merge since the bank was made"))
        for step in operation.steps:
            current = self.catalog.get(step.item_id)
            now = current.version if current else None
            if now != step.after_version:
                state = "was deleted" if current is None else f"was changed again (version {now})"
                raise InvalidInput(_t("cannot undo {summary}: item {item_id} {state} since; undo would lose that "
                                      "change — edit the item instead").format(
                                       summary=operation.summary, item_id=step.item_id, state=state))
        added, changed, removed = [], [], []
        with self.catalog.transaction() as tx:
            for step in operation.steps:
                before = self.history_store.version_before(operation.operation_id, step.item_id)
                current = self.catalog.get(step.item_id)
                if not step.existed:  # the operation created it
                    self.catalog.delete(tx, step.item_id, reason="undo")
                    removed.append(step.item_id)
                elif before is None:  # the operation left it as it was
                    continue
                elif current is None:
                    self.catalog.insert(tx, replace(before, content_hash=""))
                    added.append(step.item_id)
                else:
                    self.catalog.update(tx, replace(before, version=current.version), reason="undo")
                    changed.append(step.item_id)
            for id_a, id_b, verdict in operation.decisions:
                self.decisions.set(tx, id_a, id_b, verdict)
            self.history_store.mark_undone(tx, operation.operation_id)
        changes = self._changes(added=added, changed=changed, removed=removed)
        return replace(changes, decisions=bool(operation.decisions))

    def history(self, item_id: str) -> list[HistoryEntry]:
        """Earlier versions of an item, newest first (also of a deleted item)."""
        return self.history_store.versions(item_id)


def _same(a: Item, b: Item) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in (*EDITABLE_FIELDS, "images", "explanation_images"))
