"""``--lang`` in the CLI's ``ask`` and in the console: the bot's own words in the chosen language."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import load_sample, main
from bot.clock import FixedClock
from bot.config import Settings
from bot.console import run_console
from tests.recording_notifier import ny

SLUG = "coordination-meeting-2003"
NOW = "2003-10-15T11:00-04:00"


def _ask(settings: Settings, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["ask", *argv, "--now", NOW], settings=settings) == 0
    return capsys.readouterr().out


def test_ask_answers_in_the_language_asked_for(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(database_url=database_url)
    main(["import", "bot/sample/coordination-meeting-2003.yaml"], settings=settings)
    capsys.readouterr()
    assert _ask(settings, capsys, "aide", "--lang", "fr").startswith("Posez-moi vos questions sur la réunion")
    assert _ask(settings, capsys, "hola", "--lang", "es").startswith("¡Hola! Respondo preguntas sobre Second")
    # auto: a plainly French question is answered in French; English stays the default.
    assert _ask(settings, capsys, "merci beaucoup pour tout", "--lang", "auto") == "Je vous en prie !\n"
    assert _ask(settings, capsys, "thanks") == "You're welcome!\n"


def test_an_unknown_language_is_refused_before_anything_runs(database_url: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["ask", "help", "--lang", "de"], settings=Settings(database_url=database_url))
    assert exit_.value.code == 2


def test_the_console_speaks_the_language_chosen(db_factory: sessionmaker[Session]) -> None:
    load_sample(db_factory)
    out = io.StringIO()
    run_console(db_factory, meeting=SLUG, now=None, clock=FixedClock(ny("2003-10-15 11:00")),
                stdin=io.StringIO("gracias\nxyzzy galimatías\n"), stdout=out, language="es")
    thanks, unknown = (chunk.strip() for chunk in out.getvalue().split("agendabot> ")[1:])
    assert thanks == "¡De nada!"
    assert unknown == "No sé responder a eso. Pruebe «orden del día», «¿qué sigue?» o «ayuda»."


@pytest.mark.parametrize(
    ("typed", "confirmed"),
    [
        ("rappelle-moi 10 minutes avant le point V", "10m before item V. Presentation and discussion on workers'"),
        ("recuérdame antes de la sesión de la tarde", "before Afternoon session, Wed 15 Oct"),
        ("avísame 15 minutos antes del tema 9", "15m before item IX. Rapporteur's report"),
    ],
)
def test_personal_reminders_asked_in_french_and_spanish(db_factory: sessionmaker[Session], typed: str,
                                                        confirmed: str) -> None:
    load_sample(db_factory)
    out = io.StringIO()
    run_console(db_factory, meeting=SLUG, now=None, clock=FixedClock(ny("2003-10-15 11:00")),
                stdin=io.StringIO(typed + "\n"), stdout=out)
    reply = out.getvalue().split("agendabot> ")[1].strip()
    assert reply.startswith("I'll remind you here") and confirmed in reply, reply


def test_a_question_about_a_reminder_is_still_a_question() -> None:
    from bot.reminders.requests import remind_me_in_words

    assert remind_me_in_words("rappelle-moi quand est le déjeuner") is None
    assert remind_me_in_words("le point V, rappelle-moi") is None


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_consoles_help_is_in_the_language_and_its_examples_work(db_factory: sessionmaker[Session],
                                                                    language: str) -> None:
    load_sample(db_factory)
    clock = FixedClock(ny("2003-10-15 11:00"))
    out = io.StringIO()
    run_console(db_factory, meeting=SLUG, now=None, clock=clock, stdin=io.StringIO("help\n"), stdout=out,
                language=language)
    helped = out.getvalue().split("agendabot> ")[1]
    console_part = helped.strip().splitlines()[-1]
    assert console_part.startswith({"fr": "Ici aussi", "es": "Aquí también"}[language])
    examples = [e for e in re.findall(r"«\s*([^»]+?)\s*»", console_part) if not e.startswith("reminders")]
    out = io.StringIO()
    run_console(db_factory, meeting=SLUG, now=None, clock=clock, stdin=io.StringIO("\n".join(examples) + "\n"),
                stdout=out, language=language)
    replies = [r.strip() for r in out.getvalue().split("agendabot> ")[1:]]
    assert len(replies) == len(examples) == 6
    for example, reply in zip(examples, replies, strict=True):
        assert not reply.startswith(("Je ne sais pas", "No sé")), (example, reply)
