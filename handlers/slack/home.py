"""App Home: each person's view of their meeting, published and republished on change.

``publish_home(user)`` draws one person's Home; ``refresh_homes(meeting)``
redraws the Home of everyone currently looking at that meeting.

After an agenda change the organizer workflow calls ``redraw_later(meeting)``:
the redraws happen on one background thread, not on the click's, so the
organizer's "Done" never waits for a thousand ``views.publish`` (Slack's Tier
4: about 100 a minute, so a thousand Homes take ten minutes whatever we do).
The people who opened their Home most recently are redrawn first. A second
change while a meeting's redraws are under way restarts its pass with the
newest agenda instead of queueing a second pass: nobody waiting is drawn twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from datetime import date

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import workspace
from bot.answers import Answer
from bot.assistant import Assistant
from bot.clock import Clock
from bot.i18n import translator
from bot.permissions import Action, permits
from bot.requests.views import meeting_today
from handlers.render import usage
from handlers.render.home import home_day, home_view
from handlers.render.organizer import with_edit_menu
from handlers.slack.clients import Clients, as_clients
from handlers.slack.state import People, Person
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
        # When each person last opened their Home (this process): most recent first in redraws.
        self._opened: dict[str, float] = {}
        self._redraws = _Redraws(self)

    def opened(self, user: str) -> str | None:
        """``user`` opened their Home: draw it, and remember them as a recent viewer."""
        with self._lock:
            self._opened[_viewer_key(user)] = time.monotonic()
        return self.publish_home(user)

    def redraw_later(self, meeting: str) -> None:
        """Redraw every Home showing ``meeting``, off this thread (see the module docstring)."""
        self._redraws.request(workspace.current(), meeting)

    def close(self) -> None:
        """Stop redrawing (shutdown): the Homes left show the last agenda they were drawn with."""
        self._redraws.stop()

    def wait_redrawn(self, timeout: float = 10.0) -> bool:
        """Block until no redraw is pending or under way (tests, benchmarks, shutdown)."""
        return self._redraws.wait_idle(timeout)

    def viewers_by_recency(self, meeting: str) -> list[str]:
        viewers = self.people.home_viewers(meeting)
        with self._lock:
            seen = {u: self._opened.get(_viewer_key(u), 0.0) for u in viewers}
        return sorted(viewers, key=lambda u: -seen[u])

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
        tr = translator(person.locale)  # their Home is in their language
        if not summaries:
            notice = usage.no_meetings(tr)
        elif meeting is None:
            notice = tr.gettext(usage.SEVERAL_MEETINGS)
        else:
            notice = ""
        today = meeting_today(meeting, now) if meeting else None
        view = home_view(meeting, summaries, notice=notice, viewer_zone=person.tz, now=now, today=today,
                         day=picked, tr=tr)
        if meeting is not None and self._may_edit(person, meeting.slug):
            view = with_edit_menu(view, meeting, home_day(meeting, picked, today))
        self.clients.current().views_publish(user_id=user, view=view)
        slug = meeting.slug if meeting else None
        self.people.showing_home(user, slug)
        return slug

    def _may_edit(self, person: Person, slug: str) -> bool:
        # Only whether to draw the menu: the day-old admin fact will do (no users.info per Home);
        # opening the editor asks the minute-cached check.
        with self.db_factory() as db:
            return permits(db, slug, person.user_id, Action.EDIT_AGENDA, lambda _user: person.is_admin)

    def refresh_homes(self, meeting: str) -> int:
        """Republish every Home showing ``meeting`` now, most recent viewers first; how many."""
        done = 0
        for user in self.viewers_by_recency(meeting):
            done += self._redraw(user)
        return done

    def _redraw(self, user: str) -> int:
        try:
            self.publish_home(user)
            return 1
        except SlackApiError as exc:
            # One person's Home failing (account gone) must not stop the others.
            log.warning("could not refresh the App Home of %s: %s", user, exc.response.get("error"))
            return 0
        except OSError as exc:  # Slack unreachable for a moment: the next change redraws it
            log.warning("could not refresh the App Home of %s: %r", user, exc)
            return 0


def _viewer_key(user: str) -> str:
    team = workspace.current()
    return f"{team}/{user}" if team else user


class _Redraws:
    """One thread redrawing the Homes of the meetings that changed, one meeting at a time.

    ``_pending`` holds (workspace, meeting) in the order asked; ``_version`` counts the
    requests per meeting, so a pass notices a newer change and starts over from the most
    recent viewer, and a request for a meeting already pending adds nothing.
    """

    def __init__(self, homes: Homes) -> None:
        self.homes = homes
        self._pending: OrderedDict[tuple[str | None, str], None] = OrderedDict()
        self._version: dict[tuple[str | None, str], int] = {}
        self._busy = False
        self._stopped = False
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._pending.clear()
            self._cond.notify_all()

    def request(self, team: str | None, meeting: str) -> None:
        key = (team, meeting)
        with self._cond:
            if self._stopped:
                return
            self._version[key] = self._version.get(key, 0) + 1
            self._pending[key] = None
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="home-redraws", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._busy, timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._pending and not self._stopped:
                    self._cond.wait(60.0)
                if self._stopped or not self._pending:
                    self._thread = None  # idle a minute: started again by the next request
                    return
                key, _ = self._pending.popitem(last=False)
                version = self._version[key]
                self._busy = True
            try:
                with workspace.scoped(key[0]):
                    self._pass(key, version)
            except Exception:
                if not self._stopped:  # shutting down: a redraw cut short is expected
                    log.exception("could not redraw the App Homes showing %s", key[1])
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _pass(self, key: tuple[str | None, str], version: int) -> None:
        while True:
            restarted = False
            for user in self.homes.viewers_by_recency(key[1]):
                with self._cond:
                    if self._stopped:
                        return
                    if self._version[key] != version:
                        # Changed again: start over with the newest agenda; it is ours, not queued.
                        self._pending.pop(key, None)
                        version = self._version[key]
                        restarted = True
                if restarted:
                    break
                self.homes._redraw(user)
            if not restarted:
                return
