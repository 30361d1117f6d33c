from __future__ import annotations

from bot.answers.normalize import Corrector, normalize, stem


def test_quotes_contractions_and_possessives_read_as_plain_words() -> None:
    q = normalize("What\u2019s the Rapporteur\u2019s report? Thursday's agenda, workers' remittances")
    assert q.tokens[:3] == ("what", "is", "the")
    assert "rapporteur" in q.tokens and "thursday" in q.tokens and "workers" in q.tokens
    assert "'" not in q.text


def test_symbols_are_taken_out_whole_in_any_spacing_and_case() -> None:
    q = normalize("where is a / 58 / 98 and A/58/394?")
    assert q.symbols == ("A/58/98", "A/58/394")
    assert "58" not in q.tokens and "98" not in q.tokens


def test_times_are_split_from_am_pm_and_hours_written_with_h() -> None:
    assert normalize("what's at 3pm").tokens[-2:] == ("3", "pm")
    assert normalize("at 3 p.m.").tokens[-2:] == ("3", "pm")
    assert "10:30" in normalize("10h30").tokens
    assert "oclock" in normalize("at 3 o'clock").tokens


def test_typos_are_mended_towards_the_meeting_words_and_the_lexicon() -> None:
    corrector = Corrector(["afternoon", "session", "remittances", "trafficking"])
    q = normalize("whats in the aftrenoon sesion about remitances and traficking", corrector)
    assert q.tokens == ("what", "is", "in", "the", "afternoon", "session", "about", "remittances", "and", "trafficking")
    assert q.corrections["aftrenoon"] == "afternoon"


def test_known_words_roman_numerals_and_short_words_are_left_alone() -> None:
    corrector = Corrector(["discussion", "covers", "regular"])
    q = normalize("which item covers vii or ix, discuss irregular migration", corrector)
    assert "vii" in q.tokens and "ix" in q.tokens and "discuss" in q.tokens
    # "irregular migration" is a phrase for "undocumented migration", never "regular"
    assert "undocumented" in q.tokens and "regular" not in q.tokens


def test_short_typos_need_the_same_first_letter() -> None:
    corrector = Corrector(["next", "text"])
    assert corrector.mend("nxet") == "next"
    assert corrector.mend("zzzz") == "zzzz"


def test_body_words_are_known_but_agenda_words_win() -> None:
    corrector = Corrector(["remittances"], extra=["remittance", "deregister"])
    assert corrector.mend("deregister") == "deregister"
    assert corrector.mend("remitances") == "remittances"


def test_phrases_people_use_map_to_agenda_words() -> None:
    assert normalize("money sent home").tokens == ("remittances",)
    assert normalize("the SG report").tokens == ("the", "secretary", "general", "report")


def test_stem_brings_word_forms_together() -> None:
    assert stem("discussion") == stem("discussed") == stem("discuss")
    assert stem("remittances") == stem("remittance")
    assert stem("reports") == stem("report")
    assert stem("globalization") == stem("globalisation")


def test_names_spelt_with_digits_stay_one_word_as_in_the_agenda() -> None:
    assert "h1n1" in normalize("anything on H1N1?").tokens
    assert "g20" in normalize("when is the G20 briefing").tokens
    assert normalize("item4 docs").tokens[:2] == ("item", "4")


def test_an_ordinal_and_its_misspelling_stem_alike() -> None:
    assert stem("51st") == stem("51th") == "51"


def test_chat_shorthand_for_rooms_moderators_and_demos() -> None:
    assert normalize("rm?").tokens == ("room",)
    assert normalize("mod?").tokens == ("moderator",)
    assert "demonstration" in normalize("demo time?").tokens


def test_french_and_spanish_agenda_words_are_glossed_in_the_plural_too() -> None:
    from bot.answers.weighing import glosses

    assert glosses("Ateliers") == "workshop"
    assert glosses("Mesas de trabajo") == "working table group"
    assert "rural" in glosses("las nuevas ruralidades")


def test_a_buffet_is_lunch_and_a_caterer_in_parentheses_does_not_make_it_long() -> None:
    from bot.answers.timeline import is_lunch, is_pause
    from store.values import Item

    assert is_lunch("Buffet Bio (traiteur Bio - Coriandre)")
    assert is_pause(Item(number="", title="Buffet Bio (traiteur Bio - Coriandre)"))
