"""The change pipeline: preview a change, keep it pending, apply it on Confirm, once.

A pending change (``AgendaProposal``) keeps the revision it was previewed
from, the agenda it would produce, and the *recipe* that produced it (an
edit, an imported agenda, a revision to restore). Confirm applies it in one
transaction that starts with a compare-and-set on the meeting's revision:

- on PostgreSQL the ``UPDATE … WHERE revision = base`` takes the row lock, so a
  second Confirm waits, then finds the revision moved and changes nothing;
- on SQLite it is the transaction's first write, so it takes the database's
  write lock before anything is read (and a read snapshot cannot go stale).

A refused Confirm gets a fresh preview: the same recipe applied to the agenda
as it is now, so nobody's change is lost or undone. Every applied change
writes its announcement to an outbox in the same transaction (see outbox.py).
"""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import workspace
from bot.clock import Clock
from bot.i18n import N_
from bot.organizers.announce import announcement
from bot.organizers.edits import Edit, apply_edit, edit_from_dict, edit_to_dict, source_of
from bot.permissions import Action, AdminCheck, as_admin_check, permits
from bot.timefmt import clock, short_day, zone_label
from store.agenda import (
    ForeignMeeting,
    load_meeting,
    merge_documents,
    revision_snapshot,
    save_meeting,
    team_of,
)
from store.canonical import from_dict, to_dict
from store.db import transaction
from store.diff import Change, diff_meetings
from store.importers import parse_agenda, parse_agenda_bytes
from store.importers.common import check_zone, read_in_zone
from store.languages import meeting_language
from store.organizers import add_organizer
from store.outbox import queue as queue_announcement
from store.proposals import (
    StoredProposal,
    add_proposal,
    cancel_pending,
    get_proposal,
    hold_revision,
    meeting_revision,
    meeting_timezone,
    set_status,
)
from store.values import ZONE_UNKNOWN, AgendaImportError, Meeting

log = logging.getLogger(__name__)

PROPOSAL_TTL = timedelta(hours=1)
LOCK_RETRIES = 5


@dataclass(frozen=True)
class Preview:
    """What a change would do. ``proposal_id`` is None when it would change nothing.

    ``stale`` marks a fresh preview made because the agenda changed since the
    one the person confirmed (or it expired).
    """

    slug: str
    meeting_title: str
    base_revision: int
    changes: tuple[Change, ...]
    source: str
    proposal_id: str | None
    expires_at: datetime | None = None
    warnings: tuple[str, ...] = ()
    stale: bool = False
    expired: bool = False
    # An import whose page named no place: its times are taken as UTC until the
    # organizer picks the venue's zone (``Proposals.rezone``).
    zone_unknown: bool = False
    note: str = ""  # one line on how it was read (the zone picked, and a time to check it by)


@dataclass(frozen=True)
class Applied:
    slug: str
    revision: int
    changes: tuple[Change, ...]
    announcement: str
    author: str
    source: str


@dataclass(frozen=True)
class Refused:
    """Confirm (or cancel) did nothing; ``text`` says why, for the person who clicked."""

    reason: str  # not_found | already_applied | cancelled | not_allowed | nothing_to_change | not_pending
    text: str


ConfirmOutcome = Applied | Preview | Refused


class _Stale(Exception):
    """The agenda moved since the preview: answered with a fresh one, outside the transaction."""


class _Expired(_Stale):
    """The preview is older than the TTL: shown again as the agenda is now."""


def _strip(meeting: Meeting) -> Meeting:
    return dataclasses.replace(meeting, documents=tuple(dataclasses.replace(d, body="") for d in meeting.documents))


def _compute(db: DBSession, slug: str, recipe: dict[str, Any], current: Meeting | None) -> Meeting:
    """The agenda ``recipe`` makes of ``current`` (deterministic: same input, same agenda)."""
    kind = recipe["type"]
    if kind == "edit":
        if current is None:
            raise AgendaImportError(f"There is no meeting “{slug}” to change.")
        return apply_edit(current, edit_from_dict(recipe["edit"]))
    if kind == "import":
        incoming = from_dict(recipe["meeting"], source="proposal")
        if current is None:
            return incoming
        # As an import from the command line does: documents the file does not list stay.
        return dataclasses.replace(incoming, documents=merge_documents(current.documents, incoming.documents))
    if kind == "rollback":
        snapshot = revision_snapshot(db, slug, int(recipe["number"]))
        if snapshot is None:
            raise AgendaImportError(f"{slug} has no revision {recipe['number']}.")
        bodies = {d.key: d.body for d in current.documents} if current else {}
        return dataclasses.replace(snapshot, documents=tuple(
            dataclasses.replace(d, body=bodies.get(d.key, "")) for d in snapshot.documents))
    raise ValueError(f"unknown recipe {kind!r}")


def _zone_note(meeting: Meeting) -> str:
    """``Times are Rome times (Europe/Rome): Morning session, Tue 14 May 10:00–13:00.``"""
    note = f"Times are {zone_label(meeting.timezone)} times ({meeting.timezone})"
    first = next((s for s in meeting.sessions if s.starts_at is not None), None)
    if first is None or first.starts_at is None:
        return note + "."
    ends = f"–{clock(first.ends_at, meeting.timezone)}" if first.ends_at else ""
    return f"{note}: {first.title}, {short_day(first.day)} {clock(first.starts_at, meeting.timezone)}{ends}."


def _foreign(db: DBSession, proposal: StoredProposal) -> Refused | None:
    """A refusal when the proposal's meeting belongs to another workspace than the one asking."""
    owner = team_of(db, proposal.meeting_slug)
    if owner is not None and not workspace.visible(owner, workspace.current()):
        return Refused("not_found", N_("That preview is no longer known; make the change again."))
    return None


def _locked(exc: OperationalError) -> bool:
    text = str(exc.orig or exc).lower()
    return "locked" in text or "busy" in text


class Proposals:
    """Preview, confirm, cancel; the clock is injected so expiry is testable."""

    def __init__(self, db_factory: sessionmaker[DBSession], clock: Clock, *, ttl: timedelta = PROPOSAL_TTL) -> None:
        self.db_factory = db_factory
        self.clock = clock
        self.ttl = ttl

    # --- previews ---------------------------------------------------------------------------

    def preview_edit(self, slug: str, edit: Edit, author: str) -> Preview:
        """Raises EditError when the edit names nothing on the agenda."""
        return self._propose(slug, {"type": "edit", "edit": edit_to_dict(edit)}, author, source_of(edit))

    def preview_import(
        self, slug: str | None, content: str | bytes, filename: str, author: str, *, source: str | None = None
    ) -> Preview:
        """A whole agenda from a file's text, or its bytes (a PDF or Word file is read as a
        document). Raises AgendaImportError (with its line) when the file cannot be read;
        nothing is stored then."""
        tz = None
        if slug:
            with self.db_factory() as db:
                tz = meeting_timezone(db, slug)
        suffix = PurePath(filename).suffix
        if isinstance(content, bytes):
            result = parse_agenda_bytes(content, source=filename, suffix=suffix, tz=tz, slug=slug)
        else:
            result = parse_agenda(content, source=filename, suffix=suffix, tz=tz, slug=slug)
        # A guessed zone is not a sentence to read but a question to answer (the preview's picker).
        warnings = tuple(str(w) for w in result.warnings if w.kind != ZONE_UNKNOWN)
        recipe: dict[str, Any] = {"type": "import", "meeting": to_dict(result.meeting)}
        if result.zone_guessed:
            recipe |= {"zone_unknown": True, "warnings": list(warnings)}
        return self._propose(result.meeting.slug, recipe, author, source or f"slack import file {filename}", warnings,
                             zone_unknown=result.zone_guessed)

    def rezone(self, proposal_id: str, zone: str, user: str, *, is_admin: bool | AdminCheck) -> Preview | Refused:
        """The import previewed as ``proposal_id``, its times read in ``zone`` instead of UTC: a new
        preview, the old one cancelled. Only its author or the meeting's organizers may pick."""
        try:
            check_zone(zone)
        except AgendaImportError:
            return Refused("not_allowed", f"{zone!r} is not a time zone I know; nothing changed.")
        with transaction(self.db_factory) as db:
            proposal = get_proposal(db, proposal_id)
            if proposal is None or proposal.status != "pending":
                return Refused("not_pending", N_("That preview was already confirmed or replaced; import the agenda again."))
            refused = _foreign(db, proposal)
            if refused is not None:
                return refused
            recipe = proposal.snapshot["recipe"]
            if not recipe.get("zone_unknown"):
                return Refused("not_pending", N_("That preview's time zone is already set; nothing changed."))
            if user != proposal.author and not permits(db, proposal.meeting_slug, user, Action.EDIT_AGENDA,
                                                      as_admin_check(is_admin)):
                return Refused("not_allowed", N_("Only whoever imported this agenda, or the meeting's organizers, "
                                              "can pick its time zone; nothing changed."))
            if not cancel_pending(db, proposal_id):  # confirmed or picked meanwhile
                return Refused("not_pending", N_("That preview was already confirmed or replaced; import the agenda again."))
        meeting = read_in_zone(from_dict(recipe["meeting"], source="proposal"), zone)
        warnings = tuple(recipe.get("warnings", ()))
        preview = self._propose(proposal.meeting_slug, {"type": "import", "meeting": to_dict(meeting)},
                                proposal.author, proposal.source, warnings)
        return dataclasses.replace(preview, note=_zone_note(meeting))

    def preview_meeting(self, meeting: Meeting, author: str, *, source: str, warnings: tuple[str, ...] = ()) -> Preview:
        """A whole agenda already read (a followed schedule: bot/sync.py), as an import."""
        return self._propose(meeting.slug, {"type": "import", "meeting": to_dict(meeting)}, author, source, warnings)

    def preview_rollback(self, slug: str, number: int, author: str, *, source: str = "") -> Preview | None:
        """None when the meeting has no such revision."""
        with self.db_factory() as db:
            if revision_snapshot(db, slug, number) is None:
                return None
        return self._propose(slug, {"type": "rollback", "number": number}, author, source or f"slack rollback to {number}")

    def _propose(
        self, slug: str, recipe: dict[str, Any], author: str, source: str, warnings: tuple[str, ...] = (),
        *, stale: bool = False, expired: bool = False, zone_unknown: bool = False,
    ) -> Preview:
        now = self.clock.now()
        with transaction(self.db_factory) as db:
            owner = team_of(db, slug)
            if owner is not None and not workspace.visible(owner, workspace.current()):
                # Another workspace's meeting: no preview of its agenda, and no way to change it.
                raise AgendaImportError(str(ForeignMeeting(slug)))
            current = load_meeting(db, slug, with_bodies=True)
            base = meeting_revision(db, slug)
            new = _compute(db, slug, recipe, current)
            changes = tuple(diff_meetings(current, new)) if current != new else ()
            if not changes:
                return Preview(slug, new.title, base, (), source, None, warnings=warnings, stale=stale, expired=expired,
                               zone_unknown=zone_unknown)
            proposal = StoredProposal(
                id=uuid.uuid4().hex, meeting_slug=slug, base_revision=base,
                snapshot={"recipe": recipe, "result": to_dict(_strip(new))},
                author=author, source=source, status="pending", expires_at=now + self.ttl,
            )
            add_proposal(db, proposal, created_at=now)
        return Preview(slug, new.title, base, changes, source, proposal.id, proposal.expires_at, warnings,
                       stale=stale, expired=expired, zone_unknown=zone_unknown)

    # --- confirm and cancel -----------------------------------------------------------------

    def confirm(self, proposal_id: str, user: str, *, is_admin: bool | AdminCheck) -> ConfirmOutcome:
        """Apply a previewed change if the agenda is still the one it was previewed on."""
        for attempt in range(LOCK_RETRIES):
            try:
                return self._confirm_once(proposal_id, user, as_admin_check(is_admin))
            except _Expired:
                return self._fresh_preview(proposal_id, user, expired=True)
            except _Stale:
                return self._fresh_preview(proposal_id, user, expired=False)
            except IntegrityError:
                # Two confirms creating the same new meeting: the other one won.
                return self._fresh_preview(proposal_id, user, expired=False)
            except ForeignMeeting:
                # The slug was taken by another workspace's meeting after the preview.
                return Refused("not_allowed", N_("Another workspace already has a meeting with this name; nothing changed."))
            except OperationalError as exc:
                # SQLite lets one writer in at a time; past busy_timeout we try again, and the
                # compare-and-set then sees whatever the other writer committed.
                if attempt == LOCK_RETRIES - 1 or not _locked(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _confirm_once(self, proposal_id: str, user: str, is_admin: AdminCheck) -> ConfirmOutcome:
        now = self.clock.now()
        with transaction(self.db_factory) as db:
            proposal = get_proposal(db, proposal_id)
            refused = self._check(db, proposal, user, is_admin)
            if refused is not None:
                return refused
            assert proposal is not None
            if now >= proposal.expires_at:
                raise _Expired(proposal_id)
            slug = proposal.meeting_slug
            if proposal.base_revision:
                if not hold_revision(db, slug, proposal.base_revision):
                    refused = self._check(db, get_proposal(db, proposal_id, fresh=True), user, is_admin)
                    if refused is not None:
                        return refused  # a double click: the first one applied it
                    raise _Stale(proposal_id)
            elif meeting_revision(db, slug):
                raise _Stale(proposal_id)
            current = load_meeting(db, slug, with_bodies=True)
            recipe = proposal.snapshot["recipe"]
            new = _compute(db, slug, recipe, current)
            if to_dict(_strip(new)) != proposal.snapshot["result"]:
                raise _Stale(proposal_id)  # changed without a new revision (should not happen; be safe)
            outcome = save_meeting(db, new, author=user, source=proposal.source, replace_documents=True,
                                   team=workspace.current())
            if outcome.revision is None:
                set_status(db, proposal_id, "applied")
                return Refused("nothing_to_change", N_("The agenda already reads like this; nothing changed."))
            set_status(db, proposal_id, "applied", revision=outcome.revision)
            if current is None:
                add_organizer(db, slug, proposal.author, by=user)  # whoever imported it organizes it
            # Worded now, in the meeting's language: the outbox stores the text as it will be posted.
            text = announcement(current, new, meeting_language(db, slug))
            queue_announcement(db, slug, outcome.revision, text, user, now)
            return Applied(slug, outcome.revision, outcome.changes, text, user, proposal.source)

    def _check(self, db: DBSession, proposal: StoredProposal | None, user: str,
               is_admin: AdminCheck) -> Refused | None:
        if proposal is None:
            return Refused("not_found", N_("That preview is no longer known; make the change again."))
        if proposal.status == "applied":
            return Refused("already_applied", f"This change was already applied (revision {proposal.revision}).")
        if proposal.status != "pending":
            return Refused("cancelled", N_("This preview was cancelled or replaced; nothing changed."))
        foreign = _foreign(db, proposal)
        if foreign is not None:
            return foreign
        # A new meeting's importer may create it; any other change needs an organizer (who
        # may be the author still, or no longer, or never: one sentence fits them all).
        if (user != proposal.author or meeting_revision(db, proposal.meeting_slug)) and not permits(
            db, proposal.meeting_slug, user, Action.CONFIRM, is_admin
        ):
            return Refused("not_allowed", N_("Only the meeting's organizers can confirm this change; nothing changed."))
        return None

    def _fresh_preview(self, proposal_id: str, user: str, *, expired: bool) -> Preview:
        with transaction(self.db_factory) as db:
            proposal = get_proposal(db, proposal_id)
            assert proposal is not None
            set_status(db, proposal_id, "superseded")
            slug, recipe, source = proposal.meeting_slug, proposal.snapshot["recipe"], proposal.source
        return self._propose(slug, recipe, user, source, tuple(recipe.get("warnings", ())), stale=not expired,
                             expired=expired, zone_unknown=bool(recipe.get("zone_unknown")))

    def cancel(self, proposal_id: str, user: str, *, is_admin: bool | AdminCheck) -> Refused | None:
        """Drop a pending change; None when it is dropped, else why not (not pending any more,
        another workspace's, or ``user`` neither proposed it nor organizes the meeting)."""
        with transaction(self.db_factory) as db:
            proposal = get_proposal(db, proposal_id)
            if proposal is None or proposal.status != "pending":
                return Refused("not_pending", N_("That preview was already confirmed or cancelled."))
            refused = _foreign(db, proposal)
            if refused is not None:
                return refused
            if user != proposal.author and not permits(db, proposal.meeting_slug, user, Action.CANCEL_PROPOSAL,
                                                      as_admin_check(is_admin)):
                return Refused("not_allowed", N_("Only whoever asked for this change, or the meeting's organizers, "
                                              "can cancel it; nothing changed."))
            if not cancel_pending(db, proposal_id):  # confirmed or cancelled meanwhile
                return Refused("not_pending", N_("That preview was already confirmed or cancelled."))
            return None

    # --- trusted changes (the operator at the console) ---------------------------------------

    def rollback_now(self, slug: str, number: int, *, author: str, source: str = "cli rollback") -> Applied | Refused:
        """Restore revision ``number`` at once, announced and rescheduled like a confirmed change."""
        preview = self.preview_rollback(slug, number, author, source=source)
        if preview is None:
            return Refused("not_found", f"{slug} has no revision {number}.")
        if preview.proposal_id is None:
            return Refused("nothing_to_change", f"The agenda already matches revision {number}; nothing changed.")
        outcome = self.confirm(preview.proposal_id, author, is_admin=True)
        if isinstance(outcome, Preview):  # someone changed it in between: restore on top of that
            assert outcome.proposal_id is not None
            outcome = self.confirm(outcome.proposal_id, author, is_admin=True)
        assert not isinstance(outcome, Preview)
        return outcome


