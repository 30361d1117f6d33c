"""Question -> Answer for one meeting. (First cut: the agenda and help; the full
engine replaces this module.)"""

from __future__ import annotations

from datetime import datetime

from bot.answers.answer import Answer
from bot.render import render_agenda
from store.values import Meeting

HELP_TEXT = (
    "Ask me about the meeting in your own words, for example:\n"
    "• “agenda” — the whole agenda\n"
    "• “what's in the afternoon session?” · “what's next?” · “what's at 3pm?”\n"
    "• “what is item IX?” · “when is the rapporteur's report?”\n"
    "• “where is A/58/98?” · “what documents are there for item IV?”\n"
    "• “where is the meeting?” · “which time zone?”"
)


def answer_question(
    question: str, meeting: Meeting, *, now: datetime, viewer_zone: str | None = None
) -> Answer:
    words = question.strip().lower().strip("?!. ")
    if words in ("help", "what can you do", "?", ""):
        return Answer("help", HELP_TEXT, meeting.slug)
    if words in ("agenda", "the agenda", "programme", "program", "schedule"):
        return Answer(
            "agenda",
            render_agenda(meeting, viewer_zone=viewer_zone, now=now),
            meeting.slug,
            sessions=meeting.sessions,
        )
    return Answer(
        "not_found",
        "I don't know that yet. Try “agenda” or “help”.",
        meeting.slug,
        suggestions=("agenda", "help"),
    )
