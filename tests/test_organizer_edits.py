"""Quick edits on Meeting values: parsing what organizers type, applying it, the announcement.

No database and no Slack: the edits are pure functions of a Meeting.
"""

from __future__ import annotations

from datetime import time

import pytest

from bot.organizers.announce import announcement, announcement_lines
from bot.organizers.edits import (
    AddDocument,
    Cancel,
    DayRef,
    EditError,
    Move,
    Rename,
    SessionEdit,
    apply_edit,
    edit_from_dict,
    edit_to_dict,
    parse_edit,
    parse_item_lines,
    parse_time,
)
from handlers.render.words import mrkdwn
from tests.helpers import sample_meeting
from tests.recording_notifier import ny


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15:30", time(15, 30)),
        ("9.05", time(9, 5)),
        ("3pm", time(15, 0)),
        ("3:30 pm", time(15, 30)),
        ("12am", time(0, 0)),
        ("15h", time(15, 0)),
        ("15h30", time(15, 30)),
        ("15", None),
        ("25:00", None),
        ("13pm", None),
        ("soon", None),
    ],
)
def test_times_as_people_write_them(text: str, expected: time | None) -> None:
    assert parse_time(text) == expected


def test_the_issue_examples_parse() -> None:
    assert parse_edit("move afternoon session to 15:30 16 October") == Move(
        "afternoon session", time(15, 30), DayRef("16 October", month=10, day=16))
    assert parse_edit("move item V to 16:00") == Move("item V", time(16, 0))
    assert parse_edit("cancel item VI") == Cancel("item VI")
    assert parse_edit('rename item V "Remittances and development"') == Rename("item V", "Remittances and development")
    assert parse_edit("rename item V “Curly quotes”") == Rename("item V", "Curly quotes")
    assert parse_edit('doc add A/58/99 "Report on remittances" https://example.org/a.pdf item V') == AddDocument(
        "A/58/99", "Report on remittances", "https://example.org/a.pdf", "V")
    # Slack sends links in angle brackets.
    assert parse_edit('doc add A/58/99 "R" <https://example.org/a.pdf>').url == "https://example.org/a.pdf"


def test_a_title_containing_to_is_kept_whole() -> None:
    assert parse_edit("move Introduction to migration to 11:00 thursday") == Move(
        "Introduction to migration", time(11, 0), DayRef("thursday", weekday=3))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("move afternoon session", "Say where to move it"),
        ("move afternoon session to later", "could not read the new time"),
        ("rename item V New title", "in quotes"),
        ("doc add A/58/99 \"Title\"", "needs a link"),
        ("doc add A/58/99 \"Title\" https://x.org/a item", "only `item N`"),
        ("cancel", "Say what to cancel"),
        ("shuffle everything", "I know these changes"),
    ],
)
def test_unreadable_edits_say_how_to_write_them(text: str, says: str) -> None:
    with pytest.raises(EditError) as refused:
        parse_edit(text)
    assert says in mrkdwn(refused.value.words)  # as Slack shows it


def test_an_edit_s_examples_are_commands_each_transport_writes_its_way() -> None:
    with pytest.raises(EditError) as refused:
        parse_edit("cancel")
    assert mrkdwn(refused.value.words) == "Say what to cancel, e.g. `/agenda cancel item VI`."
    assert str(refused.value) == "Say what to cancel, e.g. “cancel item VI”."


def test_moving_a_session_keeps_its_length_and_moves_its_timed_items() -> None:
    meeting = sample_meeting()
    moved = apply_edit(meeting, parse_edit("move afternoon session to 15:30 16 October"))
    thursday = moved.days[1].sessions[1]
    assert (thursday.starts_at, thursday.ends_at) == (ny("2003-10-16 15:30"), ny("2003-10-16 18:30"))
    assert moved.days[0] == meeting.days[0]  # Wednesday's afternoon is untouched
    assert [i.number for i in thursday.items] == ["VIII", "IX", "X", "XI"]
    assert announcement_lines(meeting, moved) == ["The afternoon session on Thursday now starts at 15:30 (was 15:00)."]


def test_an_ambiguous_session_asks_which_day() -> None:
    with pytest.raises(EditError, match="Which one: Afternoon session on Wed 15 Oct or Afternoon session on Thu 16 Oct"):
        apply_edit(sample_meeting(), parse_edit("move afternoon session to 15:30"))
    moved = apply_edit(sample_meeting(), parse_edit("move thursday morning session to 9:30"))
    assert moved.days[1].sessions[0].starts_at == ny("2003-10-16 09:30")


def test_moving_a_session_to_another_day_of_the_meeting() -> None:
    meeting = sample_meeting()
    moved = apply_edit(meeting, parse_edit("move morning session on wednesday to 8:00 thursday"))
    assert [s.title for s in moved.days[0].sessions] == ["Afternoon session"]
    assert [(s.title, s.starts_at) for s in moved.days[1].sessions] == [
        ("Morning session", ny("2003-10-16 08:00")),
        ("Morning session", ny("2003-10-16 10:00")),
        ("Afternoon session", ny("2003-10-16 15:00")),
    ]
    with pytest.raises(EditError, match="is not a day of"):
        apply_edit(meeting, parse_edit("move morning session on wednesday to 8:00 20 October"))


def test_moving_an_item_gives_it_a_time_or_another_session() -> None:
    meeting = sample_meeting()
    timed = apply_edit(meeting, parse_edit("move item V to 16:00"))
    item = timed.days[0].sessions[1].items[0]
    assert (item.number, item.starts_at) == ("V", ny("2003-10-15 16:00"))
    assert announcement_lines(meeting, timed) == [
        "Item V (Presentation and discussion on workers' remittances) now starts at 16:00 (was no set time)."]

    across = apply_edit(meeting, parse_edit("move item IX to 11:00 thursday"))
    assert [i.number for i in across.days[1].sessions[0].items] == ["VIII", "IX"]
    assert [i.number for i in across.days[1].sessions[1].items] == ["VIII", "X", "XI"]
    assert "Item IX (Rapporteur's report) moves to the morning session on Thursday." in announcement_lines(meeting, across)
    with pytest.raises(EditError, match="No session runs at 20:00"):
        apply_edit(meeting, parse_edit("move item IX to 20:00 wednesday"))


def test_items_are_found_by_number_either_way_or_by_title_words() -> None:
    meeting = sample_meeting()
    by_digits = apply_edit(meeting, parse_edit('rename item 5 "Remittances"'))
    by_words = apply_edit(meeting, parse_edit('rename presentation remittances "Remittances"'))
    assert by_digits == by_words
    assert by_digits.days[0].sessions[1].items[0].title == "Remittances"
    with pytest.raises(EditError, match="There is no item XX"):
        apply_edit(meeting, parse_edit("cancel item XX"))
    with pytest.raises(EditError, match="could be several items"):
        apply_edit(meeting, parse_edit('rename migration "x"'))


def test_cancelling_an_item_removes_its_continuation_too() -> None:
    meeting = sample_meeting()
    cancelled = apply_edit(meeting, parse_edit("cancel item VIII"))
    assert all(i.number != "VIII" for _, i in cancelled.items())
    assert len(cancelled.items()) == len(meeting.items()) - 2
    assert announcement_lines(meeting, cancelled)[0].startswith("Item VIII (Review of activities")
    gone = apply_edit(meeting, parse_edit("cancel afternoon session on thursday"))
    assert [s.title for s in gone.days[1].sessions] == ["Morning session"]
    assert announcement_lines(meeting, gone)[0] == "The afternoon session on Thursday is cancelled."


def test_adding_a_document_and_replacing_one_keeps_its_text() -> None:
    meeting = sample_meeting()
    added = apply_edit(meeting, parse_edit('doc add A/58/99 "Report on remittances" https://example.org/a.pdf item 5'))
    assert added.documents[-1].symbol == "A/58/99" and added.documents[-1].item == "V"
    assert announcement_lines(meeting, added) == ["New document: A/58/99 (Report on remittances), for item V."]
    with pytest.raises(EditError, match="no item XL"):
        apply_edit(meeting, parse_edit('doc add A/58/99 "R" https://example.org/a.pdf item XL'))
    summary = next(d for d in meeting.documents if d.body)
    replaced = apply_edit(meeting, AddDocument(summary.symbol or "", summary.title, "https://example.org/new", ""))
    same = next(d for d in replaced.documents if d.key == summary.key)
    assert same.body == summary.body and same.url == "https://example.org/new"
    assert len(replaced.documents) == len(meeting.documents)


def test_the_session_editor_sets_times_and_items() -> None:
    meeting = sample_meeting()
    session = meeting.days[0].sessions[1]
    edit = SessionEdit(session.key, time(15, 30), time(17, 30), parse_item_lines(
        "V. Remittances\n\nVII. Presentation and discussion on international migration and security\nVIa) New panel"))
    assert edit.items[2] == ("", "VIa) New panel")
    edited = apply_edit(meeting, edit)
    after = edited.days[0].sessions[1]
    assert after.starts_at == ny("2003-10-15 15:30") and after.ends_at == ny("2003-10-15 17:30")
    assert [(i.number, i.title) for i in after.items] == [
        ("V", "Remittances"),
        ("VII", "Presentation and discussion on international migration and security"),
        ("", "VIa) New panel"),
    ]
    assert after.items[0].kind == session.items[0].kind  # an item kept keeps what the box does not show
    lines = announcement_lines(meeting, edited)
    assert "The afternoon session on Wednesday now starts at 15:30 (was 15:00) and ends at 17:30." in lines
    assert any("VI (Panel discussion" in line and "cancelled" in line for line in lines)


@pytest.mark.parametrize(
    "edit",
    [
        Move("afternoon session", time(15, 30), DayRef("16 October", month=10, day=16)),
        Move("item V", time(16, 0)),
        Cancel("item VI"),
        Rename("item V", "New"),
        AddDocument("A/1", "T", "https://x.org", "V"),
        SessionEdit("2003-10-15|afternoon session|", time(15, 0), None, (("V", "A"), ("", "B"))),
    ],
)
def test_edits_survive_being_kept_with_a_pending_change(edit) -> None:
    assert edit_from_dict(edit_to_dict(edit)) == edit


def test_a_long_announcement_is_cut_with_a_pointer_to_the_history() -> None:
    meeting = sample_meeting()
    changed = meeting
    for number in ["I", "II", "III", "IV", "V", "VI", "VII", "IX", "X", "XI"]:
        changed = apply_edit(changed, Rename(f"item {number}", f"Renamed {number}"))
    text = announcement(meeting, changed)
    assert text.splitlines()[0] == f"Agenda update for {meeting.title}:"
    assert len(text.splitlines()) == 9
    assert text.endswith("…and 3 more changes: ask `/agenda history`.")
