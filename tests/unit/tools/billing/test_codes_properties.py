"""Properties of the care-management billing thresholds (domain.md §3) over every number
of minutes a month can hold: thresholds are floors, more time never earns fewer codes,
and the caps hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tools.billing.codes import billing_codes

MONTH_MINUTES = st.integers(0, 31 * 24 * 60)
TRACKS = st.sampled_from(
    [
        ("CCM", False, False),
        ("CCM", True, False),
        ("CCM", False, True),
        ("PCM", False, False),
        ("PCM", False, True),
    ]
)
FAST = settings(max_examples=300, deadline=None)


@FAST
@given(TRACKS, MONTH_MINUTES, MONTH_MINUTES)
def test_more_minutes_never_earn_fewer_codes(track, minutes: int, more: int) -> None:
    program, complex_, physician = track
    fewer_codes = billing_codes(program, min(minutes, more), complex=complex_, physician=physician)
    more_codes = billing_codes(program, max(minutes, more), complex=complex_, physician=physician)
    assert len(fewer_codes) <= len(more_codes)
    assert more_codes[: len(fewer_codes)] == fewer_codes  # the same units, then more


@FAST
@given(MONTH_MINUTES)
def test_staff_ccm_is_floored_at_20_and_capped_at_two_add_ons(minutes: int) -> None:
    codes = billing_codes("CCM", minutes)
    expected_add_ons = min(2, max(0, minutes - 20) // 20) if minutes >= 20 else 0
    assert codes == (["99490"] + ["99439"] * expected_add_ons if minutes >= 20 else [])


@FAST
@given(MONTH_MINUTES)
def test_complex_ccm_starts_at_60_and_adds_a_unit_per_full_30(minutes: int) -> None:
    codes = billing_codes("CCM", minutes, complex=True)
    if minutes < 60:
        assert codes == []
    else:
        assert codes[0] == "99487" and codes.count("99489") == (minutes - 60) // 30


@FAST
@given(TRACKS, MONTH_MINUTES)
def test_one_base_code_first_then_only_its_add_on(track, minutes: int) -> None:
    program, complex_, physician = track
    codes = billing_codes(program, minutes, complex=complex_, physician=physician)
    if codes:
        assert len(set(codes[1:])) <= 1 and codes[0] not in codes[1:]


@FAST
@given(TRACKS, MONTH_MINUTES)
def test_a_code_is_only_earned_by_its_own_threshold(track, minutes: int) -> None:
    """Floors, not rounding: one minute less than what earns a unit earns one unit less."""
    program, complex_, physician = track
    codes = billing_codes(program, minutes, complex=complex_, physician=physician)
    if codes and minutes > 0:
        fewer = billing_codes(program, minutes - 1, complex=complex_, physician=physician)
        assert len(codes) - len(fewer) in (0, 1)
