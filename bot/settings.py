"""All configuration, read once from the environment at the edge and passed down.

Reading it loads no model: the engine's configuration type is imported only when an
engine is about to be built, so commands that need no engine start fast.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from pydantic import AliasChoices, Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.model.config import ModelConfig

if TYPE_CHECKING:
    from graph.engine import EngineConfig

SLACK_API_URL = "https://slack.com/api/"
# Values copied from examples and templates instead of the Slack app's settings page.
_PLACEHOLDER_SECRETS = frozenset(
    {"changeme", "changethis", "change-me", "secret", "your-signing-secret", "xxx", "todo"}
)
_PLACEHOLDER_TOKEN = re.compile(r"^x(?:ox[abp]|app)-(?:your|xxx|\.\.\.|changeme|token)", re.I)


def is_placeholder_secret(value: str) -> bool:
    """True for a value an admin forgot to replace ("changeme", "xoxb-your-token" …)."""
    cleaned = value.strip()
    return cleaned.lower() in _PLACEHOLDER_SECRETS or bool(_PLACEHOLDER_TOKEN.match(cleaned))


class ToolOptions(TypedDict, total=False):
    """What a ToolContext takes from the settings besides its database and guard."""

    write_off_director_limit: Decimal
    fee_schedule_path: Path


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "baton"


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "baton"


class BatonSettings(BaseSettings):
    """Environment variables prefixed ``BATON_``; see the README for each."""

    model_config = SettingsConfigDict(env_prefix="BATON_", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(default_factory=_default_data_dir)
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    chroma_url: str | None = None
    checkpoint_url: str | None = None
    log_level: str = "WARNING"
    database_url: str | None = None
    # Where `baton audit anchor` appends the chain's head and `verify` compares with it:
    # outside the data directory, somewhere whoever can change the store cannot.
    audit_anchor_file: Path | None = None
    fee_schedule: Path | None = None
    staff_id: int | None = None
    write_off_director_limit: Decimal = Decimal("1000.00")
    # ``baton serve`` (HTTP API and web pages)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    cors_origins: str = ""  # comma-separated origins allowed to call the API; none by default
    max_request_bytes: int = Field(default=1_000_000, ge=1_024)
    metrics_enabled: bool = True
    jobs_interval_s: float = Field(default=60.0, ge=0)  # run-due timer in ``baton serve``; 0: off
    # A conversation's live stream (GET /threads/{id}/events): how often it looks for a
    # new answer in the checkpoint, and how long it may stay quiet before a keep-alive.
    answer_poll_s: float = Field(default=2.0, ge=0.05, le=60)
    answer_keepalive_s: float = Field(default=15.0, ge=0.05, le=300)

    def cors_origin_list(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]

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

    def tool_options(self) -> ToolOptions:
        options: ToolOptions = {"write_off_director_limit": self.write_off_director_limit}
        if self.fee_schedule:
            options["fee_schedule_path"] = self.fee_schedule
        return options

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
        from graph.engine import EngineConfig  # loads the engine's libraries: only when used

        return EngineConfig(
            data_dir=self.data_dir.expanduser(),
            chroma_url=self.chroma_url or None,
            checkpoint_url=self.checkpoint_url or None,
            cache_dir=self.cache_dir.expanduser(),
            model=self.model(),
        )

    # -- Slack (bot/slack) ---------------------------------------------------------
    # Slack's own variable names, as Slack's documentation and tooling use them; the
    # tuning knobs beside them carry the BATON_ prefix like everything else.
    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "BATON_SLACK_BOT_TOKEN")
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "BATON_SLACK_SIGNING_SECRET"),
    )
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "BATON_SLACK_APP_TOKEN")
    )
    slack_api_url: str = Field(
        default=SLACK_API_URL, validation_alias=AliasChoices("SLACK_API_URL", "BATON_SLACK_API_URL")
    )
    slack_workers: int = Field(default=4, ge=1, le=64)  # threads running turns, per process
    slack_queue_limit: int = Field(default=1000, ge=1)  # turns waiting beyond that: "busy"
    slack_rate_per_minute: float = Field(default=20.0, gt=0)  # per Slack user, per process
    slack_rate_burst: int = Field(default=10, ge=1)

    @field_validator("slack_bot_token", "slack_signing_secret", "slack_app_token")
    @classmethod
    def _no_placeholder_secrets(
        cls, value: SecretStr | None, info: ValidationInfo
    ) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None  # set but empty: the same as unset
        if is_placeholder_secret(value.get_secret_value()):
            name = info.field_name.upper() if info.field_name else "a Slack secret"
            raise ValueError(
                f"{name} is a placeholder value; set the real one from the Slack app's "
                "settings (see the README, 'Slack')"
            )
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_ends_in_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("SLACK_API_URL must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"
