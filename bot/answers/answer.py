"""What the question engine gives back: structured facts plus the text a person reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.words import Words
from store.values import Document, Item, Session


@dataclass(frozen=True)
class Passage:
    """A piece of a document's body that answers a question; ``page`` for PDFs."""

    document: Document
    text: str
    page: int | None = None


@dataclass(frozen=True)
class Answer:
    intent: str
    text: str
    meeting: str | None = None
    sessions: tuple[Session, ...] = ()
    items: tuple[Item, ...] = ()
    documents: tuple[Document, ...] = ()
    passages: tuple[Passage, ...] = ()
    # Closest matches offered when the question could not be placed.
    suggestions: tuple[str, ...] = ()
    # Meeting slugs to choose from when the question did not say which meeting.
    choices: tuple[str, ...] = field(default=())
    # The text as Words when it points to a command: each transport writes that its way
    # (bot/words.py); ``text`` is then its plain form.
    words: Words | None = None

    @property
    def found(self) -> bool:
        return self.intent not in ("not_found", "which_meeting", "no_meeting", "error")

    def to_json(self) -> dict[str, Any]:
        return {
            "meeting": self.meeting,
            "intent": self.intent,
            "text": self.text,
            "sessions": [
                {
                    "title": s.title,
                    "day": s.day.isoformat(),
                    "start": s.starts_at.isoformat() if s.starts_at else None,
                    "end": s.ends_at.isoformat() if s.ends_at else None,
                    "room": s.room,
                }
                for s in self.sessions
            ],
            "items": [
                {
                    "number": i.number,
                    "title": i.title,
                    "kind": str(i.kind),
                    "start": i.starts_at.isoformat() if i.starts_at else None,
                }
                for i in self.items
            ],
            "documents": [
                {"symbol": d.symbol, "title": d.title, "url": d.url, "item": d.item, "category": d.category}
                for d in self.documents
            ],
            "passages": [
                {"document": p.document.symbol or p.document.title, "text": p.text, "page": p.page}
                for p in self.passages
            ],
            "suggestions": list(self.suggestions),
            "choices": list(self.choices),
        }
