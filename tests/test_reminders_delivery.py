"""Delivery on an injected clock: exactly once, late within grace, skipped beyond it, retried.

The clock-driven runner fires through the same Deliverer as APScheduler; a
FixedClock moved by the test stands in for time passing and for restarts
(a new runner on the same database is a new process as far as the store knows).
"""

from __future__ import annotations

import dataclasses
import io
import logging
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.cli import main
from bot.clock import FixedClock
from bot.config import Settings
from bot.console import demo_start, run_console
from bot.reminders import ClockDrivenRunner, Deliverer, RetryPolicy, SqlLedger
from bot.reminders.delivery import Outcome
from bot.reminders.ledger import DeliveryRecord
from bot.reminders.messages import compose
from bot.reminders.notifier import DeliveryError
from bot.reminders.planner import Target, delivery_key
from bot.reminders.settings import (
    ReminderSettingsError,
    add_subscription,
    cancel_subscription,
    fingerprints,
    get_policy,
    get_rapporteur,
    list_subscriptions,
    set_policy,
    set_rapporteur,
)
from store import models
from store.agenda import save_meeting
from store.db import transaction
from tests.helpers import sample_meeting
from tests.recording_notifier import Failure, RecordingNotifier, ny, run_retries

SLUG = "coordination-meeting-2003"
MORNING = f"{SLUG}/session/2003-10-15-morning-session/15m"
REPORT = f"{SLUG}/rapporteur_report/2003-10-16-afternoon-session/item-IX"
FAST = RetryPolicy(attempts=4, base=0.01, max_delay=0.05)


@pytest.fixture
def sample(db_factory: sessionmaker[DBSession]) -> str:
    with transaction(db_factory) as db:
        save_meeting(db, sample_meeting(), author="test")
        db.execute(models.Meeting.__table__.update().values(channel_id="C1"))
    return SLUG


@pytest.fixture
def make(db_factory: sessionmaker[DBSession]) -> Iterator:
    """Build runners that share the database, as successive processes would."""
    made: list[ClockDrivenRunner] = []

    def build(clock: FixedClock, notifier: RecordingNotifier, **kw: object) -> ClockDrivenRunner:
        deliverer = Deliverer(db_factory, notifier, SqlLedger(db_factory), clock=clock, retry=FAST, **kw)  # type: ignore[arg-type]
        made.append(ClockDrivenRunner(deliverer))
        return made[-1]

    yield build
    for runner in made:  # their threads must not tick on into the next test's database
        runner.stop()
        runner.deliverer.close()


def _rows(factory: sessionmaker[DBSession]) -> dict[str, tuple[str, int]]:
    with factory() as db:
        return {r.key: (r.status, r.attempts) for r in db.scalars(select(models.ReminderDelivery))}


def test_settings_are_stored_per_meeting_and_bump_the_version(db_factory, sample) -> None:
    with transaction(db_factory) as db:
        before = fingerprints(db)[SLUG]
        assert get_policy(db, SLUG).text == "15m,1d,report=on,rapporteur=2h"
        assert set_policy(db, SLUG, "10m,2d", by="U0").text == "10m,2d,report=on,rapporteur=2h"
        set_rapporteur(db, SLUG, "U7", by="U0")
        sub = add_subscription(db, SLUG, "U5", Target.for_item(sample_meeting().sessions[1].items[0]), 10)
        again = add_subscription(db, SLUG, "U5", Target.for_item(sample_meeting().sessions[1].items[0]), 10)
        assert again.id == sub.id
        after = fingerprints(db)[SLUG]
    assert after[1] == before[1] + 3  # policy, rapporteur, one new subscription
    with transaction(db_factory) as db:
        assert get_policy(db, SLUG).session_leads == (10,)
        assert get_rapporteur(db, SLUG) == "U7"
        assert [s.target.key for s in list_subscriptions(db, user="U5")] == ["v"]
        assert not cancel_subscription(db, sub.id, user="U6")  # not theirs
        assert cancel_subscription(db, sub.id, user="U5")
        assert list_subscriptions(db, slug=SLUG) == []
        with pytest.raises(ReminderSettingsError, match="“15x” is not a length of time"):
            set_policy(db, SLUG, "15x")
        with pytest.raises(ReminderSettingsError, match="no meeting"):
            set_policy(db, "nope", "15m")


def test_cli_lists_what_is_planned_from_a_moment_on(database_url, sample, db_factory, capsys) -> None:
    settings = Settings(database_url=database_url)
    assert main(["reminders", "--now", "2003-10-16T09:00-04:00", "--json"], settings) == 0
    listed = __import__("json").loads(capsys.readouterr().out)
    assert [(r["due"], r["kind"], r["destination"]) for r in listed["reminders"]] == [
        ("2003-10-16T09:45:00-04:00", "session", "channel C1"),
        ("2003-10-16T13:00:00-04:00", "rapporteur_dm", "no rapporteur set"),
        ("2003-10-16T14:45:00-04:00", "session", "channel C1"),
        ("2003-10-16T15:00:00-04:00", "rapporteur_report", "channel C1"),
    ]
    assert listed["reminders"][3]["target"] == "item IX. Rapporteur's report (Afternoon session, Thu 16 Oct 15:00)"
    assert listed["reminders"][0]["due_utc"] == "2003-10-16T13:45:00Z"

    with transaction(db_factory) as db:
        set_rapporteur(db, SLUG, "U42")
        db.execute(models.Meeting.__table__.update().values(channel_id=None))
    assert main(["reminders", "--meeting", SLUG, "--now", "2003-10-16T12:00:00-04:00"], settings) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "Policy: 15m,1d,report=on,rapporteur=2h · channel: none linked · rapporteur: U42"
    assert lines[2].split() == ["2003-10-16T13:00:00-04:00", "rapporteur_dm", "item", "IX.", "Rapporteur's",
                                "report", "(Afternoon", "session,", "Thu", "16", "Oct", "15:00)", "DM", "U42"]
    assert lines[3].endswith("no channel linked") and lines[3].startswith("2003-10-16T14:45:00-04:00  session ")

    assert main(["reminders", "--now", "yesterday"], settings) == 2
    assert "is not an ISO 8601 time" in capsys.readouterr().err


def test_a_reminder_is_sent_when_due_and_never_again(db_factory, sample, make) -> None:
    clock = FixedClock(ny("2003-10-15 09:30"))
    notifier = RecordingNotifier()
    runner = make(clock, notifier)
    runner.start()
    assert MORNING in runner.jobs
    clock.set(ny("2003-10-15 09:44:59"))
    assert runner.run_due(wait=5) == {}
    clock.set(ny("2003-10-15 09:45"))
    assert runner.run_due(wait=5) == {MORNING: Outcome.SUBMITTED}
    assert notifier.texts() == [notifier.texts()[0]]
    assert notifier.texts()[0].startswith("Morning session starts in 15 minutes — 10:00–13:00 New York time")
    assert notifier.posts[0].destination.id == "C1"
    key = delivery_key(MORNING, ny("2003-10-15 09:45"))
    assert _rows(db_factory)[key] == ("sent", 1)
    # The same reminder fired again (a duplicate job, a second process): nothing is posted.
    assert runner.deliverer.fire(MORNING, ny("2003-10-15 09:45")) is Outcome.DUPLICATE
    # A restart a minute later: catch-up finds the key delivered.
    clock.set(ny("2003-10-15 09:46"))
    make(clock, notifier).start()
    runner.deliverer.wait_idle(5)
    assert len(notifier.posts) == 1


def test_a_restart_within_grace_sends_late_and_says_so(db_factory, sample, make) -> None:
    clock = FixedClock(ny("2003-10-16 14:30"))
    first = make(clock, RecordingNotifier())
    first.start()  # leaves its watermark at 14:30, then "dies": never run again
    clock.set(ny("2003-10-16 15:05"))
    notifier = RecordingNotifier()
    second = make(clock, notifier)
    summary = second.start()
    second.deliverer.wait_idle(5)
    report_key = delivery_key(REPORT, ny("2003-10-16 15:00"))
    session_key = delivery_key(f"{SLUG}/session/2003-10-16-afternoon-session/15m", ny("2003-10-16 14:45"))
    assert summary["caught_up"] == {session_key: Outcome.SKIPPED_LATE, report_key: Outcome.SUBMITTED}
    assert notifier.keys() == [report_key]
    message = notifier.posts[0].message
    assert message.title == (
        "IX. Rapporteur's report is on this session's agenda: Afternoon session, 15:00–18:00 New York time"
    )
    assert message.body == "The session started 5 minutes ago."
    assert message.late_note == "This reminder is 5 minutes late: agendabot was not running when it was due."
    assert message.text.endswith("\n(This reminder is 5 minutes late: agendabot was not running when it was due.)")
    rows = _rows(db_factory)
    assert rows[report_key] == ("sent", 1)
    assert rows[session_key][0] == "skipped"  # 20 minutes late: more than the grace period


def test_reminders_missed_by_far_are_skipped_and_logged_not_sent(db_factory, sample, make, caplog) -> None:
    clock = FixedClock(ny("2003-10-15 09:00"))
    make(clock, RecordingNotifier()).start()
    clock.set(ny("2003-10-15 18:00"))  # down all day
    notifier = RecordingNotifier()
    with caplog.at_level(logging.WARNING, logger="bot.reminders"):
        make(clock, notifier).start()
    assert notifier.posts == []
    rows = _rows(db_factory)
    assert sorted(k.split("/")[2] for k, (status, _) in rows.items() if status == "skipped") == [
        "2003-10-15-afternoon-session",
        "2003-10-15-morning-session",
    ]
    assert sum("skipped reminder" in r.getMessage() for r in caplog.records) == 2


def test_a_reminder_for_no_channel_is_recorded_as_skipped(db_factory, sample, make) -> None:
    with transaction(db_factory) as db:
        db.execute(models.Meeting.__table__.update().values(channel_id=None))
    clock = FixedClock(ny("2003-10-15 09:30"))
    notifier = RecordingNotifier()
    runner = make(clock, notifier)
    runner.start()
    clock.set(ny("2003-10-15 09:45"))
    assert runner.run_due(wait=5) == {MORNING: Outcome.SKIPPED_UNROUTED}
    assert notifier.posts == []
    with db_factory() as db:
        row = db.scalar(select(models.ReminderDelivery))
    assert (row.status, row.error, row.destination) == ("skipped", "no channel linked", "none")


@pytest.mark.parametrize("posted_before_crash", [True, False])
def test_a_delivery_left_sending_is_reconciled_with_the_transport(
    db_factory, sample, make, posted_before_crash: bool
) -> None:
    """The crash window: claimed, maybe posted, never recorded as sent."""
    clock = FixedClock(ny("2003-10-15 09:46"))
    notifier = RecordingNotifier()
    key = delivery_key(MORNING, ny("2003-10-15 09:45"))
    ledger = SqlLedger(db_factory)
    assert ledger.claim(
        DeliveryRecord(key, MORNING, SLUG, "session", ny("2003-10-15 09:45"), "channel:C1")
    )
    if posted_before_crash:
        inputs, by_id = make(clock, notifier).deliverer.plan_for(SLUG)
        reminder = by_id[MORNING]
        notifier.post(reminder.destination, compose(reminder, inputs.meeting, clock.now()))
    restarted = make(clock, notifier)
    summary = restarted.start()
    # The crashed run's post may still be landing: the history is searched once it has settled.
    assert summary["reconciled"] == {key: "settling"}
    assert restarted.deliverer.wait_settled(5)
    assert notifier.keys() == ([key] if posted_before_crash else [])
    run_retries(restarted.deliverer, clock)
    assert notifier.keys() == [key]
    assert _rows(db_factory)[key][0] == "sent"


def test_a_delivery_left_sending_whose_session_moved_meanwhile_is_not_posted_under_its_old_key(
    db_factory, sample, make
) -> None:
    clock = FixedClock(ny("2003-10-15 09:46"))
    key = delivery_key(MORNING, ny("2003-10-15 09:45"))
    assert SqlLedger(db_factory).claim(
        DeliveryRecord(key, MORNING, SLUG, "session", ny("2003-10-15 09:45"), "channel:C1")
    )
    meeting = sample_meeting()
    day = meeting.days[0]
    later = dataclasses.replace(
        day.sessions[0],
        starts_at=day.sessions[0].starts_at + timedelta(minutes=30),
        ends_at=day.sessions[0].ends_at + timedelta(minutes=30),
    )
    moved = dataclasses.replace(
        meeting, days=(dataclasses.replace(day, sessions=(later, *day.sessions[1:])), *meeting.days[1:])
    )
    with transaction(db_factory) as db:
        save_meeting(db, moved, author="test")
    notifier = RecordingNotifier()
    restarted = make(clock, notifier)
    assert restarted.start()["reconciled"] == {key: "settling"}
    run_retries(restarted.deliverer, clock, until=timedelta(minutes=5))
    assert key not in notifier.keys()  # the old time's message is not sent with the new content
    assert _rows(db_factory)[key][0] == "skipped"


def test_errors_are_retried_and_the_reminder_arrives_once(db_factory, sample, make) -> None:
    clock = FixedClock(ny("2003-10-15 09:30"))
    notifier = RecordingNotifier(
        failures=[
            Failure(DeliveryError("ratelimited", retry_after=0.02)),
            # A server error after the message went out: the retry must find it, not post again.
            Failure(DeliveryError("internal_error", maybe_sent=True), posted=True),
        ]
    )
    runner = make(clock, notifier)
    runner.start()
    clock.set(ny("2003-10-15 09:45"))
    runner.run_due()
    run_retries(runner.deliverer, clock)
    key = delivery_key(MORNING, ny("2003-10-15 09:45"))
    assert [k for k, _ in notifier.attempts] == [key, key]
    assert notifier.keys() == [key]
    assert _rows(db_factory)[key] == ("sent", 3)  # two posts and one look at the history


def test_a_delivery_that_keeps_failing_is_recorded_and_shown_to_organizers(
    database_url, db_factory, sample, make, capsys
) -> None:
    clock = FixedClock(ny("2003-10-15 09:30"))
    notifier = RecordingNotifier(failures=[Failure(DeliveryError("channel_not_found", retryable=False))])
    runner = make(clock, notifier)
    runner.start()
    clock.set(ny("2003-10-15 09:45"))
    runner.run_due(wait=5)
    key = delivery_key(MORNING, ny("2003-10-15 09:45"))
    assert _rows(db_factory)[key] == ("failed", 1)
    assert main(["reminders", "--now", "2003-10-15T09:50-04:00"], Settings(database_url=database_url)) == 0
    out = capsys.readouterr().out
    assert "Failed deliveries (not sent after retries):" in out
    assert "channel_not_found (after 1 attempt)" in out


def test_a_failing_destination_does_not_hold_up_the_others(db_factory, sample, make) -> None:
    afternoon = sample_meeting().days[0].sessions[1]
    with transaction(db_factory) as db:
        set_policy(db, SLUG, "off,report=off,rapporteur=off")
        add_subscription(db, SLUG, "USLOW", Target.for_session(afternoon), 10)
        add_subscription(db, SLUG, "UFAST", Target.for_session(afternoon), 10)
    notifier = RecordingNotifier(
        failures=[Failure(DeliveryError("ratelimited", retry_after=0.05), only_to="USLOW")] * 3
    )
    clock = FixedClock(ny("2003-10-15 14:00"))
    runner = make(clock, notifier)
    runner.start()
    clock.set(ny("2003-10-15 14:50"))
    runner.run_due()
    assert notifier.wait_for(1, timeout=5)
    assert notifier.posts[0].destination.id == "UFAST"  # while USLOW waits for its retries
    run_retries(runner.deliverer, clock)
    assert notifier.wait_for(2, timeout=5)
    assert [p.destination.id for p in notifier.posts] == ["UFAST", "USLOW"]
    assert [d for d, _ in notifier.attempts].count(notifier.posts[1].message.key) == 4


def test_the_demo_prints_the_first_reminder_as_it_falls_due(db_factory, sample) -> None:
    """`agendabot demo`'s console, at a higher speed: the 15-minute reminder appears, once."""

    class Output(io.StringIO):
        seen = threading.Event()

        def write(self, text: str) -> int:
            if "⏰ reminder" in text:
                self.seen.set()
            return super().write(text)

    class Input(io.StringIO):
        def readline(self, *_: object) -> str:  # type: ignore[override]
            Output.seen.wait(10)  # the person types nothing until the reminder shows
            return ""

    out = Output()
    meeting = sample_meeting()
    status = run_console(db_factory, meeting=SLUG, now=demo_start(meeting), speed=600, stdin=Input(), stdout=out)
    assert status == 0
    printed = out.getvalue()
    assert printed.count("⏰ reminder (channel C1): Morning session starts in 15 minutes") == 1
    # The console's make-believe time marks nothing as sent in the real store.
    assert _rows(db_factory) == {}
