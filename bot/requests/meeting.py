"""Who asks, and which meeting they mean.

A channel's questions default to its linked meeting; a DM's to the current or
next one, or, when the bot cannot tell, to the one the person chose before
(``Asker.chosen``). A button or a modal names its meeting (``Asker.meeting``),
and that wins. Every transport builds an ``Asker`` from what it knows and asks
through here, so "which meeting?" is settled the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.answers import Answer
from bot.assistant import Assistant
from bot.clock import Clock
from bot.i18n.choose import Situation, choose_language
from bot.i18n.replies import answer_in
from bot.permissions import Action, AdminCheck, Refusal, decide
from store.agenda import list_meetings
from store.values import Meeting


class Services(Protocol):
    """What a request needs from the running app (the Slack side's ``Deps`` is one)."""

    @property
    def assistant(self) -> Assistant: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def db_factory(self) -> sessionmaker[DBSession]: ...


@dataclass(frozen=True)
class Asker:
    """Who asks, from where, about which meeting, at which moment, reading which zone."""

    user: str
    channel: str | None  # None in a DM: no channel link applies
    zone: str | None
    meeting: str | None  # named by a button or a modal: it wins
    now: datetime
    chosen: str | None = None  # the person's earlier choice: settles "which meeting?" in DMs
    locale: str | None = None  # their locale (Slack's users.info): the language of the bot's own words


def ask(services: Services, who: Asker, text: str) -> Answer:
    """The Assistant's answer; a meeting the question names still wins over an old choice."""
    return ask_in_language(services, who, text)[0]


def ask_in_language(services: Services, who: Asker, text: str) -> tuple[Answer, str]:
    """``ask``, with the language its words are in (for the transport's words around it)."""
    assistant = services.assistant
    # The bot's own words in the person's language: their locale, or the question's when it is
    # plainly another one (issue 17, bot/i18n/choose.py).
    language = choose_language(Situation(text, user_locale=who.locale))
    answer = assistant.ask(text, meeting=who.meeting, channel=who.channel, viewer_zone=who.zone, now=who.now,
                           language=language)
    if answer.intent == "which_meeting" and who.chosen:
        answer = assistant.ask(text, meeting=who.chosen, viewer_zone=who.zone, now=who.now, language=language)
    return answer_in(assistant, answer, language), language


def choose(services: Services, who: Asker) -> Meeting | Answer:
    """The meeting a request that is not a question means, or the Answer saying why
    the bot cannot tell (the same "which meeting?" a question would get)."""
    assistant = services.assistant
    with services.db_factory() as db:
        chosen = assistant.choose_meeting(db, slug=who.meeting, channel=who.channel, now=who.now)
        if isinstance(chosen, Answer) and chosen.intent == "which_meeting" and who.chosen:
            chosen = assistant.choose_meeting(db, slug=who.chosen, channel=None, now=who.now)
    return chosen


def refusal(services: Services, user: str, slug: str | None, action: Action, is_admin: AdminCheck) -> Refusal | None:
    """None when ``user`` may do ``action`` with meeting ``slug``; else the refusal. The store
    is asked first; ``is_admin`` (a platform call) only when that is not enough."""
    with services.db_factory() as db:
        return decide(db, slug, user, action, is_admin)


def meeting(services: Services, slug: str) -> Meeting | None:
    """Meeting ``slug`` as values (cached per revision), or None when there is none."""
    with services.db_factory() as db:
        return services.assistant.meeting(db, slug)


def known_slugs(services: Services, team: str | None) -> list[str]:
    """The slugs of the meetings of workspace ``team`` (every meeting's, for None)."""
    with services.db_factory() as db:
        return [m.slug for m in list_meetings(db, team)]
