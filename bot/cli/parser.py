"""The ``baton`` argument parser: examples in ``--help``, and "did you mean" for a
mistyped command or option (Python 3.11's argparse has neither; 3.14's
``suggest_on_error`` does the first). Usage errors exit 2, as the README says."""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Sequence
from typing import Any, NoReturn

_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*)' \(choose from (.*)\)")
_UNRECOGNIZED = re.compile(r"unrecognized arguments: (.*)")


def suggestion(typed: str, choices: Sequence[str]) -> str:
    """ " (did you mean 'staff'?)" when one or more choices are close to ``typed``."""
    close = difflib.get_close_matches(typed, list(choices), n=2, cutoff=0.7)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


class BatonParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors suggest the command or option meant.

    Sub-commands are built with the same class, so the parser that ends up with an
    unknown option is known (``_last``) when the top parser reports it."""

    _last: BatonParser | None = None
    _last_args: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def parse_known_args(self, args=None, namespace=None):
        BatonParser._last = self
        BatonParser._last_args = [str(a) for a in (args or [])]
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        choice = _INVALID_CHOICE.search(message)
        if choice:
            typed, listed = choice.group(1), re.findall(r"'([^']*)'", choice.group(2))
            message += suggestion(typed, listed)
        # An option the parser does not know, reported as such or hidden behind a
        # "required" error (argparse checks required options first).
        parser = BatonParser._last or self
        options = [o for action in parser._actions for o in action.option_strings]
        unknown = _UNRECOGNIZED.search(message)
        words = unknown.group(1).split() if unknown else BatonParser._last_args
        for word in words:
            name = word.split("=", 1)[0]
            if name.startswith("--") and name not in options:
                hint = suggestion(name, options)
                message += f"; {name} is not an option{hint}" if not unknown else hint
        super().error(message)


EXAMPLES = """\
examples:
  baton demo-data                          a fictional practice to look around in
  baton staff list                         who is who (coordinators first)
  baton task-types                         the task types, and the words that name them
  baton tasks log --coordinator 1 --patient ZK1029 --type "phone call" --minutes 15
  baton panel --as 1 --visit overdue       a coordinator's patients overdue for a visit
  baton billing month 2026-11 --csv nov.csv
  baton decisions list --mine --as 5       decisions waiting for your answer
  baton ask "prior auth for an MRI has been pending nine days"

Exit codes: 0 done, 1 an error or a refusal, 2 a usage or configuration error,
3 needs --confirm, 4 access denied, 70 an unexpected failure (see baton.log).
"""
