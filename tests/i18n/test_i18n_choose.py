"""Which language a reply is in (bot/i18n/choose.py)."""

from __future__ import annotations

import pytest

from bot.i18n.choose import Situation, choose_language, detect_languages


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        (Situation("when is lunch?", user_locale="fr-FR"), "fr"),  # short: the locale decides
        (Situation("¿cuándo es el almuerzo de mañana?", user_locale="fr-FR"), "es"),  # plainly Spanish
        (Situation("quand est le déjeuner demain ?", user_locale="en-US"), "fr"),
        (Situation("what is on tomorrow morning?", user_locale="es-ES"), "en"),
        (Situation("point 9", user_locale="es-419"), "es"),  # too short to say
        (Situation("docs tema iv", user_locale="fr-CA"), "fr"),  # mixed: keeps the locale
        (Situation("was ist morgen los?", user_locale="de-DE"), "en"),  # neither ours
        (Situation("rappel", user_locale="fr-FR", meeting_language="es", to_channel=True), "es"),
        (Situation("", meeting_language=None, to_channel=True), "en"),
        (Situation("when is lunch tomorrow?", user_locale="en-US", asked_for="fr"), "fr"),
    ],
)
def test_the_reply_language(situation: Situation, expected: str) -> None:
    assert choose_language(situation) == expected


def test_an_unsure_detector_keeps_the_locale() -> None:
    def torn(_: str) -> dict[str, float]:
        return {"en": 0.4, "fr": 0.35, "es": 0.25}

    assert choose_language(Situation("ambiguous words here", user_locale="es-ES"), torn) == "es"


def test_the_detector_knows_only_our_three_languages() -> None:
    assert set(detect_languages("qui préside le comité du programme ?")) == {"en", "fr", "es"}
