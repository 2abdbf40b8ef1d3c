"""``BankChanges``: what one write did to the bank, so every front end can refresh exactly that.

Modelled on Anki's ``OpChanges``: each write (import, edit, delete, merge, undo, profile switch, index
build, restore) returns a value saying which items were added, changed or removed and which other
parts moved; the desktop app broadcasts it and every view refreshes itself from it; the CLI and the
server use it to bring the semantic index up to date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["BankChanges"]


def _ids(values: Iterable[str] | None) -> frozenset[str]:
    return frozenset(values or ())


@dataclass(frozen=True)
class BankChanges:
    """Item ids added / changed / removed by one write, and the other parts of the bank it touched.

    ``stale_profiles``: semantic profiles whose index no longer covers every item (they need an
    incremental update). ``profiles``: the profile list or the active profile changed. ``decisions``:
    duplicate verdicts changed. ``everything``: the whole bank was replaced (a restore) — reload all.
    ``undo``: what ``ItemBank.undo()`` would now revert ("" when nothing)."""

    added: frozenset[str] = field(default_factory=frozenset)
    changed: frozenset[str] = field(default_factory=frozenset)
    removed: frozenset[str] = field(default_factory=frozenset)
    stale_profiles: frozenset[str] = field(default_factory=frozenset)
    profiles: bool = False
    decisions: bool = False
    everything: bool = False
    undo: str = ""

    @classmethod
    def of(cls, *, added: Iterable[str] | None = None, changed: Iterable[str] | None = None,
           removed: Iterable[str] | None = None, stale_profiles: Iterable[str] | None = None,
           profiles: bool = False, decisions: bool = False, everything: bool = False,
           undo: str = "") -> "BankChanges":
        return cls(_ids(added), _ids(changed), _ids(removed), _ids(stale_profiles), profiles, decisions,
                   everything, undo)

    @property
    def items(self) -> frozenset[str]:
        """Every item id the write touched."""
        return self.added | self.changed | self.removed

    @property
    def touches_items(self) -> bool:
        return self.everything or bool(self.items)

    def is_empty(self) -> bool:
        return not (self.items or self.stale_profiles or self.profiles or self.decisions or self.everything)

    def __bool__(self) -> bool:
        return not self.is_empty()

    def __or__(self, other: "BankChanges") -> "BankChanges":
        """Two writes in a row: an id added then removed is simply removed; the later ``undo`` wins."""
        if not isinstance(other, BankChanges):
            return NotImplemented
        removed = (self.removed - other.added) | other.removed
        added = (self.added | other.added) - other.removed
        changed = ((self.changed | other.changed) - removed) - added
        return BankChanges(frozenset(added), frozenset(changed), frozenset(removed),
                           self.stale_profiles | other.stale_profiles, self.profiles or other.profiles,
                           self.decisions or other.decisions, self.everything or other.everything,
                           other.undo or self.undo)

    def without_stale(self, *names: str) -> "BankChanges":
        """The same changes once the named profiles' indexes have caught up."""
        return BankChanges(self.added, self.changed, self.removed, self.stale_profiles - set(names),
                           self.profiles, self.decisions, self.everything, self.undo)

    def to_dict(self) -> dict:
        return {"added": sorted(self.added), "changed": sorted(self.changed), "removed": sorted(self.removed),
                "stale_profiles": sorted(self.stale_profiles), "profiles": self.profiles,
                "decisions": self.decisions, "everything": self.everything, "undo": self.undo}
