"""``agendabot doc add`` and ``doc remove``: a meeting's documents."""

from __future__ import annotations

import argparse

from bot.cli_common import CommandError, Exit, confirm, open_store, pick_meeting
from bot.clock import SystemClock
from bot.config import Settings
from store.db import transaction


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


def cmd_doc_remove(args: argparse.Namespace, settings: Settings) -> Exit:
    from store.removal import find_document, remove_document

    factory = open_store(settings)
    slug = pick_meeting(factory, args.meeting).slug
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
