"""The DESCRIPTION format of agendabot's own events: written by store.exporters, read back here.

One line per item, indented lines belonging to the item above; the
session's people come first (the package docstring shows an example).
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date, datetime, time
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo

from store.importers.ics.names import Warn
from store.importers.kinds import guess_kind
from store.values import Item, ItemKind, Person, Role, Session

BULLET = "• "
_TIME = r"(?:\d{4}-\d{2}-\d{2} )?\d{1,2}:\d{2}"
_TIMED_LINE = re.compile(rf"^(?P<start>{_TIME})?(?:[–-](?P<end>{_TIME}))? (?P<rest>.*)$")



def _clock(value: datetime, day: date, zone: ZoneInfo) -> str:
    local = value.astimezone(zone)
    return local.strftime("%H:%M") if local.date() == day else local.strftime("%Y-%m-%d %H:%M")


def role_label(role: Role) -> str:
    return "Person" if role is Role.OTHER else str(role).capitalize()


_ROLE_BY_LABEL = {role_label(r).casefold(): r for r in Role}
_PERSON_LINE = re.compile(r"^(?P<role>[A-Za-z-]+): (?P<name>.+?)(?: \((?P<affiliation>[^()]*)\))?$")


def person_line(person: Person) -> str:
    return f"{role_label(person.role)}: {person.label}"


def read_person_line(line: str) -> Person | None:
    """A "Role: Name (Affiliation)" line, or None when the line is not one."""
    m = _PERSON_LINE.match(line.strip())
    role = _ROLE_BY_LABEL.get(m.group("role").casefold()) if m else None
    if m is None or role is None:
        return None
    return Person(m.group("name").strip(), role, (m.group("affiliation") or "").strip())


def people_json(people: tuple[Person, ...]) -> list[list[str]]:
    return [[p.name, str(p.role), p.affiliation] for p in people]


def people_from_json(value: object) -> tuple[Person, ...]:
    """People from ``people_json``'s lists; anything malformed is left out."""
    found = []
    for entry in value if isinstance(value, list) else ():
        if isinstance(entry, list) and len(entry) == 3 and all(isinstance(v, str) for v in entry):
            name, role, affiliation = entry
            if name.strip():
                found.append(Person(name, Role(role) if role in Role._value2member_map_ else Role.OTHER, affiliation))
    return tuple(found)


def session_details(session: Session) -> str:
    """``X-AGENDABOT-PEOPLE``: the session's people and its items' rooms and people, exactly."""
    return json.dumps(
        {
            "people": people_json(session.people),
            "items": [{"room": i.room, "people": people_json(i.people)} for i in session.items],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def items_text(session: Session, zone: ZoneInfo) -> str:
    """The session's people and items as DESCRIPTION text (see the module docstring)."""
    lines: list[str] = [person_line(p) for p in session.people]
    for item in session.items:
        when = ""
        if item.starts_at or item.ends_at:
            start = _clock(item.starts_at, session.day, zone) if item.starts_at else ""
            end = "–" + _clock(item.ends_at, session.day, zone) if item.ends_at else ""
            when = f"{start}{end} "
        label = f"{item.number}. {item.title}" if item.number else BULLET + item.title
        lines.append(when + label)
        lines.extend(f"  - {point}" for point in item.sub_points)
        if item.room:
            lines.append(f"  Room: {item.room}")
        lines.extend("  " + person_line(p) for p in item.people)
        if item.description:
            lines.extend(f"  > {line}" if line else "  >" for line in item.description.split("\n"))
    return "\n".join(lines)


def items_tags(session: Session) -> str:
    """Kinds (and continued items) of the session's items, one token per item."""
    return " ".join(
        str(i.kind) + ("/" + quote(i.continues, safe="") if i.continues else "")
        for i in session.items
    )


def _moment(token: str | None, day: date, written: ZoneInfo, zone: ZoneInfo) -> datetime | None:
    if not token:
        return None
    when_day, _, clock = token.rpartition(" ")
    hours, minutes = (int(p) for p in clock.split(":"))
    moment = datetime.combine(
        date.fromisoformat(when_day) if when_day else day, time(hours, minutes), written
    )
    return moment.astimezone(zone)


@dataclasses.dataclass
class _ItemDraft:
    """An item as its DESCRIPTION lines are read."""

    number: str = ""
    title: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    room: str = ""
    sub_points: list[str] = dataclasses.field(default_factory=list)
    description: list[str] = dataclasses.field(default_factory=list)
    people: list[Person] = dataclasses.field(default_factory=list)


def read_items(
    text: str, tags: str, day: date, zone: ZoneInfo, warn: Warn, written: ZoneInfo | None = None
) -> tuple[Item, ...]:
    """Items from DESCRIPTION text in our format; lines it cannot place become warnings.

    Times are read in ``written`` (the zone the export was made in, X-WR-TIMEZONE)
    and given in ``zone``, so importing with another --tz keeps the same instants.
    """
    written = written or zone
    drafts: list[_ItemDraft] = []
    for raw in text.split("\n"):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if not line.startswith(" "):
            if not drafts and read_person_line(line) is not None:
                continue  # the session's people, read from X-AGENDABOT-PEOPLE or ATTENDEE
            drafts.append(_item_line(line, day, written, zone, warn))
        elif not drafts:
            warn(None, f"{line.strip()!r} comes before any item; ignored")
        else:
            _detail_line(line, drafts[-1], warn)
    return _items(drafts, _kind_tokens(tags, len(drafts), warn))


def _item_line(line: str, day: date, written: ZoneInfo, zone: ZoneInfo, warn: Warn) -> _ItemDraft:
    """An item's own line: "[start][–end] IX. Title" or "[times] • Title"."""
    draft = _ItemDraft()
    rest = line
    m = _TIMED_LINE.match(line)
    if m and (m.group("start") or m.group("end")):
        try:
            draft.starts_at = _moment(m.group("start"), day, written, zone)
            draft.ends_at = _moment(m.group("end"), day, written, zone)
        except ValueError:
            warn(None, f"{line!r}: not a time; kept as the title")
        else:
            rest = m.group("rest")
    if rest.startswith(BULLET):
        draft.number, draft.title = "", rest[len(BULLET) :]
    elif ". " in rest:
        draft.number, draft.title = rest.split(". ", 1)
    else:
        draft.number, draft.title = "", rest
    return draft


def _detail_line(line: str, current: _ItemDraft, warn: Warn) -> None:
    """An indented line under an item: a sub-point, description, room or person."""
    body = line.strip()
    if line.startswith("  - "):
        current.sub_points.append(line[4:])
    elif line.startswith("  > ") or body == ">":
        current.description.append(line[4:])
    elif body.startswith("Speakers:"):  # older exports: names only
        names = body[len("Speakers:") :]
        sep = ";" if ";" in names else ","
        current.people.extend(Person(n.strip()) for n in names.split(sep) if n.strip())
    elif body.startswith("Room: "):
        current.room = body[len("Room: ") :].strip()
    elif (person := read_person_line(body)) is not None:
        current.people.append(person)
    else:
        warn(None, f"{body!r} under {current.title!r} is not a sub-point; kept in its description")
        current.description.append(body)


def _kind_tokens(tags: str, items: int, warn: Warn) -> list[str]:
    """X-AGENDABOT-ITEMS's tokens, one per item; none when they do not fit the items."""
    tokens = tags.split()
    if tokens and len(tokens) != items:
        warn(None, f"{len(tokens)} item kinds for {items} items; kinds guessed from titles")
        return []
    return tokens


def _items(drafts: list[_ItemDraft], tokens: list[str]) -> tuple[Item, ...]:
    items = []
    for ordinal, draft in enumerate(drafts, start=1):
        title = draft.title
        kind, continues = guess_kind(title), None
        if tokens:
            name, _, cont = tokens[ordinal - 1].partition("/")
            kind = ItemKind(name) if name in ItemKind._value2member_map_ else kind
            continues = unquote(cont) or None
        items.append(
            Item(
                title=title,
                number=draft.number,
                ordinal=ordinal,
                kind=kind,
                sub_points=tuple(draft.sub_points),
                starts_at=draft.starts_at,
                ends_at=draft.ends_at,
                continues=continues,
                description="\n".join(draft.description),
                room=draft.room,
                people=tuple(draft.people),
            )
        )
    return tuple(items)
