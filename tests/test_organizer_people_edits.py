"""Organizers set people and rooms with quick edits: ``/agenda set moderator of … "Name (Org)"``."""

from __future__ import annotations

import pytest

from bot.organizers.edits import (
    EditError,
    SetPeople,
    SetRoom,
    apply_edit,
    edit_from_dict,
    edit_to_dict,
    parse_edit,
    source_of,
)
from bot.requests.grammar import Sub, parse_agenda
from store.diff import diff_meetings
from store.values import Person, Role
from tests.helpers import sample_meeting


def test_a_moderator_is_set_on_a_session_with_an_affiliation():
    edit = parse_edit('set moderator of afternoon session on thursday "Bo Li (UN DESA)"')
    assert edit == SetPeople("afternoon session on thursday", "moderator", (("Bo Li", "UN DESA"),))
    meeting = sample_meeting()
    changed = apply_edit(meeting, edit)
    thursday_afternoon = changed.days[1].sessions[1]
    assert thursday_afternoon.people == (Person("Bo Li", Role.MODERATOR, "UN DESA"),)
    assert [c.text for c in diff_meetings(meeting, changed)] == [
        "Moderator of Afternoon session on Thu 16 Oct: none → Bo Li (UN DESA)."
    ]


def test_speakers_of_an_item_in_the_plural_and_separated_by_semicolons():
    meeting = apply_edit(sample_meeting(), parse_edit("set speakers of item V “Ann Smith (IOM); Lindberg, Van”"))
    item = next(i for _, i in meeting.items() if i.number == "V")
    assert item.people == (Person("Ann Smith", Role.SPEAKER, "IOM"), Person("Lindberg, Van", Role.SPEAKER))


def test_setting_a_role_replaces_only_that_role_in_place():
    meeting = apply_edit(sample_meeting(), parse_edit('set chair of meeting "Hania Zlotnik"'))
    meeting = apply_edit(meeting, parse_edit('set rapporteur of the meeting "Eva Roe"'))
    meeting = apply_edit(meeting, parse_edit('set chair of meeting "Ana Ruiz (IOM)"'))
    assert meeting.people == (Person("Ana Ruiz", Role.CHAIR, "IOM"), Person("Eva Roe", Role.RAPPORTEUR))
    cleared = apply_edit(meeting, parse_edit('set chair of meeting "none"'))
    assert cleared.people == (Person("Eva Roe", Role.RAPPORTEUR),)


def test_a_room_is_set_on_an_item_and_cleared_with_empty_quotes():
    meeting = apply_edit(sample_meeting(), parse_edit('set room of item V "Room XIX"'))
    assert next(i for _, i in meeting.items() if i.number == "V").room == "Room XIX"
    assert parse_edit('set room of item V ""') == SetRoom("item V", "")
    cleared = apply_edit(meeting, parse_edit('set room of item V ""'))
    assert next(i for _, i in cleared.items() if i.number == "V").room == ""


def test_a_sessions_room_change_reads_as_such_in_the_diff():
    meeting = sample_meeting()
    changed = apply_edit(meeting, parse_edit('set room of morning session on wednesday "ECOSOC Chamber"'))
    assert [c.text for c in diff_meetings(meeting, changed)] == [
        "Room of Morning session on Wed 15 Oct: none → ECOSOC Chamber."
    ]


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("set moderator of afternoon session Bo Li", "in quotes at the end"),
        ('set boss of item V "X"', "“boss” is not a role I know"),
        ('set moderator "X"', "Say whose"),
        ('set speaker of item XII "X"', "There is no item XII"),
    ],
)
def test_what_cannot_be_set_says_how_to_write_it(text, complaint):
    with pytest.raises(EditError, match=complaint):
        apply_edit(sample_meeting(), parse_edit(text))


def test_the_edits_survive_a_pending_change_and_name_their_source():
    for edit in (SetPeople("item V", "co-chair", (("A", "FAO"), ("B", ""))), SetRoom("item V", "Saal 1")):
        assert edit_from_dict(edit_to_dict(edit)) == edit
    assert source_of(SetRoom("item V", "x")) == "slack set room"
    assert parse_edit('set co chairs of item V "A; B"').role == "co-chair"


def test_set_is_an_organizer_command():
    assert parse_agenda('set room of item V "Room XIX"').sub is Sub.ORGANIZE
