"""Epoch's GPU clusters (``gpu_clusters.csv``): each row a facility with its owners, users,
power, H100 equivalents, hardware cost and up to two fleets; a phase of a curated site becomes a
facility ``part_of`` it, and ``Builds Upon`` chains the phases."""

from __future__ import annotations

from typing import ClassVar

from aigraph.graph.model.amounts import Amount, Qualifier, Unit
from aigraph.graph.model.coherence import cycles
from aigraph.graph.model.records import Citation, Facility, FacilityParty, Fleet, Location
from aigraph.graph.model.vocabulary import Confidence, FacilityRole
from aigraph.loaders.contract import FileLoader
from aigraph.loaders.csv_reading import CsvRow
from aigraph.loaders.epoch.context import ROW_STATES, EpochContext
from aigraph.loaders.epoch.format import (
    CERTAINTY,
    CHIP_COLUMNS,
    CLUSTER_STATUS,
    FILES,
    ID_PREFIX,
    SOURCE_COLUMNS,
    quote,
)
from aigraph.loaders.resolution import slug

KIND = "gpu_clusters"


def cluster_name(row: CsvRow) -> str:
    """Return a cluster's name (some are written with quotes inside the cell)."""
    return row.text("Name").strip('"').strip()


class GpuClusters(FileLoader):
    """Rows of ``gpu_clusters.csv`` -> facilities and fleets."""

    file_name: ClassVar[str] = FILES[KIND]
    required: ClassVar[tuple[str, ...]] = ("Name", "Status")

    def __init__(self, context: EpochContext) -> None:
        self.context = context
        self.row_ids: dict[int, str] = {}
        self.by_name: dict[str, str] = {}
        self.dropped: dict[str, str] = {}
        """Facility id -> the earlier phase its "Builds Upon" named, dropped to end a loop."""

    def prepare(self, rows: list[CsvRow]) -> None:
        """Give every named row its id first, so that "Builds Upon" can name a cluster further
        down the file. A name used twice gets numbered ids; the first one is the named one."""
        for row in rows:
            name = cluster_name(row)
            if name:
                self.row_ids[id(row)] = self.context.made.new_id(f"{ID_PREFIX}-" + slug(name)[:60])
                self.by_name.setdefault(name, self.row_ids[id(row)])
        links: dict[str, list[str]] = {}
        for row in rows:
            earlier = self.by_name.get(row.text("Builds Upon").strip('"').strip())
            own = self.row_ids.get(id(row))
            if own is not None and earlier is not None:
                links[own] = [earlier]
        for loop in cycles(links):  # the edge closing each loop is dropped (and reported)
            last = loop[-1]
            self.dropped[last] = loop[0]
            self.context.report.looping_chains[last] = " -> ".join([*loop, loop[0]])

    def transform(self, row: CsvRow) -> None:
        """Make the facility of one cluster row and its fleets."""
        context, made, report = self.context, self.context.made, self.context.report
        name, facility_id = cluster_name(row), self.row_ids.get(id(row))
        if not name or facility_id is None:
            row.problem("Name", "required cell is empty")
            return
        status = CLUSTER_STATUS.get(row.text("Status").lower())
        if status is None:
            row.problem(
                "Status",
                f"unknown status {row.text('Status')!r} (one of {', '.join(CLUSTER_STATUS)})",
            )
            return
        report.clusters_by_status[row.text("Status")] = (
            report.clusters_by_status.get(row.text("Status"), 0) + 1
        )
        confidence = CERTAINTY.get(row.text("Certainty").lower(), Confidence.MEDIUM)
        said = quote(
            row.text("Quote") or row.text("Note"),
            f"{name}: {row.text('Status')}, {row.text('Certainty')}",
        )
        citations = [Citation(source=context.dataset_source(KIND), quote=said, states=ROW_STATES)]
        for column in SOURCE_COLUMNS:
            url = row.text(column)
            if url.startswith(("http://", "https://")):
                citations.append(
                    Citation(source=context.url_source(url), quote=said, states=ROW_STATES)
                )
        owners = [context.organization(KIND, n) for n, _ in row.names("Owner")]
        owners = [o for o in owners if o]
        parties = [
            FacilityParty(organization=o, role=FacilityRole.OWNER, confidence=confidence)
            for o in owners[1:]
        ]
        for user, _ in row.names("Users"):
            user_id = context.organization(KIND, user)
            if user_id:
                parties.append(
                    FacilityParty(
                        organization=user_id, role=FacilityRole.USER, confidence=confidence
                    )
                )
        builds_upon = None
        earlier = row.text("Builds Upon").strip('"').strip()
        if earlier:
            builds_upon = self.by_name.get(earlier)
            if builds_upon is not None and self.dropped.get(facility_id) == builds_upon:
                builds_upon = None
            elif builds_upon is None:  # Epoch's own data names a phase it does not list
                report.dangling_chains[name] = earlier
        part_of = context.curated_facility(name)
        if part_of:
            report.facilities_linked[facility_id] = part_of
        power, h100e, cost = (
            row.number("Power Capacity (MW)"),
            row.number("H100 equivalents"),
            row.number("Hardware Cost"),
        )
        opened = row.date("First Operational Date")
        facility = made.validate(
            row,
            lambda: Facility(
                id=facility_id,
                name=name,
                owner=owners[0] if owners else None,
                parties=parties,
                part_of=part_of,
                builds_upon=builds_upon,
                location=Location(
                    address=row.text("Location") or None, country=row.text("Country") or None
                ),
                power=Amount(value=power, unit=Unit.MW) if power is not None else None,
                h100_equivalents=Amount(value=h100e, unit=Unit.H100E, qualifier=Qualifier.ABOUT)
                if h100e is not None
                else None,
                capex=Amount(value=cost, unit=Unit.USD, qualifier=Qualifier.ABOUT)
                if cost is not None
                else None,
                status=status,
                opened=opened,
                sector=row.text("Sector") or None,
                confidence=confidence,
                origin=f"{ID_PREFIX}:{KIND}",
                notes=quote(row.text("Note"), "") or None,
                citations=citations,
            ),
        )
        if facility is None:
            return
        made.add(facility)
        for position, (type_column, quantity_column, supplier_column) in enumerate(CHIP_COLUMNS):
            quantity = row.number(quantity_column)
            if quantity is None or quantity == 0:
                continue
            chip_id = context.chip_model(row.text(type_column), row.text(supplier_column), KIND)
            if chip_id is None:
                continue
            which = "primary" if position == 0 else "secondary"
            fleet = made.validate(
                row,
                lambda c=chip_id, q=quantity, w=which: Fleet(
                    id=made.new_id(f"{facility_id}-{w}-chips"),
                    facility=facility_id,
                    chip_model=c,
                    count=Amount(value=round(q), unit=Unit.GPU),
                    as_of=opened,
                    status=status,
                    confidence=confidence,
                    origin=f"{ID_PREFIX}:{KIND}",
                    citations=citations,
                ),
            )
            if fleet is not None:
                made.add(fleet)
