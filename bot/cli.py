"""The ``agendabot`` command: one parser, thin commands, errors as one line and an exit code.

Each command opens the store (migrating it first, so a new database just
works), calls the core or the store, and prints. Nothing here knows Slack
beyond handing ``serve`` to the composition root. The commands that edit the
agenda are in bot/cli_agenda.py, the documents' in bot/cli_documents.py, what
they all share in bot/cli_common.py; here are the parser, the commands that
ask, export or run something, and ``main``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import workspace
from bot.assistant import Assistant
from bot.cli_agenda import (
    cmd_agenda,
    cmd_history,
    cmd_import,
    cmd_meetings,
    cmd_meetings_remove,
    cmd_publish,
    cmd_rollback,
)
from bot.cli_common import SAMPLE_MEETING, CommandError, Exit, confirm, load_sample, open_store
from bot.cli_common import moment as _moment
from bot.cli_common import pick_meeting as _pick_meeting
from bot.cli_common import zone as _zone
from bot.cli_documents import cmd_doc_add, cmd_doc_remove
from bot.clock import FixedClock, SystemClock
from bot.config import Settings
from bot.i18n.replies import answer_in, reply_language
from store.agenda import history, load_meeting
from store.values import AgendaImportError

__all__ = ["SAMPLE_MEETING", "CommandError", "Exit", "build_parser", "confirm", "load_sample", "main", "open_store"]


# --- commands -----------------------------------------------------------------------------


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
    html = page.render_print(meeting, page.Links(feed=f"{slug}.ics", pdf=f"{slug}.pdf"))
    data = html_to_pdf(html)
    if output:
        Path(output).write_bytes(data)
        print(f"Wrote {output}")
    else:
        sys.stdout.buffer.write(data)
    return Exit.OK


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> Exit:
    open_store(settings)
    print(f"Database is up to date: {settings.database_url}")
    return Exit.OK


def cmd_ask(args: argparse.Namespace, settings: Settings) -> Exit:
    now = _moment(args.now)
    assistant = Assistant(open_store(settings), FixedClock(now) if now else SystemClock())
    language = reply_language(args.lang, args.question)
    answer = assistant.ask(args.question, meeting=args.meeting, viewer_zone=_zone(args.tz), language=language)
    answer = answer_in(assistant, answer, language)
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
