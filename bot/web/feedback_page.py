"""The feedback page: how answers were received, the routes staff correct most, and the
corrections waiting for a supervisor or admin to accept or reject them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from bot.api.deps import CurrentActor, Records
from bot.web.rendering import render
from tools.feedback.report import feedback_report
from tools.feedback.service import list_corrections

router = APIRouter(include_in_schema=False)


@router.get("/feedback")
def feedback_page(
    request: Request,
    actor: CurrentActor,
    records: Records,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] = None,
) -> HTMLResponse:
    return render(
        request,
        "feedback.html",
        actor,
        month=month,
        report=feedback_report(records, actor, month),
        pending=list_corrections(records, actor, "pending"),
        accepted=list_corrections(records, actor, "accepted"),
    )
