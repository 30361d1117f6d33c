"""organizers, pending agenda changes, the announcement outbox, awaited uploads

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting_organizers",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("added_by", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", "user_id"),
    )
    op.create_table(
        "agenda_proposals",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("meeting_slug", sa.String(length=120), nullable=False),
        sa.Column("base_revision", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("agenda_proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_proposals_meeting_slug"), ["meeting_slug"], unique=False)
    op.create_table(
        "agenda_announcements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_slug", sa.String(length=120), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("agenda_announcements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_announcements_status"), ["status"], unique=False)
    op.create_table(
        "agenda_upload_waits",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("meeting_slug", sa.String(length=120), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "channel_id"),
    )


def downgrade() -> None:
    op.drop_table("agenda_upload_waits")
    with op.batch_alter_table("agenda_announcements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_announcements_status"))
    op.drop_table("agenda_announcements")
    with op.batch_alter_table("agenda_proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_proposals_meeting_slug"))
    op.drop_table("agenda_proposals")
    op.drop_table("meeting_organizers")
