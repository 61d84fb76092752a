"""``baton eval intents``: the intent reader measured on the labelled chat messages."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli.errors import UsageError
from bot.cli.output import print_json
from bot.cli.runtime import guard_for
from bot.settings import BatonSettings

INTENT_SET_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "intents"
HALVES = ("dev", "test")


def register_intents(esub: Any) -> None:
    intents = esub.add_parser(
        "intents",
        help="time entries, records questions and plan requests told apart (accuracy)",
    )
    intents.add_argument(
        "file", nargs="?", help="labelled JSON lines; default: both halves of the bundled set"
    )
    intents.add_argument("--json", action="store_true")
    intents.add_argument(
        "--verbose", "-v", action="store_true", help="list the misses (of a FILE or the dev half)"
    )


def cmd_eval_intents(args: argparse.Namespace, settings: BatonSettings) -> int:
    from graph.intent_evaluation import INTENTS, evaluate_intents, load_messages
    from graph.intents import classify

    sets = (
        {Path(args.file).name: Path(args.file)}
        if args.file
        else {half: INTENT_SET_DIR / f"{half}.jsonl" for half in HALVES}
    )
    loaded = {}
    for name, path in sets.items():
        if not path.is_file():
            raise UsageError(f"labelled set not found: {path}")
        try:
            loaded[name] = load_messages(path)
        except ValueError as bad:
            raise UsageError(str(bad)) from None
    guard = guard_for(settings)
    # Messages are read as a turn reads them: after the PHI guard.
    reports = {
        name: evaluate_intents(items, lambda text: classify(guard.redact(text).text).kind)
        for name, items in loaded.items()
    }
    if args.json:
        print_json({name: report.as_dict() for name, report in reports.items()})
        return 0
    for name, report in reports.items():
        print(f"Intent evaluation on {name}: {report.total} messages")
        print(f"  accuracy                 {report.accuracy:.3f}")
        print(f"  plan requests misread    {report.plans_taken_as_data}")
        for intent in INTENTS:
            if report.per_intent[intent]:
                print(f"  recall {intent:<17} {report.recall(intent):.3f}")
        # The test half only ever gives aggregate figures (tests/data/intents/README.md).
        if args.verbose and name != "test" and report.misses:
            print("  misses:")
            for miss in report.misses:
                print(f"    {miss}")
    return 0
