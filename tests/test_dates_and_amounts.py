from datetime import date

import pytest
from pydantic import ValidationError

from aigraph.graph.model.amounts import Amount, Period, Qualifier, Unit
from aigraph.graph.model.dates import PartialDate, term_months


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-07-01", date(2026, 7, 1), date(2026, 7, 1)),
    ],
)
def test_partial_date_ranges(text, first, last):
    parsed = PartialDate.parse(text)
    assert (parsed.first_day(), parsed.last_day()) == (first, last)
    assert str(parsed) == text


@pytest.mark.parametrize("text", ["2026-13", "July 2026", "2026-02-30", "26-07", "2026-Q5"])
def test_malformed_dates_are_refused(text):
    with pytest.raises(ValueError, match="malformed date"):
        PartialDate.parse(text)


def test_dates_conflict_only_when_their_ranges_do_not_meet():
    may, december, year = (PartialDate.parse(t) for t in ("2029-05", "2029-12", "2029"))
    assert not may.overlaps(december)
    assert may.overlaps(year) and december.overlaps(year)


def test_term_months_count_whole_months_through_the_end():
    assert term_months(PartialDate.parse("2026-07"), PartialDate.parse("2029-05")) == 35
    assert term_months(PartialDate.parse("2026-07"), PartialDate.parse("2029-12")) == 42
    assert term_months(PartialDate.parse("2026-07-01"), PartialDate.parse("2026-07-16")) == (
        pytest.approx(16 / 31)
    )


@pytest.mark.parametrize(
    ("text", "value", "unit", "period", "qualifier"),
    [
        ("150M USD/month", 150e6, Unit.USD, Period.PER_MONTH, Qualifier.EXACT),
        ("1.25B USD/month", 1.25e9, Unit.USD, Period.PER_MONTH, Qualifier.EXACT),
        ("more than 220000 GPU", 220000, Unit.GPU, Period.ONE_OFF, Qualifier.AT_LEAST),
        ("at least 10 GW", 10, Unit.GW, Period.ONE_OFF, Qualifier.AT_LEAST),
        ("up to 100B USD", 100e9, Unit.USD, Period.ONE_OFF, Qualifier.UP_TO),
        ("about 1,000,000 sqft", 1e6, Unit.SQFT, Period.ONE_OFF, Qualifier.ABOUT),
        ("322B USD/year", 322e9, Unit.USD, Period.PER_YEAR, Qualifier.EXACT),
        ("500M GBP", 500e6, Unit.GBP, Period.ONE_OFF, Qualifier.EXACT),
    ],
)
def test_amount_short_form(text, value, unit, period, qualifier):
    amount = Amount.parse(text)
    assert (amount.value, amount.unit, amount.period, amount.qualifier) == (
        pytest.approx(value),
        unit,
        period,
        qualifier,
    )


def test_amount_mapping_form_and_money():
    amount = Amount.model_validate({"value": 6e9, "unit": "USD", "qualifier": "at-least"})
    assert amount.is_money and str(amount) == "at least 6B USD"
    assert not Amount.parse("6 GW").is_money


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-6.4B USD", "negative amount"),
        ("lots of USD", "malformed amount"),
        ("150M dollars", "unknown unit"),
        ("150M", "malformed amount"),
    ],
)
def test_bad_amounts_are_refused(text, reason):
    with pytest.raises(ValidationError, match=reason):
        Amount.parse(text)


def test_negative_mapping_amount_is_refused():
    with pytest.raises(ValidationError, match="negative amount"):
        Amount.model_validate({"value": -1, "unit": "USD"})


def test_amounts_agree_by_their_ranges():
    at_least_6b = Amount.parse("at least 6B USD")
    assert not Amount.parse("5.25B USD").agrees_with(at_least_6b)
    assert Amount.parse("about 6.3B USD").agrees_with(at_least_6b)
    assert not Amount.parse("785000 sqft").agrees_with(Amount.parse("about 1000000 sqft"))
    assert not Amount.parse("6B USD").agrees_with(Amount.parse("6B USD/month"))
