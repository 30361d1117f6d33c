"""``/agenda language`` and ``/agenda`` in French and Spanish words, through signed requests (issue 17)."""

from __future__ import annotations

import pytest

from handlers.slack.state import link_channel
from store.languages import meeting_language
from tests.e2e.conftest import ADMIN, ALICE, CHANNEL, make_command, make_mention, shown
from tests.fake_slack import Call

SLUG = "coordination-meeting-2003"


@pytest.fixture
def linked(slack_app, db_factory):
    link_channel(db_factory, SLUG, CHANNEL)
    return slack_app


def _ephemeral(slack, fake_slack, text: str, user: str) -> Call:
    before = len(fake_slack.calls)
    assert slack.command(make_command(text, user=user, channel=CHANNEL)).status == 200
    return fake_slack.wait_one(
        "chat.postEphemeral", lambda c: c.args.get("user") == user and fake_slack.calls.index(c) >= before)


def test_organizers_set_the_meetings_language_and_others_may_only_ask(linked, slack, fake_slack, db_factory):
    refused = _ephemeral(slack, fake_slack, "idioma es", ALICE)
    assert "Solo los organizadores" in shown(refused)
    done = _ephemeral(slack, fake_slack, "language fr", ADMIN)
    assert "Désormais" in shown(done)
    with db_factory() as db:
        assert meeting_language(db, SLUG) == "fr"
    asked = _ephemeral(slack, fake_slack, "langue", ALICE)
    assert "sont en français" in shown(asked)


def test_agenda_takes_french_and_spanish_day_words(linked, slack, fake_slack):
    thursday = shown(_ephemeral(slack, fake_slack, "jeudi", ALICE))
    assert "Thursday 16 October" in thursday and "Rapporteur" in thursday
    assert "Thursday 16 October" in shown(_ephemeral(slack, fake_slack, "16 de octubre", ALICE))
    assert "/agenda" in shown(_ephemeral(slack, fake_slack, "ayuda", ALICE))


def test_a_question_plainly_in_spanish_gets_the_bots_words_in_spanish(slack, fake_slack):
    slack.event(make_mention("muchas gracias por todo", user=ALICE))
    assert "¡De nada!" in shown(fake_slack.wait_one("chat.postMessage"))


def test_a_short_or_english_question_stays_english(slack, fake_slack):
    slack.event(make_mention("thanks a lot", user=ALICE))
    assert "You're welcome!" in shown(fake_slack.wait_one("chat.postMessage"))


def test_the_persons_slack_locale_sets_the_language_of_the_bots_words(slack, fake_slack):
    fake_slack.users[ALICE]["locale"] = "es-ES"
    slack.event(make_mention("thanks", user=ALICE))
    assert "¡De nada!" in shown(fake_slack.wait_one("chat.postMessage"))
    asked = [c for c in fake_slack.calls if c.method == "users.info"]
    assert asked and all(str(c.args.get("include_locale")).lower() in ("true", "1") for c in asked)


def test_a_question_plainly_in_another_language_wins_over_the_locale(slack, fake_slack):
    fake_slack.users[ALICE]["locale"] = "es-ES"
    slack.event(make_mention("merci beaucoup pour votre aide", user=ALICE))
    assert "Je vous en prie !" in shown(fake_slack.wait_one("chat.postMessage"))


def test_a_french_speaker_gets_remind_me_and_reminders_mine_in_french(slack, fake_slack):
    fake_slack.users[ALICE]["locale"] = "fr-FR"
    slack.command(make_command("remind me item V 10m", user=ALICE))
    noted = shown(fake_slack.wait_one("chat.postEphemeral"))
    assert noted.startswith("Je vous enverrai un rappel en message direct 10 minutes avant le point V.")
    assert "heure de New York" in noted

    slack.command(make_command("reminders mine", user=ALICE))
    mine = fake_slack.wait_one("chat.postEphemeral", lambda c: "Vos rappels" in shown(c))
    assert "10 minutes avant le point V." in shown(mine) and "prochain rappel à 14 h 50" in shown(mine)
    buttons = [b["accessory"]["text"]["text"] for b in mine.args["blocks"] if "accessory" in b]
    assert buttons == ["Annuler"]
