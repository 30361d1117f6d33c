"""Import the two real published schedules and print what came out, as JSON.

    python benchmarks/check_schedules.py [--shared DIR]

DIR is the shared directory (holding data/schedules/) or the schedules
directory itself; by default ../shared beside the repository. The files are
read where they are, never copied. Exits 1 when a file fails to import or its
counts differ from what the published schedule holds, so a regression in
either importer shows here on real data, not just on our fixtures.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from store.exporters import export_meeting
from store.importers import load_agenda, parse_agenda
from store.values import AgendaImportError, ImportResult, Meeting

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared"

# What the published files hold (counted by hand from the files themselves).
EXPECTED: dict[str, dict[str, int]] = {
    "31c3-fahrplan-frab.xml": {"events": 138, "days": 4, "rooms": 4, "after_midnight": 4},
    "pyconuk-2015.ics": {"events": 162, "days": 4},
}
# PyCon UK 2015 was in Cardiff; the file says so nowhere, so the user names the zone.
ICS_ZONE = "Europe/London"


def _schedules_dir(shared: Path) -> Path:
    nested = shared / "data" / "schedules"
    return nested if nested.is_dir() else shared


def _timed_import(path: Path, tz: str | None = None) -> tuple[ImportResult, float]:
    started = time.perf_counter()
    result = load_agenda(path, tz=tz)
    return result, (time.perf_counter() - started) * 1000


def _after_midnight(meeting: Meeting) -> int:
    """Events that start on a later calendar date than the day they are listed under."""
    count = 0
    for session, item in meeting.items():
        start = item.starts_at or session.starts_at
        if start is not None and start.date() > session.day:
            count += 1
    return count


def _round_trips(meeting: Meeting) -> dict[str, bool]:
    """Whether our own exports of the imported meeting read back equal."""
    agenda_only = dataclasses.replace(meeting, documents=())
    out = {}
    for fmt, suffix in (("yaml", ".yaml"), ("json", ".json"), ("ics", ".ics")):
        text = export_meeting(meeting, fmt, revision=1, stamp=datetime(2000, 1, 1, tzinfo=UTC))
        back = parse_agenda(text, suffix=suffix).meeting
        out[fmt] = back == (agenda_only if fmt == "ics" else meeting)
    return out


def _common(result: ImportResult, elapsed_ms: float) -> dict[str, Any]:
    meeting = result.meeting
    items = meeting.items()
    return {
        "format": result.format,
        "slug": meeting.slug,
        "title": meeting.title,
        "events": len(items),
        "days": len(meeting.days),
        "sessions": len(meeting.sessions),
        "rooms": len({s.room for s in meeting.sessions if s.room}),
        "time_zone": meeting.timezone,
        "dates": [meeting.start_date.isoformat(), meeting.end_date.isoformat()],
        "after_midnight": _after_midnight(meeting),
        "warnings": [str(w) for w in result.warnings],
        "elapsed_ms": round(elapsed_ms, 1),
        "round_trip": _round_trips(meeting),
    }


def check_frab(path: Path) -> dict[str, Any]:
    result, elapsed = _timed_import(path)
    facts = _common(result, elapsed)
    items = result.meeting.items()
    facts["stream_duplicates"] = sum(1 for _, i in items if i.title.endswith("(Stream)"))
    facts["html_left_in_descriptions"] = sum(
        1 for _, i in items if re.search(r"</?[a-z]+>", i.description)
    )
    facts["sessions_per_day"] = [len(d.sessions) for d in result.meeting.days]
    facts["kinds"] = dict(Counter(str(i.kind) for _, i in items))
    return facts


def check_ics(path: Path) -> dict[str, Any]:
    result, elapsed = _timed_import(path)
    facts = _common(result, elapsed)
    sessions = result.meeting.sessions
    rooms = {s.room for s in sessions if s.room}
    # Sponsors named the rooms: "LaterPay Room (CC2.1)" and "The Software
    # Sustainability Institute Room (CC2.1)" are one room on different days.
    physical = {re.sub(r".*\((.+)\)\s*$", r"\1", r) for r in rooms}
    facts["physical_rooms"] = len(physical)
    facts["events_without_end"] = sum(1 for s in sessions if s.ends_at is None)
    facts["untitled_events"] = sum(1 for s in sessions if s.title == "Untitled event")

    local, local_ms = _timed_import(path, tz=ICS_ZONE)
    first = local.meeting.sessions[0]
    facts["with_tz"] = {
        "tz": ICS_ZONE,
        "first_event": f"{first.title} {first.starts_at.isoformat() if first.starts_at else ''}",
        "sessions_per_day": [len(d.sessions) for d in local.meeting.days],
        "warnings": len(local.warnings),
        "elapsed_ms": round(local_ms, 1),
    }
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help="shared dir or schedules dir"
    )
    args = parser.parse_args(argv)
    folder = _schedules_dir(args.shared)

    report: dict[str, Any] = {"schedules": str(folder), "files": {}, "problems": []}
    for name, check in (("31c3-fahrplan-frab.xml", check_frab), ("pyconuk-2015.ics", check_ics)):
        try:
            facts = check(folder / name)
        except AgendaImportError as exc:
            report["files"][name] = {"error": str(exc)}
            report["problems"].append(f"{name}: {exc}")
            continue
        report["files"][name] = facts
        for key, want in EXPECTED[name].items():
            if facts[key] != want:
                report["problems"].append(f"{name}: {key} is {facts[key]}, expected {want}")
        for fmt, same in facts["round_trip"].items():
            if not same:
                report["problems"].append(f"{name}: {fmt} export does not re-import equal")
    report["ok"] = not report["problems"]
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
