"""How pages write a US state after a city: "San Antonio, TX", "Wheaton (Mass.)".

GeoNames gives each state's name and postal code; the older newspaper
abbreviations ("Mass.", "Calif.", "N.Y.") are a fixed list of style-guide
forms. ``state_codes(text)`` finds them all with their offsets, so that the
gazetteer can read "Portland, ME" as the Portland in Maine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

# The traditional (AP style) abbreviations, state by state; the states not
# listed (Alaska, Hawaii, Idaho, Iowa, Maine, Ohio, Texas' "Tex." is listed,
# Utah) are written in full.
_TRADITIONAL: Mapping[str, str] = {
    "Ala": "AL", "Ariz": "AZ", "Ark": "AR", "Calif": "CA", "Colo": "CO", "Conn": "CT",
    "Del": "DE", "Fla": "FL", "Ga": "GA", "Ill": "IL", "Ind": "IN", "Kan": "KS",
    "Kans": "KS", "Ky": "KY", "La": "LA", "Md": "MD", "Mass": "MA", "Mich": "MI",
    "Minn": "MN", "Miss": "MS", "Mo": "MO", "Mont": "MT", "Neb": "NE", "Nebr": "NE",
    "Nev": "NV", "N.H": "NH", "N.J": "NJ", "N.M": "NM", "N.Y": "NY", "N.C": "NC",
    "N.D": "ND", "Okla": "OK", "Ore": "OR", "Pa": "PA", "Penn": "PA", "R.I": "RI",
    "S.C": "SC", "S.D": "SD", "Tenn": "TN", "Tex": "TX", "Vt": "VT", "Va": "VA",
    "Wash": "WA", "W.Va": "WV", "Wis": "WI", "Wyo": "WY",
}
_TRADITIONAL_FORM = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(_TRADITIONAL, key=len, reverse=True))
    + r")\."
)
# A postal code only counts right after a city and a comma or an opening bracket
# ("Laurel, MD", "Wheaton (MA)"): two capitals alone are too often an acronym.
_POSTAL_FORM = re.compile(r"(?<=[a-z.])(?:,[ \t]*|[ \t]*\([ \t]*)([A-Z]{2})(?![\w])")


def state_codes(text: str, codes: frozenset[str]) -> Iterator[tuple[int, str, str]]:
    """(offset, postal code, words as written) of every abbreviated US state in
    ``text``; ``codes`` are the postal codes the gazetteer knows."""
    for m in _TRADITIONAL_FORM.finditer(text):
        yield m.start(), _TRADITIONAL[m.group(1)], m.group()
    for m in _POSTAL_FORM.finditer(text):
        if m.group(1) in codes:
            yield m.start(1), m.group(1), m.group(1)
