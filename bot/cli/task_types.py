"""``baton task-types``: the catalog a time entry's ``--type`` comes from.

``baton tasks log --type`` takes a catalog name or the everyday words chat understands
("phone call", "med rec", "care plan review"), matched to the patient's program the
same way (``type_for_entry``).
"""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.arguments import with_actor
from bot.cli.errors import refusals
from bot.cli.output import print_json, print_table
from bot.cli.runtime import record_actor, tool_context
from bot.settings import BatonSettings

EXAMPLES = """\
examples:
  baton task-types
  baton task-types --program CCM
  baton tasks log --coordinator 1 --patient ZK1029 --type "care plan review" --minutes 25

--type takes a name below or everyday words for it ("phone call", "med rec"); words
that fit several types are refused with the closest names.
"""


def register(sub: Any) -> None:
    types = with_actor(
        sub.add_parser(
            "task-types",
            help="the task types time is logged against",
            description="The task types of the catalog, by category.",
            epilog=EXAMPLES,
        )
    )
    types.add_argument("--program", choices=["CCM", "PCM"], help="only types for this program")
    types.add_argument("--json", action="store_true")
    types.set_defaults(run=cmd_task_types)


@refusals
def cmd_task_types(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.tasks.types import list_task_types

    ctx = tool_context(settings)
    found = [
        t
        for t in list_task_types(ctx, record_actor(ctx, args, settings))
        if args.program is None or t.program in (None, args.program)
    ]
    if args.json:
        print_json([t.__dict__ for t in found])
        return 0
    print_table(
        ("task type", "category", "for", "avg min"),
        ((t.name, t.category, t.program or "everyone", t.average_minutes) for t in found),
    )
    print(f'{len(found)} task types; --type also takes everyday words, e.g. "phone call"')
    return 0


def type_for_entry(ctx: Any, actor: Any, typed: str, patient: int | str) -> str:
    """The catalog name ``typed`` means for this patient: itself when it is a name,
    else the type chat would pick for those words (refused, with the closest names,
    when they fit none or several)."""
    from tools.tasks.service import task_type_for_phrase
    from tools.tasks.types import list_task_types

    wanted = " ".join(typed.split()).casefold()
    for task_type in list_task_types(ctx, actor):
        if task_type.name.casefold() == wanted:
            return task_type.name
    return task_type_for_phrase(ctx, actor, typed, patient)
