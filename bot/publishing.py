"""Who may open a meeting's page and calendar feeds, and the secret links that let them.

A meeting is private until an organizer publishes it (``/agenda publish page
on``, ``agendabot publish SLUG on``): a secretariat circulates an agenda on
purpose, and a draft imported to try the bot out must not be on the web for
anyone who guesses its slug. A private page and feed open only through a
secret link, ``/m/<token>`` (or ``/m/<slug>?key=<token>``):

- the meeting's link (``user_id`` ''), for organizers to pass around;
- each participant's personal link, whose feed holds only the sessions and
  items they asked reminders for (``/agenda calendar`` sends it by DM).

Links are random (256 bits), stored, and revocable: a revoked token opens
nothing, and asking again makes a new one. Nothing here knows HTTP or Slack.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session as DBSession

from store import models

PUBLIC_URL_ENV = "AGENDABOT_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://localhost:3000"


class PublishingError(ValueError):
    """No such meeting, or a request we cannot carry out; the message says which."""


@dataclass(frozen=True)
class Access:
    """What a request may see: one meeting, and whose personal feed (None: the meeting's)."""

    meeting_id: int
    slug: str
    user: str | None = None
    token: str | None = None  # the link it came through; None for a public meeting by slug


@dataclass(frozen=True)
class Links:
    """Absolute addresses of a meeting's page and feeds, for a DM or a button."""

    page: str
    feed: str
    pdf: str
    personal_feed: str | None = None


def public_url(env: dict[str, str] | None = None) -> str:
    """Where people reach this deployment (``AGENDABOT_PUBLIC_URL``), without a trailing slash."""
    value = (env if env is not None else os.environ).get(PUBLIC_URL_ENV, "") or DEFAULT_PUBLIC_URL
    return value.rstrip("/")


def _meeting(db: DBSession, slug: str) -> models.Meeting:
    row = db.scalar(select(models.Meeting).where(models.Meeting.slug == slug))
    if row is None:
        raise PublishingError(f"There is no meeting “{slug}”.")
    return row


def is_public(db: DBSession, slug: str) -> bool:
    return _meeting(db, slug).web_public


def set_public(db: DBSession, slug: str, public: bool) -> None:
    _meeting(db, slug).web_public = public
    db.flush()


def _active(db: DBSession, meeting_id: int, user: str) -> models.CalendarLink | None:
    return db.scalar(
        select(models.CalendarLink)
        .where(
            models.CalendarLink.meeting_id == meeting_id,
            models.CalendarLink.user_id == user,
            models.CalendarLink.revoked_at.is_(None),
        )
        .order_by(models.CalendarLink.created_at.desc())
        .limit(1)
    )


def link_token(db: DBSession, slug: str, user: str = "", *, now: datetime) -> str:
    """The active secret token of the meeting (``user`` '') or of ``user``'s personal feed,
    made on first request."""
    meeting = _meeting(db, slug)
    found = _active(db, meeting.id, user)
    if found is not None:
        return found.token
    token = secrets.token_urlsafe(32)
    db.add(models.CalendarLink(token=token, meeting_id=meeting.id, user_id=user, created_at=now))
    db.flush()
    return token


def revoke(db: DBSession, slug: str, user: str = "", *, now: datetime) -> int:
    """Revoke the meeting's (``user`` '') or ``user``'s links; how many were active."""
    meeting = _meeting(db, slug)
    done = db.execute(
        update(models.CalendarLink)
        .where(
            models.CalendarLink.meeting_id == meeting.id,
            models.CalendarLink.user_id == user,
            models.CalendarLink.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    return int(done.rowcount)  # type: ignore[attr-defined]


# Built once: every page and feed request asks it first.
_BY_SLUG = select(models.Meeting.id, models.Meeting.slug, models.Meeting.web_public).where(
    models.Meeting.slug == bindparam("slug"))


def resolve(db: DBSession, name: str, key: str | None = None) -> Access | None:
    """What ``/m/<name>`` (with ``?key=``) may show; None when nothing (unknown, private
    without a valid key, revoked). A key for one meeting never opens another."""
    row = db.execute(_BY_SLUG, {"slug": name}).first()
    if row is not None:
        if key:
            link = _link(db, key)
            if link is not None and link.meeting_id == row.id:
                return Access(row.id, row.slug, link.user_id or None, key)
        return Access(row.id, row.slug) if row.web_public else None
    if key:
        return None
    link = _link(db, name)
    if link is None:
        return None
    slug = db.scalar(select(models.Meeting.slug).where(models.Meeting.id == link.meeting_id))
    return Access(link.meeting_id, slug or "", link.user_id or None, name) if slug else None


def _link(db: DBSession, token: str) -> models.CalendarLink | None:
    if len(token) < 20:  # every token we hand out is 43 characters; do not look up slugs
        return None
    link = db.get(models.CalendarLink, token)
    return link if link is not None and link.revoked_at is None else None


def links(db: DBSession, slug: str, user: str | None = None, *, now: datetime, base: str | None = None) -> Links:
    """The page, feed and PDF addresses a person may open: by slug when the meeting is
    public, else through the meeting's secret link; with ``user``, their personal feed too."""
    base = base if base is not None else public_url()
    meeting = _meeting(db, slug)
    name = slug if meeting.web_public else link_token(db, slug, now=now)
    personal = f"{base}/m/{link_token(db, slug, user, now=now)}.ics" if user else None
    return Links(f"{base}/m/{name}", f"{base}/m/{name}.ics", f"{base}/m/{name}.pdf", personal)
