"""The reminder requests people make (what the Slack listeners call), answered in words."""

from __future__ import annotations

import pytest

from bot.reminders.commands import (
    cancel_mine,
    change_policy,
    my_reminders,
    name_rapporteur,
    remind_me,
    remind_me_of_session,
    show_policy,
)
from bot.reminders.ledger import DeliveryRecord, SqlLedger
from bot.reminders.settings import ReminderSettingsError, list_subscriptions
from bot.words import plain
from handlers.render.words import mrkdwn
from store.agenda import save_meeting
from store.db import transaction
from tests.helpers import sample_meeting
from tests.recording_notifier import ny

SLUG = "coordination-meeting-2003"


@pytest.fixture
def sample(db_factory) -> str:
    with transaction(db_factory) as db:
        save_meeting(db, sample_meeting(), author="test")
    return SLUG


def test_organizers_see_and_change_the_policy_and_name_the_rapporteur(db_factory, sample) -> None:
    with transaction(db_factory) as db:
        assert mrkdwn(show_policy(db, SLUG).words()).splitlines() == [  # as Slack shows it
            "Reminders for this meeting (15m,1d,report=on,rapporteur=2h):",
            "• 15 minutes before each session",
            "• a preview of day one the day before the meeting at 17:00",
            "• the rapporteur's report, in the channel",
            "• a DM to the rapporteur 2 hours before the report's session",
            "Rapporteur: not set (`/agenda rapporteur @someone`)",
            "Change with `/agenda reminders set 15m,1d` (leads before each session, days for a preview).",
        ]
        assert change_policy(db, SLUG, "30m,rapporteur=1h", by="U0").splitlines()[:2] == [
            "Reminders updated (30m,report=on,rapporteur=1h):",
            "• 30 minutes before each session",
        ]
        assert mrkdwn(name_rapporteur(db, SLUG, "U9", by="U0")) == (
            "<@U9> is the rapporteur; they will get a reminder 1h before the report's session."
        )
        with pytest.raises(ReminderSettingsError, match="“30” is not a length of time"):
            change_policy(db, SLUG, "30", by="U0")
    failed = DeliveryRecord("k", "r", SLUG, "session", ny("2003-10-15 09:45"), "channel:C1",
                            status="failed", error="not_in_channel (after 1 attempt)")
    ledger = SqlLedger(db_factory)
    ledger.claim(failed)
    ledger.mark_failed("k", failed.error)
    with db_factory() as db:
        view = show_policy(db, SLUG, ledger.failed(SLUG))
    text = mrkdwn(view.words())
    assert "Rapporteur: <@U9>" in text
    assert "Rapporteur: @U9" in plain(view.words())  # the console has no mentions
    assert text.endswith(
        "Not delivered (Slack kept refusing):\n"
        "• session due 2003-10-15 13:45 UTC to channel:C1: not_in_channel (after 1 attempt)"
    )


def test_people_ask_for_list_and_cancel_their_own_reminders(db_factory, sample) -> None:
    now = ny("2003-10-15 08:00")
    with transaction(db_factory) as db:
        assert remind_me(db, SLUG, "U1", "item V", None, now=now) == (
            "I'll remind you by DM 15m before item V. Presentation and discussion on workers' "
            "remittances: at 14:45."
        )
        assert remind_me(db, SLUG, "U1", "the afternoon session on Thursday", "10 minutes", now=now,
                         user_tz="Asia/Tokyo") == (
            "I'll remind you by DM 10m before Afternoon session, Thu 16 Oct: at 14:50 New York time "
            "(Fri 03:50 your time)."
        )
        with pytest.raises(ReminderSettingsError, match="There is no item XIV"):
            remind_me(db, SLUG, "U1", "item XIV", None, now=now)
        listing = my_reminders(db, "U1", now=now)
    lines = listing.plain().splitlines()
    assert lines[0] == "Your reminders:"
    assert lines[1].endswith(f"15m before item V. Presentation and discussion on workers' remittances ({SLUG}): next at 14:45 on Wed 15 Oct")
    first_id = listing.reminders[0].number
    assert lines[1] == f"• [{first_id}] {listing.reminders[0].text}"
    with transaction(db_factory) as db:
        assert mrkdwn(cancel_mine(db, "U2", first_id)) == "That is not one of your reminders (see `/agenda reminders mine`)."
        assert plain(cancel_mine(db, "U2", first_id)) == "That is not one of your reminders (see “reminders mine”)."
        assert cancel_mine(db, "U1", first_id) == "Cancelled: you won't get that reminder."
        assert len(my_reminders(db, "U1", now=now).reminders) == 1
        assert my_reminders(db, "U3", now=now).plain().startswith("You have no personal reminders")


def test_a_session_button_names_its_session_exactly(db_factory, sample) -> None:
    now = ny("2003-10-15 08:00")
    thursday = next(s for s in sample_meeting().sessions if s.title == "Afternoon session" and s.day.day == 16)
    with transaction(db_factory) as db:
        # The title alone would mean Wednesday's afternoon (the next one); the key means Thursday's.
        assert remind_me_of_session(db, SLUG, "U1", thursday.key, now=now) == (
            "I'll remind you by DM 15m before Afternoon session, Thu 16 Oct: at 14:45."
        )
        (sub,) = list_subscriptions(db, user="U1")
        assert sub.target.key == thursday.key
        with pytest.raises(ReminderSettingsError, match="no longer on the agenda") as gone:
            remind_me_of_session(db, SLUG, "U1", "2003-10-16|gone session|", now=now)
        assert mrkdwn(gone.value.words).endswith("ask `/agenda` for the current one.")
        with pytest.raises(ReminderSettingsError, match="There is no meeting"):
            remind_me_of_session(db, "nowhere", "U1", thursday.key, now=now)
