"""Bolt listeners, one package per kind of request Slack sends: ``events``,
``commands``, ``actions``, ``views`` and ``shortcuts``. Each package's ``register``
attaches its own modules and nothing else; a listener acks, turns the payload into
a request value (``handlers/slack/payloads.py``), asks ``bot/requests`` or the core,
and hands the reply to ``handlers/render`` and ``handlers/slack/replies.py``."""
