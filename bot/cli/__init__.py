"""The ``baton`` command line: one module per command group.

``app`` builds the argument parser and runs a command; each command group registers its
sub-commands and holds their handlers; ``runtime`` loads the PHI guard, the engine and the
system of record only for the commands that use them, so ``baton --help`` and the pure
commands (``baton billing codes``) start without loading any model.
"""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """The ``baton`` console script."""
    from bot.cli.app import main as run_baton

    return run_baton(argv)
