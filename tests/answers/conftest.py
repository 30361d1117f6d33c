"""Meetings for the answers tests, as values (no database) and by slug."""

from __future__ import annotations

from datetime import datetime

import pytest
from answers_evalset import load_meetings

from bot.answers import Answer, answer_question
from store.values import Meeting


@pytest.fixture(scope="session")
def meetings() -> dict[str, Meeting]:
    return {m.slug: m for m in load_meetings()}


@pytest.fixture(scope="session")
def sample(meetings: dict[str, Meeting]) -> Meeting:
    return meetings["coordination-meeting-2003"]


@pytest.fixture(scope="session")
def geneva(meetings: dict[str, Meeting]) -> Meeting:
    return meetings["geneva-expert-meeting-2024"]


@pytest.fixture(scope="session")
def conference(meetings: dict[str, Meeting]) -> Meeting:
    return meetings["migration-data-conference-2025"]


DURING_SAMPLE = datetime.fromisoformat("2003-10-15T11:00:00-04:00")


def ask(meeting: Meeting, question: str, now: datetime = DURING_SAMPLE, tz: str | None = None) -> Answer:
    return answer_question(question, meeting, now=now, viewer_zone=tz)
