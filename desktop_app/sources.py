"""Where a search looks: this school's bank on this PC, the district's shared bank, or both.

Results of the two banks can carry the same item id (a district bank often started from school
banks), so a district hit is keyed ``district:<id>`` in lists and outcomes; the ``Item`` keeps its
real id. Local keys stay the bare id, so everything written for one bank works unchanged.
"""

from __future__ import annotations

LOCAL = "local"
DISTRICT = "district"
BOTH = "both"
SOURCES = (LOCAL, DISTRICT, BOTH)
_PREFIX = "district:"


def district_key(item_id: str) -> str:
    return _PREFIX + item_id


def is_district_key(key: str) -> bool:
    return key.startswith(_PREFIX)


def item_id_of(key: str) -> str:
    """The item's own id behind a list key."""
    return key[len(_PREFIX):] if is_district_key(key) else key


def searched_sources(source: str) -> tuple[str, ...]:
    """The banks a source choice searches, this PC's first."""
    return {LOCAL: (LOCAL,), DISTRICT: (DISTRICT,), BOTH: (LOCAL, DISTRICT)}.get(source, (LOCAL,))
