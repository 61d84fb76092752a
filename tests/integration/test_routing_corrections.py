"""Accepted corrections change routing: measured on a held-out half of the labelled set,
shared through the store, and never able to move a decision away from its owner."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph.corrections import StoredCorrections, fixed_corrections
from graph.engine import BatonEngine
from graph.evaluation import LabelledRequest, RoutingReport, evaluate_routing, load_labelled
from graph.lexical import ngrams, tokens
from graph.router import Router
from tools.access import Actor
from tools.clock import FixedClock
from tools.context import ToolContext
from tools.feedback.service import add_correction, review_correction
from tools.store.database import Database

DATA = Path(__file__).parents[1] / "data"
LABELLED = DATA / "routing_labelled.jsonl"
# Hand-written rewordings of requests the router got wrong, as staff would correct them.
# The held-out file is only ever used here; the router's correction weights were chosen
# with the dev file against the other half of the labelled set.
HOLDOUT_CORRECTIONS = DATA / "routing_corrections" / "holdout_corrections.jsonl"
DEV_CORRECTIONS = DATA / "routing_corrections" / "dev_corrections.jsonl"
NOW = datetime(2026, 10, 14, 15, 0, tzinfo=UTC)


def held_out(item: LabelledRequest) -> bool:
    """The held-out half: requests with an even number."""
    return int(item.id.removeprefix("r")) % 2 == 0


def _corrections(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def routed(engine: BatonEngine) -> dict[str, tuple[str, object]]:
    """Each labelled request redacted and embedded once."""
    out = {}
    for item in load_labelled(LABELLED):
        text = engine.redact(item.text).text
        out[item.text] = (text, engine.router.embed(text))
    return out


def _report(router: Router, items, routed) -> RoutingReport:
    return evaluate_routing(items, lambda text: router.route(*routed[text]))


def _with(engine: BatonEngine, *paths: Path) -> Router:
    rows = [row for path in paths for row in _corrections(path)]
    examples = [(engine.redact(r["text"]).text, r["primary_agent"]) for r in rows]
    return engine.router.with_corrections(fixed_corrections(engine.embedder, examples))


def test_the_corrections_are_worded_apart_from_the_requests_they_correct() -> None:
    labelled = {item.id: item for item in load_labelled(LABELLED)}
    for path, half in ((HOLDOUT_CORRECTIONS, True), (DEV_CORRECTIONS, False)):
        for row in _corrections(path):
            request = labelled[row["for"]]
            assert held_out(request) is half, row["for"]
            # No run of four words in common with the request it stands in for.
            shared = {
                g
                for g in ngrams(tokens(row["text"])) & ngrams(tokens(request.text))
                if g.count(" ") == 3
            }
            assert not shared, (row["for"], shared)


def test_held_out_accuracy_rises_with_corrections_and_the_rest_does_not_fall(
    engine: BatonEngine, routed
) -> None:
    items = load_labelled(LABELLED)
    target = [i for i in items if held_out(i)]
    rest = [i for i in items if not held_out(i)]
    corrected = _with(engine, HOLDOUT_CORRECTIONS)
    before, after = _report(engine.router, target, routed), _report(corrected, target, routed)
    rest_before, rest_after = _report(engine.router, rest, routed), _report(corrected, rest, routed)
    assert after.top1_accuracy > before.top1_accuracy, after.misses
    assert after.top1_correct - before.top1_correct >= 3, after.misses
    assert rest_after.top1_accuracy >= rest_before.top1_accuracy, rest_after.misses
    assert rest_after.owner_accuracy >= rest_before.owner_accuracy
    for report in (after, rest_after):
        assert report.decision_recall == 1.0, report.misses


def test_routing_floors_hold_with_every_correction(engine: BatonEngine, routed) -> None:
    items = load_labelled(LABELLED)
    report = _report(_with(engine, HOLDOUT_CORRECTIONS, DEV_CORRECTIONS), items, routed)
    assert report.top1_accuracy >= 0.90, report.misses
    assert report.decision_recall == 1.0, report.misses
    assert report.decision_precision >= 0.85, report.misses
    assert report.owner_accuracy >= 0.85, report.misses


def test_a_correction_never_moves_a_decision_or_drops_its_flag(engine: BatonEngine, routed) -> None:
    # The worst case: every decision request itself, word for word, "corrected" to a
    # specialist of another division.
    decisions = [i for i in load_labelled(LABELLED) if i.needs_human_decision]
    assert len(decisions) >= 20
    elsewhere = {
        item.text: next(
            slug
            for slug in sorted(engine.catalog.agents)
            if slug.split("-")[0] != item.primary_agent.split("-")[0]
            and slug.split("-")[0]
            != engine.router.route(*routed[item.text]).primary_agent.split("-")[0]
        )
        for item in decisions
    }
    hijack = engine.router.with_corrections(
        fixed_corrections(
            engine.embedder, [(routed[t][0], agent) for t, agent in elsewhere.items()]
        )
    )
    moved = 0
    for item in decisions:
        plain = engine.router.route(*routed[item.text])
        corrected = hijack.route(*routed[item.text])
        moved += corrected.primary_agent == elsewhere[item.text]
        assert corrected.decision is not None, item.id
        assert corrected.decision == plain.decision, item.id
        assert corrected.human_owners[0] == plain.human_owners[0], item.id
    assert moved == len(decisions)  # the corrections did change who the specialist is


@pytest.fixture
def records(tmp_path, text_guard) -> ToolContext:
    ctx = ToolContext(
        Database(f"sqlite:///{tmp_path / 'baton.db'}"), FixedClock(NOW), guard=text_guard
    )
    ctx.prepare()
    return ctx


def _stored_router(engine: BatonEngine, records: ToolContext) -> Router:
    source = StoredCorrections(records, engine.index, engine.catalog.agents)
    return Router(
        engine.catalog, engine.embedder, engine.index.profile_vectors(), corrections=source
    )


def test_every_worker_routes_with_a_correction_accepted_anywhere(
    engine: BatonEngine, records: ToolContext
) -> None:
    # r213: an uninsured patient's home IV antibiotics, which the router sends elsewhere.
    request = (
        "Harold Binkowski, MRN 00482913, room 4W-12, uninsured, needs six weeks of IV "
        "antibiotics after discharge. What are the realistic options and who pays?"
    )
    text = engine.redact(request).text
    one, two = _stored_router(engine, records), _stored_router(engine, records)
    assert one.route(text).primary_agent != "clinical-case-manager"
    assert two.route(text).primary_agent != "clinical-case-manager"
    add_correction(
        records,
        Actor.system("cli"),
        "An uninsured inpatient needs weeks of intravenous antibiotics after leaving the "
        "hospital; what are the discharge options and the funding sources?",
        "clinical-case-manager",
        engine.catalog.agents,
    )
    assert one.route(text).primary_agent == "clinical-case-manager"
    assert two.route(text).primary_agent == "clinical-case-manager"
    restarted = _stored_router(engine, records)
    assert restarted.route(text).primary_agent == "clinical-case-manager"
    # Withdrawn: every worker stops using it at its next request.
    review_correction(records, Actor.system("cli"), 1, accept=False)
    assert one.route(text).primary_agent != "clinical-case-manager"
    assert two.route(text).primary_agent != "clinical-case-manager"
