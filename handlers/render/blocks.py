"""Block Kit rendering of the core's values, built with ``slack_sdk.models`` (never raw dicts).

slack-sdk checks each block's own limits when it is serialised, but not the
number of blocks in a message nor their text in all, so everything here goes
through ``pack`` (or ``paged`` for answers): at most 50 blocks and 8,000
characters of block text a message, section text cut at line ends below 3,000
characters, headers at 150, and every message carries a plain ``text``
fallback (at most 3,900 characters) for notifications and screen readers.
The limits and margins are in ``handlers/render/budget.py``. An answer longer than
three messages is paged: its last message offers "Show more".

All text from the store or from people is escaped (``& < >``) before it is
put in mrkdwn, so a title containing ``<!channel>`` cannot ping a channel.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.answers import Answer
from bot.i18n import Translator, translator
from bot.requests.views import DayPlan, happening
from bot.timefmt import localized_day_with_year, localized_span_for, zone_label
from bot.words import Words
from handlers.render.budget import (
    ANSWER_MESSAGES,
    BUTTON_CHARS,
    FALLBACK_CHARS,
    HEADER_CHARS,
    MESSAGE_BLOCKS,
    MESSAGE_TEXT_CHARS,
    OPTION_CHARS,
    SECTION_CHARS,
    SELECT_OPTIONS,
    VALUE_CHARS,
    VIEW_BLOCKS,
    text_chars,
)
from handlers.render.words import escape, mrkdwn
from handlers.slack.payloads import Replay, ReplayKind, SessionRef
from store.values import Document, Meeting, Session

__all__ = [  # the limits other modules take from here, as before handlers/render/budget.py
    "BUTTON_CHARS", "FALLBACK_CHARS", "HEADER_CHARS", "MESSAGE_BLOCKS", "MESSAGE_TEXT_CHARS", "OPTION_CHARS",
    "SECTION_CHARS", "escape",  # escape: now handlers/render/words.py's, taken from here as before
    "SELECT_OPTIONS", "VALUE_CHARS", "VIEW_BLOCKS",
]

APOLOGY = "Sorry, something went wrong; the organizers have been notified."

# Action ids: the listeners in handlers/listeners/actions and handlers/listeners/views match on these.
SHARE_ACTION = "share_answer"
PICK_MEETING_ACTION = "pick_meeting"  # + ":N", unique within a block
HOME_MEETING_ACTION = "home_meeting"
HOME_ASK_ACTION = "home_ask"
ASK_MODAL = "ask_modal"
NOTE_MENU_ACTION = "note_menu"  # a menu beside each of the rapporteur's notes
ASK_BLOCK = "question"
ASK_INPUT = "question_input"
REMIND_ME_ACTION = "remind_me"  # value: a SessionRef
SHOW_MORE_ACTION = "show_more"  # value: a Replay with the page to show
HOME_DAY_ACTION = "home_day"  # value: an ISO date
CANCEL_REMINDER_ACTION = "cancel_reminder"  # value: the personal reminder's number

_ENGLISH = translator()  # each renderer's default: the person's language is passed in as ``tr``
_LINK = re.compile(r"<([^|>]+)\|([^>]+)>")


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fallback_of(mrkdwn: str) -> str:
    """The plain reading of our own mrkdwn: links as ``label (url)``, no bold markers."""
    return _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", mrkdwn).replace("*", "")


def split_text(text: str, limit: int = SECTION_CHARS) -> list[str]:
    """Pieces of at most ``limit`` characters, cut at line ends where possible."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # one enormous line: cut it hard
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        pieces.append(current)
    return [p for p in pieces if p.strip()]


@dataclass(frozen=True)
class Part:
    """One block, serialised (and so checked by slack-sdk), with what it says in plain text."""

    block: dict[str, Any]
    plain: str = ""

    @classmethod
    def of(cls, block: Block, plain: str = "") -> Part:
        return cls(block.to_dict(), plain)

    @functools.cached_property
    def chars(self) -> int:
        """Its text as Slack counts a message's block text (handlers/render/budget.py)."""
        return text_chars(self.block)


@dataclass(frozen=True)
class Message:
    text: str
    blocks: tuple[dict[str, Any], ...]

    def as_kwargs(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": list(self.blocks)}


def sections(mrkdwn: str) -> list[Part]:
    return list(_sections(mrkdwn))


# Answers repeat (a channel asks "what's next?" again and again), and building and
# checking the blocks with the models is most of rendering one: ~0.2 ms on a server
# idle between questions. The Parts are shared between callers, so their blocks must
# never be changed in place (copy them, as _with_remind_button does).
@functools.lru_cache(maxsize=512)
def _sections(mrkdwn: str) -> tuple[Part, ...]:
    return tuple(
        Part.of(SectionBlock(text=MarkdownTextObject(text=piece)), fallback_of(piece)) for piece in split_text(mrkdwn)
    )


def header(text: str) -> Part:
    return Part.of(HeaderBlock(text=PlainTextObject(text=truncate(text, HEADER_CHARS))), text)


@functools.lru_cache(maxsize=512)  # as _sections: answers' "Try: …" lines repeat
def context(mrkdwn: str, plain: bool = True) -> Part:
    return Part.of(ContextBlock(elements=[MarkdownTextObject(text=truncate(mrkdwn, SECTION_CHARS))]),
                   fallback_of(mrkdwn) if plain else "")


def _chunks(parts: Sequence[Part], blocks: int, chars: int) -> list[list[Part]]:
    """``parts`` in order, cut into runs of at most ``blocks`` blocks and ``chars`` of text."""
    chunks: list[list[Part]] = [[]]
    used = 0
    for part in parts:
        if chunks[-1] and (len(chunks[-1]) >= blocks or used + part.chars > chars):
            chunks.append([])
            used = 0
        chunks[-1].append(part)
        used += part.chars
    return [c for c in chunks if c]


def _message(chunk: Sequence[Part]) -> Message:
    text = "\n".join(p.plain for p in chunk if p.plain).strip() or "(continued)"
    return Message(truncate(text, FALLBACK_CHARS), tuple(p.block for p in chunk))


def _with_trailer(chunks: list[list[Part]], trailer: Sequence[Part], blocks: int, chars: int) -> list[list[Part]]:
    if not trailer:
        return chunks
    last = chunks[-1] if chunks else []
    if not last or len(last) + len(trailer) > blocks or sum(p.chars for p in [*last, *trailer]) > chars:
        chunks = [*chunks, []]
    chunks[-1] = [*chunks[-1], *trailer]
    return chunks


def pack(parts: Sequence[Part], trailer: Sequence[Part] = (), limit: int = MESSAGE_BLOCKS) -> list[Message]:
    """Messages of at most ``limit`` blocks and MESSAGE_TEXT_CHARS of block text; ``trailer``
    (buttons, credits) ends the last one."""
    chunks = _with_trailer(_chunks(parts, limit, MESSAGE_TEXT_CHARS), trailer, limit, MESSAGE_TEXT_CHARS)
    return [_message(chunk) for chunk in chunks]


def paged(
    parts: Sequence[Part], trailer: Sequence[Part] = (), *, more: Callable[[int], Part | None] | None = None,
    page: int = 0, per_page: int = ANSWER_MESSAGES, head: Sequence[Part] = (), tr: Translator = _ENGLISH,
) -> list[Message]:
    """Page ``page`` of an answer: at most ``per_page`` messages, the last ending with
    ``trailer`` and, when more follows, a note and ``more(next_page)`` (a "Show more" button).
    ``head`` opens the first page only; room is kept for it on every page, so pages do not
    shift whether it is shown or not."""
    room = len(trailer) + len(head) + 2
    room_chars = sum(p.chars for p in [*trailer, *head]) + 400
    chunks = _chunks(parts, MESSAGE_BLOCKS - room, MESSAGE_TEXT_CHARS - room_chars)
    pages = [chunks[i:i + per_page] for i in range(0, len(chunks), per_page)] or [[]]
    page = max(0, min(page, len(pages) - 1))
    following = more(page + 1) if more is not None and page + 1 < len(pages) else None
    if following is None and page + 1 < len(pages):
        return pack([*head, *parts], trailer)  # no way to ask for the rest: all of it
    shown = [list(c) for c in pages[page]] or [[]]
    if page == 0:
        shown[0] = [*head, *shown[0]]
    tail: list[Part] = []
    if following is not None:
        tail = [context(tr.gettext("Part {page} of {pages} of this answer.").format(page=page + 1, pages=len(pages)),
                        plain=False), following]
    elif len(pages) > 1:
        tail = [context(tr.gettext("Part {page} of {pages} of this answer: the end.").format(
            page=page + 1, pages=len(pages)), plain=False)]
    shown[-1] += [*tail, *trailer]
    return [_message(chunk) for chunk in shown if chunk]


def fit_message(parts: Sequence[Part], note: str = "") -> list[dict[str, Any]]:
    """The blocks of one message that must stay one (a reminder): ``parts`` cut to the budget,
    ``note`` (a context line) saying so when something was left out."""
    closing = context(note, plain=False) if note else None
    reserve = (1, closing.chars) if closing else (0, 0)
    kept = _chunks(parts, MESSAGE_BLOCKS - reserve[0], MESSAGE_TEXT_CHARS - reserve[1])
    first = kept[0] if kept else []
    if len(kept) > 1 and closing is not None:
        first = [*first, closing]
    return [p.block for p in first]


def more_button(value: str, tr: Translator = _ENGLISH) -> Part:
    """The "Show more" button under a page of a long answer."""
    button = ButtonElement(text=tr.gettext("Show more"), action_id=SHOW_MORE_ACTION, value=value)
    return Part.of(ActionsBlock(elements=[button]))


def simple(text: str) -> list[Message]:
    """A short reply in words, escaped."""
    return pack(sections(escape(text)))


def said(words: Words | str) -> list[Message]:
    """A short reply of the core's words (bot/words.py), as messages."""
    return pack(sections(mrkdwn(words)))


def apology(tr: Translator = _ENGLISH) -> list[Message]:
    return simple(tr.gettext(APOLOGY))


# --- answers from the question engine -------------------------------------------------------


def document_line(doc: Document, tr: Translator = _ENGLISH) -> str:
    name = escape(doc.symbol or doc.title)
    if doc.url:
        name = f"<{doc.url.replace('|', '%7C').replace('>', '%3E')}|{name}>"
    title = f" — {escape(doc.title)}" if doc.symbol else ""
    item = " _({})_".format(tr.gettext("item {item}").format(item=escape(doc.item))) if doc.item else ""
    return f"• {name}{title}{item}"


def fit_value(replay: Replay) -> str | None:
    """A button value within Slack's 2,000 characters, or None when even a shortened one won't fit."""
    value = replay.encode()
    if len(value) <= VALUE_CHARS:
        return value
    shorter = dataclasses.replace(
        replay, text=replay.text[: max(0, len(replay.text) - (len(value) - VALUE_CHARS) - 1)] + "…")
    value = shorter.encode()
    return value if len(value) <= VALUE_CHARS else None


def answer_parts(answer: Answer, replay: Replay | None = None, tr: Translator = _ENGLISH) -> list[Part]:
    parts = sections(mrkdwn(answer.words) if answer.words else escape(answer.text))
    linked = [d for d in answer.documents if d.url]
    if linked:
        parts += sections("\n".join(document_line(d) for d in linked))
    if answer.choices and replay is not None:
        buttons = []
        for index, slug in enumerate(answer.choices[:25]):
            value = fit_value(Replay(replay.kind, replay.text, slug, replay.at))
            if value is not None:
                buttons.append(ButtonElement(text=truncate(slug, BUTTON_CHARS), value=value,
                                             action_id=f"{PICK_MEETING_ACTION}:{index}"))
        if buttons:
            parts.append(Part.of(ActionsBlock(elements=buttons)))
    if answer.suggestions and not answer.choices:
        tries = " · ".join(f"“{escape(s)}”" for s in answer.suggestions[:5])
        parts.append(context(tr.gettext("Try: {suggestions}").format(suggestions=tries)))
    return parts


def answer_messages(answer: Answer, replay: Replay | None = None, trailer: Sequence[Part] = ()) -> list[Message]:
    return pack(answer_parts(answer, replay), trailer)


def share_trailer(replay: Replay, tr: Translator = _ENGLISH) -> list[Part]:
    value = fit_value(replay)
    if value is None:
        return []
    button = ButtonElement(text=tr.gettext("Share in channel"), action_id=SHARE_ACTION, value=value)
    return [Part.of(ActionsBlock(elements=[button]))]


def shared_by(user: str, what: Replay) -> list[Part]:
    """Under an answer shared in the channel: who shared it, and what was asked (a command as typed)."""
    asked = f"/agenda {what.text}".strip() if what.kind is ReplayKind.COMMAND else what.text
    return [context(f"Shared by <@{user}> · {escape(asked)}", plain=False)]


# --- agendas --------------------------------------------------------------------------------


def zone_note(meeting: Meeting, viewer_zone: str | None, tr: Translator = _ENGLISH) -> str:
    ours = zone_label(meeting.timezone)
    if viewer_zone and zone_label(viewer_zone) != ours:
        return tr.gettext("times in {zone} time (and yours, {yours})").format(zone=ours, yours=zone_label(viewer_zone))
    return tr.gettext("times in {zone} time").format(zone=ours)


def _span(start: datetime | None, end: datetime | None, meeting: Meeting, viewer_zone: str | None,
          tr: Translator) -> str:
    return escape(localized_span_for(start, end, meeting.timezone, viewer_zone, tr.language,
                                     both=tr.gettext("{ours} {zone} time ({theirs} your time)"),
                                     unknown=tr.gettext("time to be announced")))


def session_mrkdwn(session: Session, meeting: Meeting, viewer_zone: str | None, now: datetime | None,
                   tr: Translator = _ENGLISH) -> str:
    when = _span(session.starts_at, session.ends_at, meeting, viewer_zone, tr)
    room = f" — {escape(session.room)}" if session.room else ""
    heading = f"*{when}  {escape(session.title)}*{room}"
    if happening(session, now):
        heading = ":large_green_circle: *{}* · {}".format(tr.gettext("Happening now"), heading)
    lines = [heading]
    for item in session.items:
        own = f" ({_span(item.starts_at, item.ends_at, meeting, viewer_zone, tr)})" if item.starts_at else ""
        lines.append(f"• {escape(item.label)}{own}")
        lines += [f"      ◦ {escape(point)}" for point in item.sub_points]
        if item.speakers:
            lines.append("      _{}_".format(tr.gettext("with {speakers}").format(speakers=escape(", ".join(item.speakers)))))
    if not session.items:
        lines.append("_({})_".format(tr.gettext("no items listed")))
    return "\n".join(lines)


def day_parts(plan: DayPlan, meeting: Meeting, viewer_zone: str | None, now: datetime | None,
              tr: Translator = _ENGLISH) -> list[Part]:
    parts = [header(localized_day_with_year(plan.date, tr.language))]
    for session in plan.sessions:
        parts += _with_remind_button(sections(session_mrkdwn(session, meeting, viewer_zone, now, tr)),
                                     meeting, session, now, tr)
    return parts


def _with_remind_button(parts: list[Part], meeting: Meeting, session: Session, now: datetime | None,
                        tr: Translator) -> list[Part]:
    """A "Remind me" button beside a session still to come: a personal reminder by DM in one
    click. An accessory, not a block of its own, so long agendas keep within Slack's limits."""
    if not parts or session.starts_at is None or (now is not None and session.starts_at <= now):
        return parts
    value = SessionRef(meeting.slug, session.key).encode()
    if len(value) > VALUE_CHARS:
        return parts
    button = ButtonElement(text=tr.gettext("Remind me"), action_id=REMIND_ME_ACTION, value=value).to_dict()
    return [Part({**parts[0].block, "accessory": button}, parts[0].plain), *parts[1:]]


def meeting_line(meeting: Meeting, viewer_zone: str | None, tr: Translator = _ENGLISH) -> str:
    where = f"{escape(meeting.venue)} · " if meeting.venue else ""
    return f"*{escape(meeting.title)}* · {where}{zone_note(meeting, viewer_zone, tr)}"


def agenda_parts(
    meeting: Meeting, plans: Sequence[DayPlan], *, intro: str, viewer_zone: str | None, now: datetime | None,
    tr: Translator = _ENGLISH,
) -> list[Part]:
    parts = [context(meeting_line(meeting, viewer_zone, tr))]
    if intro:
        parts += sections(f"*{escape(intro)}*")
    for plan in plans:
        parts += day_parts(plan, meeting, viewer_zone, now, tr)
    return parts


def note_parts(meeting: Meeting, note: str, viewer_zone: str | None = None, tr: Translator = _ENGLISH) -> list[Part]:
    """A sentence about a meeting ("No sessions on Saturday …"), under the meeting's name."""
    return [context(meeting_line(meeting, viewer_zone, tr))] + sections(escape(note))


def documents_parts(meeting: Meeting, tr: Translator = _ENGLISH) -> list[Part]:
    if not meeting.documents:
        return note_parts(meeting, tr.gettext("No documents are listed yet."), tr=tr)
    parts = [context(meeting_line(meeting, None, tr)), header(tr.gettext("Documents"))]
    return parts + sections("\n".join(document_line(d, tr) for d in meeting.documents))
