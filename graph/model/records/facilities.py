"""Facilities, their parties and claims, chip models, fleets and build-out milestones."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field, ValidationInfo, field_validator, model_validator

from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.dates import DateValue
from aigraph.graph.model.properties import Prop
from aigraph.graph.model.records.base import (
    ChipModelRef,
    Citation,
    ClaimOf,
    FacilityRef,
    Model,
    OrgRef,
    Record,
    _require_one_attribute,
)
from aigraph.graph.model.relations import Edge
from aigraph.graph.model.vocabulary import (
    AREA_UNITS,
    COUNT_UNITS,
    POWER_UNITS,
    ChipCategory,
    Confidence,
    FacilityRole,
    FacilityStatus,
    Unit,
)


class Location(Model):
    """Where a facility is."""

    address: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


class FacilityClaim(Model):
    """Another source's value for one facility attribute (exactly one of them is set)."""

    floor_area: Annotated[Amount | None, ClaimOf("floor_area")] = None
    power: Annotated[Amount | None, ClaimOf("power")] = None
    h100_equivalents: Annotated[Amount | None, ClaimOf("h100_equivalents")] = None
    capex: Annotated[Amount | None, ClaimOf("capex")] = None
    status: Annotated[FacilityStatus | None, ClaimOf("status")] = None
    as_of: DateValue | None = None
    """The date the value refers to (default: when its source was published)."""
    citations: list[Citation] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_attribute(self) -> FacilityClaim:
        _require_one_attribute(self)
        return self


class FacilityParty(Model):
    """An organization that uses, co-owns, funds, builds or powers a facility."""

    organization: Annotated[
        OrgRef,
        Edge(
            description="An organization {role} the facility (besides its owner and operator).",
            direction="in",
            type_by="role",
            types={
                FacilityRole.OWNER: "OWNS",
                FacilityRole.USER: "USES",
                FacilityRole.INVESTOR: "FUNDS",
                FacilityRole.CONSTRUCTION: "BUILDS",
                FacilityRole.ENERGY: "POWERS",
            },
            properties=("confidence",),
        ),
    ]
    role: FacilityRole
    confidence: Confidence | None = None


class Facility(Record):
    """A data center or campus."""

    label: ClassVar[str] = "Facility"
    section: ClassVar[str] = "facilities"
    color: ClassVar[str] = "#F79767"
    size: ClassVar[int] = 55
    computed: ClassVar[tuple[Prop, ...]] = (
        Prop("site", str, lambda facility, dataset: dataset.site_of(facility.id)),
    )
    evidenced: ClassVar[tuple[str, ...]] = (
        "owner",
        "operator",
        "parties",
        "part_of",
        "builds_upon",
        "location",
        "power",
        "floor_area",
        "h100_equivalents",
        "capex",
        "status",
        "opened",
    )

    name: str
    aliases: list[str] = Field(default_factory=list)
    owner: Annotated[
        OrgRef | None,
        Edge(
            "OWNS",
            "Owns a facility (primary: the facility's owner field; else a co-owner).",
            direction="in",
            constant={"primary": True},
        ),
    ] = None
    operator: Annotated[OrgRef | None, Edge("OPERATES", "Operates a facility.", direction="in")] = (
        None
    )
    parties: list[FacilityParty] = Field(default_factory=list)
    part_of: Annotated[FacilityRef | None, Edge("PART_OF", "A phase or building of a site.")] = None
    builds_upon: Annotated[
        FacilityRef | None,
        Edge("BUILDS_UPON", "A later phase of a cluster builds upon the earlier one."),
    ] = None
    location: Location | None = None
    power: Amount | None = None
    floor_area: Amount | None = None
    h100_equivalents: Amount | None = None
    capex: Amount | None = None
    figures_as_of: DateValue | None = None
    """The date power, H100e and capital cost refer to (default: when their source was
    published); figures of other dates form a series, not a conflict."""
    status: FacilityStatus | None = None
    opened: DateValue | None = None
    sector: str | None = None
    confidence: Confidence = Confidence.HIGH
    origin: str = "curated"
    claims: list[FacilityClaim] = Field(default_factory=list)

    @field_validator("power")
    @classmethod
    def _power_unit(cls, value: Amount | None) -> Amount | None:
        if value is not None and value.unit not in POWER_UNITS:
            raise ValueError(f"power must be in MW or GW, not {value.unit}")
        return value

    @field_validator("floor_area")
    @classmethod
    def _area_unit(cls, value: Amount | None) -> Amount | None:
        if value is not None and value.unit not in AREA_UNITS:
            raise ValueError(f"floor_area must be in sqft or acres, not {value.unit}")
        return value

    @field_validator("h100_equivalents")
    @classmethod
    def _h100e_unit(cls, value: Amount | None) -> Amount | None:
        if value is not None and value.unit is not Unit.H100E:
            raise ValueError(f"h100_equivalents must be in H100e, not {value.unit}")
        return value

    @field_validator("capex")
    @classmethod
    def _capex_is_money(cls, value: Amount | None) -> Amount | None:
        if value is not None and not value.is_money:
            raise ValueError(f"capex must be money, not {value.unit}")
        return value

    @field_validator("part_of", "builds_upon")
    @classmethod
    def _not_itself(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and value == info.data.get("id"):
            raise ValueError(f"a facility cannot be {info.field_name} itself")
        return value


class ChipModel(Record):
    """A GPU or accelerator model and its maker."""

    label: ClassVar[str] = "ChipModel"
    section: ClassVar[str] = "chip_models"
    color: ClassVar[str] = "#57C7E3"
    evidenced: ClassVar[tuple[str, ...]] = ("maker",)

    name: str
    aliases: list[str] = Field(default_factory=list)
    maker: Annotated[OrgRef, Edge("MADE_BY", "Who makes it.")]
    category: ChipCategory
    unspecified: bool = False
    """A mix of the maker's models that a source counts without naming them: fleets of it
    are compared with the sum of the maker's fleets, never with one model's count."""


class Fleet(Record):
    """A facility houses ``count`` chips of a model, as of a date."""

    label: ClassVar[str] = "Fleet"
    section: ClassVar[str] = "fleets"
    color: ClassVar[str] = "#8DCC93"
    evidenced: ClassVar[tuple[str, ...]] = ("facility", "chip_model", "count", "as_of", "status")

    facility: Annotated[FacilityRef, Edge("HOUSES", "A facility houses a fleet.", direction="in")]
    chip_model: Annotated[ChipModelRef, Edge("OF_MODEL", "The fleet's chip model.")]
    count: Amount
    as_of: DateValue | None = None
    status: FacilityStatus = FacilityStatus.OPERATING
    confidence: Confidence
    origin: str = "curated"

    @field_validator("count")
    @classmethod
    def _count_unit(cls, value: Amount) -> Amount:
        if value.unit not in COUNT_UNITS:
            raise ValueError(f"a fleet counts GPU or chips, not {value.unit}")
        return value

    @property
    def caption(self) -> str:
        """Return e.g. 'at least 220K GPU'."""
        return str(self.count)


class Milestone(Record):
    """A dated state of a facility's build-out: power, H100e, capital cost, buildings."""

    label: ClassVar[str] = "Milestone"
    section: ClassVar[str] = "milestones"
    color: ClassVar[str] = "#B5D99C"
    evidenced: ClassVar[tuple[str, ...]] = (
        "facility",
        "date",
        "status",
        "power",
        "h100_equivalents",
        "capex",
        "buildings",
        "building_area",
    )

    facility: Annotated[
        FacilityRef, Edge("HAS_MILESTONE", "A dated build-out state.", direction="in")
    ]
    date: DateValue
    status: str | None = None
    power: Amount | None = None
    h100_equivalents: Amount | None = None
    capex: Amount | None = None
    buildings: int | None = Field(default=None, ge=0)
    building_area: Amount | None = None
    confidence: Confidence = Confidence.MEDIUM
    origin: str = "curated"

    @property
    def caption(self) -> str:
        """Return e.g. '2025-07-22: 300 MW'."""
        return f"{self.date}: {self.power or self.status or ''}".strip()
