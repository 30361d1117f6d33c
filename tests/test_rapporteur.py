"""The rapporteur's desk without Slack: marks, attribution, the notes store, the draft
and its files, publishing the report, and answers from notes and report (issue 7)."""

from __future__ import annotations

import io

import docx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.assistant import Assistant
from bot.cli import load_sample
from bot.clock import FixedClock
from bot.permissions import Action, always_admin, never_admin, permits
from bot.rapporteur.attribution import attribute, session_at
from bot.rapporteur.draft import build_draft
from bot.rapporteur.markdown import render_markdown
from bot.rapporteur.marks import Mark, NoteKind, find_marks, whole_message
from bot.rapporteur.notes import (
    NotesError,
    add_note,
    drop_note,
    list_notes,
    move_note,
    pointers,
    set_current_item,
)
from bot.rapporteur.publish import REPORT_CATEGORY, announce_added, publish
from bot.rapporteur.word import render_docx
from bot.reminders.settings import set_rapporteur
from store import models
from store.agenda import history, load_meeting
from store.db import transaction
from store.documents import DocumentError
from store.values import Meeting
from tests.helpers import sample_meeting
from tests.recording_notifier import ny

SLUG = "coordination-meeting-2003"
ALICE, BOB = "U0ALICE01", "U0BOB0001"


# --- marks ---------------------------------------------------------------------------------


def test_marked_lines_are_notes_and_an_action_is_owned_by_its_first_mention_else_the_author() -> None:
    text = ("Some talk first\n#agreed: harmonise remittance data\n#ACTION <@U0BOB0001> and <@U0CAROL01> draft "
            "the paper\n#action circulate the summary\nwe should #agreed later\n#agreedtext no\n#info   \n"
            "#conclusion regular meetings continue")
    marks = find_marks(text, ALICE)
    assert marks == [
        Mark(NoteKind.AGREED, "harmonise remittance data", 2),
        Mark(NoteKind.ACTION, "<@U0BOB0001> and <@U0CAROL01> draft the paper", 3, BOB),
        Mark(NoteKind.ACTION, "circulate the summary", 4, ALICE),
        Mark(NoteKind.CONCLUSION, "regular meetings continue", 8),
    ]
    assert find_marks("nothing marked here #info", ALICE) == []


def test_the_shortcut_takes_the_whole_message_keeping_a_single_marks_kind() -> None:
    assert whole_message("Two lines\nof plain talk", ALICE) == Mark(NoteKind.NOTE, "Two lines\nof plain talk", 0)
    assert whole_message("#action send the data", ALICE) == Mark(NoteKind.ACTION, "send the data", 0, ALICE)


# --- attribution ---------------------------------------------------------------------------


def test_attribution_own_time_then_the_organizers_item_then_the_session_then_general() -> None:
    meeting = sample_meeting()
    afternoon = meeting.days[0].sessions[1]
    assert attribute(meeting, ny("2003-10-15 15:20"), {}).how == "session"
    assert attribute(meeting, ny("2003-10-15 15:20"), {}).session == afternoon
    named = attribute(meeting, ny("2003-10-15 15:20"), {afternoon.key: "6"})
    assert (named.how, named.item_number) == ("organizer", "VI")
    # Within the margin after the end, still the afternoon session; at 20:00, general.
    assert session_at(meeting, ny("2003-10-15 18:20")) == afternoon
    assert attribute(meeting, ny("2003-10-15 20:00"), {}).how == "general"
    assert attribute(meeting, ny("2003-10-20 11:00"), {}) is None  # not a day of the meeting
    # An item with its own time wins over the organizers' word.
    timed_item = afternoon.items[2].__class__(**{**afternoon.items[2].__dict__,
                                                 "starts_at": ny("2003-10-15 16:30"),
                                                 "ends_at": ny("2003-10-15 17:30")})
    timed = _with_item(meeting, 0, 1, 2, timed_item)
    found = attribute(timed, ny("2003-10-15 17:00"), {afternoon.key: "V"})
    assert (found.how, found.item_number) == ("own_time", "VII")


def _with_item(meeting: Meeting, day: int, session: int, index: int, item) -> Meeting:  # type: ignore[no-untyped-def]
    import dataclasses

    days = list(meeting.days)
    sessions = list(days[day].sessions)
    items = list(sessions[session].items)
    items[index] = item
    sessions[session] = dataclasses.replace(sessions[session], items=tuple(items))
    days[day] = dataclasses.replace(days[day], sessions=tuple(sessions))
    return dataclasses.replace(meeting, days=tuple(days))


# --- the store -----------------------------------------------------------------------------


@pytest.fixture
def meeting(db_factory: sessionmaker[Session]) -> Meeting:
    return load_sample(db_factory)


def _note(db: Session, meeting: Meeting, text: str, at: str, ts: str, author: str = ALICE) -> list:  # type: ignore[type-arg]
    where = attribute(meeting, ny(at), pointers(db, meeting.slug))
    assert where is not None
    return [add_note(db, meeting.slug, m, author=author, channel="C1", ts=ts, permalink=f"https://x/p{ts}",
                     where=where, now=ny(at), owner_name="Bob" if m.owner == BOB else "")
            for m in find_marks(text, author)]


def test_notes_survive_an_agenda_edit_and_can_be_moved_dropped_and_listed(
    db_factory: sessionmaker[Session], meeting: Meeting
) -> None:
    with transaction(db_factory) as db:
        set_current_item(db, meeting, meeting.days[0].sessions[1], "v", by=BOB, now=ny("2003-10-15 15:05"))
        first = _note(db, meeting, "#agreed harmonise remittance data\n#action <@U0BOB0001> draft a paper",
                      "2003-10-15 15:10", "1.1")
        again = _note(db, meeting, "#agreed harmonise remittance data", "2003-10-15 15:10", "1.1")
    assert [n.item_number for n in first] == ["V", "V"] and again == [None]  # a repeated event stores nothing
    # An agenda edit re-creates every item row; the notes keep their item.
    from bot.organizers.proposals import Proposals
    proposals = Proposals(db_factory, FixedClock(ny("2003-10-15 15:30")))
    from bot.organizers.edits import parse_edit
    preview = proposals.preview_edit(SLUG, parse_edit('rename item V "Remittances"'), BOB)
    assert preview.proposal_id
    proposals.confirm(preview.proposal_id, BOB, is_admin=True)
    with db_factory() as db:
        assert [n.item_number for n in list_notes(db, SLUG, item="5", meeting=load_meeting(db, SLUG))] == ["V", "V"]
    with transaction(db_factory) as db:
        moved = move_note(db, meeting, first[0].id, "item 6", by=BOB, now=ny("2003-10-15 16:00"))
        assert moved.item_number == "VI"
        with pytest.raises(NotesError, match="no item XX"):
            move_note(db, meeting, first[0].id, "XX", by=BOB, now=ny("2003-10-15 16:00"))
        drop_note(db, SLUG, first[1].id, by=BOB, now=ny("2003-10-15 16:00"))
        with pytest.raises(NotesError, match=f"no note {first[1].id}"):
            drop_note(db, SLUG, first[1].id, by=BOB, now=ny("2003-10-15 16:00"))
    with db_factory() as db:
        assert [(n.id, n.item_number) for n in list_notes(db, SLUG)] == [(first[0].id, "VI")]
        assert db.get(models.RapporteurNote, first[1].id).status == "dropped"


def test_who_may_edit_notes(db_factory: sessionmaker[Session], meeting: Meeting) -> None:
    with transaction(db_factory) as db:
        assert not permits(db, SLUG, ALICE, Action.MOVE_NOTE, never_admin)
        assert permits(db, SLUG, ALICE, Action.MOVE_NOTE, always_admin)
        set_rapporteur(db, SLUG, ALICE, by=BOB)
        assert permits(db, SLUG, ALICE, Action.MOVE_NOTE, never_admin)
        assert not permits(db, SLUG, BOB, Action.MOVE_NOTE, never_admin)


# --- the draft -----------------------------------------------------------------------------


def _scripted_notes(db_factory: sessionmaker[Session], meeting: Meeting) -> None:
    afternoon = meeting.days[0].sessions[1]
    with transaction(db_factory) as db:
        _note(db, meeting, "#info Opening remarks by the chair", "2003-10-15 10:10", "1.1")
        set_current_item(db, meeting, afternoon, "V", by=BOB, now=ny("2003-10-15 15:00"))
        _note(db, meeting, "#info Remittances reached 90 billion dollars\n#agreed harmonise remittance data\n"
                           "#action <@U0BOB0001> circulate a note on data sources", "2003-10-15 15:30", "2.1")
        set_current_item(db, meeting, afternoon, "VI", by=BOB, now=ny("2003-10-15 16:00"))
        _note(db, meeting, "#conclusion trafficking needs joint action", "2003-10-15 16:10", "3.1")
        _note(db, meeting, "#info lunch was late", "2003-10-15 14:00", "4.1")


def test_the_draft_for_the_seed_meeting_with_scripted_notes(db_factory: sessionmaker[Session], meeting: Meeting) -> None:
    _scripted_notes(db_factory, meeting)
    with db_factory() as db:
        draft = build_draft(load_meeting(db, SLUG), list_notes(db, SLUG), ny("2003-10-16 13:00"))
    headings = [s.heading for s in draft.sections]
    assert headings[:4] == ["I. Opening of the Meeting", "II. Keynote speech",
                            "III. Review of the First Coordination Meeting",
                            "IV. General Assembly debates on international migration"]
    # VIII once; then the notes with a session and no item named, then general ones.
    assert headings.count(headings[7]) == 1
    assert headings[-2:] == ["Morning session, Wednesday 15 October (no item named)", "General"]
    assert draft.sections[-2].points == ("Opening remarks by the chair",)
    assert draft.sections[-1].points == ("lunch was late",)
    by_number = {s.number: s for s in draft.sections}
    assert by_number["I"].empty
    five = by_number["V"]
    assert five.points == ("Remittances reached 90 billion dollars",)
    assert five.agreed == ("harmonise remittance data",)
    assert [(a.text, a.owner, a.owner_name) for a in five.actions] == [
        ("<@U0BOB0001> circulate a note on data sources", BOB, "Bob")]
    assert by_number["VI"].agreed == ("trafficking needs joint action",)
    assert by_number["X"].empty and draft.note_count == 6

    markdown = render_markdown(draft)
    assert markdown.startswith("# Rapporteur's report (draft) — Second Coordination Meeting")
    assert ("## V. Presentation and discussion on workers' remittances\n\nPoints noted:\n"
            "- Remittances reached 90 billion dollars\n\nAgreed:\n- harmonise remittance data\n\nActions:\n"
            "- <@U0BOB0001> circulate a note on data sources (owner: Bob)\n") in markdown
    assert "## X. Conclusions and follow-up\n\n_No notes were taken on this item._" in markdown

    word = docx.Document(io.BytesIO(render_docx(draft)))
    paragraphs = [p.text for p in word.paragraphs]
    assert "V. Presentation and discussion on workers' remittances" in paragraphs
    assert "harmonise remittance data" in paragraphs
    assert "<@U0BOB0001> circulate a note on data sources (owner: Bob)" in paragraphs
    assert word.core_properties.title.startswith("Rapporteur's report (draft)")


# --- publishing and answers ----------------------------------------------------------------


def test_publishing_stores_a_document_announces_it_and_answers_come_from_report_and_notes(
    db_factory: sessionmaker[Session], meeting: Meeting
) -> None:
    _scripted_notes(db_factory, meeting)
    report = (b"# Report\n\n## V. Presentation and discussion on workers' remittances\n\n"
              b"Participants agreed that remittance costs must fall below 5 per cent.\n\n"
              b"## VI. Panel discussion\n\nTrafficking was discussed at length. A/58/98 was cited.\n\n"
              b"## VIII. Review of the Programme of Action\n\nThe report of the Secretary-General was welcomed; "
              b"the Programme of Action review continues.\n")
    with transaction(db_factory) as db:
        with pytest.raises(DocumentError, match="no text"):
            publish(db, meeting, b"   ", "empty.txt", link="", author=ALICE, now=ny("2003-10-16 17:00"))
    with transaction(db_factory) as db:
        done = publish(db, meeting, report, "final.txt", link="https://x/files/F1", author=ALICE,
                       now=ny("2003-10-16 17:00"))
    assert done.created and done.revision == 2
    with db_factory() as db:
        stored = load_meeting(db, SLUG, with_bodies=True)
        [doc] = [d for d in stored.documents if d.category == REPORT_CATEGORY]
        assert (doc.item, doc.url, doc.symbol) == ("IX", "https://x/files/F1", "")
        assert any(d.symbol == "A/58/98" and d.category != REPORT_CATEGORY for d in stored.documents)
        [row] = db.scalars(select(models.AgendaAnnouncement)).all()
        assert "rapporteur's report for Second Coordination Meeting" in row.text and row.author == ALICE
        assert history(db, SLUG)[-1].author == ALICE

    assistant = Assistant(db_factory, FixedClock(ny("2003-10-16 18:30")))
    agreed = assistant.ask("what was agreed on remittances?", meeting=SLUG)
    assert agreed.intent == "outcomes"
    assert "• harmonise remittance data [item V]" in agreed.text
    assert "remittance costs must fall below 5 per cent" in agreed.text
    actions = assistant.ask("what actions on item V?", meeting=SLUG)
    assert "circulate a note on data sources (owner: Bob)" in actions.text
    assert "harmonise" not in actions.text
    said = assistant.ask("what did the report say about trafficking?", meeting=SLUG)
    assert "Trafficking was discussed at length" in said.text
    # Nothing noted or reported on a topic: the question goes on to the other rules.
    assert assistant.ask("what was agreed on security?", meeting=SLUG).intent != "outcomes"
    # Names that merely contain the cue words are not outcome questions, even with a report on file.
    programme = assistant.ask("what's the Programme of Action item?", meeting=SLUG)
    assert programme.intent != "outcomes" and "VIII" in programme.text
    assert assistant.ask("where is the report of the Secretary-General?", meeting=SLUG).intent != "outcomes"


def test_a_report_added_on_the_command_line_is_announced(db_factory, meeting, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from store.documents import add_document

    path = tmp_path / "report.txt"
    path.write_text("Final report. Participants agreed to meet again.", encoding="utf-8")
    with transaction(db_factory) as db:
        added = add_document(db, SLUG, str(path), title="Final report", category="Rapporteur's report")
        assert announce_added(db, added, author="", now=ny("2003-10-17 09:00")) is not None
        plain = add_document(db, SLUG, str(path), title="Other", category="document")
        assert announce_added(db, plain, author="", now=ny("2003-10-17 09:00")) is None
    with db_factory() as db:
        [row] = db.scalars(select(models.AgendaAnnouncement)).all()
    assert "Final report" in row.text and row.author == "cli"
