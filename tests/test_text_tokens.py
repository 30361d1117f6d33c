"""Lines to typed tokens (store.importers.text.tokens and .lines)."""

from __future__ import annotations

from store.importers.text.lines import split_lines
from store.importers.text.tokens import Kind, flattened_grid, tokenize


def kinds(*lines: str) -> list[tuple[int, Kind]]:
    return [(t.no, t.kind) for t in tokenize("\n".join(lines)).tokens]


def test_each_line_is_one_typed_token_with_its_line_number() -> None:
    assert kinds(
        "Rome, 9-13 May 2005", "9-13 May 2005", "Monday, 9 May", "10:00-13:00", "1. Opening",
        "\u2022 Welcome", "Chair: Ms. A, Kenya", "Room XIX", "Morning session", "E/CN.9/2023/1",
        "Some words", "",
    ) == [
        (1, Kind.TEXT), (2, Kind.DATE), (3, Kind.DAY), (4, Kind.TIME), (5, Kind.ITEM),
        (6, Kind.BULLET), (7, Kind.ROLE), (8, Kind.ROOM), (9, Kind.SESSION), (10, Kind.SYMBOL),
        (11, Kind.TEXT), (12, Kind.BLANK),
    ]  # fmt: skip


def test_a_broken_time_is_still_a_time_token() -> None:
    assert kinds("25:00-26:00") == [(1, Kind.TIME)]


def test_footers_become_blank_and_keep_the_line_numbers() -> None:
    assert kinds(
        "Opening",
        "Commission on Population, 56th session, 10-14 April 2023 1",
        "Page 2 of 9",
        "- 3 -",
    ) == [(1, Kind.TEXT), (2, Kind.BLANK), (3, Kind.BLANK), (4, Kind.BLANK)]


def test_a_weekday_alone_is_joined_to_the_date_on_the_next_line() -> None:
    tokens = tokenize("MONDAY,\n9 May\n10:00 Opening").tokens
    assert [(t.no, t.kind, t.text) for t in tokens[:2]] == [
        (1, Kind.DAY, "MONDAY, 9 May"),
        (2, Kind.BLANK, ""),
    ]


def test_a_translation_after_the_english_version_ends_the_page_where_its_language_starts() -> None:
    found = tokenize(
        "Monday, 10 April 2023\n10:00 Opening\n\nProgramme provisoire de la session\nLundi 10 avril 2023\n10:00 Ouverture"
    )
    assert [t.no for t in found.tokens] == [1, 2, 3]
    assert found.ends_early == 4


def test_table_rows_keep_their_cells_and_read_as_one_line() -> None:
    (row, continued) = split_lines("| 09:00 | Opening |  |\n|  | and welcome | |")
    assert row.text == "09:00 | Opening" and row.cells == ("09:00", "Opening", "")
    assert continued.cells[0] == "" and continued.text == "and welcome"


def test_a_grid_flattened_column_by_column_is_found() -> None:
    tokens = tokenize(
        "Monday, 3 June 2024\n\nTuesday, 4 June 2024\nWednesday, 5 June 2024\n09:00\nOpening"
    ).tokens
    assert flattened_grid(tokens) == (1, 4)
    assert flattened_grid(tokenize("Monday, 3 June 2024\n09:00 Opening").tokens) is None


def test_a_table_row_running_over_several_lines_is_read_on_its_first_line() -> None:
    lines = split_lines(
        "Programme\n| 09:00-17:00 Delta\n | Council meeting\n | \n| 19:00-\n To be announced\n | Dinner\n |\n"
        "| Sunday May 23,\n 2004 |"
    )
    assert [(line.no, line.text) for line in lines if line.text] == [
        (1, "Programme"),
        (2, "09:00-17:00 Delta | Council meeting"),
        (5, "19:00- To be announced | Dinner"),
        (9, "Sunday May 23, 2004"),
    ]


def test_a_day_number_alone_is_joined_to_the_date_on_the_next_line() -> None:
    tokens = tokenize("DAY 1\nMonday, 3 June 2024\n10:00 Opening").tokens
    assert [(t.no, t.kind, t.text) for t in tokens[:2]] == [
        (1, Kind.DAY, "DAY 1: Monday, 3 June 2024"),
        (2, Kind.BLANK, ""),
    ]


def test_a_version_heading_after_the_english_ends_the_page_even_without_dated_headers() -> None:
    found = tokenize("Monday, 10 April 2023\n10:00 Opening\n\nVersión en español\n10:00 Apertura")
    assert [t.no for t in found.tokens] == [1, 2, 3]
    assert found.ends_early == 4


def test_a_document_symbol_in_a_right_hand_column_is_no_part_of_the_line() -> None:
    (line,) = split_lines("1.   Adoption of the agenda                       TRADE/CEFACT/1997/2")
    assert (line.text, line.margin) == ("1. Adoption of the agenda", "TRADE/CEFACT/1997/2")
    (plain,) = split_lines("4. Trade and development   in the region")
    assert (plain.text, plain.margin) == ("4. Trade and development in the region", "")


def test_a_print_job_number_is_dropped_so_a_sub_item_wrapped_across_it_stays_whole() -> None:
    found = tokenize("7.1 Matters arising from the\nGE.97-\nof Experts")
    assert [t.text for t in found.tokens if t.text] == [
        "7.1 Matters arising from the",
        "of Experts",
    ]


def test_a_web_archives_banner_is_blank_however_long() -> None:
    banner = (
        "You are viewing an archived web page, collected at the request of an agency. "
        "This page was captured on 15:45:08 May 04, 2017, and is part of a collection. "
        "The information on this web page may be out of date. See all versions of it."
    )
    assert kinds(banner, "Loading media information hide", "Meeting of the group") == [
        (1, Kind.BLANK), (2, Kind.BLANK), (3, Kind.TEXT),
    ]  # fmt: skip


def test_a_table_whose_cells_are_set_off_by_slashes() -> None:
    lines = split_lines(
        "Time / Agenda Item / Moderator\n"
        "09.30 - 09.45 / Round of introductions / Bureau Chair\n"
        "10.30 - 12.00 / The plan, element by element\n"
        "/\n"
        "Budget and staff / roles were discussed\n"
    )
    assert [ln.cells for ln in lines[:4]] == [
        ("Time", "Agenda Item", "Moderator"),
        ("09.30 - 09.45", "Round of introductions", "Bureau Chair"),
        ("10.30 - 12.00", "The plan, element by element"),
        (),
    ]
    assert lines[3].text == ""  # the lone separator of a row run over lines
    assert lines[4].text == "Budget and staff / roles were discussed"  # prose, no row


def test_slashes_in_a_page_without_a_slash_header_row_stay_text() -> None:
    (line,) = split_lines("10.30 - 12.00 / Opening")
    assert (line.cells, line.text) == ((), "10.30 - 12.00 / Opening")


def test_a_footnote_number_glued_to_a_word_is_dropped() -> None:
    (line,) = split_lines("16.15 - 17.00 5 Breakout Groups[1] in room [2]")
    assert line.text == "16.15 - 17.00 5 Breakout Groups in room [2]"


def test_a_table_pasted_without_separators_is_split_at_its_seams() -> None:
    header, row, prose = split_lines(
        "TimeAgendaModerator\n"
        "08:00 – 08:15Arrival and RegistrationKICTANet MAG Team\n"
        "Visit the LinkedIn page of McDonald's"
    )
    assert header.cells == ("Time", "Agenda", "Moderator")
    assert row.cells == ("08:00 – 08:15", "Arrival and Registration", "KICTANet MAG Team")
    assert prose.cells == ()  # camel case in prose with no glued time is left alone
