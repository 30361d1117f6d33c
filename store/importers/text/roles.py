"""People on lines of their own under a session or an item, and role or room lines."""

from __future__ import annotations

import re

from store.importers.text.drafts import ItemDraft, SessionDraft
from store.importers.text.people import (
    inline_people,
    parse_cell_person,
    parse_name_comma_affiliation,
    parse_name_dash_function,
    parse_person_line,
    role_heading,
    role_named_in,
    split_paren_people,
    split_speaker,
)
from store.importers.text.state import ReaderState
from store.importers.text.tokens import Token
from store.values import (
    Person,
    Role,
)

# The headline people of the whole meeting, listed once (often after the programme
# of a press release or an announcement): "Key speakers:", "Featured speakers",
# "Intervenants principaux :", "Oradores principales:". A session's own
# "Speakers:" or "Keynote address" stays the session's.
_ROSTER_HEADING = re.compile(
    r"(?:(?:key|featured|confirmed|invited|distinguished|high-level|guest|main|principal)"
    r"\s+speakers?(?:\s+include)?"
    r"|intervenant(?:e|s|es)?\s+principa(?:l|le|ux|les)"
    r"|orador(?:a|es|as)?\s+principal(?:es)?)\s*:?",
    re.IGNORECASE,
)


class PeopleReading(ReaderState):
    """Where people and rooms read off the page attach (a mixin of PageReader)."""

    def people_target(self) -> ItemDraft | SessionDraft | None:
        """Where a person line belongs: the item above it, else the session. A
        timed row's session and its one item are the same thing: the session."""
        item, session = self.last_item(), self.session
        if (
            item is not None
            and session is not None
            and session.implicit
            and session.items == [item]
        ):
            if item.title == session.title:
                return session
        return item if item is not None else session

    def attach(self, line: Token, room: str, people: list[Person]) -> None:
        """A role or room line: the item above it, else the session, else the meeting."""
        target = self.people_target()
        if target is None:
            self.people.extend(people)
            if room and not self.loose_room:
                self.loose_room = room  # where the sessions below are held, unless they say
                self.warn(line.no, f"'{room}' before any session: the room of those naming none")
            return
        if room:
            target.room = room
        target.people.extend(people)

    def person_line(self, line: Token) -> bool:
        """People on lines of their own under a session or item, with the role a
        line above named ("Keynote address") and affiliations wrapped over lines."""
        text = line.text
        if self.roster_line(line):
            return True
        target = self.people_target()
        last, self.last_person = self.last_person, None
        if self.pending_time is not None:
            return False  # a time alone above: this line is the next row's activity
        if target is None:
            person = parse_name_dash_function(text, Role.OTHER)
            if person is not None and self.day is None:
                self.people.append(person)  # "Name - Function" before the programme
                return True
            return False
        heading = role_heading(text)
        if heading is not None:
            self.pending_role = heading
            return True
        person = self.one_person(line, target)
        if person is not None:
            target.people.append(person)
            self.last_person = (target.people, len(target.people) - 1, line.indent)
            return True
        if last is not None and line.kind.value == "text" and line.indent >= last[2] > 0:
            people, at, _indent = last
            before = people[at]
            joined = f"{before.affiliation} {text}".strip()
            people[at] = Person(before.name, before.role, joined)
            self.last_person = last
            return True
        return self.people_under_row(line, target)

    def roster_line(self, line: Token) -> bool:
        """A "Key speakers:" heading and the people under it, who are the meeting's."""
        if _ROSTER_HEADING.fullmatch(line.text.strip()):
            self.roster = True
            return True
        if not self.roster:
            return False
        text = line.bullet if line.kind.value == "bullet" and line.bullet else line.text
        person = parse_person_line(text, Role.SPEAKER) or parse_name_comma_affiliation(text, Role.SPEAKER)
        if person is None:
            self.roster = False  # the list ended
            return False
        self.people.append(person)
        return True

    def one_person(self, line: Token, target: ItemDraft | SessionDraft) -> Person | None:
        """The one person a line names, in any of the usual ways, with the role
        a heading above or the target's title gives."""
        text = line.text
        listed = target.listed_role if isinstance(target, SessionDraft) else None
        role = self.pending_role or role_named_in(target.title) or listed or Role.SPEAKER
        person = parse_person_line(text, role)
        if person is None and line.bullet is not None:
            person = parse_name_dash_function(line.bullet, role)  # "• Angelo Guerra - OECD"
        if person is None and line.kind.value == "text":
            person = parse_name_comma_affiliation(text, role)  # "Eleanor Shaw, QMUL"
        elif person is None and line.bullet is not None and self.under_a_row():
            person = parse_person_line(line.bullet, role) or parse_name_comma_affiliation(
                line.bullet, role
            )  # "• Jonas Albrecht, Coordinator ...", "- Srta. Carolina Vidal, Directora ..."
        plain = isinstance(target, SessionDraft) or target.style == "plain"
        cell = text.rstrip(" ,;")
        if person is None and plain and line.kind.value == "text" and cell.endswith(")"):
            person = parse_cell_person(cell)  # a "Led by" cell: "Li Wei (Group of Experts)"
        return person

    def under_a_row(self) -> bool:
        """Whether the current session is a timed row of a timetable."""
        return self.session is not None and self.session.implicit and self.session.starts is not None

    def people_under_row(self, line: Token, target: ItemDraft | SessionDraft) -> bool:
        """The untimed lines under a timed row name the row's people ("On behalf of
        Japan – Dr. X", "Group A: English-speaking, facilitator X")."""
        row = self.session if self.session is not None and self.session.implicit else None
        if isinstance(target, SessionDraft):
            row = target
        bullet_under_row = line.kind.value == "bullet" and self.under_a_row()
        if (line.kind.value != "text" and not bullet_under_row) or line.time is not None:
            return False
        if row is None:
            return False
        text = line.bullet if line.kind.value == "bullet" and line.bullet else line.text
        _title, speakers = split_speaker(text)
        if not speakers:
            _title, speakers, _place = split_paren_people(text)
        if not speakers:
            speakers = inline_people(text)
        if speakers:
            row.people.extend(speakers)
            return True
        return False
