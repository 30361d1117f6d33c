"""The database schema as SQLAlchemy 2 typed models, one module per area.

Times are stored in UTC (SQLite keeps no offsets) and come back aware; the
meeting's zone is applied when rows are turned into values (store/agenda.py).
``store.models.Base.metadata`` holds every table once this package is imported
(Alembic's env.py and autogenerate rely on that): base (Base, UTCDateTime),
agenda (meetings to revisions), slack, reminders, organizers, rapporteur,
feeds (calendar links, feed events, schedule sources).
"""

from store.models.agenda import (
    AgendaItem,
    AgendaPerson,
    Day,
    Document,
    Meeting,
    MeetingsGeneration,
    Revision,
    Session,
)
from store.models.base import (
    Base,
    UTCDateTime,
    utcnow,
)
from store.models.feeds import (
    CalendarLink,
    FeedEvent,
    ScheduleSource,
)
from store.models.organizers import (
    AgendaAnnouncement,
    AgendaProposal,
    AgendaUploadWait,
    MeetingOrganizer,
)
from store.models.rapporteur import (
    RapporteurCurrentItem,
    RapporteurNote,
)
from store.models.reminders import (
    ReminderDelivery,
    ReminderSchedulerState,
    ReminderSettings,
    ReminderSubscription,
    ReminderSync,
)
from store.models.slack import (
    SeenEvent,
    SlackUser,
)

__all__ = [
    "AgendaAnnouncement",
    "AgendaItem",
    "AgendaPerson",
    "AgendaProposal",
    "AgendaUploadWait",
    "Base",
    "CalendarLink",
    "Day",
    "Document",
    "FeedEvent",
    "Meeting",
    "MeetingOrganizer",
    "MeetingsGeneration",
    "RapporteurCurrentItem",
    "RapporteurNote",
    "ReminderDelivery",
    "ReminderSchedulerState",
    "ReminderSettings",
    "ReminderSubscription",
    "ReminderSync",
    "Revision",
    "ScheduleSource",
    "SeenEvent",
    "Session",
    "SlackUser",
    "UTCDateTime",
    "utcnow",
]
