"""The App Home view and the ask modal, cut to Slack's view limits (100 blocks, VIEW_BYTES).

A meeting too long for one view shows one day at a time with a picker of days;
the organizer's menu is added by ``handlers/render/organizer.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.i18n import Translator, translator
from bot.requests.views import DayPlan
from bot.timefmt import localized_short_day
from handlers.render.blocks import (
    ASK_BLOCK,
    ASK_INPUT,
    ASK_MODAL,
    HOME_ASK_ACTION,
    HOME_DAY_ACTION,
    HOME_MEETING_ACTION,
    Part,
    context,
    day_parts,
    document_line,
    header,
    meeting_line,
    sections,
    truncate,
)
from handlers.render.budget import OPTION_CHARS, SELECT_OPTIONS, VIEW_BLOCKS, VIEW_BYTES, json_bytes
from handlers.render.words import escape
from store.agenda import MeetingSummary
from store.values import Meeting

_ENGLISH = translator()  # the person's language is passed in as ``tr``


def _home_actions(meeting: Meeting | None, summaries: Sequence[MeetingSummary], tr: Translator) -> Part:
    elements: list[Any] = []
    if meeting is not None:
        elements.append(ButtonElement(text=tr.gettext("Ask a question"), action_id=HOME_ASK_ACTION, value=meeting.slug,
                                      style="primary"))
    if len(summaries) > 1 or meeting is None:
        options = [Option(text=truncate(f"{m.title} ({m.slug})", OPTION_CHARS), value=m.slug)
                   for m in summaries[:SELECT_OPTIONS]]
        current = next((o for o in options if meeting and o.value == meeting.slug), None)
        elements.append(StaticSelectElement(placeholder=tr.gettext("Choose a meeting"), action_id=HOME_MEETING_ACTION,
                                            options=options, initial_option=current))
    return Part.of(ActionsBlock(elements=elements))


def home_day(meeting: Meeting, wanted: date | None, today: date | None) -> date | None:
    """The day a one-day Home shows: the one asked for, else today, else the next meeting
    day, else the first (a meeting that is over)."""
    dates = [d.date for d in meeting.days if d.sessions]
    if not dates:
        return None
    if wanted in dates:
        return wanted
    if today is not None:
        return next((d for d in dates if d >= today), dates[-1])
    return dates[0]


def _day_picker(meeting: Meeting, shown: date, tr: Translator) -> Part:
    """Buttons for the meeting's days (a menu past 25 days), the shown one highlighted."""
    dates = [d.date for d in meeting.days if d.sessions]
    if len(dates) <= 25:
        buttons = [ButtonElement(text=localized_short_day(d, tr.language), action_id=f"{HOME_DAY_ACTION}:{n}", value=d.isoformat(),
                                 style="primary" if d == shown else None) for n, d in enumerate(dates)]
        return Part.of(ActionsBlock(elements=buttons))
    options = [Option(text=localized_short_day(d, tr.language, year=True), value=d.isoformat()) for d in dates[:SELECT_OPTIONS]]
    current = next((o for o in options if o.value == shown.isoformat()), None)
    menu = StaticSelectElement(placeholder=tr.gettext("Choose a day"), action_id=f"{HOME_DAY_ACTION}:menu", options=options,
                               initial_option=current)
    return Part.of(ActionsBlock(elements=[menu]))


def _fits(parts: Sequence[Part], blocks: int, size: int) -> bool:
    return len(parts) <= blocks and sum(json_bytes(p.block) + 1 for p in parts) <= size


def _cut(parts: Sequence[Part], blocks: int, size: int, note: str) -> list[Part]:
    """As many of ``parts`` as fit ``blocks`` and ``size`` bytes, then ``note`` if any were left."""
    if _fits(parts, blocks, size):
        return list(parts)
    closing = context(note)
    kept: list[Part] = []
    used = json_bytes(closing.block) + 1
    for part in parts:
        cost = json_bytes(part.block) + 1
        if len(kept) + 2 > blocks or used + cost > size:
            break
        kept.append(part)
        used += cost
    return [*kept, closing]


def home_view(
    meeting: Meeting | None,
    summaries: Sequence[MeetingSummary],
    *,
    notice: str = "",
    viewer_zone: str | None = None,
    now: datetime | None = None,
    today: date | None = None,
    day: date | None = None,
    reserve: int = 1,
    tr: Translator = _ENGLISH,
) -> dict[str, Any]:
    """The App Home: the meeting's agenda by day and session, what is on now marked, its
    documents. A meeting too long for one view (100 blocks, VIEW_BYTES) shows one day at a
    time, ``day`` or else today's (``home_day``), with a button per day. ``reserve`` blocks
    are left free for the organizer's menu."""
    head: list[Part] = [header(meeting.title if meeting else "agendabot")]
    if notice:
        head += sections(escape(notice))
    if meeting is None:
        blocks = head + ([_home_actions(None, summaries, tr)] if summaries else [])
        return View(type="home", blocks=[p.block for p in blocks]).to_dict()
    head.append(context(meeting_line(meeting, viewer_zone, tr)))
    # The page and the feeds (issue 18): the links are personal, so they go by DM.
    head.append(context(tr.gettext("On the web, as a PDF and in your calendar: {command} sends you the links.").format(
        command="`/agenda calendar`")))
    head.append(_home_actions(meeting, summaries, tr))
    days = [DayPlan(d.date, d.sessions, "") for d in meeting.days if d.sessions]
    docs: list[Part] = []
    if meeting.documents:
        docs = [Part.of(DividerBlock()), Part.of(HeaderBlock(text=tr.gettext("Documents"))),
                *sections("\n".join(document_line(d, tr) for d in meeting.documents))]
    room = VIEW_BLOCKS - reserve
    whole = [Part.of(DividerBlock()), *(p for d in days for p in day_parts(d, meeting, viewer_zone, now, tr)), *docs]
    if _fits([*head, *whole], room, VIEW_BYTES):  # a day picked in a bigger meeting's Home plays no part
        body = whole
    else:
        shown = home_day(meeting, day, today)
        plan = next((d for d in days if d.date == shown), None)
        body = [_day_picker(meeting, shown, tr), Part.of(DividerBlock())] if shown is not None else []
        if plan is not None:
            body += day_parts(plan, meeting, viewer_zone, now, tr)
        body += docs
    used = sum(json_bytes(p.block) + 1 for p in head)
    body = _cut(body, room - len(head), VIEW_BYTES - used,
                tr.gettext("This day continues: ask {command} for the whole of it.").format(command="`/agenda DAY`"))
    return View(type="home", blocks=[p.block for p in [*head, *body]]).to_dict()


def ask_modal(meeting_slug: str, tr: Translator = _ENGLISH) -> dict[str, Any]:
    _ = tr.gettext
    field = InputBlock(
        block_id=ASK_BLOCK,
        label=_("Your question"),
        element=PlainTextInputElement(action_id=ASK_INPUT, placeholder=_("When is the rapporteur's report?")),
    )
    view = View(type="modal", callback_id=ASK_MODAL, title=_("Ask agendabot"), submit=_("Ask"), close=_("Cancel"),
                private_metadata=meeting_slug, blocks=[field])
    return view.to_dict()

