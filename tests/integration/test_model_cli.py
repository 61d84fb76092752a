"""The CLI in chat-model mode: the mode is stated at start-up, and
``baton eval routing --model`` measures both routers with tokens and latency."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.openai_api import FakeOpenAI

LABELLED = Path(__file__).parents[1] / "data" / "routing_labelled.jsonl"


@pytest.fixture(scope="module")
def data_dir(
    tmp_path_factory: pytest.TempPathFactory, engine_data_dir: Path, offline_engine: object
) -> Path:
    """A data directory of its own, with a copy of the session's index: the agent profiles
    are embedded already, so each ``baton`` process starts in seconds, not minutes."""
    folder = tmp_path_factory.mktemp("cli-model-data")
    shutil.copytree(engine_data_dir / "chroma", folder / "chroma")
    return folder


def _baton(
    args: list[str], data_dir: Path, env: dict[str, str], stdin: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        env={**clean, "BATON_DATA_DIR": str(data_dir), **env},
        capture_output=True,
        timeout=600,
    )


def test_eval_routing_with_the_model_prints_both_routers_and_the_cost(
    data_dir: Path, fake: FakeOpenAI, tmp_path: Path
) -> None:
    sample = tmp_path / "sample.jsonl"
    sample.write_text("\n".join(LABELLED.read_text().splitlines()[:6]) + "\n")
    env = {
        "OPENAI_API_KEY": "test-key",
        "OPENAI_BASE_URL": fake.url,
        "BATON_ROUTER_MODEL": "router-under-test",
    }
    done = _baton(["eval", "routing", str(sample), "--model", "--json"], data_dir, env)
    assert done.returncode == 0, done.stderr.decode()
    report = json.loads(done.stdout)
    assert report["offline"]["requests"] == report["model"]["requests"] == 6
    model = report["model"]
    assert model["model"] == "router-under-test" and model["model_calls"] == 6
    assert model["tokens_in"] > 0 and model["tokens_out"] > 0 and model["latency_ms_mean"] > 0
    assert model["choices_used"] == 6 and model["fallbacks"] == {}
    assert len(fake.bodies) == 6

    text = _baton(["eval", "routing", str(sample), "--model"], data_dir, env)
    assert (
        b"Offline router:" in text.stdout
        and b"With the chat model (router-under-test)" in text.stdout
    )
    assert b"tokens in / out" in text.stdout


def test_without_a_key_model_evaluation_is_a_usage_error_and_chat_says_offline(
    data_dir: Path,
) -> None:
    refused = _baton(["eval", "routing", "--model"], data_dir, {})
    assert refused.returncode == 2 and b"OPENAI_API_KEY" in refused.stderr
    chat = _baton(["chat"], data_dir, {}, stdin=b"/quit\n")
    assert chat.returncode == 0
    assert b"offline mode (no OPENAI_API_KEY)" in chat.stdout


def test_chat_names_the_model_and_url_once(data_dir: Path, fake: FakeOpenAI) -> None:
    env = {"OPENAI_API_KEY": "sk-secret-test", "OPENAI_BASE_URL": fake.url}
    chat = _baton(["chat"], data_dir, env, stdin=b"/quit\n")
    assert chat.returncode == 0, chat.stderr.decode()
    out = chat.stdout.decode()
    assert out.count("chat model gpt-4o-mini (router), gpt-4o (specialists) at " + fake.url) == 1
    assert "sk-secret" not in out + chat.stderr.decode()
    assert "sk-secret" not in (data_dir / "baton.log").read_text()
