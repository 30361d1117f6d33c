"""reminders

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder_settings",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("policy", sa.Text(), nullable=True),
        sa.Column("policy_set_by", sa.Text(), nullable=False),
        sa.Column("rapporteur_user_id", sa.String(length=32), nullable=True),
        sa.Column("rapporteur_set_by", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id"),
    )
    op.create_table(
        "reminder_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("target_kind", sa.String(length=16), nullable=False),
        sa.Column("target_key", sa.String(length=400), nullable=False),
        sa.Column("target_label", sa.Text(), nullable=False),
        sa.Column("lead_minutes", sa.Integer(), nullable=False),
        sa.Column("user_tz", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "user_id", "target_kind", "target_key", "lead_minutes"),
    )
    with op.batch_alter_table("reminder_subscriptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_subscriptions_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reminder_subscriptions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "reminder_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("reminder_id", sa.String(length=191), nullable=False),
        sa.Column("meeting_slug", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("destination", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("slack_ts", sa.String(length=32), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("late_seconds", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("reminder_deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_deliveries_meeting_slug"), ["meeting_slug"], unique=False)
        batch_op.create_index(batch_op.f("ix_reminder_deliveries_reminder_id"), ["reminder_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reminder_deliveries_status"), ["status"], unique=False)

    op.create_table(
        "reminder_scheduler_state",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("watermark", sa.DateTime(timezone=True), nullable=True),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )

    op.create_table(
        "reminder_sync",
        sa.Column("meeting_slug", sa.String(length=120), nullable=False),
        sa.Column("fingerprint", sa.String(length=200), nullable=False),
        sa.Column("jobs", sa.JSON(), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("meeting_slug"),
    )

    # APScheduler's SQLAlchemyJobStore table, exactly as it would create it itself
    # (apscheduler/jobstores/sqlalchemy.py): created here so that the schema is
    # only ever made by migrations; the job store's own CREATE is then a no-op.
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(length=191), nullable=False),
        sa.Column("next_run_time", sa.Float(precision=25), nullable=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("apscheduler_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_apscheduler_jobs_next_run_time", ["next_run_time"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("apscheduler_jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_apscheduler_jobs_next_run_time")
    op.drop_table("apscheduler_jobs")
    op.drop_table("reminder_sync")
    op.drop_table("reminder_scheduler_state")
    with op.batch_alter_table("reminder_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_deliveries_status"))
        batch_op.drop_index(batch_op.f("ix_reminder_deliveries_reminder_id"))
        batch_op.drop_index(batch_op.f("ix_reminder_deliveries_meeting_slug"))
    op.drop_table("reminder_deliveries")
    with op.batch_alter_table("reminder_subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_subscriptions_user_id"))
        batch_op.drop_index(batch_op.f("ix_reminder_subscriptions_meeting_id"))
    op.drop_table("reminder_subscriptions")
    op.drop_table("reminder_settings")
