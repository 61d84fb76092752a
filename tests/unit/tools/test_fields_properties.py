"""Properties of the shared field rules (``tools.fields``), over generated input: whatever
text arrives, a check answers with a value or a clear refusal, never an internal error,
and what it accepts is what the store and the API can hold."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tools.errors import ToolError
from tools.fields import (
    EARLIEST_DATE,
    ISO_DATE_PATTERN,
    LATEST_DATE,
    MAX_CHART_CODE_CHARS,
    MAX_ID,
    PATIENT_REF_PATTERN,
    chart_code_problem,
    id_or_name,
    iso_date,
    parse_patient_ref,
    text_problem,
    whole_number,
)

# Digits of every script, signs, spaces and separators: what int() and isdigit() disagree on.
NUMERIC_TEXT = st.text(alphabet=st.sampled_from("0123456789²¹³٠١٢٣۴੭𝟘 +-_.e\u00a0"), max_size=30)
ANY_TEXT = st.text(max_size=60)
FAST = settings(max_examples=300, deadline=None)


@FAST
@given(NUMERIC_TEXT | ANY_TEXT, st.integers(0, 100), st.integers(0, MAX_ID))
def test_a_whole_number_is_ascii_digits_within_its_bounds(text: str, low: int, high: int) -> None:
    value = whole_number(text, low, high)
    if value is None:
        return
    assert re.fullmatch(r"[0-9]+", text) and low <= value <= high and int(text) == value


@FAST
@given(st.integers(0, MAX_ID), st.integers(0, 3))
def test_every_number_in_range_is_read_back(value: int, padding: int) -> None:
    assert whole_number("0" * padding + str(value), 0, MAX_ID) == value


def test_zeros_past_int_s_digit_limit_are_still_a_number() -> None:
    assert whole_number("0" * 5000 + "7", 0, 99) == 7
    assert whole_number("9" * 5000, 0, 99) is None


@FAST
@given(NUMERIC_TEXT | ANY_TEXT)
def test_a_reference_is_an_id_the_store_holds_or_text_or_a_clear_refusal(text: str) -> None:
    try:
        ref = id_or_name(text)
    except ToolError as refused:
        assert refused.rule == "patient_ref" and text.strip() not in str(refused)
        return
    if isinstance(ref, int):
        assert 0 <= ref <= MAX_ID and re.fullmatch(r"[0-9]+", text.strip())
    else:
        assert ref == text.strip()


@FAST
@given(NUMERIC_TEXT | ANY_TEXT)
def test_a_patient_reference_the_api_accepts_fits_its_path_pattern(text: str) -> None:
    try:
        ref = parse_patient_ref(text)
    except ToolError as refused:
        assert refused.rule == "patient_ref"
        return
    assert re.fullmatch(PATIENT_REF_PATTERN.strip("^$"), str(ref))
    if isinstance(ref, str):
        assert chart_code_problem(ref) is None and ref == ref.upper()


@FAST
@given(st.text(alphabet=st.characters(codec="ascii"), max_size=MAX_CHART_CODE_CHARS + 5))
def test_a_chart_code_is_never_digits_alone_nor_longer_than_the_column(text: str) -> None:
    if chart_code_problem(text) is None:
        assert 1 <= len(text) <= MAX_CHART_CODE_CHARS and not text.isdigit()
        assert re.fullmatch(r"[A-Za-z0-9_-]+", text)


@FAST
@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_a_date_is_read_back_exactly_inside_the_range_and_refused_outside(day: date) -> None:
    text = day.isoformat()
    if EARLIEST_DATE <= day <= LATEST_DATE:
        assert iso_date(text) == day
    else:
        try:
            iso_date(text)
        except ValueError as refused:
            assert str(EARLIEST_DATE) in str(refused)
        else:
            raise AssertionError(f"{text} accepted")


@FAST
@given(NUMERIC_TEXT | ANY_TEXT)
def test_a_date_is_only_ever_yyyy_mm_dd(text: str) -> None:
    try:
        day = iso_date(text)
    except ValueError:
        return
    assert re.fullmatch(ISO_DATE_PATTERN, text) and day.isoformat() == text


@FAST
@given(ANY_TEXT, st.integers(1, 80))
def test_a_stored_name_has_no_control_character_and_fits(text: str, max_chars: int) -> None:
    # C0 and C1 control characters, NUL among them (PostgreSQL cannot store it).
    controls = [c for c in text if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0]
    if text_problem(text, max_chars) is None:
        assert len(text) <= max_chars and not controls
    elif text and len(text) <= max_chars:
        assert controls
