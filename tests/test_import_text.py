"""The plain-text meeting-page importer, read from the outside: pages in, values out."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from store.importers import load_agenda, parse_agenda
from store.importers import text as text_importer
from store.importers.common import decode
from store.values import AgendaImportError, ImportResult, ItemKind, Meeting

AGENDAS = Path(__file__).parent / "fixtures" / "agendas"
NEW_YORK = ZoneInfo("America/New_York")
GENEVA = ZoneInfo("Europe/Zurich")
BANGKOK = ZoneInfo("Asia/Bangkok")


def load(name: str, **kwargs: str) -> ImportResult:
    """A fixture as the CLI reads it: bytes, decoded, then parsed."""
    path = AGENDAS / name
    return text_importer.parse(decode(path.read_bytes()), source=name, **kwargs)


def page(*agenda: str, dates: str = "3 June 2024", venue: str = "Geneva") -> str:
    """A small page in the usual layout, with ``agenda`` under "Organization of work"."""
    return "\n".join(
        ["Test meeting", "", venue, "", f"Date: {dates}", "", "Organization of work", *agenda]
    )


def parse(text: str, **kwargs: str) -> ImportResult:
    return text_importer.parse(text, source="page.txt", **kwargs)


def session_times(meeting: Meeting) -> list[tuple[str, str]]:
    return [
        (
            s.starts_at.strftime("%H:%M") if s.starts_at else "",
            s.ends_at.strftime("%H:%M") if s.ends_at else "",
        )
        for s in meeting.sessions
    ]


def error_of(text: str, **kwargs: str) -> AgendaImportError:
    with pytest.raises(AgendaImportError) as caught:
        parse(text, **kwargs)
    return caught.value


@pytest.fixture(scope="module")
def coordination() -> ImportResult:
    return load("coordination-2003.txt")


@pytest.fixture(scope="module")
def geneva() -> ImportResult:
    return load("geneva-expert-group.txt")


@pytest.fixture(scope="module")
def workshop() -> ImportResult:
    return load("three-day-workshop.txt")


# --- the page in the seed's layout -------------------------------------------


def test_the_header_gives_title_venue_dates_zone_and_slug(coordination: ImportResult) -> None:
    meeting = coordination.meeting
    assert meeting.title == "Second coordination meeting on international migration"
    # The overview says where in New York: "held ... at United Nations Headquarters in New York".
    assert meeting.venue == "United Nations Headquarters, New York"
    assert (meeting.start_date, meeting.end_date) == (date(2003, 10, 15), date(2003, 10, 16))
    assert meeting.timezone == "America/New_York"
    assert meeting.slug == "second-coordination-meeting-on-international-migration-2003"


def test_the_junk_bytes_before_the_title_are_skipped_with_a_warning_on_line_1(
    coordination: ImportResult,
) -> None:
    assert coordination.warnings[0].line == 1
    assert "before the title" in coordination.warnings[0].message


def test_the_overview_is_the_paragraphs_under_overview_without_nbsps(
    coordination: ImportResult,
) -> None:
    paragraphs = coordination.meeting.overview.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("The Population Division held the second Coordination Meeting")
    assert paragraphs[1].endswith("reported on their own activities.")
    assert "workers' remittances" in paragraphs[1]
    assert "\u00a0" not in coordination.meeting.overview


def test_the_organizer_is_read_from_the_overviews_first_sentence_when_no_label_names_it(
    coordination: ImportResult,
) -> None:
    assert coordination.meeting.organizer == "Population Division"


def test_the_meeting_has_two_days_with_a_morning_and_an_afternoon_session_each(
    coordination: ImportResult,
) -> None:
    meeting = coordination.meeting
    assert [d.date for d in meeting.days] == [date(2003, 10, 15), date(2003, 10, 16)]
    assert [[s.title for s in d.sessions] for d in meeting.days] == [
        ["Morning session", "Afternoon session"],
        ["Morning session", "Afternoon session"],
    ]
    assert all(s.day == d.date for d in meeting.days for s in d.sessions)


def test_sessions_run_10_to_13_and_15_to_18_new_york_time(coordination: ImportResult) -> None:
    starts = [(s.starts_at, s.ends_at) for s in coordination.meeting.sessions]
    assert starts == [
        (datetime(2003, 10, 15, 10, tzinfo=NEW_YORK), datetime(2003, 10, 15, 13, tzinfo=NEW_YORK)),
        (datetime(2003, 10, 15, 15, tzinfo=NEW_YORK), datetime(2003, 10, 15, 18, tzinfo=NEW_YORK)),
        (datetime(2003, 10, 16, 10, tzinfo=NEW_YORK), datetime(2003, 10, 16, 13, tzinfo=NEW_YORK)),
        (datetime(2003, 10, 16, 15, tzinfo=NEW_YORK), datetime(2003, 10, 16, 18, tzinfo=NEW_YORK)),
    ]
    first = coordination.meeting.sessions[0].starts_at
    assert first is not None and first.utcoffset() == timedelta(hours=-4)  # EDT in October
    assert first.isoformat() == "2003-10-15T10:00:00-04:00"


def test_items_i_to_xi_are_in_order_with_ordinals_per_session(coordination: ImportResult) -> None:
    numbers = [[(i.number, i.ordinal) for i in s.items] for s in coordination.meeting.sessions]
    assert numbers == [
        [("I", 1), ("II", 2), ("III", 3), ("IV", 4)],
        [("V", 1), ("VI", 2), ("VII", 3)],
        [("VIII", 1)],
        [("VIII", 1), ("IX", 2), ("X", 3), ("XI", 4)],
    ]


def test_item_titles_lose_the_colon_and_full_stop_that_lead_into_sub_points(
    coordination: ImportResult,
) -> None:
    items = {i.number: i for _, i in coordination.meeting.items() if not i.continues}
    assert items["IV"].title == "General Assembly debates on international migration"
    assert items["VIII"].title.endswith("undocumented migration, workers' remittances and security")
    assert items["IX"].title == "Rapporteur's report"


def test_item_kinds_are_inferred_from_their_titles(coordination: ImportResult) -> None:
    kinds = [(i.number, i.kind) for _, i in coordination.meeting.items()]
    assert kinds == [
        ("I", ItemKind.OPENING),
        ("II", ItemKind.KEYNOTE),
        ("III", ItemKind.REVIEW),
        ("IV", ItemKind.DISCUSSION),
        ("V", ItemKind.PRESENTATION),
        ("VI", ItemKind.PANEL),
        ("VII", ItemKind.PRESENTATION),
        ("VIII", ItemKind.REVIEW),
        ("VIII", ItemKind.REVIEW),
        ("IX", ItemKind.RAPPORTEUR_REPORT),
        ("X", ItemKind.CONCLUSIONS),
        ("XI", ItemKind.CLOSING),
    ]


def test_item_iv_has_its_three_bulleted_sub_points(coordination: ImportResult) -> None:
    item_iv = coordination.meeting.sessions[0].items[3]
    assert item_iv.sub_points == (
        "Secretary-General's Report on International Migration and Development (A/58/98)",
        "Secretary-General's Report on Globalization and Interdependence (A/58/394)",
        "International Forum for Social Development on International Migrants and Development",
    )
    assert all(not i.sub_points for _, i in coordination.meeting.items() if i.number != "IV")


def test_symbols_in_item_iv_sub_points_become_documents_linked_to_item_iv(
    coordination: ImportResult,
) -> None:
    linked = [d for d in coordination.meeting.documents if d.item]
    assert [(d.symbol, d.title, d.category, d.item) for d in linked] == [
        (
            "A/58/98",
            "Secretary-General's Report on International Migration and Development",
            "Documents",
            "IV",
        ),
        (
            "A/58/394",
            "Secretary-General's Report on Globalization and Interdependence",
            "Documents",
            "IV",
        ),
    ]


def test_item_viii_continues_in_thursday_afternoon_as_the_same_kind(
    coordination: ImportResult,
) -> None:
    thursday_morning, thursday_afternoon = coordination.meeting.days[1].sessions
    original, continuation = thursday_morning.items[0], thursday_afternoon.items[0]
    assert (continuation.number, continuation.continues) == ("VIII", "VIII")
    assert continuation.title == "Continuation of Agenda Item VIII"
    assert continuation.kind == original.kind == ItemKind.REVIEW
    assert original.continues is None


def test_item_ix_is_the_rapporteurs_report_on_thursday_afternoon(
    coordination: ImportResult,
) -> None:
    reports = [
        (s.day, s.title, i.number)
        for s, i in coordination.meeting.items()
        if i.kind is ItemKind.RAPPORTEUR_REPORT
    ]
    assert reports == [(date(2003, 10, 16), "Afternoon session", "IX")]


def test_the_stray_second_item_viii_is_a_warning_with_its_line(coordination: ImportResult) -> None:
    lines = (AGENDAS / "coordination-2003.txt").read_bytes().split(b"\n")
    stray_line = lines.index(b"VIII. Closing of the meeting") + 1
    stray = [w for w in coordination.warnings if "VIII" in w.message]
    assert [w.line for w in stray] == [stray_line] == [67]
    assert "out of sequence" in stray[0].message
    closing_items = [i for _, i in coordination.meeting.items() if "closing" in i.title.casefold()]
    assert [(i.number, i.title) for i in closing_items] == [("XI", "Closing of the Meeting")]


def test_document_lists_keep_their_heading_as_category_and_lose_empty_parentheses(
    coordination: ImportResult,
) -> None:
    listed = [(d.category, d.title) for d in coordination.meeting.documents if not d.item]
    assert listed == [
        (
            "General Assembly documents",
            "Report of the Secretary-General on the role of the United Nations in promoting "
            "development in the context of globalization and interdependence Section III.C.",
        ),
        (
            "General Assembly documents",
            "Report of the Secretary-General on international migration and development",
        ),
        (
            "General Assembly Resolutions",
            "Resolution on International migration and development adopted by the General Assembly",
        ),
    ]


def test_a_cut_off_last_entry_keeps_its_text_and_warns_with_its_line(
    coordination: ImportResult,
) -> None:
    cut = [w for w in coordination.warnings if "unclosed" in w.message]
    assert [w.line for w in cut] == [84]
    assert len(coordination.warnings) == 3


def test_load_agenda_reads_the_page_with_the_text_importer() -> None:
    result = load_agenda(AGENDAS / "coordination-2003.txt")
    assert result.format == "text"
    assert len(result.meeting.days) == 2 and len(result.meeting.sessions) == 4


def test_slug_and_zone_arguments_override_the_page(coordination: ImportResult) -> None:
    result = load("coordination-2003.txt", slug="cm2", tz="Europe/Vienna")
    assert result.meeting.slug == "cm2"
    assert result.meeting.timezone == "Europe/Vienna"
    start = result.meeting.sessions[0].starts_at
    assert start == datetime(2003, 10, 15, 10, tzinfo=ZoneInfo("Europe/Vienna"))


def test_windows_line_ends_keep_the_same_line_numbers() -> None:
    text = decode((AGENDAS / "coordination-2003.txt").read_bytes()).replace("\n", "\r\n")
    result = parse(text)
    assert [w.line for w in result.warnings] == [1, 67, 84]
    assert len(result.meeting.sessions) == 4


@pytest.mark.parametrize("junk", [b"\xff\xfeAV", b"\xff\xfe\x81AV"], ids=["cp1252", "latin-1"])
def test_junk_bytes_that_are_not_utf8_do_not_garble_the_rest_of_the_page(
    junk: bytes, coordination: ImportResult
) -> None:
    data = (AGENDAS / "coordination-2003.txt").read_bytes()
    garbled = decode(junk + data[data.index(b"\n") :])  # falls back from UTF-8 for the whole file
    assert "\u2013" not in garbled
    result = parse(garbled)
    assert result.meeting == coordination.meeting
    assert [w.line for w in result.warnings] == [1, 67, 84]


def test_a_held_time_before_unheaded_items_gives_their_session_its_hours() -> None:
    meeting = parse(page("Morning session", "1. Opening", "15:00-18:00", "2. Panel")).meeting
    assert [(s.title, [i.number for i in s.items]) for s in meeting.sessions] == [
        ("Morning session", ["1"]),
        ("Afternoon session", ["2"]),
    ]
    assert session_times(meeting) == [("", ""), ("15:00", "18:00")]


def test_a_held_time_inside_the_session_hours_is_the_next_items_own() -> None:
    meeting = parse(
        page("Morning session 10:00-13:00", "1. Opening", "11:00-12:00", "2. Panel")
    ).meeting
    (session,) = meeting.sessions
    assert session.items[1].starts_at == datetime(2024, 6, 3, 11, tzinfo=GENEVA)
    assert session.items[1].ends_at == datetime(2024, 6, 3, 12, tzinfo=GENEVA)


# --- the Geneva expert group meeting ----------------------------------------


def test_geneva_times_in_a_m_and_p_m_are_in_geneva_time(geneva: ImportResult) -> None:
    meeting = geneva.meeting
    assert meeting.timezone == "Europe/Zurich"
    assert session_times(meeting) == [
        ("10:00", "13:00"),
        ("15:00", "18:00"),
        ("10:00", "12:30"),
        ("14:30", "17:30"),
    ]
    assert meeting.sessions[0].starts_at == datetime(2024, 6, 3, 10, tzinfo=GENEVA)
    assert meeting.sessions[0].starts_at.utcoffset() == timedelta(hours=2)


def test_geneva_dates_with_a_dash_and_the_background_overview(geneva: ImportResult) -> None:
    meeting = geneva.meeting
    assert (meeting.start_date, meeting.end_date) == (date(2024, 6, 3), date(2024, 6, 4))
    assert meeting.venue == "Palais des Nations, Geneva"
    assert meeting.overview.count("\n\n") == 1
    assert meeting.overview.startswith("The Population Division of the Department")


def test_geneva_arabic_items_and_a_continued_item(geneva: ImportResult) -> None:
    numbers = [[i.number for i in s.items] for s in geneva.meeting.sessions]
    assert numbers == [["1", "2", "3", "4", "5"], ["6", "7"], ["6", "8"], ["9", "10", "11"]]
    continued = geneva.meeting.sessions[2].items[0]
    assert (continued.continues, continued.kind) == ("6", ItemKind.DISCUSSION)
    kinds = {i.number: i.kind for _, i in geneva.meeting.items()}
    assert kinds["3"] is ItemKind.KEYNOTE and kinds["9"] is ItemKind.RAPPORTEUR_REPORT
    assert kinds["11"] is ItemKind.CLOSING and kinds["2"] is ItemKind.OTHER


def test_geneva_dash_and_bullet_sub_points(geneva: ImportResult) -> None:
    items = geneva.meeting.sessions[0].items
    assert items[3].sub_points == ("Main findings", "Regional differences")
    assert items[4].sub_points == ("Africa", "Latin America and the Caribbean (E/CN.9/2024/3)")
    assert items[4].title == "Panel on pension coverage in developing countries"


def test_geneva_symbols_are_linked_to_their_items_and_listed_ones_keep_the_list_title(
    geneva: ImportResult,
) -> None:
    by_symbol = {d.symbol: d for d in geneva.meeting.documents if d.symbol}
    assert {s: d.item for s, d in by_symbol.items()} == {
        "E/CN.9/2024/2": "4",
        "E/CN.9/2024/3": "5",
        "E/CN.9/2024/CRP.1": "8",
        "E/2024/25": "",
    }
    report = by_symbol["E/CN.9/2024/2"]
    assert report.title == "Report of the Secretary-General on population ageing and development"
    assert report.category == "Background documents"
    assert by_symbol["E/CN.9/2024/3"].title == "Latin America and the Caribbean"


def test_geneva_background_documents_and_contributed_papers(geneva: ImportResult) -> None:
    listed = [(d.category, d.title) for d in geneva.meeting.documents if not d.symbol]
    assert listed == [
        ("Background documents", "World Population Ageing 2023: Challenges and opportunities"),
        ("Contributed papers", "Pension coverage in Africa, by A. Mensah"),
        ("Contributed papers", "Long-term care systems in Latin America, by M. Rojas"),
    ]


# --- the three-day workshop -------------------------------------------------


def test_workshop_has_three_days_in_bangkok_and_an_organizer(workshop: ImportResult) -> None:
    meeting = workshop.meeting
    assert [d.date for d in meeting.days] == [
        date(2024, 5, 15),
        date(2024, 5, 16),
        date(2024, 5, 17),
    ]
    assert meeting.timezone == "Asia/Bangkok"
    assert meeting.organizer == "Economic and Social Commission for Asia and the Pacific"
    assert meeting.overview.startswith("The workshop brings together")


def test_workshop_letter_items_start_again_in_each_session(workshop: ImportResult) -> None:
    numbers = [[i.number for i in s.items] for s in workshop.meeting.sessions]
    assert numbers == [["a", "b", "c"], ["a", "b", "c"], ["a", "b"], ["a"], ["a", "b", "c"], [""]]
    assert workshop.meeting.sessions[1].items[1].kind is ItemKind.BREAK


def test_workshop_day_without_times_has_untimed_sessions(workshop: ImportResult) -> None:
    day_two = workshop.meeting.days[1]
    assert [s.title for s in day_two.sessions] == ["Morning session", "Afternoon session"]
    assert all(s.starts_at is None and s.ends_at is None for s in day_two.sessions)
    assert all(i.starts_at is None for s in day_two.sessions for i in s.items)


def test_workshop_times_with_h_and_dots(workshop: ImportResult) -> None:
    assert session_times(workshop.meeting) == [
        ("09:00", "12:30"),
        ("14:00", "17:00"),
        ("", ""),
        ("", ""),
        ("10:00", "13:00"),
        ("15:00", "16:00"),
    ]
    opening = workshop.meeting.sessions[0].items[0]
    assert (opening.starts_at, opening.ends_at) == (
        datetime(2024, 5, 15, 9, tzinfo=BANGKOK),
        datetime(2024, 5, 15, 9, 30, tzinfo=BANGKOK),
    )


def test_workshop_timed_line_after_the_last_session_is_a_session_of_its_own(
    workshop: ImportResult,
) -> None:
    last = workshop.meeting.sessions[-1]
    assert last.title == "Evaluation of the workshop by participants"
    assert last.day == date(2024, 5, 17)
    assert [(i.number, i.title) for i in last.items] == [
        ("", "Evaluation of the workshop by participants")
    ]


def test_workshop_documents_with_leading_symbols(workshop: ImportResult) -> None:
    docs = [(d.symbol, d.title, d.category, d.item) for d in workshop.meeting.documents]
    assert docs == [
        ("ESCAP/CST/2024/INF/1", "Guidelines on migration data quality", "Workshop documents", "c"),
        ("ESCAP/CST/2024/1", "Provisional agenda", "Workshop documents", ""),
        ("", "Information note for participants", "Workshop documents", ""),
    ]


def test_clean_pages_import_without_warnings(geneva: ImportResult, workshop: ImportResult) -> None:
    assert geneva.warnings == ()
    assert workshop.warnings == ()


# --- time, date and numbering formats ---------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("10:00 \u2013 13:00", ("10:00", "13:00")),
        ("10 a.m.\u20131 p.m.", ("10:00", "13:00")),
        ("10 a.m. \u2013 1 p.m.", ("10:00", "13:00")),
        ("10.00-13.00", ("10:00", "13:00")),
        ("10h00-13h00", ("10:00", "13:00")),
        ("10h-13h", ("10:00", "13:00")),
        ("3 p.m. - 6 p.m.", ("15:00", "18:00")),
        ("3-6 p.m.", ("15:00", "18:00")),
        ("10-11.30 a.m.", ("10:00", "11:30")),
        ("10 to 1 p.m.", ("10:00", "13:00")),
        ("9:30 am \u2014 12:45 pm", ("09:30", "12:45")),
        ("12 noon - 3 p.m.", ("12:00", "15:00")),
        ("2 p.m. - 5.30", ("14:00", "17:30")),
        ("from 10:00 to 13:00 hrs", ("10:00", "13:00")),
        ("18:00-24:00", ("18:00", "00:00")),
    ],
)
def test_time_formats(written: str, expected: tuple[str, str]) -> None:
    result = parse(page("3 June 2024", written, "Morning session", "1. Opening"))
    assert session_times(result.meeting) == [expected]


def test_a_session_ending_at_24_00_ends_at_midnight_the_next_date() -> None:
    result = parse(page("Evening session 18:00-24:00", "1. Reception"))
    assert result.meeting.sessions[0].ends_at == datetime(2024, 6, 4, 0, tzinfo=GENEVA)


@pytest.mark.parametrize(
    "layout",
    [
        ["10:00-13:00", "Morning session", "1. Opening"],
        ["Morning session", "10:00-13:00", "1. Opening"],
        ["Morning session (10:00-13:00)", "1. Opening"],
        ["Morning session, 10 a.m. - 1 p.m.", "1. Opening"],
        ["10:00-13:00 Morning session", "1. Opening"],
        ["10:00 - 13:00: Morning session", "1. Opening"],
    ],
)
def test_a_session_time_may_stand_before_after_or_beside_its_title(layout: list[str]) -> None:
    meeting = parse(page("Monday, 3 June 2024", *layout)).meeting
    assert [(s.title, len(s.items)) for s in meeting.sessions] == [("Morning session", 1)]
    assert session_times(meeting) == [("10:00", "13:00")]


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("15 October 2003 to 16 October 2003", date(2003, 10, 15), date(2003, 10, 16)),
        ("15-16 October 2003", date(2003, 10, 15), date(2003, 10, 16)),
        ("15 to 17 May 2024", date(2024, 5, 15), date(2024, 5, 17)),
        ("from 15 to 17 May 2024", date(2024, 5, 15), date(2024, 5, 17)),
        ("October 15-16, 2003", date(2003, 10, 15), date(2003, 10, 16)),
        ("30 May \u2013 2 June 2024", date(2024, 5, 30), date(2024, 6, 2)),
        ("May 30 - June 2, 2024", date(2024, 5, 30), date(2024, 6, 2)),
        ("30 December 2024 - 2 January 2025", date(2024, 12, 30), date(2025, 1, 2)),
        ("30 December - 2 January 2025", date(2024, 12, 30), date(2025, 1, 2)),
        ("Monday 15th of May 2023", date(2023, 5, 15), date(2023, 5, 15)),
        ("3 Sept. 2024", date(2024, 9, 3), date(2024, 9, 3)),
    ],
)
def test_date_formats(written: str, start: date, end: date) -> None:
    first_day = f"{start.day} {start:%B %Y}"
    result = parse(page(first_day, "Morning session", "1. Opening", dates=written), slug="x")
    meeting = result.meeting
    assert (meeting.start_date, meeting.end_date) == (start, end)
    assert [d.date for d in meeting.days] == [start]


@pytest.mark.parametrize(
    "header",
    [
        "Tuesday, 4 June 2024",
        "Day 2 \u2013 Tuesday 4 June 2024",
        "Day 2: 4 June 2024",
        "Day 2",
        "Tuesday 4 June",
        "June 4, 2024",
        "TUESDAY, 4 JUNE 2024",
    ],
)
def test_day_header_formats(header: str) -> None:
    meeting = parse(
        page(
            "Monday, 3 June 2024",
            "Morning session",
            "1. Opening",
            header,
            "Morning session",
            "2. Closing",
            dates="3-4 June 2024",
        )
    ).meeting
    assert [d.date for d in meeting.days] == [date(2024, 6, 3), date(2024, 6, 4)]
    assert meeting.days[1].sessions[0].items[0].title == "Closing"


def test_a_single_day_header_in_the_header_area_is_a_day_not_the_dates() -> None:
    text = "Workshop\n\nNairobi\n\nWednesday, 15 May 2024\n\nMorning session\n1. Opening\n\nThursday, 16 May 2024\n\nMorning session\n2. Closing"
    meeting = parse(text).meeting
    assert meeting.timezone == "Africa/Nairobi"
    assert (meeting.start_date, meeting.end_date) == (date(2024, 5, 15), date(2024, 5, 16))
    assert len(meeting.days) == 2


@pytest.mark.parametrize(
    ("lines", "numbers"),
    [
        (["IX. Nine", "X. Ten"], ["IX", "X"]),
        (["4. Four", "5. Five"], ["4", "5"]),
        (["4) Four", "5) Five"], ["4", "5"]),
        (["(a) First", "(b) Second"], ["a", "b"]),
        (["a. First", "b. Second"], ["a", "b"]),
        (["A. First", "B. Second"], ["A", "B"]),
        (["(i) First", "(ii) Second"], ["i", "ii"]),
        (["Item 3: Panel", "Item 4: Discussion"], ["3", "4"]),
        (["(h) Eighth", "(i) Ninth"], ["h", "i"]),
    ],
)
def test_item_numbering_styles(lines: list[str], numbers: list[str]) -> None:
    meeting = parse(page("Morning session", *lines)).meeting
    assert [i.number for i in meeting.sessions[0].items] == numbers
    assert [i.ordinal for i in meeting.sessions[0].items] == [1, 2]


@pytest.mark.parametrize("bullet", ["\u2022", "-", "*", "\u2013", "\u25aa"])
def test_bullets_become_sub_points_of_the_item_above(bullet: str) -> None:
    meeting = parse(
        page("Morning session", "1. Regional reviews:", f"  {bullet} Africa", f"{bullet} Asia")
    ).meeting
    (item,) = meeting.sessions[0].items
    assert (item.title, item.sub_points) == ("Regional reviews", ("Africa", "Asia"))


def test_lettered_lines_under_a_numbered_item_are_its_sub_points() -> None:
    meeting = parse(
        page("Morning session", "3. Regional reviews", "(a) Africa", "(b) Asia", "4. Closing")
    ).meeting
    assert [(i.number, i.sub_points) for i in meeting.sessions[0].items] == [
        ("3", ("(a) Africa", "(b) Asia")),
        ("4", ()),
    ]


def test_a_session_of_bullets_has_bulleted_items_with_deeper_bullets_as_sub_points() -> None:
    meeting = parse(
        page(
            "Morning session",
            "\u2022 Registration",
            "\u2022 Opening",
            "    \u25e6 Welcome by the host",
        )
    ).meeting
    items = meeting.sessions[0].items
    assert [(i.number, i.title, i.sub_points) for i in items] == [
        ("", "Registration", ()),
        ("", "Opening", ("Welcome by the host",)),
    ]


def test_a_wrapped_item_title_is_joined_and_a_note_becomes_its_description() -> None:
    meeting = parse(
        page(
            "Morning session",
            "1. Review of activities related to",
            "the Programme of Action",
            "Chair: Ms. A. Smith",
        )
    ).meeting
    (item,) = meeting.sessions[0].items
    assert item.title == "Review of activities related to the Programme of Action"
    assert item.description == "Chair: Ms. A. Smith"


def test_each_timed_row_without_a_session_heading_is_a_session_of_its_own() -> None:
    meeting = parse(
        page(
            "09:00-10:00 Registration",
            "10:00-12:00 Opening of the workshop",
            "14:00-15:30 Panel on data",
            "15:30-16:00 Coffee break",
        )
    ).meeting
    assert [(s.title, [i.title for i in s.items]) for s in meeting.sessions] == [
        ("Registration", ["Registration"]),
        ("Opening of the workshop", ["Opening of the workshop"]),
        ("Panel on data", ["Panel on data"]),
        ("Coffee break", ["Coffee break"]),
    ]
    assert session_times(meeting) == [
        ("09:00", "10:00"),
        ("10:00", "12:00"),
        ("14:00", "15:30"),
        ("15:30", "16:00"),
    ]
    assert meeting.sessions[3].items[0].kind is ItemKind.BREAK


def test_session_headings_by_number() -> None:
    meeting = parse(
        page(
            "Session 1: Data sources", "1. Censuses", "Session II - Policies", "2. Labour migration"
        )
    ).meeting
    assert [s.title for s in meeting.sessions] == [
        "Session 1: Data sources",
        "Session II - Policies",
    ]


def test_an_unnumbered_continuation_line_continues_the_item_it_names() -> None:
    meeting = parse(
        page(
            "Monday, 3 June 2024",
            "Morning session",
            "I. Panel on remittances",
            "Tuesday, 4 June 2024",
            "Morning session",
            "Continuation of agenda item I",
            dates="3-4 June 2024",
        )
    ).meeting
    continued = meeting.days[1].sessions[0].items[0]
    assert (continued.number, continued.continues, continued.kind) == ("I", "I", ItemKind.PANEL)


def test_arabic_numbering_may_start_again_each_day() -> None:
    result = parse(
        page(
            "Monday, 3 June 2024",
            "Morning session",
            "1. Opening",
            "2. Panel",
            "Tuesday, 4 June 2024",
            "Morning session",
            "1. Discussion",
            "2. Closing",
            dates="3-4 June 2024",
        )
    )
    assert [i.number for _, i in result.meeting.items()] == ["1", "2", "1", "2"]
    assert result.warnings == ()


def test_a_repeated_item_title_in_a_later_session_is_a_continuation() -> None:
    meeting = parse(
        page(
            "Morning session",
            "5. Review of activities",
            "Afternoon session",
            "5. Review of activities",
        )
    ).meeting
    assert [(i.number, i.continues) for _, i in meeting.items()] == [("5", None), ("5", "5")]


def test_a_single_day_meeting_needs_no_day_header() -> None:
    meeting = parse(page("10:00-13:00", "Morning session", "1. Opening")).meeting
    assert [d.date for d in meeting.days] == [date(2024, 6, 3)]
    assert meeting.sessions[0].starts_at == datetime(2024, 6, 3, 10, tzinfo=GENEVA)


def test_a_list_entry_starting_with_its_symbol_is_titled_by_the_rest() -> None:
    meeting = parse(
        page(
            "Morning session",
            "1. Opening",
            "",
            "Documents",
            "A/58/98: Report of the Secretary-General",
            "\u2022 E/CN.9/2004/2 and E/CN.9/2004/3 ()",
        )
    ).meeting
    assert [(d.symbol, d.title, d.category) for d in meeting.documents] == [
        ("A/58/98", "Report of the Secretary-General", "Documents"),
        ("E/CN.9/2004/2", "E/CN.9/2004/2", "Documents"),
        ("E/CN.9/2004/3", "E/CN.9/2004/3", "Documents"),
    ]


# --- warnings: tolerable oddities --------------------------------------------


def test_a_weekday_that_does_not_match_its_date_is_a_warning_and_the_date_wins() -> None:
    result = parse(page("Tuesday, 3 June 2024", "Morning session", "1. Opening"))
    assert [d.date for d in result.meeting.days] == [date(2024, 6, 3)]
    assert [(w.line, w.message) for w in result.warnings] == [
        (8, "03 June 2024 is a Monday, not a Tuesday")
    ]


def test_an_unknown_venue_means_utc_with_a_warning() -> None:
    result = parse(page("Morning session 10:00-13:00", "1. Opening", venue="Grand Ballroom"))
    assert result.meeting.timezone == "UTC"
    assert result.meeting.sessions[0].starts_at == datetime(2024, 6, 3, 10, tzinfo=ZoneInfo("UTC"))
    assert any("UTC" in w.message for w in result.warnings)


def test_a_city_in_the_title_gives_the_zone_when_the_venue_names_none() -> None:
    text = "Vienna Expert Meeting on Data\n\nDate: 3 June 2024\n\nMorning session\n1. Opening"
    assert parse(text).meeting.timezone == "Europe/Vienna"


def test_a_day_listed_twice_is_one_day_with_a_warning() -> None:
    result = parse(
        page(
            "Monday, 3 June 2024",
            "Morning session",
            "1. Opening",
            "Monday, 3 June 2024",
            "Afternoon session",
            "2. Closing",
        )
    )
    assert [[s.title for s in d.sessions] for d in result.meeting.days] == [
        ["Morning session", "Afternoon session"]
    ]
    assert [w.line for w in result.warnings] == [11]


def test_two_sessions_of_one_name_on_a_day_are_told_apart() -> None:
    result = parse(page("Morning session", "1. Opening", "Morning session", "2. Closing"))
    sessions = result.meeting.sessions
    # Titles as the page writes them; the key counts the repeat, as " (2)" did.
    assert [s.title for s in sessions] == ["Morning session", "Morning session"]
    assert [s.key for s in sessions] == [
        "2024-06-03|morning session|",
        "2024-06-03|morning session (2)|",
    ]
    assert [[i.title for i in s.items] for s in sessions] == [["Opening"], ["Closing"]]


def test_a_time_with_nothing_after_it_is_a_warning() -> None:
    result = parse(page("Morning session", "1. Opening", "15:00-18:00"))
    assert [w.line for w in result.warnings] == [10]


def test_days_out_of_order_are_sorted_with_a_warning() -> None:
    result = parse(
        page(
            "Tuesday, 4 June 2024",
            "Morning session",
            "1. A",
            "Monday, 3 June 2024",
            "Morning session",
            "2. B",
            dates="3-4 June 2024",
        )
    )
    assert [d.date for d in result.meeting.days] == [date(2024, 6, 3), date(2024, 6, 4)]
    assert [w.line for w in result.warnings] == [11]


def test_a_day_with_nothing_under_it_is_kept_with_a_warning() -> None:
    result = parse(
        page(
            "Monday, 3 June 2024",
            "Morning session",
            "1. Opening",
            "Tuesday, 4 June 2024",
            dates="3-4 June 2024",
        )
    )
    assert [(d.date, len(d.sessions)) for d in result.meeting.days] == [
        (date(2024, 6, 3), 1),
        (date(2024, 6, 4), 0),
    ]
    assert [w.line for w in result.warnings] == [11]


def test_a_background_line_inside_the_programme_does_not_swallow_the_items_after_it() -> None:
    meeting = parse(page("Morning session", "Background", "1. Opening", "2. Panel")).meeting
    assert [i.title for i in meeting.sessions[0].items] == ["Background", "Opening", "Panel"]


# --- errors: what would make the agenda wrong ---------------------------------


def test_a_page_without_an_agenda_is_an_error() -> None:
    err = error_of("A meeting\n\nNew York\n\nOverview\n\nSome words about it.\n")
    assert "no agenda" in err.message
    assert str(err).startswith("page.txt:")


def test_an_empty_page_is_an_error() -> None:
    assert "title" in error_of("\n \u00a0\n").message


def test_a_time_range_that_ends_before_it_starts_is_an_error_on_its_line() -> None:
    err = error_of(page("Morning session", "13:00 \u2013 10:00", "1. Opening"))
    assert (err.line, err.path) == (9, "page.txt")
    assert str(err) == "page.txt:9: the time range ends (10:00) before it starts (13:00)"


@pytest.mark.parametrize("written", ["25:00-26:00", "10:75-11:00", "13 p.m. - 2 p.m.", "24:00"])
def test_an_impossible_time_is_an_error_on_its_line(written: str) -> None:
    assert error_of(page("Morning session", written, "1. Opening")).line == 9


def test_an_impossible_date_is_an_error_on_its_line() -> None:
    err = error_of(page("Morning session", "1. Opening", dates="31 February 2024"))
    assert err.line == 5
    assert "31 February 2024 is not a date" in str(err)


def test_an_impossible_day_header_is_an_error_on_its_line() -> None:
    err = error_of(
        page(
            "Saturday, 1 June 2024",
            "Morning session",
            "1. Opening",
            "30 February 2024",
            dates="1-3 June 2024",
        )
    )
    assert err.line == 11
    assert "30 February 2024 is not a date" in err.message


def test_a_day_header_outside_the_stated_dates_widens_them_with_a_warning_on_its_line() -> None:
    # The best reading of a page whose dates and days disagree, not a refusal:
    # the days are the programme, the stated dates one line that may be wrong.
    result = parse(
        page(
            "Monday, 3 June 2024",
            "Morning session",
            "1. Opening",
            "",
            "Friday, 7 June 2024",
            "Morning session",
            "2. Closing",
            dates="3-4 June 2024",
        )
    )
    meeting = result.meeting
    assert (meeting.start_date, meeting.end_date) == (date(2024, 6, 3), date(2024, 6, 7))
    assert [d.date.day for d in meeting.days] == [3, 7]
    assert any(w.line == 12 and "outside the meeting's dates" in w.message for w in result.warnings)


def test_the_dates_stated_first_give_way_to_later_ones_that_hold_the_days() -> None:
    # A document's own date above the meeting's, as UN documents print it.
    result = parse(
        "Committee on Trade\n\n4 June 1997\n\n(Second session, 15-16 September 1997)\n\n"
        "Organization of work\nMonday, 15 September 1997\nMorning session\n1. Opening\n"
        "Tuesday, 16 September 1997\nMorning session\n2. Closing"
    )
    meeting = result.meeting
    assert (meeting.start_date, meeting.end_date) == (date(1997, 9, 15), date(1997, 9, 16))
    assert any(w.line == 3 and "taken from line 5" in w.message for w in result.warnings)


def test_a_date_in_a_header_line_ranks_above_one_inside_a_sentence() -> None:
    result = parse(
        "Committee on Trade\n\nThe invitation letter of 2 May 2024 asks for replies "
        "before the deadline, which the secretariat has set for all members this year.\n\n"
        "Geneva, 3-4 June 2024\n\nOrganization of work\nMonday, 3 June 2024\n"
        "Morning session\n1. Opening\nTuesday, 4 June 2024\nMorning session\n2. Closing"
    )
    meeting = result.meeting
    assert (meeting.start_date, meeting.end_date) == (date(2024, 6, 3), date(2024, 6, 4))


@pytest.mark.parametrize("dates", ["3 June 1066", "3 June 9999"])
def test_an_implausible_year_is_an_error_on_its_line(dates: str) -> None:
    assert error_of(page("Morning session", "1. Opening", dates=dates)).line == 5


def test_a_meeting_that_ends_before_it_starts_is_an_error() -> None:
    err = error_of(
        page("Morning session", "1. Opening", dates="16 October 2003 to 15 October 2003")
    )
    assert err.line == 5


def test_items_before_any_day_header_of_a_multi_day_meeting_go_on_its_first_day() -> None:
    # Issue 13: read what a careful reader would, and say what was assumed.
    result = parse(page("Morning session", "1. Opening", dates="3-4 June 2024"))
    assert [d.date for d in result.meeting.days] == [date(2024, 6, 3)]
    assert (result.warnings[0].line, "first day" in result.warnings[0].message) == (8, True)


def test_day_n_without_stated_dates_is_an_error() -> None:
    text = "Workshop\n\nNairobi\n\nOrganization of work\n\nDay 2\nMorning session\n1. Opening"
    assert error_of(text).line == 7


def test_a_day_header_without_year_needs_stated_dates() -> None:
    text = (
        "Workshop\n\nNairobi\n\nOrganization of work\n\nMonday, 3 June\nMorning session\n1. Opening"
    )
    assert error_of(text).line == 7


def test_a_zone_argument_that_is_not_a_zone_is_an_error() -> None:
    with pytest.raises(AgendaImportError, match="not an IANA time zone"):
        load("coordination-2003.txt", tz="Mars/Olympus")


# --- sniffing -----------------------------------------------------------------


def test_the_text_importer_accepts_plain_pages_and_leaves_structured_files_alone() -> None:
    page_text = decode((AGENDAS / "coordination-2003.txt").read_bytes())
    assert text_importer.sniff(page_text, ".txt")
    assert text_importer.sniff(page_text, "")
    assert not text_importer.sniff(page_text, ".ics")
    assert not text_importer.sniff('{"agendabot": 1}', "")
    assert not text_importer.sniff("<html><body>x</body></html>", ".txt")
    assert not text_importer.sniff("BEGIN:VCALENDAR\nEND:VCALENDAR", "")
    assert not text_importer.sniff("a\x00b", ".txt")
    assert not text_importer.sniff("  \n\n", ".txt")


def test_parse_agenda_names_the_text_format_for_a_page() -> None:
    result = parse_agenda(page("Morning session", "1. Opening"), source="p.txt", suffix=".txt")
    assert result.format == "text"
