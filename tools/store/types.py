"""Column types shared by the models.

``UtcDateTime``: every timestamp the store hands back is aware and in UTC. PostgreSQL's
``timestamptz`` keeps the instant; SQLite has no time-zone type and SQLAlchemy returns its
values naive, which callers then had to patch one by one (and a response without an
offset fails the API's ``date-time`` schema). Values are written as UTC, so a naive value
read back is UTC by construction. The column's DDL is unchanged (``DateTime(timezone=True)``
underneath), so no migration is needed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None or value.tzinfo is None:
            return value  # naive values are taken as UTC already (the clock's are aware)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
