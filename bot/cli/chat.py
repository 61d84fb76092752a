"""``baton chat`` (a conversation in the terminal) and ``baton ask`` (one full turn)."""

from __future__ import annotations

import argparse
import getpass
import uuid
from functools import partial
from typing import TYPE_CHECKING, Any

from bot.cli.arguments import require_text
from bot.cli.output import print_json
from bot.cli.runtime import engine_for
from bot.settings import BatonSettings

if TYPE_CHECKING:
    from graph.results import TurnResult


def register_chat(sub: Any) -> None:
    chat = sub.add_parser("chat", help="talk to Baton in the terminal")
    chat.add_argument("--thread", help="continue an earlier conversation")
    chat.set_defaults(run=cmd_chat)


def register_ask(sub: Any) -> None:
    ask = sub.add_parser("ask", help="run one full turn and print the handoff plan")
    ask.add_argument("text")
    ask.add_argument("--format", choices=["md", "json"], default="md")
    ask.add_argument("--thread", help="conversation thread id (follow-ups keep context)")
    ask.set_defaults(run=cmd_ask)


def cmd_ask(args: argparse.Namespace, settings: BatonSettings) -> int:
    engine = engine_for(settings, with_records=True)
    actor = turn_actor(settings)
    result = engine.ask(
        require_text(args.text),
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
    engine = engine_for(settings, with_records=True)
    actor = turn_actor(settings)
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


def turn_actor(settings: BatonSettings) -> str:
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


def _print_turn(result: TurnResult, fmt: str, reveal: Any = None) -> None:
    """Print a turn. JSON stays redacted (it is for programs); Markdown is for the
    person who asked, so ``reveal`` may put back the values they typed themselves."""
    from graph.results import turn_markdown

    if fmt == "json":
        body = result.answer
        print_json(
            {
                "thread_id": result.thread_id,
                "kind": result.kind,
                "answer": body.model_dump() if body else None,
                "notice": result.notice,
                "decision_note": result.decision_note,
            }
        )
        return
    show = reveal or (lambda text: text)
    print(show(turn_markdown(result)).rstrip() + "\n")
