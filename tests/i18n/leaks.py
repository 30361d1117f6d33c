"""The leak check of issue 17: English words of the bot's own in a French or Spanish reply.

Agenda content stays as written in every language, so it is taken out of the
reply first (every title, label, name, room and document of the meeting); what
is left is the bot's own words, and none of them may be English.
"""

from __future__ import annotations

import re

from store.values import Meeting

# English words that would betray an untranslated message (none that French or Spanish
# also writes: "documents", "session", "rapporteur", "no").
ENGLISH_WORDS = frozenset(
    """the is are was were what when where who which that this you your know try ask about welcome hello
    goodbye enjoy meeting sorry could not work out one closest matches or and for example own words session
    sessions afternoon morning evening tomorrow today next now nothing until starts started ends ended over
    lunch break report there time zone item items organizes organized chair chairs speaker speakers
    named nobody held venue room rooms yet under way still left scheduled
    announced agenda have stops runs though rest organizers first last day days other others has had
    yes at in of""".split()
)
_SYMBOL = re.compile(r"\b[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9.()-]+)+")


def agenda_content(meeting: Meeting) -> list[str]:
    """Everything of the meeting's own that a reply may quote, longest first."""
    zone = meeting.timezone.rsplit("/", 1)[-1]
    texts = {meeting.title, meeting.venue, meeting.organizer, meeting.slug, meeting.timezone, zone,
             zone.replace("_", " ")}
    texts |= {p.label for p in meeting.people} | {p.name for p in meeting.people}
    for day in meeting.days:
        for s in day.sessions:
            texts |= {s.title, s.room} | {p.label for p in s.people} | {p.name for p in s.people}
            for i in s.items:
                texts |= {i.label, i.title, i.number, *i.speakers, *i.sub_points}
                texts |= {p.label for p in i.people} | {p.name for p in i.people}
    for d in meeting.documents:
        texts |= {d.symbol or "", d.title or "", d.url or ""}
    return sorted((t for t in texts if t and len(t) > 1), key=len, reverse=True)


def english_leaks(text: str, content: list[str]) -> set[str]:
    """The English words of ``text`` once agenda ``content`` (and document symbols) is taken out."""
    for quoted in content:
        text = text.replace(quoted, " ")
    text = _SYMBOL.sub(" ", text)
    return {w for w in re.findall(r"[a-z']+", text.lower()) if w in ENGLISH_WORDS}
