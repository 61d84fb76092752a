"""The supervisor page's Cases panel: each open case with its current step, who holds
it, its clock, and its flags (an open-loop referral stands out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.web.clocks import clock_words
from tools.access import Actor
from tools.cases.definitions import REFERRAL_OPEN_LOOP_FLAG, WORKFLOWS
from tools.cases.service import CaseView, list_cases
from tools.context import ToolContext

KIND_LABELS = {
    "referral": "Referral",
    "member_change": "Member's PCP change",
    "panel_removal": "Panel removal",
    "complaint": "Complaint",
    "fwa": "Fraud, waste or abuse",
}


@dataclass(frozen=True)
class CaseRow:
    case: CaseView
    title: str  # e.g. "Closed-loop referral: cardiology, urgent"
    step: Any  # the open step (a HandoffView), None while the case waits for a decision
    step_title: str
    clock: dict[str, str] | None
    open_loop: bool


def case_rows(records: ToolContext, actor: Actor, now: datetime) -> list[CaseRow]:
    rows = []
    for case in list_cases(records, actor):
        workflow = WORKFLOWS[case.workflow]
        step = next((s for s in reversed(case.steps) if s.open), None)
        definition = workflow.steps.get(step.step or "") if step else None
        rows.append(
            CaseRow(
                case=case,
                title=f"{KIND_LABELS.get(case.kind, case.kind)}: {_about(case)}",
                step=step,
                step_title=definition.title if definition else "",
                clock=clock_words(step, now) if step else None,
                open_loop=REFERRAL_OPEN_LOOP_FLAG in case.flags,
            )
        )
    return rows


def _about(case: CaseView) -> str:
    """What the case is about, from its codes (cases hold no free text)."""
    data = case.data
    if case.kind == "referral":
        return f"{data.get('specialty', '?')}, {data.get('urgency', 'routine')}"
    reason = data.get("reason_code") or data.get("category") or ""
    return WORKFLOWS[case.workflow].reason_codes.get(reason, reason.replace("_", " "))
