"""Help, greetings and thanks: short messages that are about the bot, not the agenda."""

from __future__ import annotations

from bot.answers.answer import Answer
from bot.answers.context import Ask
from bot.timefmt import localized_when, zone_label

HELP_TEXT = (
    "Ask me about the meeting in your own words, for example:\n"
    "• “agenda” · “what's in the afternoon session?” · “what's on tomorrow morning?”\n"
    "• “what's happening now?” · “what's next?” · “what's at 3pm?” · “when is lunch?”\n"
    "• “what is item IX?” · “when is the rapporteur's report?” · “when do we discuss remittances?”\n"
    "• “where is A/58/98?” · “what documents are there for item IV?”\n"
    "• “where is the meeting?” · “who organizes it?” · “which time zone?”"
)

_GREETINGS = ("hello", "hi", "hey", "good morning", "good afternoon", "good evening", "hiya", "yo", "greetings")
_THANKS = ("thanks", "thank you", "thank", "thx", "cheers", "ta", "great thanks", "perfect", "great", "cool", "ok", "okay")
_HELP = (
    "help", "what can you do", "what do you do", "how do i use you", "how does this work", "who are you",
    "what are you", "commands", "usage", "what can i ask", "what can i ask you", "how can you help",
)
_BYE = ("bye", "goodbye", "see you", "ciao")
# "What time is it?": answered from the meeting's clock (the console's runs fast or in the past).
_CLOCK = (
    "what time is it", "what time is it now", "what is the time", "what is the time now", "time", "the time",
    "what is the current time", "current time", "time now", "what time", "what is the time please",
)


def find_smalltalk(ask: Ask) -> Answer | None:
    q = ask.query
    text = q.text.strip()
    slug = ask.meeting.slug
    if not text:
        return Answer("help", HELP_TEXT, slug)
    if text in _HELP or text.startswith("help ") or q.has("what can you do", "how do i use", "what can i ask"):
        return Answer("help", HELP_TEXT, slug)
    bare = text.removesuffix(" agendabot").removesuffix(" bot").strip()
    if bare in _GREETINGS or bare in ("hello there", "hi there", "hey there"):
        return Answer(
            "greeting",
            f"Hello! I can answer questions about {ask.meeting.title}: try “what's next?” or “help”.",
            slug,
        )
    if bare in _THANKS or bare.startswith(("thanks ", "thank you ")) or bare in ("many thanks", "thanks a lot"):
        return Answer("thanks", "You're welcome!", slug)
    if text in _CLOCK:
        return _time_now(ask)
    if bare in _BYE:
        return Answer("bye", "Goodbye, enjoy the meeting!", slug)
    return None


def _time_now(ask: Ask) -> Answer:
    _ = ask.tr.gettext
    zone = ask.meeting.timezone
    said = ask.when(ask.now)
    if said == localized_when(ask.now, zone, None, ask.language, ""):  # the asker's zone is the meeting's: name it once
        said = _("{time} {zone} time").format(time=said, zone=zone_label(zone))
    return Answer("time_now", _("It is {time} on {day}.").format(time=said, day=ask.day(ask.now.date())), ask.meeting.slug)
