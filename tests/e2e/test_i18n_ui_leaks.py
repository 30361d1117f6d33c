"""What a French or Spanish participant sees of the bot in Slack, with no English of the bot's own (issue 17).

Each surface is drawn through signed requests and the fake Slack for a person whose
Slack locale is fr-FR or es-ES. Agenda content stays as written, and so do the
``/agenda …`` forms in code type (Slack takes them as typed); what is left is the
bot's own words, checked with ``tests/i18n/leaks.py``.
"""

from __future__ import annotations

import re

import pytest

from handlers.slack.state import link_channel
from store.agenda import load_meeting
from tests.e2e.conftest import ALICE, CHANNEL, block_texts, make_command, shown
from tests.fake_slack import Call
from tests.i18n.leaks import agenda_content, english_leaks

SLUG = "coordination-meeting-2003"
_CODE = re.compile(r"`[^`\n]*`")


@pytest.fixture
def linked(slack_app, db_factory):
    link_channel(db_factory, SLUG, CHANNEL)
    return slack_app


@pytest.fixture
def content(db_factory) -> list[str]:
    with db_factory() as db:
        meeting = load_meeting(db, SLUG)
    assert meeting is not None
    return agenda_content(meeting)


def _ephemeral(slack, fake_slack, text: str) -> Call:
    before = len(fake_slack.calls)
    assert slack.command(make_command(text, user=ALICE, channel=CHANNEL)).status == 200
    return fake_slack.wait_one(
        "chat.postEphemeral", lambda c: c.args.get("user") == ALICE and fake_slack.calls.index(c) >= before)


def _leaks(text: str, content: list[str]) -> set[str]:
    return english_leaks(_CODE.sub(" ", text), content)


@pytest.mark.parametrize(("locale", "words"), [("fr-FR", "cette liste"), ("es-ES", "esta lista")])
def test_agenda_help_is_in_the_persons_language(linked, slack, fake_slack, content, locale, words):
    fake_slack.users[ALICE]["locale"] = locale
    text = shown(_ephemeral(slack, fake_slack, "help"))
    assert words in text and "`/agenda help`" in text
    assert _leaks(text, content) == set(), text


@pytest.mark.parametrize(("locale", "words"), [("fr-FR", "Utilisation :"), ("es-ES", "Uso:")])
def test_a_usage_reply_is_in_the_persons_language(linked, slack, fake_slack, content, locale, words):
    fake_slack.users[ALICE]["locale"] = locale
    text = shown(_ephemeral(slack, fake_slack, "search"))
    assert words in text and "`/agenda search remittances`" in text
    assert _leaks(text, content) == set(), text


def test_english_help_and_usage_keep_their_words(linked, slack, fake_slack):
    assert "this list" in shown(_ephemeral(slack, fake_slack, "help"))
    assert "Usage: `/agenda search WORDS`, for example `/agenda search remittances`" in shown(
        _ephemeral(slack, fake_slack, "search"))


def _drawn(call: Call) -> str:
    """The fallback text and every text Slack would draw of the blocks (buttons included)."""
    return shown(call) + "\n" + block_texts(call.args.get("blocks") or [])


@pytest.mark.parametrize(("locale", "asked", "words"), [
    ("fr-FR", "jeudi", ["jeudi 16 octobre 2003", "Me le rappeler", "Partager dans le canal", "heures de"]),
    ("es-ES", "jueves", ["jueves 16 de octubre de 2003", "Recordármelo", "Compartir en el canal", "horas de"]),
    ("fr-FR", "", ["Partager dans le canal", "Tout l'ordre du jour"]),
    ("es-ES", "", ["Compartir en el canal", "Todo el programa"]),
    ("fr-FR", "docs", ["Documents"]),
    ("es-ES", "docs", ["Documentos"]),
])
def test_the_agenda_listing_and_a_day_view_are_in_the_persons_language(
        linked, slack, fake_slack, content, locale, asked, words):
    fake_slack.users[ALICE]["locale"] = locale
    text = _drawn(_ephemeral(slack, fake_slack, asked))
    assert all(w in text for w in words), text
    assert _leaks(text, content) == set(), text


def test_the_english_day_view_keeps_its_words(linked, slack, fake_slack):
    text = _drawn(_ephemeral(slack, fake_slack, "thursday"))
    assert "Thursday 16 October 2003" in text and "Remind me" in text and "Share in channel" in text


def _home(slack, fake_slack, user: str = ALICE) -> dict:
    import json

    from tests.e2e.conftest import make_home_opened

    assert slack.event(make_home_opened(user)).status == 200
    view = fake_slack.wait_one("views.publish", lambda c: c.args.get("user_id") == user).args["view"]
    return json.loads(view) if isinstance(view, str) else view


@pytest.mark.parametrize(("locale", "words", "asking"), [
    ("fr-FR", ["Poser une question", "jeudi 16 octobre 2003", "vous envoie les liens", "Me le rappeler"],
     ["Demander à agendabot", "Votre question", "Annuler"]),
    ("es-ES", ["Hacer una pregunta", "jueves 16 de octubre de 2003", "le envía los enlaces", "Recordármelo"],
     ["Preguntar a agendabot", "Su pregunta", "Cancelar"]),
])
def test_app_home_and_the_ask_modal_are_in_the_persons_language(
        linked, slack, fake_slack, content, locale, words, asking):
    import json

    from tests.e2e.conftest import make_block_action

    fake_slack.users[ALICE]["locale"] = locale
    home = _home(slack, fake_slack)
    text = block_texts(home["blocks"])
    assert all(w in text for w in words), text
    assert _leaks(text, content) == set(), text

    ask = next(e for b in home["blocks"] if b["type"] == "actions" for e in b["elements"]
               if e.get("action_id") == "home_ask")
    click = make_block_action("home_ask", ask["value"])
    click["container"] = {"type": "view", "view_id": "V0HOME0001"}
    slack.interaction(click)
    modal = fake_slack.wait_one("views.open").args["view"]
    modal = modal if isinstance(modal, dict) else json.loads(modal)
    drawn = " ".join([modal["title"]["text"], modal["submit"]["text"], modal["close"]["text"],
                      block_texts(modal["blocks"]), json.dumps(modal["blocks"], ensure_ascii=False)])
    assert all(w in drawn for w in asking), drawn
    assert _leaks(drawn, content) == set(), drawn

    from tests.e2e.conftest import make_view_submission

    assert slack.interaction(make_view_submission("merci", meeting=ask["value"])).status == 200
    answer = shown(fake_slack.wait_one("chat.postMessage"))
    assert ("Vous avez demandé :" if locale == "fr-FR" else "Usted preguntó:") in answer, answer


def test_the_english_home_keeps_its_words(linked, slack, fake_slack):
    text = block_texts(_home(slack, fake_slack)["blocks"])
    assert "Ask a question" in text and "sends you the links" in text


@pytest.mark.parametrize(("locale", "asked", "words"), [
    ("fr-FR", "reminders set 15m", "Seuls les administrateurs"),
    ("es-ES", "reminders set 15m", "Solo los administradores"),
    ("fr-FR", "cancel IX", "Seuls les organisateurs"),
    ("es-ES", "cancel IX", "Solo los organizadores"),
])
def test_a_refusal_is_in_the_persons_language(linked, slack, fake_slack, content, locale, asked, words):
    fake_slack.users[ALICE]["locale"] = locale
    text = shown(_ephemeral(slack, fake_slack, asked))
    assert words in text, text
    assert _leaks(text, content) == set(), text


def test_an_english_refusal_keeps_its_words(linked, slack, fake_slack):
    assert "Only the organizers of" in shown(_ephemeral(slack, fake_slack, "cancel IX"))


def test_a_question_plainly_in_french_gets_the_buttons_in_french_too(linked, slack, fake_slack, content):
    drawn = _drawn(_ephemeral(slack, fake_slack, "ask quand est la pause déjeuner jeudi ?"))
    assert "Partager dans le canal" in drawn, drawn
    assert _leaks(drawn, content) == set(), drawn
