"""Claims side by side: every value a record's sources give for an attribute, and conflicts.

A record's own value is the claim of the citations that state it; each entry under ``claims:`` is
another source's value for one attribute. For a deal's total, the total derived from the record's
rate and term counts as a claim too, so that "$150M a month from July 2026 to May 2029" (5.25B)
and "more than $6 billion" show up as the conflict they are.

Like is compared with like: a facility's dated figures (power, H100e, capital cost) and fleet
counts conflict only when they refer to dates within a quarter of each other (a figure's date is
its ``as_of``, else its source's publication); values further apart form a series, listed in
date order, not a conflict. A fleet count is compared only with counts of the same chip model
(a total of unspecified models is its own model), at the same site.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict

from aigraph.graph.dataset import Dataset
from aigraph.graph.model.amounts import Amount, Qualifier
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.records import (
    Citation,
    ClaimOf,
    Deal,
    DealClaim,
    Facility,
    FacilityClaim,
    Fleet,
    Record,
    Source,
    claim_fields,
)
from aigraph.graph.model.vocabulary import QUARTER_DAYS

DATED_ATTRIBUTES = ("power", "h100_equivalents", "capex")
"""Facility attributes that change over time: their values conflict only at the same date."""


class ClaimedValue(BaseModel):
    """One value for an attribute, with the sources and quotes behind it."""

    model_config = ConfigDict(frozen=True)

    value: str
    citations: list[Citation]
    derived: bool = False
    as_of: str | None = None
    """For a dated figure, the day it refers to (ISO), when known."""

    @property
    def sources(self) -> list[str]:
        """Return the ids of the sources behind this value, without repeats."""
        return list(dict.fromkeys(c.source for c in self.citations))


class ClaimSet(BaseModel):
    """Every value given for one attribute of a record, and whether they disagree."""

    model_config = ConfigDict(frozen=True)

    record: str
    label: str
    attribute: str
    values: list[ClaimedValue]
    disagree: bool


class Conflict(BaseModel):
    """An attribute of a record on which the sources disagree."""

    model_config = ConfigDict(frozen=True)

    record: str
    label: str
    attribute: str
    claims: list[ClaimedValue]


def claimable(record: Deal | Facility) -> dict[str, ClaimOf]:
    """Return the attributes a record's claims can set (the claim model's fields, in order)."""
    return claim_fields(DealClaim if isinstance(record, Deal) else FacilityClaim)


def attribute_names() -> list[str]:
    """Return every claimable attribute's name in conflicts, deal attributes first."""
    names = [
        m.name or n for claim in (DealClaim, FacilityClaim) for n, m in claim_fields(claim).items()
    ]
    return list(dict.fromkeys(names))


def _primary_value(record: Record, claim: ClaimOf) -> Any:
    value: Any = record
    for part in claim.attribute.split("."):
        value = getattr(value, part)
    return value if value != [] else None


def _agree(left: Any, right: Any) -> bool:
    if isinstance(left, Amount) and isinstance(right, Amount):
        return left.agrees_with(right)
    if isinstance(left, PartialDate) and isinstance(right, PartialDate):
        return left.overlaps(right)
    if isinstance(left, list) and isinstance(right, list):
        return sorted(left) == sorted(right)
    return bool(left == right)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def _claimed(
    value: Any, citations: list[Citation], derived: bool = False, as_of: str | None = None
) -> ClaimedValue:
    return ClaimedValue(value=_text(value), citations=list(citations), derived=derived, as_of=as_of)


def _dated(
    explicit: PartialDate | None, citations: list[Citation], dataset: Dataset | None
) -> str | None:
    """Return the day a figure refers to: its own date, else its first source's publication."""
    if explicit is not None:
        return explicit.first_day().isoformat()
    for citation in citations:
        source = dataset.records.get(citation.source) if dataset is not None else None
        if isinstance(source, Source) and source.published is not None:
            return source.published.first_day().isoformat()
    return None


def _unique(citations: list[Citation]) -> list[Citation]:
    return list({(c.source, c.quote): c for c in citations}.values())


def claimed_values(
    record: Deal | Facility, attribute: str, dataset: Dataset | None = None
) -> list[tuple[Any, ClaimedValue]]:
    """Return every value given for ``attribute`` (a claim field; the record's own value first),
    each with the citations that state it (and, for a facility's dated figure, its date).

    For a deal's ``reported_total`` the derived total (rate x term) is included, marked derived,
    with the citations of the rate and the term.
    """
    values: list[tuple[Any, ClaimedValue]] = []
    claim_of = claimable(record)[attribute]
    dated = isinstance(record, Facility) and attribute in DATED_ATTRIBUTES
    primary = _primary_value(record, claim_of)
    if primary is not None:
        citations = record.evidence(claim_of.attribute) or list(record.citations)
        when = _dated(record.figures_as_of, citations, dataset) if dated else None  # type: ignore[union-attr]
        values.append((primary, _claimed(primary, citations, as_of=when)))
    if isinstance(record, Deal) and attribute == "reported_total":
        derived = record.derived_total()
        if derived is not None and record.value is not None and record.value.period.months:
            citations = _unique(record.evidence("value") + record.evidence("term"))
            values.insert(0, (derived, _claimed(f"{derived} (rate x term)", citations, True)))
    claims: list[DealClaim] | list[FacilityClaim] = record.claims
    for claim in claims:
        value = getattr(claim, attribute)
        if value is not None:
            when = (
                _dated(getattr(claim, "as_of", None), claim.citations, dataset) if dated else None
            )
            values.append((value, _claimed(value, list(claim.citations), as_of=when)))
    return values


def _same_time(left: str | None, right: str | None) -> bool:
    """Return True unless both dates are known and more than a quarter apart."""
    if left is None or right is None:
        return True
    apart = abs((PartialDate.parse(left).first_day() - PartialDate.parse(right).first_day()).days)
    return apart <= QUARTER_DAYS


def _disagree(values: list[tuple[Any, ClaimedValue]]) -> bool:
    return any(
        not _agree(a, b) and _same_time(ca.as_of, cb.as_of)
        for i, (a, ca) in enumerate(values)
        for b, cb in values[i + 1 :]
    )


def claim_sets(
    record: Deal | Facility, dataset: Dataset | None = None
) -> list[tuple[str, list[ClaimedValue], bool]]:
    """Return, for each attribute with two or more values, its name (``total`` for the
    reported total), the values (the record's own first; a dated figure's in date order) and
    whether they disagree (dated figures: only values within a quarter of each other).
    """
    found = []
    for attribute, claim in claimable(record).items():
        if not record.claims and attribute != "reported_total":
            continue  # one value at most: the record's own (a derived total is the exception)
        values = claimed_values(record, attribute, dataset)
        if len(values) < 2:
            continue
        if any(claimed.as_of for _, claimed in values):
            values.sort(key=lambda pair: pair[1].as_of or "")
        found.append((claim.name or attribute, [c for _, c in values], _disagree(values)))
    return found


def record_conflicts(record: Deal | Facility, dataset: Dataset | None = None) -> list[Conflict]:
    """Return the attributes of one deal or facility whose values disagree, in attribute order."""
    return [
        Conflict(record=record.id, label=record.label, attribute=name, claims=values)
        for name, values, disagree in claim_sets(record, dataset)
        if disagree
    ]


def record_series(record: Deal | Facility, dataset: Dataset | None = None) -> list[ClaimSet]:
    """Return the dated figures of a facility given at two or more dates, in date order."""
    return [
        ClaimSet(record=record.id, label=record.label, attribute=name, values=values, disagree=d)
        for name, values, d in claim_sets(record, dataset)
        if len({v.as_of for v in values if v.as_of}) > 1
    ]


def _quarters(fleets: list[Fleet]) -> list[list[Fleet]]:
    """Return the fleets grouped into runs of dates within a quarter of each run's first."""
    runs: list[list[Fleet]] = []
    for fleet in sorted(fleets, key=lambda f: (f.as_of.first_day(), f.id)):  # type: ignore[union-attr]
        day = fleet.as_of.first_day()  # type: ignore[union-attr]
        if runs and (day - runs[-1][0].as_of.first_day()).days <= QUARTER_DAYS:  # type: ignore[union-attr]
            runs[-1].append(fleet)
        else:
            runs.append([fleet])
    return runs


def fleet_claim_sets(dataset: Dataset) -> list[ClaimSet]:
    """Return, per site (a facility with its phases rolled in), chip model and quarter, the
    counts of fleets from two or more origins (the curated data, a public dataset) side by
    side: where sources count the same chips differently, the disagreement shows.

    Fleets of one facility record at one date are summed (a primary and a secondary line of one
    row are parts, not rival claims); phases within one dataset are that dataset's own account;
    a count of one chip model is never compared with another model's, nor with a total of
    unspecified models.
    """
    by_model: dict[tuple[str, str], list[Fleet]] = {}
    for fleet in dataset.of_type(Fleet):
        if fleet.as_of is not None:
            by_model.setdefault((dataset.site_of(fleet.facility), fleet.chip_model), []).append(
                fleet
            )
    sets = []
    for (site, chip), fleets in sorted(by_model.items()):
        for run in _quarters(fleets):
            accounts: dict[tuple[str, str, str], list[Fleet]] = {}
            for fleet in run:
                day = fleet.as_of.first_day().isoformat()  # type: ignore[union-attr]
                accounts.setdefault((fleet.origin, fleet.facility, day), []).append(fleet)
            if len({origin for origin, _, _ in accounts}) < 2:
                continue
            totals = [
                (_summed([f.count for f in group]), group, day)
                for (_, _, day), group in sorted(accounts.items())
            ]
            values = [
                ClaimedValue(
                    value=f"{total} ({', '.join(f.id for f in group)})",
                    citations=[c for f in group for c in f.evidence("count")],
                    as_of=day,
                )
                for total, group, day in totals
            ]
            disagree = any(
                not a.agrees_with(b)
                for i, (a, group_a, _) in enumerate(totals)
                for b, group_b, _ in totals[i + 1 :]
                if group_a[0].origin != group_b[0].origin
            )
            sets.append(
                ClaimSet(
                    record=site,
                    label="Facility",
                    attribute=f"fleet {chip} as of {run[0].as_of.first_day().isoformat()}",  # type: ignore[union-attr]
                    values=values,
                    disagree=disagree,
                )
            )
    return sets


def _summed(counts: list[Amount]) -> Amount:
    """Return the sum of counts of one unit; "at least" if any part is, "about" if any is."""
    qualifiers = {count.qualifier for count in counts}
    qualifier = next(
        (q for q in (Qualifier.AT_LEAST, Qualifier.ABOUT, Qualifier.UP_TO) if q in qualifiers),
        Qualifier.EXACT,
    )
    return counts[0].model_copy(
        update={"value": sum(c.value for c in counts), "qualifier": qualifier}
    )


def all_claim_sets(dataset: Dataset) -> list[ClaimSet]:
    """Return every attribute with two or more values, of every record, then across fleets."""
    sets: list[ClaimSet] = []
    for record in dataset:
        if isinstance(record, Deal | Facility):
            sets.extend(
                ClaimSet(
                    record=record.id,
                    label=record.label,
                    attribute=name,
                    values=values,
                    disagree=disagree,
                )
                for name, values, disagree in claim_sets(record, dataset)
            )
    return sets + fleet_claim_sets(dataset)


def find_conflicts(dataset: Dataset) -> list[Conflict]:
    """Return every conflict in the dataset, ordered by record id (stable within a record)."""
    conflicts = [
        Conflict(record=s.record, label=s.label, attribute=s.attribute, claims=s.values)
        for s in all_claim_sets(dataset)
        if s.disagree
    ]
    return sorted(conflicts, key=lambda c: c.record)
