"""The core: it knows no Slack (only ``bot/app.py`` and ``bot/wsgi.py``, the composition
root, import slack_bolt). ``requests`` is the request layer every transport shares,
``answers`` the question engine behind ``assistant``, ``reminders`` plans and delivers
through a ``Notifier``, ``organizers`` and ``rapporteur`` the workflows, ``vocabulary``,
``permissions`` and ``timefmt`` the shared words, rules and formats, ``cli`` and
``console`` the terminal transports."""
