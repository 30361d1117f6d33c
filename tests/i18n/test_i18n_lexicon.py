"""French and Spanish question words read as the English rules' words (bot/answers/lexicon)."""

from __future__ import annotations

import pytest

from bot.answers.lexicon import lexicon, parse_table, translate
from bot.answers.normalize import COMMON, LEXICON, Corrector, normalize
from bot.requests.grammar import Sub, parse_agenda
from bot.vocabulary import english_command


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("qu'est-ce qu'il y a après le déjeuner ?", "what is on after the lunch"),
        ("quand est la séance de l'après-midi", "when is the afternoon session"),
        ("¿qué hay después del almuerzo?", "what is on after the lunch"),
        ("¿cuándo es la sesión de la tarde?", "when is the afternoon session"),
        ("rappelle-moi 10 minutes avant le point V", "remind me 10 minutes before the point v"),
        ("recuérdame antes de la sesión de la tarde", "remind me before the afternoon session"),
        ("¿pasado mañana?", "day after tomorrow"),
        ("après-demain ?", "day after tomorrow"),
    ],
)
def test_questions_read_as_the_rules_words(question: str, expected: str) -> None:
    assert normalize(question).text == expected


def test_accents_are_optional_and_never_split_a_word() -> None:
    assert normalize("SÉANCE de demain").tokens == normalize("seance de demain").tokens == (
        "session", "of", "tomorrow",
    )
    assert normalize("Tomás").tokens == ("tomas",)


def test_typos_in_french_and_spanish_words_are_mended_once_the_question_is_plainly_theirs() -> None:
    corrector = Corrector(["meeting"])
    assert normalize("ou est la reunoin", corrector).text == "where is the meeting"
    assert normalize("donde es la reunoin", corrector).text == "where is the meeting"
    # The same slip in an English question is left to the English corrector.
    assert "chairs" not in normalize("who presents the report", corrector).tokens


def test_no_table_word_shadows_a_word_the_english_rules_read() -> None:
    english = LEXICON | COMMON
    shadowing = {k[0]: v for k, v in lexicon().phrases.items() if len(k) == 1 and k[0] in english and v != k}
    assert shadowing == {}


def test_an_english_question_passes_through_untouched() -> None:
    words = "what is on in room 2 at 3 pm on thursday the 16th".split()
    assert translate(words) == words


def test_a_repeated_or_empty_entry_is_refused() -> None:
    with pytest.raises(ValueError, match="repeated"):
        parse_table("quand = when\nquand = where")


@pytest.mark.parametrize(
    ("typed", "english"),
    [
        ("aide", "help"), ("ayuda", "help"), ("maintenant", "now"), ("ahora", "now"),
        ("demain", "tomorrow"), ("mañana", "tomorrow"), ("Mañana", "tomorrow"), ("après-demain", "day after tomorrow"),
        ("jeudi 16 octobre", "thursday 16 october"), ("jueves 16 de octubre", "thursday 16 october"),
        ("point V", "item V"), ("tema 5", "item 5"), ("documentos 4", "docs 4"), ("buscar remesas", "search remesas"),
        ("demain matin ?", "demain matin ?"),  # a question: the answers engine reads it
        ("tomorrow", "tomorrow"), ("what is on?", "what is on?"),
    ],
)
def test_agenda_subcommands_in_french_and_spanish(typed: str, english: str) -> None:
    assert english_command(typed) == english


def test_the_agenda_grammar_reads_them() -> None:
    assert parse_agenda("aide").sub is Sub.HELP
    request = parse_agenda("mañana")
    assert request.sub is Sub.DAY and request.day is not None and request.day.offset == 1
    request = parse_agenda("jeudi")
    assert request.day is not None and request.day.weekday == 3


def test_spanish_and_french_spellings_of_agenda_words_meet_the_english_ones() -> None:
    assert "migration" in normalize("¿cuándo se habla de la migración?").tokens
    assert "security" in normalize("quand parle-t-on de la sécurité ?").tokens
    # An English word is not a cognate of anything: "invite" stays itself.
    assert "invite" in normalize("can I invite a colleague").tokens


# English questions' words that a table does read, and why that is harmless.
_SHARED = {
    "sesion": "a typo of session: read as session either way",
    "atelier": "a room name ('Atelier'); rooms are matched on the question as typed",
    "ces": "part of ECE/CES symbols, which are taken out before the words are read",
    "d": "a lone letter: 'item d' reads the item, whichever way",
    "le": "part of a Breton name ('Yannick Le Goff'); people are matched on the question as typed",
    "conferencia": "a Spanish title quoted in English ('the Conferencia inaugural'); titles are also glossed",
}


def test_the_words_of_every_english_evaluation_question_stay_english() -> None:
    import glob
    import re

    import yaml

    from bot.answers.normalize import fold

    phrases = lexicon().phrases
    changed = set()
    for path in glob.glob("tests/answers/eval*.yaml"):
        for group in yaml.safe_load(open(path, encoding="utf-8")):
            for case in group["questions"]:
                for word in re.findall(r"[^\W_]+", fold(case["q"])):
                    if phrases.get((word,), (word,)) != (word,):
                        changed.add(word)
    assert changed <= set(_SHARED), changed - set(_SHARED)
