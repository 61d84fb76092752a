"""The router meets its floors on the labelled set of staff requests."""

from pathlib import Path

import pytest

from graph.engine import BatonEngine
from graph.evaluation import RoutingReport, evaluate_routing, load_labelled

LABELLED = Path(__file__).parents[1] / "data" / "routing_labelled.jsonl"


@pytest.fixture(scope="module")
def report(engine: BatonEngine) -> RoutingReport:
    items = load_labelled(LABELLED)
    return evaluate_routing(items, lambda text: engine.route(text).assignment)


def test_the_labelled_set_is_large_and_covers_every_agent_and_workflow(engine: BatonEngine) -> None:
    items = load_labelled(LABELLED)
    assert len(items) >= 150
    primaries = [i.primary_agent for i in items]
    for slug in engine.catalog.agents:
        assert primaries.count(slug) >= 2, slug
    workflows = [i.workflow for i in items]
    for wf_id in engine.catalog.workflows:
        assert workflows.count(wf_id) >= 5, wf_id
    assert sum(i.needs_human_decision for i in items) >= 20
    assert sum(i.phi for i in items) >= 20


def test_top1_primary_accuracy_is_at_least_90_percent(report: RoutingReport) -> None:
    assert report.top1_accuracy >= 0.90, report.misses


def test_every_decision_request_is_flagged(report: RoutingReport) -> None:
    assert report.decision_recall == 1.0, report.misses


def test_decision_flags_are_mostly_right(report: RoutingReport) -> None:
    assert report.decision_precision >= 0.85, report.misses


def test_owner_accuracy_follows_routing(report: RoutingReport) -> None:
    assert report.owner_accuracy >= 0.85, report.misses


def test_routing_with_the_guard_on_is_no_worse_than_on_raw_text(
    engine: BatonEngine, report: RoutingReport
) -> None:
    # The guard must not cost routing accuracy: placeholders replace names and numbers,
    # never the words the router needs.
    items = load_labelled(LABELLED)
    raw = evaluate_routing(items, lambda text: engine.router.route(text))
    assert report.top1_accuracy >= raw.top1_accuracy, (report.misses, raw.misses)
    assert report.decision_recall == raw.decision_recall == 1.0
