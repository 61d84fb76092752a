"""How Baton talks to a chat model, as one typed value built from the settings.

No API key means offline mode: the offline router and composer do all the work and no
request ever leaves the machine. With a key, any OpenAI-compatible server works (OpenAI,
Azure OpenAI, vLLM, Ollama ...) through ``base_url``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

ModelRole = Literal["router", "specialist"]


@dataclass(frozen=True)
class ModelConfig:
    api_key: str | None = field(default=None, repr=False)
    base_url: str | None = None  # None: the OpenAI API itself
    router_model: str = "gpt-4o-mini"
    specialist_model: str = "gpt-4o"
    timeout_s: float = 30.0  # per HTTP request to the model
    max_retries: int = 2  # on 429, 5xx and dropped connections; timeouts are not retried
    retry_backoff_s: float = 0.5  # first wait; doubles per retry, jittered
    max_output_tokens: int = 1500  # per model request
    turn_token_budget: int = 24000  # tokens in + out over all model requests of one turn
    max_tool_steps: int = 6  # model round trips in one specialist turn
    agent_prompts_dir: Path | None = None  # a folder in the public agent-pack format

    def __post_init__(self) -> None:
        problems = []
        if self.timeout_s <= 0:
            problems.append(f"timeout must be positive, got {self.timeout_s}")
        if self.max_retries < 0:
            problems.append(f"max retries must be 0 or more, got {self.max_retries}")
        if self.retry_backoff_s < 0:
            problems.append(f"retry backoff must be 0 or more, got {self.retry_backoff_s}")
        if self.max_output_tokens < 16 or self.turn_token_budget < self.max_output_tokens:
            problems.append(
                "the per-request output cap must be at least 16 tokens and the turn budget at "
                f"least that cap (got {self.max_output_tokens} and {self.turn_token_budget})"
            )
        if self.max_tool_steps < 1:
            problems.append(f"max tool steps must be at least 1, got {self.max_tool_steps}")
        if problems:
            raise ValueError("chat model configuration: " + "; ".join(problems))

    @property
    def enabled(self) -> bool:
        return bool(self.api_key)

    def model_for(self, role: ModelRole) -> str:
        return self.router_model if role == "router" else self.specialist_model

    def describe(self) -> str:
        """The one line Baton states at start-up (never the key)."""
        if not self.enabled:
            return "offline mode (no OPENAI_API_KEY)"
        where = self.base_url or "the OpenAI API"
        models = (
            self.router_model
            if self.router_model == self.specialist_model
            else f"{self.router_model} (router), {self.specialist_model} (specialists)"
        )
        return f"chat model {models} at {where}"


OFFLINE = ModelConfig()
