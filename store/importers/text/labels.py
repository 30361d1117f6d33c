"""The labels a page's header states facts with: "Venue: ...", "Organised by ...",
"Meeting called by:" (its value on the line below), the meeting's days bulleted."""

from __future__ import annotations

import re

from store.importers.text.dates import DateSpan, parse_date_line
from store.importers.text.tokens import Token

LABEL = re.compile(
    r"(dates?|venue|place|location|organi[sz]ers?|organi[sz]ed by|convened by|hosted by|hosts?"
    r"|(?:meeting\s+|event\s+)?called by)\s*:\s*(.*)",
    re.ASCII | re.IGNORECASE,
)
ORGANIZED_BY = re.compile(r"(?:organi[sz]ed|convened|hosted) by\s+(.+)", re.ASCII | re.IGNORECASE)


def listed_days(lines: list[Token], index: int) -> DateSpan | None:
    """ "• Wednesday 13 February 2019", "• Thursday 14 ...", "• Friday 15 ...": dates
    bulleted one under another above the programme list the meeting's days, so the
    meeting runs from the first to the last (the programme below may show fewer)."""
    spans: list[DateSpan] = []
    for token in lines[index:]:
        span = parse_date_line(token.bullet) if token.kind.value == "bullet" and token.bullet else None
        if span is None or not span.single:
            break
        spans.append(span)
    if len(spans) < 2:
        return None
    return DateSpan(spans[0].start, spans[-1].end, spans[0].language)
