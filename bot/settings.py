"""All configuration, read once from the environment at the edge and passed down."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.engine import EngineConfig


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "baton"


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "baton"


class BatonSettings(BaseSettings):
    """Environment variables prefixed ``BATON_``; see the README for each."""

    model_config = SettingsConfigDict(env_prefix="BATON_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    chroma_url: str | None = None
    checkpoint_url: str | None = None
    phi_model_dir: Path | None = None
    log_level: str = "WARNING"
    database_url: str | None = None
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

    def cors_origin_list(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]

    def database_url_or_default(self) -> str:
        from tools.store.database import default_database_url

        return self.database_url or default_database_url(self.data_dir.expanduser())

    def tool_options(self) -> dict[str, object]:
        options: dict[str, object] = {"write_off_director_limit": self.write_off_director_limit}
        if self.fee_schedule:
            options["fee_schedule_path"] = self.fee_schedule
        return options

    def engine_config(self) -> EngineConfig:
        return EngineConfig(
            data_dir=self.data_dir.expanduser(),
            chroma_url=self.chroma_url or None,
            checkpoint_url=self.checkpoint_url or None,
            phi_model_dir=self.phi_model_dir,
            cache_dir=self.cache_dir.expanduser(),
        )
