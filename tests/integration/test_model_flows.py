"""The same flows as offline, in chat-model mode: every situation of test_turns.py,
test_chat_commands.py and test_decisions_flow.py runs again with the engine talking to a
fake model (which routes from the candidates it is given and writes a short answer for
each plan)."""

from __future__ import annotations

import pytest
from test_chat_commands import (  # noqa: F401 - pytest collects the imported tests
    test_a_new_request_instead_of_an_answer_cancels_the_pending_write,
    test_a_paused_confirmation_survives_a_new_graph_on_the_same_checkpoints,
    test_an_over_average_entry_says_so_and_goes_to_the_supervisor_after_the_yes,
    test_an_unknown_person_is_told_why_nothing_happens,
    test_logging_time_asks_first_and_writes_only_after_yes,
    test_no_cancels_and_nothing_is_written,
    test_refusals_name_the_rule_and_keep_chart_codes_out_of_the_state,
    test_whats_left_lists_the_panel_with_chart_codes_for_the_asker_only,
)
from test_decisions_flow import (  # noqa: F401
    test_a_decision_pause_survives_on_the_postgresql_checkpointer,
    test_a_final_decision_is_reported_when_nobody_owns_the_role,
    test_a_final_decision_waits_for_its_owner_and_the_asker_hears_the_answer,
    test_a_long_entry_waits_for_the_supervisors_sign_off_in_the_same_conversation,
    test_a_plans_handoffs_are_tracked_from_the_conversation,
)
from test_turns import (  # noqa: F401
    test_a_clear_request_gets_a_complete_handoff_plan,
    test_a_cross_functional_request_gets_workstreams_with_their_owners,
    test_a_decision_request_gets_decision_support_and_a_named_owner,
    test_a_follow_up_in_the_same_thread_keeps_the_subject,
    test_a_request_with_phi_is_redacted_and_gets_the_reminder,
    test_a_vague_request_gets_one_clarifying_question_and_the_answer_is_planned,
    test_the_author_reads_their_own_words_back_and_nobody_else_does,
)

from graph.engine import BatonEngine


@pytest.fixture
def engine(model_engine: BatonEngine, fake: object) -> BatonEngine:
    """Every imported test gets Baton in chat-model mode instead of offline mode."""
    return model_engine


def test_the_flows_above_really_ran_with_the_model(model_engine: BatonEngine, fake) -> None:
    result = model_engine.ask("Prior auth for a lumbar MRI has been pending for 9 days")
    assert result.assignment is not None and result.assignment.routed_by == "gpt-4o-mini"
    assert result.plan is not None and result.plan.written_by == "gpt-4o"
    assert len(fake.bodies) == 2
