"""Keeping a published schedule current: follow a URL, and bring its changes in like an upload.

``/agenda sync URL`` (organizers) and ``agendabot import URL --sync 10m``
record a ``ScheduleSource`` for the meeting. A ``Follower`` (started with the
app) checks each source when it is due:

1. a conditional GET (``If-None-Match`` / ``If-Modified-Since`` from the last
   answer): a 304, or a body identical to the last one, changes nothing;
2. the body is read by the same importers as an upload; a schedule that cannot
   be read, or reads as no sessions at all, is a *failure*, never an empty agenda;
3. a change goes through the organizers' pipeline (bot/organizers/proposals.py):
   a revision with its diff, the announcement in the outbox, the reminders
   re-planned. From a source the organizer marked trusted it is applied at once;
   otherwise, and whenever it would drop more than half of the agenda (a
   truncated file that still parses), the organizers get the preview to confirm.

Failures back off (the interval doubled per failure, up to ``MAX_BACKOFF``),
are counted in ``/metrics`` and listed in ``/readyz``. Several processes may
run a Follower: a check is claimed by moving the source's ``next_at`` with a
compare-and-set, so one process checks it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import os
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import fetch, metrics, workspace
from bot.clock import Clock, SystemClock
from bot.organizers import Preview, Proposals
from bot.organizers.proposals import Applied, Refused
from bot.words import Command, Words, WordsError
from bot.worker import Worker
from store import schedule_sources
from store.agenda import load_meeting, team_of
from store.db import transaction
from store.importers import parse_agenda_bytes
from store.schedule_sources import Source, SourceStatus
from store.values import AgendaImportError, Meeting

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = timedelta(minutes=10)
MIN_INTERVAL = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=6)
TIMEOUT = 20.0
POLL_SECONDS = 15.0
# Organizers name the URLs, so by default the bot fetches only from public addresses: a
# schedule "on" 127.0.0.1 or 169.254.169.254 would read the server's own network for them.
ALLOW_PRIVATE_ENV = "AGENDABOT_SYNC_ALLOW_PRIVATE"
_INTERVAL = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


class SyncError(WordsError):
    """A request we refuse (bad interval, unknown meeting); the message says why."""


NotModified = fetch.NotModified  # the server said 304


@dataclass(frozen=True)
class Outcome:
    """One check of one source. ``status``: not_modified | unchanged | applied | previewed |
    nothing_to_change | failed. ``text`` says it in a sentence for the organizer."""

    slug: str
    status: str
    text: str
    preview: Preview | None = None
    applied: Applied | None = None


def parse_interval(text: str) -> timedelta:
    """``10m``, ``1h``, ``1h30m``, ``90s`` -> a timedelta of at least a minute."""
    match = _INTERVAL.match(text.strip().lower())
    if not text.strip() or match is None:
        raise SyncError(f"“{text}” is not an interval; write e.g. 10m, 1h or 1h30m.")
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    interval = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    if interval < MIN_INTERVAL:
        raise SyncError("Check a schedule at most once a minute; write 1m or more.")
    return interval


# --- sources ---------------------------------------------------------------------------------


def follow(
    db: DBSession, slug: str, url: str, *, trusted: bool, interval: timedelta = DEFAULT_INTERVAL,
    author: str = "", now: datetime,
) -> Source:
    """Follow ``url`` for meeting ``slug`` (replacing what it followed before); due at once."""
    if not fetch.is_url(url):
        raise SyncError(f"{url}: only http:// and https:// addresses can be followed.")
    saved = schedule_sources.save(db, slug, url, trusted=trusted, interval=interval, author=author, now=now)
    if saved is None:
        raise SyncError(f"There is no meeting “{slug}”.")
    return saved


def unfollow(db: DBSession, slug: str) -> bool:
    return schedule_sources.remove(db, slug)


def statuses(db: DBSession) -> list[SourceStatus]:
    return schedule_sources.statuses(db)


def readiness(factory: sessionmaker[DBSession]) -> dict[str, object]:
    """For ``/readyz``: how many schedules are followed, and those failing with their error.
    A failing schedule does not make the process unready: it still answers everything else."""
    with factory() as db:
        found = statuses(db)
    failing = {s.slug: f"{s.failures} failed checks: {s.error}" for s in found if s.failures}
    return {"followed": len(found), "failing": failing}


# --- one check -------------------------------------------------------------------------------


def private_allowed(env: dict[str, str] | None = None) -> bool:
    value = (env if env is not None else os.environ).get(ALLOW_PRIVATE_ENV, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def check_public(url: str) -> None:
    """FetchError unless every address ``url``'s host resolves to is a public one."""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise fetch.FetchError(f"{url}: cannot find the host {host!r} ({exc})") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise fetch.FetchError(f"{url}: {host} is not a public address; only published schedules can be followed")


class _PublicOnly(fetch._HttpOnly):
    """http and https only (fetch's rule), and a redirect may not lead to a private address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        check_public(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def get(url: str, *, etag: str = "", last_modified: str = "", timeout: float = TIMEOUT,
        max_bytes: int = fetch.MAX_BYTES, allow_private: bool = False) -> tuple[fetch.Fetched, str, str]:
    """A conditional GET: the body and the new ETag and Last-Modified; NotModified on 304,
    FetchError (one line) when the body cannot be had whole, or (unless ``allow_private``)
    when the URL or a redirect leads to an address that is not public."""
    if not allow_private:
        check_public(url)
    headers = {"User-Agent": "agendabot (schedule sync)"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    got = fetch.fetch(url, max_bytes=max_bytes, timeout=timeout, headers=headers,
                      redirects=fetch._HttpOnly if allow_private else _PublicOnly)
    return got, got.etag, got.last_modified


def _drops_most(current: Meeting | None, new: Meeting) -> bool:
    """Whether ``new`` would remove more than half of the sessions or items ``current`` has."""
    if current is None:
        return False
    for before, after in ((current.sessions, new.sessions), (current.items(), new.items())):
        if len(before) >= 4 and len(after) * 2 < len(before):
            return True
    return False


class Checker:
    """Checks sources; ``on_preview`` tells the organizers of a change waiting for them."""

    def __init__(
        self,
        factory: sessionmaker[DBSession],
        clock: Clock | None = None,
        *,
        on_preview: Callable[[Outcome], None] | None = None,
        timeout: float = TIMEOUT,
        allow_private: bool | None = None,
    ) -> None:
        self.factory = factory
        self.clock = clock or SystemClock()
        self.on_preview = on_preview
        self.timeout = timeout
        self.allow_private = private_allowed() if allow_private is None else allow_private

    def check(self, slug: str) -> Outcome:
        """Check ``slug``'s source now, whatever its ``next_at``."""
        with self.factory() as db:
            source = schedule_sources.source(db, slug)
            if source is None:
                raise SyncError(Words.of(f"{slug} follows no published schedule; use ", Command("sync URL"), "."))
            url, etag, modified, digest = source.url, source.etag, source.last_modified, source.content_hash
            trusted, author, team = source.trusted, source.author, team_of(db, slug)
        try:
            got, new_etag, new_modified = get(url, etag=etag, last_modified=modified, timeout=self.timeout,
                                              allow_private=self.allow_private)
        except NotModified:
            return self._ok(slug, "not_modified", "The schedule has not changed.")
        except fetch.FetchError as exc:
            return self._failed(slug, str(exc))
        body_hash = hashlib.sha256(got.data).hexdigest()
        if body_hash == digest:
            return self._ok(slug, "unchanged", "The schedule has not changed.", new_etag, new_modified)
        # As the meeting's own workspace: its revision, and its organizers' DMs with its token.
        with workspace.scoped(team or None):
            outcome = self._bring_in(slug, got, trusted, author)
            if outcome.status == "failed":
                return self._failed(slug, outcome.text)
            # Remembered only once read: a body that failed is read again next time.
            self._ok(slug, outcome.status, outcome.text, new_etag, new_modified, body_hash)
            if outcome.preview is not None and self.on_preview is not None:
                try:
                    self.on_preview(outcome)
                except Exception:
                    log.exception("could not send the preview of %s's schedule change to its organizers", slug)
        return outcome

    def _bring_in(self, slug: str, got: fetch.Fetched, trusted: bool, author: str) -> Outcome:
        with self.factory() as db:
            current = load_meeting(db, slug)
        assert current is not None
        try:
            result = parse_agenda_bytes(got.data, source=got.url, suffix=got.suffix, tz=current.timezone, slug=slug)
        except AgendaImportError as exc:
            return Outcome(slug, "failed", f"the schedule could not be read ({exc}); the agenda was kept as it is")
        if not result.meeting.sessions:
            return Outcome(slug, "failed", "the schedule reads as no sessions at all; the agenda was kept as it is")
        proposals = Proposals(self.factory, self.clock)
        source = f"sync {got.url}"
        warnings = tuple(str(w) for w in result.warnings)
        preview = proposals.preview_meeting(result.meeting, author or "sync", source=source, warnings=warnings)
        if preview.proposal_id is None:
            return Outcome(slug, "nothing_to_change", "The schedule changed, but not the agenda.")
        suspicious = _drops_most(current, result.meeting)
        if trusted and not suspicious:
            done = proposals.confirm(preview.proposal_id, author or "sync", is_admin=True)
            if isinstance(done, Applied):
                metrics.schedule_sync("applied")
                return Outcome(slug, "applied", f"Applied the schedule's changes as revision {done.revision}.",
                               applied=done)
            if isinstance(done, Refused):
                return Outcome(slug, "nothing_to_change", done.text)
            preview = done  # the agenda moved meanwhile: the organizers decide on the fresh preview
        why = ("it would remove most of the agenda, so an organizer must confirm it" if suspicious
               else "an organizer must confirm it")
        metrics.schedule_sync("previewed")
        return Outcome(slug, "previewed", f"The schedule changed; {why}.", preview=preview)

    def _ok(self, slug: str, status: str, text: str, etag: str | None = None, modified: str | None = None,
            digest: str | None = None) -> Outcome:
        now = self.clock.now()
        with transaction(self.factory) as db:
            schedule_sources.record_ok(db, slug, now, etag=etag, modified=modified, digest=digest)
        if status in ("not_modified", "unchanged", "nothing_to_change"):
            metrics.schedule_sync(status)
        return Outcome(slug, status, text)

    def _failed(self, slug: str, error: str) -> Outcome:
        now = self.clock.now()
        with transaction(self.factory) as db:
            schedule_sources.record_failure(db, slug, error, now, MAX_BACKOFF)
        metrics.schedule_sync("failed")
        log.warning("schedule of %s: %s", slug, error)
        return Outcome(slug, "failed", error)

    def due(self) -> list[str]:
        """Claim the sources due now (each by one process) and return their meetings' slugs."""
        now = self.clock.now()
        with self.factory() as db:
            found = schedule_sources.due(db, now)
        claimed = []
        for source in found:
            with transaction(self.factory) as db:
                # Pushed a while ahead: a check that dies midway is retried, but not by everyone at once.
                if schedule_sources.claim(db, source, now + source.interval):
                    claimed.append(source.slug)
        return claimed

    def run_due(self) -> list[Outcome]:
        out = []
        for slug in self.due():
            try:
                out.append(self.check(slug))
            except Exception:
                log.exception("checking the schedule of %s failed", slug)
        return out


class Follower:
    """A worker that runs ``Checker.run_due`` every ``poll`` seconds until stopped."""

    def __init__(self, checker: Checker, *, poll: float = POLL_SECONDS) -> None:
        self.checker = checker
        self.poll = poll
        self._worker = Worker(
            "schedule-sync", self._check, every=poll, wait_first=True, clock=checker.clock,
            failure="checking followed schedules failed; trying again", logger=log,
        )

    def _check(self) -> None:
        self.checker.run_due()

    def start(self) -> None:
        self._worker.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._worker.stop(timeout)
