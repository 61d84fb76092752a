"""The shared checks for chart codes, patient references, numbers, names and dates."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tools.errors import ToolError
from tools.fields import (
    CHART_CODE_PATTERN,
    MAX_ID,
    PATIENT_REF_PATTERN,
    chart_code_problem,
    date_problem,
    parse_patient_ref,
    text_problem,
    whole_number,
)

TODAY = date(2026, 10, 14)


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("ZK1029", True),
        ("zk-1029_a", True),
        ("A" * 40, True),
        ("A" * 41, False),
        ("", False),
        ("ZK 9031/X", False),  # the API cannot address it
        ("ZK9031\x00", False),
        ("ZK²", False),
        ("ÄK1029", False),
        ("12345", False),  # digits alone are a patient id
        ("ZK1029\n", False),
    ],
)
def test_chart_codes_are_what_the_api_can_address(code: str, ok: bool) -> None:
    assert (chart_code_problem(code) is None) is ok
    assert (re.fullmatch(CHART_CODE_PATTERN, code) is not None) is ok
    if ok:  # and the API's path parameter takes it, as a chart code
        assert re.fullmatch(PATIENT_REF_PATTERN, code)
        assert parse_patient_ref(code) == code.upper()


@pytest.mark.parametrize(
    ("ref", "parsed"),
    [("42", 42), (" zk1029 ", "ZK1029"), (str(MAX_ID), MAX_ID)],
)
def test_patient_references_are_ids_or_chart_codes(ref: str, parsed: int | str) -> None:
    assert parse_patient_ref(ref) == parsed


@pytest.mark.parametrize("ref", ["¹", "²3", str(MAX_ID + 1), "9" * 400, "ZK 1", ""])
def test_other_references_are_refused_not_crashed_on(ref: str) -> None:
    with pytest.raises(ToolError) as refused:
        parse_patient_ref(ref)
    assert refused.value.rule == "patient_ref"
    if ref:
        assert ref not in str(refused.value)  # never the value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("99", 99),
        ("100", None),
        ("²", None),
        ("١", None),
        ("-1", None),
        ("9" * 5000, None),
        ("", None),
        (" 3", None),
    ],
)
def test_whole_numbers_are_ascii_digits_in_range(text: str, value: int | None) -> None:
    assert whole_number(text, 0, 99) == value


@pytest.mark.parametrize(
    ("text", "required", "problem"),
    [
        ("TESTCASE, ONE", True, None),
        ("Ｏ'Brien-Núñez", True, None),
        ("", True, "required"),
        ("", False, None),
        ("TEST\x00CASE", True, "contains a control character"),
        ("TEST\nCASE", True, "contains a control character"),
        ("X" * 201, True, "at most 200 characters"),
    ],
)
def test_names_hold_no_control_characters(text: str, required: bool, problem: str | None) -> None:
    assert text_problem(text, 200, required=required) == problem


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        (date(2026, 10, 14), None),
        (date(2099, 1, 1), "in the future"),
        (date(1, 1, 1), "before 1900-01-01"),
    ],
)
def test_record_dates_are_plausible(day: date, problem: str | None) -> None:
    assert date_problem(day, today=TODAY) == problem
