"""Reminders in French and Spanish (issue 17): every kind of reminder and change notice, written
in the reader's language, with no English word of the bot's own (agenda content as written).

English reminders are pinned word for word by tests/test_reminders_planner.py and
tests/test_reminders_delivery.py; here the same messages are composed in fr and es,
and a meeting set to French with a Spanish-speaking subscriber is run end to end.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.clock import FixedClock
from bot.reminders import ClockDrivenRunner, Deliverer, RetryPolicy, SqlLedger
from bot.reminders.messages import compose, compose_change_notice, reader_language
from bot.reminders.notifier import ReminderMessage
from bot.reminders.planner import (
    PlanInputs,
    PlannedReminder,
    ReminderKind,
    Subscription,
    Target,
    TargetKind,
    plan,
)
from bot.reminders.policy import ReminderPolicy, parse_policy
from bot.reminders.settings import add_subscription
from store import models
from store.agenda import save_meeting
from store.db import transaction
from store.importers import load_agenda
from store.languages import person_languages, set_meeting_language
from store.slack_users import save_facts
from store.values import Day, Item, ItemKind, Meeting, Session
from tests.helpers import sample_meeting
from tests.i18n.leaks import agenda_content, english_leaks
from tests.recording_notifier import SAMPLE, RecordingNotifier, ny

LANGUAGES = ("fr", "es")


@pytest.fixture(scope="module")
def sample() -> Meeting:
    return load_agenda(SAMPLE).meeting


def _plan(meeting: Meeting, policy: str | None = None, **kw: object) -> list[PlannedReminder]:
    chosen = parse_policy(policy) if policy else ReminderPolicy.default(meeting.reminder_lead_minutes)
    return plan(PlanInputs(meeting, chosen, **kw))  # type: ignore[arg-type]


def _report_meeting(item_start: datetime | None) -> Meeting:
    start = ny("2003-10-16 15:00")
    session = Session(
        title="Afternoon session", day=start.date(), starts_at=start, ends_at=start + timedelta(hours=3),
        items=(Item(title="Rapporteur's report", number="IX", ordinal=1, kind=ItemKind.RAPPORTEUR_REPORT,
                    starts_at=item_start, ends_at=item_start + timedelta(minutes=30) if item_start else None),),
    )
    day = Day(date=session.day, sessions=(session,))
    return Meeting(slug="m", title="M", timezone="America/New_York", start_date=day.date, end_date=day.date,
                   days=(day,))


def _every_reminder(sample: Meeting) -> dict[str, tuple[Meeting, PlannedReminder, datetime]]:
    """One of each kind, at a moment that shows its every sentence."""
    kinds: dict[str, tuple[Meeting, PlannedReminder, datetime]] = {}
    channel = _plan(sample, channel_id="C1", rapporteur="U9")
    preview = next(r for r in channel if r.kind is ReminderKind.DAY_BEFORE)
    kinds["day before"] = (sample, preview, ny("2003-10-14 17:00"))
    kinds["day before, days ahead"] = (sample, preview, ny("2003-10-12 17:00"))
    kinds["day before, a day with no sessions"] = (
        sample, dataclasses.replace(preview, day=ny("2003-10-18 00:00").date()), ny("2003-10-17 17:00"))
    session = next(r for r in channel if r.kind is ReminderKind.SESSION)
    kinds["session"] = (sample, session, session.due)
    kinds["session, starting now"] = (sample, session, session.event_at)
    kinds["session, late"] = (sample, session, session.due + timedelta(minutes=20))
    dm = next(r for r in channel if r.kind is ReminderKind.RAPPORTEUR_DM)
    kinds["rapporteur's DM"] = (sample, dm, dm.due)
    timed = _report_meeting(ny("2003-10-16 16:30"))
    report = next(r for r in _plan(timed) if r.kind is ReminderKind.RAPPORTEUR_REPORT)
    kinds["report"] = (timed, report, report.due - timedelta(minutes=5))
    untimed = _report_meeting(None)
    at_start = next(r for r in _plan(untimed) if r.kind is ReminderKind.RAPPORTEUR_REPORT)
    kinds["report at its session's start, late"] = (untimed, at_start, at_start.due + timedelta(minutes=3))
    afternoon, item_viii = sample.days[0].sessions[1], sample.days[1].sessions[0].items[0]
    subs = (Subscription("U1", Target.for_session(afternoon), 10, id=1),
            Subscription("U2", Target.for_item(item_viii), 5, id=2, user_tz="Europe/Zurich"))
    personal = _plan(sample, "off,report=off,rapporteur=off", subscriptions=subs)
    kinds["personal, a session"] = (sample, personal[0], personal[0].due)
    kinds["personal, an item on a session's agenda"] = (sample, personal[1], personal[1].due)
    item_sub = (Subscription("U3", Target.for_item(timed.days[0].sessions[0].items[0]), 5, id=3),)
    own_time = _plan(timed, "off,report=off,rapporteur=off", subscriptions=item_sub)[0]
    kinds["personal, an item with its own time"] = (timed, own_time, own_time.due)
    return kinds


def _notices(sample: Meeting, language: str) -> dict[str, tuple[Meeting, ReminderMessage]]:
    afternoon = sample.days[0].sessions[1]
    sub = Subscription("U1", Target.for_session(afternoon), 10, id=1, user_tz="Europe/Madrid")
    moved = _plan(sample, "off,report=off,rapporteur=off", subscriptions=(sub,))[0]
    old_due = moved.due - timedelta(hours=1)
    nameless = dataclasses.replace(sub, target=Target(TargetKind.SESSION, "2003-10-17|x|", ""))
    return {
        "moved": (sample, compose_change_notice("k1", sample, sub, old_due, moved, old_due - timedelta(hours=2),
                                                language=language)),
        "moved too soon": (sample, compose_change_notice("k2", sample, sub, old_due, moved, moved.due,
                                                         language=language)),
        "removed": (sample, compose_change_notice("k3", sample, sub, old_due, None, old_due, language=language)),
        "removed, nameless": (sample, compose_change_notice("k4", sample, nameless, old_due, None, old_due,
                                                            language=language)),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reminder_kind_is_written_in_the_language(sample: Meeting, language: str) -> None:
    for kind, (meeting, reminder, now) in _every_reminder(sample).items():
        english = compose(reminder, meeting, now).text
        text = compose(reminder, meeting, now, language=language).text
        assert text != english, kind
        assert english_leaks(text, agenda_content(meeting)) == set(), (kind, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_change_notice_is_written_in_the_language(sample: Meeting, language: str) -> None:
    for kind, (meeting, notice) in _notices(sample, language).items():
        assert english_leaks(notice.text, agenda_content(meeting)) == set(), (kind, notice.text)


def test_the_words_read_naturally(sample: Meeting) -> None:
    kinds = _every_reminder(sample)
    meeting, session, _ = kinds["session, late"]
    fr = compose(session, meeting, session.due + timedelta(minutes=20), language="fr")
    assert fr.title == "Morning session a commencé il y a 5 minutes — 10 h – 13 h, heure de New York"
    assert fr.late_note == ("Ce rappel arrive avec 20 minutes de retard : agendabot ne fonctionnait pas "
                            "à l'heure prévue.")
    meeting, preview, now = kinds["day before"]
    es = compose(preview, meeting, now, language="es")
    assert es.title == "Mañana: Second Coordination Meeting on International Migration — miércoles 15 de octubre"
    meeting, dm, now = kinds["rapporteur's DM"]
    assert compose(dm, meeting, now, language="es").title == (
        "Usted es relator: IX. Rapporteur's report figura en la sesión «Afternoon session», "
        "que empieza dentro de 2 horas (15:00).")


def test_a_channel_reads_the_meeting_language_and_a_dm_its_reader(sample: Meeting) -> None:
    sub = Subscription("U1", Target.for_session(sample.days[0].sessions[1]), 10, id=1, language="es-ES")
    inputs = PlanInputs(sample, parse_policy("15m"), channel_id="C1", rapporteur="U9",
                        subscriptions=(sub,), language="fr", rapporteur_language="es")
    by_kind = {r.kind: reader_language(r, inputs) for r in plan(inputs)}
    assert by_kind == {ReminderKind.SESSION: "fr", ReminderKind.RAPPORTEUR_REPORT: "fr",
                       ReminderKind.RAPPORTEUR_DM: "es", ReminderKind.PERSONAL: "es-ES"}
    unknown = dataclasses.replace(inputs, subscriptions=(dataclasses.replace(sub, language=None),))
    personal = next(r for r in plan(unknown) if r.kind is ReminderKind.PERSONAL)
    assert reader_language(personal, unknown) is None  # English, as their answers would be


def test_a_french_meeting_posts_in_french_and_a_spanish_subscriber_gets_spanish(
    db_factory: sessionmaker[DBSession],
) -> None:
    slug = "coordination-meeting-2003"
    afternoon = sample_meeting().sessions[1]
    with transaction(db_factory) as db:
        save_meeting(db, sample_meeting(), author="test")
        db.execute(models.Meeting.__table__.update().values(channel_id="C1"))
        set_meeting_language(db, slug, "fr")
        save_facts(db, "U5", team_id="T1", tz=None, is_admin=False, now=ny("2003-10-01 09:00"), locale="es-ES")
        add_subscription(db, slug, "U5", Target.for_session(afternoon), 15)
    clock = FixedClock(ny("2003-10-15 14:30"))
    notifier = RecordingNotifier()
    deliverer = Deliverer(db_factory, notifier, SqlLedger(db_factory), clock=clock,
                          retry=RetryPolicy(attempts=2, base=0.01, max_delay=0.05))
    runner = ClockDrivenRunner(deliverer)
    try:
        runner.start()
        clock.set(ny("2003-10-15 14:45"))
        runner.run_due(wait=5)
        assert notifier.wait_for(2)
    finally:
        runner.stop()
        deliverer.close()
    posted = {p.destination.kind: p.message.text for p in notifier.posts}
    assert posted["channel"].startswith("Afternoon session commence dans 15 minutes — 15 h – 18 h, heure de New York")
    assert posted["dm"].startswith("Su recordatorio: Afternoon session — empieza dentro de 15 minutos (15:00).")


def test_a_person_language_is_found_under_their_workspace(db_factory: sessionmaker[DBSession]) -> None:
    with transaction(db_factory) as db:
        save_facts(db, "T1/U7", team_id="T1", tz=None, is_admin=False, now=ny("2003-10-01 09:00"), locale="fr-FR")
        save_facts(db, "U8", team_id="T1", tz=None, is_admin=False, now=ny("2003-10-01 09:00"), locale=None)
    with db_factory() as db:
        assert person_languages(db, ["U7", "U8", "U9"], "T1") == {"U7": "fr-FR"}
        assert person_languages(db, ["U7"], None) == {}  # another deployment's person
