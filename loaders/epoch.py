"""Epoch AI's public datasets (CC BY 4.0) beside the curated data: GPU clusters, frontier data
centers, data-center timelines and AI companies' funding rounds.

Read by header name (Epoch adds and reorders columns), validated into the same records as the
curated data, with names resolved to curated records (``loaders.resolution``). Where Epoch and a
curated record describe the same facility, both are kept: Epoch's cluster phases become
facilities that are ``part_of`` the curated site (with their own fleets, so fleet counts that
disagree show up as conflicts), and Epoch's data-center figures become claims on the curated
facility. All or nothing: any bad row raises :class:`DatasetError` naming file, line and column.

    dataset, report = load_epoch(Path("downloads/epoch"), load_curated())
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, ValidationError

from graph.amounts import Amount, Qualifier, Unit
from graph.dataset import Dataset
from graph.records import (
    ChipModel,
    Citation,
    Deal,
    Facility,
    FacilityClaim,
    FacilityParty,
    Fleet,
    Location,
    Milestone,
    Record,
    Source,
    Term,
)
from graph.vocabulary import (
    Confidence,
    DealKind,
    FacilityRole,
    FacilityStatus,
    Instrument,
    PartyRole,
    Status,
)
from loaders.epoch_csv import CsvRow, read_csv
from loaders.errors import DatasetError, LoadIssue
from loaders.resolution import NameIndex, OrganizationResolver, ResolutionReport, slug

FILES = {
    "gpu_clusters": "gpu_clusters.csv",
    "data_centers": "data_centers.csv",
    "timelines": "data_center_timelines.csv",
    "funding_rounds": "ai_companies_funding_rounds.csv",
}
"""The four files, by kind, under the names Epoch publishes them."""
DATASET_TITLES = {
    "gpu_clusters": "Epoch AI, 'Data on GPU clusters'",
    "data_centers": "Epoch AI, 'Frontier Data Centers'",
    "timelines": "Epoch AI, 'Frontier Data Centers' (timelines)",
    "funding_rounds": "Epoch AI, 'AI Companies' (funding rounds)",
}
LICENCE = "CC BY 4.0"
CERTAINTY = {"confirmed": Confidence.HIGH, "likely": Confidence.MEDIUM, "unlikely": Confidence.LOW}
CLUSTER_STATUS = {
    "existing": FacilityStatus.OPERATING,
    "planned": FacilityStatus.PLANNED,
    "decommissioned": FacilityStatus.DECOMMISSIONED,
}
ROUND_STATUS = {
    "closed": Status.COMPLETED,
    "late discussions": Status.IN_TALKS,
    "early discussions": Status.RUMOURED,
    "announced": Status.ANNOUNCED,
}
ROUND_CONFIDENCE = {
    "confident": Confidence.HIGH,
    "likely": Confidence.MEDIUM,
    "uncertain": Confidence.LOW,
}
PHASE = re.compile(r"\s+phase\s+\d+\s*$", re.IGNORECASE)
MAX_QUOTE = 600


class EpochReport(BaseModel):
    """What an Epoch load read, created and could not resolve."""

    rows: dict[str, int] = Field(default_factory=dict)
    clusters_by_status: dict[str, int] = Field(default_factory=dict)
    facilities_linked: dict[str, str] = Field(default_factory=dict)
    """Epoch facility (or data center) -> the curated facility it is part of or describes."""
    organizations: ResolutionReport = Field(default_factory=ResolutionReport)
    chip_models_created: list[str] = Field(default_factory=list)
    dangling_chains: dict[str, str] = Field(default_factory=dict)
    """Clusters whose "Builds Upon" names a cluster that is not in the file (left unlinked)."""
    records: dict[str, int] = Field(default_factory=dict)


def _quote(text: str, fallback: str) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) < 3:
        text = fallback
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 3] + "..."


def _dms(text: str) -> float | None:
    """Return decimal degrees of ``32°35'25"N`` (or a plain number), None when unreadable."""
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d+)°\s*(\d+)'\s*([\d.]+)\"?\s*([NSEW])", text)
    if not match:
        return None
    degrees = int(match.group(1)) + int(match.group(2)) / 60 + float(match.group(3)) / 3600
    return round(-degrees if match.group(4) in "SW" else degrees, 6)


def _cluster_name(row: CsvRow) -> str:
    """Return a cluster's name (some are written with quotes inside the cell)."""
    return row.text("Name").strip('"').strip()


class EpochLoader:
    """Reads the Epoch files of one directory against a curated dataset."""

    def __init__(
        self, directory: Path, curated: Dataset, on_row: Callable[[str, int], None] | None = None
    ) -> None:
        self.directory = directory
        self.curated = curated
        self.on_row = on_row
        self.issues: list[LoadIssue] = []
        self.records: dict[str, Record] = {}
        self.taken: set[str] = set(curated.records)
        self.facility_updates: dict[str, dict[str, list[Any]]] = {}
        self.report = EpochReport()
        self.curated_facilities = NameIndex(curated.facilities)
        self.chip_index = NameIndex(curated.of_type(ChipModel))
        self.resolver = OrganizationResolver(curated.organizations, self.taken)
        self.data_center_ids: dict[str, str] = {}

    # -- shared -------------------------------------------------------------------------------

    def _label(self, kind: str) -> str:
        return str(Path(self.directory.name) / FILES[kind])

    def _add(self, record: Record) -> None:
        self.records[record.id] = record
        self.taken.add(record.id)

    def _new_id(self, base: str) -> str:
        candidate, number = base, 2
        while candidate in self.taken:
            candidate, number = f"{base}-{number}", number + 1
        self.taken.add(candidate)
        return candidate

    def _dataset_source(self, kind: str) -> str:
        source_id = f"epoch-{kind.replace('_', '-')}"
        if source_id not in self.records:
            self._add(
                Source(
                    id=source_id,
                    title=DATASET_TITLES[kind],
                    kind="dataset",
                    url=f"https://epoch.ai/data/{FILES[kind]}",
                    publisher="Epoch AI",
                    notes=f"Licence {LICENCE}; read from {FILES[kind]}.",
                )
            )
        return source_id

    def _url_source(self, url: str) -> str:
        source_id = "epoch-src-" + hashlib.sha1(url.encode()).hexdigest()[:12]
        if source_id not in self.records:
            host = urlsplit(url).netloc or url[:60]
            self._add(
                Source(
                    id=source_id,
                    title=f"{host} (cited by Epoch AI)",
                    kind="article",
                    url=url,
                    notes="A source URL of an Epoch AI record.",
                )
            )
        return source_id

    def _org(self, kind: str, name: str) -> str | None:
        citation = Citation(
            source=self._dataset_source(kind), quote=f"Named in {DATASET_TITLES[kind]} ({LICENCE})"
        )
        return self.resolver.resolve(name, f"epoch:{kind}", citation)

    def _validate(self, row: CsvRow, build: Callable[[], Record]) -> Record | None:
        try:
            return build()
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(p) for p in error["loc"]) or "(record)"
                row.problem(field, str(error["msg"]).removeprefix("Value error, "))
            return None

    def _rows(self, kind: str, required: tuple[str, ...]):
        path = self.directory / FILES[kind]
        if not path.exists():
            return
        count = 0
        for row in read_csv(path, required, self._label(kind)):
            if row.cells:
                count += 1
                if self.on_row:
                    self.on_row(kind, count)
            yield row
        self.report.rows[kind] = count

    def _each(self, rows: list[CsvRow], handle: Callable[[CsvRow], None]) -> None:
        """Handle every row with cells, then keep every problem found in any row."""
        for row in rows:
            if row.cells:
                handle(row)
            self.issues.extend(row.issues)

    def _curated_facility(self, *names: str) -> str | None:
        for name in names:
            if not name:
                continue
            for form in (name, PHASE.sub("", name)):
                found = self.curated_facilities.candidates(form)
                if len(found) == 1:
                    return found.pop()
        return None

    def _chip_model(self, chip_type: str, supplier: str, kind: str) -> str | None:
        name = chip_type or (f"Unspecified chips ({supplier})" if supplier else "")
        if not name:
            return None
        found = self.chip_index.candidates(name)
        if len(found) == 1:
            return found.pop()
        maker = self._org(kind, supplier) if supplier else None
        if maker is None:
            maker = self._org(kind, "Unknown chip maker (Epoch)")
        category = "tpu" if "tpu" in name.lower() else "gpu"
        if any(
            w in name.lower()
            for w in (
                "trainium",
                "cerebras",
                "lpu",
                "dojo",
                "maia",
                "pezy",
                "gaudi",
                "ascend",
                "mtia",
            )
        ):
            category = "asic"
        chip = ChipModel(
            id=self._new_id("chip-" + slug(name)),
            name=name,
            maker=maker or "",
            category=category,
            notes="Chip type named by Epoch AI.",
            citations=[Citation(source=self._dataset_source(kind), quote=f"Chip type: {name}")],
        )
        self._add(chip)
        self.chip_index.add(chip)
        self.report.chip_models_created.append(chip.id)
        return chip.id

    # -- GPU clusters -------------------------------------------------------------------------

    def gpu_clusters(self) -> None:
        kind = "gpu_clusters"
        rows = list(self._rows(kind, ("Name", "Status")))
        # Ids first, so that "Builds Upon" can name a cluster further down the file. A name
        # used twice ("Anonymized Chinese System") gets numbered ids; the first one is named.
        row_ids: dict[int, str] = {}
        by_name: dict[str, str] = {}
        for row in rows:
            name = _cluster_name(row)
            if name:
                row_ids[id(row)] = self._new_id("epoch-" + slug(name)[:60])
                by_name.setdefault(name, row_ids[id(row)])
        self._each(rows, lambda row: self._cluster(kind, row, row_ids.get(id(row)), by_name))

    def _cluster(
        self, kind: str, row: CsvRow, facility_id: str | None, by_name: dict[str, str]
    ) -> None:
        name = _cluster_name(row)
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
        self.report.clusters_by_status[row.text("Status")] = (
            self.report.clusters_by_status.get(row.text("Status"), 0) + 1
        )
        confidence = CERTAINTY.get(row.text("Certainty").lower(), Confidence.MEDIUM)
        quote = _quote(
            row.text("Quote") or row.text("Note"),
            f"{name}: {row.text('Status')}, {row.text('Certainty')}",
        )
        citations = [Citation(source=self._dataset_source(kind), quote=quote)]
        for column in ("Source 1", "Source 2", "Source 3", "Source 4", "Source 5"):
            url = row.text(column)
            if url.startswith(("http://", "https://")):
                citations.append(Citation(source=self._url_source(url), quote=quote))
        owners = [self._org(kind, n) for n, _ in row.names("Owner")]
        owners = [o for o in owners if o]
        parties = [
            FacilityParty(organization=o, role=FacilityRole.OWNER, confidence=confidence)
            for o in owners[1:]
        ]
        for user, _ in row.names("Users"):
            user_id = self._org(kind, user)
            if user_id:
                parties.append(
                    FacilityParty(
                        organization=user_id, role=FacilityRole.USER, confidence=confidence
                    )
                )
        builds_upon = None
        earlier = row.text("Builds Upon").strip('"').strip()
        if earlier:
            builds_upon = by_name.get(earlier)
            if builds_upon is None:  # Epoch's own data names a phase it does not list
                self.report.dangling_chains[name] = earlier
        part_of = self._curated_facility(name)
        if part_of:
            self.report.facilities_linked[facility_id] = part_of
        power, h100e, cost = (
            row.number("Power Capacity (MW)"),
            row.number("H100 equivalents"),
            row.number("Hardware Cost"),
        )
        opened = row.date("First Operational Date")
        facility = self._validate(
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
                origin=f"epoch:{kind}",
                notes=_quote(row.text("Note"), "") or None,
                citations=citations,
            ),
        )
        if facility is None:
            return
        self._add(facility)
        for position, (type_column, quantity_column, supplier_column) in enumerate(
            (
                ("Chip type (primary)", "Chip quantity (primary)", "GPU Supplier (primary)"),
                ("Chip type (secondary)", "Chip quantity (secondary)", "GPU supplier (secondary)"),
            )
        ):
            quantity = row.number(quantity_column)
            if quantity is None or quantity == 0:
                continue
            chip_id = self._chip_model(row.text(type_column), row.text(supplier_column), kind)
            if chip_id is None:
                continue
            fleet = self._validate(
                row,
                lambda c=chip_id, q=quantity, p=position: Fleet(
                    id=self._new_id(f"{facility_id}-{'primary' if p == 0 else 'secondary'}-chips"),
                    facility=facility_id,
                    chip_model=c,
                    count=Amount(value=round(q), unit=Unit.GPU),
                    as_of=opened,
                    status=status,
                    confidence=confidence,
                    origin=f"epoch:{kind}",
                    citations=citations,
                ),
            )
            if fleet is not None:
                self._add(fleet)

    # -- frontier data centers ----------------------------------------------------------------

    def data_centers(self) -> None:
        kind = "data_centers"
        rows = list(self._rows(kind, ("Handle", "Title", "Owner")))
        self._each(rows, lambda row: self._data_center(kind, row))

    def _data_center(self, kind: str, row: CsvRow) -> None:
        handle, title = row.text("Handle"), row.text("Title")
        if not handle:
            row.problem("Handle", "required cell is empty")
            return
        source = self._dataset_source(kind)
        power = row.number("Current power (MW)")
        h100e = row.number("Current H100 equivalents")
        capex = row.number("Current total capital cost (2025 USD billions)")
        parties: list[FacilityParty] = []
        for column, role in (
            ("Owner", FacilityRole.OWNER),
            ("Users", FacilityRole.USER),
            ("Investors", FacilityRole.INVESTOR),
            ("Construction companies", FacilityRole.CONSTRUCTION),
            ("Energy companies", FacilityRole.ENERGY),
        ):
            for name, confidence in row.names(column):
                org_id = self._org(kind, name)
                if org_id:
                    parties.append(
                        FacilityParty(organization=org_id, role=role, confidence=confidence)
                    )

        def cite(text: str) -> list[Citation]:
            return [Citation(source=source, quote=f"{title or handle}: {text}")]

        claims: list[FacilityClaim] = []
        if power:
            claims.append(
                FacilityClaim(
                    power=Amount(value=power, unit=Unit.MW),
                    citations=cite(f"Current power (MW) {power:g}"),
                )
            )
        if h100e:
            claims.append(
                FacilityClaim(
                    h100_equivalents=Amount(
                        value=round(h100e), unit=Unit.H100E, qualifier=Qualifier.ABOUT
                    ),
                    citations=cite(f"Current H100 equivalents {h100e:,.0f}"),
                )
            )
        if capex:
            claims.append(
                FacilityClaim(
                    capex=Amount(
                        value=round(capex * 1e9, -6), unit=Unit.USD, qualifier=Qualifier.ABOUT
                    ),
                    citations=cite(f"Current total capital cost {capex:.3g} billion (2025 USD)"),
                )
            )
        curated_id = self._curated_facility(title, handle)
        if curated_id:
            updates = self.facility_updates.setdefault(curated_id, {"claims": [], "parties": []})
            updates["claims"].extend(claims)
            updates["parties"].extend(parties)
            self.data_center_ids[handle] = curated_id
            self.report.facilities_linked[handle] = curated_id
            return
        owner = next((p.organization for p in parties if p.role is FacilityRole.OWNER), None)
        latitude, longitude = _dms(row.text("Latitude")), _dms(row.text("Longitude"))
        facility = self._validate(
            row,
            lambda: Facility(
                id=self._new_id("epoch-dc-" + slug(handle)[:60]),
                name=title or handle,
                aliases=[handle] if title and title != handle else [],
                owner=owner,
                parties=parties,
                location=Location(
                    address=row.text("Address") or None, latitude=latitude, longitude=longitude
                ),
                power=claims[0].power if power else None,
                h100_equivalents=Amount(
                    value=round(h100e), unit=Unit.H100E, qualifier=Qualifier.ABOUT
                )
                if h100e
                else None,
                capex=Amount(value=round(capex * 1e9, -6), unit=Unit.USD, qualifier=Qualifier.ABOUT)
                if capex
                else None,
                status=FacilityStatus.OPERATING if power else FacilityStatus.UNDER_CONSTRUCTION,
                confidence=Confidence.MEDIUM,
                origin=f"epoch:{kind}",
                notes=row.text("Project") or None,
                citations=cite(f"frontier data center, owner {row.text('Owner') or 'unknown'}"),
            ),
        )
        if facility is not None:
            self._add(facility)
            self.data_center_ids[handle] = facility.id

    # -- data-center timelines ----------------------------------------------------------------

    def timelines(self) -> None:
        kind = "timelines"
        rows = list(self._rows(kind, ("Date", "Data center")))
        self._each(rows, lambda row: self._milestone(kind, row))

    def _milestone(self, kind: str, row: CsvRow) -> None:
        center = row.text("Data center")
        facility_id = self.data_center_ids.get(center) or self._curated_facility(center)
        if facility_id is None:
            row.problem("Data center", f"unknown data center {center!r} (not in data_centers)")
            return
        day = row.date("Date")
        if day is None:
            row.problem("Date", "required cell is empty or malformed")
            return
        power, h100e = row.number("Power (MW)"), row.number("H100 equivalents")
        capex, area = (
            row.number("Total capital cost (2025 USD billions)"),
            row.number("Building area (square feet)"),
        )
        buildings = row.number("Buildings operational")
        status = row.text("Construction status")
        milestone = self._validate(
            row,
            lambda: Milestone(
                id=self._new_id(f"{facility_id}-{day}"),
                facility=facility_id,
                date=day,
                status=_quote(status, "") or None,
                power=Amount(value=power, unit=Unit.MW) if power is not None else None,
                h100_equivalents=Amount(
                    value=round(h100e), unit=Unit.H100E, qualifier=Qualifier.ABOUT
                )
                if h100e is not None
                else None,
                capex=Amount(value=round(capex * 1e9, -6), unit=Unit.USD, qualifier=Qualifier.ABOUT)
                if capex is not None
                else None,
                buildings=int(buildings) if buildings is not None else None,
                building_area=Amount(value=area, unit=Unit.SQFT) if area else None,
                origin=f"epoch:{kind}",
                citations=[
                    Citation(
                        source=self._dataset_source(kind),
                        quote=_quote(status, f"{center} on {day}"),
                    )
                ],
            ),
        )
        if milestone is not None:
            self._add(milestone)

    # -- funding rounds -----------------------------------------------------------------------

    def funding_rounds(self) -> None:
        kind = "funding_rounds"
        rows = list(self._rows(kind, ("Company", "Funding (equity)")))
        self._each(rows, lambda row: self._round(kind, row))

    def _round(self, kind: str, row: CsvRow) -> None:
        company = row.text("Company")
        investee = self._org(kind, company) if company else None
        if investee is None:
            row.problem("Company", f"cannot resolve company {company!r}")
            return
        equity, debt = row.number("Funding (equity)"), row.number("Funding (debt)")
        valuation = row.number("Valuation (post-money)")
        closed, reported = row.date("Close date"), row.date("Report date")
        status = ROUND_STATUS.get(row.text("Status").lower(), Status.REPORTED)
        confidence = ROUND_CONFIDENCE.get(row.text("Confidence").lower(), Confidence.MEDIUM)
        total = (equity or 0) + (debt or 0)
        label = row.text("Id") or str(closed or reported or row.line)
        notes = _quote(row.text("Notes"), f"{company} {label}")
        deal = self._validate(
            row,
            lambda: Deal(
                id=self._new_id("epoch-round-" + slug(f"{company} {label}")[:60]),
                kind=DealKind.FUNDING_ROUND,
                title=f"{company} funding round ({label})",
                parties={PartyRole.INVESTEE: [investee]},
                status=status,
                confidence=confidence,
                announced=closed or reported,
                term=Term(start=closed) if closed else Term(),
                value=Amount(value=total, unit=Unit.USD) if total else None,
                valuation=Amount(value=valuation, unit=Unit.USD) if valuation else None,
                instrument=Instrument.DEBT if not equity and debt else Instrument.EQUITY,
                origin=f"epoch:{kind}",
                notes=(
                    f"Equity {equity or 0:,.0f} USD, debt {debt or 0:,.0f} USD. "
                    f"Type: {row.text('Type') or 'n/a'}."
                ),
                citations=[Citation(source=self._dataset_source(kind), quote=notes)],
            ),
        )
        if deal is not None:
            self._add(deal)

    # -- together -----------------------------------------------------------------------------

    def load(self) -> tuple[Dataset, EpochReport]:
        """Return the curated dataset merged with every Epoch file present, and the report."""
        if not self.directory.is_dir():
            raise DatasetError(
                [LoadIssue(str(self.directory), 0, "(directory)", "", "no such directory")]
            )
        if not any((self.directory / name).exists() for name in FILES.values()):
            raise DatasetError(
                [
                    LoadIssue(
                        str(self.directory),
                        0,
                        "(directory)",
                        "",
                        f"none of {', '.join(FILES.values())} is here",
                    )
                ]
            )
        self.gpu_clusters()
        self.data_centers()
        self.timelines()
        self.funding_rounds()
        if self.issues:
            raise DatasetError(self.issues)
        for organization in self.resolver.created.values():
            self.records.setdefault(organization.id, organization)
        merged: list[Record] = []
        for record in self.curated:
            updates = self.facility_updates.get(record.id)
            if updates and isinstance(record, Facility):
                record = record.model_copy(
                    update={
                        "claims": [*record.claims, *updates["claims"]],
                        "parties": [*record.parties, *updates["parties"]],
                    }
                )
            merged.append(record)
        dataset = Dataset([*merged, *self.records.values()])
        report = self.report
        report.organizations = self.resolver.report
        counts: dict[str, int] = {}
        for record in self.records.values():
            counts[record.label] = counts.get(record.label, 0) + 1
        report.records = dict(sorted(counts.items()))
        return dataset, report


def load_epoch(
    directory: Path | str,
    curated: Dataset,
    on_row: Callable[[str, int], None] | None = None,
) -> tuple[Dataset, EpochReport]:
    """Return the curated dataset merged with the Epoch files in ``directory``, and a report of
    what was resolved, created and ambiguous. Raises :class:`DatasetError` (file, line, column)
    when any row is bad; nothing is merged then."""
    return EpochLoader(Path(directory), curated, on_row).load()
