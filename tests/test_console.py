"""The terminal console as a transport: driven through stdin and stdout, on an injected clock."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import SAMPLE_MEETING, load_sample, main
from bot.clock import FixedClock
from bot.config import Settings
from bot.console import run_console
from tests.recording_notifier import ny

SLUG = "coordination-meeting-2003"


class Printed(io.StringIO):
    """The console's output, with a way to wait for a line the reminder thread prints."""

    def __init__(self) -> None:
        super().__init__()
        self.changed = threading.Condition()

    def write(self, text: str) -> int:
        with self.changed:
            written = super().write(text)
            self.changed.notify_all()
            return written

    def wait_for(self, text: str, timeout: float = 10.0) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: text in self.getvalue(), timeout)


class Typed(io.StringIO):
    """What the person types: each line may first do something (move the clock, run the CLI)."""

    def __init__(self, *lines: str | Callable[[], str]) -> None:
        super().__init__()
        self.lines = list(lines)

    def readline(self, *_: object) -> str:  # type: ignore[override]
        if not self.lines:
            return ""
        line = self.lines.pop(0)
        return (line() if callable(line) else line) + "\n"


def replies(out: Printed) -> list[str]:
    return [chunk.strip() for chunk in out.getvalue().split("agendabot> ")[1:]]


def chat(factory: sessionmaker[Session], clock: FixedClock, *lines: str | Callable[[], str],
         meeting: str | None = SLUG) -> tuple[int, Printed]:
    out = Printed()
    status = run_console(factory, meeting=meeting, now=None, clock=clock, stdin=Typed(*lines), stdout=out)
    return status, out


def test_agenda_words_are_answered_as_slash_agenda_answers_them(db_factory: sessionmaker[Session]) -> None:
    load_sample(db_factory)
    clock = FixedClock(ny("2003-10-15 11:00"))
    _, out = chat(db_factory, clock, "next", "thu", "/agenda tomorrow", "item 5", "agenda")
    nxt, thu, tomorrow, item, agenda = replies(out)
    assert "Next:\nAfternoon session, Wednesday 15 October, 15:00–18:00" in nxt
    assert thu == tomorrow and "Thursday 16 October 2003" in thu and "Wednesday 15 October 2003\n" not in thu
    assert "Item V, Presentation and discussion on workers' remittances" in item
    assert "XI. Closing of the Meeting" in agenda and "I. Opening of the Meeting" in agenda


def test_help_and_the_reminder_policy(db_factory: sessionmaker[Session]) -> None:
    load_sample(db_factory)
    _, out = chat(db_factory, FixedClock(ny("2003-10-15 11:00")), "help", "reminders")
    helped, policy = replies(out)
    assert "Ask me about the meeting" in helped and "remind me before item V 10m" in helped
    assert policy.startswith("Reminders for this meeting (15m")


def test_what_the_console_cannot_do_it_says_plainly_and_a_missing_argument_shows_usage(db_factory: sessionmaker[Session]) -> None:
    load_sample(db_factory)
    _, out = chat(db_factory, FixedClock(ny("2003-10-15 11:00")), "notes", "/agenda cancel item VI", "pdf",
                  "link", "reminders set 30m")
    notes, cancel, pdf, link, policy = replies(out)
    assert notes.startswith("The console can't do “/agenda notes [ITEM]”")
    assert cancel.startswith("The console can't do “/agenda move SESSION|ITEM to TIME [DAY]”")
    assert pdf.startswith("The console can't do “/agenda pdf”")
    assert link == "Usage: /agenda link SLUG (e.g. “link coordination-meeting-2003”)"
    assert policy.startswith("In the console:")  # the policy is the real meeting's, changed in Slack


def test_what_time_is_it_is_the_consoles_clock(db_factory: sessionmaker[Session]) -> None:
    load_sample(db_factory)
    clock = FixedClock(ny("2003-10-15 14:40"))

    def later() -> str:
        clock.advance(timedelta(hours=20))
        return "what time is it?"

    _, out = chat(db_factory, clock, "what time is it?", later)
    assert replies(out) == [
        "It is 14:40 New York time on Wednesday 15 October.",
        "It is 10:40 New York time on Thursday 16 October.",
    ]


def test_remind_me_before_item_5_fires_on_the_consoles_clock(db_factory: sessionmaker[Session]) -> None:
    load_sample(db_factory)
    clock = FixedClock(ny("2003-10-15 14:30"))
    fired = threading.Event()

    def at_14_50() -> str:
        clock.set(ny("2003-10-15 14:50"))
        fired.set()
        return "reminders mine"

    out = Printed()

    def wait_for_the_reminder() -> str:
        assert out.wait_for("⏰ reminder (DM you)")
        return "reminders cancel 1"

    status = run_console(db_factory, meeting=SLUG, now=None, clock=clock, stdout=out,
                         stdin=Typed("remind me before item 5 10m", at_14_50, wait_for_the_reminder, "reminders mine"))
    assert status == 0
    said = replies(out)
    assert said[0] == ("I'll remind you here 10m before item V. Presentation and discussion on workers' "
                       "remittances: at 14:50.")
    assert "• [1] 10m before item V." in said[1]
    assert "Cancelled" in said[2]
    assert said[3].startswith("You have no personal reminders")
    printed = out.getvalue()
    assert printed.count("⏰ reminder (DM you)") == 1
    assert "workers' remittances" in printed.split("⏰ reminder (DM you)")[1]


def test_the_consoles_reminders_stay_out_of_the_shared_store(db_factory: sessionmaker[Session]) -> None:
    from bot.reminders.settings import list_subscriptions

    load_sample(db_factory)
    chat(db_factory, FixedClock(ny("2003-10-15 14:30")), "remind me before the afternoon session thu")
    with db_factory() as db:
        assert list_subscriptions(db, slug=SLUG) == []


def test_an_agenda_change_made_by_the_cli_is_announced_in_the_console(
    db_factory: sessionmaker[Session], database_url: str
) -> None:
    settings = Settings(database_url=database_url)
    load_sample(db_factory)
    assert main(["doc", "remove", "A/58/98", "--yes"], settings=settings) == 0

    def roll_back() -> str:
        assert main(["rollback", "1"], settings=settings) == 0
        return "what time is it?"

    _, out = chat(db_factory, FixedClock(ny("2003-10-15 11:00")), "next", roll_back)
    printed = out.getvalue()
    assert printed.count("📣 agenda change (coordination-meeting-2003, revision 3)") == 1
    # Told before the answer that follows the change, and only once.
    assert printed.index("📣") < printed.rindex("agendabot> It is 11:00")


def test_the_console_asks_which_meeting_when_several_could_be_meant(
    db_factory: sessionmaker[Session], database_url: str
) -> None:
    settings = Settings(database_url=database_url)
    main(["import", str(SAMPLE_MEETING)], settings=settings)
    main(["import", str(SAMPLE_MEETING), "--meeting", "rehearsal-2003"], settings=settings)
    status, out = chat(db_factory, FixedClock(ny("2003-10-15 11:00")), "nonsense", "2", "item 5", meeting=None)
    assert status == 0
    printed = out.getvalue()
    assert "Which meeting?\n  1. coordination-meeting-2003\n  2. rehearsal-2003" in printed
    assert "“nonsense” is none of them." in printed
    assert "Item V, Presentation and discussion on workers' remittances" in replies(out)[-1]


def test_with_no_meeting_at_all_the_console_says_so_and_stops(db_factory: sessionmaker[Session]) -> None:
    status, out = chat(db_factory, FixedClock(ny("2003-10-15 11:00")), "agenda", meeting=None)
    assert status == 2
    assert "no meetings yet" in out.getvalue()


@pytest.mark.parametrize("speed", ["0", "-5", "nan", "fast"])
def test_speed_must_be_a_positive_number(speed: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["console", "--speed", speed])
    assert stopped.value.code == 2
    assert "--speed" in capsys.readouterr().err
