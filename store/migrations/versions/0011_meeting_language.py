"""a meeting's language

Revision ID: 0011
Revises: 0010

``meetings.language`` (issue 17): the language of the meeting's channel
reminders and announcements, set by organizers with ``/agenda language fr``.
English by default, the source language. A plain ADD COLUMN keeps SQLite's
``meetings_generation`` triggers of 0006.

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


def downgrade() -> None:
    op.drop_column("meetings", "language")
