"""The rapporteur's desk (issue 7): notes taken in the channel become a draft report.

- ``marks``: which lines of a message are notes (``#agreed``, ``#action``, ``#info``,
  ``#conclusion``) and who owns an action.
- ``attribution``: the agenda item under discussion at a moment (its own time, else
  the organizers' ``/agenda now ITEM``, else the session; between sessions "general").
- ``notes``: storing, listing, moving and dropping notes; the current-item pointer.
- ``draft``: the draft report as a value, per item; ``markdown`` and ``docx`` render it.
- ``publish``: the final report becomes a meeting document and the channel is told.
What the notes and the published report say about a topic is answered in
bot/answers/outcomes.py.

Nothing here knows Slack: handlers/ turns payloads into these calls.
"""
