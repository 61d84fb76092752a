"""Coverage and task completion, against figures worked out by hand."""

from __future__ import annotations

import pytest

from tools.metrics import completion_pct, coverage_pct, share_pct


@pytest.mark.parametrize(
    ("part", "whole", "pct"),
    [
        (0, 0, None),  # nothing to measure: no figure, not 0% or 100%
        (0, 5, 0.0),
        (2, 3, 66.7),  # 66.666… rounds to one decimal
        (1, 3, 33.3),
        (49, 50, 98.0),
        (50, 50, 100.0),
        (1, 8, 12.5),
    ],
)
def test_share_of_a_whole(part, whole, pct):
    assert share_pct(part, whole) == pct


@pytest.mark.parametrize(("part", "whole"), [(51, 50), (1, 0), (-1, 5), (1, -5)])
def test_a_part_larger_than_its_whole_is_refused_never_shown_above_100(part, whole):
    with pytest.raises(ValueError):
        share_pct(part, whole)


@pytest.mark.parametrize(
    ("reached", "panel", "pct"),
    [
        (0, 0, 0.0),  # an empty panel covers nobody
        (0, 50, 0.0),
        (44, 50, 88.0),
        (50, 50, 100.0),
        (37, 49, 75.5),  # 37/49 = 0.75510…
    ],
)
def test_coverage(reached, panel, pct):
    assert coverage_pct(reached, panel) == pct


@pytest.mark.parametrize(
    ("done_of_due", "due_so_far", "done_due_later", "pct"),
    [
        (0, 0, 0, None),  # the 1st of a month: nothing due yet, no figure
        (0, 12, 0, 0.0),
        (9, 12, 0, 75.0),
        (12, 12, 0, 100.0),
        (0, 0, 3, 100.0),  # only tasks done ahead of time
        (9, 12, 3, 80.0),  # (9 + 3) / (12 + 3)
        (5, 10, 10, 75.0),  # (5 + 10) / (10 + 10)
        (1, 6, 0, 16.7),
    ],
)
def test_completion_counts_tasks_due_so_far_and_those_done_early(
    done_of_due, due_so_far, done_due_later, pct
):
    assert completion_pct(done_of_due, due_so_far, done_due_later) == pct
