"""Guessing an item's kind from its title, for formats that do not say.

Calendars and conference schedules carry no agenda kinds, yet reminders and
answers care about them (the rapporteur's report, the opening, the breaks),
so the importers of those formats classify titles by a few telling words.
"""

from __future__ import annotations

import re

from store.values import ItemKind

# First match wins, so the more specific words come first: "Opening keynote"
# is a keynote, "Panel on the closing report" a panel.
_RULES: tuple[tuple[re.Pattern[str], ItemKind], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (r"\brapporteur", ItemKind.RAPPORTEUR_REPORT),
        (r"\bkeynote", ItemKind.KEYNOTE),
        (r"\bpanel\b", ItemKind.PANEL),
        (r"\b(closing|wrap[- ]?up|farewell)\b", ItemKind.CLOSING),
        (r"\b(opening|welcome)\b", ItemKind.OPENING),
        (r"\bconclusions?\b", ItemKind.CONCLUSIONS),
        (r"\b(lunch|coffee|tea|break|breakfast)\b", ItemKind.BREAK),
        (r"\breview\b", ItemKind.REVIEW),
        (r"\b(discussion|debate)s?\b", ItemKind.DISCUSSION),
    )
)


def guess_kind(title: str, default: ItemKind = ItemKind.OTHER) -> ItemKind:
    """The kind a title suggests, else ``default``."""
    for pattern, kind in _RULES:
        if pattern.search(title):
            return kind
    return default
