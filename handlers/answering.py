"""From a typed request to rendered parts: the work every listener shares.

Questions in words go to ``Assistant.ask``; the ``/agenda`` views that are
not questions (the rest of today, a named day, the document list) draw the
meeting's values directly, after ``Assistant.choose_meeting`` picked the
meeting exactly as it does for questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.answers import Answer
from bot.i18n.choose import Situation, choose_language
from bot.i18n.replies import answer_in
from handlers.blocks import (
    Message,
    Part,
    agenda_parts,
    answer_parts,
    documents_parts,
    escape,
    fit_value,
    more_button,
    note_parts,
    paged,
    sections,
)
from handlers.deps import Deps
from handlers.payloads import USAGE, AgendaRequest, Replay, ReplayKind, Sub, parse_agenda
from handlers.schedule import day_plan, resolve_day, upcoming


@dataclass(frozen=True)
class Asker:
    """Who asks, from where, about which meeting, at which moment, reading which zone."""

    user: str
    channel: str | None  # None in a DM: no channel link applies
    zone: str | None
    meeting: str | None  # named by a button or a modal: it wins
    now: datetime
    chosen: str | None = None  # the person's earlier choice: settles "which meeting?" in DMs
    locale: str | None = None  # their Slack locale: the language of the bot's own words to them


@dataclass(frozen=True)
class Rendered:
    parts: list[Part]
    meeting: str | None  # the meeting the answer was about, to replay it exactly
    replay: Replay | None = None  # how to give it again: its next page, for "Show more"


def pages(rendered: Rendered, trailer: Sequence[Part] = (), page: int = 0, head: Sequence[Part] = ()) -> list[Message]:
    """The messages of page ``page`` of an answer; past its last, a "Show more" button that
    asks for the next page of the same answer (same meeting, same moment)."""
    what = rendered.replay

    def more(following: int) -> Part | None:
        if what is None:
            return None
        value = fit_value(replace(what, meeting=rendered.meeting or what.meeting, page=following))
        return more_button(value) if value is not None else None

    return paged(rendered.parts, trailer, more=more, page=page, head=head)


def asker(deps: Deps, user: str, channel: str | None, *, meeting: str | None = None,
          now: datetime | None = None, shared: bool = False) -> Asker:
    """A channel's questions default to its linked meeting; a DM's to the current or next
    one, or, when the bot cannot tell, to the one the person chose before.
    A shared answer is read by a whole channel, so it shows the meeting's zone only."""
    person = deps.people.get(user)
    in_dm = not channel or channel.startswith("D")
    return Asker(
        user=user,
        channel=None if in_dm else channel,
        zone=None if shared else person.tz,
        meeting=meeting,
        now=now or deps.clock.now(),
        chosen=person.meeting if in_dm else None,
        locale=person.locale,
    )


def ask(deps: Deps, who: Asker, text: str) -> Answer:
    """The Assistant's answer; a meeting the question names still wins over an old choice."""
    answer = deps.assistant.ask(text, meeting=who.meeting, channel=who.channel, viewer_zone=who.zone, now=who.now)
    if answer.intent == "which_meeting" and who.chosen:
        answer = deps.assistant.ask(text, meeting=who.chosen, viewer_zone=who.zone, now=who.now)
    # The bot's own words in the person's language: their locale, or the question's when it is
    # plainly another one (issue 17, bot/i18n/choose.py).
    return answer_in(deps.assistant, answer, choose_language(Situation(text, user_locale=who.locale)))


def question(deps: Deps, who: Asker, text: str, kind: ReplayKind = ReplayKind.QUESTION,
             replay_text: str | None = None) -> Rendered:
    answer = ask(deps, who, text)
    replay = Replay(kind, replay_text if replay_text is not None else text, None, who.now)
    return Rendered(answer_parts(answer, replay), answer.meeting, replay)


def command(deps: Deps, who: Asker, request: AgendaRequest, text: str) -> Rendered:
    """Everything ``/agenda`` answers except ``link`` (which changes the store)."""
    if request.sub is Sub.HELP:
        engine_help = ask(deps, who, "help")
        return Rendered(sections(USAGE) + sections(escape(engine_help.text)), engine_help.meeting)
    if request.sub is Sub.USAGE:
        return Rendered(sections(f"Usage: {request.argument}"), None)
    if request.sub is Sub.QUESTION:
        return question(deps, who, request.question, ReplayKind.COMMAND, text)
    return _agenda_view(deps, who, request, text)


def _agenda_view(deps: Deps, who: Asker, request: AgendaRequest, text: str) -> Rendered:
    shown = _agenda_parts(deps, who, request, text)
    return replace(shown, replay=Replay(ReplayKind.COMMAND, text, shown.meeting, who.now))


def _agenda_parts(deps: Deps, who: Asker, request: AgendaRequest, text: str) -> Rendered:
    with deps.db_factory() as db:
        chosen = deps.assistant.choose_meeting(db, slug=who.meeting, channel=who.channel, now=who.now)
        if isinstance(chosen, Answer) and chosen.intent == "which_meeting" and who.chosen:
            chosen = deps.assistant.choose_meeting(db, slug=who.chosen, channel=None, now=who.now)
    if isinstance(chosen, Answer):
        return Rendered(answer_parts(chosen, Replay(ReplayKind.COMMAND, text, None, who.now)), None)
    meeting = chosen
    if request.sub is Sub.DOCUMENTS:
        return Rendered(documents_parts(meeting), meeting.slug)
    if request.sub is Sub.DAY and request.day is not None:
        wanted = resolve_day(request.day, meeting, who.now)
        plan = day_plan(meeting, wanted) if wanted else f"I could not tell which day “{request.day.text}” is."
    else:
        plan = upcoming(meeting, who.now)
    if isinstance(plan, str):
        return Rendered(note_parts(meeting, plan, who.zone), meeting.slug)
    intro = plan.intro if request.sub is Sub.UPCOMING else ""
    return Rendered(agenda_parts(meeting, [plan], intro=intro, viewer_zone=who.zone, now=who.now), meeting.slug)


def replay(deps: Deps, who: Asker, what: Replay) -> Rendered:
    """The answer a button stands for, asked again (with the moment it carries)."""
    if what.kind is ReplayKind.COMMAND:
        return command(deps, who, parse_agenda(what.text), what.text)
    return question(deps, who, what.text)
