"""The participant's language: gettext catalogs (English source; French, Spanish).

Every message that reaches a person is an English msgid looked up here in the
person's (or the meeting's) language. The catalogs are managed with Babel
(``babel.cfg``; the commands are in README.md, "Languages") and the compiled
``.mo`` files are package data, so a plain ``pip install`` has them.

Strings are marked for extraction with ``_()``/``ngettext()`` where they are
translated at once, and with ``N_()`` where a constant is defined first and
translated when it is shown.
"""

from __future__ import annotations

import gettext as _gettext
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DOMAIN = "agendabot"
LOCALE_DIR = Path(__file__).parent / "locale"
ENGLISH = "en"
LANGUAGES = ("en", "fr", "es")
# Each language in its own words, for replies and the /agenda language usage.
LANGUAGE_NAMES = {"en": "English", "fr": "français", "es": "español"}


def N_(message: str) -> str:  # noqa: N802  (gettext's conventional name for a no-op marker)
    """Marks ``message`` for extraction; it is translated where it is shown."""
    return message


def supported(tag: str | None) -> str | None:
    """``fr-FR``, ``es_419``, ``FR`` -> ``fr``/``es``; None for a language we do not speak."""
    if not tag:
        return None
    primary = tag.replace("_", "-").split("-")[0].strip().lower()
    return primary if primary in LANGUAGES else None


@dataclass(frozen=True)
class Translator:
    """gettext and ngettext in one language."""

    language: str
    catalog: _gettext.NullTranslations

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` as meant in ``context`` (one English word, several translations)."""
        return self.catalog.pgettext(context, message)


@cache
def translator(language: str | None = None) -> Translator:
    """The translator for ``language`` (a tag as Slack gives it); English for anything else.

    English is the source language: its messages are the msgids, so it needs no
    catalog. A missing French or Spanish catalog is a packaging error and raises.
    """
    lang = supported(language) or ENGLISH
    if lang == ENGLISH:
        return Translator(ENGLISH, _gettext.NullTranslations())
    return Translator(lang, _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang]))
