"""people and rooms

Revision ID: 0009
Revises: 0008

People and places are data (issue 13): who chairs, moderates or speaks, with
their role and affiliation, on the meeting, a session or an item; the room of
an item; and the identity a session's source gave it (an iCalendar UID), so a
renamed or moved event stays the same session.

- a new table ``people`` (meeting_id, session_id or item_id when not the
  meeting's, position, name, role, affiliation);
- ``agenda_items.room`` and ``sessions.uid``, each a plain ADD COLUMN: on
  SQLite a ``batch_alter_table`` would recreate ``agenda_items`` without the
  search triggers of 0002;
- the names of ``agenda_items.speakers`` become ``people`` rows with the role
  "speaker". The column stays, written with the names of the item's people,
  because the search index (0002) reads it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("affiliation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["item_id"], ["agenda_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_people_meeting_id", "people", ["meeting_id"])
    op.create_index("ix_people_session_id", "people", ["session_id"])
    op.create_index("ix_people_item_id", "people", ["item_id"])
    op.add_column("agenda_items", sa.Column("room", sa.Text(), nullable=False, server_default=""))
    op.add_column("sessions", sa.Column("uid", sa.Text(), nullable=False, server_default=""))

    items = sa.table(
        "agenda_items",
        sa.column("id", sa.Integer()),
        sa.column("meeting_id", sa.Integer()),
        sa.column("speakers", sa.JSON()),
    )
    people = sa.table(
        "people",
        sa.column("meeting_id", sa.Integer()),
        sa.column("item_id", sa.Integer()),
        sa.column("position", sa.Integer()),
        sa.column("name", sa.Text()),
        sa.column("role", sa.String()),
        sa.column("affiliation", sa.Text()),
    )
    bind = op.get_bind()
    rows = [
        {"meeting_id": meeting_id, "item_id": item_id, "position": position, "name": name,
         "role": "speaker", "affiliation": ""}
        for item_id, meeting_id, speakers in bind.execute(sa.select(items.c.id, items.c.meeting_id, items.c.speakers))
        for position, name in enumerate(dict.fromkeys(speakers or ()))
        if isinstance(name, str) and name.strip()
    ]
    if rows:
        bind.execute(people.insert(), rows)


def downgrade() -> None:
    # The speakers column still holds every item's names, so nothing is lost going back
    # but roles, affiliations and the people of meetings and sessions.
    # SQLite >= 3.35 drops a column in place, so 0002's triggers survive.
    op.drop_column("sessions", "uid")
    op.drop_column("agenda_items", "room")
    op.drop_index("ix_people_item_id", table_name="people")
    op.drop_index("ix_people_session_id", table_name="people")
    op.drop_index("ix_people_meeting_id", table_name="people")
    op.drop_table("people")
