"""Conference-size agendas of our own, for driving every surface against Slack's limits.

Shaped like the real schedules in ``../shared/data/schedules`` (a four-day congress of
138 talks in four rooms into the night; a four-day community conference of 162
talks in several rooms) and a generated 3,000-item agenda; every title, speaker and room
here is made up.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from store.values import Day, Item, ItemKind, Meeting, Person, Session

BERLIN = ZoneInfo("Europe/Berlin")
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")

_WORDS = ("open", "data", "privacy", "networks", "cities", "hardware", "rights", "archives", "radio",
          "compilers", "satellites", "voting", "maps", "ethics", "education", "energy", "health",
          "security", "language", "music", "farming", "transport", "weather", "memory", "trust")
_NAMES = ("Ada Ito", "Ben Okafor", "Chiara Rossi", "Dmitri Volkov", "Eun-ji Park", "Farah Haddad",
          "Gustavo Lima", "Hana Novak", "Ines Duarte", "Jonas Berg", "Kofi Mensah", "Lena Schmidt")


def _title(rng: random.Random, long: bool = False) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(3, 6) if not long else 14)]
    return f"On {' and '.join(words[:2])}: {' '.join(words[2:]).capitalize()}"


def _talks(slug: str, title: str, zone: ZoneInfo, first: date, *, talks: int, days: int, rooms: list[str],
           start_hour: int, minutes: int, seed: int) -> Meeting:
    """``talks`` talks spread over ``days`` days and ``rooms`` rooms, one room-day a session."""
    rng = random.Random(seed)
    per_session = -(-talks // (days * len(rooms)))
    made = 0
    out_days = []
    for d in range(days):
        day = first + timedelta(days=d)
        sessions = []
        for room in rooms:
            items = []
            at = datetime(day.year, day.month, day.day, start_hour, tzinfo=zone)
            for n in range(per_session):
                if made == talks:
                    break
                made += 1
                speakers = tuple(Person(n) for n in rng.sample(_NAMES, rng.randint(1, 3)))
                items.append(Item(title=_title(rng, long=made % 17 == 0), number=str(made), ordinal=n + 1,
                                  kind=ItemKind.PRESENTATION, starts_at=at, ends_at=at + timedelta(minutes=minutes),
                                  people=speakers, room=room))
                at += timedelta(minutes=minutes + 15)
            if items:
                sessions.append(Session(title=f"{room} talks", day=day, starts_at=items[0].starts_at,
                                        ends_at=items[-1].ends_at, room=room, items=tuple(items)))
        out_days.append(Day(day, tuple(sessions)))
    return Meeting(slug=slug, title=title, timezone=str(zone), start_date=first,
                   end_date=first + timedelta(days=days - 1), venue="Congress Centre", days=tuple(out_days))


def congress(talks: int = 138) -> Meeting:
    """Four days, four rooms, hour-long talks from late morning into the night (as a hacker congress runs)."""
    return _talks("winter-congress", "Winter Congress", BERLIN, date(2031, 12, 27), talks=talks, days=4,
                  rooms=["Hall One", "Hall Two", "Hall Six", "Hall Green"], start_hour=11, minutes=60, seed=31)


def community(talks: int = 162) -> Meeting:
    """Four days, five rooms, half-hour talks (as a community language conference runs)."""
    return _talks("community-conf", "Community Conference", LONDON, date(2031, 9, 18), talks=talks, days=4,
                  rooms=["Assembly Room", "Room A", "Room B", "Room C", "Room D"], start_hour=9, minutes=30, seed=15)


def thousands(items: int = 3000) -> Meeting:
    """Five days of six sessions, ``items`` items in all, each with a sub-point and speakers."""
    rng = random.Random(3000)
    first = date(2031, 10, 13)
    per_session = items // 30
    number = 0
    days = []
    for d in range(5):
        day = first + timedelta(days=d)
        sessions = []
        for s in range(6):
            starts = datetime(day.year, day.month, day.day, 8 + 2 * s, tzinfo=NEW_YORK)
            block = []
            for i in range(per_session):
                number += 1
                block.append(Item(title=_title(rng), number=str(number), ordinal=i + 1, kind=ItemKind.PRESENTATION,
                                  sub_points=(f"Discussion led by {rng.choice(_NAMES)}",),
                                  people=tuple(Person(n) for n in rng.sample(_NAMES, 2))))
            sessions.append(Session(title=f"Session {s + 1}", day=day, starts_at=starts,
                                    ends_at=starts + timedelta(hours=2), items=tuple(block)))
        days.append(Day(day, tuple(sessions)))
    return Meeting(slug="three-thousand", title="A three-thousand-item assembly", timezone="America/New_York",
                   start_date=first, end_date=first + timedelta(days=4), days=tuple(days))


def long_session(items: int = 300) -> Meeting:
    """One day, one session of ``items`` numbered items: far more than one 3,000-character field."""
    day = date(2031, 10, 13)
    starts = datetime(2031, 10, 13, 9, tzinfo=NEW_YORK)
    block = tuple(Item(title=f"Report of working group {n} on {_WORDS[n % len(_WORDS)]}", number=str(n), ordinal=n)
                  for n in range(1, items + 1))
    session = Session(title="Plenary", day=day, starts_at=starts, ends_at=starts + timedelta(hours=8), items=block)
    return Meeting(slug="long-plenary", title="A long plenary", timezone="America/New_York", start_date=day,
                   end_date=day, days=(Day(day, (session,)),))
