"""Reminder requests as typed: the ``/agenda reminders …`` family and "remind me …" in words.

Pure functions of text (no Slack, no database), in the core so that every
transport reads them alike: Slack's listeners (``handlers/listeners/common/reminders.py``)
and the terminal console (``bot/console.py``) carry the values out.

    /agenda reminders                    SHOW
    /agenda reminders set 15m,1d         SET
    /agenda reminders mine               MINE
    /agenda reminders cancel 12          CANCEL
    /agenda rapporteur @user | none      RAPPORTEUR
    /agenda remind me ITEM|SESSION [LEAD], "remind me before item V",
    "remind me 10 minutes before the afternoon session"   REMIND_ME
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.vocabulary import user_word
from bot.words import Command, Words, commands


class ReminderAction(StrEnum):
    SHOW = "show"
    SET = "set"
    MINE = "mine"
    CANCEL = "cancel"
    RAPPORTEUR = "rapporteur"
    REMIND_ME = "remind me"
    USAGE = "usage"


@dataclass(frozen=True)
class ReminderRequest:
    action: ReminderAction
    text: str = ""  # SET: the policy; REMIND_ME: the item or session as typed
    lead: str | None = None  # REMIND_ME: how long before, as typed ("10m", "10 minutes")
    user: str | None = None  # RAPPORTEUR: a Slack user id; None clears it
    number: int | None = None  # CANCEL: the reminder's number in "reminders mine"
    usage: Words = Words(())  # USAGE: how to write it, for each transport to show its way


USAGE = Words.of(
    commands("reminders", "reminders set 15m,1d", "rapporteur @someone"), " (admins)\n",
    commands("remind me ITEM|SESSION [LEAD]", "reminders mine", "reminders cancel N"),
)

# The words the /agenda grammar hands over to this module.
COMMAND_WORDS = frozenset({"reminders", "reminder", "rapporteur", "remind"})

_NOBODY = {"none", "nobody", "off", "clear", "-"}
_UNIT = r"(?:days?|d|hours?|hrs?|h|minutes?|mins?|m)"
_DURATION = rf"\d+\s*{_UNIT}(?:\s*\d+\s*{_UNIT})*"
_LEAD_FIRST = re.compile(rf"^(?P<lead>{_DURATION})\s+(?:before|ahead of|prior to)\s+(?P<target>.+)$", re.I)
_LEAD_LAST = re.compile(rf"^(?P<target>.+?)\s+(?P<lead>{_DURATION})(?:\s+(?:before|early|earlier|ahead))?$", re.I)
_FILLER = re.compile(r"^(?:about|of|before|ahead of|for|at)\s+", re.I)
# "remind me when lunch is" asks something; "remind me before item V" wants a reminder.
_IN_WORDS = re.compile(
    r"^(?:(?:hey|hi|please|pls|can you|could you|would you|will you)[\s,]+)*remind me\b(?P<rest>.*)$", re.I
)
_QUESTION = re.compile(r"^\s*(?:when|what|where|who|whom|which|how|why|again|if|whether|that)\b", re.I)


def compact_lead(text: str) -> str:
    """``1 hour 30 minutes`` -> ``1h30m``: the form the core's duration parser reads."""
    words = {"day": "d", "days": "d", "hour": "h", "hours": "h", "hr": "h", "hrs": "h",
             "minute": "m", "minutes": "m", "min": "m", "mins": "m"}
    compact = re.sub(r"[a-z]+", lambda m: words.get(m.group(0), m.group(0)), text.lower())
    return re.sub(r"\s+", "", compact)


def parse_remind_me(rest: str) -> ReminderRequest:
    """What follows "remind me": the item or session, and how long before (optional)."""
    rest = re.sub(r"[\s,]+please$", "", rest.strip().strip("?.!,;"), flags=re.I).strip(" ?.!,;")
    lead: str | None = None
    match = _LEAD_FIRST.match(rest) or _LEAD_LAST.match(rest)
    if match:
        rest, lead = match.group("target"), compact_lead(match.group("lead"))
    target = _FILLER.sub("", rest).strip()
    if not target or re.fullmatch(_DURATION, target, re.I):  # "remind me 10m": of what?
        return ReminderRequest(ReminderAction.USAGE, usage=Words.of(
            Command("remind me ITEM|SESSION [LEAD]"), ", for example ", Command("remind me item V 10m")
        ))
    return ReminderRequest(ReminderAction.REMIND_ME, target, lead)


def parse_reminder_command(text: str) -> ReminderRequest | None:
    """The ``/agenda`` text, when it is about reminders; None when it is a question after all."""
    words = text.split()
    if not words or words[0].lower() not in COMMAND_WORDS:
        return None
    head, rest = words[0].lower(), words[1:]
    if head == "remind":
        if not rest or rest[0].lower() != "me":
            return None  # "remind" alone is not a request we know; let the engine try it
        return parse_remind_me(" ".join(rest[1:]))
    if head == "rapporteur":
        return _rapporteur(rest)
    if not rest:
        return ReminderRequest(ReminderAction.SHOW)
    sub, argument = rest[0].lower(), " ".join(rest[1:])
    if sub in ("set", "policy") and argument:
        return ReminderRequest(ReminderAction.SET, argument)
    if sub in ("mine", "my", "me"):
        return ReminderRequest(ReminderAction.MINE)
    if sub in ("cancel", "delete", "remove") and argument.lstrip("#").isdigit():
        return ReminderRequest(ReminderAction.CANCEL, number=int(argument.lstrip("#")))
    return ReminderRequest(ReminderAction.USAGE, usage=USAGE)


def _rapporteur(rest: list[str]) -> ReminderRequest | None:
    if not rest:
        return ReminderRequest(ReminderAction.SHOW)
    if len(rest) == 1:
        if rest[0].lower() in _NOBODY:
            return ReminderRequest(ReminderAction.RAPPORTEUR, user=None)
        user = user_word(rest[0])
        if user:
            return ReminderRequest(ReminderAction.RAPPORTEUR, user=user)
    if any(word.startswith("@") for word in rest):
        # A name Slack did not turn into a mention: we cannot tell who it is.
        return ReminderRequest(ReminderAction.USAGE, usage=Words.of(
            Command("rapporteur @someone"), " (pick them from Slack's list), or ", Command("none", whole=False)
        ))
    return None  # "/agenda rapporteur report" asks about the report


def remind_me_in_words(text: str) -> ReminderRequest | None:
    """A mention or DM that asks for a reminder; None for anything else (questions included)."""
    from bot.i18n.reminders import english_reminder  # the answers' lexicon loads only when asked

    match = _IN_WORDS.match(english_reminder(text).strip())
    if match is None or _QUESTION.match(match.group("rest")):
        return None
    return parse_remind_me(match.group("rest"))
