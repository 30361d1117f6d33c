"""Quick edits to an agenda, as organizers type them: parsed into values, applied to a Meeting.

``parse_edit("move afternoon session to 15:30 16 October")`` gives a ``Move``;
``apply_edit(meeting, edit)`` gives the new Meeting (or raises ``EditError``
saying, in words, what could not be understood or found; the values are in
bot/organizers/edit_types.py, finding an edit's target in finding.py, applying
it in applying.py). Nothing here knows
Slack or the database, so the Slack commands, the App Home modal and a
console can all share it, and it is tested on values built by hand.

Every edit is also a plain dict (``edit_to_dict``/``edit_from_dict``): a
pending change keeps the edit, not just its result, so that a Confirm refused
because someone else changed the agenda meanwhile can be previewed again on
top of their change instead of undoing it.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import time
from typing import Any

from bot import vocabulary
from bot.organizers.applying import apply_edit
from bot.organizers.edit_types import (
    AddDocument,
    Cancel,
    Edit,
    EditError,
    Move,
    Rename,
    SessionEdit,
    SetPeople,
    SetRoom,
)
from bot.organizers.finding import find_item, find_session, find_sessions, resolve_day
from bot.vocabulary import DayRef, parse_clock
from bot.words import Command, Words, commands
from store.values import Role

__all__ = [
    "USAGE", "AddDocument", "Cancel", "DayRef", "Edit", "EditError", "Move", "Rename", "SessionEdit", "SetPeople",
    "SetRoom", "apply_edit", "edit_from_dict", "edit_to_dict", "find_item", "find_session", "find_sessions",
    "parse_day", "parse_edit", "parse_item_lines", "parse_people", "parse_time", "resolve_day", "source_of",
]

QUOTES = "\"“”‘’'«»"

_URL = re.compile(r"^<?(https?://[^\s|>]+)(?:\|[^>]*)?>?$")

USAGE = commands(
    "move SESSION|ITEM to TIME [DAY]", "cancel ITEM", 'rename ITEM "New title"',
    'doc add SYMBOL "Title" URL [item N]', 'set moderator of SESSION "Name (Affiliation)"',
    'set room of SESSION|ITEM "Room"',
)
SET_EXAMPLE = Words.of(
    commands('set moderator of afternoon session "Bo Li (UN DESA)"', 'set speakers of item V "Ann Smith (IOM); Eva Roe"',
             'set chair of meeting "Hania Zlotnik"', sep=", "),
    " or ", Command('set room of item V "Room XIX"'),
)
MOVE_EXAMPLE = Words.of(
    "e.g. ", Command("move afternoon session to 15:30 16 October"), " or ", Command("move item V to 16:00")
)
DOC_EXAMPLE = Command('doc add A/58/99 "Report on remittances" https://example.org/a5899.pdf item V')
# "speakers", "co-chairs": a role may be named in the plural, and with a space for the hyphen.
_ROLE_WORDS = {r.value: r for r in Role if r is not Role.OTHER} | {
    r.value + "s": r for r in Role if r is not Role.OTHER
} | {r.value.replace("-", " "): r for r in Role} | {r.value.replace("-", " ") + "s": r for r in Role}


# --- parsing ---------------------------------------------------------------------------------


def parse_time(text: str) -> time | None:
    """``15:30``, ``9.05``, ``3pm``, ``3:30 pm``, ``15h``, ``15h30``; None for anything else."""
    return parse_clock(text)


def parse_day(text: str) -> DayRef | None:
    """``thursday``, ``2003-10-16``, ``16 October [2003]``, ``Oct 16``, ``Thursday 16 October``:
    an agenda change names days of the meeting, not days from today."""
    return vocabulary.parse_day(text, relative=False)


def _when(text: str) -> tuple[time, DayRef | None] | None:
    """``15:30``, ``15:30 16 October``, ``3pm on Thursday``."""
    words = text.split()
    for cut in range(len(words), 0, -1):
        at = parse_time(" ".join(words[:cut]))
        if at is None:
            continue
        rest = " ".join(words[cut:])
        if not rest:
            return at, None
        day = parse_day(rest)
        return (at, day) if day else None
    return None


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] in QUOTES and text[-1] in QUOTES:
        return text[1:-1].strip()
    return text


def _split_quoted(text: str) -> tuple[str, str, str] | None:
    """``before "quoted" after`` with straight or curly quotes; None when nothing is quoted."""
    m = re.search(r"[\"“”«‘](.+?)[\"”“»’]", text)
    if not m:
        return None
    return text[: m.start()].strip(), m.group(1).strip(), text[m.end():].strip()


def parse_edit(text: str) -> Edit:
    """The edit in ``text`` (the words after ``/agenda``); EditError saying how to write it."""
    text = " ".join(text.split())
    head, _, rest = text.partition(" ")
    word = head.lower()
    if word == "move":
        return _parse_move(rest)
    if word == "cancel":
        if not rest:
            raise EditError(Words.of("Say what to cancel, e.g. ", Command("cancel item VI"), "."))
        return Cancel(_unquote(rest))
    if word == "rename":
        return _parse_rename(rest)
    if word in ("doc", "document") and rest.lower().startswith("add"):
        return _parse_doc_add(rest[3:].strip())
    if word == "set":
        return _parse_set(rest)
    raise EditError(Words.of("I know these changes: ", USAGE))


def _parse_set(rest: str) -> SetPeople | SetRoom:
    """``ROLE of TARGET "Name (Affiliation); Name"`` or ``room of TARGET "Room"``."""
    quoted = re.search(r"[\"“«‘]([^\"“”«»‘’]*)[\"”»’]\s*$", rest)
    if quoted is None:
        raise EditError(Words.of("Write the people or the room in quotes at the end, e.g. ", SET_EXAMPLE, "."))
    head, value = rest[: quoted.start()].strip(), quoted.group(1).strip()
    m = re.match(r"^(?P<what>.+?)\s+(?:of|for|on)\s+(?P<target>.+)$", head, re.IGNORECASE)
    if m is None:
        raise EditError(Words.of("Say whose, e.g. ", SET_EXAMPLE, "."))
    what, target = m.group("what").strip().casefold(), _unquote(m.group("target"))
    if what == "room":
        return SetRoom(target, value)
    role = _ROLE_WORDS.get(what)
    if role is None:
        roles = ", ".join(r.value for r in Role if r is not Role.OTHER)
        raise EditError(f"“{m.group('what')}” is not a role I know ({roles}; or room).")
    return SetPeople(target, role.value, parse_people(value))


def parse_people(text: str) -> tuple[tuple[str, str], ...]:
    """``Ann Smith (IOM); Bo Li`` → (("Ann Smith", "IOM"), ("Bo Li", "")); "none" or "" → ()."""
    if text.strip().casefold() in ("", "none", "nobody", "-"):
        return ()
    people = []
    for part in text.split(";"):
        part = " ".join(part.split())
        if not part:
            continue
        m = re.match(r"^(.+?)\s*\(([^()]*)\)$", part)
        name, affiliation = (m.group(1), m.group(2).strip()) if m else (part, "")
        people.append((name.strip(), affiliation))
    return tuple(people)


def _parse_move(rest: str) -> Move:
    # The target may itself contain " to " ("Introduction to ..."): try the last one first.
    cuts = [m.start() for m in re.finditer(r"\bto\b", rest, re.IGNORECASE)]
    for cut in reversed(cuts):
        target, when = rest[:cut].strip(), rest[cut + 2:].strip()
        found = _when(when)
        if target and found:
            return Move(_unquote(target), found[0], found[1])
    if cuts:
        raise EditError(Words.of("I could not read the new time; write it as 15:30 or 3:30pm, ", MOVE_EXAMPLE, "."))
    raise EditError(Words.of("Say where to move it, ", MOVE_EXAMPLE, "."))


def _parse_rename(rest: str) -> Rename:
    split = _split_quoted(rest)
    if split is None or not split[0] or split[2]:
        raise EditError(Words.of("Write the new title in quotes, e.g. ", Command('rename item V "Remittances and development"'), "."))
    return Rename(split[0], split[1])


def _parse_doc_add(rest: str) -> AddDocument:
    words = rest.split()
    if not words:
        raise EditError(Words.of("Write it as ", DOC_EXAMPLE, "."))
    symbol, after = words[0], rest[len(words[0]):].strip()
    split = _split_quoted(after)
    if split is not None:
        title, tail = split[1], split[2]
    else:
        url_at = next((i for i, w in enumerate(after.split()) if _URL.match(w)), None)
        if url_at is None:
            raise EditError(Words.of("A document needs a link (http:// or https://), e.g. ", DOC_EXAMPLE, "."))
        parts = after.split()
        title, tail = " ".join(parts[:url_at]), " ".join(parts[url_at:])
    tail_words = tail.split()
    link = _URL.match(tail_words[0]) if tail_words else None
    if link is None:
        raise EditError(Words.of("A document needs a link (http:// or https://) after its title, e.g. ", DOC_EXAMPLE, "."))
    url = link.group(1)
    item = ""
    extra = tail_words[1:]
    if extra:
        if extra[0].lower() != "item" or len(extra) != 2:
            raise EditError(Words.of("After the link only ", Command("item N", whole=False), " may follow, e.g. ", DOC_EXAMPLE, "."))
        item = extra[1]
    return AddDocument(symbol, title or symbol, url, item)


_ITEM_LINE = re.compile(r"^\s*([0-9]+[a-z]?|[IVXLCDM]+|[a-z])[.)]\s+(.+)$", re.IGNORECASE)


def parse_item_lines(text: str) -> tuple[tuple[str, str], ...]:
    """The modal's items box: ``V. Title`` (or just ``Title``) a line; blank lines skipped."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _ITEM_LINE.match(line)
        out.append((m.group(1), m.group(2).strip()) if m else ("", line.strip()))
    return tuple(out)


# --- keeping edits with a pending change ----------------------------------------------------


def edit_to_dict(edit: Edit) -> dict[str, Any]:
    data = dataclasses.asdict(edit)
    data["type"] = type(edit).__name__
    for key, value in list(data.items()):
        if isinstance(value, time):
            data[key] = value.isoformat(timespec="minutes")  # stored, read back by time.fromisoformat
    return data


def edit_from_dict(data: dict[str, Any]) -> Edit:
    data = dict(data)
    kind = data.pop("type")

    def clock(value: str | None) -> time | None:
        return time.fromisoformat(value) if value else None

    if kind == "Move":
        day = DayRef(**data["day"]) if data.get("day") else None
        # A stored Move always has its time (edit_to_dict writes it); clock() also reads optional ones.
        return Move(data["target"], clock(data["at"]), day)  # type: ignore[arg-type]
    if kind == "Cancel":
        return Cancel(**data)
    if kind == "Rename":
        return Rename(**data)
    if kind == "AddDocument":
        return AddDocument(**data)
    if kind == "SetPeople":
        return SetPeople(data["target"], data["role"], tuple((str(n), str(a)) for n, a in data["people"]))
    if kind == "SetRoom":
        return SetRoom(**data)
    if kind == "SessionEdit":
        return SessionEdit(data["session_key"], clock(data["starts"]), clock(data["ends"]),
                           tuple((str(n), str(t)) for n, t in data["items"]))
    raise ValueError(f"unknown edit {kind!r}")


def source_of(edit: Edit) -> str:
    """How the revision's source reads in the history: "slack move", "slack rename", …"""
    return {
        Move: "slack move", Cancel: "slack cancel", Rename: "slack rename",
        AddDocument: "slack doc add", SessionEdit: "slack edit", SetPeople: "slack set people",
        SetRoom: "slack set room",
    }[type(edit)]
