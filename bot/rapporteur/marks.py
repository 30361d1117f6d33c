"""Which lines of a channel message are notes for the report, and who owns an action.

IRC's MeetBot habit: a line that *starts* with ``#agreed``, ``#action``,
``#info`` or ``#conclusion`` (any case, a colon allowed) is a note; a mark in
the middle of a sentence is only talk about marks, and a hashtag such as
``#agreedtext`` is not a mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.vocabulary import mentioned_users


class NoteKind(StrEnum):
    AGREED = "agreed"
    ACTION = "action"
    INFO = "info"
    CONCLUSION = "conclusion"
    NOTE = "note"  # a whole message taken with the shortcut


_MARK = re.compile(r"^\s*#(agreed|action|info|conclusion)\b:?\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Mark:
    """One marked line: ``part`` is its 1-based line number in the message."""

    kind: NoteKind
    text: str
    part: int
    owner: str = ""  # actions only: the first mention, else the author


def find_marks(text: str, author: str) -> list[Mark]:
    """The marked lines of a message in Slack's markup; empty when there are none."""
    marks: list[Mark] = []
    for number, line in enumerate(text.splitlines(), start=1):
        found = _MARK.match(line)
        if found is None or not found.group(2).strip():
            continue  # a bare "#agreed" says nothing to put in a report
        kind = NoteKind(found.group(1).lower())
        body = found.group(2).strip()
        owner = ""
        if kind is NoteKind.ACTION:
            mentioned = mentioned_users(body)
            owner = mentioned[0] if mentioned else author
        marks.append(Mark(kind, body, number, owner))
    return marks


def whole_message(text: str, author: str) -> Mark:
    """A message taken with the shortcut: one note, its kind from a leading mark if it has one."""
    found = find_marks(text, author)
    if len(found) == 1 and len(text.strip().splitlines()) == 1:
        return Mark(found[0].kind, found[0].text, 0, found[0].owner)
    return Mark(NoteKind.NOTE, text.strip(), 0)
