"""The ``/agenda`` grammar: one table of subcommands, and the parser made from it.

Each row says which first words select it (and, where a word is shared, which
following words), who may use it (the ``bot.permissions`` action it needs), how it
is typed, and which request it makes. The row's action is enforced once, by
``bot.requests.authorize``, before any transport carries the request out (a word
whose forms need different permissions has one row per form). The Slack
dispatcher and the console pick their handler by the row's ``sub``; ``/agenda help`` lists the rows; the manifest's usage hint is
``usage_hint()`` (tests/test_requests_grammar.py compares them). Anything no row
takes is a day ("thursday") or, failing that, a question in words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot import vocabulary
from bot.i18n import N_
from bot.permissions import Action
from bot.reminders.requests import ReminderRequest, parse_reminder_command
from bot.vocabulary import DayRef


class Sub(StrEnum):
    """Which request a subcommand makes; each transport has one handler per value."""

    UPCOMING = "upcoming"  # /agenda: today's remaining sessions, or the next day's
    DAY = "day"
    QUESTION = "question"
    DOCUMENTS = "documents"
    HELP = "help"
    LINK = "link"
    USAGE = "usage"  # a subcommand missing its argument
    REMINDERS = "reminders"  # reminders, rapporteur, remind me (bot.reminders.requests)
    NOTES = "notes"  # the rapporteur's desk: notes, the item now, the report
    ORGANIZE = "organize"  # organizers' changes, previewed then confirmed
    WEB = "web"  # the page, the PDF, the calendars; following a published schedule
    LANGUAGE = "language"  # the meeting's language for channel messages (bot/i18n)


# A day as typed: one type for /agenda, answers and organizer edits.
DaySpec = DayRef


def _always(_words: Sequence[str]) -> bool:
    return True


def _alone(words: Sequence[str]) -> bool:
    return len(words) == 1


def _with_more(words: Sequence[str]) -> bool:
    return len(words) > 1


def _then(*seconds: str) -> Callable[[Sequence[str]], bool]:
    def takes(words: Sequence[str]) -> bool:
        return len(words) > 1 and words[1].lower() in seconds
    return takes


def _a_reminder_request(words: Sequence[str]) -> bool:
    return parse_reminder_command(" ".join(words)) is not None


@dataclass(frozen=True)
class Subcommand:
    """One row of the table."""

    sub: Sub
    words: frozenset[str]  # the first words that select it; none: the dispatcher's fallbacks
    usage: tuple[str, ...]  # how it is typed, after ``/agenda``
    summary: str  # what it does, for ``/agenda help``
    action: Action = Action.ASK  # what the person must be allowed (bot.permissions)
    takes: Callable[[Sequence[str]], bool] = _always  # whether it takes these words
    question: str = ""  # a subcommand that is a question in words: the question
    example: str = ""  # shown when its argument is missing (``needs_argument``)
    needs_argument: bool = False

    def matches(self, words: Sequence[str]) -> bool:
        return bool(words) and words[0].lower() in self.words and self.takes(words)


def _row(sub: Sub, words: str, usage: tuple[str, ...], summary: str, **more: object) -> Subcommand:
    return Subcommand(sub, frozenset(words.split()), usage, summary, **more)  # type: ignore[arg-type]  # the fields' own types, checked by the dataclass


SUBCOMMANDS: tuple[Subcommand, ...] = (
    # What anyone asks. The first two have no words: the dispatcher's fallbacks.
    _row(Sub.UPCOMING, "", ("",), N_("today's remaining sessions (or the next day's)")),
    _row(Sub.DAY, "", ("tomorrow", "DAY"), N_("a day's sessions: thursday, 16 october")),
    _row(Sub.QUESTION, "now", ("now",), N_("what is on now"), takes=_alone, question="what's happening now?"),
    _row(Sub.QUESTION, "next", ("next",), N_("what comes next"), takes=_alone, question="what's next?"),
    _row(Sub.QUESTION, "item", ("item N",), N_("an agenda item"), needs_argument=True, example="item IX",
         question="what is item {rest}?"),
    # Before the document list, which shares its words.
    _row(Sub.ORGANIZE, "doc docs document", ('doc add SYMBOL "Title" URL [item N]',), N_("adds a document"),
         action=Action.EDIT_AGENDA, takes=_then("add")),
    _row(Sub.DOCUMENTS, "docs documents doc", ("docs",), N_("the meeting's documents"), takes=_alone),
    _row(Sub.QUESTION, "docs documents doc", ("docs N",), N_("an item's documents"),
         question="what documents are there for item {rest}?"),
    _row(Sub.QUESTION, "search find", ("search WORDS",), N_("searches the agenda and documents"),
         needs_argument=True, example="search remittances", question="{rest}"),
    _row(Sub.QUESTION, "ask", ("ask QUESTION",), N_("a question in words"), needs_argument=True,
         example="ask when is lunch?", question="{rest}"),
    _row(Sub.HELP, "help ?", ("help",), N_("this list")),
    # Reminders (the words bot.reminders.requests reads).
    _row(Sub.REMINDERS, "remind reminders reminder", ("remind me ITEM|SESSION [LEAD]", "reminders mine",
                                                       "reminders cancel N"),
         N_("your own reminders"), action=Action.REMIND_ME,
         takes=lambda w: _a_reminder_request(w) and (w[0].lower() == "remind" or _then("mine", "cancel")(w))),
    _row(Sub.REMINDERS, "reminders reminder", ("reminders",), N_("the meeting's reminder policy"),
         takes=lambda w: _alone(w) and _a_reminder_request(w)),
    _row(Sub.REMINDERS, "reminders reminder", ("reminders set 15m,1d",), N_("sets the meeting's reminder policy"),
         action=Action.SET_REMINDERS, takes=_a_reminder_request),
    _row(Sub.REMINDERS, "rapporteur", ("rapporteur @someone",), N_("who gets the rapporteur's reminders"),
         action=Action.SET_RAPPORTEUR, takes=_a_reminder_request),
    # The rapporteur's desk.
    _row(Sub.NOTES, "notes", ("notes [ITEM]",), N_("the rapporteur's notes"), takes=lambda w: not _then("move", "drop")(w)),
    _row(Sub.NOTES, "notes", ("notes move N ITEM", "notes drop N"), N_("files or drops a note"),
         action=Action.MOVE_NOTE, takes=_then("move", "drop")),
    _row(Sub.NOTES, "now", ("now ITEM",), N_("the item under discussion"), action=Action.SET_CURRENT_ITEM,
         takes=_with_more),
    _row(Sub.NOTES, "report", ("report draft",), N_("the rapporteur's draft report, by DM"),
         action=Action.DRAFT_REPORT, takes=_then("draft")),
    _row(Sub.NOTES, "report", ("report publish [draft]",), N_("publishes the rapporteur's report"),
         action=Action.PUBLISH_REPORT, takes=_then("publish")),
    # Organizers' changes: previewed, then confirmed.
    _row(Sub.ORGANIZE, "move cancel rename set", ("move SESSION|ITEM to TIME [DAY]", "cancel ITEM",
                                                  'rename ITEM "Title"'),
         N_("changes the agenda"), action=Action.EDIT_AGENDA),
    _row(Sub.ORGANIZE, "import", ("import",), N_("a new agenda from a file"), action=Action.EDIT_AGENDA),
    _row(Sub.ORGANIZE, "organizers organisers organizer organiser", ("organizers",), N_("who organizes the meeting"),
         takes=_alone),
    _row(Sub.ORGANIZE, "organizers organisers organizer organiser", ("organizers add|remove @someone",),
         N_("changes who organizes the meeting"), action=Action.MANAGE_ORGANIZERS),
    _row(Sub.ORGANIZE, "history", ("history",), N_("the agenda's revisions")),
    _row(Sub.ORGANIZE, "rollback", ("rollback N",), N_("back to a revision"), action=Action.EDIT_AGENDA),
    _row(Sub.LINK, "link", ("link SLUG",), N_("links this channel to a meeting"), action=Action.LINK_CHANNEL,
         needs_argument=True, example="link coordination-meeting-2003"),
    # The agenda beyond Slack.
    _row(Sub.WEB, "calendar", ("calendar",), N_("the agenda page and calendar feeds, by DM")),
    _row(Sub.WEB, "pdf", ("pdf",), N_("the agenda as an A4 PDF")),
    _row(Sub.WEB, "publish", ("publish page on|off|newlink",), N_("who may open the agenda page"),
         action=Action.PUBLISH_PAGE, takes=_then("page")),
    _row(Sub.WEB, "sync", ("sync URL [trusted] [every 30m]|now|off",), N_("follows a published schedule"),
         action=Action.FOLLOW_SCHEDULE),
    # French and Spanish words too: whoever asks in them is answered in them.
    _row(Sub.LANGUAGE, "language langue idioma lang", ("language [en|fr|es]",),
         N_("the meeting's language for reminders and announcements")),
)


@dataclass(frozen=True)
class AgendaRequest:
    sub: Sub
    question: str = ""
    day: DaySpec | None = None
    argument: str = ""
    reminder: ReminderRequest | None = None
    command: Subcommand | None = None  # the row that took it (None: a day or a question)


def subcommand(text: str) -> Subcommand | None:
    """The row that takes ``text`` (the words after ``/agenda``), if any."""
    words = text.split()
    return next((row for row in SUBCOMMANDS if row.matches(words)), None)


def parse_day(text: str) -> DaySpec | None:
    """``today``, ``tomorrow``, ``thursday``/``thu``, ``2003-10-16``, ``16 october [2003]``, ``oct 16``."""
    return vocabulary.parse_day(text)


def parse_agenda(text: str) -> AgendaRequest:
    """The ``/agenda`` request in ``text``; anything no row takes is a day or a question in words."""
    text = vocabulary.english_command(" ".join(text.split()))  # "aide", "demain", "mañana"
    if not text:
        return AgendaRequest(Sub.UPCOMING)
    row = subcommand(text)
    if row is None:
        day = parse_day(text)
        return AgendaRequest(Sub.DAY, day=day) if day is not None else AgendaRequest(Sub.QUESTION, text)
    rest = text.partition(" ")[2]
    if row.needs_argument and not rest:
        return AgendaRequest(Sub.USAGE, command=row)
    if row.sub is Sub.QUESTION:
        return AgendaRequest(Sub.QUESTION, row.question.format(rest=rest), command=row)
    if row.sub is Sub.LINK:
        return AgendaRequest(Sub.LINK, argument=rest.split()[0], command=row)
    if row.sub is Sub.REMINDERS:
        return AgendaRequest(Sub.REMINDERS, reminder=parse_reminder_command(text), command=row)
    return AgendaRequest(row.sub, argument=rest, command=row)


def usage_hint() -> str:
    """The manifest's ``usage_hint`` for ``/agenda`` (deploy/slack-manifest.yml)."""
    forms = [form for row in SUBCOMMANDS for form in row.usage if form]
    return "[" + " | ".join(forms) + "]"
