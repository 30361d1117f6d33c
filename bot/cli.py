"""The ``agendabot`` command: one parser, thin commands, errors as one line and an exit code.

Each command opens the store (migrating it first, so a new database just
works), calls the core or the store, and prints. Nothing here knows Slack
beyond handing ``serve`` to the composition root.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from enum import IntEnum
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import workspace
from bot.answers import Answer
from bot.assistant import Assistant
from bot.clock import FixedClock, SystemClock, parse_moment
from bot.config import Settings
from bot.i18n.replies import answer_in, reply_language
from bot.render import render_agenda
from bot.timefmt import utc_stamp
from store.agenda import (
    ForeignMeeting,
    claim_for_team,
    history,
    list_meetings,
    load_meeting,
    save_meeting,
)
from store.db import make_engine, make_sessionmaker, transaction, upgrade
from store.values import AgendaImportError, Meeting

SAMPLE_MEETING = Path(__file__).parent / "sample" / "coordination-meeting-2003.yaml"


class Exit(IntEnum):
    OK = 0
    FAILED = 1
    BAD_INPUT = 2


class CommandError(Exception):
    """A one-line reason to stop, with the exit status to stop with."""

    def __init__(self, message: str, status: Exit = Exit.BAD_INPUT) -> None:
        super().__init__(message)
        self.status = status


def open_store(settings: Settings) -> sessionmaker[DBSession]:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return make_sessionmaker(engine)


def _zone(name: str | None) -> str | None:
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CommandError(f"{name!r} is not a time zone; use an IANA name such as Europe/Zurich") from None
    return name


def _moment(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return parse_moment(text)
    except ValueError:
        raise CommandError(f"--now {text!r} is not an ISO 8601 time, e.g. 2003-10-15T09:30-04:00") from None


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--day {text!r} is not a date (YYYY-MM-DD)") from None


def _pick_meeting(
    factory: sessionmaker[DBSession], slug: str | None, now: datetime | None = None
) -> Meeting:
    assistant = Assistant(factory, SystemClock())
    with factory() as db:
        chosen = assistant.choose_meeting(db, slug=slug, channel=None, now=now or SystemClock().now())
    if isinstance(chosen, Answer):
        hint = " Pass --meeting SLUG." if chosen.choices else ""
        raise CommandError(chosen.text + hint)
    return chosen


def load_sample(factory: sessionmaker[DBSession]) -> Meeting:
    """Put the bundled sample meeting in the store (a no-op when it is already there)."""
    from store.importers import load_agenda

    meeting = load_agenda(SAMPLE_MEETING).meeting
    with transaction(factory) as db:
        save_meeting(db, meeting, author="agendabot", source="bundled sample")
    return meeting


# --- commands -----------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace, settings: Settings) -> Exit:
    from bot import fetch
    from store.importers import load_agenda, parse_agenda_bytes

    interval = _sync_interval(args) if args.sync else None  # refused before anything is imported
    if fetch.is_url(args.path):
        # The fetch happens here, at the edge: the importers and the store only see bytes.
        try:
            got = fetch.fetch(args.path)
        except fetch.FetchError as exc:
            raise CommandError(str(exc)) from None
        result = parse_agenda_bytes(got.data, source=args.path, suffix=got.suffix, tz=_zone(args.tz), slug=args.meeting)
    else:
        result = load_agenda(Path(args.path), tz=_zone(args.tz), slug=args.meeting)
    factory = open_store(settings)
    try:
        with transaction(factory) as db:
            if args.team is not None:
                claim_for_team(db, result.meeting.slug, args.team)  # a meeting of no workspace yet moves
            outcome = save_meeting(db, result.meeting, author=args.author, source=f"import {args.path}",
                                   team=args.team)
    except ForeignMeeting as exc:
        raise CommandError(str(exc)) from None
    m = result.meeting
    items = len({(i.number or i.title) for _, i in m.items()})
    print(
        f"{m.title} ({m.slug}): {len(m.days)} days, {len(m.sessions)} sessions, {items} items, "
        f"{len(m.documents)} documents; time zone {m.timezone}; format {result.format}."
    )
    if outcome.revision is None:
        print("No changes: the store already has this agenda.")
    else:
        print(f"Saved as revision {outcome.revision}.")
        for change in outcome.changes:
            print(f"  {change.text}")
    for warning in result.warnings:
        print(f"warning: {args.path}:{warning.line}: {warning.message}" if warning.line else f"warning: {warning.message}")
    if interval is not None:
        from bot import sync as schedule_sync

        # Given at the console by the operator, the source is trusted: its changes are applied.
        with transaction(factory) as db:
            schedule_sync.follow(db, m.slug, args.path, trusted=True, interval=interval, author=args.author,
                                 now=SystemClock().now() + interval)
        print(f"Following {args.path} every {args.sync}: the running bot applies its changes and announces them.")
    return Exit.OK


def _sync_interval(args: argparse.Namespace) -> timedelta:
    """``import URL --sync 10m``: how often the running bot checks the URL (bot/sync.py)."""
    from bot import fetch
    from bot import sync as schedule_sync

    if not fetch.is_url(args.path):
        raise CommandError("--sync follows a URL (http:// or https://), not a file")
    try:
        return schedule_sync.parse_interval(args.sync)
    except schedule_sync.SyncError as exc:
        raise CommandError(str(exc)) from None


def cmd_agenda(args: argparse.Namespace, settings: Settings) -> Exit:
    meeting = _pick_meeting(open_store(settings), args.meeting)
    print(render_agenda(meeting, day=_day(args.day), viewer_zone=_zone(args.tz)))
    return Exit.OK


def cmd_meetings(args: argparse.Namespace, settings: Settings) -> Exit:
    with open_store(settings)() as db:
        meetings = list_meetings(db, args.team)
    if not meetings:
        print("No meetings yet. Import one with: agendabot import FILE")
    for m in meetings:
        channel = f"  channel {m.channel_id}" if m.channel_id else ""
        team = f"  team {m.team_id}" if m.team_id else ""
        print(f"{m.slug}  {m.start_date}–{m.end_date}  {m.title} ({m.venue or m.timezone}) rev {m.revision}{channel}{team}")
    return Exit.OK


def cmd_export(args: argparse.Namespace, settings: Settings) -> Exit:
    from store.exporters import export_meeting

    factory = open_store(settings)
    slug = _pick_meeting(factory, args.meeting).slug
    if args.format == "pdf":
        return _export_pdf(factory, slug, args.output)
    with factory() as db:
        meeting = load_meeting(db, slug, with_bodies=True)
        latest = max(history(db, slug), key=lambda r: r.number, default=None)
    assert meeting is not None
    # The revision's own time as DTSTAMP: exporting an unchanged agenda twice gives the same bytes.
    text = export_meeting(
        meeting,
        args.format,
        revision=latest.number if latest else 0,
        stamp=latest.created_at if latest else None,
    )
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return Exit.OK


def _export_pdf(factory: sessionmaker[DBSession], slug: str, output: str | None) -> Exit:
    """The agenda page as an A4 PDF (handlers/web), as ``/m/<slug>.pdf`` serves it."""
    from handlers.web import page
    from handlers.web.pdf import html_to_pdf

    with factory() as db:
        meeting = load_meeting(db, slug)
    assert meeting is not None
    if not output and sys.stdout.isatty():
        raise CommandError("a PDF is not for the terminal; add --output FILE (or redirect the output)")
    html = page.render(meeting, page.Links(feed=f"{slug}.ics", pdf=f"{slug}.pdf"), None)
    data = html_to_pdf(html)
    if output:
        Path(output).write_bytes(data)
        print(f"Wrote {output}")
    else:
        sys.stdout.buffer.write(data)
    return Exit.OK


def cmd_publish(args: argparse.Namespace, settings: Settings) -> Exit:
    """Open the page and feed to anyone with the address, or keep them behind the secret link."""
    from bot import publishing

    factory = open_store(settings)
    slug = _pick_meeting(factory, args.meeting).slug
    with transaction(factory) as db:
        if args.state == "newlink":  # the old secret link stops working
            publishing.revoke(db, slug, now=SystemClock().now())
        elif args.state is not None:
            publishing.set_public(db, slug, args.state == "on")
        public = publishing.is_public(db, slug)
        links = publishing.links(db, slug, now=SystemClock().now())
    print(f"{slug}: {'public' if public else 'private (secret link only)'}")
    print(f"  page {links.page}\n  feed {links.feed}\n  pdf  {links.pdf}")
    return Exit.OK


def cmd_doc_add(args: argparse.Namespace, settings: Settings) -> Exit:
    from bot.fetch import fetch_document as fetch_url
    from bot.rapporteur.publish import announce_added
    from store.documents import DocumentError, add_document

    factory = open_store(settings)
    try:
        with transaction(factory) as db:
            added = add_document(
                db, args.meeting, args.source, symbol=args.symbol or "", title=args.title or "",
                item=args.item or "", category=args.category or "", fetch=fetch_url,
            )
            # A rapporteur's report is news: queued with the document, posted by the running bot.
            announced = announce_added(db, added, author="cli", now=SystemClock().now())
    except DocumentError as exc:
        raise CommandError(str(exc)) from None
    print(added)
    if announced:
        print("The running bot will tell the meeting's channel that the rapporteur's report is published.")
    return Exit.OK


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> Exit:
    open_store(settings)
    print(f"Database is up to date: {settings.database_url}")
    return Exit.OK


def cmd_ask(args: argparse.Namespace, settings: Settings) -> Exit:
    now = _moment(args.now)
    assistant = Assistant(open_store(settings), FixedClock(now) if now else SystemClock())
    answer = assistant.ask(args.question, meeting=args.meeting, viewer_zone=_zone(args.tz))
    answer = answer_in(assistant, answer, reply_language(args.lang, args.question))
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    elif answer.intent == "which_meeting":
        # Not an answer but a question back: a script sees it failed, a person sees how to say which.
        raise CommandError(f"{answer.text} Pass --meeting SLUG.")
    else:
        print(answer.text)
    return Exit.OK if answer.intent not in ("no_meeting", "which_meeting") else Exit.BAD_INPUT


def cmd_reminders(args: argparse.Namespace, settings: Settings) -> Exit:
    from bot.reminders.ledger import SqlLedger
    from bot.reminders.listing import planned_listing

    now = _moment(args.now) or SystemClock().now()
    factory = open_store(settings)
    slug = _pick_meeting(factory, args.meeting, now).slug
    with factory() as db:
        listing = planned_listing(db, slug, now, SqlLedger(factory))
    assert listing is not None
    print(json.dumps(listing.to_json(), ensure_ascii=False, indent=2) if args.json else listing.text())
    return Exit.OK


def cmd_history(args: argparse.Namespace, settings: Settings) -> Exit:
    factory = open_store(settings)
    slug = _pick_meeting(factory, args.meeting).slug
    with factory() as db:
        for rev in history(db, slug):
            tail = f" (+{rev.more_changes} more)" if rev.more_changes and not args.full else ""
            print(
                f"{rev.number:>3}  {utc_stamp(rev.created_at)}  {rev.author or '-'}  "
                f"{rev.source}  {rev.first_change}{tail}"
            )
            if args.full:
                for change in rev.summary.splitlines()[1:]:
                    print(f"       {change}")
    return Exit.OK


def confirm(question: str, yes: bool) -> None:
    """Go on only when the operator says so: ``--yes``, or "y" typed at a terminal.

    Without a terminal to ask at (a script, a pipe) and without ``--yes`` nothing is
    removed: a removal cannot be undone, so silence is not consent.
    """
    if yes:
        return
    if not sys.stdin.isatty():
        raise CommandError(f"{question} Not confirmed: pass --yes to remove without asking.")
    try:
        said = input(f"{question} [y/N] ")
    except EOFError:
        said = ""
    if said.strip().lower() not in ("y", "yes"):
        raise CommandError("Not removed.")


def cmd_meetings_remove(args: argparse.Namespace, settings: Settings) -> Exit:
    from store.removal import remove_meeting

    factory = open_store(settings)
    with factory() as db:
        meeting = load_meeting(db, args.slug)
    if meeting is None:
        raise CommandError(f"There is no meeting “{args.slug}”; see `agendabot meetings`.")
    confirm(f"Remove {meeting.title} ({meeting.slug}) with its agenda, documents, history, notes and reminders?",
            args.yes)
    with transaction(factory) as db:
        remove_meeting(db, args.slug)
    print(f"Removed {meeting.title} ({meeting.slug}).")
    return Exit.OK


def cmd_doc_remove(args: argparse.Namespace, settings: Settings) -> Exit:
    from store.removal import find_document, remove_document

    factory = open_store(settings)
    slug = _pick_meeting(factory, args.meeting).slug
    with factory() as db:
        document = find_document(db, slug, args.symbol)
    if document is None:
        raise CommandError(f"{slug} has no document {args.symbol}.")
    confirm(f"Remove {document.symbol} “{document.title}” from {slug}?", args.yes)
    with transaction(factory) as db:
        outcome = remove_document(db, slug, args.symbol, author=args.author)
    if outcome is None or outcome.revision is None:
        raise CommandError(f"{slug} has no document {args.symbol}.")
    print(f"Removed {document.symbol} from {slug} as revision {outcome.revision} (`agendabot rollback` restores it).")
    return Exit.OK


def cmd_rollback(args: argparse.Namespace, settings: Settings) -> Exit:
    from bot.organizers import Refused
    from bot.organizers.proposals import Proposals

    factory = open_store(settings)
    slug = _pick_meeting(factory, args.meeting).slug
    # The operator is trusted: no preview. The change and its announcement commit together;
    # the running bot (any worker) posts it in the linked channel, refreshes App Homes and
    # moves the reminders (bot/organizers/outbox.py), so no Slack token is needed here.
    outcome = Proposals(factory, SystemClock()).rollback_now(slug, args.number, author=args.author)
    if isinstance(outcome, Refused):
        if outcome.reason == "nothing_to_change":
            print(f"The agenda already matches revision {args.number}; nothing changed.")
            return Exit.OK
        raise CommandError(f"{slug} has no revision {args.number}; see `agendabot history`")
    print(f"Restored revision {args.number} as revision {outcome.revision}.")
    for change in outcome.changes:
        print(f"  {change.text}")
    print("The running bot will announce it in the meeting's channel and reschedule its reminders.")
    return Exit.OK


def cmd_console(args: argparse.Namespace, settings: Settings) -> Exit:
    from bot.console import run_console

    factory = open_store(settings)
    meeting = load_sample(factory) if args.sample else None
    return Exit(run_console(
        factory,
        meeting=args.meeting or (meeting.slug if meeting else None),
        now=_moment(args.now),
        speed=args.speed,
        language=args.lang,
    ))


def cmd_demo(args: argparse.Namespace, settings: Settings) -> Exit:
    from bot.console import demo_start, run_console

    factory = open_store(settings)
    meeting = load_sample(factory)
    return Exit(run_console(factory, meeting=meeting.slug, now=demo_start(meeting), speed=args.speed, banner=True))


def cmd_serve(args: argparse.Namespace, settings: Settings) -> Exit:
    from bot.app import serve

    return Exit(serve(settings, http=args.http, host=args.host, port=args.port))


# --- parser -------------------------------------------------------------------------------


def positive_speed(text: str) -> float:
    """``--speed``: a clock that stands still or runs backwards would never remind anyone."""
    try:
        speed = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not speed > 0 or speed == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number, e.g. 20")
    return speed


def build_parser() -> argparse.ArgumentParser:
    meeting = argparse.ArgumentParser(add_help=False)
    meeting.add_argument("--meeting", metavar="SLUG", help="which meeting (default: the only, current or next one)")
    tz = argparse.ArgumentParser(add_help=False)
    tz.add_argument("--tz", metavar="AREA/CITY", help="a time zone, e.g. Europe/Zurich")
    now = argparse.ArgumentParser(add_help=False)
    now.add_argument("--now", metavar="ISO8601", help="pretend it is this moment, e.g. 2003-10-15T14:00-04:00")
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument("--lang", choices=["en", "fr", "es", "auto"], default="en",
                      help="answer in this language; auto: the question's own (default: en)")
    team = argparse.ArgumentParser(add_help=False)
    team.add_argument("--team", metavar="TEAM_ID",
                      help="the Slack workspace (team id, e.g. T0123ABCD) whose meetings these are, when one "
                           "deployment serves several (SLACK_CLIENT_ID); default: every meeting")

    parser = argparse.ArgumentParser(
        prog="agendabot", description="A meeting's agenda, documents and reminders, in Slack and here."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[..., Exit], help_text: str, parents: Sequence[argparse.ArgumentParser] = ()) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, parents=list(parents))
        p.set_defaults(handler=handler)
        return p

    p = command("import", cmd_import, "import an agenda file or URL (text page, PDF, Word, HTML, YAML/JSON, "
                "iCalendar, frab XML, pretalx JSON)", [tz, team])
    p.add_argument("path", metavar="PATH|URL", help="a file, or an http:// or https:// address")
    p.add_argument("--meeting", metavar="SLUG", help="store under this slug (default: from the title)")
    p.add_argument("--author", default="cli", help="who made this change (for the history)")
    p.add_argument("--sync", metavar="INTERVAL",
                   help="keep following the URL (e.g. 10m): the running bot applies its changes")

    p = command("publish", cmd_publish, "show or set who may open the agenda page and feed", [meeting])
    p.add_argument("state", nargs="?", choices=["on", "off", "newlink"],
                   help="on: anyone with the address; off: only the secret link (the default); "
                        "newlink: replace the secret link")

    p = command("agenda", cmd_agenda, "print a meeting's agenda", [meeting, tz, team])
    p.add_argument("--day", metavar="DATE", help="only this day (YYYY-MM-DD)")

    p = command("meetings", cmd_meetings, "list the meetings in the store (or remove one)", [team])
    meetings_sub = p.add_subparsers(dest="meetings_command", metavar="ACTION")
    p = meetings_sub.add_parser("remove", help="remove a meeting and everything stored about it",
                                description="Remove a meeting with its agenda, documents, history and reminders.")
    p.set_defaults(handler=cmd_meetings_remove)
    p.add_argument("slug", metavar="SLUG")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")

    p = command("export", cmd_export, "write a meeting in another format", [meeting])
    p.add_argument("--format", required=True, choices=["ics", "yaml", "json", "pdf"])
    p.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output")

    doc = command("doc", lambda *_: Exit.OK, "meeting documents")
    doc_sub = doc.add_subparsers(dest="doc_command", required=True, metavar="ACTION")
    p = doc_sub.add_parser("add", help="store a document (PDF, DOCX, HTML, text; file or URL)",
                           description="Store a document and extract its text for search.")
    p.set_defaults(handler=cmd_doc_add)
    p.add_argument("source", metavar="FILE|URL")
    p.add_argument("--meeting", metavar="SLUG", required=True)
    p.add_argument("--symbol", metavar="S", help="document symbol, e.g. A/58/98")
    p.add_argument("--title", metavar="T")
    p.add_argument("--item", metavar="N", help="the agenda item it belongs to")
    p.add_argument("--category", metavar="C")
    p = doc_sub.add_parser("remove", help="remove a document (as a new revision)",
                           description="Remove a meeting's document; the history keeps it for a rollback.")
    p.set_defaults(handler=cmd_doc_remove)
    p.add_argument("symbol", metavar="SYMBOL")
    p.add_argument("--meeting", metavar="SLUG", help="which meeting (default: the only, current or next one)")
    p.add_argument("--author", default="cli", help="who made this change (for the history)")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")

    db = command("db", lambda *_: Exit.OK, "database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    p = db_sub.add_parser("upgrade", help="apply migrations (also done on every start)",
                          description="Apply database migrations.")
    p.set_defaults(handler=cmd_db_upgrade)

    p = command("ask", cmd_ask, "ask one question", [meeting, now, tz, team, lang])
    p.add_argument("question", metavar="QUESTION")
    p.add_argument("--json", action="store_true", help="print the answer as one JSON object")

    p = command("reminders", cmd_reminders, "list the reminders planned from now (or --now) on", [meeting, now])
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = command("history", cmd_history, "list a meeting's revisions", [meeting])
    p.add_argument("--full", action="store_true", help="every change of each revision, not only the first")
    p = command("rollback", cmd_rollback, "restore revision N of a meeting's agenda", [meeting])
    p.add_argument("number", type=int, metavar="N")
    p.add_argument("--author", default="cli")

    p = command("console", cmd_console, "chat with the bot in the terminal", [meeting, now, lang])
    p.add_argument("--sample", action="store_true", help="load the bundled sample meeting first")
    p.add_argument("--speed", type=positive_speed, default=1.0, metavar="N", help="run the clock N times faster")

    p = command("demo", cmd_demo, "the console on the bundled sample meeting, shortly before it starts")
    p.add_argument("--speed", type=positive_speed, default=20.0, metavar="N", help="clock speed (default 20x)")

    p = command("serve", cmd_serve, "run the Slack app (Socket Mode when SLACK_APP_TOKEN is set)")
    p.add_argument("--http", action="store_true", help="serve Slack's HTTP requests on --port")
    p.add_argument("--port", type=int, default=3000)
    # This machine only, unless asked: the development server has no TLS, and Slack needs HTTPS
    # in front of it anyway (the container and the unit bind their address explicitly).
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on with --http (default 127.0.0.1)")
    return parser


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = settings or Settings.from_env()
    try:
        # --team: the Assistant and the listings see that workspace's meetings only, as Slack would.
        with workspace.scoped(getattr(args, "team", None)):
            status = int(args.handler(args, settings))
        sys.stdout.flush()  # here, where a reader that left (a BrokenPipeError) can be told apart
        return status
    except (CommandError, AgendaImportError) as exc:
        print(f"agendabot: {exc}", file=sys.stderr)
        return int(getattr(exc, "status", Exit.BAD_INPUT))
    except KeyboardInterrupt:
        return int(Exit.FAILED)
    except BrokenPipeError:
        return _reader_left()


def _reader_left() -> int:
    """``agendabot agenda | head -1``: the reader has what it wanted. Python would still try to
    flush the rest at exit and print a traceback; point standard output at nothing instead."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return int(Exit.OK)


if __name__ == "__main__":
    sys.exit(main())
