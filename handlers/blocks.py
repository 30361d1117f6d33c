"""Block Kit rendering of the core's values, built with ``slack_sdk.models`` (never raw dicts).

slack-sdk checks each block's own limits when it is serialised, but not the
number of blocks in a message, so everything here goes through ``pack``:
at most 50 blocks a message (100 in a view), section text cut at line ends
below 3,000 characters, headers at 150, and every message carries a plain
``text`` fallback for notifications and screen readers.

All text from the store or from people is escaped (``& < >``) before it is
put in mrkdwn, so a title containing ``<!channel>`` cannot ping a channel.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.answers import Answer
from bot.timefmt import day_label_with_year, span, zone_label
from handlers.payloads import Replay
from handlers.reminder_requests import SessionRef
from handlers.schedule import DayPlan, happening
from store.agenda import MeetingSummary
from store.values import Document, Meeting, Session

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_CHARS = 3000
HEADER_CHARS = 150
BUTTON_CHARS = 75
VALUE_CHARS = 2000
OPTION_CHARS = 75
FALLBACK_CHARS = 39_000  # Slack cuts ``text`` at 40,000

APOLOGY = "Sorry, something went wrong; the organizers have been notified."

# Action ids: the listeners in handlers/actions and handlers/views match on these.
SHARE_ACTION = "share_answer"
PICK_MEETING_ACTION = "pick_meeting"  # + ":N", unique within a block
HOME_MEETING_ACTION = "home_meeting"
HOME_ASK_ACTION = "home_ask"
ASK_MODAL = "ask_modal"
ASK_BLOCK = "question"
ASK_INPUT = "question_input"
REMIND_ME_ACTION = "remind_me"  # value: a SessionRef
CANCEL_REMINDER_ACTION = "cancel_reminder"  # value: the personal reminder's number

_LINK = re.compile(r"<([^|>]+)\|([^>]+)>")


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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


def pack(parts: Sequence[Part], trailer: Sequence[Part] = (), limit: int = MESSAGE_BLOCKS) -> list[Message]:
    """Messages of at most ``limit`` blocks; ``trailer`` (buttons, credits) ends the last one."""
    chunks: list[list[Part]] = [[]]
    for part in parts:
        if len(chunks[-1]) >= limit:
            chunks.append([])
        chunks[-1].append(part)
    if trailer:
        if len(chunks[-1]) + len(trailer) > limit:
            chunks.append([])
        chunks[-1].extend(trailer)
    messages = []
    for chunk in chunks:
        if not chunk:
            continue
        text = "\n".join(p.plain for p in chunk if p.plain).strip() or "(continued)"
        messages.append(Message(truncate(text, FALLBACK_CHARS), tuple(p.block for p in chunk)))
    return messages


def simple(text: str) -> list[Message]:
    """A short reply in words, escaped."""
    return pack(sections(escape(text)))


def apology() -> list[Message]:
    return simple(APOLOGY)


# --- answers from the question engine -------------------------------------------------------


def _document_line(doc: Document) -> str:
    name = escape(doc.symbol or doc.title)
    if doc.url:
        name = f"<{doc.url.replace('|', '%7C').replace('>', '%3E')}|{name}>"
    title = f" — {escape(doc.title)}" if doc.symbol else ""
    item = f" _(item {escape(doc.item)})_" if doc.item else ""
    return f"• {name}{title}{item}"


def fit_value(replay: Replay) -> str | None:
    """A button value within Slack's 2,000 characters, or None when even a shortened one won't fit."""
    value = replay.encode()
    if len(value) <= VALUE_CHARS:
        return value
    shorter = Replay(replay.kind, replay.text[: max(0, len(replay.text) - (len(value) - VALUE_CHARS) - 1)] + "…",
                     replay.meeting, replay.at)
    value = shorter.encode()
    return value if len(value) <= VALUE_CHARS else None


def answer_parts(answer: Answer, replay: Replay | None = None) -> list[Part]:
    parts = sections(escape(answer.text))
    linked = [d for d in answer.documents if d.url]
    if linked:
        parts += sections("\n".join(_document_line(d) for d in linked))
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
        parts.append(context(f"Try: {tries}"))
    return parts


def answer_messages(answer: Answer, replay: Replay | None = None, trailer: Sequence[Part] = ()) -> list[Message]:
    return pack(answer_parts(answer, replay), trailer)


def share_trailer(replay: Replay) -> list[Part]:
    value = fit_value(replay)
    if value is None:
        return []
    button = ButtonElement(text="Share in channel", action_id=SHARE_ACTION, value=value)
    return [Part.of(ActionsBlock(elements=[button]))]


def shared_by(user: str, what: str) -> list[Part]:
    return [context(f"Shared by <@{user}> · {escape(what)}", plain=False)]


# --- agendas --------------------------------------------------------------------------------


def zone_note(meeting: Meeting, viewer_zone: str | None) -> str:
    note = f"times in {zone_label(meeting.timezone)} time"
    if viewer_zone and zone_label(viewer_zone) != zone_label(meeting.timezone):
        note += f" (and yours, {zone_label(viewer_zone)})"
    return note


def session_mrkdwn(session: Session, meeting: Meeting, viewer_zone: str | None, now: datetime | None) -> str:
    when = escape(span(session.starts_at, session.ends_at, meeting.timezone, viewer_zone))
    room = f" — {escape(session.room)}" if session.room else ""
    heading = f"*{when}  {escape(session.title)}*{room}"
    if happening(session, now):
        heading = f":large_green_circle: *Happening now* · {heading}"
    lines = [heading]
    for item in session.items:
        own = f" ({escape(span(item.starts_at, item.ends_at, meeting.timezone, viewer_zone))})" if item.starts_at else ""
        lines.append(f"• {escape(item.label)}{own}")
        lines += [f"      ◦ {escape(point)}" for point in item.sub_points]
        if item.speakers:
            lines.append(f"      _with {escape(', '.join(item.speakers))}_")
    if not session.items:
        lines.append("_(no items listed)_")
    return "\n".join(lines)


def day_parts(plan: DayPlan, meeting: Meeting, viewer_zone: str | None, now: datetime | None) -> list[Part]:
    parts = [header(day_label_with_year(plan.date))]
    for session in plan.sessions:
        parts += _with_remind_button(sections(session_mrkdwn(session, meeting, viewer_zone, now)),
                                     meeting, session, now)
    return parts


def _with_remind_button(parts: list[Part], meeting: Meeting, session: Session, now: datetime | None) -> list[Part]:
    """A "Remind me" button beside a session still to come: a personal reminder by DM in one
    click. An accessory, not a block of its own, so long agendas keep within Slack's limits."""
    if not parts or session.starts_at is None or (now is not None and session.starts_at <= now):
        return parts
    value = SessionRef(meeting.slug, session.key).encode()
    if len(value) > VALUE_CHARS:
        return parts
    button = ButtonElement(text="Remind me", action_id=REMIND_ME_ACTION, value=value).to_dict()
    return [Part({**parts[0].block, "accessory": button}, parts[0].plain), *parts[1:]]


def meeting_line(meeting: Meeting, viewer_zone: str | None) -> str:
    where = f"{escape(meeting.venue)} · " if meeting.venue else ""
    return f"*{escape(meeting.title)}* · {where}{zone_note(meeting, viewer_zone)}"


def agenda_parts(
    meeting: Meeting, plans: Sequence[DayPlan], *, intro: str, viewer_zone: str | None, now: datetime | None
) -> list[Part]:
    parts = [context(meeting_line(meeting, viewer_zone))]
    if intro:
        parts += sections(f"*{escape(intro)}*")
    for plan in plans:
        parts += day_parts(plan, meeting, viewer_zone, now)
    return parts


def note_parts(meeting: Meeting, note: str, viewer_zone: str | None = None) -> list[Part]:
    """A sentence about a meeting ("No sessions on Saturday …"), under the meeting's name."""
    return [context(meeting_line(meeting, viewer_zone))] + sections(escape(note))


def documents_parts(meeting: Meeting) -> list[Part]:
    if not meeting.documents:
        return note_parts(meeting, "No documents are listed yet.")
    parts = [context(meeting_line(meeting, None)), header("Documents")]
    return parts + sections("\n".join(_document_line(d) for d in meeting.documents))


# --- App Home and the ask modal -------------------------------------------------------------


def _home_actions(meeting: Meeting | None, summaries: Sequence[MeetingSummary]) -> Part:
    elements: list[Any] = []
    if meeting is not None:
        elements.append(ButtonElement(text="Ask a question", action_id=HOME_ASK_ACTION, value=meeting.slug,
                                      style="primary"))
    if len(summaries) > 1 or meeting is None:
        options = [Option(text=truncate(f"{m.title} ({m.slug})", OPTION_CHARS), value=m.slug) for m in summaries[:100]]
        current = next((o for o in options if meeting and o.value == meeting.slug), None)
        elements.append(StaticSelectElement(placeholder="Choose a meeting", action_id=HOME_MEETING_ACTION,
                                            options=options, initial_option=current))
    return Part.of(ActionsBlock(elements=elements))


def home_view(
    meeting: Meeting | None,
    summaries: Sequence[MeetingSummary],
    *,
    notice: str = "",
    viewer_zone: str | None = None,
    now: datetime | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The App Home: the meeting's agenda by day and session, what is on now marked,
    its documents; within Slack's 100 blocks (past days go first when it is long)."""
    head: list[Part] = [header(meeting.title if meeting else "agendabot")]
    if notice:
        head += sections(escape(notice))
    if meeting is None:
        blocks = head + ([_home_actions(None, summaries)] if summaries else [])
        return View(type="home", blocks=[p.block for p in blocks]).to_dict()
    head.append(context(meeting_line(meeting, viewer_zone)))
    # The page and the feeds (issue 18): the links are personal, so they go by DM.
    head.append(context("On the web, as a PDF and in your calendar: `/agenda calendar` sends you the links."))
    head.append(_home_actions(meeting, summaries))
    days = [DayPlan(d.date, d.sessions, "") for d in meeting.days if d.sessions]
    docs = [DividerBlock(), HeaderBlock(text="Documents")] if meeting.documents else []
    doc_parts = [Part.of(b) for b in docs] + (sections("\n".join(_document_line(d) for d in meeting.documents))
                                              if meeting.documents else [])
    body = _fit_days(days, meeting, viewer_zone, now, today, VIEW_BLOCKS - len(head) - len(doc_parts) - 1)
    blocks = head + [Part.of(DividerBlock())] + body + doc_parts
    return View(type="home", blocks=[p.block for p in blocks[:VIEW_BLOCKS]]).to_dict()


def _fit_days(
    days: list[DayPlan], meeting: Meeting, viewer_zone: str | None, now: datetime | None, today: date | None,
    room: int,
) -> list[Part]:
    if today is not None and any(d.date >= today for d in days):
        rendered = [day_parts(d, meeting, viewer_zone, now) for d in days]
        while sum(map(len, rendered)) > room and days and days[0].date < today:
            days, rendered = days[1:], rendered[1:]  # past days are the least useful
    parts = [p for d in days for p in day_parts(d, meeting, viewer_zone, now)]
    if len(parts) > room:
        parts = parts[: room - 1] + [context("The agenda continues: ask `/agenda DAY` for any day.")]
    return parts


def ask_modal(meeting_slug: str) -> dict[str, Any]:
    field = InputBlock(
        block_id=ASK_BLOCK,
        label="Your question",
        element=PlainTextInputElement(action_id=ASK_INPUT, placeholder="When is the rapporteur's report?"),
    )
    view = View(type="modal", callback_id=ASK_MODAL, title="Ask agendabot", submit="Ask", close="Cancel",
                private_metadata=meeting_slug, blocks=[field])
    return view.to_dict()


# --- reminders ------------------------------------------------------------------------------

_MENTION = re.compile(r"&lt;@([UW][A-Z0-9]+)&gt;")
_NUMBERED = re.compile(r"^• \[(\d+)\] ")


def escape_keeping_mentions(text: str) -> str:
    """Escaped like any text, except the ``<@U123>`` mentions the reminder core writes itself."""
    return _MENTION.sub(r"<@\1>", escape(text))


def reminder_text_parts(text: str) -> list[Part]:
    return sections(escape_keeping_mentions(text))


def my_reminders_parts(text: str) -> list[Part]:
    """The list of someone's reminders, each numbered line ("• [12] …") with a Cancel button."""
    parts: list[Part] = []
    for line in text.splitlines():
        number = _NUMBERED.match(line)
        if not number:
            parts += reminder_text_parts(line)
            continue
        button = ButtonElement(text="Cancel", action_id=CANCEL_REMINDER_ACTION, value=number.group(1))
        block = SectionBlock(text=MarkdownTextObject(text=truncate(escape(line), SECTION_CHARS)), accessory=button)
        parts.append(Part.of(block, line))
    return parts
