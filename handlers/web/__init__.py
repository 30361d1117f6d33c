"""The agenda beyond Slack: a meeting's page, PDF and calendar feeds over HTTP, under ``/m/``.

One more transport of the core's values, served by the same WSGI app as
``/slack/events`` (handlers/slack/server.py hands ``/m/`` requests here):

- ``GET /m/<slug>`` — the agenda page (a public meeting); ``/m/<token>`` or
  ``/m/<slug>?key=<token>`` — the same through a secret link (bot/publishing.py);
- ``GET /m/<…>.ics`` — the meeting's calendar feed, or a participant's own when
  the token is their personal link;
- ``GET /m/<…>.pdf`` — the page as an A4 PDF.

Anything a request may not see answers 404 with the same page as an unknown
meeting, so a private meeting's slug cannot be probed. Every answer carries an
ETag (and feeds and PDFs a Last-Modified), and a conditional request that
matches gets 304 without a body.

Each answer is keyed by everything it depends on (the meeting's revision and
last change, its reminder settings' version, the link, the person and their
choices, the session under way) and its ETag is a digest of that key, so a
request costs one short read of those versions: a conditional request that
matches is answered 304 from it, before anything is loaded or rendered, and
any other from the cache (``RenderCache``, built by the composition root). An
agenda change makes a new key, so a stale page is never served. PDFs are made
in the background (``PdfMaker``): until one is ready the request gets 503 with
Retry-After and a page that reloads itself.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import publishing
from bot.clock import Clock
from bot.reminders.planner import TargetKind
from bot.reminders.settings import get_policy
from handlers.web import feeds, page
from handlers.web.cache import RenderCache, Rendered
from handlers.web.pdf import PdfMaker
from store import models
from store.agenda import load_meeting
from store.values import Meeting

__all__ = ["PREFIX", "PdfMaker", "RenderCache", "Rendered", "WebAgenda"]

log = logging.getLogger(__name__)

PREFIX = "/m/"
# How long a request waits for a PDF being made before it answers "being prepared":
# a typical agenda's PDF is made in about a second; a 1,000-talk one takes tens.
PDF_WAIT_SECONDS = 3.0
PDF_RETRY_SECONDS = 5
StartResponse = Callable[..., Any]

_TYPES = {
    "html": "text/html; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
    "pdf": "application/pdf",
}
# No third-party requests, no framing, and no Referer that would carry a secret link's token
# to a document's site. The page's only script and styles are inline.
_SECURITY = [
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
     "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
]


def _code_version() -> bytes:
    """A digest of the code and templates that shape an answer: an ETag names the bytes
    this version makes, so a deploy that changes them changes every ETag."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*here.glob("*.py"), *here.glob("templates/*"), here.parent.parent / "store/exporters.py"]):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.digest()[:8]


_VERSION = _code_version()


@dataclass(frozen=True)
class _State:
    """What an answer depends on besides the code, read in one short query."""

    revision: int
    updated: datetime  # the meeting row's last write, to the microsecond
    settings_version: int
    last_modified: datetime


@dataclass(frozen=True)
class _Answer:
    """What one request asks for, resolved: who may see which meeting, at which state."""

    access: publishing.Access
    state: _State
    kind: str  # html | ics | pdf
    links: page.Links
    choices: tuple[feeds.Choice, ...]  # a personal feed's reminders
    now: datetime  # read once: the session under way in the key is the one rendered


class WebAgenda:
    """Answers ``/m/`` requests; ``handle`` returns None for any other path."""

    def __init__(self, factory: sessionmaker[DBSession], clock: Clock, *,
                 cache: RenderCache, pdfs: PdfMaker | None = None,
                 pdf_wait: float = PDF_WAIT_SECONDS) -> None:
        self.factory = factory
        self.clock = clock  # the app's: the session under way is the one it answers about
        self.cache = cache
        self.pdfs = pdfs  # None: no PDFs here (404)
        self.pdf_wait = pdf_wait

    # --- WSGI ---------------------------------------------------------------------------------

    def handle(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes] | None:
        path = environ.get("PATH_INFO") or ""
        if not path.startswith(PREFIX):
            return None
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, HEAD"), ("Content-Length", "0")])
            return [b""]
        name, kind = _split(path[len(PREFIX):])
        key = (parse_qs(environ.get("QUERY_STRING") or "").get("key") or [""])[0]
        packed = kind != "pdf" and _accepts_gzip(environ)
        try:
            answer = self.resolve(name, key or None, kind)
            if answer is None:
                body = page.render_missing().encode()
                return _send(start_response, "404 Not Found", body, _TYPES["html"], method, private=True)
            key_ = self._key(answer)
            etag = _etag(key_, packed)
            if _not_modified(environ, etag, answer.state.last_modified):
                start_response("304 Not Modified", [*_validators(etag, answer.state.last_modified), *_SECURITY])
                return [b""]
            rendered = self._answer(answer, key_, packed, wait=self.pdf_wait)
        except Exception:
            log.exception("could not render %s", path)
            return _send(start_response, "500 Internal Server Error", b"Something went wrong.", "text/plain", method)
        if rendered is None:
            body = page.render_preparing(PDF_RETRY_SECONDS).encode()
            return _send(start_response, "503 Service Unavailable", body, _TYPES["html"], method, private=True,
                         extra=[("Retry-After", str(PDF_RETRY_SECONDS))])
        headers = [
            ("Content-Type", _TYPES[rendered.kind]),
            ("Content-Length", str(len(rendered.body))),
            *_validators(rendered.etag, rendered.last_modified),
            *_SECURITY,
        ]
        if rendered.encoding:
            headers.append(("Content-Encoding", rendered.encoding))
        if rendered.kind == "pdf":
            headers.append(("Content-Disposition", f'inline; filename="{name if len(name) < 80 else "agenda"}.pdf"'))
        start_response("200 OK", headers)
        return [b""] if method == "HEAD" else [rendered.body]

    # --- what a request asks for -------------------------------------------------------------

    def resolve(self, name: str, key: str | None, kind: str) -> _Answer | None:
        """Who may see what through ``/m/<name>``, at the meeting's current state; None when
        the request may see nothing. One short read: nothing is loaded or rendered."""
        if kind == "pdf" and self.pdfs is None:
            return None
        with self.factory() as db:
            access = publishing.resolve(db, name, key)
            if access is None:
                return None
            state = _state(db, access.meeting_id)
            if state is None:
                return None
            choices = _choices(db, access.meeting_id, access.user) if access.user and kind == "ics" else ()
        return _Answer(access, state, kind, _relative_links(name, key), choices, self.clock.now())

    def _key(self, answer: _Answer) -> tuple[Any, ...]:
        """Everything ``answer``'s bytes depend on besides the code."""
        state, access = answer.state, answer.access
        base = (answer.kind, access.meeting_id, state.revision, state.updated.isoformat())
        if answer.kind == "ics":
            return (*base, state.settings_version, access.user, answer.choices)
        if answer.kind == "pdf":
            # Printed, it outlives the moment: no session marked, one PDF per revision.
            return (*base, answer.links)
        meeting = self._meeting(answer)  # kept per revision: which session is under way now
        return (*base, answer.links, page.current_session(meeting, answer.now))

    def render(self, name: str, key: str | None, kind: str) -> Rendered | None:
        """The page, feed or PDF ``/m/<name>`` shows (waiting for a PDF to be made), or None
        when the request may see nothing."""
        answer = self.resolve(name, key, kind)
        return None if answer is None else self._answer(answer, self._key(answer), False, wait=None)

    # --- rendering ----------------------------------------------------------------------------

    def _answer(self, answer: _Answer, key: tuple[Any, ...], packed: bool, *, wait: float | None) -> Rendered | None:
        if answer.kind == "pdf":
            return self._pdf(answer, key, wait)
        plain = self.cache.answers.get_or_build(key, lambda: self._build(answer, key))
        if not packed:
            return plain
        # mtime=0: the same bytes every time, so the ETag stays true across workers.
        return self.cache.answers.get_or_build(
            (*key, "gzip"),
            lambda: Rendered(gzip.compress(plain.body, compresslevel=6, mtime=0), _etag(key, True),
                             plain.last_modified, plain.kind, "gzip"),
        )

    def _build(self, answer: _Answer, key: tuple[Any, ...]) -> Rendered:
        meeting = self._meeting(answer)
        if answer.kind == "ics":
            body = self._feed(answer, meeting)
        else:
            body = page.render(meeting, answer.links, answer.now).encode()
        return Rendered(body, _etag(key, False), answer.state.last_modified, answer.kind)

    def _pdf(self, answer: _Answer, key: tuple[Any, ...], wait: float | None) -> Rendered | None:
        assert self.pdfs is not None
        meeting = self._meeting(answer)
        job = self.pdfs.request(key, lambda: page.render_print(meeting, answer.links))
        try:
            body = job.result(timeout=wait)
        except FutureTimeout:
            return None  # still being made: the client asks again
        return Rendered(body, _etag(key, False), answer.state.last_modified, "pdf")

    def _feed(self, answer: _Answer, meeting: Meeting) -> bytes:
        access, state = answer.access, answer.state

        def make_base() -> feeds.FeedBase:
            with self.factory() as db:
                policy = get_policy(db, meeting.slug)
            return feeds.base(meeting, policy, state.last_modified)

        base = self.cache.feeds.get_or_build(
            (access.meeting_id, state.revision, state.updated.isoformat(), state.settings_version), make_base)
        if access.user:
            cal, texts = feeds.personal(base, answer.choices, access.user)
        else:
            cal, texts = base.calendar, dict(base.texts)
        numbers = feeds.sequences(self.factory, access.meeting_id, state.revision,
                                  {uid: feeds.fingerprint(text) for uid, text in texts.items()})
        return feeds.finish(cal, texts, numbers)

    def _meeting(self, answer: _Answer) -> Meeting:
        """The meeting's agenda at ``answer``'s state, loaded once per revision.

        On PostgreSQL the load may see a commit made after the state was read: the agenda
        is then newer than its key, never older, and only requests that read the older
        state (already in flight) use it; the next request's state names the newer one.
        """
        access, state = answer.access, answer.state

        def load() -> Meeting:
            with self.factory() as db:
                found = load_meeting(db, access.slug)
            if found is None:
                raise LookupError(f"{access.slug} went away while it was asked for")
            return found

        return self.cache.meetings.get_or_build((access.meeting_id, state.revision, state.updated.isoformat()), load)


def _split(name: str) -> tuple[str, str]:
    for suffix in ("ics", "pdf"):
        if name.endswith("." + suffix):
            return name[: -len(suffix) - 1], suffix
    return name, "html"


# Built once: asked on every request, and building a statement costs more than running it.
_STATE = (
    select(models.Meeting.revision, models.Meeting.updated_at, models.ReminderSettings.version,
           models.ReminderSettings.updated_at)
    .outerjoin(models.ReminderSettings, models.ReminderSettings.meeting_id == models.Meeting.id)
    .where(models.Meeting.id == bindparam("meeting_id"))
)


def _state(db: DBSession, meeting_id: int) -> _State | None:
    row = db.execute(_STATE, {"meeting_id": meeting_id}).first()
    if row is None:
        return None
    revision, updated, version, settings_updated = row
    last = max(t for t in (updated, settings_updated) if t is not None)
    return _State(revision, updated, version or 0, last.astimezone(UTC).replace(microsecond=0))


def _choices(db: DBSession, meeting_id: int, user: str) -> tuple[feeds.Choice, ...]:
    table = models.ReminderSubscription
    rows = db.execute(
        select(table.target_kind, table.target_key, table.lead_minutes)
        .where(table.meeting_id == meeting_id, table.user_id == user)
        .order_by(table.target_kind, table.target_key, table.lead_minutes)
    )
    return tuple(feeds.Choice(TargetKind(kind), key, lead) for kind, key, lead in rows)


def _relative_links(name: str, key: str | None) -> page.Links:
    # Relative to /m/<name>, so the page works behind any host and prefix a proxy gives it.
    query = f"?key={key}" if key else ""
    return page.Links(feed=f"{name}.ics{query}", pdf=f"{name}.pdf{query}")


def _etag(key: tuple[Any, ...], packed: bool) -> str:
    """A strong validator named by what the bytes depend on (the key and this code's
    version), so it is known before they are made; gzipped bytes have their own."""
    digest = hashlib.blake2b(repr(key).encode(), key=_VERSION, digest_size=12).hexdigest()
    return f'"{digest}-gz"' if packed else f'"{digest}"'


def _validators(etag: str, last_modified: datetime) -> list[tuple[str, str]]:
    return [
        ("ETag", etag),
        ("Vary", "Accept-Encoding"),
        ("Last-Modified", format_datetime(last_modified, usegmt=True)),
        # Always revalidate (cheap: 304), and keep secret links out of shared caches.
        ("Cache-Control", "private, no-cache"),
    ]


def _accepts_gzip(environ: dict[str, Any]) -> bool:
    for token in (environ.get("HTTP_ACCEPT_ENCODING") or "").split(","):
        name, _, params = token.strip().partition(";")
        if name.strip().lower() == "gzip":
            return params.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _not_modified(environ: dict[str, Any], etag: str, last_modified: datetime) -> bool:
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match is not None:
        tags = {t.strip().removeprefix("W/") for t in match.split(",")}
        return etag in tags or "*" in tags
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since:
        try:
            when = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return last_modified <= when
    return False


def _send(start_response: StartResponse, status: str, body: bytes, content_type: str, method: str | None,
          *, private: bool = False, extra: Iterable[tuple[str, str]] = ()) -> list[bytes]:
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *_SECURITY, *extra]
    if private:
        headers.append(("Cache-Control", "no-store"))
    start_response(status, headers)
    return [b""] if method == "HEAD" else [body]
