"""Alembic environment: migrations run on the engine the app hands us.

``agendabot db upgrade`` (and every start) passes its engine through
``config.attributes``; plain ``alembic`` falls back to AGENDABOT_DATABASE_URL.
Batch mode lets the same migrations alter tables on SQLite.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy.schema import SchemaItem

from store.db import make_engine
from store.models import Base

# Tables whose DDL is written by hand (FTS5 and its triggers) are not ours to autogenerate.
HAND_WRITTEN_PREFIXES = ("search_",)
# Tables another library owns (APScheduler's job store): migration 0004 creates it to
# the library's own definition, and it has no model, so autogenerate must not drop it.
FOREIGN_TABLES = ("apscheduler_jobs",)


def include_object(
    obj: SchemaItem, name: str | None, type_: str, reflected: bool, compare_to: SchemaItem | None
) -> bool:
    if type_ == "table" and name in FOREIGN_TABLES:
        return False
    if type_ == "index" and getattr(getattr(obj, "table", None), "name", None) in FOREIGN_TABLES:
        return False
    return not (type_ == "table" and name and name.startswith(HAND_WRITTEN_PREFIXES))


def run_migrations_online() -> None:
    engine = context.config.attributes.get("engine")
    if engine is None:
        engine = make_engine(os.environ.get("AGENDABOT_DATABASE_URL", "sqlite:///agendabot.db"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,
            include_object=include_object,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
