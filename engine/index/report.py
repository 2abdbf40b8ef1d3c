"""What an index build did, for the CLI, the desktop's job row and the REST API."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from engine.changes import BankChanges


@dataclass
class IndexReport:
    profile: str
    embedded: int = 0          # items run through the model in this run
    reused: int = 0            # items whose stored embedding was still current
    removed: int = 0           # items taken out of the index (deleted or changed)
    indexed: int = 0           # items in the index after this run
    truncated: int = 0         # items whose text was cut to the model's length limit
    rebuilt: bool = False
    rebuild_reason: str = ""
    cancelled: bool = False
    seconds: float = 0.0
    items_per_s: float = 0.0

    @property
    def changes(self) -> BankChanges:
        """An index build changes which items semantic searches find, not the items themselves."""
        return BankChanges(profiles=True)

    def to_dict(self) -> dict:
        return asdict(self)
