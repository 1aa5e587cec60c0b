"""Partial dates: reporting says "July 2026", "2026-H2" or "Q3 2026" as often as a full date.

A :class:`PartialDate` keeps what the source said (its precision) and knows the first and last
day it can mean, so that terms, as-of filters and conflicts compare ranges, not guesses.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer

Precision = Literal["year", "half", "quarter", "month", "day"]

_PATTERNS: list[tuple[re.Pattern[str], Precision]] = [
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-H([12])$"), "half"),
    (re.compile(r"^(\d{4})$"), "year"),
]


MIN_YEAR, MAX_YEAR = 1900, 2199
"""The years a date of this field can have (a typo like 0000 or 20266 is refused)."""


class PartialDate(BaseModel):
    """A date known to a year, half, quarter, month or day.

    >>> d = PartialDate.parse("2029-05")
    >>> (d.first_day().isoformat(), d.last_day().isoformat())
    ('2029-05-01', '2029-05-31')
    """

    model_config = ConfigDict(frozen=True)

    year: int
    precision: Precision
    part: int = 1  # month (1-12), quarter (1-4) or half (1-2); 1 for a bare year
    day: int = 1

    @classmethod
    def parse(cls, text: str | date | int) -> PartialDate:
        """Return the partial date written as YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM or YYYY-MM-DD."""
        if isinstance(text, date):
            if not MIN_YEAR <= text.year <= MAX_YEAR:
                raise ValueError(f"date {text} is out of range: year {MIN_YEAR}-{MAX_YEAR}")
            return cls(year=text.year, precision="day", part=text.month, day=text.day)
        raw = str(text).strip()
        for pattern, precision in _PATTERNS:
            match = pattern.match(raw)
            if not match:
                continue
            year = int(match.group(1))
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise ValueError(
                    f"malformed date {raw!r}: year {year} is not {MIN_YEAR}-{MAX_YEAR}"
                )
            part = int(match.group(2)) if precision != "year" else 1
            day = int(match.group(3)) if precision == "day" else 1
            if precision in ("month", "day") and not 1 <= part <= 12:
                raise ValueError(f"malformed date {raw!r}: month {part} is not 1-12")
            if precision == "day":
                try:
                    date(year, part, day)
                except ValueError as exc:
                    raise ValueError(f"malformed date {raw!r}: {exc}") from None
            return cls(year=year, precision=precision, part=part, day=day)
        raise ValueError(
            f"malformed date {raw!r}: expected YYYY, YYYY-H1, YYYY-Q3, YYYY-MM or YYYY-MM-DD"
        )

    def first_day(self) -> date:
        """Return the earliest day this partial date can mean."""
        return _days(self.year, self.precision, self.part, self.day)[0]

    def last_day(self) -> date:
        """Return the latest day this partial date can mean."""
        return _days(self.year, self.precision, self.part, self.day)[1]

    def overlaps(self, other: PartialDate) -> bool:
        """Return True when the two dates can mean the same day (no conflict between them)."""
        return self.first_day() <= other.last_day() and other.first_day() <= self.last_day()

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.year:04d}"
        if self.precision == "half":
            return f"{self.year:04d}-H{self.part}"
        if self.precision == "quarter":
            return f"{self.year:04d}-Q{self.part}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.part:02d}"
        return f"{self.year:04d}-{self.part:02d}-{self.day:02d}"


@functools.lru_cache(maxsize=65536)
def _days(year: int, precision: str, part: int, day: int) -> tuple[date, date]:
    """Return the first and last day of a partial date (a few thousand distinct ones recur)."""
    if precision == "day":
        return date(year, part, day), date(year, part, day)
    if precision == "year":
        first, last = 1, 12
    elif precision == "half":
        first, last = 6 * part - 5, 6 * part
    elif precision == "quarter":
        first, last = 3 * part - 2, 3 * part
    else:
        first, last = part, part
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def _coerce_partial_date(value: Any) -> Any:
    if isinstance(value, PartialDate | dict):
        return value
    if isinstance(value, date | int | str):
        return PartialDate.parse(value)
    return value


DateValue = Annotated[
    PartialDate,
    BeforeValidator(_coerce_partial_date),
    PlainSerializer(str, return_type=str),
]
"""A field type: accepts "2026", "2026-H2", "2026-Q3", "2026-07", "2026-07-01" or a date."""


def months_between(start: date, end_exclusive: date) -> float:
    """Return the length of [start, end_exclusive) in months, counting partial months by days.

    >>> months_between(date(2026, 7, 1), date(2029, 6, 1))
    35.0
    """
    whole = (end_exclusive.year - start.year) * 12 + (end_exclusive.month - start.month)
    anchor = add_months(start, whole)
    if anchor > end_exclusive:
        whole -= 1
        anchor = add_months(start, whole)
    remaining = (end_exclusive - anchor).days
    if remaining == 0:
        return float(whole)
    next_anchor = add_months(start, whole + 1)
    return whole + remaining / (next_anchor - anchor).days


def add_months(day: date, months: int) -> date:
    """Return the same day ``months`` later (the month's last day when it is shorter).

    >>> add_months(date(2025, 1, 31), 1)
    datetime.date(2025, 2, 28)
    """
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_months(start: PartialDate, end: PartialDate) -> float:
    """Return the months a term covers, from the first day of ``start`` through ``end``.

    "July 2026 until May 2029" is 35 months; through December 2029 it is 42.

    >>> term_months(PartialDate.parse("2026-07"), PartialDate.parse("2029-05"))
    35.0
    """
    return months_between(start.first_day(), end.last_day() + timedelta(days=1))


def years_before(day: date, years: int) -> date:
    """Return the same day ``years`` earlier (28 February for a 29 February).

    >>> years_before(date(2028, 2, 29), 4)
    datetime.date(2024, 2, 29)
    >>> years_before(date(2028, 2, 29), 1)
    datetime.date(2027, 2, 28)
    """
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
