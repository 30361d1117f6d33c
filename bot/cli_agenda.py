"""``agendabot`` commands that change or show a meeting's agenda in the store: import (and
--sync), agenda, meetings (remove), publish, history, rollback."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from bot.cli_common import CommandError, Exit, confirm, day, open_store, pick_meeting, zone
from bot.clock import SystemClock
from bot.config import Settings
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
from store.db import transaction


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
        result = parse_agenda_bytes(got.data, source=args.path, suffix=got.suffix, tz=zone(args.tz), slug=args.meeting)
    else:
        result = load_agenda(Path(args.path), tz=zone(args.tz), slug=args.meeting)
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
    meeting = pick_meeting(open_store(settings), args.meeting)
    print(render_agenda(meeting, day=day(args.day), viewer_zone=zone(args.tz)))
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


def cmd_publish(args: argparse.Namespace, settings: Settings) -> Exit:
    """Open the page and feed to anyone with the address, or keep them behind the secret link."""
    from bot import publishing

    factory = open_store(settings)
    slug = pick_meeting(factory, args.meeting).slug
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


def cmd_history(args: argparse.Namespace, settings: Settings) -> Exit:
    factory = open_store(settings)
    slug = pick_meeting(factory, args.meeting).slug
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


def cmd_rollback(args: argparse.Namespace, settings: Settings) -> Exit:
    from bot.organizers import Refused
    from bot.organizers.proposals import Proposals

    factory = open_store(settings)
    slug = pick_meeting(factory, args.meeting).slug
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
