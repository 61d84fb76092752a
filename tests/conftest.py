"""Shared fixtures: one Baton engine per test session on a throw-away data directory."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def engine_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("baton-data")


@pytest.fixture(scope="session")
def engine(engine_data_dir: Path) -> Iterator[object]:
    from graph.engine import BatonEngine, EngineConfig

    # The machine's vector cache (as the CLI uses): profile vectors are embedded once.
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "baton"
    with BatonEngine(EngineConfig(data_dir=engine_data_dir, cache_dir=cache)) as baton:
        yield baton
