"""A synthetic pretalx ``schedule.json`` of any size, shaped like a real conference's."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

CEST = timezone(timedelta(hours=2))


def generate_pretalx(events: int = 3000, *, rooms: int = 8, days: int = 4, start: date = date(2030, 6, 10)) -> str:
    """A schedule.json text with exactly ``events`` talks over ``days`` x ``rooms``."""
    per_room_day = -(-events // (rooms * days))
    slot = timedelta(minutes=max(5, (12 * 60) // per_room_day))
    made = 0
    out_days = []
    for d in range(days):
        day = start + timedelta(days=d)
        by_room: dict[str, list[dict[str, object]]] = {}
        for r in range(rooms):
            talks = by_room.setdefault(f"Room {r + 1}", [])
            at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=CEST)
            for _ in range(per_room_day):
                if made >= events:
                    break
                made += 1
                talks.append({
                    "guid": f"00000000-0000-4000-8000-{made:012d}",
                    "id": made,
                    "date": at.isoformat(),
                    "start": at.strftime("%H:%M"),
                    "duration": f"00:{slot.seconds // 60:02d}" if slot < timedelta(hours=1) else "01:00",
                    "room": f"Room {r + 1}",
                    "title": f"Talk {made}: measuring things that matter",
                    "subtitle": "",
                    "track": ("Science", "Community", "Infrastructure")[made % 3],
                    "type": "Talk",
                    "language": "en",
                    "abstract": f"<p>Abstract of talk {made}.</p><ul><li>one</li><li>two</li></ul>",
                    "description": "",
                    "persons": [{"code": f"P{made}", "public_name": f"Speaker {made}"},
                                {"code": f"Q{made}", "public_name": f"Co-speaker {made}"}],
                    "links": [],
                    "attachments": [],
                })
                at += slot
        out_days.append({
            "index": d + 1,
            "date": day.isoformat(),
            "day_start": f"{day.isoformat()}T04:00:00+02:00",
            "day_end": f"{(day + timedelta(days=1)).isoformat()}T03:59:00+02:00",
            "rooms": by_room,
        })
    return json.dumps({
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "benchmark"},
        "schedule": {
            "version": "benchmark",
            "conference": {
                "acronym": "bench-json",
                "title": "Benchmark Conference (JSON)",
                "start": start.isoformat(),
                "end": (start + timedelta(days=days - 1)).isoformat(),
                "time_zone_name": "Europe/Berlin",
                "days": out_days,
            },
        },
    })
