"""Amounts: a value with a unit, a period and a qualifier, never a bare number.

"More than 220,000 GPUs" is at least 220,000 GPUs; "$150M a month" is a rate, not a total.
Amounts are written in the dataset either as a mapping or in a short form::

    150M USD/month          at least 220000 GPU          up to 100B USD          about 1e6 sqft
"""

from __future__ import annotations

import math
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from aigraph.graph.model.vocabulary import (
    PERIOD_WORDS,
    QUALIFIER_WORDS,
    UNIT_SYNONYMS,
    Certainty,
    Period,
    Qualifier,
    Unit,
)

__all__ = [
    "ABOUT_TOLERANCE",
    "Amount",
    "Certainty",
    "Period",
    "Qualifier",
    "Unit",
    "format_quantity",
]


ABOUT_TOLERANCE = 0.10
""""About X" is read as X +/- 10 % when claims are compared."""

LARGEST = 999.5e12
"""Amounts from here up print as '1e+03T', which does not read back: refused."""
SMALLEST = 1e-4
"""Amounts below this (other than 0) print as '1e-05', which does not read back: refused."""
CURRENCY_SIGNS = {Unit.USD: "$", Unit.EUR: "€", Unit.GBP: "£"}
"""How a sentence writes a currency."""
_SCALE = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
_SHORT_FORM = re.compile(
    r"^(?P<qualifier>"
    + "|".join(re.escape(word) for word in sorted(QUALIFIER_WORDS, key=len, reverse=True))
    + r")?\s*(?P<value>[0-9][0-9_,]*(?:\.[0-9]+)?(?:e[0-9]+)?)\s*(?P<scale>[KMBT])?\s+"
    r"(?P<unit>[A-Za-z]+)(?:\s*/\s*(?P<period>" + "|".join(PERIOD_WORDS) + r"))?$",
    re.IGNORECASE,
)


class Amount(BaseModel):
    """A reported quantity.

    >>> Amount.parse("150M USD/month").value
    150000000.0
    >>> Amount.parse("more than 220000 GPU").qualifier
    <Qualifier.AT_LEAST: 'at-least'>
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float
    unit: Unit
    period: Period = Period.ONE_OFF
    qualifier: Qualifier = Qualifier.EXACT

    @model_validator(mode="before")
    @classmethod
    def _from_short_form(cls, data: Any) -> Any:
        if isinstance(data, str):
            return _parse_short_form(data)
        return data

    @field_validator("value")
    @classmethod
    def _finite_and_not_negative(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("amount must be a finite number")
        if value < 0:
            raise ValueError(f"negative amount {value:g}: record losses as a positive figure")
        if value >= LARGEST:
            raise ValueError(
                f"amount {value:g} is too large to be written back (less than 999.5T in any unit)"
            )
        if 0 < value < SMALLEST:
            raise ValueError(
                f"amount {value:g} is too small to be written back (0, or at least {SMALLEST:g})"
            )
        return value

    @classmethod
    def parse(cls, text: str) -> Amount:
        """Return the amount written in the short form, e.g. ``"up to 10B USD"``."""
        return cls.model_validate(text)

    @property
    def certainty(self) -> Certainty:
        """Return how certain the amount is by its qualifier (a deal's condition can make it
        contingent: see ``Deal.certainty``).

        >>> Amount.parse("up to 10B USD").certainty.value
        'up-to'
        >>> [Amount.parse(f"{q} 3B USD").certainty.value for q in ("about", "est.")]
        ['firm', 'estimate']
        """
        return _CERTAINTY[self.qualifier]

    @property
    def is_money(self) -> bool:
        """Return True when the amount is in a currency."""
        return self.unit.is_money

    def bounds(self) -> tuple[float, float]:
        """Return the lowest and highest value the amount can mean, for comparing claims."""
        if self.qualifier is Qualifier.AT_LEAST:
            return self.value, math.inf
        if self.qualifier is Qualifier.UP_TO:
            return 0.0, self.value
        if self.qualifier in (Qualifier.ABOUT, Qualifier.ESTIMATE):
            return self.value * (1 - ABOUT_TOLERANCE), self.value * (1 + ABOUT_TOLERANCE)
        return self.value, self.value

    def agrees_with(self, other: Amount) -> bool:
        """Return True when both amounts can be the same quantity (same dimension and period;
        GW and MW compare as power)."""
        if self.period != other.period:
            return False
        mine, theirs = self.in_base_unit(), other.in_base_unit()
        if mine.unit != theirs.unit:
            return False
        low, high = mine.bounds()
        other_low, other_high = theirs.bounds()
        return low <= other_high and other_low <= high

    def in_base_unit(self) -> Amount:
        """Return the amount with GW expressed in MW (other units unchanged)."""
        if self.unit is Unit.GW:
            return self.model_copy(update={"value": self.value * 1000, "unit": Unit.MW})
        return self

    def scaled(self, factor: float, period: Period = Period.ONE_OFF) -> Amount:
        """Return this amount multiplied by ``factor`` with the given period."""
        return self.model_copy(update={"value": self.value * factor, "period": period})

    def phrase(self) -> str:
        """Return the amount as a sentence says it: money with its sign.

        >>> Amount.parse("1.25B USD/month").phrase(), Amount.parse("up to 500M GBP").phrase()
        ('$1.25B/month', 'up to £500M')
        >>> Amount.parse("at least 220000 GPU").phrase()
        'at least 220K GPU'
        """
        sign = CURRENCY_SIGNS.get(self.unit)
        if sign is None:
            return str(self)
        return f"{self.qualifier.prefix}{sign}{format_quantity(self.value)}{self.period.suffix}"

    def __str__(self) -> str:
        return (
            f"{self.qualifier.prefix}{format_quantity(self.value)} {self.unit}{self.period.suffix}"
        )


_CERTAINTY = {
    Qualifier.EXACT: Certainty.FIRM,
    Qualifier.ABOUT: Certainty.FIRM,
    Qualifier.AT_LEAST: Certainty.AT_LEAST,
    Qualifier.UP_TO: Certainty.UP_TO,
    Qualifier.ESTIMATE: Certainty.ESTIMATE,
}


def format_quantity(value: float) -> str:
    """Return a compact human form: 1.25e9 -> '1.25B', 220000 -> '220K'."""
    for suffix, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.3g}"


def _parse_short_form(text: str) -> dict[str, Any]:
    if text.strip().startswith("-"):
        raise ValueError(f"negative amount {text!r}: record losses as a positive figure")
    match = _SHORT_FORM.match(text.strip())
    if not match:
        raise ValueError(
            f"malformed amount {text!r}: expected e.g. '150M USD/month', 'at least 220000 GPU'"
        )
    unit_text = match.group("unit")
    unit = next((u for u in Unit if u.value.lower() == unit_text.lower()), None)
    if unit is None:
        unit = UNIT_SYNONYMS.get(unit_text.lower())
    if unit is None:
        known = ", ".join(u.value for u in Unit)
        raise ValueError(f"malformed amount {text!r}: unknown unit {unit_text!r} (one of {known})")
    value = float(match.group("value").replace(",", "").replace("_", ""))
    value *= _SCALE[(match.group("scale") or "").upper()]
    qualifier_text = (match.group("qualifier") or "exact").lower()
    period_text = (match.group("period") or "").lower()
    return {
        "value": value,
        "unit": unit,
        "qualifier": QUALIFIER_WORDS[qualifier_text],
        "period": PERIOD_WORDS.get(period_text, Period.ONE_OFF),
    }
