"""the agenda beyond Slack

Revision ID: 0010
Revises: 0009

The web page and calendar feeds (issue 18):

- ``meetings.web_public``: whether the page and the meeting's feed are open to
  anyone with the address. False by default: a secretariat publishes a
  meeting's agenda on purpose (``/agenda publish page on``), and until then its
  page and feed need their secret link. A plain ADD COLUMN keeps SQLite's
  ``meetings_generation`` triggers of 0006.
- ``calendar_links``: the secret, revocable tokens of ``/m/<token>`` links —
  the meeting's own (``user_id`` '') and each participant's personal feed.
- ``feed_events``: per event of a meeting's feed, the fingerprint of what it
  said last and its SEQUENCE, so only events that changed get a higher one.
- ``schedule_sources``: a published schedule the bot keeps following
  (``/agenda sync URL``), with its validators, back-off and last error.

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "meetings", sa.Column("web_public", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.create_table(
        "calendar_links",
        sa.Column("token", sa.String(length=64), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_calendar_links_meeting_user", "calendar_links", ["meeting_id", "user_id"])
    op.create_table(
        "feed_events",
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("uid", sa.String(length=255), primary_key=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("revision", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "schedule_sources",
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("trusted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("interval_seconds", sa.Integer(), nullable=False, server_default="600"),
        sa.Column("author", sa.Text(), nullable=False, server_default=""),
        sa.Column("etag", sa.Text(), nullable=False, server_default=""),
        sa.Column("last_modified", sa.Text(), nullable=False, server_default=""),
        sa.Column("content_hash", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("error", sa.Text(), nullable=False, server_default=""),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ok_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("schedule_sources")
    op.drop_table("feed_events")
    op.drop_index("ix_calendar_links_meeting_user", table_name="calendar_links")
    op.drop_table("calendar_links")
    op.drop_column("meetings", "web_public")
