"""What every tool call runs with: the store, the clock, the fee schedule, the PHI guard
for free text, and audit.

``ToolContext.write`` opens one transaction for a tool call. The call's records and its
audit event commit together; a refusal rolls everything back and is then audited on its
own (denied or failed), so no refused call leaves a half-written record but every
attempt leaves a trace. A refusal is audited by its rule and field, never its message:
a message may quote what the user typed, and the hash chain makes an audit event
impossible to purge.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TypedDict

from sqlalchemy.orm import Session

from tools.access import Actor
from tools.audit.trail import append_event
from tools.billing.fee_schedule import DEFAULT_FEE_SCHEDULE_PATH, FeeSchedule, load_fee_schedule
from tools.clock import Clock, SystemClock
from tools.errors import AccessDenied, ToolError
from tools.free_text import FreeTextGuard
from tools.store.database import Database
from tools.tasks.catalog import ensure_catalog


class PendingAudit(TypedDict, total=False):
    """A read's audit event, written once the read has succeeded."""

    object_id: str | int | None
    patient_id: int | None
    detail: str


@dataclass
class Call:
    """One tool call in progress: its session and a way to audit what it did."""

    session: Session
    actor: Actor
    action: str
    object_type: str
    context: ToolContext
    audited: bool = False
    reading: bool = False
    pending: list[PendingAudit] = field(default_factory=list)

    def audit(
        self, *, object_id: str | int | None = None, patient_id: int | None = None, detail: str = ""
    ) -> None:
        self.audited = True
        if self.reading:  # written after the read succeeds, in its own transaction
            self.pending.append(
                {"object_id": object_id, "patient_id": patient_id, "detail": detail}
            )
            return
        append_event(
            self.session,
            self.actor,
            self.action,
            at=self.context.clock.now(),
            object_type=self.object_type,
            object_id=object_id,
            patient_id=patient_id,
            detail=detail,
        )

    def free_text(self, text: str) -> str:
        """``text`` as it may be stored: through the context's PHI guard."""
        return self.context.free_text(text)


@dataclass
class ToolContext:
    db: Database
    clock: Clock = field(default_factory=SystemClock)
    fee_schedule_path: Path = DEFAULT_FEE_SCHEDULE_PATH
    # Write-offs up to this amount go to the Revenue cycle director, above it to the CFO.
    write_off_director_limit: Decimal = Decimal("1000.00")
    # Every free-text value a tool stores passes through it. No default: a context that
    # stores raw text must not be built by forgetting an argument.
    guard: FreeTextGuard = field(kw_only=True)

    def __post_init__(self) -> None:
        if not isinstance(self.guard, FreeTextGuard):
            raise TypeError(
                "ToolContext needs a FreeTextGuard (tools.free_text.PhiTextGuard over the "
                f"PHI guard), got {type(self.guard).__name__}"
            )

    def free_text(self, text: str) -> str:
        """``text`` as it may be stored: through the PHI guard."""
        return self.guard.redact_text(text)

    @cached_property
    def file_fees(self) -> FeeSchedule:
        """The schedule file: the schedule until an admin first edits a fee."""
        return load_fee_schedule(self.fee_schedule_path)

    @property
    def fees(self) -> FeeSchedule:
        """The fee schedule in use: the admin's stored one, else the file. Read per use,
        so an edit on one worker prices the next run on every worker."""
        with self.db.reading() as session:
            return self.fees_in(session)

    def fees_in(self, session: Session) -> FeeSchedule:
        """``fees``, read in a call's own session: no transaction of its own to open."""
        from tools.billing.fee_store import stored_schedule

        return stored_schedule(session) or self.file_fees

    def prepare(self) -> None:
        """Migrate the store to the newest schema and add missing catalog task types."""
        self.db.migrate()
        with self.db.transaction() as session:
            ensure_catalog(session)

    @contextmanager
    def write(self, actor: Actor, action: str, object_type: str) -> Iterator[Call]:
        with self._refusals_audited(actor, action, object_type), self.db.transaction() as session:
            call = Call(session, actor, action, object_type, self)
            yield call
            if not call.audited:
                call.audit()

    @contextmanager
    def read(self, actor: Actor, action: str, object_type: str) -> Iterator[Call]:
        """A read-only call; reads of patient data are audited once the read succeeds."""
        with self._refusals_audited(actor, action, object_type), self.db.reading() as session:
            call = Call(session, actor, action, object_type, self, reading=True)
            yield call
        for event in call.pending or [{}]:
            self.record(actor, action, object_type, **event)

    @contextmanager
    def _refusals_audited(self, actor: Actor, action: str, object_type: str) -> Iterator[None]:
        # Entered before the transaction, so the refusal is recorded after the rollback.
        try:
            yield
        except AccessDenied as denied:
            self.record(actor, action, object_type, denied, outcome="denied")
            raise
        except ToolError as refused:
            self.record(actor, action, object_type, refused, outcome="failed")
            raise

    def record(
        self,
        actor: Actor,
        action: str,
        object_type: str,
        error: ToolError | None = None,
        *,
        outcome: str = "allowed",
        object_id: str | int | None = None,
        patient_id: int | None = None,
        detail: str = "",
    ) -> None:
        """Write one audit event in its own transaction."""
        if isinstance(error, AccessDenied):
            object_id = object_id or error.object_id
            patient_id = patient_id or error.patient_id
        if error is not None:
            detail = detail or refusal_detail(error)
        with self.db.transaction() as session:
            append_event(
                session,
                actor,
                action,
                at=self.clock.now(),
                object_type=object_type,
                object_id=object_id,
                patient_id=patient_id,
                outcome=outcome,
                detail=detail,
            )
        if error is not None:
            error.audited = True


def refusal_detail(error: ToolError) -> str:
    """What the audit trail keeps of a refusal: its rule and the field at fault."""
    return f"{error.rule}: {error.field}" if error.field else error.rule
