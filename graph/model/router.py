"""The router with a chat model: the model proposes, the catalog and the map decide.

The offline router runs first; its top candidates go to the model as context. The model
answers with a ``RouteChoice`` (structured output). The choice is checked: the agent and
every supporting agent must be in the catalog, a workflow must be the one the handoff
map gives that agent, a decision kind must be one the map knows. A valid choice is then
routed through the map like any other (workflow, supporting agents, owners come from
the map, the model's extra supporting agents are added); anything else, and any failure
of the model, gives the offline router's answer with a note saying why.

Decision requests are never lost to the model: the offline detector's finding always
stands, and the model can only add one.
"""

from __future__ import annotations

import json
import logging
from functools import cached_property
from typing import Any

import numpy as np
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from agents.assignment import Assignment
from graph.model.client import (
    ModelFailure,
    chat_model,
    failure_reason,
    fallback_note,
    with_retries,
)
from graph.model.config import ModelConfig
from graph.model.usage import UsageLedger, UsageMeter
from graph.router import Router
from knowledge.catalog import Catalog
from knowledge.schema import DECISION_KINDS

log = logging.getLogger("baton.model.router")

CANDIDATES_SHOWN = 5


class RouteChoice(BaseModel):
    """The model's routing answer. Every field is checked before it is used."""

    agent: str = Field(description="slug of the ONE primary specialist, from the catalog")
    workflow: str | None = Field(
        description="id of the handoff-map workflow this agent leads for the request, or null"
    )
    supporting_agents: list[str] = Field(
        description="slugs of specialists who add sections (may be empty)"
    )
    needs_human_decision: bool = Field(
        description="true when the request asks for a final clinical, legal, compliance, "
        "coding, billing, audit, employment, contracting or executive decision"
    )
    decision_kind: str | None = Field(description="that decision's kind, or null")
    confidence: float = Field(description="0 to 1: how sure you are of the primary agent")


class InvalidChoice(ModelFailure):
    def __init__(self, detail: str) -> None:
        super().__init__("invalid_choice")
        self.detail = detail


def _system_prompt(catalog: Catalog) -> str:
    agents = "\n".join(
        f"- {slug}: {profile.display_name}. {profile.summary}"
        for slug, profile in sorted(catalog.agents.items())
    )
    workflows = "\n".join(
        f"- {wf.id}: {wf.name} (primary: {', '.join(wf.primary)})"
        for wf in catalog.workflows.values()
    )
    rules = "\n".join(f"- {rule.text}" for rule in catalog.rules)
    return (
        "You route healthcare-operations requests for Baton. Pick exactly one primary "
        "specialist from the catalog below, the handoff-map workflow it leads for this "
        "request (or null when none applies), any supporting specialists, and whether "
        "the request asks for a final decision that a named human must make.\n"
        "The request has protected health information replaced by placeholders such as "
        "<PERSON_1>; never try to guess what they stand for.\n"
        "Use only slugs and workflow ids listed here. An offline router's top candidates "
        "are given as context; they are usually, not always, right.\n\n"
        f"Handoff rules:\n{rules}\n\nSpecialists (slug: name. what it is primary for):\n"
        f"{agents}\n\nWorkflows (id: name (primary agents)):\n{workflows}\n\n"
        "Answer with the JSON object the response schema describes."
    )


def route_request_payload(text: str, offline: Assignment, catalog: Catalog) -> str:
    """The user message: the redacted request and the offline router's view, as JSON."""
    return json.dumps(
        {
            "request": text,
            "offline_candidates": [
                {
                    "agent": c.agent,
                    "display_name": catalog.agent(c.agent).display_name,
                    "score": c.score,
                }
                for c in offline.candidates[:CANDIDATES_SHOWN]
            ],
            "offline_confidence": offline.confidence,
            "offline_workflow": offline.workflow,
            "offline_decision": offline.decision.kind if offline.decision else None,
        },
        ensure_ascii=False,
    )


class ModelRouter:
    """Same interface as ``Router.route``; never raises for a model failure."""

    def __init__(self, offline: Router, config: ModelConfig, ledger: UsageLedger) -> None:
        self.offline = offline
        self.catalog = offline.catalog
        self.config = config
        self.ledger = ledger
        self.model_name = config.model_for("router")
        structured = chat_model(config, "router").with_structured_output(
            RouteChoice, method="json_schema", include_raw=True
        )
        self._chain = with_retries(structured, config)

    @cached_property
    def _system(self) -> SystemMessage:
        return SystemMessage(_system_prompt(self.catalog))

    def route(
        self, text: str, query: np.ndarray | None = None, *, thread_id: str | None = None
    ) -> Assignment:
        """Route redacted ``text``: the model's valid choice, else the offline answer."""
        if query is None:
            query = self.offline.embed(text)
        floor = self.offline.route(text, query)
        meter = UsageMeter("router", self.model_name)
        try:
            choice = self._ask(text, floor, meter)
            assignment = self._validated(choice, text, query, floor)
        except Exception as error:  # noqa: BLE001 - every failure falls back to the floor
            reason = failure_reason(error)
            detail = f" ({error.detail})" if isinstance(error, InvalidChoice) else ""
            log.info("router model fell back: %s%s", reason, detail)
            self.ledger.record(meter.row(reason, thread_id))
            note = fallback_note(reason, "Routed")
            return floor.model_copy(update={"notes": [*floor.notes, note]})
        self.ledger.record(meter.row("ok", thread_id))
        return assignment

    def _ask(self, text: str, floor: Assignment, meter: UsageMeter) -> RouteChoice:
        messages = [self._system, HumanMessage(route_request_payload(text, floor, self.catalog))]
        meter.start()
        try:
            out: dict[str, Any] = self._chain.invoke(messages)
        except BaseException:
            meter.stop(None)
            raise
        meter.stop(out.get("raw"))
        if out.get("parsing_error") is not None:
            raise out["parsing_error"]
        if not isinstance(out.get("parsed"), RouteChoice):
            raise ModelFailure("malformed")
        return out["parsed"]

    def _validated(
        self, choice: RouteChoice, text: str, query: np.ndarray, floor: Assignment
    ) -> Assignment:
        catalog = self.catalog
        if choice.agent not in catalog.agents:
            raise InvalidChoice(f"unknown agent slug {choice.agent!r}")
        unknown = [s for s in choice.supporting_agents if s not in catalog.agents]
        if unknown:
            raise InvalidChoice(f"unknown supporting agent slug {unknown[0]!r}")
        led = [wf.id for wf in catalog.workflows_with_primary(choice.agent)]
        if choice.workflow is not None and choice.workflow not in led:
            raise InvalidChoice(f"workflow {choice.workflow!r} is not led by {choice.agent}")
        kind = choice.decision_kind
        if choice.needs_human_decision and kind is not None and kind not in DECISION_KINDS:
            raise InvalidChoice(f"unknown decision kind {kind!r}")
        routed = self.offline.route(
            text,
            query,
            forced_primary=choice.agent,
            flagged_decision=(kind or "") if choice.needs_human_decision else None,
        )
        extra = [
            slug
            for slug in choice.supporting_agents
            if slug != choice.agent and slug not in routed.supporting_agents
        ]
        confidence = round(min(1.0, max(0.0, float(choice.confidence))), 3)
        return routed.model_copy(
            update={
                "supporting_agents": [*routed.supporting_agents, *extra],
                "confidence": confidence,
                "needs_clarification": confidence < self.offline.weights.clarify_below,
                "candidates": floor.candidates,
                "routed_by": self.model_name,
            }
        )
