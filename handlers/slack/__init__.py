"""Slack's plumbing under the listeners: the Web API clients of each workspace, the
middleware every request passes, the listener pool, the WSGI server, the per-person
state Slack needs (zones, chosen meetings, delivery ledger), the Slack Notifier and
the posting helpers. Nothing here decides what to answer (that is ``bot/``) or how
it looks (that is ``handlers/render/``)."""
