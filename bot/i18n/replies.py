"""Answers in the asker's language: the engine's own messages, re-rendered from the Answer value.

The engine writes English; agenda content (titles, names, rooms) stays as
written in every language. The answers whose whole text is the bot's own
words — help, greetings, thanks, goodbye, "I don't know that one", the
apology — are rendered here from their values in French or Spanish. The
English msgids are the engine's English sentences, so English is unchanged
(tests/i18n/test_i18n_replies.py holds the two to each other). Every other
answer is written in the asker's language by the engine itself
(``Assistant.ask(language=)``, bot/answers/context.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.answers.answer import Answer
from bot.i18n import ENGLISH, N_, supported, translator

if TYPE_CHECKING:
    from bot.assistant import Assistant

HELP = N_(
    "Ask me about the meeting in your own words, for example:\n"
    "• “agenda” · “what's in the afternoon session?” · “what's on tomorrow morning?”\n"
    "• “what's happening now?” · “what's next?” · “what's at 3pm?” · “when is lunch?”\n"
    "• “what is item IX?” · “when is the rapporteur's report?” · “when do we discuss remittances?”\n"
    "• “where is A/58/98?” · “what documents are there for item IV?”\n"
    "• “where is the meeting?” · “who organizes it?” · “which time zone?”"
)
GREETING = N_("Hello! I can answer questions about {title}: try “what's next?” or “help”.")
THANKS = N_("You're welcome!")
BYE = N_("Goodbye, enjoy the meeting!")
NOT_FOUND = N_("I don't know that one.")
CLOSEST = N_(" Closest matches: {matches}.")
TRY = N_(" Try “agenda”, “what's next?” or “help”.")
ERROR = N_("Sorry, I could not work that one out. Try “agenda”, “what's next?” or “help”.")

_FIXED = {"help": HELP, "thanks": THANKS, "bye": BYE, "error": ERROR}
# What not_found suggests when nothing on the agenda came close.
_NOTHING_CLOSE = ("agenda", "help")
TRANSLATED_INTENTS = frozenset({*_FIXED, "greeting", "not_found"})


def in_language(answer: Answer, language: str | None, *, meeting_title: str = "") -> Answer:
    """``answer`` with the bot's own words in ``language``; unchanged in English, and for the
    answers not translated yet. ``meeting_title`` fills the greeting (agenda content)."""
    lang = supported(language) or ENGLISH
    if lang == ENGLISH or answer.intent not in TRANSLATED_INTENTS:
        return answer
    if answer.intent == "not_found" and not answer.text.startswith(NOT_FOUND):
        # A specific "no item XII" or "A/58/999 is not among …": the engine wrote it in the
        # asker's language already (Assistant.ask(language=)); only the generic one is redone here.
        return answer
    _ = translator(lang).gettext
    if answer.intent in _FIXED:
        text = _(_FIXED[answer.intent])
    elif answer.intent == "greeting":
        text = _(GREETING).format(title=meeting_title)
    else:
        text = _(NOT_FOUND)
        if answer.suggestions and answer.suggestions != _NOTHING_CLOSE:
            text += _(CLOSEST).format(matches="; ".join(answer.suggestions))
        text += _(TRY)
    return replace(answer, text=text)


def answer_in(assistant: Assistant, answer: Answer, language: str | None) -> Answer:
    """``in_language`` for a transport holding an Assistant: it looks up the title a greeting names."""
    title = ""
    if answer.intent == "greeting" and answer.meeting and supported(language) not in (None, ENGLISH):
        with assistant.db_factory() as db:
            found = assistant.meeting(db, answer.meeting)
        title = found.title if found is not None else ""
    return in_language(answer, language, meeting_title=title)


def reply_language(flag: str | None, question: str) -> str:
    """``--lang``: ``en``, ``fr``, ``es``, or ``auto`` (the question's language when plain, else English)."""
    from bot.i18n.choose import Situation, choose_language  # lingua loads only when asked to guess

    if flag != "auto":
        return supported(flag) or ENGLISH
    return choose_language(Situation(question))
