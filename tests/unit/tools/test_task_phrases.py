"""A coordinator's words for a task type, matched against the catalog."""

from __future__ import annotations

import pytest

from tools.tasks.catalog import CATALOG, close_task_types, match_task_type

NAMES = [spec.name for spec in CATALOG]


@pytest.mark.parametrize(
    "phrase, program, expected",
    [
        ("CCM care plan review", None, "CCM: Care Plan Monthly REVIEW/CLOSE"),
        ("care plan review", "PCM", "PCM: Care Plan Monthly REVIEW/CLOSE"),
        ("care plan review", "CCM", "CCM: Care Plan Monthly REVIEW/CLOSE"),
        ("care plan open", "CCM", "CCM: Care Plan Monthly OPEN"),
        ("new patient care plan", "CCM", "CCM: Care Plan NEW PATIENT"),
        ("phone call", None, "Communication: Phone"),
        ("email", None, "Communication: Email"),
        ("med rec", None, "Medication Management: Reconciliation"),
        ("prior auth", None, "Medication Management: Prior authorization"),
        ("lab review", None, "Review: Labs/pt call/chart updated/follow up plan"),
        ("insurance verification", None, "Patient Insurance Verification"),
        ("care coordination hospital", None, "Care Coordination: Hospital"),
        # Not enough to choose: the caller asks instead of guessing.
        ("care plan review", None, None),
        ("chart review", None, None),
        ("xyz", None, None),
        ("", None, None),
    ],
)
def test_match_task_type(phrase: str, program: str | None, expected: str | None) -> None:
    assert match_task_type(phrase, NAMES, program) == expected


def test_close_types_are_offered_when_the_phrase_is_ambiguous() -> None:
    close = close_task_types("care plan review", NAMES)
    assert set(close[:2]) == {
        "CCM: Care Plan Monthly REVIEW/CLOSE",
        "PCM: Care Plan Monthly REVIEW/CLOSE",
    }
