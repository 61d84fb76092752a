"""Bounded field types every schema, path and query parameter of the API uses.

The limits are ``tools.fields``' (the CLI and the importers check the same ones): an id
fits the store's signed 64-bit keys, a day is YYYY-MM-DD within the dates a record can
carry, a number of hours fits a clock. Anything outside is a 422 naming the field, never
an overflow deeper down (an id past 2**63-1 made SQLite raise, 1e12 hours made
``timedelta`` raise: both answered 500).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BeforeValidator, Field

from tools.fields import (
    MAX_CHART_CODE_CHARS,
    MAX_CLOCK_HOURS,
    MAX_ID,
    MINUTES_IN_A_DAY,
    MONTH_PATTERN,
    iso_date,
)

# Text that names a staff member, patient or provider: ids, chart codes, NPIs, names.
MAX_REFERENCE_CHARS = 200


def _day(value: Any) -> Any:
    """A day as JSON or a query carries it: the string YYYY-MM-DD, nothing else."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError("a date written YYYY-MM-DD")
    return iso_date(value)


StoreId = Annotated[int, Field(ge=1, le=MAX_ID, description="An id (1 to 2^63-1)")]
IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="An id (1 to 2^63-1)")]
IdFilter = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="A staff or provider id (1 to 2^63-1)")
]
Day = Annotated[dt.date, BeforeValidator(_day)]
MonthPath = Annotated[str, Path(pattern=MONTH_PATTERN, description="YYYY-MM")]
MonthQuery = Annotated[str, Query(pattern=MONTH_PATTERN, description="YYYY-MM")]
Month = Annotated[str, Field(pattern=MONTH_PATTERN, description="YYYY-MM")]
# Minutes of one entry: the tool's rules (5 to 120) give the message within a day's.
Minutes = Annotated[int, Field(ge=0, le=MINUTES_IN_A_DAY)]
Hours = Annotated[
    float,
    Field(
        gt=0,
        le=MAX_CLOCK_HOURS,
        allow_inf_nan=False,
        description=f"Hours, at most {MAX_CLOCK_HOURS}",
    ),
]
# An id (digits) or a chart code, NPI or exact name, as the tools take it; a JSON number
# is an id.
Reference = Annotated[
    StoreId | Annotated[str, Field(min_length=1, max_length=MAX_REFERENCE_CHARS)],
    Field(description="An id, or a chart code, NPI or exact name"),
]
PatientRef = Annotated[
    StoreId | Annotated[str, Field(min_length=1, max_length=MAX_CHART_CODE_CHARS)],
    Field(description="Patient id or chart code"),
]
