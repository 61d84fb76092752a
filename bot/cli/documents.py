"""``baton knowledge``: the organization's own documents in the knowledge index."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.errors import UsageError
from bot.cli.runtime import engine_for
from bot.settings import BatonSettings


def register(sub: Any) -> None:
    knowledge = sub.add_parser("knowledge", help="manage the organization's documents")
    ksub = knowledge.add_subparsers(dest="knowledge_command", required=True)
    add = ksub.add_parser("add", help="ingest Markdown, text or PDF files (re-adding replaces)")
    add.add_argument("paths", nargs="+")
    ksub.add_parser("list", help="list ingested documents")
    remove = ksub.add_parser("remove", help="remove a document by file name")
    remove.add_argument("name")
    knowledge.set_defaults(run=cmd_knowledge)


def cmd_knowledge(args: argparse.Namespace, settings: BatonSettings) -> int:
    from knowledge.documents import DocumentError

    engine = engine_for(settings)
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
        documents = engine.documents()
        if not documents:
            print("No organization documents yet; add some with: baton knowledge add PATH...")
        for source, chunks in sorted(documents.items()):
            print(f"{source}  ({chunks} chunks)")
        return 0
    removed = engine.remove_document(args.name)
    if not removed:
        raise UsageError(f"no document named {args.name!r} in the index")
    print(f"removed {args.name} ({removed} chunks)")
    return 0
