"""App Home: each person's view of their meeting, published and republished on change.

``publish_home(user)`` draws one person's Home; ``refresh_homes(meeting)``
redraws the Home of everyone currently looking at that meeting (the
organizer workflow calls it after an agenda change).
"""

from __future__ import annotations

import logging
import threading
from datetime import date

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import workspace
from bot.answers import Answer
from bot.assistant import Assistant
from bot.clock import Clock
from bot.organizers.access import may_organize
from handlers.blocks import home_day, home_view
from handlers.organizer_blocks import with_edit_menu
from handlers.schedule import meeting_today
from handlers.state import People, Person
from handlers.workspaces import Clients, as_clients
from store.agenda import list_meetings

log = logging.getLogger(__name__)


class Homes:
    def __init__(self, client: WebClient | Clients, assistant: Assistant, people: People,
                 db_factory: sessionmaker[DBSession], clock: Clock) -> None:
        self.clients = as_clients(client)  # Homes are drawn with the viewer's workspace's client
        self.assistant = assistant
        self.people = people
        self.db_factory = db_factory
        self.clock = clock
        # The day each person picked in a Home too long to show whole (this process only:
        # after a restart a Home opens on today again).
        self._days: dict[str, date] = {}
        self._lock = threading.Lock()

    def show_day(self, user: str, day: date) -> str | None:
        """``user`` picked ``day`` in their Home: show it, now and when it is redrawn."""
        with self._lock:
            self._days[user] = day
        return self.publish_home(user)

    def publish_home(self, user: str) -> str | None:
        """Publish ``user``'s Home; the slug of the meeting it shows (None: a chooser)."""
        person = self.people.get(user)
        with self._lock:
            picked = self._days.get(user)
        now = self.clock.now()
        with self.db_factory() as db:
            summaries = list_meetings(db, workspace.current())
            chosen = (self.assistant.choose_meeting(db, slug=person.meeting, channel=None, now=now)
                      if summaries else None)
        meeting = None if chosen is None or isinstance(chosen, Answer) else chosen
        if not summaries:
            notice = "There are no meetings yet. An organizer can add one with `agendabot import FILE`."
        elif meeting is None:
            notice = "Several meetings are on. Choose the one to show here."
        else:
            notice = ""
        today = meeting_today(meeting, now) if meeting else None
        view = home_view(meeting, summaries, notice=notice, viewer_zone=person.tz, now=now, today=today,
                         day=picked)
        if meeting is not None and self._may_edit(person, meeting.slug):
            view = with_edit_menu(view, meeting, home_day(meeting, picked, today))
        self.clients.current().views_publish(user_id=user, view=view)
        slug = meeting.slug if meeting else None
        self.people.showing_home(user, slug)
        return slug

    def _may_edit(self, person: Person, slug: str) -> bool:
        # Only whether to draw the menu; opening the editor asks users.info afresh.
        with self.db_factory() as db:
            return may_organize(db, slug, person.user_id, is_admin=person.is_admin)

    def refresh_homes(self, meeting: str) -> int:
        """Republish every Home showing ``meeting``; how many were republished."""
        done = 0
        for user in self.people.home_viewers(meeting):
            try:
                self.publish_home(user)
                done += 1
            except SlackApiError as exc:
                # One person's Home failing (account gone) must not stop the others.
                log.warning("could not refresh the App Home of %s: %s", user, exc.response.get("error"))
        return done
