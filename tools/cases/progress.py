"""Moving a case along its workflow: opening a step, completing it with an outcome.

Runs inside the caller's tool call, so a step's completion, the next step's handoff, the
case's state and their audit events commit together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tools.cases.assignments import assign_pcp, find_provider
from tools.cases.definitions import CLOSE, WORKFLOWS, StepDefinition, WorkflowDefinition
from tools.context import Call
from tools.errors import ToolError
from tools.fields import id_or_name
from tools.handoffs.records import HandoffSpec, insert_handoff
from tools.notify import queue_notification
from tools.store.models import Case, Handoff


def workflow_of(case: Case) -> WorkflowDefinition:
    return WORKFLOWS[case.workflow]


def case_data(case: Case) -> dict[str, Any]:
    return json.loads(case.data or "{}")


def spec_for(case: Case, step: StepDefinition, due_in: timedelta | None = None) -> HandoffSpec:
    return HandoffSpec(
        title=f"{step.title} (case #{case.id}, {workflow_of(case).name.lower()})",
        owner_role=step.owner_role,
        escalate_to_role=step.escalate_to,
        due_in=due_in or timedelta(hours=step.due_hours),
        escalate_after=timedelta(hours=step.escalate_after_hours),
        entry_conditions=step.entry_conditions,
        waiting_on=step.waiting_on,
        outcome_target=step.outcome_target,
        priority="high" if "high" in (step.priority, case.priority) else "normal",
        step=step.key,
    )


def open_step(
    call: Call,
    case: Case,
    step_key: str,
    *,
    due_in: timedelta | None = None,
    due_at: datetime | None = None,
    thread_id: str | None = None,
) -> Handoff:
    step = workflow_of(case).step(step_key)
    configured = case_data(case).get("step_due_hours", {}).get(step_key)
    if due_in is None and configured:
        due_in = timedelta(hours=int(configured))
    return insert_handoff(
        call,
        spec_for(case, step, due_in),
        patient_id=case.patient_id,
        case_id=case.id,
        due_at=due_at,
        thread_id=thread_id,
    )


def advance(
    call: Call, case: Case, handoff: Handoff, outcome: str | None, details: Mapping[str, str]
) -> tuple[str, Handoff | None]:
    """Apply ``outcome`` of the case step ``handoff``: open the next step or close the
    case. Returns the result recorded on the step and the next step's handoff, if any."""
    workflow = workflow_of(case)
    step = workflow.step(handoff.step or "")
    if outcome is None and len(step.outcomes) == 1:
        outcome = next(iter(step.outcomes))
    if outcome is None or outcome not in step.outcomes:
        choices = ", ".join(step.outcomes)
        raise ToolError(
            f"step '{step.title}' ends with one of: {choices}", rule="outcome", field="outcome"
        )
    after = step.outcomes[outcome]
    missing = [name for name in after.needs if not str(details.get(name, "")).strip()]
    if missing:
        raise ToolError(
            f"outcome {outcome} needs {', '.join(missing)}",
            rule="outcome_details",
            field=missing[0],
        )
    now, today = call.context.clock.now(), call.context.clock.today()
    due_at = None
    if "appointment_date" in after.needs:
        appointment = _date(details["appointment_date"])
        if appointment < today:
            raise ToolError(
                "the appointment date is in the past",
                rule="appointment_date",
                field="appointment_date",
            )
        next_step = workflow.step(after.step)
        # The visit is due the day of the appointment; the clock runs to the end of the
        # following business window (no-show outreach within 1 business day).
        due_at = datetime.combine(appointment + timedelta(days=1), time.min, tzinfo=UTC) + (
            timedelta(hours=next_step.due_hours)
        )
    if "provider" in after.needs:
        provider = find_provider(call.session, _provider_ref(details["provider"]))
        data = case_data(case)
        assign_pcp(
            call.session,
            patient_id=case.patient_id or 0,
            provider_id=provider.id,
            source="reassignment",
            today=today,
            now=now,
            changed_by=call.actor.staff_id,
            reason_code=data.get("reason_code"),
            case_id=case.id,
        )
    result = outcome + (f": {after.result}" if after.result else "")
    if after.step == CLOSE:
        close_case(call, case, after.result or outcome)
        return result, None
    return result, open_step(call, case, after.step, due_at=due_at)


def close_case(call: Call, case: Case, outcome: str, *, status: str = "closed") -> None:
    now = call.context.clock.now()
    case.status = status
    case.outcome = outcome[:200]
    case.closed_at = now
    text = f"Case #{case.id} ({workflow_of(case).name.lower()}) {status}: {outcome}"
    if case.opened_by is not None:
        _tell(call, case, case.opened_by, f"case.{status}", text)


def add_flag(case: Case, flag: str) -> bool:
    """Mark the case (e.g. open_loop); False when it already carries the flag."""
    flags = json.loads(case.flags or "[]")
    if flag in flags:
        return False
    case.flags = json.dumps([*flags, flag])
    return True


def _tell(call: Call, case: Case, recipient: int, kind: str, text: str) -> None:
    queue_notification(
        call.session,
        recipient_staff_id=recipient,
        kind=kind,
        subject_type="case",
        subject_id=case.id,
        text=text,
        now=call.context.clock.now(),
    )


def _date(text: str) -> date:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise ToolError(
            "the appointment date must be a date (YYYY-MM-DD)",
            rule="appointment_date",
            field="appointment_date",
        ) from None


def _provider_ref(text: str) -> int | str:
    return id_or_name(str(text), field="provider", max_digits=9)
