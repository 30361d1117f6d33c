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
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from store.importers.common import check_zone, meeting_slug, widen_to_stated, zone_for_venue
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
TYPE_KINDS = {
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
# A conference's schedule.xml is a few MB at most and nests five or six elements deep.
MAX_XML_CHARS = 30_000_000
MAX_XML_DEPTH = 50


def sniff(text: str, suffix: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    return "<schedule" in head and ("<conference" in head or "<day" in head)


def sniff_other_xml(text: str, suffix: str) -> bool:
    """XML that is not a frab schedule (nor an HTML page): parse() refuses it by name."""
    head = text.lstrip("\ufeff \t\r\n")[:400].lower()
    if head.startswith(("<!doctype html", "<html")) or "<html" in head:
        return False
    return head.startswith("<?xml") or (suffix == ".xml" and head.startswith("<"))


class _LineBuilder(TreeBuilder):
    """A TreeBuilder that notes the line each element starts on (ElementTree keeps none)."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[Element, int] = {}
        self.depth = 0

    def start(self, tag: Any, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        line = self.parser.parser.CurrentLineNumber if self.parser is not None else None
        if line is not None:
            self.lines[element] = line
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            raise _TooDeep(line)
        return element

    def end(self, tag: Any) -> Element:
        self.depth -= 1
        return super().end(tag)


class _TooDeep(Exception):
    def __init__(self, line: int | None) -> None:
        self.line = line


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
        self.stamps_disagree = False  # said once: a tool that stamps local times Z does it everywhere

    def fail(self, element: Element, message: str) -> AgendaImportError:
        return AgendaImportError(message, path=self.source, line=self.lines.get(element))

    def warn(self, element: Element, message: str) -> None:
        self.warnings.append(ImportWarning(self.lines.get(element), message))

    @staticmethod
    def text(parent: Element, tag: str) -> str:
        child = parent.find(tag)
        return (child.text or "").strip() if child is not None else ""


def fixed_offset_zone(stamps: Iterable[str]) -> str | None:
    """The zone of the one whole-hour UTC offset all these ISO timestamps carry, if they agree:
    right wall-clock times, though not the summer-time rules of the real zone."""
    offsets = set()
    for stamp in stamps:
        try:
            moment = datetime.fromisoformat(stamp.strip())
        except ValueError:
            continue
        offset = moment.utcoffset()
        if offset is not None:
            offsets.add(offset)
    if len(offsets) != 1:
        return None
    hours, rest = divmod(int(offsets.pop().total_seconds()), 3600)
    if rest or not -14 <= hours <= 12:
        return None
    # Etc/GMT-1 is UTC+01:00 (POSIX signs are inverted).
    return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"


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
    name = fixed_offset_zone((stamp.text or "") for stamp in root.iter("date"))
    if name is not None:
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


def duration(value: str) -> timedelta | None:
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


def local_start(
    stamp: str,
    clock: str,
    day: date,
    bounds: tuple[datetime | None, datetime | None],
    zone: ZoneInfo,
) -> tuple[datetime | None, bool]:
    """When an event starts, and whether its ``date`` and ``start`` disagreed.

    ``start`` is the wall-clock time people read on the schedule; ``date`` a full
    timestamp some tools get wrong (local times stamped ``Z``). When both are
    given and disagree, the local start on the date as written wins. With no
    usable date, the start is on the day or, at night, the day after. None when
    there is neither.
    """
    m = _CLOCK.match(clock)
    at = time(int(m.group(1)), int(m.group(2))) if m else None
    if stamp:
        try:
            moment = datetime.fromisoformat(stamp.replace("Z", "+00:00") if stamp.endswith("Z") else stamp)
        except ValueError:
            moment = None
        if moment is not None:
            local = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
            if at is None:
                return local, False
            written = moment.time().replace(second=0, microsecond=0)
            stamped_utc = moment.utcoffset() == timedelta(0)
            lying_z = stamped_utc and written == at and local.utcoffset() != timedelta(0)
            agrees = local.time().replace(second=0, microsecond=0) == at or written == at
            if agrees and not lying_z:
                return local, False
            # Local wall-clock times stamped Z, or a timestamp that says another hour than
            # <start>: the schedule's reader sees <start>, so <start> it is.
            return datetime.combine(moment.date(), at, zone), True
    if at is None:
        return None, False
    moment = datetime.combine(day, at, zone)
    day_start, day_end = bounds
    if day_start is None:
        after_midnight = at < _NIGHT_ENDS
    else:
        # Before the day's start it is the night after, if the day runs that long:
        # a 10:00 workshop on a day announced from 11:00 is still that morning.
        next_day = moment + timedelta(days=1)
        after_midnight = moment < day_start and (day_end is None or next_day < day_end)
    return (moment + timedelta(days=1) if after_midnight else moment), False


def until_next(timed: list[tuple[datetime, timedelta | None]]) -> list[tuple[datetime, datetime]]:
    """Start and end of each event, in start order; one without a duration runs until the
    next one starts (the last, with nothing after it, for no time at all)."""
    out = []
    for index, (start, length) in enumerate(timed):
        if length is not None:
            out.append((start, start + length))
            continue
        later = [s for s, _ in timed[index + 1 :] if s > start]
        out.append((start, later[0] if later else start))
    return out


def room_session(room: str, day: date, spans: list[tuple[datetime, datetime]], items: tuple[Item, ...]) -> Session:
    """A room's events of a day as one session, from its first start to its last end."""
    return Session(room, day, min(s for s, _ in spans), max(f for _, f in spans), room=room, items=items)


def _rooms(day_el: Element, r: _Reader) -> list[tuple[str, list[Element]]]:
    """The day's events by room: <room name=...><event>, or events right in the <day> naming
    their room in a <room> child, as some exporters write them."""
    rooms: dict[str, list[Element]] = {}
    for room_el in day_el.findall("room"):
        room = " ".join((room_el.get("name") or "").split())
        if not room:
            r.warn(room_el, "a <room> without a name; called 'Room'")
            room = "Room"
        rooms.setdefault(room, []).extend(room_el.findall("event"))
    for event in day_el.findall("event"):
        room = " ".join(r.text(event, "room").split()) or "Room"
        rooms.setdefault(room, []).append(event)
    return list(rooms.items())


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
    # <persons><person id="1">Name</person></persons>, or bare <person>s right in the event
    # as some tools write them; names only either way.
    persons = event.find("persons")
    elements = [*(persons if persons is not None else ()), *event.findall("person")]
    people = tuple(
        Person(name)
        for name in dict.fromkeys(" ".join((p.text or "").split()) for p in elements)
        if name
    )
    kind_default = TYPE_KINDS.get(r.text(event, "type").casefold(), ItemKind.OTHER)
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
    if len(text) > MAX_XML_CHARS:
        raise AgendaImportError(
            f"the XML file is {len(text) / 1e6:.0f} million characters; at most "
            f"{MAX_XML_CHARS // 1_000_000} million are read",
            path=source,
        )
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
    except _TooDeep as exc:
        raise AgendaImportError(
            f"the XML nests deeper than {MAX_XML_DEPTH} elements; not a schedule", path=source, line=exc.line
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
        raise r.fail(
            root,
            f"an XML file agendabot does not read: its root is <{root.tag}>; agendabot reads frab/pentabarf "
            "<schedule> XML (pretalx, frab, FOSDEM), iCalendar, its own YAML/JSON and plain text",
        )
    conference = root.find("conference")
    zone_name = _zone(conference, root, tz, r)
    zone = ZoneInfo(zone_name)

    days: dict[date, list[Session]] = {}
    for day_el in root.findall("day"):
        day, sessions = _day(day_el, zone, r)
        days.setdefault(day, []).extend(sessions)
    if not days:
        raise r.fail(root, f"the schedule has no <day>; {_SHAPE}")
    if not any(days.values()):
        # Never an empty meeting: a shape we do not read must say so.
        raise r.fail(
            root,
            f"the schedule has days but no events agendabot can read; {_SHAPE}",
        )

    title, acronym, venue = _conference(conference, root, r)
    dates = sorted(days)
    stated = [r.text(conference, k) if conference is not None else "" for k in ("start", "end", "days")]
    first, last = widen_to_stated(dates[0], dates[-1], *stated)
    meeting = Meeting(
        slug=slug or meeting_slug(acronym or title, dates[0].year),
        title=title,
        timezone=zone_name,
        start_date=first,
        end_date=last,
        venue=venue,
        days=tuple(Day(date=d, sessions=tuple(days[d])) for d in dates),
    )
    return ImportResult(meeting, tuple(r.warnings), "frab")


_Timed = tuple[datetime, timedelta | None, Element]  # start, length, event
_SHAPE = "agendabot reads <day><room name=...><event> with <start> or <date>, and <title>"


def _day(day_el: Element, zone: ZoneInfo, r: _Reader) -> tuple[date, list[Session]]:
    """One <day>: a session per room that has events."""
    try:
        day = date.fromisoformat(day_el.get("date", "").strip())
    except ValueError:
        raise r.fail(day_el, f"<day date={day_el.get('date', '')!r}> is not a date (YYYY-MM-DD)") from None
    bounds = (_bound(day_el, "start", zone, r), _bound(day_el, "end", zone, r))
    sessions = []
    for room, events in _rooms(day_el, r):
        timed = [_timed(event, day, bounds, zone, r) for event in events]
        if timed:
            sessions.append(_room_session(room, day, timed, r))
    return day, sessions


def _timed(
    event: Element, day: date, bounds: tuple[datetime | None, datetime | None], zone: ZoneInfo, r: _Reader
) -> _Timed:
    stamp, clock = r.text(event, "date"), r.text(event, "start")
    starts_at, disagreed = local_start(stamp, clock, day, bounds, zone)
    if starts_at is None:
        where = event.find("start")
        what = f"<date> {stamp!r} and <start> {clock!r}" if stamp else f"event start {clock!r}"
        raise r.fail(where if where is not None else event, f"{what}: no start time (HH:MM)")
    if disagreed and not r.stamps_disagree:
        r.stamps_disagree = True
        r.warn(event, f"<date> {stamp} and <start> {clock} disagree; the local <start> is used")
    length_text = r.text(event, "duration")
    length = duration(length_text) if length_text else None
    if length is None and length_text:
        where = event.find("duration")
        raise r.fail(where if where is not None else event, f"duration {length_text!r} is not HH:MM")
    return starts_at, length, event


def _room_session(room: str, day: date, timed: list[_Timed], r: _Reader) -> Session:
    """A room's events of a day, in order, as one session; an event without a <duration> runs
    until the next."""
    timed.sort(key=lambda t: t[0])  # sort is stable: same start keeps file order
    spans = until_next([(start, length) for start, length, _ in timed])
    if any(length is None for _, length, _ in timed):
        r.warn(timed[0][2], f"events in {room} on {day} have no <duration>; each runs until the next")
    items = tuple(
        _item(e, n, s, f, r) for n, ((s, f), (_, _, e)) in enumerate(zip(spans, timed, strict=True), start=1)
    )
    return room_session(room, day, spans, items)


def _conference(conference: Element | None, root: Element, r: _Reader) -> tuple[str, str, str]:
    """The <conference>'s title (else its acronym), acronym and venue; a title is required."""
    title = acronym = venue = ""
    if conference is not None:
        title = " ".join(r.text(conference, "title").split())
        acronym = r.text(conference, "acronym")
        venue = ", ".join(p for p in (r.text(conference, "venue"), r.text(conference, "city")) if p)
    title = title or acronym
    if not title:
        raise r.fail(conference if conference is not None else root, "the schedule has no conference <title>")
    return title, acronym, venue
