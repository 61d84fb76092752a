"""Wiring only: which node follows which."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime

from graph.actions import TurnActions
from graph.decision_pause import TurnDecisions
from graph.handoffs import TurnHandoffs
from graph.nodes import TurnNodes
from graph.services import TurnServices
from graph.state import BatonState, TurnContext, TurnInput

TurnGraph = CompiledStateGraph[BatonState, TurnContext, TurnInput, BatonState]


def _config_and_runtime(
    node: Callable[[BatonState, RunnableConfig, Runtime[TurnContext]], dict[str, Any]],
) -> Callable[..., dict[str, Any]]:
    """``node`` as it is: LangGraph passes a node's config and runtime by parameter name,
    but its ``add_node`` overloads list no signature taking both."""
    return node


def build_turn_graph(
    services: TurnServices, checkpointer: BaseCheckpointSaver | None = None
) -> TurnGraph:
    """guard → understand → route → (clarify | plan) → respond, or for a command:
    understand → (propose → confirm → execute | look_up | track | handoff_status) → respond.

    ``confirm`` pauses with ``interrupt()`` until the coordinator says yes or no; a plan
    with a final decision goes plan → request_decision → await_decision, and an entry that
    needs the supervisor's sign-off execute → await_decision, which pauses until the named
    owner answers.
    """
    nodes = TurnNodes(services)
    actions = TurnActions(services)
    decisions = TurnDecisions(services)
    handoffs = TurnHandoffs(services, actions)
    graph = StateGraph(BatonState, context_schema=TurnContext, input_schema=TurnInput)
    graph.add_node("guard", _config_and_runtime(nodes.guard))
    graph.add_node("understand", actions.understand)
    graph.add_node("route", _config_and_runtime(nodes.route))
    graph.add_node("clarify", nodes.clarify)
    graph.add_node("plan", _config_and_runtime(nodes.plan))
    graph.add_node("propose", _config_and_runtime(actions.propose))
    graph.add_node("confirm", actions.confirm)
    graph.add_node("execute", _config_and_runtime(actions.execute))
    graph.add_node("cancelled", actions.cancelled)
    graph.add_node("look_up", _config_and_runtime(actions.look_up))
    graph.add_node("nothing_pending", actions.nothing_pending)
    graph.add_node("track", _config_and_runtime(handoffs.track))
    graph.add_node("handoff_status", _config_and_runtime(handoffs.status))
    graph.add_node("request_decision", _config_and_runtime(decisions.request_decision))
    graph.add_node("await_decision", decisions.await_decision)
    graph.add_node("respond", nodes.respond)
    graph.add_edge(START, "guard")
    graph.add_edge("guard", "understand")
    graph.add_conditional_edges(
        "understand",
        TurnActions.after_understand,
        ["propose", "look_up", "nothing_pending", "track", "handoff_status", "route"],
    )
    graph.add_conditional_edges("propose", TurnActions.after_propose, ["confirm", "respond"])
    graph.add_conditional_edges("confirm", TurnActions.after_confirm, ["execute", "cancelled"])
    graph.add_conditional_edges("execute", TurnActions.after_execute, ["await_decision", "respond"])
    graph.add_edge("track", "respond")
    graph.add_edge("handoff_status", "respond")
    graph.add_edge("cancelled", "respond")
    graph.add_edge("look_up", "respond")
    graph.add_edge("nothing_pending", "respond")
    graph.add_conditional_edges("route", TurnNodes.after_route, ["clarify", "plan"])
    graph.add_edge("clarify", "respond")
    graph.add_conditional_edges("plan", decisions.after_plan, ["request_decision", "respond"])
    graph.add_conditional_edges(
        "request_decision", TurnDecisions.after_request, ["await_decision", "respond"]
    )
    graph.add_edge("await_decision", "respond")
    graph.add_edge("respond", END)
    return graph.compile(checkpointer=checkpointer)
