"""frab / pentabarf conference schedules (``schedule.xml``), as CCC events and FOSDEM publish them.

``<schedule><conference>`` gives the meeting; each ``<day>`` a Day; each
``<room>`` of a day one Session in that room (parallel rooms are parallel
sessions, titled by the room); each ``<event>`` an Item with its own times,
speakers and description. Events after midnight stay under their ``<day>``:
a night programme belongs to the evening it started.

Items get no number (frab ids mean nothing to participants, and answers
would read "6561. Opening Event"); their ordinal is their place in the room.

Uploads are untrusted, so the XML is read with defusedxml (no entities, no
external references).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from store.importers.common import check_zone, meeting_slug, zone_for_venue
from store.importers.kinds import guess_kind
from store.values import (
    AgendaImportError,
    Day,
    ImportResult,
    ImportWarning,
    Item,
    ItemKind,
    Meeting,
    Person,
    Session,
)

# frab's <type> values, for items whose title says nothing about their kind.
_TYPE_KINDS = {
    "lecture": ItemKind.PRESENTATION,
    "workshop": ItemKind.PRESENTATION,
    "lightning_talk": ItemKind.PRESENTATION,
    "podium": ItemKind.PANEL,
    "panel": ItemKind.PANEL,
    "meeting": ItemKind.DISCUSSION,
}
_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?$")
# Without a <day start=...> to compare with, a start before this hour is taken
# as the night after the day (conference night programmes end by 04:00-05:00).
_NIGHT_ENDS = time(5, 0)


def sniff(text: str, suffix: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    return "<schedule" in head and ("<conference" in head or "<day" in head)


class _LineBuilder(TreeBuilder):
    """A TreeBuilder that notes the line each element starts on (ElementTree keeps none)."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[Element, int] = {}

    def start(self, tag: Any, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[element] = self.parser.parser.CurrentLineNumber
        return element


class _HTMLText(HTMLParser):
    """Plain text from the HTML frab allows in descriptions: tags out, blocks as lines."""

    _BLOCKS = {
        "p",
        "div",
        "br",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "blockquote",
        "tr",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.parts.append("\n- ")
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        # Whitespace between tags ("</li>\n<li>") is layout, not text: a space at most.
        self.parts.append(data if data.strip() else " ")


def plain_text(value: str) -> str:
    """``value`` without HTML tags or entities, lines trimmed, at most one blank line in a row."""
    if "<" in value or "&" in value:
        parser = _HTMLText()
        parser.feed(value)
        parser.close()
        value = "".join(parser.parts)
    lines = [line.strip() for line in value.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class _Reader:
    def __init__(self, source: str, lines: dict[Element, int]) -> None:
        self.source = source
        self.lines = lines
        self.warnings: list[ImportWarning] = []

    def fail(self, element: Element, message: str) -> AgendaImportError:
        return AgendaImportError(message, path=self.source, line=self.lines.get(element))

    def warn(self, element: Element, message: str) -> None:
        self.warnings.append(ImportWarning(self.lines.get(element), message))

    @staticmethod
    def text(parent: Element, tag: str) -> str:
        child = parent.find(tag)
        return (child.text or "").strip() if child is not None else ""


def _zone(conference: Element | None, root: Element, tz: str | None, r: _Reader) -> str:
    """tz, else <time_zone_name>, else the venue's city, else the events' fixed offset, else UTC."""
    if tz:
        return check_zone(tz, r.source)
    if conference is not None:
        named = r.text(conference, "time_zone_name")
        if named:
            return check_zone(named, r.source)
        for tag in ("venue", "city", "title"):
            zone = zone_for_venue(r.text(conference, tag))
            if zone:
                return zone
    offsets = set()
    for stamp in root.iter("date"):
        try:
            moment = datetime.fromisoformat((stamp.text or "").strip())
        except ValueError:
            continue
        if moment.utcoffset() is not None:
            offsets.add(moment.utcoffset())
    if len(offsets) == 1:
        offset = offsets.pop()
        hours, rest = divmod(int(offset.total_seconds()), 3600)
        if rest == 0 and -14 <= hours <= 12:
            # Etc/GMT-1 is UTC+01:00 (POSIX signs are inverted): right wall-clock times, no DST.
            name = "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
            r.warnings.append(
                ImportWarning(
                    None,
                    f"the schedule names no time zone; using the fixed offset of its times ({name}); "
                    "import with --tz AREA/CITY for the real one",
                )
            )
            return name
    r.warnings.append(
        ImportWarning(
            None,
            "the schedule names no time zone; times are shown in UTC (import with --tz AREA/CITY)",
        )
    )
    return "UTC"


def _duration(value: str) -> timedelta | None:
    m = _DURATION.match(value)
    if not m:
        return None
    days, hours, minutes, seconds = (int(g) if g else 0 for g in m.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def _bound(day_el: Element, name: str, zone: ZoneInfo, r: _Reader) -> datetime | None:
    """A <day start=...> or end=... attribute as an aware time in the meeting zone."""
    value = (day_el.get(name) or "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        r.warn(day_el, f"<day {name}={value!r}> is not a date-time; ignored")
        return None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def _event_start(
    event: Element,
    day: date,
    bounds: tuple[datetime | None, datetime | None],
    zone: ZoneInfo,
    r: _Reader,
) -> datetime:
    """When an event starts: its <date>, else its <start> on the day or, at night, the day after."""
    stamp = r.text(event, "date")
    if stamp:
        try:
            moment = datetime.fromisoformat(stamp)
        except ValueError:
            where = event.find("date")
            raise r.fail(
                where if where is not None else event, f"<date> {stamp!r} is not ISO 8601"
            ) from None
        return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    clock = r.text(event, "start")
    m = _CLOCK.match(clock)
    if not m:
        where = event.find("start")
        raise r.fail(where if where is not None else event, f"event start {clock!r} is not HH:MM")
    at = time(int(m.group(1)), int(m.group(2)))
    moment = datetime.combine(day, at, zone)
    day_start, day_end = bounds
    if day_start is None:
        after_midnight = at < _NIGHT_ENDS
    else:
        # Before the day's start it is the night after, if the day runs that long:
        # a 10:00 workshop on a day announced from 11:00 is still that morning.
        next_day = moment + timedelta(days=1)
        after_midnight = moment < day_start and (day_end is None or next_day < day_end)
    return moment + timedelta(days=1) if after_midnight else moment


def _item(event: Element, ordinal: int, starts_at: datetime, ends_at: datetime, r: _Reader) -> Item:
    # Titles are plain text in frab (only descriptions carry HTML): "<limits>" stays.
    title = " ".join(r.text(event, "title").split())
    if not title:
        title = f"Event {event.get('id', ordinal)}"
        r.warn(event, f"an event without a title; called {title!r}")
    parts: list[str] = []
    for tag in ("subtitle", "abstract", "description"):
        text = plain_text(r.text(event, tag))
        if text and text not in parts:
            parts.append(text)
    persons = event.find("persons")
    people = tuple(
        Person(name)
        for name in (" ".join((p.text or "").split()) for p in (persons if persons is not None else ()))
        if name
    )
    kind_default = _TYPE_KINDS.get(r.text(event, "type").casefold(), ItemKind.OTHER)
    return Item(
        title=title,
        ordinal=ordinal,
        kind=guess_kind(title, default=kind_default),
        starts_at=starts_at,
        ends_at=ends_at,
        people=people,
        description="\n\n".join(parts),
    )


def _parse_tree(text: str, source: str) -> tuple[Element, dict[Element, int]]:
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder)
    builder.parser = parser
    try:
        parser.feed(text)
        root = parser.close()
    except ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":", 1)[0]
        raise AgendaImportError(
            f"not well-formed XML: {reason} (column {column + 1})", path=source, line=line
        ) from None
    except DefusedXmlException as exc:
        raise AgendaImportError(
            f"XML entities, DTDs and external references are not accepted ({type(exc).__name__})",
            path=source,
        ) from None
    return root, builder.lines


def parse(
    text: str, *, source: str = "<input>", tz: str | None = None, slug: str | None = None
) -> ImportResult:
    # A BOM before "<?xml" makes expat refuse the declaration; files loaded from disk lose it
    # in common.decode, but pasted text may still carry it.
    root, lines = _parse_tree(text.removeprefix("\ufeff"), source)
    r = _Reader(source, lines)
    if root.tag != "schedule":
        raise r.fail(root, f"expected a frab <schedule>, found <{root.tag}>")
    conference = root.find("conference")
    zone_name = _zone(conference, root, tz, r)
    zone = ZoneInfo(zone_name)

    days: dict[date, list[Session]] = {}
    for day_el in root.findall("day"):
        try:
            day = date.fromisoformat(day_el.get("date", "").strip())
        except ValueError:
            raise r.fail(
                day_el, f"<day date={day_el.get('date', '')!r}> is not a date (YYYY-MM-DD)"
            ) from None
        day_start = _bound(day_el, "start", zone, r)
        day_end = _bound(day_el, "end", zone, r)
        sessions = days.setdefault(day, [])
        for room_el in day_el.findall("room"):
            room = (room_el.get("name") or "").strip()
            if not room:
                r.warn(room_el, "a <room> without a name; called 'Room'")
                room = "Room"
            timed: list[tuple[datetime, datetime, Element]] = []
            for event in room_el.findall("event"):
                starts_at = _event_start(event, day, (day_start, day_end), zone, r)
                length_text = r.text(event, "duration")
                length = _duration(length_text) if length_text else timedelta(0)
                if length is None:
                    where = event.find("duration")
                    raise r.fail(
                        where if where is not None else event,
                        f"duration {length_text!r} is not HH:MM",
                    )
                timed.append((starts_at, starts_at + length, event))
            if not timed:
                continue
            timed.sort(key=lambda t: t[0])  # sort is stable: same start keeps file order
            items = tuple(_item(e, n, s, f, r) for n, (s, f, e) in enumerate(timed, start=1))
            sessions.append(
                Session(
                    title=room,
                    day=day,
                    starts_at=min(t[0] for t in timed),
                    ends_at=max(t[1] for t in timed),
                    room=room,
                    items=items,
                )
            )
    if not days:
        raise r.fail(root, "the schedule has no <day>")

    title = acronym = venue = ""
    if conference is not None:
        title = " ".join(r.text(conference, "title").split())
        acronym = r.text(conference, "acronym")
        venue = ", ".join(p for p in (r.text(conference, "venue"), r.text(conference, "city")) if p)
    title = title or acronym
    if not title:
        raise r.fail(
            conference if conference is not None else root, "the schedule has no conference <title>"
        )
    dates = sorted(days)
    meeting = Meeting(
        slug=slug or meeting_slug(acronym or title, dates[0].year),
        title=title,
        timezone=zone_name,
        start_date=dates[0],
        end_date=dates[-1],
        venue=venue,
        days=tuple(Day(date=d, sessions=tuple(days[d])) for d in dates),
    )
    return ImportResult(meeting, tuple(r.warnings), "frab")
