"""Baton's deterministic tools, as LangChain tools a chat-model specialist may call.

The model proposes; the tool layer decides. Every tool

- takes typed arguments (a pydantic model; bad arguments go back to the model as an
  error naming the field, never run),
- calls the ``tools/`` function with the turn's ``Actor``, so the access rules of the
  tool layer apply exactly as on any surface (a coordinator asking for billing codes is
  refused, and the refusal is audited),
- returns text that passes the PHI guard before the model sees it: chart codes become
  the thread's placeholders, which only their author can read back.

Nothing here writes a record or makes a decision: a time entry is only checked (the
coordinator confirms it in chat, where it is written), and a final decision becomes a
decision request for its named owner through the graph's decision flow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Literal

from langchain_core.messages import ToolCall, ToolMessage
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field, ValidationError

from agents.assignment import Assignment
from agents.plan import BoundaryPart
from graph.commands import resolve_day
from graph.router import decision_owner, owner_table
from knowledge.catalog import Catalog
from knowledge.schema import DecisionKind
from tools.access import Actor
from tools.billing.codes import describe_codes
from tools.billing.errors import BillingError
from tools.billing.service import billing_codes_for
from tools.context import ToolContext
from tools.errors import ToolError
from tools.handoffs.records import HandoffSpec
from tools.handoffs.service import open_handoff
from tools.panel import patient_panel
from tools.phi.guard import PLACEHOLDER
from tools.tasks.service import list_tasks, preview_log_task, task_type_for_phrase

MAX_ROWS = 10  # rows a tool shows the model; counts cover the rest
MAX_RESULT_CHARS = 4000


class TurnPhi:
    """The PHI guard as one turn's tools need it (thread placeholders, author's values)."""

    def __init__(
        self,
        redact: Callable[[str], str],
        show: Callable[[str, str], str],
        original: Callable[[str], str | None],
    ) -> None:
        self.redact = redact  # text -> redacted with the thread's placeholders
        self.show = show  # (value, type) -> the placeholder the author may read back
        self.original = original  # placeholder -> what the author typed, if still held


# -- typed arguments ---------------------------------------------------------------------


class TaskLogArgs(BaseModel):
    period: Literal["today", "week", "month"] = Field(
        default="today", description="whose entries: the last day, 7 days or 30 days"
    )


class TimeEntryArgs(BaseModel):
    patient: str = Field(description="the chart placeholder from the request, e.g. <MRN_1>")
    task_type: str = Field(
        min_length=2, max_length=120, description="task type, e.g. 'care plan review'"
    )
    minutes: int = Field(ge=1, le=600)
    day: str | None = Field(
        default=None, description="today, yesterday, a weekday, or a <DATE_n> placeholder"
    )


class BillingCodesArgs(BaseModel):
    program: Literal["ccm", "pcm"]
    minutes: int = Field(ge=0, le=10_000, description="qualifying minutes in the month")
    complex: bool = Field(default=False, description="a recorded complex-CCM determination")
    physician: bool = Field(default=False, description="the billing practitioner's own time")


class PanelArgs(BaseModel):
    visit: Literal["overdue", "due_soon", "current"] | None = Field(
        default=None, description="only patients with this visit status"
    )


class OpenHandoffArgs(BaseModel):
    boundary: int = Field(ge=1, le=50, description="number of the plan's handoff (1 = first)")
    waiting_on: str = Field(
        default="", max_length=500, description="what the handoff waits for, if anything"
    )


class DecisionArgs(BaseModel):
    kind: DecisionKind = Field(description="the kind of final decision the request asks for")
    question: str = Field(
        min_length=5, max_length=1000, description="the decision to be made, in one sentence"
    )


@dataclass(frozen=True)
class DecisionProposal:
    kind: str
    owner: str
    question: str  # redacted


@dataclass
class TurnToolbox:
    """The tools of one specialist turn, bound to who is asking and what was routed."""

    catalog: Catalog
    assignment: Assignment
    phi: TurnPhi
    records: ToolContext | None = None
    actor: Actor | None = None
    boundaries: list[BoundaryPart] = field(default_factory=list)  # the plan's handoffs
    thread_id: str | None = None
    decision: DecisionProposal | None = None
    findings: list[str] = field(default_factory=list)

    # -- what the model sees -------------------------------------------------------------

    def tools(self) -> list[BaseTool]:
        found: list[BaseTool] = [
            StructuredTool.from_function(
                self._request_decision,
                name="request_decision",
                description="Send a final decision the request asks for to the named human "
                "owner (Baton never decides). Use once, only for a final clinical, legal, "
                "compliance, coding, billing, audit, employment, contracting or executive "
                "decision.",
                args_schema=DecisionArgs,
            )
        ]
        if self.records is None or self.actor is None:
            return found  # no linked staff account: no record tools
        return [
            StructuredTool.from_function(
                self._task_log,
                name="task_log",
                description="The coordinator time entries the user may see for a period: "
                "count, minutes and task types.",
                args_schema=TaskLogArgs,
            ),
            StructuredTool.from_function(
                self._check_time_entry,
                name="check_time_entry",
                description="Check a time entry against every logging rule without saving it. "
                "The coordinator logs it in chat ('log 25 min care plan review for chart "
                "<MRN_1>'), with a confirmation.",
                args_schema=TimeEntryArgs,
            ),
            StructuredTool.from_function(
                self._billing_codes,
                name="billing_codes",
                description="CPT codes for one patient-month's minutes under the CMS CCM/PCM "
                "rules (supervisors and admins only).",
                args_schema=BillingCodesArgs,
            ),
            StructuredTool.from_function(
                self._open_handoff,
                name="open_handoff",
                description="Start tracking one of the plan's handoffs: its owner is told, "
                "and it is nudged and escalated on the plan's clock. Only when the user asks "
                "for it to be tracked or handed over now.",
                args_schema=OpenHandoffArgs,
            ),
            StructuredTool.from_function(
                self._panel,
                name="patient_panel",
                description="The user's patient panel: visit status, care gaps, task "
                "progress (chart codes as placeholders).",
                args_schema=PanelArgs,
            ),
            *found,
        ]

    def run(self, call: ToolCall) -> ToolMessage:
        """Run one tool call; any refusal or bad argument becomes the tool's answer."""
        tools = {tool.name: tool for tool in self.tools()}
        tool = tools.get(call["name"])
        if tool is None:
            content = f"error: no tool named {call['name']!r}; available: {', '.join(tools)}"
        else:
            content = self._invoke(tool, call.get("args") or {})
        content = self.phi.redact(content[:MAX_RESULT_CHARS])
        self.findings.append(f"{call['name']}: {content.splitlines()[0] if content else ''}")
        return ToolMessage(content=content, tool_call_id=call.get("id") or "", name=call["name"])

    def _invoke(self, tool: BaseTool, args: dict[str, Any]) -> str:
        schema = tool.args_schema
        assert isinstance(schema, type) and issubclass(schema, BaseModel)
        try:
            parsed = schema.model_validate(args)
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'arguments'}: {e['msg']}" for e in error.errors()
            )
            return f"error: invalid arguments ({problems})"
        try:
            # Every tool here is a StructuredTool (tools()); BaseTool declares no func.
            return str(tool.func(**parsed.model_dump()))  # type: ignore[attr-defined]
        except ToolError as error:  # includes AccessDenied: audited by the tool layer
            return f"refused ({error.rule}): {error}"
        except ValueError as error:  # a date Baton could not read
            return f"refused: {error}"

    # -- the tools ---------------------------------------------------------------------

    def _ctx(self) -> tuple[ToolContext, Actor]:
        assert self.records is not None and self.actor is not None
        return self.records, self.actor

    def _task_log(self, period: str) -> str:
        records, actor = self._ctx()
        today = records.clock.today()
        start = today - timedelta(days={"today": 0, "week": 6, "month": 29}[period])
        entries = list_tasks(records, actor, start=start, end=today)
        minutes = sum(e.minutes for e in entries)
        lines = [f"{len(entries)} entries, {minutes} min, {start.isoformat()} to {today}"]
        for entry in entries[:MAX_ROWS]:
            chart = self.phi.show(entry.chart_code, "MRN")
            lines.append(f"{entry.task_date}  {chart}  {entry.task_type}  {entry.minutes} min")
        return "\n".join(lines)

    def _check_time_entry(self, patient: str, task_type: str, minutes: int, day: str | None) -> str:
        records, actor = self._ctx()
        chart = self.phi.original(patient) if PLACEHOLDER.fullmatch(patient) else None
        if chart is None:
            return "refused (patient): name the patient by the chart placeholder in the request"
        literal = self.phi.original(day) if day and PLACEHOLDER.fullmatch(day) else None
        task_date = resolve_day(day, records.clock.today(), literal)
        kind = task_type_for_phrase(records, actor, task_type, chart)
        preview = preview_log_task(
            records,
            actor,
            coordinator_id=actor.staff_id or 0,
            patient=chart,
            task_type=kind,
            minutes=minutes,
            task_date=task_date,
        )
        verdict = (
            f"needs confirmation: {preview.needs_confirmation}"
            if preview.needs_confirmation
            else "passes every rule"
        )
        return (
            f"{preview.minutes} min of '{preview.task_type}' for {patient} on "
            f"{preview.task_date}: {verdict}. Not saved: the coordinator logs it in chat."
        )

    def _billing_codes(self, program: str, minutes: int, complex: bool, physician: bool) -> str:
        records, actor = self._ctx()
        try:
            codes = billing_codes_for(
                records, actor, program.upper(), minutes, complex=complex, physician=physician
            )
        except BillingError as error:  # e.g. physician time asked of the PCM staff family
            return f"refused (billing_rule): {error}"
        return f"{program.upper()} {minutes} min: {describe_codes(codes)}"

    def _panel(self, visit: str | None) -> str:
        records, actor = self._ctx()
        rows = patient_panel(records, actor, visit=visit)
        overdue = sum(row.visit_status == "overdue" for row in rows)
        gaps = sum(row.open_care_gaps for row in rows)
        lines = [f"{len(rows)} patients; {overdue} overdue for a visit; {gaps} open care gaps"]
        for row in rows[:MAX_ROWS]:
            chart = self.phi.show(row.chart_code, "MRN")
            lines.append(
                f"{chart}  {row.program or '-'}  visit {row.visit_status}  "
                f"gaps {row.open_care_gaps}  tasks {row.monthly_tasks_done}/"
                f"{row.monthly_tasks_total}  {row.minutes_this_month} min this month"
            )
        return "\n".join(lines)

    def _open_handoff(self, boundary: int, waiting_on: str) -> str:
        records, actor = self._ctx()
        if boundary > len(self.boundaries):
            return f"refused (boundary): the plan has {len(self.boundaries)} handoffs"
        chosen = self.boundaries[boundary - 1]
        escalate_to = chosen.exception.escalate_to
        # The handoff's owner, clock and escalation come from the plan (the handoff map),
        # never from the model.
        spec = HandoffSpec(
            title=f"{chosen.name}: {chosen.from_party} → {chosen.to_party}",
            owner_role=chosen.owner,
            escalate_to_role=None if escalate_to in self.catalog.agents else escalate_to,
            due_in=timedelta(hours=chosen.time_frame_hours),
            escalate_after=timedelta(hours=chosen.exception.timeout_hours),
            entry_conditions=(
                *chosen.entry_conditions.inputs,
                *chosen.entry_conditions.validations,
            ),
            waiting_on=self.phi.redact(waiting_on),
            outcome_target=chosen.outcome,
        )
        opened = open_handoff(records, actor, spec, thread_id=self.thread_id)
        return (
            f"opened handoff #{opened.id} '{opened.title}' for the {opened.owner_role}, due "
            f"{opened.due_at:%Y-%m-%d %H:%M} UTC; escalates to "
            f"{opened.escalate_to_role or opened.owner_role} when it stalls"
        )

    def _request_decision(self, kind: str, question: str) -> str:
        assignment = self.assignment
        workflow = self.catalog.workflows.get(assignment.workflow or "")
        owner = decision_owner(kind, owner_table(self.catalog, assignment.primary_agent, workflow))
        already = assignment.decision or self.decision
        if already is not None:
            return f"already going to the {already.owner} as a decision request; nothing to add"
        self.decision = DecisionProposal(kind=kind, owner=owner, question=self.phi.redact(question))
        return (
            f"a {kind} decision request will go to the {owner} with this plan; Baton does "
            "not decide it"
        )
