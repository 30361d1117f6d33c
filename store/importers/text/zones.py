"""The meeting's time zone and venue from the words of the page: a stated venue,
the city the dates are given with, the title, the header notes, a building or a
country named in the overview or the programme, a small town on a place line;
UTC with a warning when nothing names a place."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from store.importers.text.towns import zone_for_town
from store.importers.text.venue import dated_place, guess_venue, surest_note
from store.importers.venue_tz import zone_for_place
from store.values import ZONE_UNKNOWN, ImportWarning

if TYPE_CHECKING:
    from store.importers.text.assemble import PageReader


# A city in a sentence is trusted where the sentence says the meeting is held there.
_HELD_IN = re.compile(
    r"\b(?:held|take place|takes place|took place|meet|meets|convene|convenes|hosted)\b"
)
# The places the rest of that clause names: "on 18 and 19 June in Bensberg, near Cologne".
_PLACE_IN_CLAUSE = re.compile(
    r"\b(?:in|at|near)\s+((?:the\s+)?[A-Z][\w'\u2019-]+(?:[ ,]+[A-Z][\w'\u2019-]+){0,3})"
)


def _place_in_dates_sentence(page: PageReader) -> str | None:
    """The zone of the city or venue the sentence giving the meeting's dates names
    after "in" or "at": surer than an address among the header notes (often the
    organiser's letterhead)."""
    found = zone_for_place(dated_place(page))
    return found.zone if found is not None else None


def _held_in(text: str) -> str | None:
    """The zone of the place a sentence says the meeting is held in."""
    for held in _HELD_IN.finditer(text):
        clause = re.split(r"[.;(]", text[held.end() : held.end() + 120], maxsplit=1)[0]
        for m in _PLACE_IN_CLAUSE.finditer(clause):
            found = zone_for_place(m.group(1))
            if found is not None:
                return found.zone
    return None


def zone_name(page: PageReader, tz: str | None) -> str:
    if tz:
        return tz
    found = _zone_from_header(page) or _zone_from_programme(page)
    if found is not None:
        return found
    page.warnings.append(ImportWarning(
        None,
        "the page names no city, venue or country I know, so times are taken as UTC; "
        "give the time zone with --tz AREA/CITY (e.g. --tz Europe/Zurich) and import again",
        ZONE_UNKNOWN,
    ))
    return "UTC"


def _zone_from_header(page: PageReader) -> str | None:
    # A city in the meeting's own title ("5th PMC Meeting, Tallinn") says where it
    # is held more surely than an address among the header notes, which is often
    # the organiser's; a stated venue says it more surely still.
    titled = zone_for_place(page.title) if page.title else None
    dated = _place_in_dates_sentence(page)
    if dated is not None and not page.venue:
        return dated
    for place in (page.venue, surest_note(page)):
        found = zone_for_place(place) if place else None
        if found and not (titled and titled.kind == "city" and found.kind != "venue"):
            return found.zone
    return titled.zone if titled else None


def _zone_from_programme(page: PageReader) -> str | None:
    # No place in the header: a country or a building named anywhere in the
    # programme ("opened by the Government of the Philippines"). Cities are not
    # trusted there: "Ramon" in a speaker's name is a city too.
    for paragraph in page.overview:  # "took place in the Palais des Nations": a building
        found = zone_for_place(" ".join(paragraph)[:2000])
        if found is not None and found.kind == "venue":
            return found.zone
    for paragraph in page.overview:  # "will take place in Rome": where it is held
        held = _held_in(" ".join(paragraph)[:2000])
        if held is not None:
            return held
    named = _zone_named_in_sessions(page)
    if named is not None:
        return named
    # A building a sentence puts the meeting in ("in person at the ... Centre in Bangkok").
    found = zone_for_place(guess_venue(page))
    if found is not None and found.kind != "country":
        return found.zone
    return _town_in_place_lines(page)


def _zone_named_in_sessions(page: PageReader) -> str | None:
    for day in page.days:
        for session in day.sessions:
            for text in (session.title, session.room, *(i.title for i in session.items)):
                found = zone_for_place(text)
                if found is not None and found.kind != "city":
                    page.warn(
                        session.line,
                        f"the time zone {found.zone} comes from '{found.place}' named on this line; "
                        "if that is not where the meeting sits, import again with --tz AREA/CITY",
                    )
                    return found.zone
    return None


def _town_in_place_lines(page: PageReader) -> str | None:
    """A small town named by a line that only says where ("A l'ISPAIA - Zoopole
    Ploufragan"), or by a short header note: the last resort before UTC."""
    rooms = [s.room for d in page.days for s in d.sessions if s.room]
    for text in (page.venue, *page.header_notes, *rooms):
        found = zone_for_town(text) if text else None
        if found is not None:
            page.warn(
                page.dates_line or None,
                f"the time zone {found.zone} comes from the town '{found.place}'; "
                "if that is not where the meeting sits, import again with --tz AREA/CITY",
            )
            return found.zone
    return None


# A cell or column boundary after a date: "MONTREAL, CANADA, 23-27 APRIL 2012 / Doc. 2.2".
_CELL_BREAK = re.compile(r"\s(?:/|\|)\s|\s{3,}")


def place_beside_date(before: str, after: str) -> str:
    """The place written with the meeting's dates: the text around the date up to
    a cell boundary, when it holds no figures (a symbol or a page number is no place)."""
    after = _CELL_BREAK.split(after, maxsplit=1)[0]
    before = _CELL_BREAK.split(before)[-1]
    place = " ".join(f"{before} {after}".split()).strip(" ,;:-\u2013\u2014()")
    return place if place and not any(ch.isdigit() for ch in place) else ""
