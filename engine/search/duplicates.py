"""Near-duplicate items: "find similar" for one item and clusters across the whole bank.

Candidates come from the semantic index when a profile is indexed (neighbours by cosine), otherwise
from the keyword index (the item's own text as the query). Every candidate pair is then described by
two numbers a teacher can judge: text similarity (Jaccard of character bigrams of stem + choices) and
figure similarity (1.0 for the same file, else a 64-bit difference hash compared by Hamming distance).
Pairs a teacher marked "not a duplicate" are never shown again.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from engine.atomic import atomic_path
from engine.csv_cells import neutralise
from engine.items import Item

_NON_WORD = re.compile(r"[\s\W_]+", re.UNICODE)


def text_bigrams(item: Item) -> set[str]:
    text = _NON_WORD.sub("", (item.passage + item.stem + "".join(item.choices)).lower())
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def text_similarity(a: Item, b: Item) -> float:
    left, right = text_bigrams(a), text_bigrams(b)
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def difference_hash(path: Path) -> int:
    """64-bit dHash: robust to resizing and re-encoding, cheap to compute with Pillow alone."""
    with Image.open(path) as image:
        small = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
        pixels = small.tobytes()  # mode L: one byte per pixel, row by row
    bits = 0
    for row in range(8):
        for col in range(8):
            bits = (bits << 1) | (pixels[row * 9 + col] > pixels[row * 9 + col + 1])
    return bits


@dataclass(frozen=True)
class EvidenceRule:
    """A pair is a near-duplicate only with both text and figure evidence, unless one of them is
    near-identical on its own. Chosen on the sample bank's 21 planted pairs (lite, cosine ≥ 0.95):
    the cosine alone flags 33 pairs (precision 0.636, recall 1.0), among them two different
    population pyramids (text 0.06, figure 0.69); this rule flags 23 (precision 0.913, recall 1.0).
    The weakest planted pairs: text 0.325 (reworded), figure 0.75 (redrawn)."""

    text: float = 0.3                # bigram Jaccard needed as text evidence
    figure: float = 0.7              # dHash similarity needed as figure evidence (when both have figures)
    text_identical: float = 0.9      # this much text alone suffices
    figure_identical: float = 0.98   # this much figure alone suffices

    def holds(self, text_similarity: float, image_similarity: float | None) -> bool:
        if text_similarity >= self.text_identical:
            return True
        if image_similarity is not None and image_similarity >= self.figure_identical:
            return True
        figure_ok = image_similarity is None or image_similarity >= self.figure
        return text_similarity >= self.text and figure_ok


EVIDENCE = EvidenceRule()


@dataclass
class PairScore:
    id_a: str
    id_b: str
    score: float                 # what found the pair: cosine (semantic) or text similarity
    method: str                  # "semantic" or "text"
    text_similarity: float
    image_similarity: float | None = None  # None when one of the items has no figure


@dataclass
class DuplicateCluster:
    ids: list[str]
    pairs: list[PairScore] = field(default_factory=list)

    @property
    def best(self) -> float:
        return max((p.score for p in self.pairs), default=0.0)


class ImageHashes:
    """dHash per stored figure, computed once per run."""

    def __init__(self, resolve_path) -> None:
        self._resolve = resolve_path
        self._cache: dict[str, int | None] = {}

    def get(self, sha256: str) -> int | None:
        if sha256 not in self._cache:
            path = self._resolve(sha256)
            try:
                self._cache[sha256] = difference_hash(path) if path else None
            except OSError:
                self._cache[sha256] = None
        return self._cache[sha256]

    def similarity(self, a: Item, b: Item) -> float | None:
        if not a.images or not b.images:
            return None
        if set(a.images) & set(b.images):
            return 1.0
        best = 0.0
        for left in a.images:
            for right in b.images:
                ha, hb = self.get(left), self.get(right)
                if ha is not None and hb is not None:
                    best = max(best, 1.0 - bin(ha ^ hb).count("1") / 64)
        return round(best, 4)


def cluster_pairs(pairs: list[PairScore]) -> list[DuplicateCluster]:
    """Union-find over the pairs; clusters sorted by their strongest pair."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        parent[find(pair.id_a)] = find(pair.id_b)
    groups: dict[str, DuplicateCluster] = {}
    for pair in pairs:
        root = find(pair.id_a)
        cluster = groups.setdefault(root, DuplicateCluster(ids=[]))
        cluster.pairs.append(pair)
        for item_id in (pair.id_a, pair.id_b):
            if item_id not in cluster.ids:
                cluster.ids.append(item_id)
    clusters = list(groups.values())
    for cluster in clusters:
        cluster.ids.sort()
    clusters.sort(key=lambda c: (-c.best, c.ids))
    return clusters


def write_clusters_csv(clusters: list[DuplicateCluster], items: dict[str, Item], out: Path) -> None:
    """One row per pair, grouped by cluster, for review in a spreadsheet (UTF-8 with BOM for Excel;
    ids and stems that Excel would read as formulas start with ', see engine/csv_cells.py)."""
    with atomic_path(out) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["cluster", "id_a", "id_b", "method", "score", "text_similarity",
                         "image_similarity", "stem_a", "stem_b"])
        for number, cluster in enumerate(clusters, start=1):
            for pair in cluster.pairs:
                writer.writerow([number, neutralise(pair.id_a), neutralise(pair.id_b), pair.method,
                                 f"{pair.score:.4f}",
                                 f"{pair.text_similarity:.4f}",
                                 "" if pair.image_similarity is None else f"{pair.image_similarity:.4f}",
                                 neutralise(items[pair.id_a].stem), neutralise(items[pair.id_b].stem)])
