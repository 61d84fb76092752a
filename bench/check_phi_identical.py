"""Check that the PHI guard's detections are byte-identical to the guard at a git ref.

Run:  .venv/bin/python bench/check_phi_identical.py --baseline main

A speed change to the guard must not change what it finds. This runs the default guard
of this checkout and of ``REF`` (its ``tools`` package and routing corpus, extracted to a
temporary directory and run in a child process, as bench_phi_models.py does) over every
PHI set: tests/data/phi_labelled.jsonl, tests/data/phi_negatives.jsonl,
tests/data/phi_eval/*.jsonl and the public set (tools/phi/public_set.py). Each text goes
through ``redact`` and, for the batch path, ``redact_many``; the redacted text and every
entity (type, start, end, score) and placeholder must be equal. Exit status 1 and the
first differing messages (as set name and line, never the text) when they are not.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CODE_ROOT = Path(os.environ.get("BATON_BENCH_CODE", ROOT))
sys.path.insert(0, str(CODE_ROOT))
importlib.import_module("tools")

from bench_common import run_at_ref  # noqa: E402

from tools.phi.guard import PhiGuard, Redaction  # noqa: E402
from tools.phi.public_set import build_public_set  # noqa: E402

DATA = ROOT / "tests" / "data"
BATCH = 32


def phi_sets() -> dict[str, list[str]]:
    """Every PHI set's texts, by name."""
    paths = [DATA / "phi_labelled.jsonl", DATA / "phi_negatives.jsonl"]
    paths += sorted((DATA / "phi_eval").glob("*.jsonl"))
    found = {
        path.relative_to(ROOT).as_posix(): [
            json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()
        ]
        for path in paths
    }
    found["public_set(600)"] = [message.text for message in build_public_set(600)]
    return found


def _record(redaction: Redaction) -> list[Any]:
    entities = [[e.type, e.start, e.end, e.score] for e in redaction.entities]
    return [redaction.text, entities, list(redaction.placeholders)]


def detections() -> dict[str, list[list[Any]]]:
    """For each set, each text's redaction alone and in a batch."""
    guard = PhiGuard()
    out: dict[str, list[list[Any]]] = {}
    for name, texts in phi_sets().items():
        single = [_record(guard.redact(text)) for text in texts]
        batched = [
            _record(redaction)
            for i in range(0, len(texts), BATCH)
            for redaction in guard.redact_many(texts[i : i + BATCH])
        ]
        out[name] = [[one, many] for one, many in zip(single, batched, strict=True)]
    return out


def at_ref(ref: str) -> dict[str, list[list[Any]]]:
    return dict(run_at_ref(ROOT, ref, __file__, ["--dump"]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", metavar="REF", default="main")
    parser.add_argument("--dump", action="store_true", help="print this code's detections")
    args = parser.parse_args()
    if args.dump:
        print(json.dumps(detections()))
        return 0
    before, after = at_ref(args.baseline), json.loads(json.dumps(detections()))
    differing = 0
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, []), after.get(name, [])
        if len(old) != len(new):
            print(f"{name}: {len(old)} texts at {args.baseline}, {len(new)} now")
            differing += 1
            continue
        lines = [i + 1 for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        digest = hashlib.sha256(json.dumps(new).encode()).hexdigest()[:12]
        status = "identical" if not lines else f"{len(lines)} differ, lines {lines[:10]}"
        print(f"{name}: {len(new)} texts, {status} (digest {digest})")
        differing += len(lines)
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
