"""The property names and markers of agendabot's own calendars, shared by reader and writer."""

from __future__ import annotations

from collections.abc import Callable

PRODID = "-//agendabot//agendabot//EN"

# Calendar-level properties of our exports (X-WR-* are read by Apple, Google
# and Outlook; X-AGENDABOT-* by nobody but us).
X_CALNAME = "X-WR-CALNAME"
X_TIMEZONE = "X-WR-TIMEZONE"
X_CALDESC = "X-WR-CALDESC"
X_SLUG = "X-AGENDABOT-SLUG"
X_VENUE = "X-AGENDABOT-VENUE"
X_ORGANIZER = "X-AGENDABOT-ORGANIZER"
X_DATES = "X-AGENDABOT-DATES"
# Event-level properties of our exports.
X_SESSION = "X-AGENDABOT-SESSION"
X_ROOM = "X-AGENDABOT-ROOM"
X_DAY = "X-AGENDABOT-DAY"
X_ITEMS = "X-AGENDABOT-ITEMS"
X_PEOPLE = "X-AGENDABOT-PEOPLE"
# Set only when the session has a UID of its own source (ours are derived from its key).
X_UID = "X-AGENDABOT-UID"


# Where a reader reports what it could not take as written: (line or None, message).
Warn = Callable[[int | None, str], None]
