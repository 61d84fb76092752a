"""Decision cards: the tool layer's plain words, and pickers for "Approve with changes"."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.web.decision_cards import decision_card
from tests.unit.tools.decision_views import FACTS, NOW, WRITE_OFF, actor, view
from tools.access import Role
from tools.decision_requests.wording import describe_decision

TYPES = ["Care Coordination: General", "Communication: Phone"]
SUPERVISOR = actor(5, Role.SUPERVISOR, "North")


def card(v):
    return decision_card(v, describe_decision(v, SUPERVISOR, FACTS, NOW), task_types=TYPES)


def test_a_card_carries_the_words_and_offers_pickers_for_a_time_entry():
    c = card(view())
    words = describe_decision(view(), SUPERVISOR, FACTS, NOW)
    assert (c.title, c.asker, c.deciders, c.patient, c.change, c.why, c.deadline) == (
        words.title,
        words.asker,
        words.deciders,
        "ZK1130",
        words.change,
        words.why,
        words.deadline,
    )
    assert [(f.name, f.kind, f.value) for f in c.edits] == [
        ("minutes", "number", "70"),
        ("task_date", "date", "2026-12-04"),
        ("task_type", "select", "Care Coordination: General"),
    ]
    assert [value for value, _ in c.edits[2].options] == TYPES  # the catalog, not free text


def test_a_write_off_offers_an_amount_and_a_reason_from_the_codes():
    c = card(view("billing.write_off", WRITE_OFF, owner_role="Revenue cycle director"))
    assert [(f.name, f.kind) for f in c.edits] == [
        ("amount_usd", "money"),
        ("reason_code", "select"),
    ]
    assert ("hardship", "financial hardship (policy on file)") in c.edits[1].options


def test_an_answered_request_or_one_without_edit_offers_no_pickers():
    decided = view(
        status="approved", decided_by=5, decided_at=datetime(2026, 12, 5, 8, 15, tzinfo=UTC)
    )
    assert card(decided).edits == () and card(decided).answered.startswith("Approved by")
    assert card(view(options=("approve", "reject"))).edits == ()
    assert card(view("billing", {}, patient_id=None)).edits == ()
