"""Answers in French and Spanish (issue 17): per answer family, a question in the language gets
the bot's own words in it, agenda content as written, and no English word of the bot's own.

The English answers are the engine's as they always read (tests/answers/ and the
evaluation sets pin them); here the same families are asked in French and Spanish
on the sample meeting and on a conference, and the reply is checked with
tests/i18n/leaks.py.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

from bot.answers import answer_question
from bot.i18n.replies import in_language
from store.values import Meeting
from tests.i18n.leaks import agenda_content, english_leaks

sys.path.insert(0, str(Path(__file__).parent.parent / "answers"))
from answers_evalset import load_meetings  # noqa: E402

SAMPLE = "coordination-meeting-2003"
CONFERENCE = "migration-data-conference-2025"
CUT_SHORT = "disaster-data-workshop-2025"  # its agenda stops on Thursday, the meeting runs to Friday
DURING = datetime.fromisoformat("2003-10-15T11:00:00-04:00")
BEFORE = datetime.fromisoformat("2003-10-01T09:00:00-04:00")
AFTER = datetime.fromisoformat("2003-10-20T09:00:00-04:00")
CONFERENCE_DAY = datetime.fromisoformat("2025-06-12T11:10:00+02:00")
WORKSHOP_DAY = datetime.fromisoformat("2025-11-05T10:00:00+07:00")
FAO = "fao-programme-committee-2026"
FAO_DAY = datetime.fromisoformat("2026-11-02T10:15:00+01:00")
SUMMIT = "open-data-summit-2025"
SUMMIT_DAY = datetime.fromisoformat("2025-09-25T11:00:00+01:00")


# family -> (meeting, now, French question, Spanish question, the intents that answer it)
FAMILIES: dict[str, tuple[str, datetime, str, str, frozenset[str]]] = {
    "now": (SAMPLE, DURING, "qu'est-ce qui se passe maintenant ?", "¿qué está pasando ahora?", frozenset({"now"})),
    "now, before the meeting": (SAMPLE, BEFORE, "qu'est-ce qui se passe maintenant ?", "¿qué está pasando ahora?",
                                frozenset({"next"})),
    "now, after the meeting": (SAMPLE, AFTER, "qu'est-ce qui se passe maintenant ?", "¿qué está pasando ahora?",
                               frozenset({"now"})),
    "next": (SAMPLE, DURING, "et ensuite ?", "¿y después?", frozenset({"next"})),
    "next talk at a conference": (CONFERENCE, CONFERENCE_DAY, "c'est quoi la suite ?", "¿qué sigue?",
                                  frozenset({"next"})),
    "a day": (SAMPLE, DURING, "l'ordre du jour de jeudi", "el programa del jueves", frozenset({"sessions"})),
    "a day with no sessions": (SAMPLE, DURING, "il y a quelque chose vendredi ?", "¿hay algo el viernes?",
                               frozenset({"no_sessions"})),
    "a part of the day": (SAMPLE, DURING, "la séance de l'après-midi", "la sesión de la tarde",
                          frozenset({"sessions"})),
    "a part of the day, after the meeting": (SAMPLE, AFTER, "la séance de l'après-midi", "la sesión de la tarde",
                                             frozenset({"sessions"})),
    "what is left today": (CONFERENCE, CONFERENCE_DAY, "qu'est-ce qui reste aujourd'hui ?", "¿qué queda hoy?",
                           frozenset({"sessions"})),
    "the agenda I have stops on Thursday": (CUT_SHORT, WORKSHOP_DAY, "qu'y a-t-il vendredi ?",
                                            "¿qué hay el viernes?", frozenset({"cut_off"})),
    "where is the meeting": (CONFERENCE, CONFERENCE_DAY, "où a lieu la réunion ?", "¿dónde se celebra la reunión?",
                             frozenset({"venue"})),
    "where is a session": (CONFERENCE, CONFERENCE_DAY, "dans quelle salle est la séance parallèle 2A ?",
                           "¿en qué sala es la sesión paralela 2A?", frozenset({"where"})),
    "a session with no room": (SAMPLE, DURING, "où est la séance de l'après-midi ?",
                               "¿dónde es la sesión de la tarde?", frozenset({"where"})),
    "which time zone": (SAMPLE, DURING, "dans quel fuseau horaire sont les heures ?", "¿qué zona horaria?",
                        frozenset({"timezone"})),
    "who organizes it": (SAMPLE, DURING, "qui organise cette réunion ?", "¿quién organiza la reunión?",
                         frozenset({"organizer"})),
    "is the meeting over": (SAMPLE, DURING, "la réunion est-elle terminée ?", "¿la reunión ha terminado?",
                            frozenset({"status"})),
    "item N": (SAMPLE, DURING, "c'est quoi le point IX ?", "¿qué es el tema IX?", frozenset({"item"})),
    "item N, under way, with documents": (SAMPLE, DURING, "c'est quoi le point IV ?", "¿qué es el tema IV?",
                                          frozenset({"item"})),
    "item N in two sessions": (SAMPLE, DURING, "quand est le point VIII ?", "¿cuándo es el tema VIII?",
                               frozenset({"item"})),
    "an item the agenda lacks": (SAMPLE, DURING, "point XII", "tema XII", frozenset({"not_found"})),
    "the item after another": (SAMPLE, DURING, "qu'y a-t-il après le point V ?", "¿qué hay después del tema V?",
                               frozenset({"item"})),
    "when is lunch": (SAMPLE, DURING, "c'est quand le déjeuner ?", "¿cuándo es el almuerzo?", frozenset({"lunch"})),
    "when is the break at a conference": (CONFERENCE, CONFERENCE_DAY, "quand est la pause ?", "¿cuándo es la pausa?",
                                          frozenset({"break", "lunch", "session"})),
    "after lunch": (SAMPLE, DURING, "qu'est-ce qu'il y a après le déjeuner ?", "¿qué hay después del almuerzo?",
                    frozenset({"sessions"})),
    "before lunch": (SAMPLE, DURING, "qu'est-ce qu'il y a avant le déjeuner ?", "¿qué hay antes del almuerzo?",
                     frozenset({"sessions"})),
    "who chairs": (FAO, FAO_DAY, "qui préside le comité du programme ?", "¿quién preside el comité del programa?",
                   frozenset({"who"})),
    "who presents an item": (FAO, FAO_DAY, "qui présente l'évaluation de la pêche ?",
                             "¿quién presenta la evaluación de pesca?", frozenset({"who"})),
    "nobody named": (CONFERENCE, CONFERENCE_DAY, "qui est le rapporteur ?", "¿quién es el relator?",
                     frozenset({"who"})),
    "when does a person speak": (CONFERENCE, CONFERENCE_DAY, "quand parle Chen Wei ?", "¿cuándo habla Chen Wei?",
                                 frozenset({"person"})),
    "where is a symbol": (SAMPLE, DURING, "où est A/58/98 ?", "¿dónde está A/58/98?", frozenset({"document"})),
    "a symbol the meeting lacks": (SAMPLE, DURING, "où est A/58/999 ?", "¿dónde está A/58/999?",
                                   frozenset({"not_found"})),
    "documents of an item": (SAMPLE, DURING, "quels sont les documents du point IV ?",
                             "¿qué documentos hay para el tema IV?", frozenset({"documents"})),
    "the documents list": (SAMPLE, DURING, "quels documents ?", "¿qué documentos hay?", frozenset({"documents"})),
    "what time is it": (SAMPLE, DURING, "quelle heure est-il ?", "¿qué hora es?", frozenset({"time_now"})),
    "the first item of a day": (SAMPLE, DURING, "quel est le premier point demain ?", "¿cuál es el primer tema mañana?",
                                frozenset({"item"})),
    "the last session of a day": (SAMPLE, DURING, "quelle est la dernière séance jeudi ?",
                                  "¿cuál es la última sesión del jueves?", frozenset({"sessions"})),
    "is a talk over": (SUMMIT, SUMMIT_DAY, "la keynote est-elle terminée ?", "¿la conferencia magistral ha terminado?",
                       frozenset({"status"})),
}


@pytest.fixture(scope="module")
def meetings() -> dict[str, Meeting]:
    return {m.slug: m for m in load_meetings()}


def _asked(meetings: dict[str, Meeting], family: str, language: str) -> tuple[str, str, str]:
    slug, now, french, spanish, intents = FAMILIES[family]
    question = french if language == "fr" else spanish
    answer = answer_question(question, meetings[slug], now=now, language=language)
    assert answer.intent in intents, f"{question!r} was read as {answer.intent}: {answer.text}"
    english = answer_question(question, meetings[slug], now=now).text
    return answer.text, english, slug


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_english_of_the_bots_own_leaks_in(language: str, family: str, meetings: dict[str, Meeting]) -> None:
    text, english, slug = _asked(meetings, family, language)
    assert text != english
    leaked = english_leaks(text, agenda_content(meetings[slug]))
    assert leaked == set(), f"{language} {family}: {sorted(leaked)} in {text!r}"


def test_a_specific_not_found_keeps_its_words_through_the_reply_layer(meetings: dict[str, Meeting]) -> None:
    sample = meetings[SAMPLE]
    answer = answer_question("où est A/58/999 ?", sample, now=DURING, language="fr")
    assert in_language(answer, "fr").text == answer.text
    assert answer.text.startswith("Le document A/58/999 ne figure pas parmi les documents de cette réunion.")


def test_days_and_times_read_as_each_language_writes_them(meetings: dict[str, Meeting]) -> None:
    sample = meetings[SAMPLE]
    french = answer_question("la séance de l'après-midi de jeudi", sample, now=DURING, language="fr").text
    spanish = answer_question("la sesión de la tarde del jueves", sample, now=DURING, language="es").text
    assert "jeudi 16 octobre, 15 h – 18 h" in french
    assert "jueves 16 de octubre, 15:00–18:00" in spanish


def test_agenda_content_stays_as_written(meetings: dict[str, Meeting]) -> None:
    text = answer_question("et ensuite ?", meetings[SAMPLE], now=DURING, language="fr").text
    assert "Afternoon session" in text and "V. Presentation and discussion on workers' remittances" in text
    assert text.startswith("En ce moment : « Morning session » (jusqu'à 13 h).")


def test_the_asker_own_zone_is_said_in_their_language(meetings: dict[str, Meeting]) -> None:
    text = answer_question("et ensuite ?", meetings[SAMPLE], now=DURING, viewer_zone="Europe/Paris",
                           language="fr").text
    assert "15 h – 18 h, heure de New York (21 h – 0 h chez vous)" in text


def test_english_is_the_engine_as_it_always_read(meetings: dict[str, Meeting]) -> None:
    sample = meetings[SAMPLE]
    for question in ("what's next?", "what's on thursday?", "is the meeting over?", "where is the meeting?"):
        assert answer_question(question, sample, now=DURING, language="en") == answer_question(
            question, sample, now=DURING)
