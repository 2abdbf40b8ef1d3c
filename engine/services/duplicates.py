"""``bank.duplicates``: near-duplicate clusters across the bank, teachers' verdicts, and merging.

Pairs are found by each item's nearest neighbours (the vectors of the profile serving searches, else
keyword candidates and text overlap); a pair a teacher marked "not a duplicate" is not shown again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from engine.i18n import _t
from engine.changes import BankChanges
from engine.errors import InvalidInput
from engine.search.decisions import VERDICTS, DecisionStore
from engine.search.duplicates import (EVIDENCE, DuplicateCluster, ImageHashes, PairScore, cluster_pairs,
                                      text_similarity)

if TYPE_CHECKING:
    from engine.catalog.catalog import SqlCatalog
    from engine.services.editing import ItemEditor
    from engine.services.search import SearchService

# Default thresholds for near-duplicates, by what found the pair (cosine of the profile's model, or
# bigram Jaccard of the text when no semantic profile is indexed). Calibrated on the sample bank's
# planted near-duplicates; see the duplicates tests.
DUPLICATE_THRESHOLDS = {"semantic": 0.95, "text": 0.3}
Progress = Callable[[int, int], None]


class DuplicateService:
    def __init__(self, catalog: "SqlCatalog", search: "SearchService", editor: "ItemEditor") -> None:
        self.catalog = catalog
        self.search = search
        self.editor = editor
        self.store = DecisionStore(lambda: catalog.connection)

    def decisions(self) -> dict[tuple[str, str], str]:
        return self.store.all()

    def decide(self, id_a: str, id_b: str, decision: str) -> BankChanges:
        """Remember a teacher's verdict on a pair ("not_duplicate" hides it from now on)."""
        if decision not in VERDICTS:
            raise InvalidInput(_t("decision must be {value}, not {decision!r}").format(
                                   value=' or '.join(VERDICTS), decision=decision))
        self.editor._require(id_a), self.editor._require(id_b)
        with self.catalog.transaction() as tx:
            self.store.set(tx, id_a, id_b, decision)
        return BankChanges(decisions=True)

    def merge(self, keep_id: str, drop_id: str) -> BankChanges:
        """Fold ``drop_id`` into ``keep_id`` (see ``ItemEditor.merge``; undoable)."""
        return self.editor.merge(keep_id, drop_id)

    def find(self, threshold: float | None = None, neighbours: int = 10,
             progress: Progress | None = None) -> tuple[str, list[DuplicateCluster]]:
        """Clusters of near-duplicates across the bank; returns (method, clusters)."""
        method = "semantic" if self.search.profiles.semantic() is not None else "text"
        limit = DUPLICATE_THRESHOLDS[method] if threshold is None else threshold
        rejected = {pair for pair, verdict in self.store.all().items() if verdict == "not_duplicate"}
        hashes = ImageHashes(self.catalog.asset_path)
        found: dict[tuple[str, str], PairScore] = {}
        total = self.catalog.count()
        for done, item in enumerate(self.catalog.iter_items(), start=1):
            _, pairs = self.search.neighbours(item, neighbours)
            for other_id, score in pairs:
                low, high = sorted((item.id, other_id))
                if score < limit or (low, high) in found or (low, high) in rejected:
                    continue
                other = self.catalog.get(other_id)
                text, figure = round(text_similarity(item, other), 4), hashes.similarity(item, other)
                if not EVIDENCE.holds(text, figure):  # e.g. two different charts of one kind
                    continue
                found[(low, high)] = PairScore(low, high, round(score, 4), method, text, figure)
            if progress:
                progress(done, total)
        return method, cluster_pairs(list(found.values()))
