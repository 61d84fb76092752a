"""Billing codes for one patient-month's minutes: every example in domain.md §3."""

from __future__ import annotations

import pytest

from tools.billing.codes import billing_codes, check_code_combination, describe_codes
from tools.billing.errors import BillingRuleError

STAFF_CCM = [
    (0, []),
    (19, []),
    (20, ["99490"]),
    (39, ["99490"]),
    (40, ["99490", "99439"]),
    (59, ["99490", "99439"]),
    (60, ["99490", "99439", "99439"]),
    (61, ["99490", "99439", "99439"]),
    (200, ["99490", "99439", "99439"]),  # at most two 99439 a month
]

COMPLEX_CCM = [
    (59, []),  # complex under 60 is not reported as complex
    (60, ["99487"]),
    (89, ["99487"]),
    (90, ["99487", "99489"]),
    (119, ["99487", "99489"]),
    (120, ["99487", "99489", "99489"]),
    (149, ["99487", "99489", "99489"]),
    (150, ["99487", "99489", "99489", "99489"]),
]

PHYSICIAN_CCM = [(29, []), (30, ["99491"]), (59, ["99491"]), (60, ["99491", "99437"])]
PCM_STAFF = [(29, []), (30, ["99426"]), (60, ["99426", "99427"]), (95, ["99426"] + ["99427"] * 2)]
PCM_PHYSICIAN = [(30, ["99424"]), (89, ["99424", "99425"]), (90, ["99424", "99425", "99425"])]


@pytest.mark.parametrize(("minutes", "codes"), STAFF_CCM)
def test_staff_ccm_thresholds_are_floors_with_two_add_ons_at_most(minutes, codes):
    assert billing_codes("CCM", minutes) == codes


@pytest.mark.parametrize(("minutes", "codes"), COMPLEX_CCM)
def test_complex_ccm_follows_the_determination_not_the_minutes(minutes, codes):
    assert billing_codes("CCM", minutes, complex=True) == codes


@pytest.mark.parametrize(("minutes", "codes"), PHYSICIAN_CCM)
def test_physician_ccm(minutes, codes):
    assert billing_codes("CCM", minutes, physician=True) == codes


@pytest.mark.parametrize(("minutes", "codes"), PCM_STAFF)
def test_staff_pcm(minutes, codes):
    assert billing_codes("PCM", minutes) == codes


@pytest.mark.parametrize(("minutes", "codes"), PCM_PHYSICIAN)
def test_physician_pcm(minutes, codes):
    assert billing_codes("PCM", minutes, physician=True) == codes


def test_more_minutes_never_make_a_month_complex():
    assert "99487" not in billing_codes("CCM", 500)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"program": "PCM", "minutes": 70, "complex": True}, "CCM only"),
        ({"program": "CCM", "minutes": 70, "complex": True, "physician": True}, "clinical-staff"),
        ({"program": "RPM", "minutes": 20}, "expected CCM or PCM"),
        ({"program": "CCM", "minutes": -1}, "0 or more"),
        ({"program": "CCM", "minutes": 20.5}, "whole number"),
    ],
)
def test_impossible_requests_are_refused_with_the_rule(kwargs, message):
    with pytest.raises(BillingRuleError, match=message):
        billing_codes(**kwargs)


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        (["99490", "99487"], "complex and non-complex"),
        (["99491", "99490"], "99491 is not billed"),
        (["99490", "99426"], "CCM and PCM"),
        (["99424", "99426"], "not billed together"),
        (["99439"], "needs its base code"),
        (["99490", "99439", "99439", "99439"], "capped at 2"),
        (["99490", "99490"], "once a month"),
        (["99213"], "not a care-management code"),
    ],
)
def test_forbidden_combinations_are_refused(codes, message):
    with pytest.raises(BillingRuleError, match=message):
        check_code_combination(codes)


def test_allowed_combinations_pass_and_describe_counts_units():
    check_code_combination(["99487", "99489", "99489"])
    assert describe_codes(["99490", "99439", "99439"]) == "99490 + 99439 ×2"
    assert describe_codes([]) == "no codes"
