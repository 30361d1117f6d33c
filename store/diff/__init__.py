"""One diff engine for meetings: ``diff_meetings`` returns change values (changes.py), which
the organizer's preview (preview.py) and the channel announcement (bot/organizers/announce.py)
each render in their own words."""

from store.diff.changes import (
    Change,
    DocumentAdded,
    DocumentChanged,
    ItemAdded,
    ItemChanged,
    ItemMoved,
    ItemRemoved,
    ItemRenamed,
    ItemRetimed,
    MeetingAdded,
    MeetingFieldChanged,
    OverviewChanged,
    PeopleChanged,
    ReminderLeadChanged,
    RoomChanged,
    SessionAdded,
    SessionMoved,
    SessionRemoved,
    SessionRenamed,
)
from store.diff.engine import diff_meetings, item_key, items_by_key
from store.diff.preview import preview_line, preview_lines

__all__ = [
    "Change",
    "DocumentAdded",
    "DocumentChanged",
    "ItemAdded",
    "ItemChanged",
    "ItemMoved",
    "ItemRemoved",
    "ItemRenamed",
    "ItemRetimed",
    "MeetingAdded",
    "MeetingFieldChanged",
    "OverviewChanged",
    "PeopleChanged",
    "ReminderLeadChanged",
    "RoomChanged",
    "SessionAdded",
    "SessionMoved",
    "SessionRemoved",
    "SessionRenamed",
    "diff_meetings",
    "item_key",
    "items_by_key",
    "preview_line",
    "preview_lines",
]
