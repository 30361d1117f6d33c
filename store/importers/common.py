"""Small things every importer needs: decoding bytes, slugs, zones from venues."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from store.importers.venue_tz import zone_for_place
from store.values import AgendaImportError, Item, Meeting, Session


def zone_for_venue(venue: str) -> str | None:
    """The IANA zone of the place ``venue`` names, if any (see ``venue_tz``)."""
    found = zone_for_place(venue)
    return found.zone if found else None


def check_zone(name: str, source: str = "") -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise AgendaImportError(f"{name!r} is not an IANA time zone (e.g. Europe/Zurich)", path=source) from None
    return name


def read_in_zone(meeting: Meeting, zone: str) -> Meeting:
    """``meeting`` as if imported with ``tz=zone``: the page's clock times stay as written and
    become times in ``zone``. Only for a meeting whose zone was guessed (its times are the
    page's wall-clock times stamped UTC); the importers combine day and time with the zone
    the same way, so this is the import made again without the page's bytes."""
    tzinfo = ZoneInfo(check_zone(zone))

    def moved(value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=tzinfo) if value is not None else None

    def item(i: Item) -> Item:
        return dataclasses.replace(i, starts_at=moved(i.starts_at), ends_at=moved(i.ends_at))

    def session(s: Session) -> Session:
        return dataclasses.replace(s, starts_at=moved(s.starts_at), ends_at=moved(s.ends_at),
                                   items=tuple(item(i) for i in s.items))

    days = tuple(dataclasses.replace(day, sessions=tuple(session(s) for s in day.sessions)) for day in meeting.days)
    return dataclasses.replace(meeting, timezone=zone, days=days)


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
