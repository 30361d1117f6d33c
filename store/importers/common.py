"""Small things every importer needs: decoding bytes, slugs, zones from venues."""

from __future__ import annotations

import re
import unicodedata
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from store.values import AgendaImportError

# The cities where intergovernmental meetings usually sit, and their zones.
# Matched as whole words in the venue line, so "New York" in "UN Headquarters,
# New York" finds America/New_York.
VENUE_ZONES: dict[str, str] = {
    "new york": "America/New_York",
    "washington": "America/New_York",
    "montreal": "America/Toronto",
    "geneva": "Europe/Zurich",
    "genève": "Europe/Zurich",
    "vienna": "Europe/Vienna",
    "wien": "Europe/Vienna",
    "nairobi": "Africa/Nairobi",
    "bangkok": "Asia/Bangkok",
    "santiago": "America/Santiago",
    "addis ababa": "Africa/Addis_Ababa",
    "beirut": "Asia/Beirut",
    "paris": "Europe/Paris",
    "rome": "Europe/Rome",
    "bonn": "Europe/Berlin",
    "berlin": "Europe/Berlin",
    "the hague": "Europe/Amsterdam",
    "brussels": "Europe/Brussels",
    "london": "Europe/London",
    "cardiff": "Europe/London",
    "madrid": "Europe/Madrid",
    "copenhagen": "Europe/Copenhagen",
    "tokyo": "Asia/Tokyo",
    "beijing": "Asia/Shanghai",
    "new delhi": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "manila": "Asia/Manila",
    "jakarta": "Asia/Jakarta",
    "dakar": "Africa/Dakar",
    "cairo": "Africa/Cairo",
    "johannesburg": "Africa/Johannesburg",
    "mexico city": "America/Mexico_City",
    "panama": "America/Panama",
    "port of spain": "America/Port_of_Spain",
    "buenos aires": "America/Argentina/Buenos_Aires",
    "sao paulo": "America/Sao_Paulo",
    "são paulo": "America/Sao_Paulo",
    "brasilia": "America/Sao_Paulo",
    "hamburg": "Europe/Berlin",
    "istanbul": "Europe/Istanbul",
    "doha": "Asia/Qatar",
    "dubai": "Asia/Dubai",
    "sydney": "Australia/Sydney",
}


def zone_for_venue(venue: str) -> str | None:
    """The IANA zone of the first known city named in ``venue``, if any."""
    lowered = venue.casefold()
    best: tuple[int, str] | None = None
    for city, zone in VENUE_ZONES.items():
        m = re.search(rf"\b{re.escape(city)}\b", lowered)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), zone)
    return best[1] if best else None


def check_zone(name: str, source: str = "") -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise AgendaImportError(f"{name!r} is not an IANA time zone (e.g. Europe/Zurich)", path=source) from None
    return name


def decode(data: bytes) -> str:
    """Text from bytes as people save them: UTF-8 (with or without BOM), else Windows-1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def slugify(text: str, max_length: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "meeting"


def meeting_slug(title: str, year: int | None) -> str:
    slug = slugify(title)
    if year and str(year) not in slug:
        slug = f"{slug}-{year}"
    return slug
