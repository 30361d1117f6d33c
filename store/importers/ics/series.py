"""Repeating events (RRULE, RDATE): expanded into their occurrences, within bounds."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import icalendar
import recurring_ical_events

from store.importers.ics.layout import Layout
from store.importers.ics.names import Warn
from store.importers.ics.properties import prop_text
from store.values import AgendaImportError

SERIES_HORIZON = timedelta(days=366)
MAX_OCCURRENCES = 2000


def occurrences(
    cal: icalendar.Calendar, events: list[icalendar.Event], layout: Layout, warn: Warn, source: str
) -> list[tuple[int, icalendar.Event]]:
    """Every event with its index in the file; a repeating one (RRULE, RDATE) as its
    occurrences, EXDATEs left out and moved occurrences (RECURRENCE-ID) applied."""
    series = {
        prop_text(e, "UID") for e in events if e.get("RRULE") is not None or e.get("RDATE") is not None
    }
    if not series:
        return list(enumerate(events))
    index_of: dict[str, int] = {}
    for index, event in enumerate(events):
        if prop_text(event, "UID") in series and event.get("RECURRENCE-ID") is None:
            index_of.setdefault(prop_text(event, "UID"), index)
    plain = [(i, e) for i, e in enumerate(events) if prop_text(e, "UID") not in series]
    sub = icalendar.Calendar()
    for component in cal.walk("VTIMEZONE"):
        sub.add_component(component)
    starts = []
    for event in events:
        if prop_text(event, "UID") in series:
            sub.add_component(event)
            start = getattr(event.get("DTSTART"), "dt", None)
            if isinstance(start, date):
                starts.append(start.date() if isinstance(start, datetime) else start)
            rule = event.get("RRULE")
            _check_rule(rule, event, events.index(event), layout, source)
            if rule is not None and not (rule.get("COUNT") or rule.get("UNTIL")):
                warn(
                    layout.property_line(events.index(event), "RRULE"),
                    f"{prop_text(event, 'SUMMARY')!r} repeats with no end; the occurrences of its first year are imported",
                )
    if not starts:
        return plain
    first = min(starts)
    try:
        # Lazily, so an hourly series without end stops at the cap instead of being made whole.
        found = recurring_ical_events.of(sub).between(first, first + SERIES_HORIZON)
    except Exception as exc:  # the library's errors share no base class; all mean a broken rule
        uid = next(iter(series))
        raise AgendaImportError(
            f"the repeating event {uid!r} cannot be expanded: {exc}",
            path=source,
            line=layout.event_line(index_of.get(uid, 0)),
        ) from None
    if len(found) > MAX_OCCURRENCES:
        raise AgendaImportError(
            f"the repeating events make {len(found)} occurrences within a year; at most {MAX_OCCURRENCES} are read",
            path=source,
            line=layout.event_line(min(index_of.values(), default=0)),
        )
    expanded = []
    for occurrence in found:
        uid = prop_text(occurrence, "UID")
        if occurrence.get("RECURRENCE-ID") is None:  # the library gives every occurrence its own
            occurrence.add("RECURRENCE-ID", occurrence["DTSTART"].dt)
        expanded.append((index_of.get(uid, 0), occurrence))
    return sorted(plain + expanded, key=lambda pair: pair[0])


def _check_rule(rule: Any, event: icalendar.Event, index: int, layout: Layout, source: str) -> None:
    """Refuse, before expanding it, a rule that repeats more often than any agenda does: a
    series every minute for a year is half a million occurrences to make and then refuse."""
    if rule is None:
        return
    frequency = str((rule.get("FREQ") or [""])[0]).upper()
    count = (rule.get("COUNT") or [None])[0]
    fine_grained = frequency in ("HOURLY", "MINUTELY", "SECONDLY") or any(
        len(rule.get(part) or ()) > 1 for part in ("BYMINUTE", "BYSECOND")
    )
    if fine_grained and not (isinstance(count, int) and count <= MAX_OCCURRENCES):
        raise AgendaImportError(
            f"{prop_text(event, 'SUMMARY')!r} repeats {frequency.lower() or 'too often'}; "
            f"an agenda's events repeat daily at most (or give a COUNT of at most {MAX_OCCURRENCES})",
            path=source,
            line=layout.property_line(index, "RRULE"),
        )

