"""Wiring only: which node follows which."""

from __future__ import annotations

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from graph.nodes import TurnNodes
from graph.services import TurnServices
from graph.state import BatonState, TurnContext, TurnInput


def build_turn_graph(
    services: TurnServices, checkpointer: BaseCheckpointSaver | None = None
) -> CompiledStateGraph:
    """guard → route → (clarify | plan) → respond.

    The plan → respond edge is where deterministic tools ("act") and human
    decisions ("decide", an interrupt) slot in.
    """
    nodes = TurnNodes(services)
    graph = StateGraph(BatonState, context_schema=TurnContext, input_schema=TurnInput)
    graph.add_node("guard", nodes.guard)
    graph.add_node("route", nodes.route)
    graph.add_node("clarify", nodes.clarify)
    graph.add_node("plan", nodes.plan)
    graph.add_node("respond", nodes.respond)
    graph.add_edge(START, "guard")
    graph.add_edge("guard", "route")
    graph.add_conditional_edges("route", TurnNodes.after_route, ["clarify", "plan"])
    graph.add_edge("clarify", "respond")
    graph.add_edge("plan", "respond")
    graph.add_edge("respond", END)
    return graph.compile(checkpointer=checkpointer)
