"""Rooms and places as data: "Room XIX", "Malaysia Room (B-227)", "Saal 1", a room
at the end of a title, a room inside a sentence, a line that only names a place."""

from __future__ import annotations

import re

_ROOM = re.compile(
    r"(?i:(?:conference |meeting )?room|salle|sala|saal|raum|hall)\s+[A-Z0-9][\w.-]{0,8}(?:\s*\([^()]{1,20}\))?"
    r"|(?:[A-Z][\w'-]+\s){1,3}(?:Rooms?|Ballroom|Hall|Chambers?|Auditorium|Lounge|Theatre|Theater"
    r"|ROOM|HALL|CHAMBERS?|AUDITORIUM)"
    r"(?:,?\s+[A-Z0-9][\w.-]{0,6})?(?:\s*\([^()]{1,20}\))?"
    r"|ECOSOC Chamber|General Assembly Hall|Plenary Hall",
)
_ROOM_LABEL = re.compile(r"(?:room|venue|location|place|where)\s*:\s*(.+)", re.IGNORECASE)


def parse_room(text: str) -> str | None:
    """A line that is only a room: "Room XIX", "Malaysia Room (B-227)", "Saal 1", "Room: 4"."""
    label = _ROOM_LABEL.fullmatch(text)
    if label and (text[:4].lower() == "room" or _ROOM.fullmatch(label.group(1).strip())):
        return label.group(1).strip()
    inner = text.strip(" ,;")
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1].strip()  # "(Malaysia Room, B-227)" under a session's title
    m = _ROOM.fullmatch(inner)
    return m.group(0) if m else None


# A line that only says where: "At the Town Hall", "A l'Hotel de Ville de Dakar",
# "Parc forestier de Hann", "Venue: Conference Centre". Prepositions and place
# nouns in English, French and Spanish.
_PLACE_LINE = re.compile(
    r"(?:(?:at|in|venue|location|lieu|lugar|sede)\s*:?|[a\u00e0]u?x?|en)\s+(?:the\s+|l'|la\s+|le\s+|el\s+)?"
    r"(?=[^\W\d_])"
    r"|(?:hotel|h\u00f4tel|parc|park|parque|centre|center|centro|palais|palacio|museum|mus\u00e9e|museo"
    r"|biblioth\u00e8que|biblioteca|library|university|universit\u00e9|universidad|campus|auditorium"
    r"|auditorio|conference cent(?:re|er)|stadium|stade|estadio)\b",
    re.IGNORECASE,
)


def parse_place_line(text: str) -> str | None:
    """The place a short line names on its own ("A l'Hotel de Ville de Dakar"), else None."""
    words = text.split()
    if not 2 <= len(words) <= 10 or text.rstrip()[-1:] in ".:;!?" or not text[:1].isupper():
        return None
    return text.strip() if _PLACE_LINE.match(text) else None


_IN_ROOM = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(?=[A-Z]|(?:room|salle|sala)\s+[A-Z0-9])")


def find_room(sentence: str) -> str | None:
    """The room a sentence says something happens in ("meets ... in Room XI
    (Fontenoy building), from 10 a.m."); a bracket after it in prose is an aside."""
    for m in _IN_ROOM.finditer(sentence):
        room = _ROOM.match(sentence, m.end())
        if room:
            found = re.sub(r"\s*\([^()]*\)$", "", room.group(0)).rstrip(".")
            return found[:1].upper() + found[1:]  # "in room XXVI": the room's name is "Room XXVI"
    return None


_TRAILING_ROOM = re.compile(
    r"\s*(?:[,;|(\[]|\s[-\u2013\u2014])\s*(" + _ROOM.pattern + r")\s*[)\]]?\s*$"
)


def split_room(title: str) -> tuple[str, str]:
    """ "Morning session, Room XIX" -> ("Morning session", "Room XIX")."""
    offset = max(0, len(title) - 80)
    m = _TRAILING_ROOM.search(title, offset) or _NUMBERED_ROOM_END.search(title, offset)
    if not m or m.start() == 0:
        return title, ""
    # "(In Breakout Rooms)": the room is "Breakout Rooms"
    return title[: m.start()].rstrip(" ,;|-\u2013\u2014("), _IN_THE.sub("", m.group(1))


_IN_THE = re.compile(r"^(?:In|At)\s+(?:the\s+)?")
_BRACKETED_END = re.compile(r"\(([^()]{3,80})\)?\s*$")


def day_room(rest: str) -> str:
    """The room or place a day header names after its date ("Thursday, June 9 (Palm
    Room, Hotel Contessa)", "Friday, June 10 - sit with your team (Ballroom A)"):
    where the day's sessions are, unless they say. A theme is no room."""
    bracket = _BRACKETED_END.search(rest)
    text = (bracket.group(1) if bracket else rest).strip(" ()")
    if _ROOM.search(text) or parse_place_line(text):
        return text
    return ""


# "Buffet Lunch NSF Room 110 Foyer": a room with a number ends a title even with no
# comma before it, as no title ends on a room number.
_NUMBERED_ROOM_END = re.compile(
    r"\s+((?:[A-Z]{2,6}\s+)?(?:Room|Hall|Salle|Sala|Saal|Raum)\s+[0-9][\w.-]{0,5}"
    r"(?:\s+(?:Foyer|Lobby|Atrium|Terrace|Annex|Entrance))?)\s*$"
)
