"""Slack thread links and seen events on SQLite and PostgreSQL: insert-if-absent is the
dedupe, so a retried event is taken once even by several workers at the same moment."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from bot.slack.store import SlackStore, ThreadLink


@pytest.fixture
def store(database, clock) -> SlackStore:
    return SlackStore(database, clock)


def test_an_event_is_claimed_once(store) -> None:
    assert store.claim_event("Ev0001") is True
    assert store.claim_event("Ev0001") is False
    assert store.claim_event("Ev0002") is True
    with pytest.raises(ValueError):
        store.claim_event("")


def test_concurrent_workers_agree_on_one_winner(database, clock) -> None:
    # Each worker with its own Database (its own connection pool), as separate processes.
    stores = [
        SlackStore(type(database)(database.engine.url.render_as_string(False)), clock)
        for _ in range(6)
    ]
    start = threading.Barrier(len(stores))
    won: list[bool] = []
    lock = threading.Lock()

    def claim(store: SlackStore) -> None:
        start.wait()
        result = store.claim_event("EvRACE")
        with lock:
            won.append(result)

    threads = [threading.Thread(target=claim, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for s in stores:
        s.db.dispose()
    assert sorted(won) == [False] * 5 + [True]


def test_old_events_are_pruned(store, clock) -> None:
    store.claim_event("EvOLD")
    assert store.prune_seen_events(clock.now() - timedelta(hours=1)) == 0
    assert store.prune_seen_events(clock.now() + timedelta(seconds=1)) == 1
    assert store.claim_event("EvOLD") is True  # forgotten after a day: Slack stopped retrying


def test_a_thread_link_is_kept_and_the_first_one_wins(store, practice) -> None:
    link = ThreadLink(
        "slack-abc", "T1", "C1", "1700000000.000100", "UANA", practice.ana.staff_id, False
    )
    assert store.link_thread(link) is True
    assert (
        store.link_thread(ThreadLink("slack-abc", "T1", "C9", "9.9", "UBEN", None, True)) is False
    )
    assert store.thread_link("slack-abc") == link
    assert store.thread_link("slack-missing") is None


def test_a_decision_outcome_is_told_once(store, ctx, practice) -> None:
    from datetime import timedelta

    from tools.decision_requests.service import open_decision
    from tools.owners import set_owner

    set_owner(ctx, practice.admin, "Revenue cycle director", primary=practice.sue.staff_id)
    request = open_decision(
        ctx,
        practice.ana,
        kind="billing",
        question="Write off <ACCOUNT_NUMBER_1>?",
        owner_role="Revenue cycle director",
        due_in=timedelta(hours=4),
    )
    assert store.claim_decision_notice(request.id) is True
    assert store.claim_decision_notice(request.id) is False
