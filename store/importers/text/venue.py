"""The meeting's venue when no line is labelled with it: a header line naming a
place, else the building a sentence puts the meeting in ("took place in the
Palais des Nations", "in person at the UN Conference Centre in Bangkok"), else
the city of the title. Never a heading or a label: a page that names no place
has no venue."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from store.importers.text.problems import PatternError
from store.importers.text.rooms import parse_place_line
from store.importers.text.towns import zone_for_town
from store.importers.venue_tz import strength, zone_for_place

if TYPE_CHECKING:
    from store.importers.text.assemble import PageReader
    from store.importers.text.tokens import Token

_NAME_WORD = r"(?:[A-Z\u00c0-\u00de][\w'\u2019.-]*|of|de|du|des|da|la|le|del|and|&)(?![\w'])"
# "in the Palais des Nations", "at the UN Conference Centre": a capitalised name after
# "in" or "at", up to a comma, a lower-case word or the end of the clause.
_AT_NAME = re.compile(
    rf"\b(?:in|at|au|à|en)\s+(?:the\s+|l'|la\s+|le\s+|el\s+)?({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,7}})"
)
# Words that make a name a building or a site, in the languages pages come in.
_BUILDING = re.compile(
    r"\b(?:Cent(?:re|er|ro)|Hall|Palais|Palace|Palacio|Building|Headquarters|Chamber"
    r"|House|Hotel|H[oô]tel|Campus|Library|Biblioteca|Biblioth[eè]que|Museum|Museo|Mus[ée]e"
    r"|Auditorium|Auditorio|Pavilion|Theat(?:re|er)|Teatro|Th[ée][âa]tre|Universi\w+"
    r"|Faculty|Facult[ée]|Facultad|College|Institute|Institut)\b"
)
_TRAILING = re.compile(r"(?:\s+(?:of|de|du|des|da|la|le|del|and|&))+$")
# "... Centre in Bangkok": the city the building stands in, written after it.
_CITY_AFTER = re.compile(r"\s*(?:,|\bin\b)\s*([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})")


# "Kenya Internet Governance Forum", "Programa Día del Patrimonio Cultural de Chile":
# an event's name with its country in it says which clock, not where it is held.
_EVENT_NAME = re.compile(
    r"\b(?:Forum|Conference|Summit|Meeting|Congress|Symposium|Festival|Week|Programa?|Programme"
    r"|D[ií]a|Day|Journ[ée]e|Jornadas?|Foro|Congreso|Semana)\b"
)


def surest_note(page: PageReader, *, as_venue: bool = False) -> str:
    """The short line under the title with the surest place, or "".

    A line naming a city ("Addis Ababa, Ethiopia") wins over an earlier one
    naming only a generic room ("Small Conference Room 2") or a country; among
    equals the first wins. As the venue, an event's name naming only its
    country is none.
    """
    ranked = [
        (strength(found), index, note)
        for index, note in enumerate(page.header_notes)
        if (found := zone_for_place(note)) is not None
        and not (as_venue and found.kind == "country" and _EVENT_NAME.search(note))
    ]
    return min(ranked)[2] if ranked else ""


# "... meets for its 110th Assembly in Mexico City (Mexico) from 15 to 23 April":
# the place the sentence stating the meeting's dates puts it in.
_IN_PLACE = re.compile(r"\b(?:in|at)\s+((?:the\s+)?[A-Z][\w'\u2019-]+(?:[ ,]+[A-Z][\w'\u2019-]+){0,3})")


def dated_place(page: PageReader) -> str:
    """The city or building the sentence giving the meeting's dates names after
    "in" or "at", as written, or ""."""
    for m in _IN_PLACE.finditer(page.dates_sentence[:1000]):
        found = zone_for_place(m.group(1))
        if found is not None and found.kind in ("city", "venue"):
            return m.group(1)
    return ""


def guess_venue(page: PageReader) -> str:
    # A building the header's sentences put the meeting in says more than a banner
    # naming the city; a building named further down only counts when no header
    # line names a place at all.
    header = [*page.header_notes, page.dates_sentence, *(" ".join(p) for p in page.overview)]
    for text in header:
        building = _building_in(text)
        if building:
            return building
    titled = _title_city_over_notes(page)
    if titled:
        return titled
    # The place the dates are given with beats a letterhead among the notes.
    note = dated_place(page) or surest_note(page, as_venue=True)
    if note:
        return note
    for note in page.header_notes:  # "Coordination Workshop, 18.-19.06.2007, Bensberg"
        town = zone_for_town(note)
        if town is not None and not town.place.isupper():  # "ANNEX 1" is a heading
            return town.place
    for token in page.lines:
        building = _building_in(token.text) if token.text else ""
        if building:
            return building
    return (
        _building_of_a_room(page)
        or _place_line_above_programme(page)
        or _place_in_title(page.title or "")
        or _place_after_comma(page.header_notes)
    )


_LEADING_AT = re.compile(r"^(?:at|in|au|aux|à|a|en)\s+(?:the\s+|l'|l\u2019|la\s+|le\s+|el\s+)?", re.I)


def _place_line_above_programme(page: PageReader) -> str:
    """ "À l'ISPAIA - Zoopôle Ploufragan" above the programme: a line that only says
    where, without its preposition."""
    for token in page.lines:
        if _timed(token):
            break  # the programme's rows have begun
        if token.text and _LEADING_AT.match(token.text) and parse_place_line(token.text):
            return _LEADING_AT.sub("", token.text).strip()
    return ""


def _timed(token: Token) -> bool:
    try:
        return token.time is not None
    except PatternError:  # "25:00 ...": a time by its shape, so a row all the same
        return True


def _building_of_a_room(page: PageReader) -> str:
    """ "Thursday, June 9 (Palm Room, Hotel Contessa)": a room named with the
    building it is in gives the building."""
    rooms = [d.room for d in page.days] + [s.room for d in page.days for s in d.sessions]
    for room in filter(None, rooms):
        for part in room.split(",")[1:]:
            if _BUILDING.search(part):
                return part.strip()
    return ""


def _place_after_comma(notes: list[str]) -> str:
    """ "Coordination Workshop, 18.-19.06.2007, Bensberg" (its date read off): a
    header line's last part after a comma is where, for a place too small for
    the gazetteer; a line with no comma is a heading, not a place."""
    for note in notes:
        pieces = [p.strip() for p in note.split(",") if p.strip()]
        if len(pieces) > 1 and ":" not in note and pieces[-1][:1].isupper():
            return pieces[-1]
    return ""


_TITLE_PARTS = re.compile(r"\s+[-\u2013\u2014|\u00bb>:]\s+")


def _place_in_title(title: str) -> str:
    """ "IAPNM 2024 - Universidade da Beira Interior, Covilhã, Portugal": the city the
    title names, with the building written before it when there is one."""
    found = zone_for_place(title)
    if found is None or found.kind != "city":
        return ""
    part = next((p for p in _TITLE_PARTS.split(title) if found.place in p), "")
    pieces = [p.strip() for p in part.split(",")]
    at = next((i for i, p in enumerate(pieces) if found.place in p), 0)
    if at > 0 and _BUILDING.search(pieces[at - 1]):
        return ", ".join(pieces[at - 1:])
    return found.place


def _title_city_over_notes(page: PageReader) -> str:
    """ "Events » Project meetings » 5th PMC Meeting, Tallinn": a title that ends
    with a city after a comma says where this meeting is. Header lines naming only
    other cities are an organiser's address or a form left over from an earlier
    meeting, so the title's city is the venue; "" when a note names that city too
    (the note, more precise, is read as usual) or names no city at all."""
    last = _TITLE_PARTS.split(page.title or "")[-1]
    _head, comma, tail = last.rpartition(",")
    titled = zone_for_place(tail) if comma else None
    if titled is None or titled.kind != "city":
        return ""
    cities = [f.place for n in page.header_notes if (f := zone_for_place(n)) and f.kind == "city"]
    if not cities or titled.place in cities:
        return ""
    return titled.place


def _building_in(text: str) -> str:
    """The first building or site a sentence puts something "in" or "at", with the
    city written after it when there is one: "UN Conference Centre, Bangkok"."""
    for m in _AT_NAME.finditer(text[:2000]):
        name = _TRAILING.sub("", m.group(1).rstrip(".,;:"))
        if not _BUILDING.search(name):
            continue
        city = _CITY_AFTER.match(text, m.start(1) + len(name))
        found = zone_for_place(city.group(1)) if city else None
        if city and found is not None and found.kind == "city":
            return f"{name}, {city.group(1)}"
        return name
    return ""
