"""Does a quote state the value it is cited for? A mechanical check of every statement.

Each citation names the facts its quote states (``states``); :func:`audit` checks each pair of a
fact and a citation the way a reader would: an amount's number is in the quote (``$1.25
billion`` states 1.25B USD, ``more than 220,000`` states at least 220000), with a hedge word when
the amount is "up to", "at least" or "about"; a date's year (and month) is in the quote, or the
source was published within two months of an announcement; each party, maker or facility is
named (by its name, an alias, or one of its products). Facts that words cannot check (a status,
a market, what a figure covers) are returned as needing a reader, never as checked.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from aigraph.graph.dataset import Dataset
from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.records import (
    ChipModel,
    Citation,
    Facility,
    Organization,
    Product,
    Record,
    Source,
    Term,
)
from aigraph.graph.model.vocabulary import WILDCARD_STATE, Qualifier

SCALES = {
    "trillions": 1e12,
    "billions": 1e9,
    "milliards": 1e9,
    "milliard": 1e9,
    "millions": 1e6,
    "trillion": 1e12,
    "tn": 1e12,
    "t": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
}
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "an": 1,
    "half a": 0.5,
    "a quarter": 0.25,
}
HEDGES = {
    Qualifier.UP_TO: ("up to", "as much as", "maximum", "as many as", "potentially", "could"),
    Qualifier.AT_LEAST: (
        "more than",
        "over",
        "at least",
        "exceed",
        "plus",
        "+",
        "in excess",
        "millions of",
        "thousands of",
        "billions of",
    ),
    Qualifier.ABOUT: (
        "about",
        "approximately",
        "approx",
        "around",
        "roughly",
        "nearly",
        "~",
        "some",
        "almost",
        "close to",
        "estimated",
    ),
}
"""Words that say an amount is not exact, by the qualifier they support."""
TOLERANCE = 0.015
ANNOUNCEMENT_LAG_DAYS = 62
"""A source published this long after an announcement date still states it."""
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?![\d,])|\d+,\d{1,2}(?![\d,])|\d+(?:\.\d+)?)\s*(?:-\s*)?"
    r"(trillions?|billions?|milliards?|millions?|thousand|tn|bn|mn|[tbmk])?(?![a-z])",
    re.IGNORECASE,
)
_WORD_NUMBER = re.compile(
    r"\b(half a|a quarter|one|two|three|four|five|six|seven|eight|nine|ten|an?)\s+"
    r"(trillion|billion|million|thousand)\b",
    re.IGNORECASE,
)


_PLURAL_SCALE = re.compile(r"\b(thousands|millions|billions) of\b", re.IGNORECASE)
""""millions of GPUs" says at least a million."""
_PLURAL_VALUES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}

_PLAIN_WORD_NUMBER = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten)\b(?!\s+(?:trillion|billion|million|thousand)\b)",
    re.IGNORECASE,
)


class Verdict(StrEnum):
    """What the check says of one statement."""

    STATED = "stated"
    NOT_STATED = "not-stated"
    READER = "reader"
    """Words cannot check it (a status, a market): a reader has to."""


@dataclass(frozen=True)
class Finding:
    """One fact of one record, one citation, and whether the quote states the value."""

    record: str
    fact: str
    source: str
    quote: str
    verdict: Verdict
    reason: str


def numbers_in(text: str) -> list[float]:
    """Return the numbers a text says, scale words applied.

    >>> numbers_in("$1.25 billion a month, over 220,000 GPUs and £500mn")
    [1250000000.0, 220000.0, 500000000.0]
    >>> numbers_in("nearly half a million chips, one gigawatt")
    [500000.0, 1.0]
    >>> numbers_in("millions of Blackwell GPUs")
    [1000000.0]
    """
    text = re.sub(r"(\d)([A-Za-z])", r"\1 \2", text)  # "2GW" says 2 (GW)
    found: list[tuple[int, float]] = []
    taken: set[int] = set()
    for match in _WORD_NUMBER.finditer(text):
        taken.add(match.start())
        found.append(
            (
                match.start(),
                NUMBER_WORDS[match.group(1).lower()] * SCALES[match.group(2).lower()],
            )
        )
    for match in _PLURAL_SCALE.finditer(text):
        found.append((match.start(), _PLURAL_VALUES[match.group(1).lower()]))
    for match in _PLAIN_WORD_NUMBER.finditer(text):
        if match.start() not in taken:
            found.append((match.start(), float(NUMBER_WORDS[match.group(1).lower()])))
    for match in _NUMBER.finditer(text):
        digits = match.group(1)
        decimal_comma = re.fullmatch(r"\d+,\d{1,2}", digits)  # "8,3%" in a European text
        value = float(digits.replace(",", ".") if decimal_comma else digits.replace(",", ""))
        scale = (match.group(2) or "").lower()
        found.append((match.start(), value * SCALES.get(scale, 1.0)))
    return [value for _, value in sorted(found)]


def _same_number(value: float, said: float) -> bool:
    if value == said:
        return True
    return value != 0 and abs(value - said) / abs(value) <= TOLERANCE


def states_amount(amount: Amount, quote: str) -> tuple[bool, str]:
    """Return whether the quote says this amount (its number, and a hedge for a qualifier)."""
    said = numbers_in(quote)
    candidates = [amount.value]
    if amount.unit.value in ("GW", "MW"):
        candidates += [amount.value * 1000, amount.value / 1000]
    if not any(_same_number(v, s) for v in candidates for s in said):
        return False, f"the quote does not say {amount} (it says {said or 'no number'})"
    hedges = HEDGES.get(amount.qualifier)
    if hedges and not any(h in quote.lower() for h in hedges):
        return False, f"the quote gives no '{amount.qualifier.value}' word for {amount}"
    return True, ""


def _months(month: int) -> tuple[str, ...]:
    return (calendar.month_name[month].lower(), calendar.month_abbr[month].lower())


_YEARS = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|the next)[-\u2010\u2011 ]"
    r"(?:year|years|decade)\b",
    re.IGNORECASE,
)


def _duration_years(quote: str) -> list[int]:
    """Return the durations a quote gives in years: "a seven-year deal", "over 10 years"."""
    found = []
    for match in _YEARS.finditer(quote):
        word = match.group(1).lower()
        count = (
            1 if word in ("a", "the next") else int(word) if word.isdigit() else NUMBER_WORDS[word]
        )
        found.append(int(count * (10 if "decade" in match.group(0).lower() else 1)))
    return found


def states_date(
    day: PartialDate,
    quote: str,
    source: Source | None,
    fact: str,
    start: PartialDate | None = None,
) -> tuple[bool, str]:
    """Return whether the quote says this date: its year (and month); an end as a duration
    from the start ("five-year ... beginning in 2027" ends in 2031 or 2032); for an
    announcement, a snapshot date or a start with no date in the quote, the source's
    publication date within two months."""
    lower = quote.lower()
    if re.search(rf"(?<!\d){re.escape(str(day))}(?!\d)", quote):
        return True, ""  # a dataset cell: "2025-07-22"
    if fact.endswith("end") and start is not None and str(day.year) not in quote:
        for years in _duration_years(quote):
            if day.year in (start.year + years - 1, start.year + years):
                return True, ""
    publication_fact = fact in _PUBLICATION_FACTS or (
        fact.endswith("start") and str(day.year) not in quote
    )
    if source is not None and source.published is not None and publication_fact:
        published = source.published.first_day()
        lag = timedelta(days=ANNOUNCEMENT_LAG_DAYS)
        if day.first_day() - timedelta(days=7) <= published <= day.last_day() + lag:
            return True, ""
    said_year = str(day.year) in quote or _relative_year(lower, source) == day.year
    if not said_year:
        if (
            source is not None
            and source.published is not None
            and day.precision in ("month", "day")
            and any(re.search(rf"\b{name}\b", lower) for name in _months(day.part))
            and 0 <= day.year - source.published.year <= 1
        ):
            return True, ""  # "starting in July", said in a June article: July of that year
        return False, f"the quote does not say {day} (no year {day.year})"
    whole_year = (day.part, day.day) == ((1, 1) if fact.endswith("start") else (12, 31))
    if day.precision == "month" or (day.precision == "day" and not whole_year):
        month = day.part
        if any(name in lower for name in _months(month)):
            return True, ""
        if month == 12 and re.search(rf"(through|end of|until)\s+{day.year}", lower):
            return True, ""
        if month == 1 and re.search(rf"(from|in|starting|begin\w*)\s+{day.year}", lower):
            return True, ""
        return False, f"the quote does not say the month of {day}"
    return True, ""


def _relative_year(lower: str, source: Source | None) -> int | None:
    """Return the year "last year" or "by the end of the decade" means in a source's text."""
    if source is None or source.published is None:
        return None
    year = source.published.year
    if "last year" in lower:
        return year - 1
    if "this year" in lower:
        return year
    if "end of the decade" in lower:
        return (year // 10 + 1) * 10
    return None


_PUBLICATION_FACTS = {"announced", "as_of", "opened", "figures_as_of", "date"}
"""Dates a source states by when it was published (an announcement, a snapshot)."""


def _names_of(record: Record | None, dataset: Dataset) -> list[str]:
    if record is None:
        return []
    names = [record.id.replace("-", " ")]
    names += [getattr(record, "name", None) or "", *getattr(record, "aliases", [])]
    if isinstance(record, Organization):
        for product in dataset.of_type(Product):
            if product.maker == record.id:
                names += [product.name, *product.aliases]
        for facility in dataset.facilities:
            if facility.owner == record.id:  # "the Abilene data center" names its owner
                names += [facility.name, *facility.aliases]
    if isinstance(record, Facility) and record.location and record.location.city:
        names.append(record.location.city)  # "the Memphis facility", "Childress, Texas"
    if isinstance(record, ChipModel) and record.unspecified:
        names += _names_of(dataset.records.get(record.maker), dataset)
    return [n for n in names if len(n) >= 2]


def names_mentioned(record_id: str, quote: str, dataset: Dataset) -> bool:
    """Return True when the quote names the record: its name, an alias or id, or (for an
    organization) one of its products; ``Nvidia`` matches ``NVIDIA``."""
    lower = quote.lower().replace("\u2019", "'")
    for name in _names_of(dataset.records.get(record_id), dataset):
        pattern = r"(?<![a-z0-9])" + re.escape(name.lower()) + r"(?:s|es)?(?![a-z0-9])"
        if re.search(pattern, lower):
            return True
    return False


_REFERENCE_FACTS = {
    "parties",
    "owner",
    "operator",
    "maker",
    "subject",
    "reported_by",
    "facility",
    "facilities",
    "chip_model",
    "part_of",
    "builds_upon",
}
_READER_FACTS = {
    "status",
    "markets",
    "market",
    "covers",
    "supersedes",
    "ramp",
    "location",
    "affiliations",
    "exited",
    "buildings",
    "building_area",
}


def _fact_value(record: Record, fact: str) -> Any:
    value: Any = record
    for part in fact.split("."):
        value = getattr(value, part)
    return value


def _referenced_ids(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [item for ids in value.values() for item in ids]
    return [getattr(item, "organization", item) for item in value]


def check(record: Record, fact: str, citation: Citation, dataset: Dataset) -> tuple[Verdict, str]:
    """Return whether ``citation``'s quote states the record's ``fact``, with the reason."""
    value = _fact_value(record, fact)
    quote = citation.quote
    source = dataset.records.get(citation.source)
    source = source if isinstance(source, Source) else None
    head = fact.split(".")[0]
    if fact == "name":
        ok = names_mentioned(record.id, quote, dataset)
        return (Verdict.STATED, "") if ok else (Verdict.NOT_STATED, "the quote does not name it")
    if head in _READER_FACTS:
        return Verdict.READER, f"a reader checks {fact}"
    if head in _REFERENCE_FACTS:
        named = [r for r in _referenced_ids(value) if names_mentioned(r, quote, dataset)]
        if not named:
            return Verdict.NOT_STATED, "the quote names none of them"
        return Verdict.STATED, ""
    if fact == "exit_clause":
        ok = str(value.notice_days) in quote
        return (Verdict.STATED, "") if ok else (Verdict.NOT_STATED, "no notice period in it")
    if isinstance(value, Amount):
        ok, reason = states_amount(value, quote)
        return (Verdict.STATED, "") if ok else (Verdict.NOT_STATED, reason)
    if isinstance(value, list) and value and isinstance(value[0], Amount):
        reasons = [states_amount(a, quote) for a in value]
        bad = [r for ok, r in reasons if not ok]
        return (Verdict.NOT_STATED, "; ".join(bad)) if bad else (Verdict.STATED, "")
    if isinstance(value, PartialDate):
        start = record.term.start if fact == "term.end" else None  # type: ignore[attr-defined]
        ok, reason = states_date(value, quote, source, fact if "." in fact else head, start)
        return (Verdict.STATED, "") if ok else (Verdict.NOT_STATED, reason)
    if isinstance(value, Term):
        return Verdict.READER, "a reader checks the term"
    return Verdict.READER, f"a reader checks {fact}"


def audit(dataset: Dataset, origin: str | None = "curated") -> Iterator[Finding]:
    """Yield a finding for every statement (fact, citation) of every record of ``origin``
    (None: every record), citations stating every value (``*``, dataset rows) excepted; for a
    fact naming several records (a deal's parties), one more when some is named by none of
    the citations stating it."""
    for record in dataset:
        if origin is not None and getattr(record, "origin", "curated") != origin:
            continue
        for fact, citation in record.statements():
            if WILDCARD_STATE in citation.states:
                continue
            verdict, reason = check(record, fact, citation, dataset)
            yield Finding(record.id, fact, citation.source, citation.quote, verdict, reason)
        yield from _structure_findings(record, dataset)
        for fact in record.given_facts():
            if fact.split(".")[0] not in _REFERENCE_FACTS:
                continue
            citations = record.evidence(fact)
            if any(WILDCARD_STATE in c.states for c in citations):
                continue
            unnamed = [
                ref
                for ref in _referenced_ids(_fact_value(record, fact))
                if not any(names_mentioned(ref, c.quote, dataset) for c in citations)
            ]
            if unnamed:
                yield Finding(
                    record.id,
                    fact,
                    ", ".join(c.source for c in citations),
                    "",
                    Verdict.NOT_STATED,
                    f"no quote stating {fact} names {', '.join(unnamed)}",
                )


def _structure_findings(record: Record, dataset: Dataset) -> Iterator[Finding]:
    """Yield, for each citation of an organization's structure link, whether its quote names
    both the organization and its parent ("With the xAI merger absorbing that footprint into
    SpaceX's balance sheet")."""
    if not isinstance(record, Organization):
        return
    for link in record.structure:
        fact = f"structure {link.relation.value} {link.parent}"
        for citation in link.citations:
            if WILDCARD_STATE in citation.states:
                continue
            named = names_mentioned(record.id, citation.quote, dataset) and names_mentioned(
                link.parent, citation.quote, dataset
            )
            yield Finding(
                record.id,
                fact,
                citation.source,
                citation.quote,
                Verdict.STATED if named else Verdict.NOT_STATED,
                "" if named else "the quote does not name both the organization and its parent",
            )


def unsupported_facts(dataset: Dataset, origin: str | None = "curated") -> list[Finding]:
    """Return the statements whose quote does not state the value they are cited for."""
    return [f for f in audit(dataset, origin) if f.verdict is Verdict.NOT_STATED]


@dataclass(frozen=True)
class QuoteProblem:
    """A citation whose quote states none (``refused``) or only some of the values it is
    cited for, with the findings that say so."""

    record: str
    citation: int
    source: str
    refused: bool
    reason: str


def quote_problems(dataset: Dataset, origin: str | None = "curated") -> list[QuoteProblem]:
    """Return, citation by citation of the records of ``origin``, each whose quote states none
    of the values it is cited for (refused: it supports nothing) or only some (a warning).
    Facts only a reader can check (a status, a market) count for neither."""
    problems: list[QuoteProblem] = []
    for record in dataset:
        if origin is not None and getattr(record, "origin", "curated") != origin:
            continue
        verdicts: dict[int, list[tuple[str, Verdict, str]]] = {}
        for index, citation in enumerate(record.citations):
            if WILDCARD_STATE in citation.states:
                continue
            for fact in record.given_facts():
                if citation in record.evidence(fact) and citation.says(fact):
                    verdict, reason = check(record, fact, citation, dataset)
                    verdicts.setdefault(index, []).append((fact, verdict, reason))
        for index, found in sorted(verdicts.items()):
            missed = [
                (fact, reason) for fact, verdict, reason in found if verdict is Verdict.NOT_STATED
            ]
            if not missed:
                continue
            stated = any(verdict is Verdict.STATED for _, verdict, _ in found)
            what = "; ".join(f"{fact}: {reason}" for fact, reason in missed)
            problems.append(
                QuoteProblem(
                    record.id,
                    index,
                    record.citations[index].source,
                    not stated,
                    (
                        "the quote states none of the values it is cited for ("
                        if not stated
                        else "the quote does not state every value it is cited for ("
                    )
                    + what
                    + ")",
                )
            )
    return problems
