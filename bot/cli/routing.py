"""``baton route``: which specialist, workflow and human owners a request goes to."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from bot.cli.arguments import require_text
from bot.cli.output import print_json
from bot.cli.runtime import engine_for
from bot.jsonl import process_jsonl
from bot.settings import BatonSettings

if TYPE_CHECKING:
    from agents.assignment import Assignment
    from graph.results import RoutedRequest
    from knowledge.catalog import Catalog


def register(sub: Any) -> None:
    route = sub.add_parser("route", help="show which specialist and owners a request goes to")
    route.add_argument("text", nargs="?")
    route.add_argument("--json", action="store_true", help="print one JSON object")
    route.add_argument("--jsonl", action="store_true", help="read JSON lines on stdin")
    route.set_defaults(run=cmd_route)


def cmd_route(args: argparse.Namespace, settings: BatonSettings) -> int:
    engine = engine_for(settings)
    if args.jsonl:
        records = process_jsonl(
            sys.stdin.buffer, lambda r: _route_record(engine.catalog, engine.route(r.text))
        )
        for out in records:
            print_json(out)
        return 0
    text = require_text(args.text)
    routed = engine.route(text)
    record = _route_record(engine.catalog, routed)
    if args.json:
        print_json(record)
    else:
        _print_route(engine.catalog, record, routed.assignment)
    return 0


def _route_record(catalog: Catalog, routed: RoutedRequest) -> dict[str, Any]:
    """The route with the names people read beside the slugs and ids (JSON keeps both)."""
    a = routed.assignment
    workflow = catalog.workflows.get(a.workflow) if a.workflow else None
    return {
        "workflow": a.workflow,
        "workflow_name": workflow.name if workflow else None,
        "primary_agent": a.primary_agent,
        "primary_agent_name": catalog.display_name(a.primary_agent),
        "supporting_agents": a.supporting_agents,
        "supporting_agent_names": [catalog.display_name(s) for s in a.supporting_agents],
        "human_owners": a.human_owners,
        "needs_human_decision": a.needs_human_decision,
        "phi_detected": routed.redaction.phi_detected,
        "redacted_text": routed.redaction.text,
        "confidence": a.confidence,
    }


def _print_route(catalog: Catalog, record: dict[str, Any], detail: Assignment) -> None:
    print(f"Request:       {record['redacted_text']}")
    print(f"Primary agent: {record['primary_agent_name']} ({record['primary_agent']})")
    print(f"Workflow:      {record['workflow_name'] or 'none of the 15 map workflows'}")
    supporting = zip(record["supporting_agent_names"], record["supporting_agents"], strict=True)
    print(f"Supporting:    {', '.join(f'{name} ({slug})' for name, slug in supporting) or '-'}")
    print(f"Human owners:  {', '.join(record['human_owners'])}")
    if detail.decision is not None:
        print(
            f"Decision:      final {detail.decision.kind} decision; "
            f"{detail.decision.owner} decides (Baton gives decision support only)"
        )
    if detail.related_workflows:
        print(f"Also spans:    {', '.join(detail.related_workflows)}")
    print(f"PHI:           {'detected and replaced' if record['phi_detected'] else 'none found'}")
    print(
        f"Confidence:    {record['confidence']:.2f}"
        + ("  (low: Baton would ask a clarifying question)" if detail.needs_clarification else "")
    )
