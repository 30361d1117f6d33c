"""agendabot's own format: exact round trips and errors that point at the line."""

from __future__ import annotations

import pytest

from store.canonical import from_dict, to_dict
from store.importers.canonical_file import parse
from store.values import AgendaImportError
from tests.helpers import SAMPLE, sample_meeting

VALID = """\
agendabot: 1
meeting:
  slug: night-programme
  title: Night programme
  timezone: Europe/Berlin
days:
  - date: "2014-12-27"
    sessions:
      - title: Saal 1
        start: "23:00"
        end: "2014-12-28T01:00:00+01:00"
        items:
          - {number: 1, title: Late talk}
"""


def test_the_sample_round_trips_through_the_dict_exactly():
    meeting = sample_meeting()
    assert from_dict(to_dict(meeting)) == meeting


def test_a_time_after_midnight_stays_under_the_day_it_is_listed_under():
    meeting = parse(VALID).meeting
    session = meeting.sessions[0]
    assert session.day.isoformat() == "2014-12-27"
    assert session.ends_at.isoformat() == "2014-12-28T01:00:00+01:00"
    assert to_dict(meeting)["days"][0]["sessions"][0]["end"] == "2014-12-28T01:00:00+01:00"


def test_an_item_numbered_with_a_bare_integer_keeps_its_number_as_text():
    assert parse(VALID).meeting.sessions[0].items[0].number == "1"


def test_dates_default_to_the_first_and_last_day():
    meeting = parse(VALID).meeting
    assert (meeting.start_date.isoformat(), meeting.end_date.isoformat()) == ("2014-12-27", "2014-12-27")


@pytest.mark.parametrize(
    ("broken", "line", "message"),
    [
        (VALID.replace('start: "23:00"', 'start: "25:00"'), 10, "is not a time"),
        (VALID.replace("timezone: Europe/Berlin", "timezone: Mars/Olympus"), 5, "not an IANA time zone"),
        (VALID.replace("{number: 1, title: Late talk}", "{number: 1}"), 13, "title: is required"),
        (VALID.replace('date: "2014-12-27"', 'date: "2014-02-31"'), 7, "is not a date"),
        (VALID.replace("  title: Night programme\n", "  title: [Night\n"), 5, "not valid YAML"),
    ],
)
def test_errors_name_the_file_and_line(broken, line, message):
    with pytest.raises(AgendaImportError) as caught:
        parse(broken, source="night.yaml")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"night.yaml:{line}: ")
    assert message in str(caught.value)


def test_the_bundled_sample_is_the_seed_meeting():
    meeting = parse(SAMPLE.read_text(encoding="utf-8")).meeting
    assert [i.number for _, i in meeting.items()] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "VIII", "IX", "X", "XI",
    ]
    assert meeting.timezone == "America/New_York"
