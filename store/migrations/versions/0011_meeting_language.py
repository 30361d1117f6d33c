"""a meeting's language, a person's locale

Revision ID: 0011
Revises: 0010

Issue 17:

- ``meetings.language``: the language of the meeting's channel reminders and
  announcements, set by organizers with ``/agenda language fr``. English by
  default, the source language. A plain ADD COLUMN keeps SQLite's
  ``meetings_generation`` triggers of 0006.
- ``slack_users.locale``: the person's Slack locale (``users.info`` with
  ``include_locale``, e.g. ``fr-FR``), the language of what is said to them.

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "meetings", sa.Column("language", sa.String(length=8), nullable=False, server_default="en")
    )
    op.add_column("slack_users", sa.Column("locale", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_column("slack_users", "locale")
    op.drop_column("meetings", "language")
