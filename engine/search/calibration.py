"""Calibrated score scales: below which score an item is not a match, and how sure a match is.

A cosine from one model says nothing on another model's scale (multilingual-e5 puts almost every pair
between 0.78 and 0.92; Qwen3-VL spreads them far wider), so every profile carries its own
``ScoreScale``: ``threshold`` (below it an item is not shown as a match) and the 높음/보통/낮음 band edges.

Where the numbers come from (sample bank + shipped golden set, ``benchmarks/calibrate_scores.py``):
- ``lite`` (multilingual-e5-small): relevant items' cosines have P10 0.834, P25 0.852; the best item of a
  golden query run with a *wrong-subject* filter (nothing relevant exists) has P50 0.832, P90 0.851.
  0.85 keeps 85 % of the grade-2 relevant items in semantic mode (keyword matches are kept in hybrid
  anyway) and lets 11 % of the no-relevant queries through, against 100 % before.
- ``keyword`` (BM25): a hit matches at least one query term, so every hit is a match (threshold 0).
- Qwen3-VL (and the KURE/SigLIP baseline) profiles: NOT measured here (no pack on the development
  machines), so their default has no cut at all (threshold -1: every hit is shown, as before) and only
  rough bands; ``save_scale`` stores the numbers a school's pilot measures
  (``benchmarks/calibrate_scores.py BANK --profile NAME``).

A scale saved for a profile (``settings`` key ``score_scale:<profile>``) beats the default for its kind.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any

from engine.errors import InvalidInput
from engine.i18n import _t

SETTING_PREFIX = "score_scale:"
BANDS = ("높음", "보통", "낮음")


@dataclass(frozen=True)
class ScoreScale:
    threshold: float      # below: not a match
    high: float           # at or above: 높음
    medium: float         # at or above: 보통 (else 낮음, still a match)
    source: str = "default"  # "measured on …" or "default (not measured)"

    def is_match(self, score: float) -> bool:
        return score >= self.threshold

    def band(self, score: float) -> str:
        if score >= self.high:
            return BANDS[0]
        if score >= self.medium:
            return BANDS[1]
        return BANDS[2]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str, where: str) -> "ScoreScale":
        try:
            data = json.loads(text)
            scale = cls(float(data["threshold"]), float(data["high"]), float(data["medium"]),
                        str(data.get("source", "saved")))
        except (ValueError, KeyError, TypeError) as error:
            raise InvalidInput(_t("{where}: not a score scale ({error}); save it again with save_scale").format(
                where=where, error=error)) from error
        return scale.checked(where)

    def checked(self, where: str) -> "ScoreScale":
        if not self.threshold <= self.medium <= self.high:
            raise InvalidInput(_t("{where}: need threshold ≤ medium ≤ high, got {threshold} / {medium} / "
                                  "{high}").format(where=where, threshold=self.threshold, medium=self.medium,
                                                   high=self.high))
        return self


DEFAULT_SCALES: dict[str, ScoreScale] = {
    "lite": ScoreScale(0.85, 0.875, 0.86, "measured: sample bank golden set, multilingual-e5-small"),
    # Not measured: no cut (threshold -1) rather than a guessed one; bands are a rough guess.
    "qwen": ScoreScale(-1.0, 0.60, 0.45, "default (not measured: no Qwen3-VL pack on the test machines)"),
    "kure": ScoreScale(-1.0, 0.60, 0.45, "default (not measured)"),
    "siglip": ScoreScale(-1.0, 0.60, 0.45, "default (not measured)"),
    "fusion": ScoreScale(-1.0, 0.80, 0.50, "default (not measured; fused scores are min-max normalised)"),
}
NO_SCALE = ScoreScale(float("-inf"), float("inf"), float("inf"), "none")


def scale_for(conn: Any, profile_name: str, kind: str) -> ScoreScale:
    """The profile's saved scale, else its kind's default."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (SETTING_PREFIX + profile_name,)).fetchone()
    if row is not None:
        return ScoreScale.from_json(row[0], f"settings {SETTING_PREFIX}{profile_name}")
    return DEFAULT_SCALES.get(kind, NO_SCALE)


def save_scale(conn: Any, profile_name: str, scale: ScoreScale) -> None:
    """Store a calibrated scale with the profile (inside the caller's transaction)."""
    scale.checked(f"profile {profile_name}")
    conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 (SETTING_PREFIX + profile_name, scale.to_json()))


_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")


def is_cross_language(query: str) -> bool:
    """An English (Latin-letter) query with no Hangul: lite matches it weakly against Korean items."""
    return bool(_LATIN.search(query)) and not _HANGUL.search(query)
