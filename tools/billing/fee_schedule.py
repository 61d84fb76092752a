"""The fee schedule: dollar amounts per code, loaded from a CSV file an admin can edit.

Amounts are third-party figures (CMS PFS national non-facility amounts) that change every
year and differ by locality, so they live in a file, never in code. The shipped default,
``data/fee_schedule_2025.csv``, carries the 2025 national non-facility amounts listed in
domain.md §3. No amount is listed there for 99426, so the file has no row for it: an
estimate that includes 99426 reports "no fee on file for 99426" instead of guessing.

File format: a header row with the columns ``code, amount_usd, year, source`` (any order,
extra columns ignored), one row per code, one year per file. Money is ``Decimal``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType

from tools.billing.errors import FeeScheduleError

DEFAULT_FEE_SCHEDULE_PATH = Path(__file__).parent / "data" / "fee_schedule_2025.csv"
REQUIRED_COLUMNS: tuple[str, ...] = ("code", "amount_usd", "year", "source")

_CENT = Decimal("0.01")
_CPT_CODE = re.compile(r"^\d{4}[0-9A-Z]$")
_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Fee:
    code: str
    amount: Decimal
    year: int
    source: str


@dataclass(frozen=True)
class Estimate:
    """Estimated reimbursement for a list of codes (one entry per unit).

    ``amount`` sums the codes that have a fee on file; ``missing_codes`` lists the others,
    each once, in order of first appearance.
    """

    amount: Decimal
    missing_codes: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing_codes

    def describe(self) -> str:
        text = f"${self.amount:,.2f}"
        if self.missing_codes:
            text += f" (no fee on file for {', '.join(self.missing_codes)})"
        return text


class FeeSchedule:
    """Amounts for one year, one row per code."""

    def __init__(self, fees: Iterable[Fee]) -> None:
        by_code: dict[str, Fee] = {}
        for fee in fees:
            if fee.code in by_code:
                raise FeeScheduleError(f"code {fee.code} is listed twice")
            by_code[fee.code] = fee
        if not by_code:
            raise FeeScheduleError("the fee schedule has no fee rows")
        years = {fee.year for fee in by_code.values()}
        if len(years) > 1:
            raise FeeScheduleError(f"one year per fee schedule, found {sorted(years)}")
        self._fees: Mapping[str, Fee] = MappingProxyType(by_code)
        self.year: int = years.pop()
        # A month run prices the same few code lists thousands of times; the schedule
        # never changes after loading, so each list is priced once.
        self._estimates: dict[tuple[str, ...], Estimate] = {}

    @classmethod
    def from_csv(cls, path: Path | str) -> FeeSchedule:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise FeeScheduleError(f"fee schedule file not found: {path}") from None
        except UnicodeDecodeError:
            raise FeeScheduleError(f"{path.name}: not a UTF-8 text file") from None
        return cls.from_csv_text(text, name=path.name)

    @classmethod
    def from_csv_text(cls, text: str, *, name: str = "fee schedule") -> FeeSchedule:
        return cls(_parse_rows(text, name))

    @property
    def fees(self) -> Mapping[str, Fee]:
        return self._fees

    def amount_for(self, code: str) -> Decimal | None:
        fee = self._fees.get(code)
        return None if fee is None else fee.amount

    def estimate(self, codes: Sequence[str]) -> Estimate:
        key = tuple(codes)
        known = self._estimates.get(key)
        if known is None:
            known = self._estimates[key] = self._price(key)
        return known

    def _price(self, codes: tuple[str, ...]) -> Estimate:
        total = Decimal("0.00")
        missing: list[str] = []
        for code in codes:
            amount = self.amount_for(code)
            if amount is None:
                if code not in missing:
                    missing.append(code)
            else:
                total += amount
        return Estimate(total.quantize(_CENT), tuple(missing))


def load_fee_schedule(path: Path | str = DEFAULT_FEE_SCHEDULE_PATH) -> FeeSchedule:
    """The fee schedule at ``path``; by default the shipped 2025 national amounts."""
    return FeeSchedule.from_csv(path)


def _parse_rows(text: str, name: str) -> list[Fee]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        if header is None:
            raise FeeScheduleError(
                f"{name} line 1: the file is empty; expected the header "
                f"{','.join(REQUIRED_COLUMNS)}"
            )
        columns = [cell.strip().lower() for cell in header]
        _check_header(columns, name)
        index = {column: columns.index(column) for column in REQUIRED_COLUMNS}
        fees: list[Fee] = []
        first_line: dict[str, int] = {}
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # blank lines are harmless in a hand-edited file
            if len(cells) > len(columns):
                raise FeeScheduleError(
                    f"{name} line {line}: {len(cells)} cells but {len(columns)} columns"
                )
            values = {col: (cells[i].strip() if i < len(cells) else "") for col, i in index.items()}
            fee = _parse_fee(values, f"{name} line {line}")
            if fee.code in first_line:
                raise FeeScheduleError(
                    f"{name} line {line}, column code: {fee.code} is already listed "
                    f"on line {first_line[fee.code]}"
                )
            if fees and fee.year != fees[0].year:
                raise FeeScheduleError(
                    f"{name} line {line}, column year: {fee.year} differs from "
                    f"{fees[0].year} on line {first_line[fees[0].code]}; one year per file"
                )
            first_line[fee.code] = line
            fees.append(fee)
    except csv.Error as error:
        raise FeeScheduleError(f"{name} line {reader.line_num}: not valid CSV ({error})") from None
    if not fees:
        raise FeeScheduleError(f"{name}: no fee rows below the header")
    return fees


def _check_header(columns: list[str], name: str) -> None:
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise FeeScheduleError(
            f"{name} line 1: missing column(s) {', '.join(missing)}; "
            f"expected {','.join(REQUIRED_COLUMNS)}"
        )
    repeated = sorted({c for c in columns if c in REQUIRED_COLUMNS and columns.count(c) > 1})
    if repeated:
        raise FeeScheduleError(f"{name} line 1: column(s) {', '.join(repeated)} appear twice")


def _parse_fee(values: Mapping[str, str], where: str) -> Fee:
    for column in REQUIRED_COLUMNS:
        if not values[column]:
            raise FeeScheduleError(f"{where}, column {column}: empty")
    code = values["code"].upper()
    if not _CPT_CODE.match(code):
        raise FeeScheduleError(
            f"{where}, column code: {values['code']!r} is not a five-character CPT code"
        )
    amount_text = values["amount_usd"]
    if not _AMOUNT.match(amount_text):
        raise FeeScheduleError(
            f"{where}, column amount_usd: {amount_text!r} is not a dollar amount "
            "(digits with at most two decimals, no $ sign, e.g. 60.49)"
        )
    try:
        amount = Decimal(amount_text).quantize(_CENT)
    except InvalidOperation:  # pragma: no cover - the pattern above already refuses these
        raise FeeScheduleError(f"{where}, column amount_usd: {amount_text!r}") from None
    if not _YEAR.match(values["year"]):
        raise FeeScheduleError(f"{where}, column year: {values['year']!r} is not a four-digit year")
    return Fee(code=code, amount=amount, year=int(values["year"]), source=values["source"])
