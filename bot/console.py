"""Chat with the bot in a terminal: the same core as Slack, no workspace needed.

The clock starts at ``--now`` and runs ``--speed`` times faster, so a newcomer
can watch a meeting morning unfold in a minute. The console is a transport like
Slack: a line is read by the ``/agenda`` grammar (bot/requests/grammar.py) and
answered by its ``Sub`` through ``CONSOLE_ANSWERS``: questions and views go to the
Assistant, reminder requests ("remind me before item V", "reminders mine") to the
same planner (the console's own reminders are kept in memory and fire on its clock);
a Sub the console cannot do (organizers' changes, notes, the page) is declined
plainly. Agenda changes made elsewhere (the CLI, Slack) are shown as the channel
would see them.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import timefmt, vocabulary
from bot.answers import Answer
from bot.assistant import Assistant
from bot.clock import AcceleratedClock, Clock, SystemClock
from bot.i18n import N_, translator
from bot.i18n.replies import answer_in, reply_language
from bot.organizers.outbox import announced_after, last_announcement_id
from bot.reminders import ClockDrivenRunner, Deliverer, MemoryLedger, RetryPolicy
from bot.reminders.commands import CANCELLED, NOT_YOURS, show_policy
from bot.reminders.notifier import DeliveryReceipt, ReminderMessage
from bot.reminders.planner import (
    Destination,
    PlanInputs,
    PlannedReminder,
    Subscription,
    plan,
    upcoming,
)
from bot.reminders.policy import format_minutes
from bot.reminders.requests import (
    ReminderAction,
    ReminderRequest,
    remind_me_in_words,
)
from bot.reminders.settings import ReminderSettingsError, find_target, load_inputs, parse_lead
from bot.reminders.views import MyReminder, MyReminders
from bot.render import render_agenda
from bot.requests.grammar import AgendaRequest, Sub, parse_agenda
from bot.requests.views import resolve_day
from bot.timefmt import day_label, when, zone_label
from bot.words import plain
from bot.worker import Worker
from store.values import Meeting

PROMPT = "you> "
DEMO_LEAD = timedelta(minutes=20)
YOU = "you"  # the console's one person: its reminders are "DMs" to them
ANNOUNCEMENT_POLL = 1.0  # seconds of real time between looks at the outbox

log = logging.getLogger(__name__)


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
            for line in message.lines:
                print(f"   {line}", file=self._out)
            if self._prompt:
                self._out.write(self._prompt)
            self._out.flush()
        return DeliveryReceipt()

    def find_sent(self, destination: Destination, key: str, since: datetime) -> bool:
        return False  # a console session starts with nothing sent


class ConsoleReminders:
    """The reminders asked for at this console: in memory, like everything the console "sends",
    so that make-believe time never gives the real meeting's participants a subscription."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: list[tuple[str, Subscription]] = []
        self.version = 0

    def add(self, slug: str, subscription: Subscription) -> Subscription:
        with self._lock:
            for known_slug, known in self._subs:
                if known_slug == slug and (known.target, known.lead_minutes) == (
                        subscription.target, subscription.lead_minutes):
                    return known
            # Negative ids never meet the store's own subscription ids in a reminder id.
            mine = replace(subscription, id=-(len(self._subs) + 1))
            self._subs.append((slug, mine))
            self.version += 1
            return mine

    def cancel(self, number: int) -> bool:
        with self._lock:
            kept = [(slug, s) for slug, s in self._subs if s.id != -number]
            if len(kept) == len(self._subs):
                return False
            self._subs = kept
            self.version += 1
            return True

    def of(self, slug: str) -> tuple[Subscription, ...]:
        with self._lock:
            return tuple(s for known, s in self._subs if known == slug)


class ConsoleDeliverer(Deliverer):
    """The shared planner and delivery code, with the console's own reminders added to the plan."""

    def __init__(self, *args: Any, mine: ConsoleReminders, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mine = mine

    def fingerprints(self) -> dict[str, Any]:
        # A new console reminder changes the plan as a new subscription in the store would.
        return {slug: (*fp, len(self.mine.of(slug)), self.mine.version) for slug, fp in super().fingerprints().items()}

    def planned(self, slug: str, known: Any = None) -> tuple[Any, PlanInputs, dict[str, PlannedReminder]] | None:
        # ``known`` carries the console's own count, which the store's plans never match: a
        # plan with console reminders in it is made afresh, as it must be.
        state = super().planned(slug, known)
        extra = self.mine.of(slug)
        if state is None or not extra:
            return state
        fp, inputs, _ = state
        inputs = replace(inputs, subscriptions=inputs.subscriptions + extra)
        return fp, inputs, {r.id: r for r in plan(inputs)}


def start_reminders(
    factory: sessionmaker[DBSession],
    clock: Clock,
    stdout: TextIO,
    meeting: str | None,
    prompt: str = "",
    mine: ConsoleReminders | None = None,
) -> ClockDrivenRunner:
    """The same planner and delivery code as Slack, on the console's clock, remembering in memory.

    In memory, because the console's clock is make-believe: what it "sends" must not
    count as sent for the real meeting in the shared database.
    """
    deliverer = ConsoleDeliverer(
        factory,
        ConsoleNotifier(stdout, prompt),
        MemoryLedger(),
        clock=clock,
        deliver_unrouted=True,
        retry=RetryPolicy(attempts=1),
        workers=1,
        meetings=(meeting,) if meeting else None,
        mine=mine or ConsoleReminders(),
    )
    runner = ClockDrivenRunner(deliverer, poll=0.25)
    runner.start()
    return runner


class AnnouncementWatcher:
    """Prints the agenda changes announced after the console started, as the channel sees them.

    It only reads the outbox: the Slack app, if one is running, still posts them.
    """

    def __init__(self, factory: sessionmaker[DBSession], meeting: str | None, stdout: TextIO,
                 prompt: str = "", lock: threading.Lock | None = None) -> None:
        self._factory = factory
        self._meeting = meeting
        self._out = stdout
        self._prompt = prompt
        self._lock = lock or threading.Lock()
        self._after = last_announcement_id(factory)
        self._worker: Worker | None = None

    def check(self) -> int:
        """Print what was announced since the last look; how many."""
        with self._lock:
            found = announced_after(self._factory, self._after, self._meeting)
            for item in found:
                lead = "\n" if self._prompt else ""
                print(f"{lead}📣 agenda change ({item.slug}, revision {item.revision}):", file=self._out)
                for line in item.text.splitlines():
                    print(f"   {line}", file=self._out)
                if self._prompt:
                    self._out.write(self._prompt)
                self._after = item.id
            if found:
                self._out.flush()
            return len(found)

    def start(self, every: float = ANNOUNCEMENT_POLL) -> None:
        self._worker = Worker(
            "console-announcements", self._look, every=every, wait_first=True,
            failure="could not read the agenda announcements; trying again", logger=log,
        )
        self._worker.start()

    def _look(self) -> None:
        self.check()

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()


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
    clock: Clock | None = None,
    language: str = "en",
) -> int:
    """Chat until the input ends; 2 when no meeting could be chosen. ``language``: en, fr, es,
    or auto (each question's own)."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    clock = clock or (AcceleratedClock(now, speed) if now else SystemClock())
    assistant = Assistant(factory, clock)
    interactive = stdin.isatty()
    chosen = choose_meeting(factory, assistant, meeting, clock, stdin, stdout, interactive)
    if chosen is None:
        return 2
    if banner:
        start = clock.now().astimezone(ZoneInfo(chosen.timezone))
        print(f"agendabot demo — {chosen.title}, {chosen.venue}", file=stdout)
        print(
            f"It is {day_label(start.date())}, {timefmt.clock(start, chosen.timezone)} {zone_label(chosen.timezone)} time; "
            f"the clock runs {speed:g}x. Ask anything, “help” for ideas, Ctrl-D to leave.",
            file=stdout,
        )
    mine = ConsoleReminders()
    prompt = PROMPT if interactive else ""
    runner = start_reminders(factory, clock, stdout, chosen.slug, prompt, mine)
    watcher = AnnouncementWatcher(factory, chosen.slug, stdout, prompt)
    if interactive:
        watcher.start()
    session = Console(factory, assistant, clock, chosen.slug, mine, runner, language=language)
    try:
        return _chat(session, watcher, stdin, stdout, interactive)
    finally:
        watcher.stop()
        runner.stop()
        runner.deliverer.close(wait=False)


def choose_meeting(
    factory: sessionmaker[DBSession], assistant: Assistant, slug: str | None, clock: Clock,
    stdin: TextIO, stdout: TextIO, interactive: bool,
) -> Meeting | None:
    """The meeting named, else the only, current or next one, else the one the person picks."""
    with factory() as db:
        chosen = assistant.choose_meeting(db, slug=slug, channel=None, now=clock.now())
    while isinstance(chosen, Answer):
        if not chosen.choices:
            print(f"agendabot> {chosen.text}", file=stdout)
            return None
        print("Which meeting?", file=stdout)
        for number, choice in enumerate(chosen.choices, start=1):
            print(f"  {number}. {choice}", file=stdout)
        if interactive:
            stdout.write("number or slug> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            return None
        picked = line.strip()
        if picked.isdigit() and 1 <= int(picked) <= len(chosen.choices):
            picked = chosen.choices[int(picked) - 1]
        with factory() as db:
            again = assistant.choose_meeting(db, slug=picked, channel=None, now=clock.now())
        if isinstance(again, Answer):
            print(f"agendabot> “{picked}” is none of them.", file=stdout)
        else:
            chosen = again
    return chosen


class Console:
    """One line in, one reply out: the /agenda commands and questions, for the chosen meeting."""

    def __init__(self, factory: sessionmaker[DBSession], assistant: Assistant, clock: Clock, slug: str,
                 mine: ConsoleReminders, runner: ClockDrivenRunner | None = None, *, language: str = "en") -> None:
        self.factory = factory
        self.language = language
        self.assistant = assistant
        self.clock = clock
        self.slug = slug
        self.mine = mine
        self.runner = runner

    def reply(self, line: str) -> str:
        """The line read by the /agenda grammar, as Slack reads it, and answered by its ``Sub``."""
        text = " ".join(line.split())
        if text.lower().startswith("/agenda"):
            text = text[len("/agenda"):].strip()
        request = parse_agenda(_without_agenda_word(text))
        if request.sub is Sub.QUESTION and request.command is None:
            # Only the words "agenda thursday" or "remind me…" in a sentence are the console's own.
            words = remind_me_in_words(text)
            if words is not None:
                return self._reminders(words)
            request = parse_agenda(text)
        answer = CONSOLE_ANSWERS.get(request.sub)
        if answer is None:
            return _not_here(request)
        return answer(self, request, text)

    def _by_day(self, request: AgendaRequest, _text: str) -> str:
        assert request.day is not None  # a DAY request names its day
        return self._day(request.day)

    def _by_reminders(self, request: AgendaRequest, _text: str) -> str:
        assert request.reminder is not None  # the row's words are a reminder request
        return self._reminders(request.reminder)

    def _usage(self, request: AgendaRequest, _text: str) -> str:
        assert request.command is not None  # the row missing its argument
        row = request.command
        return f"Usage: /agenda {row.usage[0]}" + (f" (e.g. “{row.example}”)" if row.example else "")

    def _ask(self, _request: AgendaRequest, text: str) -> str:
        language = reply_language(self.language, text)
        answer = self.assistant.ask(_as_question(text), meeting=self.slug, language=language)
        answer = answer_in(self.assistant, answer, language)
        if answer.intent == "help":
            return f"{answer.text}\n{translator(language).gettext(CONSOLE_HELP)}"
        return answer.text

    def _meeting(self) -> Meeting:
        with self.factory() as db:
            found = self.assistant.meeting(db, self.slug)
        if found is None:
            raise ReminderSettingsError(f"There is no meeting “{self.slug}” any more.")
        return found

    def _day(self, day: vocabulary.DayRef) -> str:
        meeting = self._meeting()
        wanted = resolve_day(day, meeting, self.clock.now())
        if wanted is None or all(d.date != wanted for d in meeting.days):
            return f"{meeting.title} has no sessions on {day.text}."
        return render_agenda(meeting, day=wanted, now=self.clock.now(), tr=translator(self.language))

    def _reminders(self, request: ReminderRequest) -> str:
        try:
            if request.action is ReminderAction.REMIND_ME:
                return self._remind_me(request.text, request.lead)
            if request.action is ReminderAction.MINE:
                return self._mine()
            if request.action is ReminderAction.CANCEL and request.number is not None:
                if self.mine.cancel(request.number):
                    self._resync()
                    return CANCELLED
                return plain(NOT_YOURS)
            if request.action is ReminderAction.USAGE:
                return f"Usage: {plain(request.usage)}"
            if request.action is ReminderAction.SHOW:
                with self.factory() as db:
                    return plain(show_policy(db, self.slug).words())
        except ReminderSettingsError as exc:
            return str(exc)
        # The policy and the rapporteur belong to the real meeting: its organizers change them in Slack.
        return "In the console: “remind me before item V [10m]”, “reminders mine”, “reminders cancel N”."

    def _remind_me(self, target_text: str, lead_text: str | None) -> str:
        meeting = self._meeting()
        now = self.clock.now()
        target = find_target(meeting, target_text, now)
        lead = parse_lead(lead_text, meeting.reminder_lead_minutes)
        sub = self.mine.add(self.slug, Subscription(YOU, target, lead))
        self._resync()
        due = self._due_of(sub)
        if not due:
            return f"Noted, but {target.label} has no time on the agenda yet (or it has passed); I can't remind you of it."
        times = ", ".join(when(r.due, meeting.timezone) for r in due)
        return f"I'll remind you here {format_minutes(lead)} before {target.label}: at {times}."

    def _due_of(self, sub: Subscription) -> list[PlannedReminder]:
        with self.factory() as db:
            inputs = load_inputs(db, self.slug)
        if inputs is None:
            return []
        inputs = replace(inputs, subscriptions=self.mine.of(self.slug))
        return [r for r in upcoming(plan(inputs), self.clock.now())
                if r.subscription is not None and r.subscription.id == sub.id]

    def _mine(self) -> str:
        subs = self.mine.of(self.slug)
        zone = self._meeting().timezone if subs else "UTC"
        found: list[MyReminder] = []
        for s in subs:
            due = self._due_of(s)
            next_at = f"next at {when(due[0].due, zone)} on {day_label(due[0].due.date())}" if due else None
            found.append(MyReminder(-s.id, s.lead_minutes, s.target.label, None, next_at))
        return MyReminders(tuple(found)).plain()

    def _resync(self) -> None:
        if self.runner is not None:
            self.runner.sync_changed()


CONSOLE_HELP = N_(
    "Here also: “agenda”, “tomorrow”, “thu”, “item V”, “remind me before item V 10m” (printed when the "
    "console's clock gets there), “reminders mine”, “reminders cancel N”, “what time is it?”."
)

# What the console answers, by the grammar's ``Sub``: the agenda's views and questions
# (through the same Assistant), and one's own reminders. A Sub missing here is one the
# console cannot do (it changes the real meeting, or needs Slack); ``_not_here`` says so.
ConsoleAnswer = Callable[[Console, AgendaRequest, str], str]
CONSOLE_ANSWERS: dict[Sub, ConsoleAnswer] = {
    Sub.DAY: Console._by_day,
    Sub.REMINDERS: Console._by_reminders,
    Sub.USAGE: Console._usage,
    **{sub: Console._ask for sub in (Sub.UPCOMING, Sub.QUESTION, Sub.DOCUMENTS, Sub.HELP)},
}


def _not_here(request: AgendaRequest) -> str:
    typed = request.command.usage[0] if request.command is not None else request.sub.value
    return (f"The console can't do “/agenda {typed}”: it changes or sends things in Slack. "
            "Run it there; here you can ask about the agenda and set your own reminders.")


def _without_agenda_word(text: str) -> str:
    """ "agenda thursday" is "thursday"; "agenda" alone stays a question about the agenda."""
    head, _, rest = text.partition(" ")
    return rest if head.lower() == "agenda" and rest else text


def _as_question(text: str) -> str:
    """The question a line asks, read by the /agenda grammar as Slack reads it ("next",
    "item V", "docs"); anything else is asked as typed."""
    request = parse_agenda(text)
    if request.sub is Sub.QUESTION:
        return request.question
    return {Sub.DOCUMENTS: "documents", Sub.HELP: "help"}.get(request.sub, text)


def _chat(console: Console, watcher: AnnouncementWatcher, stdin: TextIO, stdout: TextIO, interactive: bool) -> int:
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        watcher.check()  # a change made meanwhile is told before the answer that may depend on it
        question = line.strip()
        if not question:
            continue
        if question.lower() in ("quit", "exit", "bye"):
            break
        print(f"agendabot> {console.reply(question)}", file=stdout)
    return 0
