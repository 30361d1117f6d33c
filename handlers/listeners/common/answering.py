"""From a typed request to rendered parts: the Slack side's share of every listener.

The request layer answers (``bot/requests``: questions through ``meeting.ask``, the
``/agenda`` views through ``views.agenda_view``, each a value); this module builds
the ``Asker`` from what Slack knows of the person (their zone, their chosen
meeting), turns the values into Block Kit parts (``handlers/render``) and pages
them, with the ``Replay`` a button needs to give the same answer again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.answers import Answer
from bot.i18n import Translator, translator
from bot.requests.grammar import AgendaRequest, Sub, parse_agenda
from bot.requests.meeting import Asker, ask, ask_in_language
from bot.requests.views import AgendaNote, DocumentList, agenda_view
from handlers.deps import Deps
from handlers.render.blocks import (
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
from handlers.render.commands import help_text, usage_text
from handlers.slack.payloads import Replay, ReplayKind


@dataclass(frozen=True)
class Rendered:
    parts: list[Part]
    meeting: str | None  # the meeting the answer was about, to replay it exactly
    replay: Replay | None = None  # how to give it again: its next page, for "Show more"
    tr: Translator = translator()  # the language of the bot's own words around it (buttons, page notes)


def pages(rendered: Rendered, trailer: Sequence[Part] = (), page: int = 0, head: Sequence[Part] = ()) -> list[Message]:
    """The messages of page ``page`` of an answer; past its last, a "Show more" button that
    asks for the next page of the same answer (same meeting, same moment)."""
    what = rendered.replay

    def more(following: int) -> Part | None:
        if what is None:
            return None
        value = fit_value(replace(what, meeting=rendered.meeting or what.meeting, page=following))
        return more_button(value, rendered.tr) if value is not None else None

    return paged(rendered.parts, trailer, more=more, page=page, head=head, tr=rendered.tr)


def language_of(deps: Deps, user: str) -> Translator:
    """The person's language for the bot's own words (their Slack locale)."""
    return translator(deps.people.get(user).locale)


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


def question(deps: Deps, who: Asker, text: str, kind: ReplayKind = ReplayKind.QUESTION,
             replay_text: str | None = None) -> Rendered:
    answer, language = ask_in_language(deps, who, text)
    replay = Replay(kind, replay_text if replay_text is not None else text, None, who.now)
    tr = translator(language)
    return Rendered(answer_parts(answer, replay, tr), answer.meeting, replay, tr)


def command(deps: Deps, who: Asker, request: AgendaRequest, text: str) -> Rendered:
    """Everything ``/agenda`` answers except ``link`` (which changes the store)."""
    tr = translator(who.locale)
    if request.sub is Sub.HELP:
        engine_help = ask(deps, who, "help")
        return Rendered(sections(help_text(tr)) + sections(escape(engine_help.text)), engine_help.meeting, tr=tr)
    if request.sub is Sub.USAGE and request.command is not None:
        return Rendered(sections(usage_text(request.command, tr)), None, tr=tr)
    if request.sub is Sub.QUESTION:
        return question(deps, who, request.question, ReplayKind.COMMAND, text)
    return _agenda_view(deps, who, request, text)


def _agenda_view(deps: Deps, who: Asker, request: AgendaRequest, text: str) -> Rendered:
    shown = _agenda_parts(deps, who, request, text)
    return replace(shown, tr=translator(who.locale), replay=Replay(ReplayKind.COMMAND, text, shown.meeting, who.now))


def _agenda_parts(deps: Deps, who: Asker, request: AgendaRequest, text: str) -> Rendered:
    shown = agenda_view(deps, who, request)
    if isinstance(shown, Answer):
        return Rendered(answer_parts(shown, Replay(ReplayKind.COMMAND, text, None, who.now)), None)
    tr = translator(who.locale)
    if isinstance(shown, DocumentList):
        return Rendered(documents_parts(shown.meeting, tr), shown.meeting.slug)
    if isinstance(shown, AgendaNote):
        return Rendered(note_parts(shown.meeting, shown.text, who.zone, tr), shown.meeting.slug)
    parts = agenda_parts(shown.meeting, [shown.plan], intro=shown.intro, viewer_zone=who.zone, now=who.now, tr=tr)
    return Rendered(parts, shown.meeting.slug)


def replay(deps: Deps, who: Asker, what: Replay) -> Rendered:
    """The answer a button stands for, asked again (with the moment it carries)."""
    if what.kind is ReplayKind.COMMAND:
        return command(deps, who, parse_agenda(what.text), what.text)
    return question(deps, who, what.text)
