"""The change pipeline on a real database (SQLite, and PostgreSQL when configured).

Preview -> pending change -> Confirm; a Confirm after someone else's change is
refused with a fresh preview; concurrent Confirms from threads with their own
sessions apply exactly one change; the outbox hands each announcement to one
deliverer.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FixedClock
from bot.organizers import Applied, Preview, Proposals, Refused, parse_edit
from bot.organizers.access import add_organizer, may_organize, organizers, remove_organizer
from bot.organizers.outbox import claim, deliver_pending
from store import models
from store.agenda import history, load_meeting, save_meeting
from store.db import transaction
from store.values import AgendaImportError, Meeting
from tests.helpers import SAMPLE, sample_meeting
from tests.recording_notifier import ny

SLUG = "coordination-meeting-2003"
ORGANIZER = "U0ORG0001"
OTHER = "U0ORG0002"
STRANGER = "U0STRANGE"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(ny("2003-10-14 12:00"))


@pytest.fixture
def stored(db_factory: sessionmaker[Session]) -> Meeting:
    meeting = sample_meeting()
    with transaction(db_factory) as db:
        save_meeting(db, meeting, author="cli", source="import")
        add_organizer(db, SLUG, ORGANIZER, by="test")
        add_organizer(db, SLUG, OTHER, by="test")
    return meeting


@pytest.fixture
def proposals(db_factory: sessionmaker[Session], clock: FixedClock) -> Proposals:
    return Proposals(db_factory, clock)


def _preview(proposals: Proposals, text: str, author: str = ORGANIZER) -> Preview:
    preview = proposals.preview_edit(SLUG, parse_edit(text), author)
    assert preview.proposal_id is not None, preview
    return preview


def _announcements(db_factory: sessionmaker[Session]) -> list[models.AgendaAnnouncement]:
    with db_factory() as db:
        return list(db.scalars(select(models.AgendaAnnouncement).order_by(models.AgendaAnnouncement.id)))


def test_a_confirmed_change_is_one_revision_with_author_source_and_an_announcement(
    db_factory, stored, proposals
) -> None:
    preview = _preview(proposals, "move afternoon session to 15:30 16 October")
    assert [c.text for c in preview.changes] == ["Afternoon session on Thu 16 Oct now 15:30–18:30 (was 15:00–18:00)."]
    with db_factory() as db:  # a preview changes nothing
        assert load_meeting(db, SLUG) == load_meeting(db, SLUG) and len(history(db, SLUG)) == 1

    applied = proposals.confirm(preview.proposal_id, ORGANIZER, is_admin=False)
    assert isinstance(applied, Applied) and applied.revision == 2
    with db_factory() as db:
        latest = history(db, SLUG)[-1]
        after = load_meeting(db, SLUG)
    assert (latest.number, latest.author, latest.source) == (2, ORGANIZER, "slack move")
    assert latest.summary == "Afternoon session on Thu 16 Oct now 15:30–18:30 (was 15:00–18:00)."
    assert after.days[1].sessions[1].starts_at == ny("2003-10-16 15:30")
    [row] = _announcements(db_factory)
    assert (row.status, row.revision, row.author) == ("pending", 2, ORGANIZER)
    assert row.text == (
        "Agenda update for Second Coordination Meeting on International Migration:\n"
        "The afternoon session on Thursday now starts at 15:30 (was 15:00)."
    )
    # Confirming again (a double click) changes nothing more.
    again = proposals.confirm(preview.proposal_id, ORGANIZER, is_admin=False)
    assert isinstance(again, Refused) and again.reason == "already_applied"


def test_the_second_confirm_from_the_same_revision_gets_a_fresh_preview_and_loses_nothing(
    db_factory, stored, proposals
) -> None:
    first = _preview(proposals, "move afternoon session to 15:30 16 October", ORGANIZER)
    second = _preview(proposals, "cancel item VI", OTHER)
    assert first.base_revision == second.base_revision == 1
    assert isinstance(proposals.confirm(first.proposal_id, ORGANIZER, is_admin=False), Applied)

    refused = proposals.confirm(second.proposal_id, OTHER, is_admin=False)
    assert isinstance(refused, Preview) and refused.stale and refused.base_revision == 2
    assert [c.kind for c in refused.changes] == ["item_removed"]  # only their own change, on top of the first
    with db_factory() as db:
        assert len(history(db, SLUG)) == 2  # nothing of the second applied yet
    assert isinstance(proposals.confirm(second.proposal_id, OTHER, is_admin=False), Refused)  # superseded

    applied = proposals.confirm(refused.proposal_id, OTHER, is_admin=False)
    assert isinstance(applied, Applied) and applied.revision == 3
    with db_factory() as db:
        after = load_meeting(db, SLUG)
    assert after.days[1].sessions[1].starts_at == ny("2003-10-16 15:30")  # the first change survived
    assert all(i.number != "VI" for _, i in after.items())


def test_concurrent_confirms_apply_exactly_one_change(db_factory, stored, proposals) -> None:
    texts = [f"move afternoon session to {hour}:00 16 October" for hour in (14, 15, 16, 17)]
    texts[1] = "move afternoon session to 15:45 16 October"
    previews = [_preview(proposals, t, ORGANIZER if n % 2 else OTHER) for n, t in enumerate(texts)]
    start = threading.Barrier(len(previews))

    def confirm(preview: Preview) -> object:
        start.wait()
        who = ORGANIZER if previews.index(preview) % 2 else OTHER
        return proposals.confirm(preview.proposal_id, who, is_admin=False)

    with ThreadPoolExecutor(len(previews)) as pool:
        outcomes = list(pool.map(confirm, previews))
    applied = [o for o in outcomes if isinstance(o, Applied)]
    fresh = [o for o in outcomes if isinstance(o, Preview)]
    assert len(applied) == 1 and len(fresh) == len(previews) - 1
    assert all(p.stale and p.base_revision == 2 for p in fresh)
    with db_factory() as db:
        revisions = history(db, SLUG)
        after = load_meeting(db, SLUG)
    assert [r.number for r in revisions] == [1, 2]
    winner = previews[outcomes.index(applied[0])]
    hour, minute = texts[previews.index(winner)].split(" to ")[1].split()[0].split(":")
    assert after.days[1].sessions[1].starts_at == ny(f"2003-10-16 {int(hour):02d}:{minute}")
    assert after.days[1].sessions[1].ends_at - after.days[1].sessions[1].starts_at == timedelta(hours=3)
    assert len(_announcements(db_factory)) == 1


def test_a_double_click_from_two_threads_applies_once(db_factory, stored, proposals) -> None:
    preview = _preview(proposals, "cancel item VI")
    start = threading.Barrier(2)

    def confirm(_: int) -> object:
        start.wait()
        return proposals.confirm(preview.proposal_id, ORGANIZER, is_admin=False)

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(confirm, range(2)))
    assert sorted(type(o).__name__ for o in outcomes) == ["Applied", "Refused"]
    assert next(o for o in outcomes if isinstance(o, Refused)).reason == "already_applied"
    with db_factory() as db:
        assert [r.number for r in history(db, SLUG)] == [1, 2]


def test_an_old_preview_is_shown_again_instead_of_applied(stored, proposals, clock) -> None:
    preview = _preview(proposals, "cancel item VI")
    clock.advance(timedelta(hours=1, seconds=1))
    again = proposals.confirm(preview.proposal_id, ORGANIZER, is_admin=False)
    assert isinstance(again, Preview) and again.expired and not again.stale
    assert again.proposal_id != preview.proposal_id and again.changes == preview.changes
    assert isinstance(proposals.confirm(again.proposal_id, ORGANIZER, is_admin=False), Applied)


def test_only_organizers_and_admins_may_and_cancelled_previews_stay_cancelled(db_factory, stored, proposals) -> None:
    with db_factory() as db:
        assert organizers(db, SLUG) == [ORGANIZER, OTHER]
        assert may_organize(db, SLUG, ORGANIZER, is_admin=False)
        assert not may_organize(db, SLUG, STRANGER, is_admin=False)
        assert may_organize(db, SLUG, STRANGER, is_admin=True)
        assert may_organize(db, "new-meeting", ORGANIZER, is_admin=False)  # organizers may start another
        assert not may_organize(db, "new-meeting", STRANGER, is_admin=False)
    preview = _preview(proposals, "cancel item VI")
    refused = proposals.confirm(preview.proposal_id, STRANGER, is_admin=False)
    assert isinstance(refused, Refused) and refused.reason == "not_allowed"
    with transaction(db_factory) as db:
        assert remove_organizer(db, SLUG, ORGANIZER)
    gone = proposals.confirm(preview.proposal_id, ORGANIZER, is_admin=False)
    assert isinstance(gone, Refused) and gone.reason == "not_allowed"
    assert proposals.cancel(preview.proposal_id, ORGANIZER, is_admin=False) is None  # its author may
    assert isinstance(proposals.cancel(preview.proposal_id, ORGANIZER, is_admin=False), Refused)
    cancelled = proposals.confirm(preview.proposal_id, OTHER, is_admin=False)
    assert isinstance(cancelled, Refused) and cancelled.reason == "cancelled"
    with db_factory() as db:
        assert len(history(db, SLUG)) == 1


def test_an_uploaded_agenda_previews_its_differences_and_a_broken_one_names_its_line(
    db_factory, stored, proposals
) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    changed = text.replace('start: "15:00"\n        end: "18:00"', 'start: "15:30"\n        end: "18:30"', 1)
    changed = changed.replace("Keynote speech", "Keynote address")
    preview = proposals.preview_import(SLUG, changed, "agenda.yaml", ORGANIZER)
    assert [c.text for c in preview.changes] == [
        "Afternoon session on Wed 15 Oct now 15:30–18:30 (was 15:00–18:00).",
        "Item II renamed from “Keynote speech” to “Keynote address”.",
    ]
    assert proposals.preview_import(SLUG, text, "agenda.yaml", ORGANIZER).proposal_id is None  # nothing new
    with pytest.raises(AgendaImportError) as broken:
        proposals.preview_import(SLUG, text.replace('start: "15:00"', 'start: "25:00"', 1), "agenda.yaml", ORGANIZER)
    assert broken.value.line == 46 and "'25:00' is not a time" in str(broken.value)
    applied = proposals.confirm(preview.proposal_id, ORGANIZER, is_admin=False)
    assert isinstance(applied, Applied)
    with db_factory() as db:
        assert history(db, SLUG)[-1].source == "slack import file agenda.yaml"
        assert len(load_meeting(db, SLUG).documents) == len(stored.documents)


def test_a_new_meeting_from_slack_makes_its_importer_an_organizer(db_factory, proposals) -> None:
    text = Path(SAMPLE).read_text(encoding="utf-8").replace("slug: coordination-meeting-2003", "slug: fresh-meeting")
    preview = proposals.preview_import(None, text, "fresh.yaml", STRANGER)
    assert preview.slug == "fresh-meeting" and preview.base_revision == 0
    assert [c.kind for c in preview.changes] == ["meeting_added"]
    assert isinstance(proposals.confirm(preview.proposal_id, STRANGER, is_admin=True), Applied)
    with db_factory() as db:
        assert organizers(db, "fresh-meeting") == [STRANGER]


def test_rollback_now_restores_announces_and_records_the_cli(db_factory, stored, proposals) -> None:
    assert isinstance(proposals.confirm(_preview(proposals, "cancel item VI").proposal_id, ORGANIZER,
                                        is_admin=False), Applied)
    restored = proposals.rollback_now(SLUG, 1, author="cli")
    assert isinstance(restored, Applied) and restored.revision == 3
    with db_factory() as db:
        latest = history(db, SLUG)[-1]
        assert load_meeting(db, SLUG) == load_meeting(db, SLUG)
        assert any(i.number == "VI" for _, i in load_meeting(db, SLUG).items())
    assert (latest.author, latest.source) == ("cli", "cli rollback")
    assert _announcements(db_factory)[-1].text.endswith("is added to the afternoon session on Wednesday.")
    assert proposals.rollback_now(SLUG, 3, author="cli").reason == "nothing_to_change"
    assert proposals.rollback_now(SLUG, 9, author="cli").reason == "not_found"
    # A Slack rollback goes through the same preview.
    preview = proposals.preview_rollback(SLUG, 2, ORGANIZER)
    assert preview is not None and [c.kind for c in preview.changes] == ["item_removed"]


def test_each_announcement_is_delivered_once_and_a_failure_is_retried(db_factory, stored, proposals, clock) -> None:
    for text in ("cancel item VI", "cancel item VII"):
        assert isinstance(proposals.confirm(_preview(proposals, text).proposal_id, ORGANIZER, is_admin=False), Applied)
    now = clock.now()
    # Two workers claim at once: each row goes to one of them.
    start = threading.Barrier(2)

    def take(_: int) -> list[int]:
        start.wait()
        return [a.id for a in claim(db_factory, now)]

    with ThreadPoolExecutor(2) as pool:
        taken = list(pool.map(take, range(2)))
    assert sorted(taken[0] + taken[1]) == [r.id for r in _announcements(db_factory)]
    assert claim(db_factory, now) == []
    # A claim left "sending" by a crashed worker is taken over after a while.
    later = now + timedelta(minutes=6)
    failed: list[int] = []

    def deliver(item) -> None:
        if "Item VII" in item.text and not failed:
            failed.append(item.id)
            raise RuntimeError("Slack is down")

    done = deliver_pending(db_factory, later, deliver)
    assert [d.revision for d in done] == [2]
    assert [r.status for r in _announcements(db_factory)] == ["sent", "pending"]
    assert "RuntimeError: Slack is down" in _announcements(db_factory)[1].error
    assert [d.revision for d in deliver_pending(db_factory, later, deliver)] == [3]
    assert [r.status for r in _announcements(db_factory)] == ["sent", "sent"]
