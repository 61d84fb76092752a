"""All configuration, read once from the environment at the edge and passed down."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.engine import EngineConfig
from graph.model.config import ModelConfig


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "baton"


class BatonSettings(BaseSettings):
    """Environment variables prefixed ``BATON_``; see the README for each."""

    model_config = SettingsConfigDict(env_prefix="BATON_", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(default_factory=_default_data_dir)
    chroma_url: str | None = None
    checkpoint_url: str | None = None
    phi_model_dir: Path | None = None
    log_level: str = "WARNING"
    database_url: str | None = None
    fee_schedule: Path | None = None
    staff_id: int | None = None
    # The chat model (optional). The two OpenAI variables keep the names every
    # OpenAI-compatible tool uses; without a key Baton runs offline.
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "openai_api_key")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "openai_base_url")
    )
    router_model: str = "gpt-4o-mini"
    specialist_model: str = "gpt-4o"
    model_timeout_s: float = Field(default=30.0, gt=0)
    model_max_retries: int = Field(default=2, ge=0, le=10)
    model_retry_backoff_s: float = Field(default=0.5, ge=0, le=60)
    model_max_tokens: int = Field(default=24000, ge=256)
    model_max_output_tokens: int = Field(default=1500, ge=16)
    model_max_tool_steps: int = Field(default=6, ge=1, le=20)
    agent_prompts_dir: Path | None = None

    def database_url_or_default(self) -> str:
        from tools.store.database import default_database_url

        return self.database_url or default_database_url(self.data_dir.expanduser())

    def tool_options(self) -> dict[str, object]:
        return {"fee_schedule_path": self.fee_schedule} if self.fee_schedule else {}

    def model(self) -> ModelConfig:
        key = self.openai_api_key.get_secret_value().strip() if self.openai_api_key else ""
        return ModelConfig(
            api_key=key or None,
            base_url=self.openai_base_url or None,
            router_model=self.router_model,
            specialist_model=self.specialist_model,
            timeout_s=self.model_timeout_s,
            max_retries=self.model_max_retries,
            retry_backoff_s=self.model_retry_backoff_s,
            max_output_tokens=min(self.model_max_output_tokens, self.model_max_tokens),
            turn_token_budget=self.model_max_tokens,
            max_tool_steps=self.model_max_tool_steps,
            agent_prompts_dir=(
                self.agent_prompts_dir.expanduser() if self.agent_prompts_dir else None
            ),
        )

    def engine_config(self) -> EngineConfig:
        return EngineConfig(
            data_dir=self.data_dir.expanduser(),
            chroma_url=self.chroma_url or None,
            checkpoint_url=self.checkpoint_url or None,
            phi_model_dir=self.phi_model_dir,
            model=self.model(),
        )
