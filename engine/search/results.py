"""A search hit as every front end shows it: id, score, rank and why it was found."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.errors import Unavailable


@dataclass
class SearchHit:
    id: str
    score: float
    rank: int = 0
    explain: dict = field(default_factory=dict)  # stage name → its scores/terms
    band: str = ""  # 높음/보통/낮음 on the profile's calibrated scale ("" when not judged)


class SearchUnavailableError(Unavailable):
    """The requested search needs something that is not there (a model pack, a profile, an index)."""
