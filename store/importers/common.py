"""Small things every importer needs: decoding bytes, slugs, zones from venues."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from store.importers.venue_tz import zone_for_place
from store.values import AgendaImportError, Item, Meeting, Session


def zone_for_venue(venue: str) -> str | None:
    """The IANA zone of the place ``venue`` names, if any (see ``venue_tz``)."""
    found = zone_for_place(venue)
    return found.zone if found else None


# The regions of the tz database's own zone names; anything else ("US/Eastern", "Japan",
# "GB", "EST5EDT") is an old alias kept for compatibility.
_REGIONS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")


_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UCT", "Universal", "Zulu"})


@cache
def _legacy_links() -> dict[str, str]:
    """Old alias -> current zone name, from the tz database's own link lines ("L target alias")."""
    try:
        text = (resources.files("tzdata.zoneinfo") / "tzdata.zi").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        return {}
    links = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "L" and not parts[2].startswith(_REGIONS):
            links[parts[2]] = parts[1]
    return links


def canonical_zone(name: str) -> str:
    """The zone's current name for an old alias (US/Eastern -> America/New_York), so that
    meetings show the name people know; region names and UTC stay as they are (Europe/Oslo
    is a link too, but a Norwegian meeting should keep it)."""
    if name.startswith(_REGIONS):
        return name
    target = _legacy_links().get(name, name)
    if target in _UTC_NAMES or name in _UTC_NAMES:
        return "UTC"
    return target if target.startswith(_REGIONS) else name


def check_zone(name: str, source: str = "") -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise AgendaImportError(f"{name!r} is not an IANA time zone (e.g. Europe/Zurich)", path=source) from None
    return canonical_zone(name)


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10]) if text.strip() else None
    except ValueError:
        return None


def widen_to_stated(
    start: date, end: date, stated_start: str, stated_end: str, stated_days: str = ""
) -> tuple[date, date]:
    """The days a schedule's events cover, widened to the dates it states for the meeting
    (``YYYY-MM-DD``, or an ISO date-time): a schedule published with only its first day filled
    in is still a meeting of all its days. A stated number of days bounds a stated end that
    runs past it (an end written as the morning the last night finishes)."""
    first, last = _iso_date(stated_start), _iso_date(stated_end)
    if first is not None and last is not None and stated_days.strip().isdigit() and int(stated_days) > 0:
        last = min(last, first + timedelta(days=int(stated_days) - 1))
    if first is not None:
        start = min(start, first)
    if last is not None:
        end = max(end, last)
    return start, end


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
