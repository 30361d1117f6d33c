"""A late reminder's note is a value of its own: Slack shows it as a context line under the body."""

from __future__ import annotations

from datetime import timedelta

from bot.reminders.notifier import ReminderMessage
from handlers.slack.notifier import reminder_blocks

NOTE = "This reminder is 5 minutes late: agendabot was not running when it was due."


def test_the_late_note_is_a_context_line_not_part_of_the_body() -> None:
    message = ReminderMessage(
        key="k", kind="session", title="Morning session started 5 minutes ago",
        body="• IV. Migration", late_by=timedelta(minutes=5), late_note=NOTE,
    )
    text, blocks = reminder_blocks(message)
    assert blocks[-1] == {"type": "context", "elements": [{"type": "mrkdwn", "text": NOTE}]}
    assert all(NOTE not in str(b) for b in blocks[:-1])
    assert text.endswith(f"\n({NOTE})")


def test_an_on_time_reminder_has_no_context_line() -> None:
    _, blocks = reminder_blocks(ReminderMessage(key="k", kind="session", title="Soon", body="• IV. Migration"))
    assert all(b["type"] != "context" for b in blocks)
