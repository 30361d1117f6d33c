"""The web transport's fixtures: the sample meeting stored, the ``/m/`` app on a fixed clock,
and a tiny WSGI client."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FixedClock
from handlers.web import PdfMaker, RenderCache, WebAgenda
from store.agenda import save_meeting
from store.db import transaction
from store.values import Meeting
from tests.helpers import sample_meeting

SLUG = "coordination-meeting-2003"
# 11:30 in New York on the first day: the first day's morning session is under way.
DURING_MORNING = datetime(2003, 10, 15, 15, 30, tzinfo=UTC)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def call(app: Callable[..., Any], path: str, *, method: str = "GET", headers: dict[str, str] | None = None) -> Response:
    path, _, query = path.partition("?")
    environ: dict[str, Any] = {"PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": method,
                               "wsgi.input": io.BytesIO(b"")}
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    setup_testing_defaults(environ)
    seen: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = int(status.split()[0]), dict(response_headers)

    body = b"".join(app(environ, start_response) or [])
    return Response(seen["status"], seen["headers"], body)


def store(factory: sessionmaker[Session], meeting: Meeting, author: str = "test") -> int | None:
    with transaction(factory) as db:
        return save_meeting(db, meeting, author=author, source="test").revision


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(DURING_MORNING)


@pytest.fixture
def meeting(db_factory: sessionmaker[Session]) -> Meeting:
    meeting = sample_meeting()
    store(db_factory, meeting)
    return meeting


@pytest.fixture
def pdfs() -> Iterator[PdfMaker]:
    maker = PdfMaker()
    yield maker
    maker.close()


@pytest.fixture
def web(db_factory: sessionmaker[Session], clock: FixedClock, pdfs: PdfMaker) -> WebAgenda:
    return WebAgenda(db_factory, clock, cache=RenderCache(), pdfs=pdfs)


@pytest.fixture
def get(web: WebAgenda) -> Callable[..., Response]:
    def handle(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        handled = web.handle(environ, start_response)
        assert handled is not None, "not a /m/ path"
        return handled

    return lambda path, **kw: call(handle, path, **kw)


def moved(meeting: Meeting, session_index: int, minutes: int) -> Meeting:
    """``meeting`` with one session (counted over all days) later by ``minutes``."""
    from datetime import timedelta

    days = []
    index = 0
    for day in meeting.days:
        sessions = []
        for session in day.sessions:
            if index == session_index:
                shift = timedelta(minutes=minutes)
                session = dataclasses.replace(session, starts_at=session.starts_at + shift,  # type: ignore[operator]
                                              ends_at=session.ends_at + shift)  # type: ignore[operator]
            sessions.append(session)
            index += 1
        days.append(dataclasses.replace(day, sessions=tuple(sessions)))
    return dataclasses.replace(meeting, days=tuple(days))
