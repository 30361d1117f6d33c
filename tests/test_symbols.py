"""UN document symbols: normalising, finding them in text, linking amendments."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from store.numerals import int_to_roman, number_key, number_value, roman_to_int, same_number
from store.symbols import KNOWN_ORGANS, base_symbol, find_symbols, is_symbol, normalize_symbol

# -- normalising --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("A/58/98", "A/58/98"),
        ("a/58/98", "A/58/98"),
        ("a / 58 / 98", "A/58/98"),
        ("  A /58/ 98 ", "A/58/98"),
        ("A/58/98/Rev.1", "A/58/98/Rev.1"),
        ("a/58/98/rev.1", "A/58/98/Rev.1"),
        ("A/58/98/REV.1", "A/58/98/Rev.1"),
        ("A/58/98/Rev. 1", "A/58/98/Rev.1"),
        ("A/58/98/rev1", "A/58/98/Rev.1"),
        ("A/58/98/corr.1", "A/58/98/Corr.1"),
        ("A/58/98/ADD.1", "A/58/98/Add.1"),
        ("A/58/98/amend.2", "A/58/98/Amend.2"),
        ("a/58/98/summary", "A/58/98/Summary"),
        ("e/cn.9/2004/2", "E/CN.9/2004/2"),
        ("a/res/58/208", "A/RES/58/208"),
        ("st/esa/ser.a/213", "ST/ESA/SER.A/213"),
        ("e/2004/l.12", "E/2004/L.12"),
        ("(A/58/98).", "A/58/98"),
        ("“A/58/98”", "A/58/98"),
        ("Ａ／５８／９８", "A/58/98"),  # full-width, as East Asian keyboards type it
    ],
)
def test_normalize_symbol(typed: str, canonical: str) -> None:
    assert normalize_symbol(typed) == canonical


# -- finding in text ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("where is a/58/98?", ["A/58/98"]),
        ("what is A/58/394?", ["A/58/394"]),
        ("Report on International Migration and Development (A/58/98)", ["A/58/98"]),
        ("see A/58/98.", ["A/58/98"]),
        ("A/58/98, A/58/394; A/58/98 again", ["A/58/98", "A/58/394"]),
        ("is a / 58 / 98 out yet", ["A/58/98"]),
        ("A/58/98/Rev.1 replaces A/58/98", ["A/58/98/Rev.1", "A/58/98"]),
        (
            "the corrigendum A/58/98/Corr.1 and the addendum A/58/98/Add.1",
            ["A/58/98/Corr.1", "A/58/98/Add.1"],
        ),
        ("A/58/98/Rev. 1 is out", ["A/58/98/Rev.1"]),
        ("E/CN.9/2004/2 for the Commission", ["E/CN.9/2004/2"]),
        ("resolution A/RES/58/208 of 23 December 2003", ["A/RES/58/208"]),
        ("ST/ESA/SER.A/213 (sales no.)", ["ST/ESA/SER.A/213"]),
        ("draft E/2004/L.12", ["E/2004/L.12"]),
        ("Second Committee A/C.2/58/L.3, para. 4", ["A/C.2/58/L.3"]),
        ("joint symbol A/58/98-E/2003/94", ["A/58/98", "E/2003/94"]),
        ("e/cn.9/2004/2 please", ["E/CN.9/2004/2"]),
        ("«A/58/98»", ["A/58/98"]),
        ("A/58/98\nE/2004/L.12", ["A/58/98", "E/2004/L.12"]),
    ],
)
def test_find_symbols(text: str, found: list[str]) -> None:
    assert find_symbols(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "and/or",
        "open 24/7",
        "max 120 km/h",
        "coffee w/o sugar",
        "on 15/10/2003 at 10:00",
        "1/2 of the participants",
        "TCP/IP and I/O, PS/2, N/A",
        "see https://undocs.org/A/58/98 for the text",
        "www.un.org/esa/population/2004/a/58/98",
        "mail population@un.org/A/58/1",
        "files in docs/reports/2004 and src/v1/2",
        "s/he/2 answered",
        "un.org/A/58/98",
        "/home/a/58/98",
        "the item IV/V split",
        "",
    ],
)
def test_no_symbols_in_ordinary_text(text: str) -> None:
    assert find_symbols(text) == []


def test_is_symbol_is_whole_text_only() -> None:
    assert is_symbol("A/58/98")
    assert is_symbol(" (a/58/98) ")
    assert is_symbol("A/58/98/Rev.1")
    assert not is_symbol("A/58/98 tomorrow")
    assert not is_symbol("and/or")
    assert not is_symbol("15/10/2003")
    assert not is_symbol("A/58")


# -- amendments ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("symbol", "base"),
    [
        ("A/58/98/Rev.1", "A/58/98"),
        ("a/58/98/rev.2", "A/58/98"),
        ("A/58/98/Corr.1", "A/58/98"),
        ("A/58/98/Amend.1", "A/58/98"),
        ("A/58/98/Rev.1/Corr.1", "A/58/98/Rev.1"),  # it corrects the revision
        ("A/58/98/Add.1/Corr.1", "A/58/98/Add.1"),
        ("A/58/98", None),
        ("A/58/98/Add.1", None),  # an addendum is a further part, not a version
        ("A/RES/58/208", None),
    ],
)
def test_base_symbol(symbol: str, base: str | None) -> None:
    assert base_symbol(symbol) == base


# -- properties ------------------------------------------------------------------

_ORGANS = ["A", "E", "S", "ST", "TD", "UNEP", "CEDAW", "ECE", "FCCC", "IOM"]
_WORDS = st.sampled_from(["RES", "CN.9", "C.2", "ESA", "SER.A", "INF", "AC.105", "HRC", "PV"])
_NUMBERS = st.integers(1, 9999).map(str)
_DOCS = st.one_of(_NUMBERS, st.integers(1, 99).map(lambda n: f"L.{n}"))
_SUFFIXES = st.sampled_from(["", "/Rev.1", "/Corr.2", "/Add.3", "/Rev.1/Corr.1", "/Summary"])


@st.composite
def symbols(draw: st.DrawFn) -> str:
    """Symbols shaped like the UN's: organ, optional bodies, session or year, number."""
    organ = draw(st.sampled_from(_ORGANS))
    middle = draw(st.lists(_WORDS, max_size=2))
    session = str(draw(st.integers(10, 2030)))
    number = draw(_DOCS)
    return "/".join([organ, *middle, session, number]) + draw(_SUFFIXES)


_PROSE = st.lists(
    st.sampled_from(
        ["where", "is", "the", "report", "and/or", "24/7", "on", "15/10/2003", "Item", "IV"]
    ),
    max_size=5,
).map(" ".join)
_BEFORE = st.sampled_from([" ", " (", " “", "\n", " symbol: "])
_AFTER = st.sampled_from(["", "?", ".", ")", ",", "”.", " please", "\n"])


@given(st.text())
@example("a/ ./")
@example("A/58/98/rev 1")
@example("ΐ/ß/ǆ/ﬁ")
def test_normalizing_is_idempotent(text: str) -> None:
    once = normalize_symbol(text)
    assert normalize_symbol(once) == once


@given(symbols(), st.sampled_from(["as is", "lower", "spaced"]))
def test_normalizing_ignores_case_and_spaces(symbol: str, variant: str) -> None:
    typed = {"as is": symbol, "lower": symbol.lower(), "spaced": symbol.replace("/", " / ")}[
        variant
    ]
    assert normalize_symbol(typed) == normalize_symbol(symbol)


@given(_PROSE, _BEFORE, symbols(), _AFTER, _PROSE)
def test_find_symbols_finds_an_embedded_symbol(
    before: str, opening: str, symbol: str, closing: str, after: str
) -> None:
    text = f"{before}{opening}{symbol}{closing} {after}"
    assert find_symbols(text) == [normalize_symbol(symbol)]


@given(_PROSE, symbols().filter(lambda s: s.split("/")[0].casefold() in KNOWN_ORGANS), _PROSE)
def test_find_symbols_finds_a_symbol_typed_in_lower_case(
    before: str, symbol: str, after: str
) -> None:
    assert find_symbols(f"{before} {symbol.lower()}? {after}") == [normalize_symbol(symbol)]


@given(st.text())
def test_found_symbols_are_normalised_symbols(text: str) -> None:
    for symbol in find_symbols(text):
        assert normalize_symbol(symbol) == symbol
        assert is_symbol(symbol)


@given(
    st.integers(1, 31), st.integers(1, 12), st.integers(1900, 2100), st.sampled_from(["/", " / "])
)
def test_dates_are_not_symbols(day: int, month: int, year: int, slash: str) -> None:
    assert find_symbols(f"on {day}{slash}{month}{slash}{year} at noon") == []


# -- numerals ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roman", "value"),
    [
        ("I", 1),
        ("iv", 4),
        ("IX", 9),
        ("XI", 11),
        ("XIV", 14),
        ("XL", 40),
        ("MCMXCIX", 1999),
        ("MMMCMXCIX", 3999),
    ],
)
def test_roman_to_int(roman: str, value: int) -> None:
    assert roman_to_int(roman) == value


@pytest.mark.parametrize("text", ["", "IIII", "VX", "IC", "ABC", "4", "MMMM", "V I"])
def test_roman_to_int_rejects_malformed_numerals(text: str) -> None:
    assert roman_to_int(text) is None


@given(st.integers(1, 3999))
def test_roman_numerals_round_trip(value: int) -> None:
    assert roman_to_int(int_to_roman(value)) == value
    assert roman_to_int(int_to_roman(value).lower()) == value


@pytest.mark.parametrize("value", [0, -1, 4000])
def test_int_to_roman_rejects_out_of_range(value: int) -> None:
    with pytest.raises(ValueError, match="roman"):
        int_to_roman(value)


def test_item_numbers_compare_across_notations() -> None:
    assert number_value("IV.") == 4
    assert number_value("(12)") == 12
    assert number_value("b") is None
    assert number_key("IV") == number_key("4") == number_key("iv") == "4"
    assert number_key("04") == "4"
    assert number_key("B") == "b"
    assert same_number("VIII", "8")
    assert same_number("8", "viii")
    assert same_number("b", "B")
    assert not same_number("IV", "5")
    assert not same_number("", "")


def test_long_runs_without_spaces_are_searched_in_linear_time():
    # A pasted base64 blob or a long URL once made the e-mail pattern backtrack quadratically.
    import time

    blob = "a" * 50_000
    started = time.perf_counter()
    assert find_symbols(f"{blob} {blob} see A/58/98") == ["A/58/98"]
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        # WHO: the session glued to the organ, revisions after a space.
        ("EB152/2", "EB152/2"),
        ("eb 152/2", "EB152/2"),
        ("A76/10", "A76/10"),
        ("A 76/10", "A76/10"),
        ("EB152/36 Rev.1", "EB152/36/Rev.1"),
        ("eb152/36 rev 1", "EB152/36/Rev.1"),
        ("EB152/INF./1", "EB152/INF/1"),
        # FAO: a space between the body and its session; supplements.
        ("PC 93/7", "PC 93/7"),
        ("pc93/7", "PC 93/7"),
        ("CL 128/3", "CL 128/3"),
        ("C 2005/INF/1", "C 2005/INF/1"),
        ("PC 93/7 Sup.1", "PC 93/7/Sup.1"),
        # UNESCO and ILO.
        ("LHE/19/14.COM/8", "LHE/19/14.COM/8"),
        ("lhe/19/14.com/9 rev", "LHE/19/14.COM/9/Rev"),
        ("GB.347/INS/1", "GB.347/INS/1"),
        ("gb 347/ins/1", "GB.347/INS/1"),
        ("GB.347/INS/5(Rev.1)", "GB.347/INS/5/Rev.1"),
        ("GB.347/INS/5 (Rev.1)", "GB.347/INS/5/Rev.1"),
        # Other UN bodies.
        ("UNEP/EA.6/1", "UNEP/EA.6/1"),
        ("fccc/cp/2023/l.1", "FCCC/CP/2023/L.1"),
    ],
)
def test_symbols_of_the_un_system_and_beyond_normalise_as_their_family_writes_them(typed: str, canonical: str) -> None:
    assert normalize_symbol(typed) == canonical
    assert find_symbols(f"where is {typed}?") == [canonical]


@pytest.mark.parametrize("text", ["IV 24/7", "MP3/4 player", "a 50/50 split", "covid 19/20", "Room 12/3"])
def test_a_word_and_a_fraction_are_not_a_two_part_symbol(text: str) -> None:
    assert find_symbols(text) == []
