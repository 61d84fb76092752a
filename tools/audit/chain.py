"""Hashing audit events into a chain, as pure functions.

Each event's hash covers its own fields and the previous event's hash, so editing any
stored field, deleting a row or inserting one breaks every hash after it. The newest hash
is kept in ``audit_head``; deleting the newest rows is caught by comparing against it.
A chain proves nothing against someone who can rewrite the rows and the head at once
(delete the newest events and rewind the head): ``baton audit anchor`` keeps the head
outside the database and verification compares with it (tools/audit/anchor.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime

GENESIS_HASH = "0" * 64

HASHED_FIELDS: tuple[str, ...] = (
    "at",
    "actor_id",
    "actor",
    "role",
    "action",
    "object_type",
    "object_id",
    "patient_id",
    "channel",
    "outcome",
    "detail",
)


def utc_text(moment: datetime) -> str:
    """One spelling per instant: SQLite hands back naive UTC, PostgreSQL aware times."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def event_hash(prev_hash: str, fields: Mapping[str, object]) -> str:
    missing = [name for name in HASHED_FIELDS if name not in fields]
    if missing:
        raise ValueError(f"audit event lacks {', '.join(missing)}")
    canonical = {
        name: utc_text(value) if isinstance(value, datetime) else value
        for name, value in ((n, fields[n]) for n in HASHED_FIELDS)
    }
    payload = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()
