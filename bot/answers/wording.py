"""English question words an answer repeats back ("the keynote", "the third item"), in the
reply's language. Each is a msgid with a context, since "closing" or "third" alone could
translate several ways; English reads the word itself."""

from __future__ import annotations

from bot.i18n import Translator


def kind_name(tr: Translator, word: str) -> str:
    """``keynote`` -> ``discours liminaire``: a kind of item as a question names it."""
    pgettext = tr.pgettext
    names = {
        "keynote": pgettext("kind of item", "keynote"), "rapporteur": pgettext("kind of item", "rapporteur"),
        "rapporteurs": pgettext("kind of item", "rapporteurs"), "opening": pgettext("kind of item", "opening"),
        "closing": pgettext("kind of item", "closing"), "conclusions": pgettext("kind of item", "conclusions"),
        "conclusion": pgettext("kind of item", "conclusion"), "panel": pgettext("kind of item", "panel"),
    }
    return names.get(word, word)


def ordinal_item(tr: Translator, word: str) -> str:
    """``third`` -> ``the third item``, ``le troisième point``, ``el tercer tema``."""
    pgettext = tr.pgettext
    names = {
        "first": pgettext("item", "the first item"), "second": pgettext("item", "the second item"),
        "third": pgettext("item", "the third item"), "fourth": pgettext("item", "the fourth item"),
        "fifth": pgettext("item", "the fifth item"), "sixth": pgettext("item", "the sixth item"),
        "seventh": pgettext("item", "the seventh item"), "eighth": pgettext("item", "the eighth item"),
        "ninth": pgettext("item", "the ninth item"), "tenth": pgettext("item", "the tenth item"),
        "eleventh": pgettext("item", "the eleventh item"), "twelfth": pgettext("item", "the twelfth item"),
    }
    return names.get(word, f"the {word} item")
