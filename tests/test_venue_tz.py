"""The meeting's time zone from the words that name its place, without --tz."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.importers.venue_tz import PlaceZone, zone_for_place

# Header and venue lines as secretariats write them (our own wording), and the
# zone a careful reader would set the clock to.
VENUE_LINES: list[tuple[str, str]] = [
    ("Palais des Nations, Geneva, 3-7 July 2023", "Europe/Zurich"),
    ("Room XIX, Palais des Nations", "Europe/Zurich"),
    ("GENEVA, SWITZERLAND", "Europe/Zurich"),
    ("Genève, 12 mars 2024", "Europe/Zurich"),
    ("ECOSOC Chamber, 10:00-13:00", "America/New_York"),
    ("UN Headquarters, Conference Room 4", "America/New_York"),
    ("Conference Room 4", "America/New_York"),
    ("New York, 10-14 April 2023", "America/New_York"),
    ("Vienna International Centre, Board Room B", "Europe/Vienna"),
    ("Wien, Österreich", "Europe/Vienna"),
    ("UN House, Conference Room 1, 5th floor", "Asia/Beirut"),
    ("UN Gigiri complex, Conference Room 2", "Africa/Nairobi"),
    ("Nairobi, Kenya, 5-9 February 2024", "Africa/Nairobi"),
    ("UNCC Bangkok, Meeting Room G", "Asia/Bangkok"),
    ("Sheikh Zayed Centre, Atrium", "Europe/Rome"),
    ("FAO headquarters, Red Room", "Europe/Rome"),
    ("Rome, 9 – 13 May 2005", "Europe/Rome"),
    ("Roma, Italia", "Europe/Rome"),
    ("Bogotá, Colombia, 14-16 November", "America/Bogota"),
    ("Bogota, 14 de noviembre", "America/Bogota"),
    ("Apia, Samoa, 30 August 2024", "Pacific/Apia"),
    ("Addis Ababa, Ethiopia", "Africa/Addis_Ababa"),
    ("Africa Hall, UNECA", "Africa/Addis_Ababa"),
    ("20-22 August 2002, Metro Manila, Philippines", "Asia/Manila"),
    ("Santiago, Chile", "America/Santiago"),
    ("Hosted at ECLAC, Raúl Prebisch Room", "America/Santiago"),
    ("Dar es Salaam, United Republic of Tanzania", "Africa/Dar_es_Salaam"),
    ("Port-au-Prince, Haïti", "America/Port-au-Prince"),
    ("Nuku‘alofa, Tonga", "Pacific/Tongatapu"),
    ("Suva, Fiji, 2-4 October", "Pacific/Fiji"),
    ("Kathmandu, Nepal", "Asia/Kathmandu"),
    ("Ulaanbaatar, Mongolia", "Asia/Ulaanbaatar"),
    ("Bonn, Germany, World Conference Center Bonn", "Europe/Berlin"),
    ("UN Campus, Platz der Vereinten Nationen", "Europe/Berlin"),
    ("Peace Palace, The Hague", "Europe/Amsterdam"),
    ("Den Haag, Nederland", "Europe/Amsterdam"),
    ("UNESCO Headquarters, Room II", "Europe/Paris"),
    ("OECD Conference Centre, Paris", "Europe/Paris"),
    ("UN City, Copenhagen", "Europe/Copenhagen"),
    ("Montréal, Québec", "America/Toronto"),
    ("São Paulo, Brasil", "America/Sao_Paulo"),
    ("Mexico City, 3-5 June", "America/Mexico_City"),
    ("Buenos Aires, Argentina", "America/Argentina/Buenos_Aires"),
    ("Lima, Perú", "America/Lima"),
    ("Dakar, Senegal", "Africa/Dakar"),
    ("Abuja, Nigeria", "Africa/Lagos"),
    ("Cape Town International Convention Centre, Cape Town", "Africa/Johannesburg"),
    ("Ho Chi Minh City, Viet Nam", "Asia/Ho_Chi_Minh"),
    ("Tokyo, Japan", "Asia/Tokyo"),
    ("Seoul, Republic of Korea", "Asia/Seoul"),
    ("Astana, Kazakhstan", "Asia/Almaty"),
    ("Wellington, New Zealand", "Pacific/Auckland"),
    ("Valencia, Venezuela", "America/Caracas"),
    ("Valencia, Spain", "Europe/Madrid"),
    ("Victoria, Seychelles", "Indian/Mahe"),
    ("Doha, Qatar", "Asia/Qatar"),
    ("Reykjavík", "Atlantic/Reykjavik"),
    ("St. Petersburg, Russian Federation", "Europe/Moscow"),
    ("Nusa Dua, Bali, Indonesia", "Asia/Makassar"),
    ("Atlanta, Georgia", "America/New_York"),
    ("Tbilisi, Georgia", "Asia/Tbilisi"),
    ("Portland, Maine", "America/New_York"),
    ("Portland, Oregon", "America/Los_Angeles"),
    ("Kinshasa, DRC", "Africa/Kinshasa"),
    ("Honiara, Solomon Islands", "Pacific/Guadalcanal"),
    ("Side event, Room CR-11, UN HQ", "America/New_York"),
    # A country alone, when it keeps one clock.
    ("Hosted by the Government of Kenya", "Africa/Nairobi"),
    ("Spain", "Europe/Madrid"),
    ("Samoa", "Pacific/Apia"),
    ("Lebanon, 2024", "Asia/Beirut"),
    ("Côte d'Ivoire", "Africa/Abidjan"),
    ("Timor-Leste", "Asia/Dili"),
]


@pytest.mark.parametrize(("line", "zone"), VENUE_LINES)
def test_the_venue_line_gives_the_zone(line: str, zone: str) -> None:
    found = zone_for_place(line)
    assert found is not None, line
    assert found.zone == zone


@pytest.mark.parametrize(
    "line",
    [
        "Reading of the draft report",
        "Date: Monday, 10 April",
        "Of the committee and its bureau",
        "Opening of the session",
        "Saturday and Sunday, 7-8 December 2019",
        "MAY 2005",
        "the meeting will be held online",
        "reading room, date to be confirmed",  # lower case words are not names
        "Mobile phones must be switched off",
        "Part I: High-level segment",
        "Chair: Ms. Victoria Hamilton",
        "Dr. Lincoln Santos (University)",
        "ILO, FAO and WHO",
        "Hybrid meeting (Zoom)",
        "United States",  # a country with several clocks
        "Canada",
        "Indonesia",
        "",
        "]]]\x00\ufffd",
    ],
)
def test_words_that_are_no_place(line: str) -> None:
    assert zone_for_place(line) is None


def test_the_evidence_is_the_words_as_written() -> None:
    assert zone_for_place("Salle XVII, Palais des Nations, Genève") == PlaceZone(
        "Europe/Zurich", "Palais des Nations", "venue"
    )
    assert zone_for_place("Addis Abeba, Éthiopie") == PlaceZone(
        "Africa/Addis_Ababa", "Addis Abeba", "city"
    )
    assert zone_for_place("Kenya") == PlaceZone("Africa/Nairobi", "Kenya", "country")


def test_a_city_named_beside_a_generic_un_building_wins() -> None:
    found = zone_for_place("UN House, Hanoi, Viet Nam")
    assert found is not None and found.kind == "city" and found.place == "Hanoi"


def test_a_city_whose_country_is_named_wins_over_an_earlier_city() -> None:
    found = zone_for_place("Berlin Process follow-up meeting\nLondon, United Kingdom")
    assert found is not None and found.zone == "Europe/London"


def test_a_country_written_after_a_name_says_which_place_it_is() -> None:
    # There is a town called Bali in India; written "Bali, Indonesia" it is the island.
    found = zone_for_place("Hosted by the Government of Indonesia, Bali, Indonesia")
    assert found == PlaceZone("Asia/Makassar", "Bali", "venue")
    found = zone_for_place("Valencia, Venezuela")
    assert found is not None and found.zone == "America/Caracas"


def test_larger_city_wins_an_ambiguous_name() -> None:
    found = zone_for_place("Cambridge")
    assert found is not None and found.zone == "Europe/London"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_text_gives_a_real_zone_or_none(text: str) -> None:
    found = zone_for_place(text)
    if found is not None:
        ZoneInfo(found.zone)
        assert found.place and found.kind in ("city", "venue", "country")


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("University of London Institute in Paris", "Europe/Paris"),
        ("Embassy of Japan, Berlin", "Europe/Berlin"),
        ("University of London", "Europe/London"),  # the only place named: still London
    ],
)
def test_a_city_in_an_institutions_name_gives_way_to_the_city_it_stands_in(
    text: str, zone: str
) -> None:
    found = zone_for_place(text)
    assert found is not None and found.zone == zone


def test_a_country_that_is_also_a_us_state_is_the_state_in_us_context() -> None:
    # Alone, "Georgia" is the country; beside Washington or the USA it is the state.
    alone = zone_for_place("Tbilisi talks, Georgia")
    assert alone is not None and alone.zone == "Asia/Tbilisi"
    assert zone_for_place("Savannah workshop, Georgia, USA") != alone
    found = zone_for_place("Regional meeting, Georgia (Washington office)")
    assert found is None or found.zone != "Asia/Tbilisi"


def test_a_country_naming_a_school_is_not_the_venue() -> None:
    assert zone_for_place("Speaker: Ana Ruiz, Georgia Institute of Technology") is None


def test_a_place_naming_a_room_is_not_the_venue() -> None:
    # FAO's rooms carry countries' names; the city beside them is the venue.
    found = zone_for_place("Rome\nMexico Room D-211")
    assert found is not None and found.zone == "Europe/Rome"
    assert zone_for_place("Malaysia Room (B-227)") is None


def test_the_us_science_foundation_building_is_in_the_eastern_zone() -> None:
    found = zone_for_place("Break, NSF Room 110 Foyer")
    assert found is not None and found.zone == "America/New_York" and found.generic


@pytest.mark.parametrize(
    ("line", "zone"),
    [
        ("Portland, ME", "America/New_York"),  # not the larger Portland, in Oregon
        ("Portland, Ore.", "America/Los_Angeles"),
        ("Athens, Ga.", "America/New_York"),  # not Athens, Greece
        ("Athens, GA", "America/New_York"),
        ("Laurel, MD", "America/New_York"),
        ("Springfield, Ill.", "America/Chicago"),
    ],
)
def test_an_abbreviated_us_state_after_a_city_says_which_city_it_is(line: str, zone: str) -> None:
    found = zone_for_place(line)
    assert found is not None and found.zone == zone


def test_a_us_state_after_a_place_the_gazetteer_lacks_still_gives_the_state_clock() -> None:
    # Wheaton in Massachusetts is too small for the gazetteer; its state keeps one clock.
    found = zone_for_place("Wheelock vs. Wheaton (Mass.)")
    assert found is not None and found.zone == "America/New_York" and found.place == "Mass."
    assert zone_for_place("Wheaton, Massachusetts") == found.__class__(
        "America/New_York", "Massachusetts", "country"
    )


def test_two_capitals_alone_are_no_state() -> None:
    # "ME" or "IN" in a heading are words or acronyms, not Maine or Indiana.
    assert zone_for_place("AGENDA ITEM ME IN PLENARY") is None
