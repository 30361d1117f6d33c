"""The diff engine returns one value per change, and both renderers word the same values."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.organizers.announce import announcement_lines
from store.diff import (
    DocumentAdded,
    DocumentChanged,
    ItemAdded,
    ItemChanged,
    ItemMoved,
    ItemRemoved,
    ItemRenamed,
    ItemRetimed,
    MeetingAdded,
    MeetingFieldChanged,
    OverviewChanged,
    PeopleChanged,
    ReminderLeadChanged,
    RoomChanged,
    SessionAdded,
    SessionMoved,
    SessionRemoved,
    SessionRenamed,
    diff_meetings,
    preview_lines,
)
from store.values import Day, Document, Item, Meeting, Person, Role, Session

ZONE = "Europe/Paris"
MON, TUE = date(2024, 6, 3), date(2024, 6, 4)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(ZONE))


REPORT = Item("Report", number="1", starts_at=at(MON, 10))
DEBATE = Item("Debate", number="2")
MORNING = Session("Morning session", MON, at(MON, 10), at(MON, 12), room="Room A", items=(REPORT, DEBATE))
AFTERNOON = Session("Afternoon session", MON, at(MON, 15), at(MON, 17))
PAPER = Document("Annual report", symbol="A/1", url="https://example.org/a1")


def meeting(*sessions: Session, **fields: object) -> Meeting:
    days = tuple(Day(d, tuple(s for s in sessions if s.day == d)) for d in (MON, TUE))
    base = Meeting("m", "Council", ZONE, MON, TUE, days=days, documents=(PAPER,))
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]  # fields are Meeting's own


BASE = meeting(MORNING, AFTERNOON)


def with_morning(**fields: object) -> Meeting:
    return meeting(dataclasses.replace(MORNING, **fields), AFTERNOON)  # type: ignore[arg-type]  # Session's fields


def test_nothing_changed_is_no_change() -> None:
    assert diff_meetings(BASE, BASE) == []


def test_a_first_version_is_one_meeting_added() -> None:
    assert diff_meetings(None, BASE) == [MeetingAdded(BASE)]
    assert preview_lines(diff_meetings(None, BASE)) == ["New meeting with 2 sessions and 2 items."]
    assert announcement_lines(None, BASE) == ["Council is now on the agenda (2 sessions)."]


def test_meeting_fields_overview_and_reminder_lead() -> None:
    new = dataclasses.replace(BASE, venue="Geneva", title="Council II", overview="New", reminder_lead_minutes=10)
    changes = diff_meetings(BASE, new)
    assert changes == [
        MeetingFieldChanged("title", "Council", "Council II"),
        MeetingFieldChanged("venue", "", "Geneva"),
        OverviewChanged(),
        ReminderLeadChanged(15, 10),
    ]
    assert preview_lines(changes) == [
        "Title changed from Council to Council II.",
        "Venue set to Geneva.",
        "Overview changed.",
        "Reminder lead time changed from 15 to 10 minutes.",
    ]
    # Participants hear nothing of their own for these, so the preview's words are used.
    assert announcement_lines(BASE, new) == preview_lines(changes)


def test_a_session_added_and_removed() -> None:
    evening = Session("Evening session", TUE, at(TUE, 18), at(TUE, 19))
    added = diff_meetings(BASE, meeting(MORNING, AFTERNOON, evening))
    assert added == [SessionAdded(evening, ZONE)]
    assert preview_lines(added) == ["Evening session on Tue 04 Jun added (18:00–19:00)."]
    assert announcement_lines(BASE, meeting(MORNING, AFTERNOON, evening)) == [
        "New: the evening session on Tuesday, from 18:00."]
    removed = diff_meetings(BASE, meeting(MORNING))
    assert removed == [SessionRemoved(AFTERNOON)]
    assert preview_lines(removed) == ["Afternoon session on Mon 03 Jun removed."]
    assert announcement_lines(BASE, meeting(MORNING)) == ["The afternoon session on Monday is cancelled."]


def test_a_session_moved_in_time_and_to_another_day() -> None:
    later = dataclasses.replace(AFTERNOON, starts_at=at(MON, 16), ends_at=at(MON, 18))
    assert diff_meetings(BASE, meeting(MORNING, later)) == [SessionMoved(AFTERNOON, later, ZONE)]
    assert preview_lines(diff_meetings(BASE, meeting(MORNING, later))) == [
        "Afternoon session on Mon 03 Jun now 16:00–18:00 (was 15:00–17:00)."]
    assert announcement_lines(BASE, meeting(MORNING, later)) == [
        "The afternoon session on Monday now starts at 16:00 (was 15:00)."]

    tuesday = dataclasses.replace(AFTERNOON, day=TUE, starts_at=at(TUE, 15), ends_at=at(TUE, 17))
    changes = diff_meetings(BASE, meeting(MORNING, tuesday))
    assert changes == [SessionMoved(AFTERNOON, tuesday, ZONE)]
    assert preview_lines(changes) == ["Afternoon session on Tue 04 Jun now 15:00–17:00 (was Mon 03 Jun 15:00–17:00)."]
    assert announcement_lines(BASE, meeting(MORNING, tuesday)) == [
        "The afternoon session on Monday moves to Tuesday, starting at 15:00."]


def test_a_session_renamed_keeps_its_identity_through_its_uid() -> None:
    old = meeting(dataclasses.replace(MORNING, uid="u1"), AFTERNOON)
    renamed = meeting(dataclasses.replace(MORNING, uid="u1", title="Opening session"), AFTERNOON)
    changes = diff_meetings(old, renamed)
    assert [type(c) for c in changes] == [SessionRenamed]
    assert preview_lines(changes) == ["Morning session (Room A) on Mon 03 Jun renamed to “Opening session”."]
    assert announcement_lines(old, renamed) == [
        "The morning session (Room A) on Monday is now called “Opening session”."]


def test_a_session_that_changed_room_is_the_same_session() -> None:
    new = with_morning(room="Room B")
    changes = diff_meetings(BASE, new)
    assert changes == [RoomChanged(MORNING, "Room A", "Room B")]
    assert preview_lines(changes) == ["Room of Morning session (Room A) on Mon 03 Jun: Room A → Room B."]
    assert announcement_lines(BASE, new) == ["The morning session (Room A) on Monday moves to Room B."]


def test_people_changes_are_told_role_by_role() -> None:
    chair = Person("Ana Ruiz", Role.CHAIR)
    new = with_morning(people=(chair,))
    changes = diff_meetings(BASE, new)
    assert changes == [PeopleChanged(MORNING, Role.CHAIR, (), (chair,))]
    assert preview_lines(changes) == ["Chair of Morning session (Room A) on Mon 03 Jun: none → Ana Ruiz."]


def test_items_added_removed_renamed_and_changed() -> None:
    vote = Item("Vote", number="3")
    added = diff_meetings(BASE, with_morning(items=(REPORT, DEBATE, vote)))
    assert added == [ItemAdded(dataclasses.replace(MORNING, items=(REPORT, DEBATE, vote)), vote)]
    assert preview_lines(added) == ["Item 3. Vote added to Morning session (Room A) on Mon 03 Jun."]

    removed = diff_meetings(BASE, with_morning(items=(REPORT,)))
    assert removed == [ItemRemoved(MORNING, DEBATE)]
    assert announcement_lines(BASE, with_morning(items=(REPORT,))) == ["Item 2 (Debate) is cancelled."]

    debate = dataclasses.replace(DEBATE, title="General debate")
    renamed = diff_meetings(BASE, with_morning(items=(REPORT, debate)))
    assert renamed == [ItemRenamed(DEBATE, debate)]
    assert preview_lines(renamed) == ["Item 2 renamed from “Debate” to “General debate”."]
    assert announcement_lines(BASE, with_morning(items=(REPORT, debate))) == [
        "Item 2 is now “General debate” (was “Debate”)."]

    pointed = dataclasses.replace(DEBATE, sub_points=("a) Budget",))
    assert diff_meetings(BASE, with_morning(items=(REPORT, pointed))) == [ItemChanged(pointed)]


def test_an_item_moved_to_another_session_or_another_time() -> None:
    afternoon = dataclasses.replace(AFTERNOON, items=(DEBATE,))
    new = meeting(dataclasses.replace(MORNING, items=(REPORT,)), afternoon)
    assert diff_meetings(BASE, new) == [ItemMoved(MORNING, afternoon, DEBATE)]
    assert announcement_lines(BASE, new) == ["Item 2 (Debate) moves to the afternoon session on Monday."]

    later = dataclasses.replace(REPORT, starts_at=at(MON, 11))
    changes = diff_meetings(BASE, with_morning(items=(later, DEBATE)))
    assert changes == [ItemRetimed(dataclasses.replace(MORNING, items=(later, DEBATE)), REPORT, later, ZONE)]
    assert preview_lines(changes) == ["Item 1. Report now at 11:00 (was 10:00)."]
    assert announcement_lines(BASE, with_morning(items=(later, DEBATE))) == [
        "Item 1 (Report) now starts at 11:00 (was 10:00)."]


def test_documents_added_and_changed() -> None:
    budget = Document("Budget", symbol="A/2", item="2")
    added = diff_meetings(BASE, dataclasses.replace(BASE, documents=(PAPER, budget)))
    assert added == [DocumentAdded(budget)]
    assert preview_lines(added) == ["Document A/2 (Budget) added."]
    assert announcement_lines(BASE, dataclasses.replace(BASE, documents=(PAPER, budget))) == [
        "New document: A/2 (Budget), for item 2."]

    moved = dataclasses.replace(PAPER, url="https://example.org/a1-rev")
    changes = diff_meetings(BASE, dataclasses.replace(BASE, documents=(moved,)))
    assert changes == [DocumentChanged(PAPER, moved)]
    assert announcement_lines(BASE, dataclasses.replace(BASE, documents=(moved,))) == [
        "Document A/1 (Annual report) is updated."]


def test_every_change_keeps_a_stable_kind_name() -> None:
    assert [c.kind for c in (SessionMoved(AFTERNOON, AFTERNOON, ZONE), ItemRetimed(MORNING, REPORT, REPORT, ZONE),
                             ItemMoved(MORNING, AFTERNOON, REPORT))] == ["session_moved", "item_moved", "item_moved"]
