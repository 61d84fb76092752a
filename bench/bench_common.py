"""Helpers every benchmark shares, importing nothing of Baton's: a benchmark that runs
an older commit's code beside this checkout's (``bench_phi_models.py --baseline``) must
not pull this checkout's graph or tools in through them."""

from __future__ import annotations

import io
import json
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run_at_ref(root: Path, ref: str, script: str, args: list[str]) -> Any:
    """Run ``script`` with ``args`` in a child process against the ``tools`` package (and
    knowledge data) as committed at git ``ref``, and return the JSON it prints: a
    baseline measured in the same run as this checkout. The script must put
    ``BATON_BENCH_CODE`` first on its path before importing ``tools``."""
    with tempfile.TemporaryDirectory(prefix="baton-baseline-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", ref, "tools", "knowledge/data"],
            check=True,
            capture_output=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        child = subprocess.run(
            [sys.executable, script, *args],
            capture_output=True,
            text=True,
            env={**os.environ, "BATON_BENCH_CODE": tmp},
        )
    if child.returncode != 0:
        raise SystemExit(f"the baseline at {ref} failed:\n{child.stderr[-2000:]}")
    return json.loads(child.stdout)
