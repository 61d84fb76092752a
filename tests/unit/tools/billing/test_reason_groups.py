"""Every reason month.py writes falls in the group an admin would act on."""

from __future__ import annotations

import pytest

from tools.billing.reason_groups import reason_group


@pytest.mark.parametrize(
    ("billed", "reason", "group"),
    [
        (True, "45 min staff CCM", "Bills"),
        (
            True,
            "65 min staff CCM; practitioner time (40 min) not reported: staff worth more",
            "Bills",
        ),
        (False, "not enrolled in CCM or PCM", "Not enrolled in CCM or PCM"),
        (False, "CCM needs two or more chronic conditions; 1 on file", "Conditions not on file"),
        (False, "PCM needs a high-risk chronic condition on file", "Conditions not on file"),
        (False, "no consent on file", "No consent"),
        (False, "consent recorded after 2026-10 (2026-11-02)", "No consent"),
        (False, "no billing practitioner assigned", "No billing practitioner"),
        (False, "no initiating visit on file", "No visit in the past year"),
        (
            False,
            "last visit 2025-11-02 is over a year before 2026-12; an initiating visit is needed",
            "No visit in the past year",
        ),
        (False, "15 min, below 20", "Below the time threshold"),
        (False, "0 min, below 30; 10 min practitioner time, below 30", "Below the time threshold"),
        (False, "something new", "Other"),
    ],
)
def test_reason_group(billed, reason, group):
    assert reason_group(billed, reason) == group
