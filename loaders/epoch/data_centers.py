"""Epoch's frontier data centers (``data_centers.csv``): a data center that is a curated facility
adds claims (power, H100 equivalents, capital cost) and parties to it; any other becomes a
facility of its own."""

from __future__ import annotations

from typing import ClassVar

from aigraph.graph.model.amounts import Amount, Qualifier, Unit
from aigraph.graph.model.records import (
    Citation,
    Facility,
    FacilityClaim,
    FacilityParty,
    Location,
)
from aigraph.graph.model.vocabulary import Confidence, FacilityRole, FacilityStatus
from aigraph.loaders.contract import FileLoader
from aigraph.loaders.csv_reading import CsvRow
from aigraph.loaders.epoch.context import ROW_STATES, EpochContext
from aigraph.loaders.epoch.format import FILES, ID_PREFIX, degrees
from aigraph.loaders.resolution import slug

KIND = "data_centers"
PARTY_COLUMNS = (
    ("Owner", FacilityRole.OWNER),
    ("Users", FacilityRole.USER),
    ("Investors", FacilityRole.INVESTOR),
    ("Construction companies", FacilityRole.CONSTRUCTION),
    ("Energy companies", FacilityRole.ENERGY),
)
"""Columns naming organizations, and the role each gives them."""


def billions(value: float) -> Amount:
    """Return a capital cost given in billions of 2025 USD as an approximate USD amount."""
    return Amount(value=round(value * 1e9, -6), unit=Unit.USD, qualifier=Qualifier.ABOUT)


class DataCenters(FileLoader):
    """Rows of ``data_centers.csv`` -> claims on curated facilities, or new facilities."""

    file_name: ClassVar[str] = FILES[KIND]
    required: ClassVar[tuple[str, ...]] = ("Handle", "Title", "Owner")

    def __init__(self, context: EpochContext) -> None:
        self.context = context

    def transform(self, row: CsvRow) -> None:
        """Make the claims (or the facility) of one data-center row."""
        context, made = self.context, self.context.made
        handle, title = row.text("Handle"), row.text("Title")
        if not handle:
            row.problem("Handle", "required cell is empty")
            return
        source = context.dataset_source(KIND)
        power = row.number("Current power (MW)")
        h100e = row.number("Current H100 equivalents")
        capex = row.number("Current total capital cost (2025 USD billions)")
        parties: list[FacilityParty] = []
        for column, role in PARTY_COLUMNS:
            for name, confidence in row.names(column):
                org_id = context.organization(KIND, name)
                if org_id:
                    parties.append(
                        FacilityParty(organization=org_id, role=role, confidence=confidence)
                    )

        def cite(text: str) -> list[Citation]:
            return [Citation(source=source, quote=f"{title or handle}: {text}", states=ROW_STATES)]

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
                    capex=billions(capex),
                    citations=cite(f"Current total capital cost {capex:.3g} billion (2025 USD)"),
                )
            )
        curated_id = context.curated_facility(title, handle)
        if curated_id:
            updates = context.facility_updates.setdefault(curated_id, {"claims": [], "parties": []})
            updates["claims"].extend(claims)
            updates["parties"].extend(parties)
            context.data_center_ids[handle] = curated_id
            context.report.facilities_linked[handle] = curated_id
            return
        owner = next((p.organization for p in parties if p.role is FacilityRole.OWNER), None)
        latitude, longitude = degrees(row.text("Latitude")), degrees(row.text("Longitude"))
        facility = made.validate(
            row,
            lambda: Facility(
                id=made.new_id(f"{ID_PREFIX}-dc-" + slug(handle)[:60]),
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
                capex=billions(capex) if capex else None,
                status=FacilityStatus.OPERATING if power else FacilityStatus.UNDER_CONSTRUCTION,
                confidence=Confidence.MEDIUM,
                origin=f"{ID_PREFIX}:{KIND}",
                notes=row.text("Project") or None,
                citations=cite(f"frontier data center, owner {row.text('Owner') or 'unknown'}"),
            ),
        )
        if facility is not None:
            made.add(facility)
            context.data_center_ids[handle] = facility.id
