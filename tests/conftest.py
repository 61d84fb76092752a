"""Shared fixtures: one Baton engine per test session on a throw-away data directory."""

from __future__ import annotations

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

    with BatonEngine(EngineConfig(data_dir=engine_data_dir)) as baton:
        yield baton
