"""The chat model is configured by the variables every OpenAI-compatible tool uses."""

from __future__ import annotations

import pytest

from bot.settings import BatonSettings
from graph.model.config import ModelConfig


def _settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> BatonSettings:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return BatonSettings()


def test_no_key_means_offline_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    model = _settings(monkeypatch).model()
    assert not model.enabled
    assert model.describe() == "offline mode (no OPENAI_API_KEY)"


def test_key_url_and_per_role_models_are_read_once_and_passed_down(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = _settings(
        monkeypatch,
        OPENAI_API_KEY="sk-test-not-real",
        OPENAI_BASE_URL="http://vllm.internal:8000/v1",
        BATON_ROUTER_MODEL="small",
        BATON_SPECIALIST_MODEL="large",
        BATON_MODEL_TIMEOUT_S="12.5",
        BATON_MODEL_MAX_RETRIES="4",
        BATON_MODEL_MAX_TOKENS="9000",
        BATON_AGENT_PROMPTS_DIR="/srv/agents",
    )
    model = settings.engine_config().model
    assert model.enabled and model.api_key == "sk-test-not-real"
    assert (model.base_url, model.router_model, model.specialist_model) == (
        "http://vllm.internal:8000/v1",
        "small",
        "large",
    )
    assert (model.timeout_s, model.max_retries, model.turn_token_budget) == (12.5, 4, 9000)
    assert str(model.agent_prompts_dir) == "/srv/agents"
    described = model.describe()
    assert "small (router), large (specialists)" in described and "vllm.internal" in described
    assert "sk-test" not in described and "sk-test" not in repr(model) + repr(settings)


def test_a_blank_key_is_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not _settings(monkeypatch, OPENAI_API_KEY="  ").model().enabled


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("BATON_MODEL_TIMEOUT_S", "0"),
        ("BATON_MODEL_MAX_RETRIES", "-1"),
        ("BATON_MODEL_MAX_TOKENS", "10"),
        ("BATON_MODEL_TIMEOUT_S", "soon"),
    ],
)
def test_bad_values_are_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    with pytest.raises(ValueError, match=variable.removeprefix("BATON_").lower()):
        _settings(monkeypatch, **{variable: value})


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"timeout_s": 0}, "timeout"),
        ({"max_output_tokens": 8}, "output cap"),
        ({"max_output_tokens": 2000, "turn_token_budget": 1000}, "turn budget"),
        ({"max_tool_steps": 0}, "tool steps"),
    ],
)
def test_model_config_checks_itself(changes: dict[str, float], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        ModelConfig(api_key="x", **changes)  # type: ignore[arg-type]
