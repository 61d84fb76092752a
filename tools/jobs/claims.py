"""Once-per-period jobs: the first worker to claim a period runs it, the others skip."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tools.store.models import JobRun


def claim_period(session: Session, job: str, period: str, now: datetime, detail: str = "") -> bool:
    """True if this transaction claimed ``(job, period)``; False if another already did.

    An insert that does nothing on conflict with the unique key: with several workers
    exactly one insert wins, and it only counts once its transaction commits.
    """
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    # RETURNING, not rowcount: through the ORM session PostgreSQL reports no row count.
    claimed = session.execute(
        dialect.insert(JobRun)
        .values(job=job, period=period, ran_at=now, detail=detail)
        .on_conflict_do_nothing()
        .returning(JobRun.id)
    ).first()
    return claimed is not None
