"""workspaces

Revision ID: 0008
Revises: 0007

One deployment may serve many Slack workspaces (issue 8, "Add to Slack"):

- ``meetings.team_id``: the workspace a meeting belongs to; '' for the
  single-workspace install (``SLACK_BOT_TOKEN``), which sees every meeting.
  Slugs stay unique across the whole store: they key reminders, deliveries,
  revisions and the CLI, and a write from one workspace is refused on a slug
  another workspace owns (store/agenda.py ``save_meeting``).
- slack-sdk's OAuth tables, created from slack-sdk's own table builders so
  that ``SQLAlchemyInstallationStore`` and ``SQLAlchemyOAuthStateStore`` find
  them exactly as they expect: ``slack_installations``, ``slack_bots`` and
  ``slack_oauth_states``. They live in the app's database, so every gunicorn
  worker (and every machine on one PostgreSQL) sees an installation at once.

A plain ADD COLUMN (no ``batch_alter_table``) keeps SQLite's
``meetings_generation`` triggers of 0006 in place.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INSTALLATIONS = "slack_installations"
BOTS = "slack_bots"
STATES = "slack_oauth_states"


def _oauth_tables() -> sa.MetaData:
    metadata = sa.MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, INSTALLATIONS)
    SQLAlchemyInstallationStore.build_bots_table(metadata, BOTS)
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, STATES)
    return metadata


def upgrade() -> None:
    op.add_column("meetings", sa.Column("team_id", sa.String(length=32), nullable=False, server_default=""))
    op.create_index("ix_meetings_team_id", "meetings", ["team_id"])
    _oauth_tables().create_all(op.get_bind())


def downgrade() -> None:
    _oauth_tables().drop_all(op.get_bind())
    op.drop_index("ix_meetings_team_id", table_name="meetings")
    # SQLite >= 3.35 drops a column in place, so 0006's triggers survive this too.
    op.drop_column("meetings", "team_id")
