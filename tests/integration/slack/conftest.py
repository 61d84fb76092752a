"""A Baton Slack app against the fake Slack, driven by correctly signed requests.

The real slack_bolt App and slack_sdk clients talk to ``tests.fakes.slack_api`` on
127.0.0.1; requests reach the app through ``bot.slack.http.slack_router`` mounted on a
small FastAPI app, signed with the test signing secret exactly as Slack signs them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.settings import BatonSettings
from bot.slack.app import BatonSlackApp, build_slack_app
from bot.slack.http import slack_router
from graph.engine import BatonEngine
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import (
    command_form,
    event_body,
    interaction_form,
    signed_headers,
)
from tools.access import Actor
from tools.billing.month import BillingMonth
from tools.clock import FixedClock
from tools.context import ToolContext
from tools.owners import set_owner
from tools.schedules.service import generate_month
from tools.store.database import Database
from tools.store.models import Patient, Provider, Staff

NOW = datetime(2026, 10, 14, 15, 0, tzinfo=UTC)  # a Wednesday
SECRET = "8f14e45fceea167a5a36dedd4bea2543"  # the test app's signing secret
BOT_TOKEN = "xoxb-1111-2222-testtoken"
OWNER_ROLE = "Revenue cycle director"
FORM = "application/x-www-form-urlencoded"


@dataclass
class Slack:
    fake: FakeSlack
    app: BatonSlackApp
    http: TestClient
    records: ToolContext
    engine: BatonEngine
    staff: dict[str, int]  # first name -> staff id

    def post(self, body: str, content_type: str, retry: int = 0, **headers: str) -> Any:
        signed = signed_headers(SECRET, body, content_type, retry=retry)
        return self.http.post("/slack/events", content=body, headers={**signed, **headers})

    def event(self, event: dict[str, Any], event_id: str | None = None, retry: int = 0) -> Any:
        body = json.dumps(event_body(event, event_id))
        return self.post(body, "application/json", retry=retry)

    def command(self, command: str, user: str, text: str = "", name: str = "r1") -> Any:
        return self.post(command_form(command, user, text, self.fake.response_url(name)), FORM)

    def interaction(self, payload: dict[str, Any]) -> Any:
        return self.post(interaction_form(payload), FORM)

    def settle(self) -> None:
        assert self.app.deps.wait_idle(60), "background work did not finish"


def slack_settings(**overrides: Any) -> BatonSettings:
    values: dict[str, Any] = {
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SECRET,
        "slack_workers": 2,
        "slack_rate_per_minute": 600,
        "slack_rate_burst": 50,
        **overrides,
    }
    return BatonSettings(**values)


def _practice(records: ToolContext) -> dict[str, int]:
    with records.db.transaction() as session:

        def person(name: str, role: str, team: str | None, slack: str | None) -> Staff:
            row = Staff(
                name=name, role=role, team=team, slack_user_id=slack, active=True, created_at=NOW
            )
            session.add(row)
            return row

        ana = person("Ana Coord", "coordinator", "North", "UANA")
        ben = person("Ben Coord", "coordinator", "North", "UBEN")
        sue = person("Sue Super", "supervisor", "North", "USUE")
        ada = person("Ada Admin", "admin", None, "UADA")
        gone = person("Gil Gone", "coordinator", "North", "UGONE")
        gone.active = False
        provider = Provider(name="Dr. Fictional Provider", npi="1234567893")
        session.add(provider)
        session.flush()
        for code, coordinator, program in [
            ("ZK1029", ana, "CCM"),
            ("ZK1030", ana, "PCM"),
            ("ZK1031", ben, "CCM"),
        ]:
            session.add(
                Patient(
                    chart_code=code,
                    name=f"TESTPATIENT, {code}",
                    status="active",
                    coordinator_id=coordinator.id,
                    provider_id=provider.id,
                    facility="Main Clinic",
                    program=program,
                    chronic_conditions=3,
                    consent_date=date(2026, 1, 10),
                    visit_interval_months=6,
                    last_visit=date(2026, 6, 1),
                )
            )
        staff = {"ana": ana.id, "ben": ben.id, "sue": sue.id, "ada": ada.id}
    set_owner(records, Actor.system("test"), OWNER_ROLE, primary=staff["sue"])
    generate_month(records, Actor.system("test"), BillingMonth(2026, 10))
    return staff


@pytest.fixture(scope="session")
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    yield fake
    fake.close()


@pytest.fixture
def records(tmp_path, text_guard) -> Iterator[ToolContext]:
    ctx = ToolContext(
        Database(f"sqlite:///{tmp_path / 'records.db'}"), FixedClock(NOW), guard=text_guard
    )
    ctx.prepare()
    yield ctx
    ctx.db.dispose()


@pytest.fixture
def slack(engine: BatonEngine, records: ToolContext, fake_slack: FakeSlack) -> Iterator[Slack]:
    from slack_sdk import WebClient

    fake_slack.reset()
    staff = _practice(records)
    engine.services.records = records
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.base_url)
    app = build_slack_app(slack_settings(), engine, records, client=client)
    api = FastAPI()
    api.include_router(slack_router(app))
    try:
        with TestClient(api) as http:
            yield Slack(fake_slack, app, http, records, engine, staff)
    finally:
        app.deps.wait_idle(60)
        app.deps.close()
        engine.services.records = None
