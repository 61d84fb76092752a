"""What the API and web pages share for the life of the process."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.settings import BatonSettings
from graph.engine import BatonEngine
from tools.context import ToolContext


@dataclass
class ApiServices:
    """Built once per process by ``create_app`` and handed to every request.

    Loading the engine (PHI and embedding models, index) takes seconds, so a worker
    builds it once and shares it between requests.
    """

    settings: BatonSettings
    engine: BatonEngine
    records: ToolContext
    slack_app: Any = None  # bot.slack.app.BatonSlackApp, when Slack's HTTP mode is set up
