"""pretalx / frab schedules as JSON (``schedule.json``), as pretalx, frab and the c3voc tools publish them.

``{"schedule": {"conference": {"title", "acronym", "time_zone_name", "days": [
{"date", "day_start", "rooms": {"Room A": [event, ...]}}]}}}``. As for frab XML
(store.importers.frab, whose helpers this shares), each room of a day is one
session and each event an item, with its own times, its speakers (``persons``)
as people, its track and type. An event's ``guid`` is kept nowhere yet: an
item's identity is its place, as for every other format.

Limits: uploads are untrusted, so the JSON's size and nesting are bounded
before it is decoded.
"""

from __future__ import annotations

import ast
import json
import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from store.importers.common import check_zone, meeting_slug, widen_to_stated, zone_for_venue
from store.importers.frab import (
    TYPE_KINDS,
    duration,
    fixed_offset_zone,
    local_start,
    plain_text,
    room_session,
    until_next,
)
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

MAX_CHARS = 50_000_000
MAX_DEPTH = 40


def sniff(text: str, suffix: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:5000]
    return head.startswith("{") and re.search(r'"schedule"\s*:\s*\{', head) is not None and '"conference"' in head


_STEP = re.compile(r"\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]")


def _keys(where: str) -> list[str | int]:
    """``days[0].rooms['Saal 1'][2].start`` as keys from the root (days are the conference's)."""
    keys: list[str | int] = []
    for name, index, quoted in _STEP.findall(where):
        keys.append(name if name else int(index) if index else ast.literal_eval(quoted))
    return ["schedule", "conference", *keys] if keys[:1] == ["days"] else keys


class _Locator:
    """The line of a JSON path, for messages: the text is composed as YAML (JSON is YAML)
    once, on the first message that needs a line, never for a file that imports cleanly."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._root: yaml.Node | None = None
        self._failed = False

    def line(self, where: str) -> int | None:
        if self._root is None and not self._failed:
            try:
                self._root = yaml.compose(self.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            except yaml.YAMLError:
                self._failed = True
        node, found = self._root, None
        for key in _keys(where):
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == key), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
            else:
                node = None
            if node is None:
                break
            found = node.start_mark.line + 1
        return found


class _Reader:
    def __init__(self, source: str, text: str = "") -> None:
        self.source = source
        self.warnings: list[ImportWarning] = []
        self.locator = _Locator(text)
        self.stamps_disagree = False  # warned once that event dates and local starts disagree

    def fail(self, where: str, message: str) -> AgendaImportError:
        return AgendaImportError(f"{where}: {message}", path=self.source, line=self.locator.line(where))

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(ImportWarning(self.locator.line(where), f"{where}: {message}"))

    def text(self, data: dict[str, Any], key: str) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value).strip()
        return ""

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "expected an object")
        return value

    def listing(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where, "expected a list")
        return value


def _depth(text: str) -> int:
    """The deepest nesting of brackets outside strings, without decoding (a 10,000-deep
    array would exhaust the decoder's recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _load(text: str, source: str) -> Any:
    if len(text) > MAX_CHARS:
        raise AgendaImportError(
            f"the schedule is {len(text) / 1e6:.0f} million characters; at most {MAX_CHARS // 1_000_000} million are read",
            path=source,
        )
    # Counting depth is a pass over every character: only worth it where nesting could be deep.
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)) > MAX_DEPTH:
        raise AgendaImportError(f"the JSON nests deeper than {MAX_DEPTH} levels; not a schedule", path=source)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise AgendaImportError(f"not valid JSON: {exc.msg} (column {exc.colno})", path=source, line=exc.lineno) from None


def _zone(conference: dict[str, Any], tz: str | None, r: _Reader) -> str:
    """tz, else time_zone_name, else the venue's city, else the talks' fixed offset, else UTC."""
    if tz:
        return check_zone(tz, r.source)
    named = r.text(conference, "time_zone_name")
    if named:
        return check_zone(named, r.source)
    for key in ("venue", "city", "title"):
        zone = zone_for_venue(r.text(conference, key))
        if zone:
            return zone
    stamps = [
        r.text(event, "date")
        for day in conference.get("days") or () if isinstance(day, dict) and isinstance(day.get("rooms"), dict)
        for events in day["rooms"].values() if isinstance(events, list)
        for event in events if isinstance(event, dict)
    ]
    zone = fixed_offset_zone(stamps)
    if zone is not None:
        r.warnings.append(
            ImportWarning(
                None,
                f"the schedule names no time zone; using the fixed offset of its times ({zone}); "
                "import with --tz AREA/CITY for the real one",
            )
        )
        return zone
    r.warnings.append(
        ImportWarning(None, "the schedule names no time zone; times are shown in UTC (import with --tz AREA/CITY)")
    )
    return "UTC"


def _people(event: dict[str, Any], r: _Reader, where: str) -> tuple[Person, ...]:
    found = []
    for index, person in enumerate(r.listing(event.get("persons"), f"{where}.persons")):
        if isinstance(person, str):  # some tools write bare names
            name = person
        elif isinstance(person, dict):
            name = r.text(person, "public_name") or r.text(person, "name") or r.text(person, "full_name")
        else:
            raise r.fail(f"{where}.persons[{index}]", "expected a person")
        name = " ".join(name.split())
        if name:
            found.append(Person(name))
    return tuple(found)


def _item(event: dict[str, Any], ordinal: int, starts_at: datetime, ends_at: datetime, r: _Reader, where: str) -> Item:
    title = " ".join(r.text(event, "title").split())
    if not title:
        title = f"Event {r.text(event, 'id') or ordinal}"
        r.warn(where, f"an event without a title; called {title!r}")
    parts: list[str] = []
    track = r.text(event, "track")
    if track:
        parts.append(f"Track: {track}")
    # A talk type no kind stands for ("Plenary") is how people ask for the talk: keep its word.
    kind_word = r.text(event, "type")
    if kind_word and kind_word.casefold().replace(" ", "_") not in TYPE_KINDS and kind_word.casefold() not in title.casefold():
        parts.append(f"Type: {kind_word}")
    for key in ("subtitle", "abstract", "description"):
        text = plain_text(r.text(event, key))
        if text and text not in parts:
            parts.append(text)
    kind_default = TYPE_KINDS.get(r.text(event, "type").casefold().replace(" ", "_"), ItemKind.OTHER)
    return Item(
        title=title,
        ordinal=ordinal,
        kind=guess_kind(title, default=kind_default),
        starts_at=starts_at,
        ends_at=ends_at,
        description="\n\n".join(parts),
        people=_people(event, r, where),
    )


def _moment(value: str, zone: ZoneInfo) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def parse(text: str, *, source: str = "<input>", tz: str | None = None, slug: str | None = None) -> ImportResult:
    text = text.removeprefix("\ufeff")
    r = _Reader(source, text)
    root = r.mapping(_load(text, source), "the file")
    schedule = r.mapping(root.get("schedule"), "schedule")
    conference = r.mapping(schedule.get("conference"), "schedule.conference")
    zone_name = _zone(conference, tz, r)
    zone = ZoneInfo(zone_name)

    days: dict[date, list[Session]] = {}
    raw_days = r.listing(conference.get("days"), "schedule.conference.days")
    for d_index, raw_day in enumerate(raw_days):
        day, sessions = _day(raw_day, f"days[{d_index}]", zone, r)
        days.setdefault(day, []).extend(sessions)
    if not any(days.values()):
        raise AgendaImportError("the schedule has no events (schedule.conference.days[].rooms)", path=source)

    title = " ".join(r.text(conference, "title").split()) or r.text(conference, "acronym")
    if not title:
        raise r.fail("schedule.conference.title", "is required")
    dates = sorted(days)
    start, end = _stated_dates(conference, dates[0], dates[-1], r)
    meeting = Meeting(
        slug=slug or meeting_slug(r.text(conference, "acronym") or title, start.year),
        title=title,
        timezone=zone_name,
        start_date=start,
        end_date=end,
        venue=", ".join(p for p in (r.text(conference, "venue"), r.text(conference, "city")) if p),
        days=tuple(Day(date=d, sessions=tuple(days[d])) for d in dates),
    )
    return ImportResult(meeting, tuple(r.warnings), "pretalx")


_Timed = tuple[datetime, timedelta | None, dict[str, Any], str]  # start, length, event, where


def _day(raw_day: Any, d_where: str, zone: ZoneInfo, r: _Reader) -> tuple[date, list[Session]]:
    """One day of the schedule: a session per room that has events."""
    day_map = r.mapping(raw_day, d_where)
    try:
        day = date.fromisoformat(r.text(day_map, "date"))
    except ValueError:
        raise r.fail(f"{d_where}.date", f"{r.text(day_map, 'date')!r} is not a date (YYYY-MM-DD)") from None
    bounds = (_moment(r.text(day_map, "day_start"), zone), _moment(r.text(day_map, "day_end"), zone))
    rooms = day_map.get("rooms") or {}
    if not isinstance(rooms, dict):
        raise r.fail(f"{d_where}.rooms", "expected an object of rooms")
    sessions = []
    for room_name, raw_events in rooms.items():
        room = " ".join(str(room_name).split()) or "Room"
        r_where = f"{d_where}.rooms[{room!r}]"
        timed = [
            _timed(raw_event, f"{r_where}[{e_index}]", day, bounds, zone, r)
            for e_index, raw_event in enumerate(r.listing(raw_events, r_where))
        ]
        if timed:
            sessions.append(_room_session(room, day, timed, r_where, r))
    return day, sessions


def _timed(
    raw_event: Any, e_where: str, day: date, bounds: tuple[datetime | None, datetime | None], zone: ZoneInfo, r: _Reader
) -> _Timed:
    event = r.mapping(raw_event, e_where)
    stamp, clock = r.text(event, "date"), r.text(event, "start")
    starts_at, disagreed = local_start(stamp, clock, day, bounds, zone)
    if starts_at is None:
        raise r.fail(f"{e_where}.start", f"{clock!r} is not a time (HH:MM)")
    if disagreed and not r.stamps_disagree:  # said once: a schedule that disagrees does so throughout
        r.stamps_disagree = True
        r.warn(e_where, f"date {stamp} and start {clock} disagree; the local start is used")
    length_text = r.text(event, "duration")
    length = duration(length_text) if length_text else None
    if length is None and length_text:
        raise r.fail(f"{e_where}.duration", f"{length_text!r} is not HH:MM")
    return starts_at, length, event, e_where


def _room_session(room: str, day: date, timed: list[_Timed], r_where: str, r: _Reader) -> Session:
    """A room's events of a day, in order, as one session; an event without a length runs
    until the next."""
    timed.sort(key=lambda t: t[0])
    spans = until_next([(start, length) for start, length, _, _ in timed])
    if any(length is None for _, length, _, _ in timed):
        r.warn(r_where, "events without a duration; each runs until the next")
    items = tuple(
        _item(e, n, s, f, r, w)
        for n, ((s, f), (_, _, e, w)) in enumerate(zip(spans, timed, strict=True), start=1)
    )
    return room_session(room, day, spans, items)


def _stated_dates(conference: dict[str, Any], start: date, end: date, r: _Reader) -> tuple[date, date]:
    """The conference's stated start and end widen the days its events cover."""
    return widen_to_stated(start, end, r.text(conference, "start"), r.text(conference, "end"))


__all__ = ["parse", "sniff"]
