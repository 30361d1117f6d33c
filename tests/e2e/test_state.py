"""Slack state in the store: the users.info cache and its expiry, the event ledger,
and the 0003 migration that creates their tables."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FixedClock
from handlers.slack.state import People, link_channel
from store import models
from store.db import alembic_config, upgrade
from store.ledger import EventLedger, ledger_engine
from tests.e2e.conftest import ALICE, BOB
from tests.fake_slack import BOT_TOKEN, FakeSlack


@pytest.fixture
def wall() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def people(fake_slack: FakeSlack, db_factory: sessionmaker[Session], wall: FixedClock) -> People:
    return People(WebClient(token=BOT_TOKEN, base_url=fake_slack.base_url), db_factory, wall)


def test_the_zone_is_read_once_and_kept_for_a_day(
    people: People, fake_slack: FakeSlack, wall: FixedClock, db_factory: sessionmaker[Session]
) -> None:
    assert people.get(ALICE).tz == "Asia/Tokyo"
    fake_slack.users[ALICE]["tz"] = "Europe/Paris"  # she travels
    assert people.get(ALICE).tz == "Asia/Tokyo"
    with db_factory() as db:
        assert db.get(models.SlackUser, ALICE).tz == "Asia/Tokyo"  # type: ignore[union-attr]

    wall.advance(timedelta(hours=23))
    assert people.get(ALICE).tz == "Asia/Tokyo"
    wall.advance(timedelta(hours=1))
    assert people.get(ALICE).tz == "Europe/Paris"
    assert len(fake_slack.calls_to("users.info")) == 2


def test_the_store_survives_a_restart(
    people: People, fake_slack: FakeSlack, db_factory: sessionmaker[Session], wall: FixedClock
) -> None:
    people.get(BOB)
    restarted = People(people.client, db_factory, wall)
    assert restarted.get(BOB).tz == "America/New_York"
    assert len(fake_slack.calls_to("users.info")) == 1


def test_two_first_look_ups_of_one_person_at_once_both_answer(
    people: People, fake_slack: FakeSlack, db_factory: sessionmaker[Session], wall: FixedClock
) -> None:
    """Two questions from someone new, on two threads or workers: both find no row, both ask
    Slack, both store; the second must not fail on the row the first just wrote."""
    other_worker = People(people.client, db_factory, wall)
    arrived = threading.Semaphore(0)
    gate = fake_slack.hold("users.info", when=lambda _args: arrived.release() is None)
    with ThreadPoolExecutor(2) as pool:
        looks = [pool.submit(p.get, ALICE) for p in (people, other_worker)]
        assert arrived.acquire(timeout=10) and arrived.acquire(timeout=10)  # both past the store, at Slack
        gate.set()
        assert [look.result(timeout=10).tz for look in looks] == ["Asia/Tokyo", "Asia/Tokyo"]


def test_an_unknown_zone_is_no_zone(people: People, fake_slack: FakeSlack) -> None:
    fake_slack.users[ALICE]["tz"] = "Europe/Geneva"  # not an IANA zone (Geneva is Europe/Zurich)
    assert people.get(ALICE).tz is None


def test_when_users_info_fails_the_answer_goes_on_without_a_zone(
    people: People, fake_slack: FakeSlack
) -> None:
    person = people.get("U0NOBODY1")
    assert person.tz is None and not person.is_admin
    with pytest.raises(SlackApiError):
        people.get("U0NOBODY1", fresh=True)  # a permission check must not guess


def test_a_chosen_meeting_is_remembered_until_it_is_gone(
    people: People, db_factory: sessionmaker[Session], sample: object
) -> None:
    people.choose_meeting("U0NEWCOMER", "coordination-meeting-2003")
    assert people.get("U0NEWCOMER").meeting == "coordination-meeting-2003"
    people.choose_meeting("U0NEWCOMER", "deleted-meeting")
    assert people.get("U0NEWCOMER").meeting is None


def test_home_viewers_are_those_whose_home_shows_the_meeting(people: People) -> None:
    people.showing_home(ALICE, "m1")
    people.showing_home(BOB, "m2")
    assert people.home_viewers("m1") == [ALICE]


def test_the_ledger_remembers_across_instances(database_url: str, wall: FixedClock) -> None:
    first = EventLedger(ledger_engine(database_url), wall)
    second = EventLedger(ledger_engine(database_url), wall)  # another worker
    assert first.first_time("Ev1")
    assert not second.first_time("Ev1")
    assert second.first_time("Ev2")
    first.engine.dispose()
    second.engine.dispose()


def test_a_batch_of_first_deliveries_is_seen_by_every_worker(database_url: str, wall: FixedClock) -> None:
    writer = EventLedger(ledger_engine(database_url), wall)
    other = EventLedger(ledger_engine(database_url), wall)  # another worker, where a retry may land
    # Claims made together are written as one batch (group commit).
    assert writer._record_many(["Ev1", "Ev2"], wall.now()) == {"Ev1", "Ev2"}
    assert writer._record_many(["Ev2", "Ev3", "Ev3"], wall.now()) == {"Ev3"}  # a repeat is no error
    assert [other.first_time(e) for e in ("Ev1", "Ev2", "Ev3", "Ev4")] == [False, False, False, True]
    writer.engine.dispose()
    other.engine.dispose()


def test_link_channel_moves_a_channel_between_meetings(db_factory: sessionmaker[Session], sample: object) -> None:
    assert link_channel(db_factory, "nope", "C1") is None
    linked = link_channel(db_factory, "coordination-meeting-2003", "C1")
    assert linked is not None and linked.channel_id == "C1"


def test_migration_0003_goes_down_and_up(engine: Engine) -> None:
    from alembic import command

    assert {"seen_events", "slack_users"} <= set(inspect(engine).get_table_names())
    command.downgrade(alembic_config(engine), "0002")
    tables = set(inspect(engine).get_table_names())
    assert "seen_events" not in tables and "slack_users" not in tables and "meetings" in tables
    upgrade(engine)
    assert {"seen_events", "slack_users"} <= set(inspect(engine).get_table_names())
    with sessionmaker(engine)() as db:
        assert list(db.scalars(select(models.SeenEvent))) == []
