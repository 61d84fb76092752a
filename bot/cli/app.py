"""The ``baton`` command line."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
import uuid
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from bot import cli_decisions, cli_handoffs, cli_jobs, cli_records, cli_serve, cli_slack
from bot.cli_runtime import engine_for, guard_for, silence_logs_until_guarded
from bot.jsonl import JsonlRequest, process_jsonl
from bot.settings import BatonSettings

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ROUTING_SET = REPO_ROOT / "tests" / "data" / "routing_labelled.jsonl"
DEFAULT_PHI_SET = REPO_ROOT / "tests" / "data" / "phi_labelled.jsonl"
DEFAULT_PHI_NEGATIVES = REPO_ROOT / "tests" / "data" / "phi_negatives.jsonl"
# Written by hand apart from the training generator and the bundled sets; the test half
# (its README: the dev half may be read to find missed shapes, this one never).
HOLDOUT_PHI_SET = REPO_ROOT / "tests" / "data" / "phi_eval" / "holdout_test.jsonl"
HOLDOUT_PHI_NEGATIVES = REPO_ROOT / "tests" / "data" / "phi_eval" / "negatives_test.jsonl"
PUBLIC_SET_SIZE = 600

log = logging.getLogger("baton.cli")


class UsageError(Exception):
    """A problem the user can fix; printed without a traceback."""


def _guard(settings: BatonSettings):  # noqa: ANN202 - imported lazily: start-up is heavy
    return guard_for(settings)


def _engine(settings: BatonSettings, with_records: bool = False):  # noqa: ANN202
    """The engine; ``with_records`` also opens the system of record (for chat commands)."""
    return engine_for(settings, with_records)


def _write_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _route_record(engine: Any, text: str) -> dict[str, Any]:
    routed = engine.route(text)
    a = routed.assignment
    return {
        "workflow": a.workflow,
        "primary_agent": a.primary_agent,
        "supporting_agents": a.supporting_agents,
        "human_owners": a.human_owners,
        "needs_human_decision": a.needs_human_decision,
        "phi_detected": routed.redaction.phi_detected,
        "redacted_text": routed.redaction.text,
        "confidence": a.confidence,
    }


def _print_route(engine: Any, record: dict[str, Any], detail: Any) -> None:
    catalog = engine.catalog
    primary = catalog.agent(record["primary_agent"])
    workflow = catalog.workflows.get(record["workflow"]) if record["workflow"] else None
    print(f"Request:       {record['redacted_text']}")
    print(f"Primary agent: {primary.slug} ({primary.display_name})")
    print(f"Workflow:      {workflow.name if workflow else 'none of the 15 map workflows'}")
    print(f"Supporting:    {', '.join(record['supporting_agents']) or '-'}")
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


def cmd_route(args: argparse.Namespace, settings: BatonSettings) -> int:
    engine = _engine(settings)
    if args.jsonl:
        for out in process_jsonl(sys.stdin.buffer, lambda r: _route_record(engine, r.text)):
            _write_json(out)
        return 0
    text = _require_text(args.text)
    record = _route_record(engine, text)
    if args.json:
        _write_json(record)
    else:
        _print_route(engine, record, engine.router.route(record["redacted_text"]))
    return 0


def _redact_record(guard: Any, request: JsonlRequest) -> dict[str, Any]:
    redaction = guard.redact(request.text)
    return {
        "redacted_text": redaction.text,
        "entities": [{"type": e.type, "start": e.start, "end": e.end} for e in redaction.entities],
    }


def cmd_redact(args: argparse.Namespace, settings: BatonSettings) -> int:
    guard = _guard(settings)
    if args.jsonl:
        for out in process_jsonl(sys.stdin.buffer, lambda r: _redact_record(guard, r)):
            _write_json(out)
        return 0
    print(guard.redact(_require_text(args.text)).text)
    return 0


def _require_text(text: str | None) -> str:
    if text is None or not text.strip():
        raise UsageError("give the request text in quotes, or use --jsonl to read JSON lines")
    return text


def _print_turn(result: Any, fmt: str, reveal: Any = None) -> None:
    """Print a turn. JSON stays redacted (it is for programs); Markdown is for the
    person who asked, so ``reveal`` may put back the values they typed themselves."""
    from agents.markdown import clarify_to_markdown, plan_to_markdown

    show = reveal or (lambda text: text)
    if fmt == "json":
        kinds = ("plan", "clarification", "confirmation", "action")
        kind = next((k for k in kinds if getattr(result, k) is not None), "none")
        body = getattr(result, kind, None)
        _write_json(
            {
                "thread_id": result.thread_id,
                "kind": {"clarification": "clarify", "confirmation": "confirm"}.get(kind, kind),
                "answer": body.model_dump() if body else None,
                "notice": result.notice,
                "decision_note": result.decision_note,
            }
        )
        return
    if result.notice:
        print(f"({result.notice})\n")
    if result.confirmation is not None:
        if result.confirmation.warning:
            print(show(f"Note: {result.confirmation.warning}"))
        print(show(result.confirmation.question) + "\n")
    elif result.action is not None:
        print(show(result.action.message))
        for line in result.action.lines:
            print("  " + show(line))
        print()
    elif result.plan is not None:
        print(show(plan_to_markdown(result.plan)))
        if result.decision_note:
            print(show(f"**Decision:** {result.decision_note}") + "\n")
    elif result.clarification is not None:
        print(show(clarify_to_markdown(result.clarification)))


def _cli_actor(settings: BatonSettings) -> str:
    """Who is typing at this terminal: the configured staff member, else the OS user."""
    if settings.staff_id is not None:
        return f"staff:{settings.staff_id}"
    return f"cli:{getpass.getuser()}"


def _reveal_for(engine: Any, settings: BatonSettings, thread_id: str, actor: str) -> Any:
    """Show a known staff member the values they typed themselves; an anonymous terminal
    (no ``BATON_STAFF_ID``) gets placeholders like everyone else."""
    if settings.staff_id is None:
        return None
    return partial(engine.reveal, thread_id, actor)


def cmd_ask(args: argparse.Namespace, settings: BatonSettings) -> int:
    engine = _engine(settings, with_records=True)
    actor = _cli_actor(settings)
    result = engine.ask(
        _require_text(args.text),
        thread_id=args.thread,
        actor=actor,
        channel="cli",
        staff_id=settings.staff_id,
    )
    _print_turn(result, args.format, _reveal_for(engine, settings, result.thread_id, actor))
    if args.format == "md":
        print(f"(thread {result.thread_id}; continue it with --thread {result.thread_id})")
    return 0


def cmd_chat(args: argparse.Namespace, settings: BatonSettings) -> int:
    print(f"Starting Baton: local PHI guard and index; {settings.model().describe()}...")
    engine = _engine(settings, with_records=True)
    actor = _cli_actor(settings)
    thread = args.thread or uuid.uuid4().hex
    print(
        "Baton is ready. Describe the work; Baton names the specialist, the owners and the "
        "handoffs.\nCommands: /new starts a new conversation, /quit leaves. "
        f"Data directory: {settings.data_dir}\n"
    )
    while True:
        try:
            line = input("you> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        text = line.strip()
        if not text:
            continue
        if text in ("/quit", "/exit"):
            return 0
        if text == "/new":
            thread = uuid.uuid4().hex
            print("(new conversation)\n")
            continue
        try:
            result = engine.ask(
                text, thread_id=thread, actor=actor, channel="cli", staff_id=settings.staff_id
            )
        except ValueError as exc:
            print(f"baton: {exc}\n")
            continue
        _print_turn(result, "md", _reveal_for(engine, settings, result.thread_id, actor))


def cmd_knowledge(args: argparse.Namespace, settings: BatonSettings) -> int:
    from knowledge.documents import DocumentError

    engine = _engine(settings)
    if args.knowledge_command == "add":
        failed = 0
        for path in args.paths:
            try:
                (result,) = engine.add_documents([Path(path)])
            except DocumentError as exc:
                print(f"baton: {exc}", file=sys.stderr)
                failed += 1
                continue
            print(f"{result.status:>9}  {result.source}  ({result.chunks} chunks)")
        return 1 if failed else 0
    if args.knowledge_command == "list":
        documents = engine.index.documents()
        if not documents:
            print("No organization documents yet; add some with: baton knowledge add PATH...")
        for source, chunks in sorted(documents.items()):
            print(f"{source}  ({chunks} chunks)")
        return 0
    removed = engine.index.remove_document(args.name)
    if not removed:
        raise UsageError(f"no document named {args.name!r} in the index")
    print(f"removed {args.name} ({removed} chunks)")
    return 0


def cmd_eval(args: argparse.Namespace, settings: BatonSettings) -> int:
    if args.eval_command == "phi":
        return cmd_eval_phi(args, settings)
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
    guard = _guard(settings)
    report = evaluate(guard.redact_many, labelled, negatives)
    if args.json:
        _write_json(report.as_dict())
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
    from graph.evaluation import evaluate_routing, load_labelled

    path = Path(args.file) if args.file else DEFAULT_ROUTING_SET
    if not path.is_file():
        raise UsageError(f"labelled set not found: {path}")
    items = load_labelled(path)
    if args.model:
        return _eval_routing_both(args, settings, path, items)
    engine = _engine(settings)
    report = evaluate_routing(items, lambda text: engine.router.route(engine.redact(text).text))
    if args.json:
        _write_json(report.as_dict())
        return 0
    print(f"Routing evaluation on {path.name}: {report.total} requests")
    _print_routing_report(report, args.verbose)
    return 0


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
    engine = _engine(settings)
    redacted = {item.text: engine.redact(item.text).text for item in items}
    offline = evaluate_routing(items, lambda text: engine.router.route(redacted[text]))
    routed: list[Any] = []

    def with_model(text: str) -> Any:
        routed.append(engine.model_router.route(redacted[text]))
        return routed[-1]

    with_chat = evaluate_routing(items, with_model)
    usage = engine.usage.totals("router")
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
        _write_json(summary)
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baton",
        description="Routes healthcare-operations requests to the right specialist and "
        "answers with a handoff plan.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="talk to Baton in the terminal")
    chat.add_argument("--thread", help="continue an earlier conversation")
    chat.set_defaults(run=cmd_chat)

    route = sub.add_parser("route", help="show which specialist and owners a request goes to")
    route.add_argument("text", nargs="?")
    route.add_argument("--json", action="store_true", help="print one JSON object")
    route.add_argument("--jsonl", action="store_true", help="read JSON lines on stdin")
    route.set_defaults(run=cmd_route)

    redact = sub.add_parser("redact", help="replace PHI with typed placeholders")
    redact.add_argument("text", nargs="?")
    redact.add_argument("--jsonl", action="store_true", help="read JSON lines on stdin")
    redact.set_defaults(run=cmd_redact)

    ask = sub.add_parser("ask", help="run one full turn and print the handoff plan")
    ask.add_argument("text")
    ask.add_argument("--format", choices=["md", "json"], default="md")
    ask.add_argument("--thread", help="conversation thread id (follow-ups keep context)")
    ask.set_defaults(run=cmd_ask)

    knowledge = sub.add_parser("knowledge", help="manage the organization's documents")
    ksub = knowledge.add_subparsers(dest="knowledge_command", required=True)
    add = ksub.add_parser("add", help="ingest Markdown, text or PDF files (re-adding replaces)")
    add.add_argument("paths", nargs="+")
    ksub.add_parser("list", help="list ingested documents")
    remove = ksub.add_parser("remove", help="remove a document by file name")
    remove.add_argument("name")
    knowledge.set_defaults(run=cmd_knowledge)

    evaluate = sub.add_parser("eval", help="measure Baton against a labelled set")
    esub = evaluate.add_subparsers(dest="eval_command", required=True)
    routing = esub.add_parser("routing", help="routing accuracy and decision-flag precision/recall")
    routing.add_argument("file", nargs="?", help="JSON lines; default: the bundled labelled set")
    routing.add_argument("--json", action="store_true")
    routing.add_argument("--verbose", "-v", action="store_true", help="list every miss")
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
    evaluate.set_defaults(run=cmd_eval)
    cli_records.register(sub)
    cli_jobs.register(sub)
    cli_decisions.register(sub)
    cli_handoffs.register(sub)
    cli_serve.register(sub)
    cli_slack.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = BatonSettings()
    except ValueError as exc:  # pydantic's ValidationError names the variable
        print(f"baton: configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        silence_logs_until_guarded()
        return int(args.run(args, settings) or 0)
    except UsageError as exc:
        print(f"baton: {exc}", file=sys.stderr)
        return 2
    except (ValueError, RuntimeError, OSError) as exc:
        # Known failure kinds (bad data, missing model, unreadable file) carry messages
        # written for users and never the request text.
        print(f"baton: error: {exc}", file=sys.stderr)
        return 1
    except Exception:  # noqa: BLE001 - last line of defence: no traceback on screen
        incident = uuid.uuid4().hex[:8]
        log.exception("unexpected failure, incident %s", incident)
        print(
            f"baton: internal error (incident {incident}); details are in "
            f"{settings.data_dir / 'baton.log'}",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":
    raise SystemExit(main())
