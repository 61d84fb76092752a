"""One factory for the chat model client, and what a failure of it means for a turn.

Retries: the ``openai`` client's own retries are switched off and LangChain's
``with_retry`` does them instead, because its backoff is configurable
(``ModelConfig.retry_backoff_s``): production waits about half a second, doubling; tests
wait milliseconds without patching anything. Rate limits (429), server errors (5xx) and
dropped connections are retried; a timeout is not (the user is already waiting), and
nothing else is.
"""

from __future__ import annotations

from typing import Any

import openai
from langchain_core.runnables import Runnable
from langchain_openai import ChatOpenAI
from langchain_openai.chat_models.base import OpenAIRefusalError
from pydantic import SecretStr, ValidationError

from graph.model.config import ModelConfig, ModelRole


class ModelFailure(Exception):
    """The model path could not produce a valid answer; ``reason`` is a short code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Reason code -> what the user is told (never the error's text: it may echo the request).
FALLBACK_NOTES = {
    "timeout": "the chat model did not answer in time",
    "rate_limited": "the chat model was rate-limited",
    "server_error": "the chat model's server failed",
    "connection": "the chat model could not be reached",
    "refused": "the chat model declined to answer",
    "malformed": "the chat model's answer was not in the expected form",
    "invalid_choice": "the chat model's choice did not match the catalog or the handoff map",
    "step_limit": "the chat model kept calling tools past the step limit",
    "token_budget": "the chat model used up this turn's token budget",
    "rejected": "the chat model service rejected the request",
    "error": "the chat model path failed",
}


def chat_model(config: ModelConfig, role: ModelRole, *, streaming: bool = False) -> ChatOpenAI:
    """The client for ``role``: chat completions at ``base_url`` (any compatible server)."""
    if not config.api_key:
        raise ValueError("a chat model needs OPENAI_API_KEY; without it Baton runs offline")
    return ChatOpenAI(
        model=config.model_for(role),
        api_key=SecretStr(config.api_key),
        base_url=config.base_url,
        timeout=config.timeout_s,
        max_retries=0,  # see with_retries
        max_completion_tokens=config.max_output_tokens,
        streaming=streaming,
        stream_usage=True,
        use_responses_api=False,  # compatible servers speak chat completions
    )


def _retryable(error: BaseException) -> bool:
    if isinstance(error, openai.APITimeoutError):
        return False
    return isinstance(
        error, openai.RateLimitError | openai.InternalServerError | openai.APIConnectionError
    )


def with_retries(runnable: Runnable[Any, Any], config: ModelConfig) -> Runnable[Any, Any]:
    if config.max_retries == 0:
        return runnable
    backoff = config.retry_backoff_s
    return runnable.with_retry(
        retry_if_exception_type=_retryable,
        stop_after_attempt=config.max_retries + 1,
        wait_exponential_jitter=backoff > 0,
        # tenacity's first wait is ``multiplier`` (its older name, ``initial``, is deprecated);
        # langchain-core's ExponentialJitterParams still lists only ``initial``.
        exponential_jitter_params={  # type: ignore[arg-type]
            "multiplier": backoff,
            "max": backoff * 16,
            "jitter": backoff / 2,
        },
    )


def failure_reason(error: BaseException) -> str:
    """The reason code for an exception raised on the model path."""
    if isinstance(error, ModelFailure):
        return error.reason
    if isinstance(error, OpenAIRefusalError):
        return "refused"
    if isinstance(error, openai.APITimeoutError | TimeoutError):
        return "timeout"
    if isinstance(error, openai.RateLimitError):
        return "rate_limited"
    if isinstance(error, openai.InternalServerError):
        return "server_error"
    if isinstance(error, openai.APIConnectionError):
        return "connection"
    if isinstance(error, openai.APIStatusError):
        return "rejected"  # 400/401/403/404: configuration, not a passing fault
    if isinstance(error, ValidationError | ValueError):
        return "malformed"  # includes JSON decoding and refusals raised as errors
    return "error"


def fallback_note(reason: str, what: str) -> str:
    cause = FALLBACK_NOTES.get(reason, FALLBACK_NOTES["error"])
    return f"{what} offline: {cause}."
