"""Chat with the bot in a terminal: the same core as Slack, no workspace needed.

The clock starts at ``--now`` and runs ``--speed`` times faster, so a newcomer
can watch a meeting morning unfold in a minute.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.assistant import Assistant
from bot.clock import AcceleratedClock, SystemClock
from bot.timefmt import day_label, zone_label
from store.values import Meeting

PROMPT = "you> "
DEMO_LEAD = timedelta(minutes=20)


def demo_start(meeting: Meeting) -> datetime:
    """Twenty minutes before the first session: its reminder falls due within a minute at 20x."""
    starts = [s.starts_at for s in meeting.sessions if s.starts_at]
    return min(starts) - DEMO_LEAD if starts else SystemClock().now()


def run_console(
    factory: sessionmaker[DBSession],
    *,
    meeting: str | None,
    now: datetime | None,
    speed: float = 1.0,
    banner: bool = False,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    clock = AcceleratedClock(now, speed) if now else SystemClock()
    assistant = Assistant(factory, clock)
    if banner:
        with factory() as db:
            m = assistant.meeting(db, meeting) if meeting else None
        if m:
            start = clock.now().astimezone(ZoneInfo(m.timezone))
            print(f"agendabot demo — {m.title}, {m.venue}", file=stdout)
            print(
                f"It is {day_label(start.date())}, {start:%H:%M} {zone_label(m.timezone)} time; "
                f"the clock runs {speed:g}x. Ask anything, “help” for ideas, Ctrl-D to leave.",
                file=stdout,
            )
    interactive = stdin.isatty()
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        question = line.strip()
        if not question:
            continue
        if question.lower() in ("quit", "exit", "bye"):
            break
        answer = assistant.ask(question, meeting=meeting)
        print(f"agendabot> {answer.text}", file=stdout)
    return 0
