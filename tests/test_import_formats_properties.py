"""The machine-format importers never fail with anything but AgendaImportError, whatever they are given."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.importers import documents, frab, ics, pretalx
from store.values import AgendaImportError, ImportResult
from tests.conftest import FIXTURES

SCHEDULE = json.loads((FIXTURES / "schedules" / "pretalx-schedule.json").read_text(encoding="utf-8"))
CALENDAR = (FIXTURES / "schedules" / "conference.ics").read_text(encoding="utf-8")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


PATHS = [p for p in _paths(SCHEDULE) if p]


def _replaced(path, new):
    data = json.loads(json.dumps(SCHEDULE))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = new
    return json.dumps(data)


def _imports_or_refuses(parse, text: str) -> None:
    try:
        result = parse(text, source="fuzz")
    except AgendaImportError:
        return
    assert isinstance(result, ImportResult)
    assert result.meeting.sessions  # never an empty meeting


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), json_values)
def test_a_schedule_json_with_any_value_anywhere_imports_or_is_refused(path, value):
    _imports_or_refuses(pretalx.parse, _replaced(path, value))


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=len(CALENDAR.splitlines()) - 1), st.text(max_size=40))
def test_a_calendar_with_any_line_replaced_imports_or_is_refused(index, line):
    lines = CALENDAR.splitlines()
    lines[index] = line
    _imports_or_refuses(ics.parse, "\n".join(lines))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="<>/ =\"'abdeilmnorstuy0123456789:-T\n", max_size=300))
def test_any_xml_ish_text_imports_or_is_refused(text):
    _imports_or_refuses(frab.parse, "<schedule>" + text)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_that_start_like_a_pdf_are_read_or_refused(data):
    try:
        documents.document_text(b"%PDF-1.4\n" + data, "fuzz.pdf")
    except AgendaImportError:
        pass
