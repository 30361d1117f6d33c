"""Chat with the bot in a terminal: the same core as Slack, no workspace needed.

The clock starts at ``--now`` and runs ``--speed`` times faster, so a newcomer
can watch a meeting morning unfold in a minute.
"""

from __future__ import annotations

import sys
import threading
from datetime import datetime, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.assistant import Assistant
from bot.clock import AcceleratedClock, Clock, SystemClock
from bot.reminders import ClockDrivenRunner, Deliverer, MemoryLedger, RetryPolicy
from bot.reminders.notifier import DeliveryReceipt, ReminderMessage
from bot.reminders.planner import Destination
from bot.timefmt import day_label, zone_label
from store.values import Meeting

PROMPT = "you> "
DEMO_LEAD = timedelta(minutes=20)


class ConsoleNotifier:
    """Reminders printed between answers: in the terminal, you are the channel and every DM."""

    def __init__(self, stdout: TextIO, prompt: str = "") -> None:
        self._out = stdout
        self._prompt = prompt
        self._lock = threading.Lock()

    def post(self, destination: Destination, message: ReminderMessage) -> DeliveryReceipt:
        where = f" ({destination})" if destination.routed else ""
        with self._lock:
            lead = "\n" if self._prompt else ""
            print(f"{lead}⏰ reminder{where}: {message.title}", file=self._out)
            for line in message.body.splitlines():
                print(f"   {line}", file=self._out)
            if self._prompt:
                self._out.write(self._prompt)
            self._out.flush()
        return DeliveryReceipt()

    def find_sent(self, destination: Destination, key: str, since: datetime) -> bool:
        return False  # a console session starts with nothing sent


def start_reminders(
    factory: sessionmaker[DBSession], clock: Clock, stdout: TextIO, meeting: str | None, prompt: str = ""
) -> ClockDrivenRunner:
    """The same planner and delivery code as Slack, on the console's clock, remembering in memory.

    In memory, because the console's clock is make-believe: what it "sends" must not
    count as sent for the real meeting in the shared database.
    """
    deliverer = Deliverer(
        factory,
        ConsoleNotifier(stdout, prompt),
        MemoryLedger(),
        clock=clock,
        deliver_unrouted=True,
        retry=RetryPolicy(attempts=1),
        workers=1,
        meetings=(meeting,) if meeting else None,
    )
    runner = ClockDrivenRunner(deliverer, poll=0.25)
    runner.start()
    return runner


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
    runner = start_reminders(factory, clock, stdout, meeting, PROMPT if interactive else "")
    try:
        return _chat(assistant, meeting, stdin, stdout, interactive)
    finally:
        runner.stop()
        runner.deliverer.close(wait=False)


def _chat(assistant: Assistant, meeting: str | None, stdin: TextIO, stdout: TextIO, interactive: bool) -> int:
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
