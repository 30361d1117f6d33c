"""Programmes whose talks are named by their speakers only ("1:00 PM" then "Tomás
Canul Pech"): when many rows of a page are nothing but people's names, each of
those rows is a talk by them, and they are its speakers. Likewise when many rows
end with " - " and a bare name ("Welcome and introductions - Dana Kessler")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from store.importers.text.people import NOT_A_NAME, TOPIC_NOUN
from store.values import Person, Role

if TYPE_CHECKING:
    from store.importers.text.assemble import PageReader
    from store.importers.text.drafts import SessionDraft

_PARTICLES = frozenset("de del della da das do dos di du van von der den la le el al bin ibn y".split())
_WORD = re.compile(r"[A-Z\u00c0-\u00de][^\W\d_]*(?:['\u2019-][A-Z\u00c0-\u00de]?[^\W\d_]+)*")
_JOINED = re.compile(r"\s+(?:y|and|et|&)\s+|\s*,\s*")
# Enough rows of one page for the layout to be sure, and a fair share of its rows.
_AT_LEAST, _SHARE = 4, 3
_DASHED_AT_LEAST = 3


def _name(text: str) -> str | None:
    words = text.split()
    if not 2 <= len(words) <= 5 or text.isupper() or NOT_A_NAME.search(text):
        return None
    capitalised = [w for w in words if w.casefold() not in _PARTICLES]
    if len(capitalised) < 2 or not all(_WORD.fullmatch(w) for w in capitalised):
        return None
    return text


def _names(title: str) -> list[str] | None:
    parts = [p.strip() for p in _JOINED.split(title.strip()) if p.strip()]
    names = [_name(p) for p in parts]
    return [n for n in names if n] if parts and all(names) else None


# 'Conferencia: "Construir paz ... retos" Camilo Restrepo, invitado nacional': a
# talk in quotation marks, then who gives it.
_AFTER_QUOTE = re.compile(r"(.*\S[\"\u201d\u00bb])\s+([^\"\u201c\u201d\u00ab\u00bb]{4,160})")


def speaker_after_quote(title: str) -> tuple[str, tuple[Person, ...]]:
    """The quoted talk as the title and the name after it as its speaker, with the
    affiliation after a comma when it is one (not "invitado nacional")."""
    m = _AFTER_QUOTE.fullmatch(title.strip())
    if m is None:
        return title, ()
    name, _, after = m.group(2).partition(",")
    if _name(name.strip()) is None:
        return title, ()
    affiliation = after.strip() if after.strip()[:1].isupper() else ""
    return m.group(1), (Person(name.strip(), Role.SPEAKER, affiliation),)


# "Welcome and introductions - Dana Kessler": a sentence-like title (a lower-case
# word in it, so no "Panel 2 - Open Data" label) and a name after a spaced dash.
_DASH_NAME = re.compile(r"(.*?[a-z].*?)\s+[-\u2013\u2014]\s+([^-\u2013\u2014]+)")


def speakers_after_dashes(page: PageReader) -> None:
    rows = []
    for day in page.days:
        for session in day.sessions:
            m = _DASH_NAME.fullmatch(session.title) if session.implicit else None
            name = _name(m.group(2).strip()) if m and not session.people else None
            if m and name and not TOPIC_NOUN.search(name):
                rows.append((session, m.group(1).strip(), name))
    if len(rows) < _DASHED_AT_LEAST:
        return
    for session, title, name in rows:
        person = Person(name, Role.SPEAKER)
        for item in session.items[:1]:
            if item.title == session.title:
                item.title = title
                item.people.append(person)
        session.title = title
        session.people.append(person)


def speakers_naming_rows(page: PageReader) -> None:
    rows: list[tuple[SessionDraft, list[str]]] = []
    total = 0
    for day in page.days:
        for session in day.sessions:
            if not session.implicit or session.starts is None:
                continue
            total += 1
            names = _names(session.title) if not session.people else None
            if names:
                rows.append((session, names))
    if len(rows) < _AT_LEAST or len(rows) * _SHARE < total:
        return
    for session, names in rows:
        people = [Person(name, Role.SPEAKER) for name in names]
        session.people.extend(people)
        for item in session.items[:1]:
            if item.title == session.title and not item.people:
                item.people.extend(people)
