"""A validated, reference-resolved set of records: loaders produce it, graphs are built from it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, TypeVar

from aigraph.graph.bulk import collector_paused
from aigraph.graph.model.records import (
    RECORD_TYPES,
    Deal,
    Facility,
    Fleet,
    Organization,
    Product,
    Record,
    Source,
)
from aigraph.graph.model.vocabulary import INACTIVE_STATUSES, SourceKind

R = TypeVar("R", bound=Record)


class Dataset:
    """Records by id, in a stable order (type order, then id).

    A dataset is only built from records that validated together (see ``loaders``): every
    reference in it points at a record in it.
    """

    def __init__(self, records: Iterable[Record]) -> None:
        order = {record_type: index for index, record_type in enumerate(RECORD_TYPES)}
        with collector_paused():
            ordered = sorted(records, key=lambda r: (order[type(r)], r.id))
        self.records: dict[str, Record] = {record.id: record for record in ordered}
        if len(self.records) != len(ordered):
            raise ValueError("duplicate ids in a dataset")
        self.derived: dict[str, Any] = {}
        """Values derived from the records, computed once (a dataset does not change)."""
        self._superseded: dict[str, str] = {}
        for record in ordered:
            if isinstance(record, Deal) and record.supersedes:
                self._superseded.setdefault(record.supersedes, record.id)

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records.values())

    def __contains__(self, record_id: object) -> bool:
        return record_id in self.records

    def get(self, record_id: str) -> Record:
        """Return the record with this id (KeyError when there is none)."""
        return self.records[record_id]

    def of_type(self, record_type: type[R]) -> list[R]:
        """Return the records of one type, ordered by id."""
        key = f"of_type:{record_type.__name__}"
        if key not in self.derived:
            self.derived[key] = [r for r in self.records.values() if isinstance(r, record_type)]
        return list(self.derived[key])

    @property
    def organizations(self) -> list[Organization]:
        """Return every organization."""
        return self.of_type(Organization)

    @property
    def deals(self) -> list[Deal]:
        """Return every deal."""
        return self.of_type(Deal)

    @property
    def facilities(self) -> list[Facility]:
        """Return every facility."""
        return self.of_type(Facility)

    @property
    def fleets(self) -> list[Fleet]:
        """Return every fleet."""
        return self.of_type(Fleet)

    @property
    def products(self) -> list[Product]:
        """Return every product."""
        return self.of_type(Product)

    def source_kind(self, source_id: str) -> SourceKind | None:
        """Return what a source is (None when the id names no source)."""
        source = self.records.get(source_id)
        return source.kind if isinstance(source, Source) else None

    def best_first(self, source_ids: Iterable[str]) -> list[str]:
        """Return the source ids, once each, best kind first (a filing before a press release
        before an established outlet ... before an aggregator), else in the order given."""
        unique = list(dict.fromkeys(source_ids))
        worst = len(SourceKind)

        def rank(source_id: str) -> int:
            kind = self.source_kind(source_id)
            return kind.rank if kind is not None else worst

        return sorted(unique, key=rank)  # a stable sort keeps the given order within a kind

    def best_source_kind(self, record: Record) -> SourceKind | None:
        """Return the best kind among the sources a record cites (None: it cites none)."""
        kinds = [k for k in map(self.source_kind, record.source_ids()) if k is not None]
        return min(kinds, key=lambda kind: kind.rank) if kinds else None

    def superseded_by(self, deal_id: str) -> str | None:
        """Return the id of the deal that supersedes ``deal_id`` (None when none does)."""
        return self._superseded.get(deal_id)

    def supersedes(self, deal_id: str) -> list[str]:
        """Return the ids of the deals ``deal_id`` supersedes."""
        return sorted(old for old, new in self._superseded.items() if new == deal_id)

    def is_active(self, deal: Deal, day: date | None = None) -> bool:
        """Return True unless the deal is on hold, terminated or superseded by another; with
        ``day``, whether it was still active then (before :meth:`inactive_from`)."""
        if deal.status not in INACTIVE_STATUSES and deal.id not in self._superseded:
            return True
        if day is None:
            return False
        since = self.inactive_from(deal)
        return since is not None and day < since

    def inactive_from(self, deal: Deal) -> date | None:
        """Return the first day an inactive deal is inactive: when it went on hold or was
        terminated (its ``status_since``), or when the deal that supersedes it began; None when
        it is active, or inactive with no date (then it is inactive at every date)."""
        days: list[date | None] = []
        if deal.status in INACTIVE_STATUSES:
            days.append(deal.status_since.first_day() if deal.status_since else None)
        newer = self._superseded.get(deal.id)
        if newer is not None:
            record = self.records.get(newer)
            began = record.began if isinstance(record, Deal) else None
            days.append(began.first_day() if began is not None else None)
        if not days or None in days:
            return None
        return min(d for d in days if d is not None)

    def site_of(self, facility_id: str) -> str:
        """Return the site a facility belongs to: the facility it is ``part_of``, else the start
        of its ``builds_upon`` chain (an earlier phase), else itself."""
        current, seen = facility_id, {facility_id}
        while True:
            facility = self.records.get(current)
            if not isinstance(facility, Facility):
                return current
            if facility.part_of:
                return facility.part_of
            if facility.builds_upon is None or facility.builds_upon in seen:
                return current
            seen.add(facility.builds_upon)
            current = facility.builds_upon

    def credits(self) -> list[str]:
        """Return the attributions the licences of its sources ask for (a dataset's credit
        line, "compute-deal-map-data by Justin Wang, CC BY 4.0"), each once, sorted: what every
        output that shows its data carries."""
        return sorted({credit for s in self.of_type(Source) if (credit := s.credit)})

    def counts(self) -> dict[str, int]:
        """Return the number of records per label, in model order."""
        return {t.label: len(self.of_type(t)) for t in RECORD_TYPES}

    def merged(self, other: Dataset) -> Dataset:
        """Return a dataset holding the records of both (ids must not collide)."""
        return Dataset([*self.records.values(), *other.records.values()])
