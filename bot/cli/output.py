"""How commands print for programs: one JSON value per line, and CSV files."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping, Sequence
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
