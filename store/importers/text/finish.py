"""The last stage: validation, inference and warnings, then the Meeting.

What the assembler cannot know line by line is settled here: the meeting's
dates against its days, start-only times run to the next start, a page that
stops before the meeting ends, the time zone. Every warning names its line
and what was assumed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from store.importers.common import meeting_slug
from store.importers.text.documents import ITEM_DOCUMENT_CATEGORY, documents_in
from store.importers.text.drafts import DayDraft, ItemDraft, SessionDraft
from store.importers.text.marks import infer_kind, trailing_item_number
from store.importers.text.rooms import parse_place_line, parse_room, split_room
from store.importers.text.speakers import speakers_after_dashes, speakers_naming_rows
from store.importers.text.times import Clock, clock_text, clock_within
from store.importers.text.venue import guess_venue
from store.importers.text.zones import zone_name
from store.values import (
    Day,
    Document,
    ImportResult,
    Item,
    Meeting,
    Session,
)

# "The Population Division organized the second Coordination Meeting ...": an
# overview often names the organizer in its first sentence when no label does.
_ORGANIZER_SENTENCE = re.compile(
    r"^(?:The\s+)?([A-Z][\w&,.'\- ]{2,80}?)\s+(?:organi[sz]ed|convened|hosted|held)\s+(?:the|this|a)\b"
)


_ADJACENT = timedelta(days=2)

if TYPE_CHECKING:
    from store.importers.text.assemble import PageReader


def finish(page: PageReader, tz: str | None, slug: str | None) -> ImportResult:
    if page.title is None:
        raise page.fail("no title: the page should start with the meeting's name", 1)
    if not any(d.sessions for d in page.days) and page.dates is not None and page.opening:
        _opening_session(page)
    if not any(d.sessions for d in page.days):
        line = page.first_agenda_line or (page.days[0].line if page.days else 1)
        raise page.fail("no agenda found: no day headers with sessions or numbered items", line)
    for day in page.days:
        if not day.sessions:
            page.warn(day.line, f"{day.date:%A %d %B %Y} has no sessions or items under it")
    start, end = meeting_dates(page)
    _warn_if_cut_off(page, end)
    _opening_starts_first_session(page, start)
    for day in page.days:
        _evening_on_a_12_hour_clock(page, day)
        _meridiem_slips(page, day)
        _drop_untimed_copies(page, day)
        _place_of_the_day(page, day)
        for session in day.sessions:
            session.room = session.room or day.room
        _drop_bare_parts_of_day(day)
        _run_to_next_start(day)
        _name_lone_activities(day)
        _talks_under_their_speakers(day)
    speakers_naming_rows(page)
    speakers_after_dashes(page)
    _room_of_the_header(page)
    zone_id = zone_name(page, tz)
    zone = ZoneInfo(zone_id)
    days = tuple(build_day(page, d, zone) for d in sorted(page.days, key=lambda d: d.date))
    meeting = Meeting(
        slug=slug or meeting_slug(page.title, start.year),
        title=page.title,
        timezone=zone_id,
        start_date=start,
        end_date=end,
        venue=page.venue or guess_venue(page),
        organizer=page.organizer or organizer_from_overview(page),
        overview="\n\n".join(" ".join(p) for p in page.overview),
        days=days,
        documents=documents(page),
        people=tuple(page.people),
    )
    return ImportResult(meeting, tuple(page.warnings), "text")


def organizer_from_overview(page: PageReader) -> str:
    if not page.overview:
        return ""
    found = _ORGANIZER_SENTENCE.match(" ".join(page.overview[0]))
    return found.group(1) if found else ""


def meeting_dates(page: PageReader) -> tuple[date, date]:
    if page.dates is not None and page.days:
        _reconcile_dates(page)
    if page.dates is None:
        dates = [d.date for d in page.days]
        return min(dates), max(dates)
    start, end = page.dates
    for day in page.days:
        if start - _ADJACENT <= day.date < start or end < day.date <= end + _ADJACENT:
            # An arrival day or an excursion just outside the meeting's own dates.
            page.warn(
                day.line,
                f"{day.date:%A %d %B %Y} is outside the meeting's dates ({start:%d %B %Y} to "
                f"{end:%d %B %Y}, line {page.dates_line}); kept as a day of the programme",
            )
    return start, end


def _covers(start: date, end: date, days: list[date]) -> bool:
    return all(start - _ADJACENT <= d <= end + _ADJACENT for d in days)


def _reconcile_dates(page: PageReader) -> None:
    """The meeting's dates are those of the header that hold its days.

    The first date a header states may be another's: a document's own date
    above the meeting's ("Distr. GENERAL 4 June 1997"), a deadline or a
    letter's date in a sentence. Of the dates stated, the first that covers
    every day wins, a date in a header line before one inside a sentence.
    When none does, the programme's days are the best reading: the stated
    dates are widened to them (or replaced, if they do not even overlap), with
    a warning; a page is never refused over its dates alone.
    """
    assert page.dates is not None
    days = sorted(d.date for d in page.days)
    start, end = page.dates
    if _covers(start, end, days):
        return
    outside = next(d for d in page.days if not start - _ADJACENT <= d.date <= end + _ADJACENT)
    ranked = sorted(page.date_candidates, key=lambda c: c[3])  # stable: page order kept
    for c_start, c_end, c_line, c_weak in ranked:
        if _covers(c_start, c_end, days):
            page.warn(
                page.dates_line,
                f"the dates on this line ({start:%d %B %Y} to {end:%d %B %Y}) do not cover "
                f"the day on line {outside.line}; the meeting's dates are taken from line {c_line}",
            )
            page.dates, page.dates_line, page.weak_dates = (c_start, c_end), c_line, c_weak
            return
    if page.weak_dates:
        # Dates read from a sentence may be another event's ("adopted on 20 December").
        page.warn(
            page.dates_line,
            f"the dates in this sentence ({start:%d %B %Y} to {end:%d %B %Y}) do not cover "
            f"the day on line {outside.line}; the meeting's dates are taken from its days",
        )
        page.dates = None
        return
    overlap = start <= days[-1] and days[0] <= end
    new = (min(start, days[0]), max(end, days[-1])) if overlap else (days[0], days[-1])
    page.warn(
        outside.line,
        f"{outside.date:%A %d %B %Y} is outside the meeting's dates ({start:%d %B %Y} to "
        f"{end:%d %B %Y}, line {page.dates_line}); the meeting is taken to run from "
        f"{new[0]:%d %B %Y} to {new[1]:%d %B %Y}",
    )
    page.dates = new


def build_day(page: PageReader, day: DayDraft, zone: ZoneInfo) -> Day:
    return Day(day.date, tuple(build_session(page, s, zone) for s in day.sessions))


def _talks_under_their_speakers(day: DayDraft) -> None:
    """ "9:30am Axel Kern, Princeton University" then "computational design in
    architecture": a row named by its speaker, the plain line under it the talk."""
    for session in day.sessions:
        if not session.implicit or len(session.items) != 2:
            continue
        first, second = session.items
        named = len(first.people) == 1 and first.title.startswith(first.people[0].name)
        if not named or first.title != session.title or second.people or second.number:
            continue
        if second.style == "plain" and second.starts is None and not second.sub_points:
            session.title = first.title = second.title
            session.items.remove(second)


def _name_lone_activities(day: DayDraft) -> None:
    """An untitled session made up for one plain line ("Arrival of participants and
    morning coffee" before the first timed row) is that activity: its title."""
    for session in day.sessions:
        if (
            session.implicit
            and session.title == "Session"
            and len(session.items) == 1
            and session.items[0].style == "plain"
            and session.items[0].starts is None
        ):
            session.title = session.items[0].title


def _room_of_the_header(page: PageReader) -> None:
    """A room named on a line of its own above the programme ("Council Chambers",
    "Plenary meetings – Room XX") is where the sessions that name none are held."""
    for note in (*page.header_notes, page.loose_room):
        label, room = split_room(note)
        room = parse_room(note) or (room if len(label.split()) <= 3 else "")
        if room:
            for day in page.days:
                for session in day.sessions:
                    session.room = session.room or room
            return


def _opening_starts_first_session(page: PageReader, start: date) -> None:
    """ "starting at 3:00 p.m. on Monday, 15 September": the first session of the
    first day starts then, when the programme gives it no time of its own."""
    if page.opening is None or not page.days:
        return
    first = min(page.days, key=lambda d: d.date)
    if first.date != start or not first.sessions:
        return
    session = first.sessions[0]
    if session.starts is None and not any(i.starts for i in session.items):
        session.starts = page.opening[0].start
        session.ends = session.ends or page.opening[0].end


def _opening_session(page: PageReader) -> None:
    """A letter or an announcement with no programme: the meeting is what it
    states, one session from the opening time its sentence gives."""
    assert page.dates is not None and page.opening is not None
    opening, line = page.opening
    start = page.dates[0]
    day = next((d for d in page.days if d.date == start), None)
    if day is None:
        day = DayDraft(line, start)
        page.days.append(day)
    title = page.title or "Opening"
    sittings = [opening, *page.later_sittings]
    for sitting in sittings:
        day.sessions.append(
            SessionDraft(line, title, start, starts=sitting.start, ends=sitting.end, room=page.opening_room)
        )
    if len(sittings) == 1:
        page.warn(
            line,
            f"no programme on the page; one session from the opening time this line states "
            f"({clock_text(opening.start)} on {start:%d %B %Y})",
        )
    else:
        page.warn(
            line,
            f"no programme on the page; {len(sittings)} sessions from the times this line states "
            f"({', '.join(clock_text(s.start) for s in sittings)} on {start:%d %B %Y})",
        )


def _warn_if_cut_off(page: PageReader, end: date) -> None:
    """A page whose days stop before the meeting's stated end was cut off (or
    lists only part of the programme): keep the stated dates, and say so."""
    if page.dates is None or page.weak_dates or not page.days or page.day_assumed:
        return  # an undated list of items is no page cut off after its first day
    last = max(page.days, key=lambda d: d.date)
    if last.date < end and last.sessions:
        page.warn(
            page.last_line,
            f"the page seems to stop after line {page.last_line}: its programme ends on "
            f"{last.date:%A %d %B %Y} but the meeting runs until {end:%A %d %B %Y}",
        )


_MORNING_MARK = re.compile(r"\d\s?a\.?\s?m\b", re.IGNORECASE)
# "06:30", "17:00": a page that writes the hour so keeps a 24-hour clock.
_TWENTY_FOUR_HOUR = re.compile(r"(?<![\d:.])(?:0[1-9]|1[3-9]|2[0-3])[:.h][0-5][0-9]")
_EARLIEST_BARE_HOUR, _LATEST_BARE_HOUR = 1, 7


def _evening_on_a_12_hour_clock(page: PageReader, day: DayDraft) -> None:
    """A day whose every time lies between 1:00 and 7:59, none marked a.m., is an
    evening written on a 12-hour clock ("5:00 Reception", "6:45 Dinner"): nobody
    convenes at five in the morning, and a 24-hour page would write 17:00."""
    drafts: list[SessionDraft | ItemDraft] = [*day.sessions, *(i for s in day.sessions for i in s.items)]
    clocks = [c for d in drafts for c in (d.starts, d.ends) if c is not None]
    if not clocks or not all(_EARLIEST_BARE_HOUR <= c[0] <= _LATEST_BARE_HOUR for c in clocks):
        return
    lines = {d.line for d in drafts}
    if any(_MORNING_MARK.search(t.line.text) for t in page.lines if t.no in lines):
        return
    if any(_TWENTY_FOUR_HOUR.search(t.line.text) for t in page.lines if t.kind.value == "time"):
        return  # "06:30 Departure" on a page of "17:00"s is in the morning
    for draft in drafts:
        draft.starts = (draft.starts[0] + 12, draft.starts[1]) if draft.starts else None
        draft.ends = (draft.ends[0] + 12, draft.ends[1]) if draft.ends else None
    first = min(clocks)
    page.warn(
        day.sessions[0].line,
        f"{day.date:%A %d %B}: times from {clock_text(first)} read as afternoon and evening "
        f"({clock_text((first[0] + 12, first[1]))} on): none of them is marked a.m.",
    )


def _drop_untimed_copies(page: PageReader, day: DayDraft) -> None:
    """An untimed row that only repeats a timed row of the same day ("Interlude: Clips
    from event sponsors" above the table, then at 10:15 and 11:50) is a stray copy."""
    timed = {s.title.casefold() for s in day.sessions if s.starts is not None}
    timed |= {i.title.casefold() for s in day.sessions if s.starts is not None for i in s.items}
    for session in list(day.sessions):
        if session.starts is not None or session.people or session.room:
            continue
        titles = [i.title for i in session.items] if session.implicit else [session.title]
        if titles and all(t.casefold() in timed and not _has_more(session) for t in titles):
            day.sessions.remove(session)
            page.warn(
                session.line,
                f"'{titles[0]}' without a time only repeats a timed row of {day.date:%d %B}; left out",
            )


def _place_of_the_day(page: PageReader, day: DayDraft) -> None:
    """A line that only names a place under a day header, above its first timed
    row ("A l'Hotel de Ville de Dakar"), is where the day's sessions are held:
    their room, not a session of its own."""
    if len(day.sessions) < 2 or day.sessions[1].starts is None:
        return
    first = day.sessions[0]
    if first.starts is not None or first.people or first.room or _has_more(first):
        return
    titles = [i.title for i in first.items] if first.implicit else [first.title]
    if len(titles) != 1 or (first.implicit and first.items[0].style != "plain"):
        return
    place = parse_place_line(titles[0])
    if place is None:
        return
    day.sessions.remove(first)
    for session in day.sessions:
        session.room = session.room or place
    page.warn(first.line, f"'{place}' read as the place of {day.date:%d %B}'s sessions")


# "MORNING" above "(09.30-12.30 hours)" and the meeting it times: a label of the
# half day, left empty once its hours went to the meeting under it.
_BARE_PART = re.compile(
    r"(?i:morning|afternoon|evening|night|matin(?:\u00e9e)?|apr\u00e8s-midi|soir(?:\u00e9e)?"
    r"|ma\u00f1ana|tarde|noche)\s*:?"
)


def _drop_bare_parts_of_day(day: DayDraft) -> None:
    for session in list(day.sessions):
        empty = session.starts is None and not session.items and not session.people
        if empty and not session.room and _BARE_PART.fullmatch(session.title.strip()):
            day.sessions.remove(session)


def _has_more(session: SessionDraft) -> bool:
    return any(i.sub_points or i.description or i.people or i.starts for i in session.items)


def unquote(title: str) -> str:
    """ '"Ciencia, naturaleza y sustentabilidad"': a title quoted whole is the words inside."""
    if len(title) > 2 and title[0] == title[-1] == '"' and '"' not in title[1:-1]:
        return title[1:-1].strip()
    return title


def _meridiem_slips(page: PageReader, day: DayDraft) -> None:
    """ "10:20 AM", "10:40 PM", "10:55 AM": a start out of step with both rows around
    it that twelve hours put back in step is a slip of a.m. for p.m. (or back)."""
    timed = [s for s in day.sessions if s.starts is not None]
    for before, session, after in zip(timed, timed[1:], timed[2:], strict=False):
        assert before.starts is not None and session.starts is not None and after.starts is not None
        if before.starts <= session.starts <= after.starts or not before.starts <= after.starts:
            continue
        hour = session.starts[0] + (12 if session.starts[0] < 12 else -12)
        fixed = (hour, session.starts[1])
        if not before.starts <= fixed <= after.starts:
            continue
        page.warn(
            session.line,
            f"{clock_text(session.starts)} read as {clock_text(fixed)}, between the times "
            f"around it ({clock_text(before.starts)} and {clock_text(after.starts)})",
        )
        drafts: list[SessionDraft | ItemDraft] = [session]
        drafts += [i for i in session.items if i.starts == session.starts]
        for draft in drafts:
            draft.starts = fixed
            if draft.ends is not None and draft.ends[0] >= 12 > fixed[0]:
                draft.ends = (draft.ends[0] - 12, draft.ends[1])


def _run_to_next_start(day: DayDraft) -> None:
    """A start-only time ("10.00 hrs Item 1") runs until the next start that day,
    or the end of its session."""
    starts = sorted(
        {c for s in day.sessions for c in (s.starts, *(i.starts for i in s.items)) if c is not None}
    )

    def next_start(after: Clock) -> Clock | None:
        return next((c for c in starts if c > after), None)

    for session in day.sessions:
        for index, item in enumerate(session.items):
            if item.starts is None or item.ends is not None:
                continue
            later = [
                i.starts for i in session.items[index + 1 :] if i.starts and i.starts > item.starts
            ]
            if later:
                item.ends = later[0]
            elif session.ends is not None and session.ends > item.starts:
                item.ends = session.ends
            else:
                item.ends = next_start(item.starts)
        if session.starts is not None and session.ends is None:
            latest = max([session.starts, *(i.starts for i in session.items if i.starts)])
            session.ends = next_start(latest) if latest == session.starts else None


def build_session(page: PageReader, session: SessionDraft, zone: ZoneInfo) -> Session:
    starts, ends = session.starts, session.ends
    if starts is None:
        # An untitled-hours session takes its hours from its items' times; if its
        # last item has no end, neither has the session (not zero minutes long).
        timed = [i for i in session.items if i.starts]
        starts = min((i.starts for i in timed if i.starts), default=None)
        last = max(timed, key=lambda i: i.starts or (0, 0), default=None)
        ends = max((i.ends for i in timed if i.ends), default=None) if last and last.ends else None
    items = []
    for ordinal, draft in enumerate(session.items, start=1):
        if draft.starts and starts and ends and not clock_within(draft.starts, starts, ends):
            page.warn(
                draft.line,
                f"item {draft.number or draft.title!r} starts at "
                f"{clock_text(draft.starts)}, outside its session's hours",
            )
        items.append(_build_item(draft, ordinal, session.day, zone))
    return Session(
        title=unquote(session.title),
        day=session.day,
        starts_at=_moment(session.day, starts, zone),
        ends_at=_moment(session.day, ends, zone),
        items=tuple(items),
        room=session.room,
        people=tuple(session.people),
    )


def documents(page: PageReader) -> tuple[Document, ...]:
    """Documents named in items (linked to them), then those of the lists, once each."""
    found: list[Document] = []
    for day in page.days:
        for session in day.sessions:
            for item in session.items:
                for text in (item.title, *item.sub_points, *item.description):
                    found.extend(
                        documents_in(text, ITEM_DOCUMENT_CATEGORY, item.number, listed=False)
                    )
    found.extend(page.list_documents)
    by_key: dict[str, Document] = {}
    for doc in found:
        kept = by_key.get(doc.key)
        if kept is None:
            by_key[doc.key] = doc
        elif kept.item and not doc.item:
            # Listed under a heading too: the list's title and category say
            # more than an agenda line, and the item link is kept.
            by_key[doc.key] = Document(doc.title, doc.symbol, doc.category, item=kept.item)
    return tuple(by_key.values())


def _moment(day: date, clock: Clock | None, zone: ZoneInfo) -> datetime | None:
    if clock is None:
        return None
    hour, minute = clock
    if hour == 24:  # "until 24:00" ends at midnight, on the next date
        return datetime.combine(day + timedelta(days=1), time(0, minute), zone)
    return datetime.combine(day, time(hour, minute), zone)


def _build_item(draft: ItemDraft, ordinal: int, day: date, zone: ZoneInfo) -> Item:
    title, number = (draft.title, draft.number) if draft.number else trailing_item_number(draft.title)
    return Item(
        title=unquote(title),
        number=number,
        ordinal=ordinal,
        kind=draft.kind or infer_kind(draft.title),
        sub_points=tuple(draft.sub_points),
        starts_at=_moment(day, draft.starts, zone),
        ends_at=_moment(day, draft.ends, zone),
        continues=draft.continues,
        description="\n".join(draft.description),
        room=draft.room,
        people=tuple(draft.people),
    )
