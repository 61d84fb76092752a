"""Shared fixtures: one Baton engine per test session on a throw-away data directory."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def vector_cache() -> Path:
    """The machine's vector cache, as the CLI uses it: profile vectors are embedded once."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "baton"


@contextmanager
def one_engine_start_at_a_time() -> Iterator[None]:
    """Engines start one after another across the test workers (pytest-xdist) of this
    machine: the first embeds the agent profiles into the shared vector cache, the
    others wait for it and read the cache instead of embedding the same passages."""
    cache = vector_cache()
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / "engine-start.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


@pytest.fixture(scope="session")
def engine_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("baton-data")


@pytest.fixture(scope="session")
def shared_guard() -> object:
    """One PHI guard for the engines of a test session (loading it takes seconds)."""
    from tools.phi import PhiGuard, PhiModelMissing

    try:
        return PhiGuard()
    except PhiModelMissing as error:
        pytest.fail(f"PHI model missing, the PHI tests cannot run: {error}", pytrace=False)


@pytest.fixture(scope="session")
def text_guard(shared_guard: object) -> object:
    """The PHI guard as the tool layer takes it (``ToolContext(..., guard=text_guard)``)."""
    from tools.free_text import PhiTextGuard

    return PhiTextGuard(shared_guard)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def offline_engine(engine_data_dir: Path, shared_guard: object) -> Iterator[object]:
    from graph.engine import BatonEngine, EngineConfig

    config = EngineConfig(data_dir=engine_data_dir, cache_dir=vector_cache())
    with one_engine_start_at_a_time():
        baton = BatonEngine(config, guard=shared_guard)  # type: ignore[arg-type]
    with baton:
        yield baton


@pytest.fixture(scope="session")
def engine(offline_engine: object) -> object:
    """Baton offline (no chat model). Modules may override it, e.g. with ``model_engine``."""
    return offline_engine


@pytest.fixture(scope="session")
def fake_model() -> Iterator[object]:
    """A fake OpenAI-compatible server answering like a model that trusts the candidates."""
    from tests.fakes.openai_api import FakeOpenAI, candidate_oracle

    with FakeOpenAI(candidate_oracle) as fake:
        yield fake


@pytest.fixture(scope="session")
def model_engine(
    engine_data_dir: Path, offline_engine: object, shared_guard: object, fake_model: object
) -> Iterator[object]:
    """Baton in chat-model mode, talking to ``fake_model`` with the real clients.

    It shares the offline engine's data directory, so the agent profiles embedded for
    that engine's index are not embedded again (minutes on a busy machine).
    """
    from graph.engine import BatonEngine, EngineConfig
    from graph.model.config import ModelConfig

    model = ModelConfig(
        api_key="test-key",
        base_url=fake_model.url,  # type: ignore[attr-defined]
        timeout_s=3.0,
        max_retries=2,
        retry_backoff_s=0.01,  # milliseconds between retries, by configuration
        max_tool_steps=4,
    )
    config = EngineConfig(data_dir=engine_data_dir, cache_dir=vector_cache(), model=model)
    with BatonEngine(config, guard=shared_guard) as baton:  # type: ignore[arg-type]
        yield baton


@pytest.fixture
def fake(fake_model: object) -> Iterator[object]:
    """``fake_model`` with an empty script and request log for one test."""
    from tests.fakes.openai_api import candidate_oracle

    fake_model.reset()  # type: ignore[attr-defined]
    fake_model.answer = candidate_oracle  # type: ignore[attr-defined]
    yield fake_model
    fake_model.reset()  # type: ignore[attr-defined]
    fake_model.answer = candidate_oracle  # type: ignore[attr-defined]
