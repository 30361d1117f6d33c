"""Who may do what with a meeting: one table, one way to tell someone's role, one refusal.

A person's role for a meeting comes from the store (its organizers, its rapporteur)
and, only when that is not enough, from the transport: whether they are a workspace
admin is Slack's ``users.info`` to say, passed in as ``is_admin`` so the rule itself
needs no Slack to test. ``CachedAdminCheck`` keeps that answer for a minute, so a
busy person costs one ``users.info`` a minute and an admin's demotion takes effect
within one.

Widening a rule ("channel managers may organize") is an edit of ``WHO_MAY`` and of
``role_for``; every surface asks ``decide``/``permits``, and each transport renders the
``Refusal`` (Slack: handlers/render/refusals.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy.orm import Session as DBSession

from bot import workspace
from bot.clock import Clock, SystemClock
from store.organizers import is_organizer, meeting_exists, meeting_title, organizers, organizes_any
from store.reminder_settings import rapporteur_of

AdminCheck = Callable[[str], bool]
ADMIN_TTL = timedelta(seconds=60)


class Role(Enum):
    PARTICIPANT = "participant"
    RAPPORTEUR = "rapporteur"
    ORGANIZER = "organizer"
    ADMIN = "admin"  # a workspace admin or owner: may do anything with any meeting


class Action(Enum):
    ASK = "ask"
    REMIND_ME = "remind_me"
    TAKE_NOTES = "take_notes"  # marking a message in the linked channel as a note
    SEE_FAILED_REMINDERS = "see_failed_reminders"
    LINK_CHANNEL = "link_channel"
    SET_REMINDERS = "set_reminders"
    SET_RAPPORTEUR = "set_rapporteur"
    EDIT_AGENDA = "edit_agenda"  # quick edits, imports, uploads, rollbacks, the session editor
    CONFIRM = "confirm"
    CANCEL_PROPOSAL = "cancel_proposal"  # besides, whoever proposed a change may cancel it
    MANAGE_ORGANIZERS = "manage_organizers"
    SET_CURRENT_ITEM = "set_current_item"
    MOVE_NOTE = "move_note"
    DRAFT_REPORT = "draft_report"
    PUBLISH_REPORT = "publish_report"
    PUBLISH_PAGE = "publish_page"  # the agenda page and feed public or by secret link only
    FOLLOW_SCHEDULE = "follow_schedule"  # /agenda sync: keep the agenda to a published schedule


_EVERYONE = frozenset(Role)
_ORGANIZERS = frozenset({Role.ORGANIZER, Role.ADMIN})
_NOTE_KEEPERS = frozenset({Role.RAPPORTEUR, Role.ORGANIZER, Role.ADMIN})

WHO_MAY: Mapping[Action, frozenset[Role]] = {
    Action.ASK: _EVERYONE,
    Action.REMIND_ME: _EVERYONE,
    Action.TAKE_NOTES: _EVERYONE,
    Action.SEE_FAILED_REMINDERS: _ORGANIZERS,
    Action.LINK_CHANNEL: _ORGANIZERS,
    Action.SET_REMINDERS: _ORGANIZERS,
    Action.SET_RAPPORTEUR: _ORGANIZERS,
    Action.EDIT_AGENDA: _ORGANIZERS,
    Action.CONFIRM: _ORGANIZERS,
    Action.CANCEL_PROPOSAL: _ORGANIZERS,
    Action.MANAGE_ORGANIZERS: _ORGANIZERS,
    Action.SET_CURRENT_ITEM: _ORGANIZERS,
    Action.MOVE_NOTE: _NOTE_KEEPERS,
    Action.DRAFT_REPORT: _NOTE_KEEPERS,
    Action.PUBLISH_REPORT: _NOTE_KEEPERS,
    Action.PUBLISH_PAGE: _ORGANIZERS,
    Action.FOLLOW_SCHEDULE: _ORGANIZERS,
}


def may(role: Role, action: Action) -> bool:
    return role in WHO_MAY[action]


def never_admin(_user: str) -> bool:
    """For surfaces with no workspace to ask (tests, a trusted operator passes ``always_admin``)."""
    return False


def always_admin(_user: str) -> bool:
    return True


def as_admin_check(is_admin: bool | AdminCheck) -> AdminCheck:
    """A caller that already knows (the trusted console: True) may say so with a bool."""
    if callable(is_admin):
        return is_admin
    return always_admin if is_admin else never_admin


def role_in_store(db: DBSession, slug: str | None, user: str) -> Role:
    """What the store alone says: a meeting's organizer or rapporteur, else a participant.
    For a new meeting (``slug`` None or unknown), whoever organizes one already (in the
    asking workspace) counts as its organizer: they may create it."""
    if slug is None or not meeting_exists(db, slug):
        return Role.ORGANIZER if organizes_any(db, user, workspace.current()) else Role.PARTICIPANT
    if is_organizer(db, slug, user):
        return Role.ORGANIZER
    if rapporteur_of(db, slug) == user:
        return Role.RAPPORTEUR
    return Role.PARTICIPANT


def role_for(db: DBSession, slug: str | None, user: str, is_admin: AdminCheck,
             wanted: Action | None = None) -> Role:
    """``user``'s role for meeting ``slug``. The admin check is lazy: it is made only when
    the store's role does not already allow ``wanted`` (an organizer costs no Slack call)."""
    role = role_in_store(db, slug, user)
    if wanted is not None and may(role, wanted):
        return role
    return Role.ADMIN if is_admin(user) else role


def permits(db: DBSession, slug: str | None, user: str, action: Action, is_admin: AdminCheck) -> bool:
    return may(role_for(db, slug, user, is_admin, action), action)


@dataclass(frozen=True)
class Refusal:
    """Why not, and who can help: the meeting's organizers (none yet: a workspace admin).
    ``meeting_title`` is None when there is no such meeting (yet)."""

    action: Action
    slug: str
    meeting_title: str | None
    organizers: tuple[str, ...] = ()


def decide(db: DBSession, slug: str | None, user: str, action: Action, is_admin: AdminCheck) -> Refusal | None:
    """None when ``user`` may; else the refusal to show them."""
    if permits(db, slug, user, action, is_admin):
        return None
    title = meeting_title(db, slug) if slug else None
    return Refusal(action, slug or "", title, tuple(organizers(db, slug)) if slug else ())


class CachedAdminCheck:
    """``is_admin`` asked of the transport at most once a minute per person and workspace."""

    def __init__(self, ask: AdminCheck, clock: Clock | None = None, ttl: timedelta = ADMIN_TTL) -> None:
        self.ask = ask
        self.clock = clock or SystemClock()
        self.ttl = ttl
        self._seen: dict[tuple[str | None, str], tuple[datetime, bool]] = {}
        self._lock = threading.Lock()

    def __call__(self, user: str) -> bool:
        key, now = (workspace.current(), user), self.clock.now()
        with self._lock:
            seen = self._seen.get(key)
        if seen is not None and now - seen[0] < self.ttl:
            return seen[1]
        answer = self.ask(user)
        with self._lock:
            self._seen[key] = (now, answer)
        return answer
