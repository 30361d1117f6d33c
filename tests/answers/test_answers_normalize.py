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
