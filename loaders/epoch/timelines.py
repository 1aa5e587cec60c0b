"""Epoch's data-center timelines (``data_center_timelines.csv``): dated build-out states of the
data centers (power, H100 equivalents, capital cost, buildings) as milestones."""

from __future__ import annotations

from typing import ClassVar

from aigraph.graph.model.amounts import Amount, Qualifier, Unit
from aigraph.graph.model.records import Citation, Milestone
from aigraph.loaders.contract import FileLoader
from aigraph.loaders.csv_reading import CsvRow
from aigraph.loaders.epoch.context import ROW_STATES, EpochContext
from aigraph.loaders.epoch.data_centers import billions
from aigraph.loaders.epoch.format import FILES, ID_PREFIX, quote

KIND = "timelines"


class Timelines(FileLoader):
    """Rows of ``data_center_timelines.csv`` -> milestones of the facilities data centers
    became (so it loads after :class:`~aigraph.loaders.epoch.data_centers.DataCenters`)."""

    file_name: ClassVar[str] = FILES[KIND]
    required: ClassVar[tuple[str, ...]] = ("Date", "Data center")

    def __init__(self, context: EpochContext) -> None:
        self.context = context

    def transform(self, row: CsvRow) -> None:
        """Make the milestone of one timeline row."""
        context, made = self.context, self.context.made
        center = row.text("Data center")
        facility_id = context.data_center_ids.get(center) or context.curated_facility(center)
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
        milestone = made.validate(
            row,
            lambda: Milestone(
                id=made.new_id(f"{facility_id}-{day}"),
                facility=facility_id,
                date=day,
                status=quote(status, "") or None,
                power=Amount(value=power, unit=Unit.MW) if power is not None else None,
                h100_equivalents=Amount(
                    value=round(h100e), unit=Unit.H100E, qualifier=Qualifier.ABOUT
                )
                if h100e is not None
                else None,
                capex=billions(capex) if capex is not None else None,
                buildings=int(buildings) if buildings is not None else None,
                building_area=Amount(value=area, unit=Unit.SQFT) if area else None,
                origin=f"{ID_PREFIX}:{KIND}",
                citations=[
                    Citation(
                        source=context.dataset_source(KIND),
                        quote=quote(status, f"{center} on {day}"),
                        states=ROW_STATES,
                    )
                ],
            ),
        )
        if milestone is not None:
            made.add(milestone)
