"""The request layer every transport shares: what a person may ask of the bot, and
the values it answers with.

- ``grammar``: the ``/agenda`` surface as ONE table of subcommands (words, who may,
  usage, which request it makes). The Slack dispatcher, ``/agenda help``, the
  console's reading of a line and the app manifest's usage hint all come from it.
- ``meeting``: who asks, and which meeting they mean (a channel's linked meeting, a
  button's, the one a DM's asker chose before), then the question's ``Answer``.
- ``views``: the ``/agenda`` views that are not questions (the rest of today, a named
  day, the document list) as ``Reply`` values, each function opening its own
  transaction.
- ``reminders``: reminder requests ("remind me before item V", the policy, the
  rapporteur, one's own reminders) carried out for an Asker.
- ``notes``: the rapporteur's notes: where a marked message is filed, storing it,
  the draft report, publishing the final one, the item under discussion.
- ``organize``: who organizes a meeting, and its revisions; ``uploads``: waiting for
  the file ``/agenda import`` or ``/agenda report publish`` announced.
- ``publishing``: calendar links, who may open the agenda page, following a
  published schedule.

Nothing here writes Slack markup or knows a transport: ``handlers/render/`` draws
these values as Block Kit, ``bot/render.py`` and the console as plain text.
"""
