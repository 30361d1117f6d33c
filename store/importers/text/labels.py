"""The labels a page's header states facts with: "Venue: ...", "Organised by ...",
"Meeting called by:" (its value on the line below)."""

from __future__ import annotations

import re

LABEL = re.compile(
    r"(dates?|venue|place|location|organi[sz]ers?|organi[sz]ed by|convened by|hosted by|hosts?"
    r"|(?:meeting\s+|event\s+)?called by)\s*:\s*(.*)",
    re.ASCII | re.IGNORECASE,
)
ORGANIZED_BY = re.compile(r"(?:organi[sz]ed|convened|hosted) by\s+(.+)", re.ASCII | re.IGNORECASE)
