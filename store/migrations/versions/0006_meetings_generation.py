"""meetings generation

Revision ID: 0006
Revises: 0005

``meetings_generation`` is one row whose ``value`` changes in every
transaction that writes ``meetings`` (a new meeting, a new revision, a channel
linked, a meeting deleted). The Assistant keeps the meeting list, the channel
links and each meeting's revision in memory and checks them before every
question with a single primary-key read of this row, so a change made by any
process (another gunicorn worker, the CLI, another machine on the same
PostgreSQL) shows in the very next answer.

Triggers, not application code, set it: every writer is covered, whether it
goes through store/agenda.py, a Core UPDATE or plain SQL.

- SQLite: row triggers set a 64-bit random number (SQLite has no sequences;
  readers only test for equality, and a repeat is a 1-in-2^64 event).
- PostgreSQL: a statement trigger takes the next value of a sequence.
  Sequences never hand a value out twice, even when the writing transaction
  rolls back, so no later state can reuse a value a reader saw. It runs
  BEFORE the statement: every writer locks this row before it locks any
  meeting row, the same order for all, so the row cannot deadlock two writers.
  It does serialise writers of ``meetings``, which are rare (people editing
  agendas); readers never wait for it.

Caution for later migrations: on SQLite, ``batch_alter_table`` on
``meetings`` recreates the table and so drops the triggers below; such a
migration must recreate them (tests/answers/test_answers_cache.py fails
without them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_SQLITE_EVENTS = ("insert", "update", "delete")

POSTGRES_UP = [
    "CREATE SEQUENCE meetings_generation_seq",
    """
    CREATE FUNCTION meetings_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE meetings_generation SET value = nextval('meetings_generation_seq') WHERE id = 1;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER meetings_generation_bump
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON meetings
    FOR EACH STATEMENT EXECUTE FUNCTION meetings_generation_bump()
    """,
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS meetings_generation_bump ON meetings",
    "DROP FUNCTION IF EXISTS meetings_generation_bump()",
    "DROP SEQUENCE IF EXISTS meetings_generation_seq",
]


def upgrade() -> None:
    op.create_table(
        "meetings_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO meetings_generation (id, value) VALUES (1, 0)")
    if op.get_bind().dialect.name == "sqlite":
        for event in _SQLITE_EVENTS:
            op.execute(
                f"CREATE TRIGGER meetings_generation_{event} AFTER {event.upper()} ON meetings "
                "BEGIN UPDATE meetings_generation SET value = random() WHERE id = 1; END"
            )
    else:
        for statement in POSTGRES_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in _SQLITE_EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS meetings_generation_{event}")
    else:
        for statement in POSTGRES_DOWN:
            op.execute(statement)
    op.drop_table("meetings_generation")
