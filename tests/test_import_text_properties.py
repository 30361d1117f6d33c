"""Property tests: whatever text arrives, the page importer either returns a
coherent meeting or raises AgendaImportError, and does so quickly."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.importers import text as text_importer
from store.importers.common import decode
from store.values import AgendaImportError, ImportResult

AGENDAS = Path(__file__).parent / "fixtures" / "agendas"
FIXTURES = sorted(AGENDAS.glob("*.txt"))
FIXTURE_LINES = {p.name: decode(p.read_bytes()).split("\n") for p in FIXTURES}
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of agenda pages, so random pages reach the deep paths (times, days, numbering).
# The broken ones (impossible dates and times) are rarer, or nearly every page would fail.
BROKEN = ["31 February 2024", "13:00 - 10:00", "24:00", "25:00", "Day 3 \u2013 Friday 17 May 2024"]
FRAGMENTS = BROKEN + 12 * [
    "Wednesday, 15 October 2003", "Thursday, 16 October 2003", "16 October", "Day 2",
    "15-16 October 2003", "10:00 \u2013 13:00", "10 a.m.\u20131 p.m.", "10h00-13h00", "10:00",
    "10.00-13.00", "3 p.m. - 6 p.m.", "12 noon", "Morning session", "11:00-12:00 Coffee break",
    "Afternoon session (15:00-18:00)", "Session 1:", "I. Opening", "VIII. Continuation of Agenda Item VIII",
    "IX. Rapporteur\u2019s report", "4. Panel", "(a) Africa", "b. Asia", "\u2022 Report (A/58/98)", "- note",
    "  * deep", "Documents", "Background documents", "Organization of work", "Overview", "Date:",
    "New York", "Geneva", "\u00a0", "", "()", "(", "Item 3:", "Continuation of item 4", "x" * 40,
    "lower case words", "Chair: X", "Summary", "   \u2022 indented",
    "| 09:00 | Opening | Room 4 |", "|  | continued row |", "09:00\tRegistration", "Chair: Ms. A, Kenya",
    "Panelists: X (UNDP), Y (ILO)", "Room XIX", "Item 7", "Agenda item 3:", "MONDAY,", "9 May",
    "0845-0900:", "10.00 hrs Item 1", "Rome, 9 \u2013 13 May 2005", "Lundi 15 octobre 2003",
    "Page 2 of 3", "Commission, 56th session, 15-16 October 2003 1", "DAY 1", "3. (continued)",
    "Opening remarks \u2013 Dr. X, FAO", "Saturday and Sunday, 18-19 October 2003",
]  # fmt: skip


def check(text: str) -> ImportResult | None:
    """Parse; any exception but AgendaImportError fails the test. Checks the result's invariants."""
    try:
        result = text_importer.parse(text, source="fuzz.txt")
    except AgendaImportError as exc:
        assert str(exc).startswith("fuzz.txt")
        assert exc.line is None or 1 <= exc.line <= text.count("\n") + text.count("\r") + 1
        return None
    meeting = result.meeting
    zone = ZoneInfo(meeting.timezone)
    assert meeting.title and meeting.start_date <= meeting.end_date
    assert [d.date for d in meeting.days] == sorted({d.date for d in meeting.days})
    for day in meeting.days:
        # An arrival day or an excursion may sit just outside the stated dates.
        assert (
            meeting.start_date - timedelta(days=2)
            <= day.date
            <= meeting.end_date + timedelta(days=2)
        )
        # Sessions of one name are told apart: no two share an identity.
        keys = [s.key for s in day.sessions]
        assert len(keys) == len(set(keys))
        for session in day.sessions:
            assert session.day == day.date
            assert [i.ordinal for i in session.items] == list(range(1, len(session.items) + 1))
            moments: list[datetime | None] = [session.starts_at, session.ends_at]
            moments += [t for i in session.items for t in (i.starts_at, i.ends_at)]
            for moment in moments:
                assert moment is None or moment.tzinfo == zone
            if session.starts_at and session.ends_at:
                assert session.starts_at <= session.ends_at
    assert len({d.key for d in meeting.documents}) == len(meeting.documents)
    for warning in result.warnings:
        assert warning.line is None or warning.line >= 1
    return result


@PROPERTY
@given(st.text(max_size=400))
def test_random_text_never_raises_anything_but_an_import_error(text: str) -> None:
    check(text)


@PROPERTY
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_pages_of_agenda_fragments_never_raise_anything_but_an_import_error(
    fragments: list[str], newline: str
) -> None:
    check(
        newline.join(
            ["A meeting", "Date: 15-16 October 2003", "Wednesday, 15 October 2003", *fragments]
        )
    )


@st.composite
def mutated_fixture(draw: st.DrawFn) -> str:
    """A fixture page with lines dropped, duplicated, moved and characters inserted."""
    lines = list(FIXTURE_LINES[draw(st.sampled_from(sorted(FIXTURE_LINES)))])
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["drop", "duplicate", "move", "insert", "swap_block"]))
        if operation == "drop":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(draw(st.integers(0, len(lines))), lines[index])
        elif operation == "move":
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(index))
        elif operation == "insert":
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(st.text(min_size=1, max_size=4)) + line[at:]
        else:
            end = draw(st.integers(index, min(len(lines), index + 8)))
            block = lines[index:end]
            lines[index:end] = draw(st.permutations(block))
    return "\n".join(lines)


@PROPERTY
@given(mutated_fixture())
def test_mutated_fixture_pages_never_raise_anything_but_an_import_error(text: str) -> None:
    check(text)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_imports_coherently(path: Path) -> None:
    assert check(decode(path.read_bytes())) is not None


@pytest.mark.parametrize(
    "line",
    [
        "1" * 20000,
        "-" * 20000 + "1",
        "1-" * 10000,
        "10:00 " * 4000,
        "(" * 20000,
        "a/" * 10000 + "1",
        "Morning " * 4000 + "session",
        "I. " + "(A/58/98) " * 2000,
        "\u2022 " + "() " * 6000,
        "10" + " " * 20000 + "a.m.",
        "Monday " * 4000,
        "a@" * 10000,
        "• http://" + "a" * 20000,
    ],
    ids=lambda line: repr(line[:12]),
)
def test_long_hostile_lines_parse_in_linear_time(line: str) -> None:
    head = "A meeting\n\nDate: 3 June 2024\n\nMorning session\n1. Opening\n"
    check(head)  # the gazetteer loads once per process: not the line's cost
    text = f"{head}{line}\n{line}\n"
    started = time.perf_counter()
    check(text)
    assert time.perf_counter() - started < 1.0


def test_the_seed_layout_fixture_parses_in_a_few_milliseconds() -> None:
    text = decode((AGENDAS / "coordination-2003.txt").read_bytes())
    text_importer.parse(text)  # warm the regex cache
    started = time.perf_counter()
    for _ in range(10):
        text_importer.parse(text)
    assert (time.perf_counter() - started) / 10 < 0.05
