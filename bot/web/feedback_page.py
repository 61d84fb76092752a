"""The feedback page: how answers were received, the routes staff correct most, and the
corrections waiting for a supervisor or admin to accept or reject them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from bot.api.deps import CurrentActor, Engine, Records
from bot.feedback_names import named_corrections, named_report
from bot.web.rendering import render
from tools.feedback.report import feedback_report
from tools.feedback.service import list_corrections

router = APIRouter(include_in_schema=False)


@router.get("/feedback")
def feedback_page(
    request: Request,
    actor: CurrentActor,
    records: Records,
    engine: Engine,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] = None,
) -> HTMLResponse:
    return render(
        request,
        "feedback.html",
        actor,
        month=month,
        report=named_report(engine.catalog, feedback_report(records, actor, month)),
        pending=named_corrections(records, engine.catalog, list_corrections(records, actor)),
        accepted=named_corrections(
            records, engine.catalog, list_corrections(records, actor, "accepted")
        ),
    )
