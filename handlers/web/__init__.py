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

Rendering is cached per worker, keyed by everything it depends on (the
meeting's revision, its reminder settings' version, the person, the session
under way): a request costs one indexed query to find the link and one to
check those, and a render only after a change.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy import select
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import publishing
from bot.clock import Clock, SystemClock
from bot.reminders.planner import TargetKind
from bot.reminders.settings import get_policy
from handlers.web import feeds, page
from store import models
from store.agenda import load_meeting
from store.values import Meeting

log = logging.getLogger(__name__)

PREFIX = "/m/"
CACHE_SIZE = 256
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


@dataclass(frozen=True)
class Rendered:
    body: bytes
    etag: str
    last_modified: datetime
    kind: str  # html | ics | pdf
    encoding: str = ""  # "gzip" when the body is compressed


@dataclass(frozen=True)
class _State:
    """What a render depends on, read in one query."""

    revision: int
    settings_version: int
    last_modified: datetime


class WebAgenda:
    """Answers ``/m/`` requests; ``handle`` returns None for any other path."""

    def __init__(self, factory: sessionmaker[DBSession], clock: Clock | None = None, *, pdf: bool = True) -> None:
        self.factory = factory
        self.clock = clock or SystemClock()
        self.pdf = pdf
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[Any, ...], Rendered] = OrderedDict()
        self._meetings: dict[tuple[int, int], Meeting] = {}
        self._gzip: OrderedDict[str, Rendered] = OrderedDict()

    # --- WSGI ---------------------------------------------------------------------------------

    def handle(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes] | None:
        path = environ.get("PATH_INFO") or ""
        if not path.startswith(PREFIX):
            return None
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, HEAD"), ("Content-Length", "0")])
            return [b""]
        name = path[len(PREFIX):]
        kind = "html"
        for suffix in ("ics", "pdf"):
            if name.endswith("." + suffix):
                name, kind = name[: -len(suffix) - 1], suffix
        key = (parse_qs(environ.get("QUERY_STRING") or "").get("key") or [""])[0]
        try:
            rendered = self.render(name, key or None, kind)
        except Exception:
            log.exception("could not render %s", path)
            return _send(start_response, "500 Internal Server Error", b"Something went wrong.", "text/plain", method)
        if rendered is None:
            body = page.render_missing().encode()
            return _send(start_response, "404 Not Found", body, _TYPES["html"], method, private=True)
        if rendered.kind != "pdf" and _accepts_gzip(environ):
            rendered = self._gzipped(rendered)
        if _not_modified(environ, rendered):
            start_response("304 Not Modified", [*self._validators(rendered), *_SECURITY])
            return [b""]
        headers = [
            ("Content-Type", _TYPES[rendered.kind]),
            ("Content-Length", str(len(rendered.body))),
            *self._validators(rendered),
            *_SECURITY,
        ]
        if rendered.encoding:
            headers.append(("Content-Encoding", rendered.encoding))
        if rendered.kind == "pdf":
            headers.append(("Content-Disposition", f'inline; filename="{name if len(name) < 80 else "agenda"}.pdf"'))
        start_response("200 OK", headers)
        return [b""] if method == "HEAD" else [rendered.body]

    def _gzipped(self, rendered: Rendered) -> Rendered:
        """The same answer gzipped (a 1,000-talk feed: 900 kB down to a tenth), made once."""
        with self._lock:
            found = self._gzip.get(rendered.etag)
        if found is None:
            # mtime=0: the same bytes every time, so the ETag stays true across workers.
            body = gzip.compress(rendered.body, compresslevel=6, mtime=0)
            found = dataclasses.replace(rendered, body=body, etag=rendered.etag[:-1] + '-gzip"', encoding="gzip")
            with self._lock:
                self._gzip[rendered.etag] = found
                while len(self._gzip) > CACHE_SIZE:
                    self._gzip.popitem(last=False)
        return found

    @staticmethod
    def _validators(rendered: Rendered) -> list[tuple[str, str]]:
        return [
            ("ETag", rendered.etag),
            ("Vary", "Accept-Encoding"),
            ("Last-Modified", format_datetime(rendered.last_modified, usegmt=True)),
            # Always revalidate (cheap: 304), and keep secret links out of shared caches.
            ("Cache-Control", "private, no-cache"),
        ]

    # --- rendering ----------------------------------------------------------------------------

    def render(self, name: str, key: str | None, kind: str) -> Rendered | None:
        """The page, feed or PDF ``/m/<name>`` shows, or None when the request may see nothing."""
        if kind == "pdf" and not self.pdf:
            return None
        with self.factory() as db:
            access = publishing.resolve(db, name, key)
            if access is None:
                return None
            state = _state(db, access.meeting_id)
            if state is None:
                return None
            meeting = self._meeting(db, access, state)
        now = self.clock.now()
        if kind == "ics":
            return self._feed(access, state, meeting)
        links = _relative_links(name, key)
        if kind == "pdf":
            # Printed, it outlives the moment: no session marked, one render per revision
            # (a 1,000-talk PDF takes WeasyPrint most of a minute).
            cache_key: tuple[Any, ...] = (kind, access.meeting_id, state.revision, links)
            return self._cached(cache_key, lambda: self._page(meeting, links, None, state, kind))
        cache_key = (kind, access.meeting_id, state.revision, page.current_session(meeting, now), links)
        return self._cached(cache_key, lambda: self._page(meeting, links, now, state, kind))

    def _page(self, meeting: Meeting, links: page.Links, now: datetime | None, state: _State,
              kind: str) -> Rendered:
        html = page.render(meeting, links, now)
        if kind == "pdf":
            from handlers.web.pdf import html_to_pdf

            return _rendered(html_to_pdf(html), state, "pdf")
        return _rendered(html.encode(), state, "html")

    def _feed(self, access: publishing.Access, state: _State, meeting: Meeting) -> Rendered:
        cache_key = ("ics", access.meeting_id, access.user, state.revision, state.settings_version)

        def build() -> Rendered:
            with self.factory() as db:
                policy = get_policy(db, meeting.slug)
                choices = _choices(db, access.meeting_id, access.user) if access.user else []
            cal, entries = feeds.build(meeting, policy, state.last_modified)
            if access.user:
                cal = feeds.personal(cal, entries, choices, access.user)
                events = list(cal.events)
            else:
                events = [e.event for e in entries]
            texts = {str(e["uid"]): feeds.serialize(e) for e in events}
            numbers = feeds.sequences(self.factory, access.meeting_id, state.revision,
                                      {uid: feeds.fingerprint(text) for uid, text in texts.items()})
            return _rendered(feeds.finish(cal, texts, numbers), state, "ics")

        return self._cached(cache_key, build)

    def _meeting(self, db: DBSession, access: publishing.Access, state: _State) -> Meeting:
        key = (access.meeting_id, state.revision)
        with self._lock:
            found = self._meetings.get(key)
        if found is None:
            found = load_meeting(db, access.slug)
            assert found is not None
            with self._lock:
                # One revision per meeting is enough: an older one is never asked for again.
                for old in [k for k in self._meetings if k[0] == access.meeting_id]:
                    del self._meetings[old]
                self._meetings[key] = found
        return found

    def _cached(self, key: tuple[Any, ...], build: Callable[[], Rendered]) -> Rendered:
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        rendered = build()
        with self._lock:
            self._cache[key] = rendered
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return rendered


def _state(db: DBSession, meeting_id: int) -> _State | None:
    row = db.execute(
        select(models.Meeting.revision, models.Meeting.updated_at, models.ReminderSettings.version,
               models.ReminderSettings.updated_at)
        .outerjoin(models.ReminderSettings, models.ReminderSettings.meeting_id == models.Meeting.id)
        .where(models.Meeting.id == meeting_id)
    ).first()
    if row is None:
        return None
    revision, updated, version, settings_updated = row
    last = max(t for t in (updated, settings_updated) if t is not None)
    return _State(revision, version or 0, last.astimezone(UTC).replace(microsecond=0))


def _choices(db: DBSession, meeting_id: int, user: str) -> list[feeds.Choice]:
    table = models.ReminderSubscription
    rows = db.execute(
        select(table.target_kind, table.target_key, table.lead_minutes)
        .where(table.meeting_id == meeting_id, table.user_id == user)
    )
    return [feeds.Choice(TargetKind(kind), key, lead) for kind, key, lead in rows]


def _relative_links(name: str, key: str | None) -> page.Links:
    # Relative to /m/<name>, so the page works behind any host and prefix a proxy gives it.
    query = f"?key={key}" if key else ""
    return page.Links(feed=f"{name}.ics{query}", pdf=f"{name}.pdf{query}")


def _rendered(body: bytes, state: _State, kind: str) -> Rendered:
    return Rendered(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"', state.last_modified, kind)


def _accepts_gzip(environ: dict[str, Any]) -> bool:
    for token in (environ.get("HTTP_ACCEPT_ENCODING") or "").split(","):
        name, _, params = token.strip().partition(";")
        if name.strip().lower() == "gzip":
            return params.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _not_modified(environ: dict[str, Any], rendered: Rendered) -> bool:
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match is not None:
        tags = {t.strip().removeprefix("W/") for t in match.split(",")}
        return rendered.etag in tags or "*" in tags
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since:
        try:
            when = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return rendered.last_modified <= when
    return False


def _send(start_response: StartResponse, status: str, body: bytes, content_type: str, method: str | None,
          *, private: bool = False) -> list[bytes]:
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *_SECURITY]
    if private:
        headers.append(("Cache-Control", "no-store"))
    start_response(status, headers)
    return [b""] if method == "HEAD" else [body]
