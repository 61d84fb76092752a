"""Chat model usage rows: counts only, written by Baton, read by admins."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tools.access import Actor
from tools.errors import AccessDenied, ToolError
from tools.model_usage import UsageRow, model_usage_totals, record_model_usage
from tools.store.models import AuditEvent, ModelUsage


def _row(**changes: object) -> UsageRow:
    values: dict[str, object] = dict(
        role="router",
        model="fake-model",
        calls=1,
        tokens_in=900,
        tokens_out=40,
        latency_ms=120,
        outcome="ok",
        thread_id="t-1",
    )
    values.update(changes)
    return UsageRow(**values)  # type: ignore[arg-type]


def test_rows_add_up_per_role_with_fallbacks_counted(ctx, practice):
    system = Actor.system("model")
    record_model_usage(ctx, system, _row())
    record_model_usage(ctx, system, _row(outcome="timeout", tokens_in=0, tokens_out=0))
    record_model_usage(ctx, system, _row(role="specialist", calls=3, tokens_in=5000))
    totals = {t.role: t for t in model_usage_totals(ctx, practice.admin)}
    assert totals["router"].turns == 2 and totals["router"].fallbacks == 1
    assert totals["router"].tokens_in == 900 and totals["router"].latency_ms == 240
    assert totals["specialist"].calls == 3 and totals["specialist"].tokens_in == 5000
    with ctx.db.reading() as session:
        actions = list(session.scalars(select(AuditEvent.action)))
    assert actions.count("model.usage") == 3


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"role": "composer"}, "role"),
        ({"tokens_in": -1}, "counts"),
        ({"calls": True}, "counts"),
        ({"outcome": ""}, "outcome"),
        ({"outcome": "x" * 41}, "outcome"),
    ],
)
def test_bad_rows_are_refused_and_nothing_is_written(ctx, changes, rule):
    with pytest.raises(ToolError) as refused:
        record_model_usage(ctx, Actor.system("model"), _row(**changes))
    assert refused.value.rule == rule
    with ctx.db.reading() as session:
        assert session.scalars(select(ModelUsage)).first() is None


def test_only_admins_read_the_usage_report(ctx, practice):
    record_model_usage(ctx, Actor.system("model"), _row())
    for who in (practice.ana, practice.sue, practice.auditor):
        with pytest.raises(AccessDenied):
            model_usage_totals(ctx, who)
