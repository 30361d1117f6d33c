"""Replies to the reminder commands people type, in their language (issue 17): "remind me",
"reminders mine", cancelling, the refusals, the reminder policy and what is planned next, and the
organizers' policy and rapporteur changes, the rapporteur's notes list, organizers' previews,
confirmations, refusals and history, with no English word of the bot's own.

English replies are pinned word for word by tests/test_reminders_commands.py.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from bot.organizers.proposals import Applied, Preview, Refused
from bot.reminders.commands import (
    cancel_mine,
    change_policy,
    my_reminders,
    name_rapporteur,
    remind_me,
    remind_me_of_session,
    show_policy,
)
from bot.reminders.ledger import DeliveryRecord
from bot.reminders.listing import planned_listing
from bot.reminders.settings import ReminderSettingsError
from bot.words import Words
from handlers.render.notes import listing
from handlers.render.organizer import (
    applied_messages,
    history_messages,
    preview_messages,
    refused_messages,
)
from handlers.render.reminders import my_reminders_parts, next_up
from handlers.render.words import mrkdwn
from store.agenda import save_meeting
from store.db import transaction
from store.notes import Note
from tests.helpers import sample_meeting
from tests.i18n.leaks import agenda_content, english_leaks
from tests.recording_notifier import ny

SLUG = "coordination-meeting-2003"
NOW = ny("2003-10-15 08:00")
CONTENT = agenda_content(sample_meeting())
LANGUAGES = ["fr", "es"]


@pytest.fixture
def sample(db_factory) -> str:
    with transaction(db_factory) as db:
        save_meeting(db, sample_meeting(), author="test")
    return SLUG


def assert_no_english(reply: Words | str) -> None:
    """No English word of ours; the commands a reply names (`/agenda …` in Slack) stay commands."""
    text = re.sub(r"`[^`]*`", " ", mrkdwn(reply))
    assert text.strip()
    assert english_leaks(text, CONTENT) == set(), text


@pytest.mark.parametrize("language", LANGUAGES)
def test_remind_me_and_the_listing_are_in_the_askers_language(db_factory, sample, language) -> None:
    with transaction(db_factory) as db:
        noted = remind_me(db, SLUG, "U1", "item V", "10 minutes", now=NOW, language=language,
                          user_tz="Asia/Tokyo")
        thursday = next(s for s in sample_meeting().sessions if s.title == "Afternoon session"
                        and s.day.day == 16)
        button = remind_me_of_session(db, SLUG, "U1", thursday.key, now=NOW, language=language)
        listing = my_reminders(db, "U1", now=NOW, language=language)
    for text in (noted, button, listing.plain()):
        assert_no_english(text)
    assert len(listing.reminders) == 2
    assert {"fr": "10 minutes avant le point V", "es": "10 minutos antes del tema V"}[language] in noted
    assert {"fr": "Vos rappels :", "es": "Sus recordatorios:"}[language] == listing.plain().splitlines()[0]
    assert {"fr": "15 minutes avant Afternoon session, jeu. 16 oct. (coordination-meeting-2003) : "
                  "prochain rappel à 14 h 45 le jeu. 16 oct.",
            "es": "15 minutos antes de Afternoon session, jue 16 oct (coordination-meeting-2003): "
                  "próximo recordatorio a las 14:45 el jue 16 oct"}[language] in listing.plain()
    # Slack's own rendering: the Cancel buttons are in the language too
    buttons = [p.block.get("accessory", {}).get("text", {}).get("text") for p in my_reminders_parts(listing)]
    assert {"fr": "Annuler", "es": "Cancelar"}[language] in buttons


@pytest.mark.parametrize("language", LANGUAGES)
def test_cancelling_and_nothing_to_list_are_in_the_askers_language(db_factory, sample, language) -> None:
    with transaction(db_factory) as db:
        remind_me(db, SLUG, "U1", "item V", None, now=NOW, language=language)
        (mine,) = my_reminders(db, "U1", now=NOW, language=language).reminders
        not_yours = cancel_mine(db, "U2", mine.number, language=language)
        done = cancel_mine(db, "U1", mine.number, language=language)
        empty = my_reminders(db, "U1", now=NOW, language=language).plain()
    for text in (not_yours, done, empty):
        assert_no_english(text)
    assert "`/agenda reminders mine`" in mrkdwn(not_yours)  # the command stays a command


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("target", "lead"), [
    ("item XIV", None), ("the tea dance", None), ("", None), ("item V", "soon"), ("item V", "9d"),
])
def test_remind_me_refusals_are_in_the_askers_language(db_factory, sample, language, target, lead) -> None:
    with transaction(db_factory) as db, pytest.raises(ReminderSettingsError) as refused:
        remind_me(db, SLUG, "U1", target, lead, now=NOW, language=language)
    assert_no_english(refused.value.words)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_meeting_or_session_that_is_gone_is_refused_in_the_askers_language(db_factory, sample, language) -> None:
    with transaction(db_factory) as db:
        with pytest.raises(ReminderSettingsError) as no_meeting:
            remind_me(db, "nowhere", "U1", "item V", None, now=NOW, language=language)
        with pytest.raises(ReminderSettingsError) as no_session:
            remind_me_of_session(db, SLUG, "U1", "2003-10-16|gone session|", now=NOW, language=language)
    for refusal in (no_meeting.value.words, no_session.value.words):
        assert_no_english(refusal)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reminder_policy_and_whats_next_are_in_the_readers_language(db_factory, sample, language) -> None:
    failed = DeliveryRecord("k", "r", SLUG, "session", ny("2003-10-15 09:45"), "channel:C1",
                            status="failed", error="not_in_channel")
    with transaction(db_factory) as db:
        remind_me(db, SLUG, "U1", "item V", None, now=NOW, language=language)
        view = show_policy(db, SLUG, [failed], language=language)
        listing = planned_listing(db, SLUG, NOW)
    assert listing is not None
    # The policy as organizers write it ("report=on") and Slack's error codes are not prose.
    words = mrkdwn(view.words()).replace(view.policy, "").replace(failed.kind, "").replace(failed.error, "")
    assert_no_english(words)
    assert_no_english(next_up(listing, "U1", "Asia/Tokyo", language))
    assert {"fr": "• un aperçu de la première journée la veille de la réunion, à 17 h",
            "es": "• un avance del primer día el día anterior a la reunión, a las 17:00"}[language] in view.description


@pytest.mark.parametrize("language", LANGUAGES)
def test_organizers_changes_are_confirmed_in_their_language(db_factory, sample, language) -> None:
    with transaction(db_factory) as db:
        changed = change_policy(db, SLUG, "30m,2d,rapporteur=1h", by="U0", language=language)
        named = name_rapporteur(db, SLUG, "U9", by="U0", language=language)
        unnamed = name_rapporteur(db, SLUG, None, by="U0", language=language)
        change_policy(db, SLUG, "off,report=off,rapporteur=off", by="U0", language=language)
        quiet = show_policy(db, SLUG, language=language).words()
    for reply in (changed, named, unnamed, quiet):
        assert_no_english(re.sub(r"\(\S*=\S*\)", "", mrkdwn(reply)))  # "(rapporteur=off)": organizers' syntax


def _note(number: int, meeting) -> Note:
    session = meeting.sessions[0]
    return Note(number, "agreed", "Les délégations conviennent du calendrier", "U1", "", "", "", "", "",
                session.key, session.title, "active", NOW)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("editable", [True, False])
def test_the_rapporteurs_notes_list_is_in_the_readers_language(language, editable) -> None:
    meeting = sample_meeting()
    many = [_note(n, meeting) for n in range(1, 43)]
    for notes, item in ((many, ""), ([], "V"), ([], "")):
        for message in listing(meeting, notes, item, editable=editable, language=language):
            words = [message.text] + [
                b.get("accessory", {}).get("placeholder", {}).get("text", "") for b in message.blocks or []]
            # a menu's item labels are cut to fit (so no longer match the agenda's): their words only
            words += [re.sub(r"^(Classer sous|Clasificar en) .*", r"\1", o["text"]["text"])
                      for b in message.blocks or [] for o in b.get("accessory", {}).get("options", [])]
            text = "\n".join(words)
            # the marks people type (#agreed) and the shortcut's name are what Slack shows them as
            text = text.replace("“Add to rapporteur notes”", "").replace("« Add to rapporteur notes »", "")
            text = re.sub(r"#\w+|<@\w+>|`[^`]*`", " ", text)
            assert english_leaks(text, CONTENT) == set(), text


def _shown(messages) -> str:
    """A reply's text and its buttons' labels, without the commands it names."""
    words = [m.text for m in messages] + [e["text"]["text"] for m in messages for b in m.blocks
                                          for e in b.get("elements", []) if e.get("type") == "button"]
    return re.sub(r"`[^`]*`|<[#@]\w+>", " ", "\n".join(words))


@pytest.mark.parametrize("language", LANGUAGES)
def test_organizers_previews_confirmations_refusals_and_history_are_in_their_language(language) -> None:
    meeting = sample_meeting()
    preview = Preview(SLUG, meeting.title, 3, (), "slack edit", "p1", stale=True)
    replies = [
        preview_messages(preview, language),
        preview_messages(dataclasses.replace(preview, proposal_id=None), language),
        preview_messages(dataclasses.replace(preview, stale=False, expired=True), language),
        applied_messages(Applied(SLUG, 4, (), "", "U1", "slack edit"), "C1", language),
        applied_messages(Applied(SLUG, 4, (), "", "U1", "slack edit"), None, language),
        refused_messages(Refused("not_allowed", "Only the meeting's organizers can confirm this change; "
                                                "nothing changed."), language),
        refused_messages(Refused("not_pending", "That preview was already confirmed or cancelled."), language),
        history_messages(meeting, [], language),
    ]
    for reply in replies:
        text = _shown(reply).replace("slack edit", "")
        assert english_leaks(text, CONTENT) == set(), text
    assert {"fr": "Confirmer", "es": "Confirmar"}[language] in _shown(replies[0])
