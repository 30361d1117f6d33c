"""The agenda corpus of issue 13: real layouts and what a careful human reads off each.

Every fixture under ``tests/fixtures/agendas/<set>/`` has a ``<name>.expected.yaml``
beside it (format in ``tests/fixtures/agendas/README.md``). :func:`compare` checks
an import against it and returns human-readable differences, an empty list when
the import is right. It is tolerant of what the expectation leaves out: a key
that is absent is not checked, so an expectation pins only what the page says.

Titles and item numbers are compared the way a reader would: case, spacing,
dashes and quotes, trailing punctuation, "(continued)" and parenthesised
document symbols ("(CL 128/10)") do not count. Sub-items may come back either
as items of their own or as an item's ``sub_points`` ("a) ..."): both are read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from store.importers import load_agenda
from store.values import AgendaImportError, ImportResult, Item, Meeting, Person, Session

AGENDAS = Path(__file__).resolve().parent / "fixtures" / "agendas"
SETS = ("corpus", "heldout")
EXPECTED_SUFFIX = ".expected.yaml"


@dataclass(frozen=True)
class Fixture:
    name: str
    path: Path
    expected: Mapping[str, Any]


Outcome = ImportResult | AgendaImportError


def fixtures(set_name: str, root: Path = AGENDAS) -> list[Fixture]:
    """The fixtures of one set, by name; a fixture without its expectation is an error."""
    folder = root / set_name
    found: list[Fixture] = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if (
            path.name.endswith(EXPECTED_SUFFIX)
            or path.name.startswith(".")
            or path.name == "README.md"
        ):
            continue
        name = path.name.split(".", 1)[0]
        expected_path = folder / f"{name}{EXPECTED_SUFFIX}"
        if not expected_path.is_file():
            raise FileNotFoundError(f"{path} has no {expected_path.name} beside it")
        expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
        if not isinstance(expected, dict):
            raise ValueError(f"{expected_path} is not a mapping")
        found.append(Fixture(name, path, expected))
    return found


def import_fixture(path: Path) -> Outcome:
    """Import as a user would: the public entry point, no --tz, no slug."""
    try:
        return load_agenda(path)
    except AgendaImportError as exc:
        return exc


def check(fixture: Fixture) -> list[str]:
    return compare(fixture.expected, import_fixture(fixture.path))


# --- normalisation -------------------------------------------------------------

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = {ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201c"): '"', ord("\u201d"): '"'}
# "(CL 128/10)", "(docs. PC 93/1; PC 93/INF/1)": references, not part of what an item is called.
_SYMBOL_GROUP = re.compile(r"\((?:docs?\.?\s*)?[^()]*\d[^()]*/[^()]*\)")
_CONTINUED = re.compile(
    r"\(\s*(?:continued|cont(?:'|\u2019)?d|cont\.)\s*\)|\bcont(?:'|\u2019)d\b", re.I
)


def norm_text(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_DASHES).translate(_QUOTES)
    text = _CONTINUED.sub(" ", _SYMBOL_GROUP.sub(" ", text))
    return " ".join(text.casefold().split()).strip(" :;,.-")


def norm_number(number: Any) -> str:
    text = norm_text(str(number) if number is not None else "")
    text = re.sub(r"^(?:agenda\s+)?item\s+", "", text)
    return " ".join(text.replace("(", " ").replace(")", " ").split()).strip(" .")


_HONORIFICS = re.compile(
    r"^(?:(?:h\.\s?e|(?:his|her) excellency|mr|mrs|ms|dr|prof|professor|hon|sir|madam|amb|ambassador)(?:\.\s*|\s+))+",
    re.I,
)


def norm_name(name: str | None) -> str:
    """A person's name as compared: "H.E. Mr. Gavril Lupu" is "gavril lupu"."""
    return _HONORIFICS.sub("", norm_text(name))


def _clock(value: datetime | None, zone: ZoneInfo) -> str | None:
    return None if value is None else value.astimezone(zone).strftime("%H:%M")


def _expected_clock(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, int):  # YAML 1.1 reads an unquoted 10:30 as 630 (base 60)
        return f"{value // 60:02d}:{value % 60:02d}"
    text = str(value).strip()
    if re.fullmatch(r"\d{1,2}:\d{2}", text):
        hours, minutes = text.split(":")
        return f"{int(hours):02d}:{minutes}"
    return text


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


# --- comparison -----------------------------------------------------------------


def compare(expected: Mapping[str, Any], outcome: Outcome) -> list[str]:
    """What differs between the expectation and the import; [] when the import is right."""
    if expected.get("refused"):
        if isinstance(outcome, ImportResult):
            return ["imported, but the page must be refused"]
        wanted = str(expected.get("error_contains") or "")
        if wanted and wanted.casefold() not in str(outcome).casefold():
            return [f"refused with {outcome.message!r}, expected a message containing {wanted!r}"]
        return []
    if isinstance(outcome, AgendaImportError):
        return [f"refused: {outcome}"]
    meeting = outcome.meeting
    diffs: list[str] = []
    if "timezone" in expected and meeting.timezone != expected["timezone"]:
        diffs.append(f"timezone: expected {expected['timezone']}, got {meeting.timezone}")
    if "venue" in expected and not _same_venue(expected["venue"], meeting.venue):
        diffs.append(f"venue: expected {expected['venue']!r}, got {meeting.venue!r}")
    for key in ("start_date", "end_date"):
        if key in expected:
            want, got = _as_date(expected[key]), getattr(meeting, key)
            if want != got:
                diffs.append(f"{key}: expected {want}, got {got}")
    warnings = [str(w).casefold() for w in outcome.warnings]
    for wanted in expected.get("warnings_contain") or ():
        if not any(str(wanted).casefold() in w for w in warnings):
            diffs.append(f"no warning containing {wanted!r} (got {len(warnings)} warnings)")
    if "people" in expected:
        diffs += _people("meeting", expected["people"] or [], meeting.people)
    if "days" in expected:
        diffs += _days(expected["days"] or [], meeting)
    return diffs


def _same_venue(expected: Any, actual: str) -> bool:
    """The venue as a reader names it must be in the stored one ("Palais des Nations" in
    "Palais des Nations, Geneva"); "" says the page names none, so nothing may be stored
    (a heading or label taken for a venue is a difference)."""
    want = norm_text(str(expected or ""))
    return want in norm_text(actual) if want else not norm_text(actual)


def _days(expected_days: Sequence[Mapping[str, Any]], meeting: Meeting) -> list[str]:
    zone = ZoneInfo(meeting.timezone)
    actual = {d.date: d for d in meeting.days if d.sessions}
    wanted = [_as_date(d.get("date")) for d in expected_days]
    diffs: list[str] = []
    if wanted != sorted(actual):
        diffs.append(
            f"days: expected {[str(d) for d in wanted]}, got {[str(d) for d in sorted(actual)]}"
        )
    for want_day, day_date in zip(expected_days, wanted, strict=True):
        day = actual.get(day_date) if day_date else None
        if day is None or "sessions" not in want_day:
            continue
        diffs += _sessions(str(day_date), want_day["sessions"] or [], day.sessions, zone)
    return diffs


def _sessions(
    where: str, expected: Sequence[Mapping[str, Any]], actual: Sequence[Session], zone: ZoneInfo
) -> list[str]:
    diffs: list[str] = []
    if len(expected) != len(actual):
        got = ", ".join(_session_label(s, zone) for s in actual)
        diffs.append(f"{where}: expected {len(expected)} sessions, got {len(actual)} ({got})")
    for index, (want, session) in enumerate(_pair(expected, actual, zone), start=1):
        label = f"{where} session {index} ({_session_label(session, zone)})"
        diffs += _times(label, want, session.starts_at, session.ends_at, zone)
        if "title" in want and norm_text(want["title"]) != norm_text(session.title):
            diffs.append(f"{label}: title expected {want['title']!r}, got {session.title!r}")
        if "room" in want and norm_text(want["room"]) != norm_text(session.room):
            diffs.append(f"{label}: room expected {want['room']!r}, got {session.room!r}")
        if "people" in want:
            # Who belongs to the session or to one of its items is a judgement call;
            # a person named under the session's time row may be put on either.
            everyone = (*session.people, *(p for i in session.items for p in _item_people(i)))
            diffs += _people(label, want["people"] or [], everyone)
        if "items" in want:
            diffs += _items(label, want["items"] or [], session.items, zone)
    return diffs


def _pair(
    expected: Sequence[Mapping[str, Any]], actual: Sequence[Session], zone: ZoneInfo
) -> list[tuple[Mapping[str, Any], Session]]:
    """Sessions in page order; parallel ones (same start) may come back in any order."""
    if len(expected) != len(actual):
        return list(zip(expected, actual, strict=False))
    unused = list(range(len(actual)))
    pairs = []
    for index, want in enumerate(expected):
        start = _expected_clock(want["start"]) if "start" in want else None
        same_start = [j for j in unused if _clock(actual[j].starts_at, zone) == start]
        named = [
            j
            for j in same_start
            if ("room" in want and norm_text(want["room"]) == norm_text(actual[j].room))
            or ("title" in want and norm_text(want["title"]) == norm_text(actual[j].title))
        ]
        if "start" not in want or index in same_start and (not named or index in named):
            chosen = index if index in unused else unused[0]
        else:
            chosen = (named or same_start or [index if index in unused else unused[0]])[0]
        unused.remove(chosen)
        pairs.append((want, actual[chosen]))
    return pairs


def _session_label(session: Session, zone: ZoneInfo) -> str:
    start = _clock(session.starts_at, zone) or "no time"
    return f"{start} {session.title[:40]}".strip()


def _times(
    label: str,
    want: Mapping[str, Any],
    start: datetime | None,
    end: datetime | None,
    zone: ZoneInfo,
) -> list[str]:
    diffs = []
    for key, value in (("start", start), ("end", end)):
        if key in want:
            expected, got = _expected_clock(want[key]), _clock(value, zone)
            if expected != got:
                diffs.append(f"{label}: {key} expected {expected}, got {got}")
    return diffs


_NUMBER = r"\d+(?:\.\d+)*|[a-z]|[ivxlc]+"
# "(a) ...", "a) ...", "2. ...", "16.1 ...": a numbered sub-point; "I think ..." is not.
_SUB_POINT = re.compile(
    rf"^\s*(?:\(({_NUMBER})\)|({_NUMBER})[.)]|(\d+\.\d+(?:\.\d+)*))\s+(.+)$", re.I
)


def _flatten(items: Sequence[Item]) -> list[tuple[str, str, Item | None]]:
    """Items with their numbered sub-points read as items of their own."""
    flat: list[tuple[str, str, Item | None]] = []
    for item in items:
        flat.append((item.number, item.title, item))
        for point in item.sub_points:
            match = _SUB_POINT.match(point)
            if match:
                number = next(g for g in match.groups()[:3] if g)
                flat.append((number, match.group(4), None))
            else:
                flat.append(("", point, None))
    return flat


def _items(
    where: str, expected: Sequence[Mapping[str, Any]], actual: Sequence[Item], zone: ZoneInfo
) -> list[str]:
    plain = [(i.number, i.title, i) for i in actual]
    candidates = [plain]
    if any(i.sub_points for i in actual):
        candidates.append(_flatten(actual))
    results = [_item_diffs(where, expected, c, zone) for c in candidates]
    return min(results, key=len)


def _item_diffs(
    where: str,
    expected: Sequence[Mapping[str, Any]],
    actual: Sequence[tuple[str, str, Item | None]],
    zone: ZoneInfo,
) -> list[str]:
    diffs: list[str] = []
    if len(expected) != len(actual):
        got = "; ".join(f"{n + ' ' if n else ''}{t[:30]}" for n, t, _ in actual)
        diffs.append(f"{where}: expected {len(expected)} items, got {len(actual)} ({got})")
    for index, (want, (number, title, item)) in enumerate(zip(expected, actual, strict=False), 1):
        label = f"{where} item {index}"
        if "number" in want and not _same_number(want["number"], number):
            diffs.append(f"{label}: number expected {want['number']!r}, got {number!r}")
        if "title" in want and norm_text(want["title"]) != norm_text(title):
            diffs.append(f"{label}: title expected {want['title']!r}, got {title!r}")
        if item is None:
            continue
        diffs += _times(label, want, item.starts_at, item.ends_at, zone)
        if "room" in want and norm_text(want["room"]) != norm_text(item.room):
            diffs.append(f"{label}: room expected {want['room']!r}, got {item.room!r}")
        if "people" in want:
            diffs += _people(label, want["people"] or [], _item_people(item))
    return diffs


def _same_number(expected: Any, actual: str) -> bool:
    """ "e" under item I may come back as "I(e)": the last part is the number read."""
    want, got = norm_number(expected), norm_number(actual)
    return want == got or (bool(want) and got.endswith(" " + want))


def _item_people(item: Item) -> tuple[Person, ...]:
    """An item's people, counting the older plain ``speakers`` names as speakers."""
    named = {norm_name(p.name) for p in item.people}
    legacy = tuple(Person(n) for n in item.speakers if norm_name(n) not in named)
    return (*item.people, *legacy)


def _people(
    where: str, expected: Sequence[Mapping[str, Any]], actual: Sequence[Person]
) -> list[str]:
    diffs: list[str] = []
    by_name = {norm_name(p.name): p for p in actual}
    for want in expected:
        name = str(want.get("name", ""))
        person = by_name.get(norm_name(name))
        if person is None:
            got = ", ".join(p.label for p in actual) or "nobody"
            diffs.append(f"{where}: no person {name!r} (got {got})")
            continue
        if "role" in want and str(want["role"]) != str(person.role):
            diffs.append(f"{where}: {name} role expected {want['role']}, got {person.role}")
        if "affiliation" in want and norm_text(want["affiliation"]) not in norm_text(
            person.affiliation
        ):
            diffs.append(
                f"{where}: {name} affiliation expected {want['affiliation']!r}, "
                f"got {person.affiliation!r}"
            )
    named = {norm_name(str(w.get("name", ""))) for w in expected}
    extra = sorted({p.label for p in actual if norm_name(p.name) not in named})
    if extra:
        diffs.append(f"{where}: people the page does not name there: {', '.join(extra)}")
    return diffs
