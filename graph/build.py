"""Wiring only: which node follows which."""

from __future__ import annotations

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from graph.actions import TurnActions
from graph.decide import TurnDecisions
from graph.nodes import TurnNodes
from graph.services import TurnServices
from graph.state import BatonState, TurnContext, TurnInput


def build_turn_graph(
    services: TurnServices, checkpointer: BaseCheckpointSaver | None = None
) -> CompiledStateGraph:
    """guard → understand → route → (clarify | plan) → respond, or for a coordinator
    command: understand → (propose → confirm → execute | look_up) → respond.

    ``confirm`` pauses with ``interrupt()`` until the coordinator says yes or no; a plan
    with a final decision goes plan → request_decision → await_decision, which pauses
    until the named owner answers.
    """
    nodes = TurnNodes(services)
    actions = TurnActions(services)
    decisions = TurnDecisions(services)
    graph = StateGraph(BatonState, context_schema=TurnContext, input_schema=TurnInput)
    graph.add_node("guard", nodes.guard)
    graph.add_node("understand", actions.understand)
    graph.add_node("route", nodes.route)
    graph.add_node("clarify", nodes.clarify)
    graph.add_node("plan", nodes.plan)
    graph.add_node("propose", actions.propose)
    graph.add_node("confirm", actions.confirm)
    graph.add_node("execute", actions.execute)
    graph.add_node("cancelled", actions.cancelled)
    graph.add_node("look_up", actions.look_up)
    graph.add_node("nothing_pending", actions.nothing_pending)
    graph.add_node("request_decision", decisions.request_decision)
    graph.add_node("await_decision", decisions.await_decision)
    graph.add_node("respond", nodes.respond)
    graph.add_edge(START, "guard")
    graph.add_edge("guard", "understand")
    graph.add_conditional_edges(
        "understand",
        TurnActions.after_understand,
        ["propose", "look_up", "nothing_pending", "route"],
    )
    graph.add_conditional_edges("propose", TurnActions.after_propose, ["confirm", "respond"])
    graph.add_conditional_edges("confirm", TurnActions.after_confirm, ["execute", "cancelled"])
    graph.add_edge("execute", "respond")
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
