"""The admin's fee schedule in the store: edited on the web or the API, audited.

Until an admin first changes a fee, the file (bundled, or ``BATON_FEE_SCHEDULE``) is the
schedule. The first change copies the file's rows into the store and applies the change
in the same transaction; from then on the stored rows are the schedule, for every worker
at once. One year per schedule, as in the file: a fee for another year is refused.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.access import Actor, Role, require_role
from tools.billing.fee_schedule import Fee, FeeSchedule
from tools.context import ToolContext
from tools.errors import ToolError
from tools.store.models import FeeEntry

CPT_CODE = re.compile(r"^\d{4}[0-9A-Z]$")
MAX_AMOUNT = Decimal("100000.00")
SOURCE_MAX = 200


def stored_schedule(session: Session) -> FeeSchedule | None:
    """The stored schedule, or ``None`` while the file is still the schedule."""
    rows = list(session.scalars(select(FeeEntry)))
    if not rows:
        return None
    return FeeSchedule(Fee(r.code, r.amount_usd, r.year, r.source) for r in rows)


def set_fee(
    ctx: ToolContext, actor: Actor, code: str, amount_usd: str | Decimal, *, source: str
) -> Fee:
    """Add or change one code's amount (admins); audited with the code and the amount."""
    code = str(code).strip().upper()
    if not CPT_CODE.match(code):
        raise ToolError(
            "code must be a five-character CPT code, e.g. 99426", rule="code", field="code"
        )
    amount = _amount(amount_usd)
    source = " ".join(str(source).split())
    if not source or len(source) > SOURCE_MAX:
        raise ToolError(
            f"source must say where the amount comes from (1 to {SOURCE_MAX} characters)",
            rule="source",
            field="source",
        )
    with ctx.write(actor, "billing.fee_set", "fee_schedule") as call:
        require_role(actor, Role.ADMIN, what="changing the fee schedule")
        session = call.session
        now = ctx.clock.now()
        current = stored_schedule(session)
        if current is None:  # the first edit: the file's rows become the stored schedule
            current = ctx.file_fees
            for fee in current.fees.values():
                session.add(
                    FeeEntry(
                        code=fee.code,
                        amount_usd=fee.amount,
                        year=fee.year,
                        source=fee.source,
                        updated_by=None,
                        updated_at=now,
                    )
                )
            session.flush()
        row = session.get(FeeEntry, code)
        if row is None:
            row = FeeEntry(code=code, year=current.year)
            session.add(row)
        row.amount_usd = amount
        # A source is a citation ("CMS PFS 2025 …"), never patient text; still, every
        # free text a tool stores passes the guard.
        row.source = call.free_text(source)
        row.updated_by = actor.staff_id
        row.updated_at = now
        call.audit(object_id=code, detail=f"${amount}")
        return Fee(code, amount, row.year, row.source)


def _amount(value: str | Decimal) -> Decimal:
    text = str(value).strip().lstrip("$")
    if not re.fullmatch(r"\d+(\.\d{1,2})?", text):
        raise ToolError(
            "amount must be dollars with at most two decimals, e.g. 60.49",
            rule="amount",
            field="amount_usd",
        )
    try:
        amount = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:  # pragma: no cover - the pattern refuses these first
        raise ToolError("amount is not a number", rule="amount", field="amount_usd") from None
    if amount > MAX_AMOUNT:
        raise ToolError(
            f"amount must be at most ${MAX_AMOUNT:,.2f}", rule="amount", field="amount_usd"
        )
    return amount
