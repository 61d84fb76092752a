"""A specialist with a chat model: writes its answer on top of the offline plan.

The offline composer's plan is the floor: its owners, boundaries, sources, decision and
PHI reminder stay exactly as built. The model adds the specialist's own write-up
(``HandoffPlan.summary``), may call the deterministic tools (``graph.model.tools``) and
may ask for a final decision to go to its named owner. Its system prompt is the agent's
profile, the handoff rules, the plan skeleton, the retrieved passages (numbered, to be
cited as [n]) and, when the agent pack has one, the agent's own prompt.

Every failure (timeout, rate limit after retries, server error, malformed tool call,
refusal, a model that keeps calling tools, the turn's token budget) returns the offline
plan with a note saying why; nothing raises out of ``write``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from agents.assignment import Assignment
from agents.composer import OfflineComposer
from agents.pack import AgentPrompt
from agents.plan import HandoffPlan
from graph.model.client import (
    ModelFailure,
    chat_model,
    failure_reason,
    fallback_note,
    with_retries,
)
from graph.model.config import ModelConfig
from graph.model.tools import TurnToolbox
from graph.model.usage import UsageLedger, UsageMeter
from knowledge.catalog import Catalog
from knowledge.index import Passage

log = logging.getLogger("baton.model.specialist")

MAX_SUMMARY_CHARS = 8000
_CITED = re.compile(r"\[(\d{1,2})\]")
TokenWriter = Callable[[dict[str, Any]], None]


# A chat model declines in words ("I'm sorry, but I can't help with that."), or with the
# API's refusal field / content filter. A short answer that opens so is not a plan.
_DECLINED = re.compile(
    r"^(i'?m sorry|i am sorry|i can(?:'|no)t|i cannot|i won'?t|i am unable|i'?m unable)\b",
    re.IGNORECASE,
)
MAX_DECLINE_CHARS = 300


def _declined(text: str, finish_reason: object) -> bool:
    if finish_reason == "content_filter":
        return True
    return len(text) <= MAX_DECLINE_CHARS and _DECLINED.match(text.replace("’", "'")) is not None


class TokenRelay(BaseCallbackHandler):
    """Passes each streamed token of the model's answer to the graph's stream writer."""

    def __init__(self, write: TokenWriter | None) -> None:
        self._write = write

    def on_llm_new_token(self, token: str | list[str | dict[str, Any]], **kwargs: Any) -> None:
        if token and self._write is not None:
            self._write({"type": "token", "text": token})


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def system_prompt(
    catalog: Catalog,
    plan: HandoffPlan,
    passages: Sequence[Passage],
    pack_prompt: AgentPrompt | None,
) -> str:
    profile = catalog.agent(plan.primary.agent)
    parts = [
        f"You are {profile.display_name}, a specialist agent of Baton, an assistant for "
        f"healthcare-operations staff. {profile.summary}",
        f"You are primary for:\n{_bullets(profile.primary_for)}",
        f"Your deliverable has these sections:\n{_bullets(profile.deliverable)}",
        f"Handoff rules you follow:\n{_bullets([rule.text for rule in catalog.rules])}",
    ]
    if pack_prompt is not None and pack_prompt.body:
        parts.append(f"Your agent instructions:\n{pack_prompt.body}")
    skeleton = [
        f"Workflow: {plan.workflow_name or 'none of the handoff map workflows'}",
        "Supporting: " + (", ".join(p.display_name for p in plan.supporting) or "none"),
        "Human owners: " + "; ".join(f"{o.role} ({o.signs_off})" for o in plan.human_owners),
        "Handoffs: " + "; ".join(f"{b.name} (owner {b.owner})" for b in plan.boundaries),
        "Sources the user must verify: " + "; ".join(plan.sources_to_verify[:6]),
    ]
    if plan.decision is not None:
        skeleton.append(
            f"Final {plan.decision.kind} decision: the {plan.decision.owner} decides; a "
            "decision request is already on its way."
        )
    parts.append(
        "Baton has already built the plan's skeleton, which you must not contradict:\n"
        + _bullets(skeleton)
    )
    if passages:
        numbered = "\n".join(
            f"[{n}] {p.source}, {p.section}: {' '.join(p.text.split())[:900]}"
            for n, p in enumerate(passages, start=1)
        )
        parts.append(f"Passages from the organization's own documents:\n{numbered}")
    parts.append(
        "Write your answer to the request in Markdown, at most about 400 words: the concrete "
        "next steps for this request, what each supporting specialist and owner must do, "
        "and the sources to verify. Cite a passage as [n] when you rely on it. Protected "
        "health information has been replaced by placeholders such as <PERSON_1> or "
        "<MRN_1>: keep them as they are and never guess what they stand for. Never make "
        "or announce a final clinical, legal, compliance, coding, billing, audit, "
        "employment, contracting or executive decision: give decision support, and use "
        "the request_decision tool to send the decision to its human owner. Use the other "
        "tools only when the request needs the user's own records."
    )
    return "\n\n".join(parts)


class ModelSpecialist:
    """Writes a primary specialist's answer with a chat model; never raises."""

    def __init__(
        self,
        catalog: Catalog,
        composer: OfflineComposer,
        config: ModelConfig,
        ledger: UsageLedger,
        pack: dict[str, AgentPrompt] | None = None,
    ) -> None:
        self.catalog = catalog
        self.composer = composer
        self.config = config
        self.ledger = ledger
        self.pack = pack or {}
        self.model_name = config.model_for("specialist")
        self._llm = chat_model(config, "specialist", streaming=True)

    def write(
        self,
        *,
        request: str,
        assignment: Assignment,
        floor: HandoffPlan,
        passages: Sequence[Passage],
        toolbox: TurnToolbox,
        redact: Callable[[str], str],
        stream: TokenWriter | None = None,
        thread_id: str | None = None,
    ) -> HandoffPlan:
        """The floor plan with the model's answer added, or the floor plan with a note."""
        meter = UsageMeter("specialist", self.model_name)
        try:
            answer = self._converse(request, floor, passages, toolbox, meter, stream)
            plan = self._enriched(floor, assignment, answer, toolbox, redact, len(passages))
        except Exception as error:  # noqa: BLE001 - every failure falls back to the floor
            reason = failure_reason(error)
            log.info("specialist model fell back: %s", reason)
            self.ledger.record(meter.row(reason, thread_id))
            note = fallback_note(reason, "Planned")
            return floor.model_copy(update={"notes": [*floor.notes, note]})
        self.ledger.record(meter.row("ok", thread_id))
        return plan

    def _converse(
        self,
        request: str,
        floor: HandoffPlan,
        passages: Sequence[Passage],
        toolbox: TurnToolbox,
        meter: UsageMeter,
        stream: TokenWriter | None,
    ) -> str:
        tools = toolbox.tools()
        model = with_retries(self._llm.bind_tools(tools), self.config)
        pack_prompt = self.pack.get(floor.primary.agent)
        messages: list[BaseMessage] = [
            SystemMessage(system_prompt(self.catalog, floor, passages, pack_prompt)),
            HumanMessage(request),
        ]
        run_config: Any = {"callbacks": [TokenRelay(stream)]}
        for _ in range(self.config.max_tool_steps):
            meter.start()
            try:
                reply = model.invoke(messages, config=run_config)
            except BaseException:
                meter.stop(None)
                raise
            meter.stop(reply)
            if meter.tokens > self.config.turn_token_budget:
                raise ModelFailure("token_budget")
            if not isinstance(reply, AIMessage):
                raise ModelFailure("malformed")
            if reply.additional_kwargs.get("refusal"):
                raise ModelFailure("refused")
            if reply.invalid_tool_calls:
                raise ModelFailure("malformed")
            if reply.tool_calls:
                messages.append(reply)
                messages.extend(toolbox.run(call) for call in reply.tool_calls)
                continue
            text = reply.text.strip() if hasattr(reply, "text") else str(reply.content).strip()
            if not text:
                raise ModelFailure("malformed")
            if _declined(text, reply.response_metadata.get("finish_reason")):
                raise ModelFailure("refused")
            return text
        raise ModelFailure("step_limit")

    def _enriched(
        self,
        floor: HandoffPlan,
        assignment: Assignment,
        answer: str,
        toolbox: TurnToolbox,
        redact: Callable[[str], str],
        passages: int,
    ) -> HandoffPlan:
        notes = list(floor.notes)
        if len(answer) > MAX_SUMMARY_CHARS:
            answer = answer[:MAX_SUMMARY_CHARS].rstrip() + " …"
            notes.append("The specialist's answer was shortened.")
        missing = sorted({int(n) for n in _CITED.findall(answer) if not 1 <= int(n) <= passages})
        if missing:
            cited = ", ".join(f"[{n}]" for n in missing)
            notes.append(f"The answer cites {cited}, which is not among the passages shown.")
        plan = floor.model_copy(
            update={
                # The model saw only placeholders; its words pass the guard anyway before
                # they reach the checkpointed state.
                "summary": redact(answer),
                "written_by": self.model_name,
                "findings": list(toolbox.findings),
                "notes": notes,
            }
        )
        proposal = toolbox.decision
        if proposal is not None:
            plan = self.composer.with_decision(
                plan, proposal.kind, proposal.owner, proposal.question, assignment.human_owners
            )
        # The plan every surface renders: validated as a whole, as the offline one is.
        return HandoffPlan.model_validate(plan.model_dump())
