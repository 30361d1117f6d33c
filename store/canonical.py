"""agendabot's own agenda format, as plain dicts (YAML and JSON are just encodings).

The same dict is the snapshot kept with every Revision, so an export, an
import and a rollback all speak one format, and ``from_dict(to_dict(m)) == m``.
Times are written "HH:MM" on the day they are listed under, or as full ISO
8601 with offset when they fall on another date (after midnight).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from store.values import (
    DEFAULT_REMINDER_LEAD_MINUTES,
    AgendaImportError,
    Day,
    Document,
    Item,
    ItemKind,
    Meeting,
    Person,
    Role,
    Session,
)

FORMAT_VERSION = 1
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _people_list(people: tuple[Person, ...]) -> list[dict[str, str]]:
    out = []
    for person in people:
        entry = {"name": person.name, "role": str(person.role)}
        if person.affiliation:
            entry["affiliation"] = person.affiliation
        out.append(entry)
    return out


def to_dict(meeting: Meeting) -> dict[str, Any]:
    zone = ZoneInfo(meeting.timezone)

    def when(value: datetime | None, day: date) -> str | None:
        if value is None:
            return None
        local = value.astimezone(zone)
        if local.date() == day:
            return local.strftime("%H:%M")
        return local.isoformat()

    def item_dict(item: Item, day: date) -> dict[str, Any]:
        out: dict[str, Any] = {"number": item.number, "title": item.title, "kind": str(item.kind)}
        if item.sub_points:
            out["sub_points"] = list(item.sub_points)
        if item.starts_at:
            out["start"] = when(item.starts_at, day)
        if item.ends_at:
            out["end"] = when(item.ends_at, day)
        if item.continues:
            out["continues"] = item.continues
        if item.room:
            out["room"] = item.room
        if item.people:
            out["people"] = _people_list(item.people)
        if item.description:
            out["description"] = item.description
        return out

    def session_dict(session: Session) -> dict[str, Any]:
        out: dict[str, Any] = {"title": session.title}
        if session.starts_at:
            out["start"] = when(session.starts_at, session.day)
        if session.ends_at:
            out["end"] = when(session.ends_at, session.day)
        if session.room:
            out["room"] = session.room
        if session.uid:
            out["uid"] = session.uid
        if session.people:
            out["people"] = _people_list(session.people)
        out["items"] = [item_dict(i, session.day) for i in session.items]
        return out

    def document_dict(doc: Document) -> dict[str, Any]:
        out: dict[str, Any] = {"title": doc.title}
        for key, value in (
            ("symbol", doc.symbol),
            ("category", doc.category),
            ("url", doc.url),
            ("item", doc.item),
            ("body", doc.body),
        ):
            if value:
                out[key] = value
        return out

    return {
        "agendabot": FORMAT_VERSION,
        "meeting": {
            "slug": meeting.slug,
            "title": meeting.title,
            "venue": meeting.venue,
            "organizer": meeting.organizer,
            "timezone": meeting.timezone,
            "start_date": meeting.start_date.isoformat(),
            "end_date": meeting.end_date.isoformat(),
            "overview": meeting.overview,
            "reminder_lead_minutes": meeting.reminder_lead_minutes,
            **({"people": _people_list(meeting.people)} if meeting.people else {}),
        },
        "days": [
            {"date": d.date.isoformat(), "sessions": [session_dict(s) for s in d.sessions]}
            for d in meeting.days
        ],
        "documents": [document_dict(d) for d in meeting.documents],
    }


def _shown(value: Any) -> str:
    """A value as an error message quotes it: never more than a line, whatever was given."""
    text = repr(value) if isinstance(value, str | int | float | date) else type(value).__name__
    return text if len(text) <= 60 else text[:57] + "..."


class _Reader:
    """Reads one dict, naming the path of whatever is wrong (``days[1].sessions[0].start``)."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> AgendaImportError:
        return AgendaImportError(f"{where}: {message}", path=self.source)

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "expected a mapping")
        return value

    def listing(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where, "expected a list")
        return value

    def texts(self, value: Any, where: str) -> tuple[str, ...]:
        """A list of short texts (sub-points, speakers); numbers are read as text."""
        out = []
        for index, entry in enumerate(self.listing(value, where)):
            if isinstance(entry, int | float) and not isinstance(entry, bool):
                entry = str(entry)
            if not isinstance(entry, str):
                raise self.fail(f"{where}[{index}]", "expected text")
            out.append(entry)
        return tuple(out)

    def text(self, data: dict[str, Any], key: str, where: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                raise self.fail(f"{where}.{key}", "is required")
            return ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)  # an item numbered 4 in YAML arrives as an int
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", "expected text")
        return value

    def people(self, data: dict[str, Any], where: str, speakers: Any = None) -> tuple[Person, ...]:
        """``people: [{name, role, affiliation}]``; a bare name is a speaker. ``speakers``
        (an item's list of names before people had roles) reads as speakers after them."""
        found: list[Person] = []
        for index, raw in enumerate(self.listing(data.get("people"), f"{where}.people")):
            p_where = f"{where}.people[{index}]"
            if isinstance(raw, str) and raw.strip():
                found.append(Person(raw.strip()))
                continue
            entry = self.mapping(raw, p_where)
            unknown = set(entry) - {"name", "role", "affiliation"}
            if unknown:
                raise self.fail(p_where, f"unknown key {sorted(unknown)[0]!r} (a person has name, role, affiliation)")
            role_name = self.text(entry, "role", p_where) or Role.SPEAKER.value
            try:
                role = Role(role_name.strip().casefold())
            except ValueError:
                allowed = ", ".join(r.value for r in Role)
                raise self.fail(f"{p_where}.role", f"{role_name!r} is not one of {allowed}") from None
            found.append(
                Person(
                    name=self.text(entry, "name", p_where, required=True).strip(),
                    role=role,
                    affiliation=self.text(entry, "affiliation", p_where).strip(),
                )
            )
        for index, name in enumerate(self.listing(speakers, f"{where}.speakers")):
            if not isinstance(name, str):
                raise self.fail(f"{where}.speakers[{index}]", "expected text")
            if name.strip():
                found.append(Person(name.strip()))
        return tuple(found)

    def day(self, value: Any, where: str) -> date:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(where, f"{_shown(value)} is not a date (YYYY-MM-DD)") from None

    def moment(self, value: Any, day: date, zone: ZoneInfo, where: str) -> datetime | None:
        if value is None or value == "":
            return None
        if isinstance(value, int):  # YAML 1.1 reads 10:00 unquoted as sexagesimal 600
            value = f"{value // 60:02d}:{value % 60:02d}"
        if isinstance(value, date) and not isinstance(value, datetime):
            value = value.isoformat()  # an unquoted YAML date: midnight, as before
        if isinstance(value, datetime):
            parsed = value
        elif not isinstance(value, str):
            raise self.fail(where, f"{_shown(value)} is not a time (HH:MM or ISO 8601)")
        else:
            text = value.strip()
            m = _HHMM.match(text)
            if m:
                return datetime.combine(day, time(int(m.group(1)), int(m.group(2))), zone)
            try:
                parsed = datetime.fromisoformat(text)
            except ValueError:
                raise self.fail(where, f"{_shown(value)} is not a time (HH:MM or ISO 8601)") from None
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=zone)
        return parsed.astimezone(zone)


def from_dict(data: Any, source: str = "") -> Meeting:
    """Build a Meeting from the canonical dict; AgendaImportError names what is wrong."""
    r = _Reader(source)
    root = r.mapping(data, "document")
    version = root.get("agendabot", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise r.fail("agendabot", f"format version {_shown(version)} is not supported")
    meta = r.mapping(root.get("meeting"), "meeting")
    tz_name = r.text(meta, "timezone", "meeting", required=True)
    try:
        zone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise r.fail("meeting.timezone", f"{_shown(tz_name)} is not an IANA time zone") from None

    days: list[Day] = []
    for d_index, raw_day in enumerate(r.listing(root.get("days"), "days")):
        d_where = f"days[{d_index}]"
        day_map = r.mapping(raw_day, d_where)
        day = r.day(day_map.get("date"), f"{d_where}.date")
        sessions: list[Session] = []
        for s_index, raw_session in enumerate(
            r.listing(day_map.get("sessions"), f"{d_where}.sessions")
        ):
            s_where = f"{d_where}.sessions[{s_index}]"
            s_map = r.mapping(raw_session, s_where)
            items: list[Item] = []
            for i_index, raw_item in enumerate(r.listing(s_map.get("items"), f"{s_where}.items")):
                i_where = f"{s_where}.items[{i_index}]"
                i_map = r.mapping(raw_item, i_where)
                kind_name = r.text(i_map, "kind", i_where) or ItemKind.OTHER.value
                try:
                    kind = ItemKind(kind_name)
                except ValueError:
                    allowed = ", ".join(k.value for k in ItemKind)
                    raise r.fail(f"{i_where}.kind", f"{_shown(kind_name)} is not one of {allowed}") from None
                items.append(
                    Item(
                        title=r.text(i_map, "title", i_where, required=True),
                        number=r.text(i_map, "number", i_where),
                        ordinal=len(items) + 1,
                        kind=kind,
                        sub_points=r.texts(i_map.get("sub_points"), f"{i_where}.sub_points"),
                        starts_at=r.moment(i_map.get("start"), day, zone, f"{i_where}.start"),
                        ends_at=r.moment(i_map.get("end"), day, zone, f"{i_where}.end"),
                        continues=r.text(i_map, "continues", i_where) or None,
                        description=r.text(i_map, "description", i_where),
                        room=r.text(i_map, "room", i_where),
                        people=r.people(i_map, i_where, i_map.get("speakers")),
                    )
                )
            starts = r.moment(s_map.get("start"), day, zone, f"{s_where}.start")
            ends = r.moment(s_map.get("end"), day, zone, f"{s_where}.end")
            if starts and ends and ends < starts:
                raise r.fail(f"{s_where}.end", "the session ends before it starts")
            sessions.append(
                Session(
                    title=r.text(s_map, "title", s_where, required=True),
                    day=day,
                    starts_at=starts,
                    ends_at=ends,
                    room=r.text(s_map, "room", s_where),
                    items=tuple(items),
                    people=r.people(s_map, s_where),
                    uid=r.text(s_map, "uid", s_where),
                )
            )
        days.append(Day(date=day, sessions=tuple(sessions)))

    documents = []
    for index, raw_doc in enumerate(r.listing(root.get("documents"), "documents")):
        where = f"documents[{index}]"
        doc = r.mapping(raw_doc, where)
        documents.append(
            Document(
                title=r.text(doc, "title", where, required=True),
                symbol=r.text(doc, "symbol", where),
                category=r.text(doc, "category", where) or "document",
                url=r.text(doc, "url", where),
                body=r.text(doc, "body", where),
                item=r.text(doc, "item", where),
            )
        )

    dates = [d.date for d in days]
    start = meta.get("start_date") or (min(dates) if dates else None)
    end = meta.get("end_date") or (max(dates) if dates else start)
    if start is None:
        raise r.fail("meeting.start_date", "is required when there are no days")
    lead = meta.get("reminder_lead_minutes", DEFAULT_REMINDER_LEAD_MINUTES)
    if not isinstance(lead, int) or isinstance(lead, bool) or lead < 0:
        raise r.fail("meeting.reminder_lead_minutes", "expected a whole number of minutes")
    return Meeting(
        slug=r.text(meta, "slug", "meeting", required=True),
        title=r.text(meta, "title", "meeting", required=True),
        venue=r.text(meta, "venue", "meeting"),
        organizer=r.text(meta, "organizer", "meeting"),
        timezone=tz_name,
        start_date=r.day(start, "meeting.start_date"),
        end_date=r.day(end, "meeting.end_date"),
        overview=r.text(meta, "overview", "meeting"),
        days=tuple(days),
        documents=tuple(documents),
        reminder_lead_minutes=lead,
        people=r.people(meta, "meeting"),
    )
