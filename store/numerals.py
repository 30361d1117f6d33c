"""Roman numerals, and comparing agenda item numbers written either way.

Agendas number items "IV" while people ask about "item 4" (and the other way
round), so an item number is compared by its value when it is a number in
either notation, and by its case-folded text otherwise ("b", "4a").
"""

from __future__ import annotations

import re

_VALUES = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
# Only the standard (subtractive) spellings, so "IIII" or "VX" are not numbers:
# a string that merely consists of roman letters ("DC", "MIX") must not be read
# as one unless it is written the way numerals are.
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", re.IGNORECASE)
_LETTER_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
# Around a number as people write it: "IV.", "(4)", "4)".
_SURROUNDING = " \t.:)("


def int_to_roman(number: int) -> str:
    """``4`` -> ``"IV"``; defined for 1 to 3999."""
    if not 1 <= number <= 3999:
        raise ValueError(f"{number} has no roman numeral (1 to 3999 only)")
    out = []
    for value, letters in _VALUES:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def roman_to_int(text: str) -> int | None:
    """``"iv"`` -> ``4``; ``None`` for anything that is not a well-formed numeral."""
    text = text.strip()
    if not text or not _ROMAN.fullmatch(text):
        return None
    total = 0
    letters = text.upper()
    for index, letter in enumerate(letters):
        value = _LETTER_VALUES[letter]
        following = _LETTER_VALUES[letters[index + 1]] if index + 1 < len(letters) else 0
        total += -value if value < following else value
    return total


def number_value(text: str) -> int | None:
    """The value of an item number written in digits or roman numerals: ``"IV."`` -> 4."""
    text = text.strip(_SURROUNDING)
    if text.isascii() and text.isdigit():
        return int(text)
    return roman_to_int(text)


def number_key(text: str) -> str:
    """What two item numbers share when they name the same item.

    ``number_key("IV") == number_key("4") == number_key("iv.") == "4"``;
    other numbers compare case-insensitively: ``number_key("B") == "b"``.
    A lone "i", "v", "x", "c" ... is read as a numeral, which is what agendas
    numbered in roman numerals mean and rarely matters for lettered ones.
    """
    value = number_value(text)
    return str(value) if value is not None else text.strip(_SURROUNDING).casefold()


def same_number(a: str, b: str) -> bool:
    """Whether two item numbers name the same item (``"IV"`` and ``"4"`` do)."""
    return bool(a.strip(_SURROUNDING)) and number_key(a) == number_key(b)
