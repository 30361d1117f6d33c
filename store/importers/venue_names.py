"""Well-known buildings that stand in one city, with that city's zone (for
``store.importers.venue_tz``)."""

from __future__ import annotations

import re

# --- well-known venues -------------------------------------------------------
# Buildings that stand in one city only. ``strong`` ones win over any city
# named in the same text (the building is the venue; a city elsewhere in a
# header is often an organiser's address); weak ones are generic UN names that
# only count when no city is named ("UN House" is ESCWA's Beirut building, but
# several countries have a "UN House").
_GENEVA, _NEW_YORK, _VIENNA, _NAIROBI = (
    "Europe/Zurich", "America/New_York", "Europe/Vienna", "Africa/Nairobi",
)
_VENUES: tuple[tuple[str, str, bool], ...] = (
    (r"Palais des Nations|Palais Wilson|Centre William Rappard|Maison de la Paix"
     r"|CICG|Centre International de Conf[ée]rences (?:de )?Gen[eè]ve", _GENEVA, True),
    (r"ECOSOC Chamber|Trusteeship Council Chamber|Security Council Chamber"
     r"|General Assembly Hall|North Lawn Building|Dag Hammarskj[öo]ld Library"
     r"|Church Cent(?:er|re) for the United Nations|Javits Cent(?:er|re)", _NEW_YORK, True),
    (r"Vienna International Cent(?:re|er)|Hofburg", _VIENNA, True),
    (r"Gigiri|Kenyatta International Convention Cent(?:re|er)|KICC", _NAIROBI, True),
    (r"UNCC,? Bangkok|Rajadamnern Nok", "Asia/Bangkok", True),
    (r"Sheikh Zayed Cent(?:re|er)|(?:FAO|IFAD|WFP) (?:[Hh]ead[- ]?[Qq]uarters|HQ)"
     r"|Terme di Caracalla", "Europe/Rome", True),
    (r"UNESCO (?:[Hh]ead[- ]?[Qq]uarters|HQ)|Place de Fontenoy|OECD Conference Cent(?:re|er)"
     r"|Ch[âa]teau de la Muette", "Europe/Paris", True),
    (r"World Conference Cent(?:er|re) Bonn|UN Campus|Langer Eugen", "Europe/Berlin", True),
    (r"Peace Palace|Vredespaleis", "Europe/Amsterdam", True),
    (r"UN City", "Europe/Copenhagen", True),
    (r"Bali|Nusa Dua", "Asia/Makassar", True),  # an island, not a city; Bali in India is a town
    (r"Africa Hall|UNCC-AA", "Africa/Addis_Ababa", True),
    (r"Ra[úu]l Prebisch", "America/Santiago", True),
    (r"UN House,? ESCWA", "Asia/Beirut", True),
    (r"IMO (?:[Hh]ead[- ]?[Qq]uarters|HQ)|Albert Embankment", "Europe/London", True),
    (r"ICAO (?:[Hh]ead[- ]?[Qq]uarters|HQ)", "America/Toronto", True),
    (r"(?:WHO|ILO|WIPO|WMO|ITU|UNHCR|OHCHR) (?:[Hh]ead[- ]?[Qq]uarters|HQ)", _GENEVA, True),
    # Weak: an office's name or a generic building; a city named beside it wins.
    (r"UNOG", _GENEVA, False),
    (r"UNOV", _VIENNA, False),
    (r"UNON", _NAIROBI, False),
    (r"UNCC|UNESCAP|ESCAP", "Asia/Bangkok", False),
    (r"UNECA", "Africa/Addis_Ababa", False),
    (r"ECLAC|CEPAL", "America/Santiago", False),
    (r"UN House|ESCWA", "Asia/Beirut", False),
    # The US National Science Foundation's building (Arlington, then Alexandria, Virginia).
    (r"National Science Foundation|NSF (?:[Hh]ead[- ]?[Qq]uarters|HQ|Room \d+)", _NEW_YORK, False),
    (r"United Nations Headquarters|UN Headquarters|UN ?HQ|Conference Room \d+", _NEW_YORK, False),
)
VENUE_PATTERNS = tuple(
    (re.compile(rf"(?<!\w)(?:{pattern})(?!\w)"), zone, strong) for pattern, zone, strong in _VENUES
)
