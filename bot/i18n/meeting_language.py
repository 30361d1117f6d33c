"""``/agenda language [fr|es|en]``: the language of a meeting's channel messages.

Transport-neutral: the caller says who asks (may they set it?), which
meeting, and in which language to reply; this returns the reply's text. Only
organizers may change it (the caller decides, with bot/permissions.py);
everyone may ask what it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.i18n import LANGUAGE_NAMES, LANGUAGES, supported, translator
from bot.words import Command, Words
from store.db import transaction
from store.languages import meeting_language, set_meeting_language

# What people type after /agenda language, in any of the three languages.
_NAMES = {
    "english": "en", "anglais": "en", "ingles": "en", "inglés": "en",
    "french": "fr", "francais": "fr", "français": "fr", "frances": "fr", "francés": "fr",
    "spanish": "es", "espagnol": "es", "espanol": "es", "español": "es",
}
def language_of(word: str) -> str | None:
    """``fr``, ``fr-FR``, ``French``, ``français``, ``espagnol`` -> the language code; None otherwise."""
    word = word.strip().lower()
    return (_NAMES.get(word) or supported(word)) if word else None


@dataclass(frozen=True)
class LanguageReply:
    text: Words  # each transport writes the command its way (bot/words.py)
    changed: bool = False


def language_request(
    factory: sessionmaker[DBSession], slug: str, argument: str, *, may_set: bool, reply_in: str | None
) -> LanguageReply:
    """Shows the meeting's language, or sets it to ``argument`` when ``may_set``. A word we do
    not know, or a change by someone who may not, changes nothing and says why."""
    argument = argument.strip()
    if not argument:
        with factory() as db:
            current = meeting_language(db, slug)
        _ = translator(reply_in).gettext
        said = _("This meeting's channel messages are in {language}. Organizers can change it:").format(
            language=LANGUAGE_NAMES[current])
        return LanguageReply(Words.of(said, " ", Command("language fr|es|en"), "."))
    wanted = language_of(argument)
    if wanted is None:
        _ = translator(reply_in).gettext
        return LanguageReply(Words.of(_("I don't know the language “{word}”. Choose one of: {choices}.").format(
            word=argument, choices=", ".join(LANGUAGES))))
    if not may_set:
        _ = translator(reply_in).gettext
        return LanguageReply(Words.of(_("Only the meeting's organizers can change its language.")))
    with transaction(factory) as db:
        set_meeting_language(db, slug, wanted)
    # Said in the new language: the organizer sees at once what the channel will read.
    _ = translator(wanted).gettext
    return LanguageReply(Words.of(_("From now on, this meeting's channel messages are in {language}.").format(
        language=LANGUAGE_NAMES[wanted])), changed=True)
