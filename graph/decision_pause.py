"""The "decide" part of a turn: a final decision pauses the thread for its human owner.

plan → request_decision → await_decision (``interrupt()``) → respond. The request goes
to the store (``tools.decision_requests``) for the role's owner; the thread waits on the
persistent checkpointer, across restarts, until the owner answers through any surface.
``BatonEngine.resume_decision`` then resumes it with the recorded answer, and the asker
is told who decided what. Baton never answers a decision itself.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from langchain_core.runnables import RunnableConfig
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from agents.plan import HandoffPlan
from graph.outcomes import ActionOutcome
from graph.services import TurnServices
from graph.state import BatonState, TurnContext, thread_id_of
from tools.decision_requests.service import open_decision
from tools.errors import AccessDenied, ToolError
from tools.staff import actor_for

DECISION_DUE = timedelta(hours=24)


class TurnDecisions:
    def __init__(self, services: TurnServices) -> None:
        self.s = services

    def after_plan(self, state: BatonState) -> Literal["request_decision", "respond"]:
        plan = state.get("plan") or {}
        return "request_decision" if plan.get("decision") else "respond"

    def request_decision(
        self, state: BatonState, config: RunnableConfig, runtime: Runtime[TurnContext]
    ) -> dict[str, Any]:
        plan = HandoffPlan.model_validate(state["plan"])
        decision = plan.decision
        assert decision is not None  # after_plan checked
        records, staff_id = self.s.records, runtime.context.staff_id
        if records is None or staff_id is None:
            note = (
                f"This needs a decision by the {decision.owner}. Baton can send it to them "
                "once it knows who you are (a linked staff account)."
            )
            return {"decision_request": None, "decision_note": note}
        try:
            actor = actor_for(records, staff_id, runtime.context.channel)
            opened = open_decision(
                records,
                actor,
                kind=decision.kind,
                question=plan.request,  # the whole request, redacted
                owner_role=decision.owner,
                due_in=DECISION_DUE,
                evidence=decision_evidence(plan),
                thread_id=thread_id_of(config),
            )
        except AccessDenied as denied:  # the tool layer refused and audited it
            note = (
                f"This needs a decision by the {decision.owner}, and {denied} "
                f"({denied.rule}), so Baton has not sent it. Ask someone whose role can."
            )
            return {"decision_request": None, "decision_note": note}
        except ToolError as error:  # e.g. nobody fills the role: reported, never skipped
            message = self.s.guard.redact(str(error)).text
            return {"decision_request": None, "decision_note": message}
        return {
            "decision_request": {
                "id": opened.id,
                "owner_role": opened.owner_role,
                "due_at": opened.due_at.isoformat(),
            },
            "decision_note": (
                f"Sent to the {opened.owner_role} as decision request #{opened.id}, due "
                f"{opened.due_at:%Y-%m-%d %H:%M} UTC. This conversation waits for their answer."
            ),
        }

    @staticmethod
    def after_request(state: BatonState) -> Literal["await_decision", "respond"]:
        return "await_decision" if state.get("decision_request") else "respond"

    def await_decision(self, state: BatonState) -> dict[str, Any]:
        request = state["decision_request"]
        assert request is not None  # after_request comes here only with one
        # Resumed only by BatonEngine.resume_decision, with the answer read from the store.
        answer = interrupt({"kind": "decision", **request})
        return {"outcome": decision_outcome(request, answer).model_dump(), "decided": True}


def decision_evidence(plan: HandoffPlan) -> str:
    """What the owner gets with the question: the plan in brief (redacted, like the plan)."""
    decision = plan.decision
    assert decision is not None
    lines = [
        f'Final {decision.kind} decision asked for: "{decision.request}".',
        f"Plan: {plan.workflow_name or plan.primary.display_name}, led by "
        f"{plan.primary.display_name}"
        + (f" with {', '.join(p.display_name for p in plan.supporting)}" if plan.supporting else "")
        + ".",
        "Baton provides: " + "; ".join(decision.what_baton_provides) + ".",
    ]
    if plan.sources_to_verify:
        lines.append("Verify: " + "; ".join(plan.sources_to_verify) + ".")
    return "\n".join(lines)


def decision_outcome(request: dict[str, Any], answer: dict[str, Any]) -> ActionOutcome:
    """What the asker is told once the owner has answered (ids and redacted text only)."""
    status = answer.get("status", "?")
    by = answer.get("decided_by_name") or (
        f"staff {answer['decided_by']}" if answer.get("decided_by") is not None else None
    )
    message = f"Decision request #{request['id']}: {status}"
    message += f" by {by} ({request['owner_role']})." if by else f" ({request['owner_role']})."
    lines = [f"Comment: {answer['comment']}"] if answer.get("comment") else []
    if answer.get("edited_arguments"):
        changed = ", ".join(f"{k} = {v}" for k, v in sorted(answer["edited_arguments"].items()))
        lines.append(f"Changed: {changed}")
    if answer.get("result"):
        done = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(answer["result"].items()))
        lines.append(f"Carried out: {done}")
    carried = status in ("approved", "edited")
    return ActionOutcome(
        status="done" if carried else "refused",
        message=message,
        lines=lines,
        rule=None if carried else status,
    )
