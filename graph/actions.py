"""The "act" part of a turn: coordinator commands run against the tools, never unasked.

understand → (propose → confirm → execute | look_up) → respond. Writing pauses at
``confirm`` with LangGraph ``interrupt()``: nothing is saved until the coordinator says
yes, and the pause survives a restart (the checkpointer keeps it). Patient references
and dates arrive as placeholders; they are resolved to the values the author typed
inside the guard, and only placeholders go back into the state.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any, Literal

from langchain_core.runnables import RunnableConfig
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from graph.answers import answer_records
from graph.commands import HandoffStatus, LogTime, TrackHandoffs, resolve_day
from graph.intents import RecordsQuestion, classify
from graph.outcomes import ActionOutcome, ConfirmationRequest
from graph.refusals import plain_refusal
from graph.services import TurnServices
from graph.state import BatonState, TurnContext, command_of, thread_id_of
from tools.access import Actor
from tools.decision_requests.records import DecisionView
from tools.errors import ToolError
from tools.phi.guard import PLACEHOLDER
from tools.staff import actor_for
from tools.tasks.recording import SentForSignOff, TimeToLog, record_time
from tools.tasks.service import preview_log_task, task_type_for_phrase

YES = frozenset({"yes", "y", "yep", "ok", "okay", "confirm", "confirmed", "save", "go ahead"})
NO = frozenset({"no", "n", "nope", "cancel", "stop", "don't", "dont"})

UnderstoodNode = Literal[
    "propose", "look_up", "nothing_pending", "track", "handoff_status", "route"
]
# The node each kind of coordinator command goes to after "understand"; anything else routes.
_NODE_FOR_COMMAND: dict[str, UnderstoodNode] = {
    "log": "propose",
    "records": "look_up",
    "stray_answer": "nothing_pending",
    "track": "track",
    "handoff_status": "handoff_status",
}


def answer_is_yes(answer: str) -> bool | None:
    """True for yes, False for no, None for anything else (a new request)."""
    word = " ".join(answer.lower().strip(" .!").split())
    if word in YES:
        return True
    if word in NO:
        return False
    return None


class TurnActions:
    def __init__(self, services: TurnServices) -> None:
        self.s = services

    # -- understand ------------------------------------------------------------------

    def understand(self, state: BatonState) -> dict[str, Any]:
        """What the message asks for (graph.intents), before any routing."""
        intent = classify(state["request"])
        command = intent.command
        found: dict[str, Any] | None
        if intent.kind == "plan_request" and answer_is_yes(state["request"]) is not None:
            # A bare yes/no with nothing waiting for it (confirm() consumes real answers).
            found = {"kind": "stray_answer"}
        elif isinstance(command, LogTime):
            found = {"kind": "log", **asdict(command)}
        elif intent.question is not None:
            found = {"kind": "records", **asdict(intent.question)}
        elif isinstance(command, TrackHandoffs):
            found = {"kind": "track", "which": list(command.which)}
        elif isinstance(command, HandoffStatus):
            found = {"kind": "handoff_status", "handoff_id": command.handoff_id}
        else:
            found = None
        return {"command": found, "proposal": None, "outcome": None, "confirmation": None}

    @staticmethod
    def after_understand(state: BatonState) -> UnderstoodNode:
        kind = (state.get("command") or {}).get("kind")
        return _NODE_FOR_COMMAND.get(kind or "", "route")

    def nothing_pending(self, state: BatonState) -> dict[str, Any]:
        message = "Nothing is waiting for a yes or no in this conversation."
        return finish(ActionOutcome(status="cancelled", message=message))

    # -- helpers ---------------------------------------------------------------------

    def actor(self, runtime: Runtime[TurnContext]) -> Actor | ActionOutcome:
        if self.s.records is None:
            return ActionOutcome(
                status="unavailable", message="The system of record is not set up here."
            )
        staff_id = runtime.context.staff_id
        if staff_id is None:
            return ActionOutcome(
                status="unavailable",
                message="I don't know which staff member you are, so I can't log time or "
                "show a panel. Ask an admin to link your account (CLI: --as or "
                "BATON_STAFF_ID).",
            )
        try:
            return actor_for(self.s.records, staff_id, runtime.context.channel)
        except ToolError as error:
            return ActionOutcome(status="unavailable", message=str(error), rule=error.rule)

    def safe(self, text: str, config: RunnableConfig) -> str:
        """Tool messages name charts; they go through the guard before the state."""
        placeholders = self.s.placeholders.for_thread(thread_id_of(config))
        return self.s.guard.redact(text, placeholders).text

    def _refusal(
        self, error: ToolError, config: RunnableConfig, viewer: str | None = None
    ) -> dict[str, Any]:
        """The tool's refusal in plain words with how to fix it. What it names (a date, a
        chart the author typed) goes into the state as placeholders; ``viewer``, the
        author, reads the values back."""
        message = plain_refusal(error.rule, str(error))
        if viewer is None:
            message = self.safe(message, config)
        else:
            message = self.safe_for(message, config, viewer)
        return finish(ActionOutcome(status="refused", message=message, rule=error.rule))

    def safe_for(self, text: str, config: RunnableConfig, viewer: str) -> str:
        """``safe``, and ``viewer`` (who was shown these values by the tools) may read
        them back."""
        thread = thread_id_of(config)
        redaction = self.s.guard.redact(text, self.s.placeholders.for_thread(thread))
        self.s.own_text.remember(thread, viewer, redaction.originals(text))
        return redaction.text

    def _original(self, ref: str, config: RunnableConfig, author: str) -> str | None:
        if PLACEHOLDER.fullmatch(ref) is None:
            return ref
        return self.s.own_text.original(thread_id_of(config), author, ref)

    def _show(self, value: str, kind: str, config: RunnableConfig, viewer: str) -> str:
        """A placeholder for an identifier a tool showed to ``viewer`` (who may see it)."""
        thread = thread_id_of(config)
        placeholder = self.s.placeholders.for_thread(thread).placeholder_for(kind, value)
        self.s.own_text.remember(thread, viewer, {placeholder: value})
        return placeholder

    # -- log time: propose, confirm, execute -----------------------------------------

    def propose(
        self, state: BatonState, config: RunnableConfig, runtime: Runtime[TurnContext]
    ) -> dict[str, Any]:
        command = LogTime(**{k: v for k, v in command_of(state).items() if k != "kind"})
        actor = self.actor(runtime)
        if isinstance(actor, ActionOutcome):
            return finish(actor)
        author = runtime.context.actor
        if command.patient_ref is None:
            return finish(
                ActionOutcome(
                    status="refused",
                    message="Which patient? Add the chart code, e.g. "
                    "'log 25 min CCM care plan review for chart AB1234'.",
                    rule="patient_missing",
                )
            )
        chart = self._original(command.patient_ref, config, author)
        if chart is None:
            return finish(_expired())
        day_literal = None
        if command.day_ref and PLACEHOLDER.fullmatch(command.day_ref):
            day_literal = self._original(command.day_ref, config, author)
            if day_literal is None:
                return finish(_expired())
        records = self.s.records
        assert records is not None  # actor() checked
        try:
            day = resolve_day(command.day_ref, records.clock.today(), day_literal)
            task_type = task_type_for_phrase(records, actor, command.task_phrase, chart)
            preview = preview_log_task(
                records,
                actor,
                coordinator_id=actor.staff_id or 0,
                patient=chart,
                task_type=task_type,
                minutes=command.minutes,
                task_date=day,
                notes=command.notes,
            )
        except ToolError as error:
            return self._refusal(error, config, author)
        except ValueError as error:  # a date Baton could not read
            return finish(_date_refusal(error))
        patient = command.patient_ref if chart != command.patient_ref else self.safe(chart, config)
        question = (
            f"Log {preview.minutes} min of '{preview.task_type}' for {patient} on "
            f"{_day_words(preview.task_date, records.clock.today())}? (yes / no)"
        )
        needs = preview.needs_confirmation
        warning = self.safe(needs, config) if needs else None
        if preview.signoff_role:
            question = question.replace(
                "? (yes / no)",
                f"? It is over twice the task's average, so a yes sends it to the "
                f"{preview.signoff_role} for sign-off; nothing is logged until they approve. "
                "(yes / no)",
            )
        return {
            "proposal": {
                "signoff_role": preview.signoff_role,
                "patient_id": preview.patient_id,
                "task_type": preview.task_type,
                "minutes": preview.minutes,
                "task_date": preview.task_date.isoformat(),
                "notes": command.notes,
                "above_average": preview.needs_confirmation is not None,
                "patient_ref": patient,
            },
            "confirmation": ConfirmationRequest(question=question, warning=warning).model_dump(),
        }

    @staticmethod
    def after_propose(state: BatonState) -> Literal["confirm", "respond"]:
        return "confirm" if state.get("proposal") else "respond"

    def confirm(self, state: BatonState) -> dict[str, Any]:
        # Pauses the thread until the coordinator answers; the surface resumes it with
        # the (redacted) reply. Nothing before this line may have side effects: the node
        # runs again from the top on resume.
        confirmation = state["confirmation"]
        assert confirmation is not None  # propose set it with the proposal
        answer = interrupt({"kind": "confirm", **confirmation})
        decided = answer_is_yes(str(answer))
        return {"confirmed": bool(decided), "unrelated_reply": decided is None}

    @staticmethod
    def after_confirm(state: BatonState) -> Literal["execute", "cancelled"]:
        return "execute" if state.get("confirmed") else "cancelled"

    def cancelled(self, state: BatonState) -> dict[str, Any]:
        return finish(ActionOutcome(status="cancelled", message="Cancelled; nothing was logged."))

    def execute(
        self, state: BatonState, config: RunnableConfig, runtime: Runtime[TurnContext]
    ) -> dict[str, Any]:
        proposal = state["proposal"]
        assert proposal is not None  # confirm said yes to it
        actor = self.actor(runtime)
        if isinstance(actor, ActionOutcome):
            return finish(actor)
        entry = TimeToLog(
            coordinator_id=actor.staff_id or 0,
            patient=proposal["patient_id"],
            task_type=proposal["task_type"],
            minutes=proposal["minutes"],
            task_date=date.fromisoformat(proposal["task_date"]),
            notes=proposal["notes"],
        )
        records = self.s.records
        assert records is not None  # actor() answers "unavailable" without a store
        try:
            recorded = record_time(
                records,
                actor,
                entry,
                confirm=proposal["above_average"],  # the yes was to the warning too
                thread_id=thread_id_of(config),
            )
        except ToolError as error:
            return self._refusal(error, config, runtime.context.actor)
        if isinstance(recorded, SentForSignOff):
            return _waiting_for_signoff(proposal, recorded.decision)
        message = (
            f"Logged {recorded.minutes} min of '{proposal['task_type']}' for "
            f"{proposal['patient_ref']} on {proposal['task_date']} (entry {recorded.id}); "
            f"{recorded.minutes_that_day} min logged that day."
        )
        return finish(ActionOutcome(status="done", message=message))

    @staticmethod
    def after_execute(state: BatonState) -> Literal["await_decision", "respond"]:
        return "await_decision" if state.get("decision_request") else "respond"

    # -- questions about the asker's own records --------------------------------------

    def look_up(
        self, state: BatonState, config: RunnableConfig, runtime: Runtime[TurnContext]
    ) -> dict[str, Any]:
        actor = self.actor(runtime)
        if isinstance(actor, ActionOutcome):
            return finish(actor)
        records = self.s.records
        assert records is not None
        asked = {k: v for k, v in command_of(state).items() if k != "kind"}
        question = RecordsQuestion(**asked)
        viewer = runtime.context.actor
        day = None
        if question.patient_ref is not None:
            chart = self._original(question.patient_ref, config, viewer)
            if chart is None:
                return finish(_expired())
            question = RecordsQuestion(**{**asked, "patient_ref": chart})
        try:
            if question.span == "day" and question.day_ref is not None:
                literal = None
                if PLACEHOLDER.fullmatch(question.day_ref):
                    literal = self._original(question.day_ref, config, viewer)
                    if literal is None:
                        return finish(_expired())
                day = resolve_day(question.day_ref, records.clock.today(), literal)
            answer = answer_records(
                records,
                actor,
                question,
                lambda chart: self._show(chart, "MRN", config, viewer),
                day,
            )
        except ToolError as error:
            return self._refusal(error, config, viewer)
        except ValueError as error:  # a date Baton could not read
            return finish(_date_refusal(error))
        return {
            "answer_kind": "records",
            "records_answer": answer.model_dump(),
            "outcome": None,
            "proposal": None,
            "confirmation": None,
        }


def _waiting_for_signoff(proposal: dict[str, Any], asked: DecisionView) -> dict[str, Any]:
    """The coordinator said yes to an entry that needs the supervisor: the thread waits
    for their answer (await_decision)."""
    note = (
        f"Sent to the {asked.owner_role} as decision request #{asked.id}, due "
        f"{asked.due_at:%Y-%m-%d %H:%M} UTC. Nothing is logged until they approve; this "
        "conversation waits for their answer."
    )
    waiting = ActionOutcome(
        status="waiting",
        message=f"{proposal['minutes']} min of '{proposal['task_type']}' for "
        f"{proposal['patient_ref']} is waiting for sign-off.",
    )
    return {
        **finish(waiting),
        "decision_request": {
            "id": asked.id,
            "owner_role": asked.owner_role,
            "due_at": asked.due_at.isoformat(),
        },
        "decision_note": note,
    }


def finish(outcome: ActionOutcome) -> dict[str, Any]:
    return {
        "answer_kind": "action",
        "outcome": outcome.model_dump(),
        "proposal": None,
        "confirmation": None,
    }


def _date_refusal(error: ValueError) -> ActionOutcome:
    """Its message already says how to write a date."""
    return ActionOutcome(status="refused", message=str(error), rule="date")


def _expired() -> ActionOutcome:
    return ActionOutcome(
        status="refused",
        message="I no longer hold the chart code or date you typed (they are kept in memory "
        "only, for a while). Please send the request again.",
        rule="reference_expired",
    )


def _day_words(day: date, today: date) -> str:
    if day == today:
        return f"{day.isoformat()} (today)"
    return day.isoformat()
