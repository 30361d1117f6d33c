"""What every ``agendabot`` command shares: exit codes, the one-line error, the store, and
reading the options (--tz, --now, --day, --meeting) the same way everywhere."""

from __future__ import annotations

import sys
from datetime import date, datetime
from enum import IntEnum
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.answers import Answer
from bot.assistant import Assistant
from bot.clock import SystemClock, parse_moment
from bot.config import Settings
from store.agenda import save_meeting
from store.db import make_engine, make_sessionmaker, transaction, upgrade
from store.values import Meeting

SAMPLE_MEETING = Path(__file__).parent / "sample" / "coordination-meeting-2003.yaml"


class Exit(IntEnum):
    OK = 0
    FAILED = 1
    BAD_INPUT = 2


class CommandError(Exception):
    """A one-line reason to stop, with the exit status to stop with."""

    def __init__(self, message: str, status: Exit = Exit.BAD_INPUT) -> None:
        super().__init__(message)
        self.status = status


def open_store(settings: Settings) -> sessionmaker[DBSession]:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return make_sessionmaker(engine)


def zone(name: str | None) -> str | None:
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CommandError(f"{name!r} is not a time zone; use an IANA name such as Europe/Zurich") from None
    return name


def moment(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return parse_moment(text)
    except ValueError:
        raise CommandError(f"--now {text!r} is not an ISO 8601 time, e.g. 2003-10-15T09:30-04:00") from None


def day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--day {text!r} is not a date (YYYY-MM-DD)") from None


def pick_meeting(
    factory: sessionmaker[DBSession], slug: str | None, now: datetime | None = None
) -> Meeting:
    assistant = Assistant(factory, SystemClock())
    with factory() as db:
        chosen = assistant.choose_meeting(db, slug=slug, channel=None, now=now or SystemClock().now())
    if isinstance(chosen, Answer):
        hint = " Pass --meeting SLUG." if chosen.choices else ""
        raise CommandError(chosen.text + hint)
    return chosen


def load_sample(factory: sessionmaker[DBSession]) -> Meeting:
    """Put the bundled sample meeting in the store (a no-op when it is already there)."""
    from store.importers import load_agenda

    meeting = load_agenda(SAMPLE_MEETING).meeting
    with transaction(factory) as db:
        save_meeting(db, meeting, author="agendabot", source="bundled sample")
    return meeting


def confirm(question: str, yes: bool) -> None:
    """Go on only when the operator says so: ``--yes``, or "y" typed at a terminal.

    Without a terminal to ask at (a script, a pipe) and without ``--yes`` nothing is
    removed: a removal cannot be undone, so silence is not consent.
    """
    if yes:
        return
    if not sys.stdin.isatty():
        raise CommandError(f"{question} Not confirmed: pass --yes to remove without asking.")
    try:
        said = input(f"{question} [y/N] ")
    except EOFError:
        said = ""
    if said.strip().lower() not in ("y", "yes"):
        raise CommandError("Not removed.")
