"""How a command fails: a usage problem, or a tool's refusal, each as one clear line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import wraps

from bot.settings import BatonSettings
from tools.errors import AccessDenied, NeedsConfirmation, ToolError

Command = Callable[[argparse.Namespace, BatonSettings], int]


class UsageError(Exception):
    """A problem the user can fix; printed without a traceback."""


def refusals(run: Command) -> Command:
    """Turn tool refusals into one clear line and a non-zero exit."""

    @wraps(run)
    def wrapped(args: argparse.Namespace, settings: BatonSettings) -> int:
        try:
            return run(args, settings)
        except NeedsConfirmation as exc:
            print(f"baton: needs confirmation ({exc.rule}): {exc}; add --confirm", file=sys.stderr)
            return 3
        except AccessDenied as exc:
            print(f"baton: denied ({exc.rule}): {exc}", file=sys.stderr)
            return 4
        except ToolError as exc:
            where = f", {exc.field}" if exc.field else ""
            print(f"baton: refused ({exc.rule}{where}): {exc}", file=sys.stderr)
            return 1
        except ValueError as exc:
            # The importer loads the store (SQLAlchemy models): only once something failed,
            # so a command that never touches the store does not pay for it.
            from tools.importing import ImportRejected

            if not isinstance(exc, ImportRejected):
                raise
            print(f"baton: import refused: {exc}", file=sys.stderr)
            return 1

    return wrapped
