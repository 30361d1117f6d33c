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


def role_name(tr: Translator, name: str, *, plural: bool = False) -> str:
    """``chair`` -> ``président``; ``chairs`` (plural) -> ``présidents``: a role as the answer names it."""
    pgettext = tr.pgettext
    if plural:
        many = {
            "chair": pgettext("roles", "chairs"), "co-chair": pgettext("roles", "co-chairs"),
            "vice-chair": pgettext("roles", "vice-chairs"), "moderator": pgettext("roles", "moderators"),
            "facilitator": pgettext("roles", "facilitators"), "speaker": pgettext("roles", "speakers"),
            "presenter": pgettext("roles", "presenters"), "panelist": pgettext("roles", "panelists"),
            "discussant": pgettext("roles", "discussants"), "keynote speaker": pgettext("roles", "keynote speakers"),
            "rapporteur": pgettext("roles", "rapporteurs"), "lead": pgettext("roles", "leads"),
        }
        return many.get(name, name + "s")
    one = {
        "chair": pgettext("role", "chair"), "co-chair": pgettext("role", "co-chair"),
        "vice-chair": pgettext("role", "vice-chair"), "moderator": pgettext("role", "moderator"),
        "facilitator": pgettext("role", "facilitator"), "speaker": pgettext("role", "speaker"),
        "presenter": pgettext("role", "presenter"), "panelist": pgettext("role", "panelist"),
        "discussant": pgettext("role", "discussant"), "keynote speaker": pgettext("role", "keynote speaker"),
        "rapporteur": pgettext("role", "rapporteur"), "lead": pgettext("role", "lead"),
    }
    return one.get(name, name)
