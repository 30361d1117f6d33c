"""What every listener may use, built once by the composition root (bot/app.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.assistant import Assistant
from bot.clock import Clock
from handlers.home import Homes
from handlers.state import EventLedger, People


@dataclass(frozen=True)
class Deps:
    assistant: Assistant
    clock: Clock  # the clock answers are given by ("what's next?")
    db_factory: sessionmaker[DBSession]
    people: People
    ledger: EventLedger
    homes: Homes
