"""Claims side by side: every value a record's sources give for an attribute, and conflicts.

A record's own fields are the claim of its own citations; each entry under ``claims:`` is another
source's value for one attribute. For a deal's total, the total derived from the record's rate and
term counts as a claim too, so that "$150M a month from July 2026 to May 2029" (5.25B) and "more
than $6 billion" show up as the conflict they are.
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
    claim_fields,
)


class ClaimedValue(BaseModel):
    """One value for an attribute, with the sources and quotes behind it."""

    model_config = ConfigDict(frozen=True)

    value: str
    citations: list[Citation]
    derived: bool = False

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


def _claimed(value: Any, citations: list[Citation], derived: bool = False) -> ClaimedValue:
    return ClaimedValue(
        value=_text(value),
        citations=list(citations),
        derived=derived,
    )


def claimed_values(record: Deal | Facility, attribute: str) -> list[tuple[Any, ClaimedValue]]:
    """Return every value given for ``attribute`` (a claim field; the record's own value first),
    each with its sources.

    For a deal's ``reported_total`` the derived total (rate x term) is included, marked derived.
    """
    values: list[tuple[Any, ClaimedValue]] = []
    primary = _primary_value(record, claimable(record)[attribute])
    if primary is not None:
        values.append((primary, _claimed(primary, list(record.citations))))
    if isinstance(record, Deal) and attribute == "reported_total":
        derived = record.derived_total()
        if derived is not None and record.value is not None and record.value.period.months:
            values.insert(
                0, (derived, _claimed(f"{derived} (rate x term)", record.citations, True))
            )
    claims: list[DealClaim] | list[FacilityClaim] = record.claims
    for claim in claims:
        value = getattr(claim, attribute)
        if value is not None:
            values.append((value, _claimed(value, list(claim.citations))))
    return values


def claim_sets(record: Deal | Facility) -> list[tuple[str, list[ClaimedValue], bool]]:
    """Return, for each attribute with two or more values, its name (``total`` for the
    reported total), the values (the record's own first) and whether they disagree.
    """
    found = []
    for attribute, claim in claimable(record).items():
        values = claimed_values(record, attribute)
        if len(values) < 2:
            continue
        disagree = any(
            not _agree(a, b) for i, (a, _) in enumerate(values) for b, _ in values[i + 1 :]
        )
        found.append((claim.name or attribute, [claimed for _, claimed in values], disagree))
    return found


def record_conflicts(record: Deal | Facility) -> list[Conflict]:
    """Return the attributes of one deal or facility whose values disagree, in attribute order."""
    return [
        Conflict(record=record.id, label=record.label, attribute=name, claims=values)
        for name, values, disagree in claim_sets(record)
        if disagree
    ]


def fleet_claim_sets(dataset: Dataset) -> list[ClaimSet]:
    """Return, per site (a facility with its phases rolled in), chip model and as-of date that
    fleets from two or more origins (the curated data, a public dataset) count, their counts
    side by side: where sources count the same chips differently, the disagreement shows.

    Fleets of one facility record are summed (a primary and a secondary line of one row are
    parts, not rival claims); phases within one dataset are that dataset's own account.
    """
    groups: dict[tuple[str, str, str], dict[tuple[str, str], list[Fleet]]] = {}
    for fleet in dataset.of_type(Fleet):
        if fleet.as_of is None:
            continue
        key = (
            dataset.site_of(fleet.facility),
            fleet.chip_model,
            fleet.as_of.first_day().isoformat(),
        )
        groups.setdefault(key, {}).setdefault((fleet.origin, fleet.facility), []).append(fleet)
    sets = []
    for (site, chip, day), accounts in sorted(groups.items()):
        if len({origin for origin, _ in accounts}) < 2:
            continue
        totals = [
            (_summed([f.count for f in fleets]), fleets) for _, fleets in sorted(accounts.items())
        ]
        values = [
            ClaimedValue(
                value=f"{total} ({', '.join(f.id for f in fleets)})",
                citations=[c for f in fleets for c in f.citations],
            )
            for total, fleets in totals
        ]
        disagree = any(
            not a.agrees_with(b) for i, (a, _) in enumerate(totals) for b, _ in totals[i + 1 :]
        )
        sets.append(
            ClaimSet(
                record=site,
                label="Facility",
                attribute=f"fleet {chip} as of {day}",
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
                for name, values, disagree in claim_sets(record)
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
