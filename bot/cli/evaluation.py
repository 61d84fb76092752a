"""``baton eval``: routing, the PHI guard and chat intents measured against labelled sets."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli.errors import UsageError
from bot.cli.intent_eval import cmd_eval_intents, register_intents
from bot.cli.output import print_json
from bot.cli.runtime import engine_for, guard_for
from bot.settings import BatonSettings

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ROUTING_SET = REPO_ROOT / "tests" / "data" / "routing_labelled.jsonl"
DEFAULT_PHI_SET = REPO_ROOT / "tests" / "data" / "phi_labelled.jsonl"
DEFAULT_PHI_NEGATIVES = REPO_ROOT / "tests" / "data" / "phi_negatives.jsonl"
# Written by hand apart from the training generator and the bundled sets; the test half
# (its README: the dev half may be read to find missed shapes, this one never).
HOLDOUT_PHI_SET = REPO_ROOT / "tests" / "data" / "phi_eval" / "holdout_test.jsonl"
HOLDOUT_PHI_NEGATIVES = REPO_ROOT / "tests" / "data" / "phi_eval" / "negatives_test.jsonl"
PUBLIC_SET_SIZE = 600


def register(sub: Any) -> None:
    evaluate = sub.add_parser("eval", help="measure Baton against a labelled set")
    esub = evaluate.add_subparsers(dest="eval_command", required=True)
    routing = esub.add_parser("routing", help="routing accuracy and decision-flag precision/recall")
    routing.add_argument("file", nargs="?", help="JSON lines; default: the bundled labelled set")
    routing.add_argument("--json", action="store_true")
    routing.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    routing.add_argument(
        "--corrections",
        metavar="FILE.jsonl",
        help='route "with corrections" using these {"text", "primary_agent"} lines '
        "instead of the store's accepted corrections",
    )
    routing.add_argument(
        "--model",
        action="store_true",
        help="also route with the configured chat model; print both, with tokens and latency",
    )
    phi = esub.add_parser("phi", help="PHI guard precision, recall and F2 per entity type")
    phi.add_argument("file", nargs="?", help="labelled JSON lines; default: the bundled set")
    phi.add_argument("--negatives", help="PHI-free JSON lines; default: the bundled set")
    which = phi.add_mutually_exclusive_group()
    which.add_argument(
        "--holdout",
        action="store_true",
        help="the hand-written set kept apart from training (tests/data/phi_eval)",
    )
    which.add_argument(
        "--public",
        action="store_true",
        help="Presidio's public synthetic templates (presidio-evaluator), evaluation only",
    )
    phi.add_argument("--json", action="store_true")
    phi.add_argument(
        "--verbose", "-v", action="store_true", help="list misses and false positives (offsets)"
    )
    register_intents(esub)
    evaluate.set_defaults(run=cmd_eval)


def cmd_eval(args: argparse.Namespace, settings: BatonSettings) -> int:
    if args.eval_command == "phi":
        return cmd_eval_phi(args, settings)
    if args.eval_command == "intents":
        return cmd_eval_intents(args, settings)
    return cmd_eval_routing(args, settings)


def cmd_eval_phi(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.phi.evaluation import PhiSetError, evaluate
    from tools.phi.evaluation import load_labelled as load_phi_set

    if args.public:
        from tools.phi.public_set import PublicSetMissing, build_public_set

        try:
            labelled, negatives = build_public_set(PUBLIC_SET_SIZE), []
        except PublicSetMissing as missing:
            raise UsageError(str(missing)) from None
        name, negatives_name = f"Presidio's public templates ({PUBLIC_SET_SIZE})", "none"
    else:
        default, default_negatives = (
            (HOLDOUT_PHI_SET, HOLDOUT_PHI_NEGATIVES)
            if args.holdout
            else (DEFAULT_PHI_SET, DEFAULT_PHI_NEGATIVES)
        )
        path = Path(args.file) if args.file else default
        negatives_path = Path(args.negatives) if args.negatives else default_negatives
        for wanted in (path, negatives_path):
            if not wanted.is_file():
                raise UsageError(f"labelled set not found: {wanted}")
        try:
            labelled, negatives = load_phi_set(path), load_phi_set(negatives_path)
        except PhiSetError as bad:
            raise UsageError(str(bad)) from None
        name, negatives_name = path.name, negatives_path.name
    guard = guard_for(settings)
    report = evaluate(guard.redact_many, labelled, negatives)
    if args.json:
        print_json(report.as_dict())
        return 0
    print(
        f"PHI evaluation on {name}: {report.messages} messages, "
        f"{report.overall.labelled} labelled spans; negatives {negatives_name}: "
        f"{report.negatives} messages"
    )
    print(f"  {'type':<16}{'spans':>6}{'precision':>11}{'recall':>8}{'typed':>7}{'F2':>7}")
    rows = [*sorted(report.by_type.items()), ("overall", report.overall)]
    for type_name, score in rows:
        print(
            f"  {type_name:<16}{score.labelled:>6}{score.precision:>11.3f}{score.recall:>8.3f}"
            f"{score.typed_recall:>7.3f}{score.f2:>7.3f}"
        )
    print(
        f"  messages with PHI that leak nothing: {report.leak_free_share:.3f} "
        f"({report.phi_messages - report.leaking_messages} of {report.phi_messages})"
    )
    print(
        f"  negatives with any detection: {report.negatives_with_detections} of {report.negatives}"
    )
    if args.verbose:
        for line in [*report.misses, *report.false_positives]:
            print(f"  {line}")
    return 0


def cmd_eval_routing(args: argparse.Namespace, settings: BatonSettings) -> int:
    from graph.evaluation import compare_with_corrections, load_labelled

    path = Path(args.file) if args.file else DEFAULT_ROUTING_SET
    if not path.is_file():
        raise UsageError(f"labelled set not found: {path}")
    items = load_labelled(path)
    if args.model:
        return _eval_routing_both(args, settings, path, items)
    corrections_file = Path(args.corrections) if args.corrections else None
    if corrections_file is not None and not corrections_file.is_file():
        raise UsageError(f"corrections file not found: {corrections_file}")
    examples = _corrections_file(corrections_file) if corrections_file else None
    engine = engine_for(settings)
    compared = compare_with_corrections(engine, items, examples)
    reports = {
        "without_corrections": compared.without,
        "with_corrections": compared.with_corrections,
    }
    count = compared.corrections
    if args.json:
        print_json({"corrections": count, **{k: v.as_dict() for k, v in reports.items()}})
        return 0
    source = corrections_file.name if corrections_file else "accepted in the store"
    print(f"Routing evaluation on {path.name}: {len(items)} requests")
    print("Without corrections:")
    _print_routing_report(reports["without_corrections"], args.verbose)
    print(f"With {count} corrections ({source}):")
    _print_routing_report(reports["with_corrections"], args.verbose)
    return 0


def _corrections_file(path: Path) -> list[tuple[str, str]]:
    """``(text, agent)`` of each line; a bad line is a usage error naming it."""
    from knowledge.catalog import default_catalog
    from tools.feedback.rules import parse_correction_line

    agents = frozenset(default_catalog().agents)
    examples = []
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            parsed = parse_correction_line(line, agents)
        except ValueError as bad:
            raise UsageError(f"{path.name}, line {number}: {bad}") from None
        examples.append((parsed.text, parsed.agent))
    return examples


def _print_routing_report(report: Any, verbose: bool) -> None:
    print(f"  top-1 primary accuracy   {report.top1_accuracy:.3f}")
    print(f"  workflow accuracy        {report.workflow_accuracy:.3f}")
    print(f"  owner accuracy           {report.owner_accuracy:.3f}")
    print(f"  decision-flag precision  {report.decision_precision:.3f}")
    print(f"  decision-flag recall     {report.decision_recall:.3f}")
    if verbose and report.misses:
        print("  misses:")
        for miss in report.misses:
            print(f"    {miss}")


def _eval_routing_both(
    args: argparse.Namespace, settings: BatonSettings, path: Path, items: list[Any]
) -> int:
    """The offline router and the chat-model router on the same (redacted) requests."""
    from graph.evaluation import evaluate_routing

    model = settings.model()
    if not model.enabled:
        raise UsageError("--model needs a chat model: set OPENAI_API_KEY (and OPENAI_BASE_URL)")
    engine = engine_for(settings)
    redacted = {item.text: engine.redact(item.text).text for item in items}
    offline = evaluate_routing(items, lambda text: engine.route_redacted(redacted[text]))
    routed: list[Any] = []

    def with_model(text: str) -> Any:
        routed.append(engine.route_redacted(redacted[text], with_model=True))
        return routed[-1]

    with_chat = evaluate_routing(items, with_model)
    usage = engine.model_usage("router")
    fallbacks = {k: v for k, v in sorted(usage.outcomes.items()) if k != "ok"}
    summary = {
        "offline": offline.as_dict(),
        "model": {
            **with_chat.as_dict(),
            "model": model.router_model,
            "model_calls": usage.calls,
            "tokens_in": usage.tokens_in,
            "tokens_out": usage.tokens_out,
            "latency_ms_total": usage.latency_ms,
            "latency_ms_mean": round(usage.latency_ms / usage.steps, 1) if usage.steps else 0.0,
            "choices_used": sum(a.routed_by != "offline" for a in routed),
            "fallbacks": fallbacks,
        },
    }
    if args.json:
        print_json(summary)
        return 0
    print(f"Routing evaluation on {path.name}: {offline.total} requests; {model.describe()}")
    print("Offline router:")
    _print_routing_report(offline, args.verbose)
    print(f"With the chat model ({model.router_model}):")
    _print_routing_report(with_chat, args.verbose)
    m = summary["model"]
    print(
        f"  model choices used       {m['choices_used']} of {offline.total} "
        f"(fallbacks: {', '.join(f'{k} {v}' for k, v in fallbacks.items()) or 'none'})"
    )
    print(
        f"  tokens in / out          {usage.tokens_in:,} / {usage.tokens_out:,} "
        f"over {usage.calls} calls"
    )
    print(f"  model latency            {m['latency_ms_mean']} ms mean per request")
    return 0
