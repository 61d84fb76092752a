"""Alembic environment: runs on the connection ``Database.migrate`` hands over."""

from __future__ import annotations

from alembic import context

from tools.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - Baton always migrates through Database
    raise RuntimeError("run migrations through tools.store.database.Database.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
