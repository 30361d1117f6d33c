"""``/agenda language``: the meeting's language, kept in the store (migration 0011)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.i18n.meeting_language import language_of, language_request
from bot.requests.grammar import Sub, parse_agenda
from store.agenda import save_meeting
from store.db import alembic_config, make_sessionmaker, transaction, upgrade
from store.languages import meeting_language
from tests.helpers import sample_meeting

SLUG = "coordination-meeting-2003"


def _stored(factory: sessionmaker[DBSession]) -> None:
    with transaction(factory) as db:
        save_meeting(db, sample_meeting())


def test_a_meeting_speaks_english_until_an_organizer_says_otherwise(db_factory: sessionmaker[DBSession]) -> None:
    _stored(db_factory)
    reply = language_request(db_factory, SLUG, "", may_set=False, reply_in="en")
    assert "in English" in str(reply.text) and not reply.changed
    reply = language_request(db_factory, SLUG, "français", may_set=True, reply_in="en")
    assert reply.changed
    assert str(reply.text) == "Désormais, les messages de cette réunion dans le canal sont en français."
    with db_factory() as db:
        assert meeting_language(db, SLUG) == "fr"


def test_only_organizers_change_it_and_a_refusal_changes_nothing(db_factory: sessionmaker[DBSession]) -> None:
    _stored(db_factory)
    reply = language_request(db_factory, SLUG, "es", may_set=False, reply_in="es")
    assert str(reply.text) == "Solo los organizadores de la reunión pueden cambiar su idioma."
    with db_factory() as db:
        assert meeting_language(db, SLUG) == "en"


def test_an_unknown_language_is_named_with_the_choices(db_factory: sessionmaker[DBSession]) -> None:
    _stored(db_factory)
    reply = language_request(db_factory, SLUG, "klingon", may_set=True, reply_in="en")
    assert str(reply.text) == "I don't know the language “klingon”. Choose one of: en, fr, es."
    with db_factory() as db:
        assert meeting_language(db, SLUG) == "en"


def test_the_words_in_three_languages() -> None:
    assert [language_of(w) for w in ("fr-FR", "Spanish", "espagnol", "inglés", "de")] == ["fr", "es", "es", "en", None]
    assert all(parse_agenda(t).sub is Sub.LANGUAGE for t in ("language fr", "langue es", "idioma en", "lang"))
    assert parse_agenda("lunch language").sub is not Sub.LANGUAGE


def test_the_migration_goes_down_and_up_again(engine: Engine) -> None:
    command.downgrade(alembic_config(engine), "0010")
    columns = [column["name"] for column in inspect(engine).get_columns("meetings")]
    assert "language" not in columns
    upgrade(engine)
    factory = make_sessionmaker(engine)
    _stored(factory)
    with factory() as db:
        assert meeting_language(db, SLUG) == "en"
