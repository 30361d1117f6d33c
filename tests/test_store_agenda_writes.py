"""A new revision writes only the rows that changed, and still stores exactly the new agenda."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session as DBSession

from store import models
from store.agenda import load_meeting, rollback, save_meeting
from store.search import search
from store.values import Day, Item, Meeting, Person, Role, Session
from tests.conference import thousands
from tests.helpers import sample_meeting

AGENDA_TABLES = ("days", "sessions", "agenda_items", "people")


@contextmanager
def statements(db: DBSession) -> Iterator[list[str]]:
    """Every statement sent to the database meanwhile (an executemany counts once)."""
    seen: list[str] = []
    engine = db.get_bind()

    def record(_conn, _cursor, statement: str, _params, _context, _many) -> None:  # noqa: ANN001
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def writes_to_the_agenda(seen: list[str]) -> list[str]:
    return [s for s in seen if s.split()[0] in ("INSERT", "UPDATE", "DELETE")
            and any(f" {t} " in f" {s} " or f" {t}(" in s for t in AGENDA_TABLES)]


def replace_session(meeting: Meeting, day: int, session: int, **changes: object) -> Meeting:
    days = list(meeting.days)
    sessions = list(days[day].sessions)
    sessions[session] = dataclasses.replace(sessions[session], **changes)
    days[day] = dataclasses.replace(days[day], sessions=tuple(sessions))
    return dataclasses.replace(meeting, days=tuple(days))


def replace_items(meeting: Meeting, day: int, session: int, edit: Callable[[list[Item]], None]) -> Meeting:
    items = list(meeting.days[day].sessions[session].items)
    edit(items)
    # Numbered in order, as the importers number them.
    return replace_session(meeting, day, session,
                           items=tuple(dataclasses.replace(i, ordinal=n) for n, i in enumerate(items, start=1)))


def item_ids(db: DBSession) -> dict[str, int]:
    return {number: id_ for id_, number in db.execute(select(models.AgendaItem.id, models.AgendaItem.number))}


def test_moving_one_session_of_a_thousand_items_writes_a_few_statements(db):
    meeting = thousands(1000)
    save_meeting(db, meeting)
    db.commit()
    moved = replace_session(meeting, 2, 1, starts_at=meeting.days[2].sessions[1].starts_at + timedelta(minutes=30))
    with statements(db) as seen:
        outcome = save_meeting(db, moved, author="ana", source="edit")
    assert outcome.revision == 2
    assert writes_to_the_agenda(seen) == [
        next(s for s in seen if s.startswith("UPDATE sessions"))]
    assert len(seen) <= 20, seen  # reads, the session, the meeting row, the revision: not one per item
    db.commit()
    assert load_meeting(db, meeting.slug) == moved


def test_retitling_one_item_updates_that_item_and_its_search_entry(db):
    meeting = thousands(1000)
    save_meeting(db, meeting)
    before = item_ids(db)

    def retitle(items: list[Item]) -> None:
        items[3] = dataclasses.replace(items[3], title="Quarterly lighthouse maintenance")

    edited = replace_items(meeting, 1, 4, retitle)
    with statements(db) as seen:
        save_meeting(db, edited)
    assert [s.split()[:2] for s in writes_to_the_agenda(seen)] == [["UPDATE", "agenda_items"]]
    assert item_ids(db) == before  # every row kept its id
    assert load_meeting(db, meeting.slug) == edited
    hits = search(db, "lighthouse", meeting_slug=meeting.slug)
    assert [h.ref for h in hits if h.kind == "item"] == [meeting.days[1].sessions[4].items[3].number]


def test_the_statements_do_not_grow_with_the_agenda(db):
    counts = []
    for size in (300, 1200):
        meeting = dataclasses.replace(thousands(size), slug=f"assembly-{size}")
        save_meeting(db, meeting)
        moved = replace_session(meeting, 0, 0, title="Opening plenary")
        with statements(db) as seen:
            save_meeting(db, moved)
        counts.append(len(seen))
    assert counts[0] == counts[1]


def _add_item_mid_session(m: Meeting) -> Meeting:
    return replace_items(m, 0, 0, lambda items: items.insert(1, Item(title="Late addition", number="Z")))


def _drop_first_item(m: Meeting) -> Meeting:
    return replace_items(m, 1, 1, lambda items: items.pop(0))


def _new_people(m: Meeting) -> Meeting:
    def speakers(items: list[Item]) -> None:
        items[0] = dataclasses.replace(items[0], people=(Person("Nadia Sow", Role.CHAIR, "UNFPA"),))
        items[1] = dataclasses.replace(items[1], people=())

    with_chair = dataclasses.replace(m, people=(Person("Ola Berg", Role.CHAIR),))
    return replace_items(with_chair, 0, 1, speakers)


def _swap_sessions(m: Meeting) -> Meeting:
    """The first day's two sessions change places (the second day's hold a continuation, which
    must follow what it continues)."""
    day = m.days[0]
    return dataclasses.replace(m, days=(dataclasses.replace(day, sessions=day.sessions[::-1]), *m.days[1:]))


def _drop_a_day(m: Meeting) -> Meeting:
    return dataclasses.replace(m, days=m.days[1:])


def _add_a_day_and_a_session(m: Meeting) -> Meeting:
    last = m.days[-1]
    later = last.date + timedelta(days=1)
    first = next((i.number for _, i in m.items() if i.number), "")
    extra = Session(title="Closing", day=later, starts_at=None, ends_at=None,
                    items=(Item(title=f"Continuation of item {first}", ordinal=1, continues=first or None),
                           Item(title="Adoption", ordinal=2)))
    evening = dataclasses.replace(last.sessions[-1], title="Evening", items=(Item(title="Reception", ordinal=1),))
    return dataclasses.replace(m, end_date=later, days=(
        *m.days[:-1], dataclasses.replace(last, sessions=(*last.sessions, evening)), Day(later, (extra,))))


def _drop_a_session(m: Meeting) -> Meeting:
    day = m.days[1]
    return dataclasses.replace(m, days=(m.days[0], dataclasses.replace(day, sessions=day.sessions[:1])))


def _drop_the_continued_item(m: Meeting) -> Meeting:
    """The item a later one continues goes, and the continuation no longer says it continues."""
    def drop(items: list[Item]) -> None:
        items[:] = [i for i in items if i.number != "VIII"]

    def unlink(items: list[Item]) -> None:
        items[:] = [dataclasses.replace(i, continues=None) for i in items]

    places = [(d, s, any(i.continues for i in session.items)) for d, day in enumerate(m.days)
              for s, session in enumerate(day.sessions) if any(i.number == "VIII" for i in session.items)]
    (d, s, _), (cd, cs, continued) = places
    assert continued, "the sample continues item VIII in a later session"
    return replace_items(replace_items(m, d, s, drop), cd, cs, unlink)


EDITS = [_add_item_mid_session, _drop_first_item, _new_people, _swap_sessions, _drop_a_day,
         _add_a_day_and_a_session, _drop_a_session, _drop_the_continued_item]


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.__name__.strip("_"))
def test_every_kind_of_edit_stores_exactly_the_new_agenda(db, edit):
    meeting = sample_meeting()
    save_meeting(db, meeting)
    edited = edit(meeting)
    assert save_meeting(db, edited).revision == 2
    db.commit()
    db.expunge_all()
    assert load_meeting(db, meeting.slug, with_bodies=True) == edited
    assert rollback(db, meeting.slug, 1).revision == 3
    db.commit()
    db.expunge_all()
    assert load_meeting(db, meeting.slug, with_bodies=True) == meeting


def test_edits_one_after_another_in_one_session_read_back_fresh(db):
    """Rows written behind the ORM's back are never read stale from the same session."""
    meeting = sample_meeting()
    save_meeting(db, meeting)
    current = meeting
    for edit in (_drop_the_continued_item, _add_item_mid_session, _drop_first_item, _new_people, _swap_sessions,
                 _drop_a_session, _drop_a_day, _add_a_day_and_a_session):
        current = edit(current)
        save_meeting(db, current)
        assert load_meeting(db, meeting.slug, with_bodies=True) == current

