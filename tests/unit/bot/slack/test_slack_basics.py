"""Thread ids, Slack text, the rate limiter, the background pool and the settings."""

from __future__ import annotations

import threading

import pytest
from pydantic import ValidationError

from bot.settings import BatonSettings, is_placeholder_secret
from bot.slack.ratelimit import UserRateLimiter
from bot.slack.threads import graph_thread_id, plain_text, thread_ts_of
from bot.slack.workers import BackgroundPool


def test_a_slack_thread_has_one_stable_graph_thread_id_without_text() -> None:
    one = graph_thread_id("T1", "C1", "1700000000.000100")
    assert one == graph_thread_id("T1", "C1", "1700000000.000100")
    assert one.startswith("slack-") and len(one) <= 64
    others = {
        graph_thread_id("T2", "C1", "1700000000.000100"),
        graph_thread_id("T1", "C2", "1700000000.000100"),
        graph_thread_id("T1", "C1", "1700000000.000200"),
    }
    assert one not in others and len(others) == 3
    with pytest.raises(ValueError, match="channel"):
        graph_thread_id("T1", "", "1.2")


@pytest.mark.parametrize(
    ("event", "ts"),
    [({"ts": "1.1"}, "1.1"), ({"ts": "1.2", "thread_ts": "1.1"}, "1.1")],
)
def test_the_thread_of_a_message(event: dict, ts: str) -> None:
    assert thread_ts_of(event) == ts


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("<@UBATON> prior auth pending", "prior auth pending"),
        ("<@UBATON|baton> hi <@U123ABC>", "hi @U123ABC"),
        ("ask <#C024BE7LR|care-team> now", "ask #care-team now"),
        ("mail <mailto:ana@example.org|ana@example.org>", "mail ana@example.org"),
        ("see <https://ehr.example.org/x>", "see https://ehr.example.org/x"),
        ("call <tel:5552013344|555-201-3344>", "call 555-201-3344"),
        ("A &amp; B &lt;3", "A & B <3"),
        ("<!here> help", "@here help"),
        ("  <@UBATON>  ", ""),
    ],
)
def test_slack_markup_becomes_the_text_the_person_typed(text: str, plain: str) -> None:
    assert plain_text(text, "UBATON") == plain


def test_the_rate_limiter_allows_a_burst_then_refills_per_user() -> None:
    now = [0.0]
    limiter = UserRateLimiter(per_minute=6, burst=2, monotonic=lambda: now[0])
    assert [limiter.allow("U1") for _ in range(3)] == [True, True, False]
    assert limiter.allow("U2")  # buckets are per user
    assert limiter.retry_after("U1") == pytest.approx(10.0)
    now[0] = 10.0  # 6 a minute: one token every 10 s
    assert limiter.allow("U1") and not limiter.allow("U1")
    with pytest.raises(ValueError):
        UserRateLimiter(per_minute=0, burst=1)


def test_the_rate_limiter_forgets_the_longest_idle_users_beyond_its_bound() -> None:
    limiter = UserRateLimiter(per_minute=60, burst=1, max_users=2)
    assert limiter.allow("U1") and limiter.allow("U2") and limiter.allow("U3")
    assert limiter.allow("U1")  # forgotten, so full again


def test_the_pool_refuses_work_beyond_its_bound_and_can_be_waited_on() -> None:
    release = threading.Event()
    pool = BackgroundPool(max_workers=1, max_pending=2, name="t")
    try:
        assert pool.try_submit(release.wait, 5) and pool.try_submit(release.wait, 5)
        assert not pool.try_submit(release.wait, 5)
        assert not pool.wait_idle(0.05)
        release.set()
        assert pool.wait_idle(5) and pool.pending == 0
        pool.submit(lambda: 1 / 0)  # a failing job is logged, and does not wedge the pool
        assert pool.wait_idle(5)
    finally:
        pool.shutdown()


@pytest.mark.parametrize(
    ("value", "placeholder"),
    [
        ("changeme", True),
        ("xoxb-your-token", True),
        ("xapp-your-app-token", True),
        ("xoxb-...", True),
        ("your-signing-secret", True),
        ("xoxb-1111-2222-abcdef", False),
        ("8f14e45fceea167a5a36dedd4bea2543", False),
    ],
)
def test_placeholder_secrets_are_recognised(value: str, placeholder: bool) -> None:
    assert is_placeholder_secret(value) is placeholder


def test_slack_settings_use_slacks_own_variable_names(monkeypatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1111-2222-abcdef")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "8f14e45fceea167a5a36dedd4bea2543")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-A1-1-abcdef")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9999/api")
    settings = BatonSettings()
    assert settings.slack_bot_token.get_secret_value() == "xoxb-1111-2222-abcdef"
    assert settings.slack_app_token.get_secret_value().startswith("xapp-")
    assert settings.slack_api_url == "http://127.0.0.1:9999/api/"
    assert "xoxb" not in repr(settings)  # secrets stay out of logs and tracebacks


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SLACK_BOT_TOKEN", "xoxb-your-token", "SLACK_BOT_TOKEN is a placeholder"),
        ("SLACK_SIGNING_SECRET", "changeme", "SLACK_SIGNING_SECRET is a placeholder"),
        ("SLACK_API_URL", "slack.com/api", "http"),
    ],
)
def test_placeholder_or_malformed_slack_settings_are_refused(
    monkeypatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError, match=message):
        BatonSettings()


def test_an_empty_slack_variable_counts_as_unset(monkeypatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "")
    assert BatonSettings().slack_bot_token is None
