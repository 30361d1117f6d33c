"""The calendar feeds: what a subscribed calendar sees, fetch after fetch."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import icalendar
import vobject
from sqlalchemy.orm import Session, sessionmaker

from bot import publishing
from bot.reminders.planner import Target
from bot.reminders.settings import add_subscription, set_policy
from store.db import transaction
from store.values import Item, Meeting, Person, Role
from tests.web.conftest import SLUG, Response, moved, store

NOW = datetime(2003, 10, 1, tzinfo=UTC)


def events(body: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def by_uid(body: bytes) -> dict[str, icalendar.Event]:
    found = events(body)
    counts = Counter(str(e["uid"]) for e in found)
    assert max(counts.values()) == 1, f"duplicate UIDs: {[u for u, n in counts.items() if n > 1]}"
    return {str(e["uid"]): e for e in found}


def publish(factory: sessionmaker[Session], slug: str = SLUG) -> None:
    with transaction(factory) as db:
        publishing.set_public(db, slug, True)


def test_the_feed_parses_in_two_independent_parsers(db_factory, meeting: Meeting, get: Callable[..., Response]):
    publish(db_factory)
    response = get(f"/m/{SLUG}.ics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    ours = by_uid(response.body)
    theirs = vobject.readOne(response.text)
    vevents = [c for c in theirs.getChildren() if c.name == "VEVENT"]
    assert sorted(v.uid.value for v in vevents) == sorted(ours)
    assert len(ours) == len(meeting.sessions)
    titles = {v.summary.value for v in vevents}
    assert "Morning session" in titles and "Afternoon session" in titles
    # Times survive both readings, in the meeting's zone.
    first = min(vevents, key=lambda v: v.dtstart.value)
    assert first.dtstart.value == meeting.sessions[0].starts_at


def test_one_alarm_per_lead_of_the_reminder_policy(db_factory, meeting: Meeting, get: Callable[..., Response]):
    publish(db_factory)
    with transaction(db_factory) as db:
        set_policy(db, SLUG, "1h,15m")
    for event in events(get(f"/m/{SLUG}.ics").body):
        triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
        assert triggers == [timedelta(hours=-1), timedelta(minutes=-15)]
    with transaction(db_factory) as db:
        set_policy(db, SLUG, "off")
    assert all(not list(e.walk("VALARM")) for e in events(get(f"/m/{SLUG}.ics").body))


def test_a_subscriber_sees_the_moved_session_updated_not_duplicated(
    db_factory, meeting: Meeting, get: Callable[..., Response]
):
    publish(db_factory)
    first = get(f"/m/{SLUG}.ics")
    before = by_uid(first.body)
    assert {int(e["sequence"]) for e in before.values()} == {0}

    # Nothing changed: the calendar's conditional fetch costs a 304.
    again = get(f"/m/{SLUG}.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status == 304 and again.body == b""
    assert get(f"/m/{SLUG}.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]}).status == 304

    store(db_factory, moved(meeting, 1, 30))  # the first day's afternoon, half an hour later
    second = get(f"/m/{SLUG}.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status == 200 and second.headers["ETag"] != first.headers["ETag"]
    after = by_uid(second.body)
    assert after.keys() == before.keys()
    changed = {uid for uid, e in after.items() if int(e["sequence"]) > 0}
    afternoon = next(uid for uid, e in after.items() if e.decoded("dtstart") != before[uid].decoded("dtstart"))
    assert changed == {afternoon}
    assert int(after[afternoon]["sequence"]) == 1
    assert after[afternoon].decoded("dtstart") - before[afternoon].decoded("dtstart") == timedelta(minutes=30)

    # Moved back: changed again, so its SEQUENCE goes on rising; the others stay at 0.
    store(db_factory, meeting)
    third = by_uid(get(f"/m/{SLUG}.ics").body)
    assert int(third[afternoon]["sequence"]) == 2
    assert {int(e["sequence"]) for uid, e in third.items() if uid != afternoon} == {0}


def _conference(meeting: Meeting) -> Meeting:
    """The sample with the afternoon's items as timed talks with rooms and speakers."""
    day = meeting.days[0]
    afternoon = day.sessions[1]
    start = afternoon.starts_at
    assert start is not None
    talks = tuple(
        dataclasses.replace(item, starts_at=start + timedelta(minutes=45 * n), ends_at=start + timedelta(minutes=45 * n + 40),
                            room=f"Room {n + 1}", people=(Person(f"Speaker {n}", Role.SPEAKER, "UNDP"),))
        for n, item in enumerate(afternoon.items)
    )
    sessions = (day.sessions[0], dataclasses.replace(afternoon, items=talks), *day.sessions[2:])
    return dataclasses.replace(meeting, days=(dataclasses.replace(day, sessions=sessions), *meeting.days[1:]))


def test_a_conference_has_each_talk_with_its_room_and_speakers(db_factory, meeting: Meeting, get):
    store(db_factory, _conference(meeting))
    publish(db_factory)
    found = events(get(f"/m/{SLUG}.ics").body)
    talks = [e for e in found if str(e["summary"]).startswith(("V.", "VI.", "VII."))]
    assert len(talks) == 3
    first = min(talks, key=lambda e: e.decoded("dtstart"))
    assert str(first["location"]).startswith("Room 1")
    attendees = first.get("attendee")
    assert "Speaker 0" in str(attendees.params["CN"])
    assert not list(first.walk("VALARM"))  # parallel talks do not all ring


def test_the_personal_feed_holds_what_the_person_chose_ringing_when_they_asked(db_factory, meeting: Meeting, get):
    afternoon = meeting.days[0].sessions[1]
    report = next(i for s in meeting.sessions for i in s.items if i.number == "IX")
    with transaction(db_factory) as db:
        add_subscription(db, SLUG, "U1", Target.for_session(afternoon), 30)
        add_subscription(db, SLUG, "U1", Target.for_item(report), 10)
        add_subscription(db, SLUG, "U2", Target.for_session(meeting.sessions[0]), 5)
        token = publishing.link_token(db, SLUG, "U1", now=NOW)
    body = get(f"/m/{token}.ics").body
    mine = events(body)
    assert sorted(v.uid.value for v in vobject.readOne(body.decode()).vevent_list) == sorted(str(e["uid"]) for e in mine)
    summaries = sorted(str(e["summary"]) for e in mine)
    assert summaries == sorted(["Afternoon session", f"{report.label} ({next(s for s in meeting.sessions if report in s.items).title})"])
    leads = {str(e["summary"]): [a.decoded("trigger") for a in e.walk("VALARM")] for e in mine}
    assert leads["Afternoon session"] == [timedelta(minutes=-30)]
    assert [v for k, v in leads.items() if k != "Afternoon session"] == [[timedelta(minutes=-10)]]
    # Its own UIDs: subscribed to both feeds, nobody sees one event overwrite another.
    publish(db_factory)
    assert not {str(e["uid"]) for e in mine} & {str(e["uid"]) for e in events(get(f"/m/{SLUG}.ics").body)}


def test_a_private_meeting_opens_only_through_a_live_secret_link(db_factory, meeting: Meeting, get):
    assert get(f"/m/{SLUG}").status == 404
    assert get(f"/m/{SLUG}.ics").status == 404
    with transaction(db_factory) as db:
        token = publishing.link_token(db, SLUG, now=NOW)
    assert get(f"/m/{token}").status == 200
    assert get(f"/m/{token}.ics").status == 200
    assert get(f"/m/{SLUG}?key={token}").status == 200
    assert get(f"/m/{SLUG}.ics?key=wrong-{token}").status == 404
    with transaction(db_factory) as db:
        publishing.revoke(db, SLUG, now=NOW)
    assert get(f"/m/{token}").status == 404
    assert get(f"/m/{SLUG}?key={token}").status == 404


def test_a_link_to_one_meeting_never_opens_another(db_factory, meeting: Meeting, get):
    other = dataclasses.replace(meeting, slug="other-meeting", title="Another meeting")
    store(db_factory, other)
    with transaction(db_factory) as db:
        token = publishing.link_token(db, SLUG, now=NOW)
    assert get(f"/m/other-meeting?key={token}").status == 404
    page = get(f"/m/{token}").text
    assert "Another meeting" not in page and "other-meeting" not in page


def test_an_item_added_to_a_session_raises_only_that_sessions_sequence(db_factory, meeting: Meeting, get):
    publish(db_factory)
    before = by_uid(get(f"/m/{SLUG}.ics").body)
    day = meeting.days[1]
    session = day.sessions[0]
    extra = dataclasses.replace(session, items=(*session.items, Item("Any other business", number="XII", ordinal=99)))
    changed = dataclasses.replace(meeting, days=(meeting.days[0], dataclasses.replace(day, sessions=(extra, *day.sessions[1:])), *meeting.days[2:]))
    store(db_factory, changed)
    after = by_uid(get(f"/m/{SLUG}.ics").body)
    raised = {uid for uid, e in after.items() if int(e["sequence"]) > int(before[uid]["sequence"])}
    assert len(raised) == 1 and "Any other business" in str(after[raised.pop()]["description"])
