"""rapporteur's notes, the item under discussion, awaited report uploads

Revision ID: 0007
Revises: 0006

New tables, and one column on ``agenda_upload_waits``; never ``agenda_items`` or
``documents``, which on SQLite batch mode would recreate without their search
triggers (0002). Notes name their item by
number and session key, not by row id, because an agenda save re-creates the
item rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rapporteur_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=32), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("owner_name", sa.Text(), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("permalink", sa.Text(), nullable=False),
        sa.Column("item_number", sa.String(length=32), nullable=False),
        sa.Column("item_title", sa.Text(), nullable=False),
        sa.Column("session_key", sa.String(length=400), nullable=False),
        sa.Column("session_title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("noted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=32), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "channel_id", "message_ts", "part"),
    )
    with op.batch_alter_table("rapporteur_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rapporteur_notes_meeting_id"), ["meeting_id"], unique=False)
    op.create_table(
        "rapporteur_current_items",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("session_key", sa.String(length=400), nullable=False),
        sa.Column("item_number", sa.String(length=32), nullable=False),
        sa.Column("item_title", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=32), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", "session_key"),
    )
    # The awaited upload may be the final report (purpose "report") as well as an agenda.
    # agenda_upload_waits has no search triggers, so batch mode may recreate it on SQLite.
    with op.batch_alter_table("agenda_upload_waits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purpose", sa.String(length=16), nullable=False, server_default="agenda"))


def downgrade() -> None:
    with op.batch_alter_table("agenda_upload_waits", schema=None) as batch_op:
        batch_op.drop_column("purpose")
    op.drop_table("rapporteur_current_items")
    with op.batch_alter_table("rapporteur_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rapporteur_notes_meeting_id"))
    op.drop_table("rapporteur_notes")
