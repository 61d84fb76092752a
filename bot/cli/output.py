"""How commands print: tables with a header for people; for programs, one JSON value per
line, and CSV files."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any


def print_json(obj: Any) -> None:
    """One JSON value on one line; dates and other values as their text. Flushed, so a
    program reading JSON lines gets each answer as soon as it is ready."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def write_csv(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    """Rows as CSV with a header; list values joined by spaces."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        if not rows:
            return  # an empty file: nothing to describe, not even a header
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: (" ".join(v) if isinstance(v, list) else v) for k, v in row.items()}
            )


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Rows under a header, each column as wide as its widest cell; numbers to the right."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    numeric = [all(_is_number(r[i]) for r in cells) and bool(cells) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    print(line(list(headers)))
    print(line(["-" * w for w in widths]))
    for row in cells:
        print(line(row))


def _is_number(text: str) -> bool:
    return text.replace(".", "", 1).replace("%", "", 1).lstrip("-").isdigit() or text == "-"
