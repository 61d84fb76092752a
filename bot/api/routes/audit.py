"""The audit trail, for auditors: events, the read-only hash-chain check (against the
last anchor when one is configured), and a CSV export."""

from __future__ import annotations

import io
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query, Response

from bot.api.deps import CurrentActor, Records, Services
from bot.api.errors import ErrorResponses
from bot.api.schemas.admin import AnchorPublic, AuditEventPublic, VerificationPublic
from bot.api.schemas.fields import Day
from tools.audit.reading import MAX_EVENTS, audit_events, export_audit, verify_audit
from tools.fields import MAX_ID

router = APIRouter(prefix="/audit", tags=["audit"])
RESPONSES: ErrorResponses = {
    401: {"description": "No valid API token"},
    403: {"description": "Auditors only"},
    422: {"description": "Bad range or limit"},
}


@router.get(
    "/events",
    response_model=list[AuditEventPublic],
    summary="Events in a date range, oldest first; page with after_id",
    responses=RESPONSES,
)
def events(
    actor: CurrentActor,
    records: Records,
    start: Annotated[Day, Query(alias="from")],
    end: Annotated[Day, Query(alias="to")],
    after_id: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_EVENTS)] = 200,
) -> list[AuditEventPublic]:
    found = audit_events(records, actor, start=start, end=end, after_id=after_id, limit=limit)
    return [AuditEventPublic(**asdict(e)) for e in found]


@router.get(
    "/verify",
    response_model=VerificationPublic,
    summary="Recompute the hash chain and compare it with the last anchor",
    description="Read-only: the verification writes nothing to the store, not even an "
    "event of its own (a refused attempt is audited). With BATON_AUDIT_ANCHOR_FILE set, "
    "the trail is also compared with the last anchor in that file, which catches "
    "deleted newest events.",
    responses={401: RESPONSES[401], 403: RESPONSES[403]},
)
def verify(actor: CurrentActor, records: Records, services: Services) -> VerificationPublic:
    result = verify_audit(records, actor, services.settings.audit_anchor_file)
    anchor = result.anchor
    return VerificationPublic(
        intact=result.intact,
        events=result.events,
        last_id=result.last_id,
        head_hash=result.head_hash,
        problems=list(result.problems),
        anchor=AnchorPublic(**asdict(anchor)) if anchor else None,
    )


@router.get(
    "/export.csv",
    summary="Events in a date range as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}, **RESPONSES},
)
def export(
    actor: CurrentActor,
    records: Records,
    start: Annotated[Day, Query(alias="from")],
    end: Annotated[Day, Query(alias="to")],
) -> Response:
    out = io.StringIO()
    export_audit(records, actor, start, end, out)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="baton-audit-{start}-{end}.csv"'},
    )
