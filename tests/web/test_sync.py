"""Following a published schedule, against a local server that changes it, fails and stalls."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import metrics
from bot import sync as schedule_sync
from bot.clock import FixedClock
from store import models
from store.agenda import load_meeting
from store.db import transaction
from store.values import Meeting
from tests.helpers import SAMPLE
from tests.web.conftest import SLUG

ORIGINAL = SAMPLE.read_bytes()
# The first day's afternoon half an hour later.
CHANGED = ORIGINAL.replace(b'start: "15:00"', b'start: "15:30"', 1)


@dataclass
class Schedule:
    """What the server answers: ``mode`` ok | 500 | slow | truncated | cut (a short body,
    no length), with ETag and Last-Modified derived from the body."""

    body: bytes = ORIGINAL
    mode: str = "ok"
    seen: list[dict[str, str]] = field(default_factory=list)

    @property
    def etag(self) -> str:
        return f'"{hash(self.body) & 0xFFFFFFFF:x}"'


@pytest.fixture
def schedule() -> Iterator[tuple[Schedule, str]]:
    state = Schedule()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (the http.server interface)
            state.seen.append({k: v for k, v in self.headers.items() if k.startswith("If-")})
            if state.mode == "500":
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if state.mode == "slow":
                time.sleep(1.5)
            if self.headers.get("If-None-Match") == state.etag and state.mode == "ok":
                self.send_response(304)
                self.end_headers()
                return
            body = state.body
            self.send_response(200)
            self.send_header("Content-Type", "application/yaml")
            self.send_header("ETag", state.etag)
            if state.mode == "cut":  # a short body with no length: only the parser can tell
                body = body[: body.index(b"      - title: Afternoon session")]
                self.send_header("Connection", "close")
            else:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if state.mode == "truncated":
                body = body[: len(body) // 2]
            self.wfile.write(body)
            self.wfile.flush()
            self.close_connection = True

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_port}/schedule.yaml"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def previews() -> list[schedule_sync.Outcome]:
    return []


@pytest.fixture
def checker(db_factory: sessionmaker[Session], clock: FixedClock, previews: list) -> schedule_sync.Checker:
    # The test's server is on 127.0.0.1, which organizers may not name (see the test below).
    return schedule_sync.Checker(db_factory, clock, on_preview=previews.append, timeout=0.5, allow_private=True)


def _follow(db_factory, clock, url: str, *, trusted: bool) -> None:
    with transaction(db_factory) as db:
        schedule_sync.follow(db, SLUG, url, trusted=trusted, interval=timedelta(minutes=10), author="U_ORG",
                             now=clock.now())


def _afternoon_start(db_factory) -> str:
    with db_factory() as db:
        meeting = load_meeting(db, SLUG)
    assert meeting is not None
    start = meeting.days[0].sessions[1].starts_at
    assert start is not None
    return f"{start:%H:%M}"


def _revision(db_factory) -> int:
    with db_factory() as db:
        return db.scalar(select(models.Meeting.revision).where(models.Meeting.slug == SLUG)) or 0


def _source(db_factory) -> models.ScheduleSource:
    with db_factory() as db:
        row = db.scalar(select(models.ScheduleSource))
        assert row is not None
        db.expunge(row)
        return row


def test_a_trusted_schedule_is_applied_announced_and_then_asked_conditionally(
    db_factory, clock, meeting: Meeting, schedule, checker
):
    state, url = schedule
    _follow(db_factory, clock, url, trusted=True)
    assert checker.check(SLUG).status == "nothing_to_change"  # the same agenda as stored
    state.body = CHANGED
    outcome = checker.check(SLUG)
    assert outcome.status == "applied" and outcome.applied is not None
    assert _afternoon_start(db_factory) == "15:30"
    with db_factory() as db:
        announced = db.scalars(select(models.AgendaAnnouncement)).all()
        history = db.scalars(select(models.Revision).order_by(models.Revision.number)).all()
    assert [a.revision for a in announced] == [outcome.applied.revision]
    assert "15:30" in announced[0].text or "Afternoon" in announced[0].text
    assert history[-1].source == f"sync {url}"
    # The next check sends the validators and gets a 304; nothing changes.
    assert checker.check(SLUG).status == "not_modified"
    assert state.seen[-1].get("If-None-Match") == state.etag
    assert _revision(db_factory) == outcome.applied.revision


def test_an_untrusted_schedule_is_previewed_to_the_organizers(db_factory, clock, meeting, schedule, checker, previews):
    state, url = schedule
    _follow(db_factory, clock, url, trusted=False)
    state.body = CHANGED
    before = _revision(db_factory)
    outcome = checker.check(SLUG)
    assert outcome.status == "previewed"
    assert previews == [outcome] and outcome.preview is not None and outcome.preview.proposal_id
    assert _revision(db_factory) == before and _afternoon_start(db_factory) == "15:00"
    with db_factory() as db:
        proposal = db.get(models.AgendaProposal, outcome.preview.proposal_id)
        assert proposal is not None and proposal.status == "pending"
    # Seen once: the same schedule is not previewed again at every check.
    assert checker.check(SLUG).status in ("not_modified", "unchanged")
    assert len(previews) == 1


@pytest.mark.parametrize("mode, says", [
    ("500", "HTTP 500"),
    ("slow", "within 0.5 seconds"),
    ("truncated", "cut short"),
])
def test_a_failing_schedule_backs_off_and_never_touches_the_agenda(
    db_factory, clock, meeting, schedule, checker, mode: str, says: str
):
    state, url = schedule
    _follow(db_factory, clock, url, trusted=True)
    state.body, state.mode = CHANGED, mode
    before = _revision(db_factory)
    failed_before = metrics.SCHEDULE_SYNCS.labels(result="failed")._value.get()
    first = checker.check(SLUG)
    assert first.status == "failed" and says in first.text
    assert checker.check(SLUG).status == "failed"
    source = _source(db_factory)
    assert source.failures == 2 and says in source.error
    assert source.next_at == clock.now() + timedelta(minutes=10) * 4  # doubled per failure
    assert _revision(db_factory) == before and _afternoon_start(db_factory) == "15:00"
    assert schedule_sync.readiness(db_factory)["failing"] == {SLUG: f"2 failed checks: {source.error}"}
    assert metrics.SCHEDULE_SYNCS.labels(result="failed")._value.get() == failed_before + 2
    assert b'agendabot_schedule_sync_total{result="failed"}' in metrics.render()
    # It recovers: the change comes in and the failures are forgotten.
    state.mode = "ok"
    assert checker.check(SLUG).status == "applied"
    assert _source(db_factory).failures == 0 and schedule_sync.readiness(db_factory)["failing"] == {}


def test_a_schedule_that_is_no_longer_readable_keeps_the_agenda(db_factory, clock, meeting, schedule, checker):
    state, url = schedule
    _follow(db_factory, clock, url, trusted=True)
    with db_factory() as db:
        before = load_meeting(db, SLUG)
    for unreadable in (b"\x00\x01 this is not a schedule \xff", b"agendabot: 1\nmeeting:\n  title: [unclosed\n"):
        state.body = unreadable
        outcome = checker.check(SLUG)
        assert outcome.status == "failed" and "kept as it is" in outcome.text
    with db_factory() as db:
        assert load_meeting(db, SLUG) == before


def test_a_cut_file_that_still_parses_is_previewed_even_from_a_trusted_source(
    db_factory, clock, meeting, schedule, checker, previews
):
    state, url = schedule
    _follow(db_factory, clock, url, trusted=True)
    state.mode = "cut"
    outcome = checker.check(SLUG)
    assert outcome.status == "previewed" and "remove most of the agenda" in outcome.text
    with db_factory() as db:
        assert len(load_meeting(db, SLUG).sessions) == 4


def test_due_sources_are_claimed_once(db_factory, clock, meeting, schedule):
    _, url = schedule
    _follow(db_factory, clock, url, trusted=True)
    one = schedule_sync.Checker(db_factory, clock)
    two = schedule_sync.Checker(db_factory, clock)
    assert one.due() == [SLUG]
    assert two.due() == []
    clock.advance(timedelta(minutes=11))
    assert two.due() == [SLUG]


def test_intervals():
    assert schedule_sync.parse_interval("10m") == timedelta(minutes=10)
    assert schedule_sync.parse_interval("1h30m") == timedelta(minutes=90)
    for bad in ("", "soon", "10", "30s"):
        with pytest.raises(schedule_sync.SyncError):
            schedule_sync.parse_interval(bad)


def test_organizers_cannot_point_the_bot_at_private_addresses(db_factory, clock, meeting, schedule, monkeypatch):
    state, url = schedule
    _follow(db_factory, clock, url, trusted=True)
    monkeypatch.delenv(schedule_sync.ALLOW_PRIVATE_ENV, raising=False)
    guarded = schedule_sync.Checker(db_factory, clock, timeout=0.5)
    outcome = guarded.check(SLUG)
    assert outcome.status == "failed" and "not a public address" in outcome.text
    assert state.seen == []  # nothing was even asked
    for private in ("http://10.0.0.1/s.ics", "http://169.254.169.254/latest", "http://[::1]/x", "http://localhost/x"):
        with pytest.raises(schedule_sync.fetch.FetchError, match="not a public address"):
            schedule_sync.check_public(private)
    monkeypatch.setenv(schedule_sync.ALLOW_PRIVATE_ENV, "1")
    assert schedule_sync.Checker(db_factory, clock).allow_private


def test_a_redirect_to_a_private_address_is_refused():
    handler = schedule_sync._PublicOnly()
    with pytest.raises(schedule_sync.fetch.FetchError, match="not a public address"):
        handler.redirect_request(None, None, 302, "Found", {}, "http://127.0.0.1:9/schedule.json")
