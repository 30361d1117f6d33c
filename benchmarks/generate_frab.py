"""A synthetic frab schedule of any size, shaped like a real congress.

Days from 10:00 to past midnight, several rooms in parallel, half-hour and
hour-long talks with speakers and HTML descriptions, and the night's last
talks after midnight under the previous day, as at 31C3.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta, timezone
from html import escape

CET = timezone(timedelta(hours=1))


def generate_frab(
    events: int = 3000, *, rooms: int = 8, days: int = 4, start: date = date(2030, 12, 27)
) -> str:
    """A schedule.xml text with exactly ``events`` events spread over ``days`` x ``rooms``."""
    per_room_day = -(-events // (rooms * days))  # ceiling: every event gets a slot
    slot = timedelta(minutes=max(5, (17 * 60) // per_room_day))  # 10:00 to 03:00 next morning
    out = [
        "<?xml version='1.0' encoding='utf-8' ?>",
        "<schedule>",
        "<version>benchmark</version>",
        "<conference>",
        "<acronym>bench</acronym>",
        "<title>Benchmark Congress</title>",
        "<time_zone_name>Europe/Berlin</time_zone_name>",
        "</conference>",
    ]
    length = f"{slot.seconds // 3600:02d}:{slot.seconds // 60 % 60:02d}"
    made = 0
    for d in range(days):
        day = start + timedelta(days=d)
        first = datetime(day.year, day.month, day.day, 10, 0, tzinfo=CET)
        out.append(
            f"<day date='{day.isoformat()}' index='{d + 1}' start='{first.isoformat()}'"
            f" end='{(first + timedelta(hours=18)).isoformat()}'>"
        )
        for r in range(rooms):
            out.append(f"<room name='Hall {r + 1}'>")
            for n in range(per_room_day):
                if made == events:
                    break
                at = first + slot * n
                made += 1
                title = escape(f"Talk {made}: on parallel things & their <limits>")
                body = escape(
                    f"<p>Talk {made} explains <b>things</b>.</p><ul><li>one</li><li>two</li></ul>"
                )
                out.extend(
                    [
                        f"<event guid='g-{made}' id='{made}'>",
                        f"<date>{at.isoformat()}</date>",
                        f"<start>{at:%H:%M}</start>",
                        f"<duration>{length}</duration>",
                        f"<room>Hall {r + 1}</room>",
                        f"<slug>bench-{made}</slug>",
                        f"<title>{title}</title>",
                        "<subtitle></subtitle>",
                        "<track>Bench</track>",
                        "<type>lecture</type>",
                        "<language>en</language>",
                        f"<abstract>Abstract of talk {made}.</abstract>",
                        f"<description>{body}</description>",
                        "<persons>",
                        f"<person id='{2 * made}'>Speaker {2 * made}</person>",
                        f"<person id='{2 * made + 1}'>Speaker {2 * made + 1}</person>",
                        "</persons>",
                        "<links></links>",
                        "</event>",
                    ]
                )
            out.append("</room>")
        out.append("</day>")
    out.append("</schedule>")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Print a synthetic frab schedule.xml.")
    parser.add_argument("--events", type=int, default=3000)
    args = parser.parse_args()
    print(generate_frab(args.events), end="")


if __name__ == "__main__":
    main()
