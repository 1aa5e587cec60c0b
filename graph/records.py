"""The records of the graph, declared once: what each thing is, what it refers to, its sources.

Every record is a frozen pydantic model with ``extra="forbid"`` (a misspelt field is an error, not
a silent omission). Fields that point at another record are typed with :class:`Ref`, so that the
loader can resolve them by id or alias and the Neo4j writer can turn them into relationships
without a hand-kept list.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from graph.amounts import Amount, Period, Unit
from graph.dates import DateValue, PartialDate, term_months
from graph.vocabulary import (
    Confidence,
    DealKind,
    FacilityRole,
    FacilityStatus,
    FlowCategory,
    Instrument,
    OrgRole,
    PartyRole,
    Status,
    StructureRelation,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Ref:
    """Marks a field as a reference to records of the given kinds (YAML section names)."""

    kinds: tuple[str, ...]


def reference_kinds(annotation: Any) -> tuple[str, ...] | None:
    """Return the record kinds a field annotation refers to, or None for a plain field.

    Looks through ``| None``, ``list[...]`` and ``dict[..., ...]`` for a :class:`Ref` marker.
    """
    if typing.get_origin(annotation) is Annotated:
        args = typing.get_args(annotation)
        for marker in args[1:]:
            if isinstance(marker, Ref):
                return marker.kinds
        return reference_kinds(args[0])
    for arg in typing.get_args(annotation):
        kinds = reference_kinds(arg)
        if kinds:
            return kinds
    return None


def field_reference_kinds(model_type: type[BaseModel], name: str) -> tuple[str, ...] | None:
    """Return the record kinds the field ``name`` of ``model_type`` refers to, or None."""
    info = model_type.model_fields[name]
    for marker in info.metadata:
        if isinstance(marker, Ref):
            return marker.kinds
    return reference_kinds(info.annotation)


OrgRef = Annotated[str, Ref(("organizations",))]
FacilityRef = Annotated[str, Ref(("facilities",))]
ChipModelRef = Annotated[str, Ref(("chip_models",))]
MarketRef = Annotated[str, Ref(("markets",))]
DealRef = Annotated[str, Ref(("deals",))]
SourceRef = Annotated[str, Ref(("sources",))]
CompetitorRef = Annotated[str, Ref(("products", "organizations"))]


class Model(BaseModel):
    """Base of every model here: frozen, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class Citation(Model):
    """A source and the short quote from it that supports the fact."""

    source: SourceRef
    quote: str = Field(min_length=3, max_length=600)


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str | dict) else value


class Record(Model):
    """A thing with a stable slug id and at least one citation."""

    label: ClassVar[str] = "Record"
    section: ClassVar[str] = ""
    requires_citation: ClassVar[bool] = True

    id: str
    citations: list[Citation] = Field(default_factory=list)
    notes: str | None = None
    research_rows: list[Annotated[str, Field(pattern=r"^[A-Z][0-9]{2}$")]] = Field(
        default_factory=list
    )
    """Ids of the rows of the research notes (``facts.tsv``) this record transcribes."""

    @field_validator("research_rows", mode="before")
    @classmethod
    def _rows_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(f"id {value!r} is not a lowercase slug (a-z, 0-9, single hyphens)")
        return value

    @model_validator(mode="after")
    def _cited(self) -> Record:
        if self.requires_citation and not self.citations:
            raise ValueError("every record cites at least one source (citations: [...])")
        return self

    @property
    def caption(self) -> str:
        """Return the name to show for this record."""
        return str(getattr(self, "name", None) or getattr(self, "title", None) or self.id)

    def source_ids(self) -> list[str]:
        """Return the ids of every source this record cites, claims included, in order."""
        seen: dict[str, None] = {}
        for citation in self.all_citations():
            seen.setdefault(citation.source, None)
        return list(seen)

    def all_citations(self) -> list[Citation]:
        """Return the record's citations followed by those of its claims."""
        claims = getattr(self, "claims", [])
        return list(self.citations) + [c for claim in claims for c in claim.citations]


class Source(Record):
    """An article, filing, dataset or note that facts cite."""

    label: ClassVar[str] = "Source"
    section: ClassVar[str] = "sources"
    requires_citation: ClassVar[bool] = False

    title: str
    kind: str = Field(pattern=r"^(article|filing|dataset|press-release|blog|research-note)$")
    url: str | None = None
    file: str | None = None
    publisher: str | None = None
    published: DateValue | None = None

    @model_validator(mode="after")
    def _locatable(self) -> Source:
        if not (self.url or self.file):
            raise ValueError("a source needs a url or a file")
        return self


class StructureLink(Model):
    """A dated place in a corporate group: ``xai`` merged into ``spacex`` on 2026-02-02."""

    relation: StructureRelation
    parent: OrgRef
    since: DateValue | None = None
    until: DateValue | None = None
    status: Status = Status.COMPLETED
    deal: DealRef | None = None
    citations: list[Citation] = Field(min_length=1)

    def in_force(self, as_of: PartialDate | None) -> bool:
        """Return True when the link holds at ``as_of`` (None: the link is current)."""
        return self.in_force_on(None if as_of is None else as_of.last_day())

    def in_force_on(self, day: date | None) -> bool:
        """Return True when the link holds on ``day`` (None: the link is current)."""
        if self.status is Status.TERMINATED:
            return False
        if day is None:
            return self.until is None
        started = self.since is None or self.since.first_day() <= day
        ended = self.until is not None and self.until.last_day() < day
        return started and not ended


class Organization(Record):
    """A company, lab, cloud, chipmaker, investor, fund or joint venture."""

    label: ClassVar[str] = "Organization"
    section: ClassVar[str] = "organizations"

    name: str
    aliases: list[str] = Field(default_factory=list)
    roles: list[OrgRole] = Field(default_factory=list)
    country: str | None = None
    structure: list[StructureLink] = Field(default_factory=list)
    origin: str = "curated"


class Affiliation(Model):
    """A person's role at an organization."""

    organization: OrgRef
    role: str
    since: DateValue | None = None
    until: DateValue | None = None
    former: bool = False


class Person(Record):
    """A founder or executive."""

    label: ClassVar[str] = "Person"
    section: ClassVar[str] = "people"

    name: str
    aliases: list[str] = Field(default_factory=list)
    affiliations: list[Affiliation] = Field(min_length=1)


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

    floor_area: Amount | None = None
    power: Amount | None = None
    h100_equivalents: Amount | None = None
    capex: Amount | None = None
    status: FacilityStatus | None = None
    citations: list[Citation] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_attribute(self) -> FacilityClaim:
        _require_one_attribute(self, ("floor_area", "power", "h100_equivalents", "capex", "status"))
        return self


class FacilityParty(Model):
    """An organization that uses, co-owns, funds, builds or powers a facility."""

    organization: OrgRef
    role: FacilityRole
    confidence: Confidence | None = None


class Facility(Record):
    """A data center or campus."""

    label: ClassVar[str] = "Facility"
    section: ClassVar[str] = "facilities"

    name: str
    aliases: list[str] = Field(default_factory=list)
    owner: OrgRef | None = None
    operator: OrgRef | None = None
    parties: list[FacilityParty] = Field(default_factory=list)
    part_of: FacilityRef | None = None
    builds_upon: FacilityRef | None = None
    location: Location | None = None
    power: Amount | None = None
    floor_area: Amount | None = None
    h100_equivalents: Amount | None = None
    capex: Amount | None = None
    status: FacilityStatus = FacilityStatus.OPERATING
    opened: DateValue | None = None
    sector: str | None = None
    confidence: Confidence = Confidence.HIGH
    origin: str = "curated"
    claims: list[FacilityClaim] = Field(default_factory=list)

    @field_validator("power")
    @classmethod
    def _power_unit(cls, value: Amount | None) -> Amount | None:
        if value is not None and value.unit not in (Unit.MW, Unit.GW):
            raise ValueError(f"power must be in MW or GW, not {value.unit}")
        return value

    @field_validator("floor_area")
    @classmethod
    def _area_unit(cls, value: Amount | None) -> Amount | None:
        if value is not None and value.unit not in (Unit.SQFT, Unit.ACRES):
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


class ChipModel(Record):
    """A GPU or accelerator model and its maker."""

    label: ClassVar[str] = "ChipModel"
    section: ClassVar[str] = "chip_models"

    name: str
    aliases: list[str] = Field(default_factory=list)
    maker: OrgRef
    category: str = Field(pattern=r"^(gpu|tpu|asic|cpu|system)$")


class Fleet(Record):
    """A facility houses ``count`` chips of a model, as of a date."""

    label: ClassVar[str] = "Fleet"
    section: ClassVar[str] = "fleets"

    facility: FacilityRef
    chip_model: ChipModelRef
    count: Amount
    as_of: DateValue | None = None
    status: FacilityStatus = FacilityStatus.OPERATING
    confidence: Confidence
    origin: str = "curated"

    @field_validator("count")
    @classmethod
    def _count_unit(cls, value: Amount) -> Amount:
        if value.unit not in (Unit.GPU, Unit.CHIPS):
            raise ValueError(f"a fleet counts GPU or chips, not {value.unit}")
        return value

    @property
    def caption(self) -> str:
        """Return e.g. 'at least 220K GPU'."""
        return str(self.count)


class Market(Record):
    """A market in which products compete (a category, so citations are optional)."""

    label: ClassVar[str] = "Market"
    section: ClassVar[str] = "markets"
    requires_citation: ClassVar[bool] = False

    name: str
    description: str | None = None


class Product(Record):
    """A model, app or service an organization makes, and the markets it sells in."""

    label: ClassVar[str] = "Product"
    section: ClassVar[str] = "products"

    name: str
    aliases: list[str] = Field(default_factory=list)
    maker: OrgRef
    markets: list[MarketRef] = Field(default_factory=list)


class Competition(Record):
    """A sourced statement that products or organizations compete (in a market)."""

    label: ClassVar[str] = "Competition"
    section: ClassVar[str] = "competition"

    parties: list[CompetitorRef] = Field(min_length=2)
    market: MarketRef | None = None
    basis: str | None = None
    confidence: Confidence

    @property
    def caption(self) -> str:
        """Return e.g. 'claude vs grok'."""
        return " vs ".join(self.parties)


class Term(Model):
    """When a deal runs; either end may be unknown."""

    start: DateValue | None = None
    end: DateValue | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Term:
        if self.start and self.end and self.end.last_day() < self.start.first_day():
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    def months(self) -> float | None:
        """Return the months covered, or None when an end is unknown."""
        if self.start is None or self.end is None:
            return None
        return term_months(self.start, self.end)

    def overlaps(self, other: Term) -> bool:
        """Return True unless one term ends before the other starts (unknown ends are open)."""
        if self.end and other.start and self.end.last_day() < other.start.first_day():
            return False
        return not (other.end and self.start and other.end.last_day() < self.start.first_day())


class DealClaim(Model):
    """Another source's value for one deal attribute (exactly one of them is set)."""

    value: Amount | None = None
    reported_total: Amount | None = None
    start: DateValue | None = None
    end: DateValue | None = None
    facilities: list[FacilityRef] | None = None
    status: Status | None = None
    citations: list[Citation] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_attribute(self) -> DealClaim:
        _require_one_attribute(
            self, ("value", "reported_total", "start", "end", "facilities", "status")
        )
        return self


class Deal(Record):
    """A lease, commitment, chip supply, investment, warrant, acquisition, merger or JV.

    ``value`` is the headline money figure as reported (a rate when its period is per month or
    per year); ``reported_total`` is a total a source states; ``derived_total()`` is rate x term.
    """

    label: ClassVar[str] = "Deal"
    section: ClassVar[str] = "deals"

    kind: DealKind
    title: str
    parties: dict[PartyRole, list[OrgRef]]
    facilities: list[FacilityRef] = Field(default_factory=list)
    status: Status
    status_note: str | None = None
    confidence: Confidence
    confidence_note: str | None = None
    announced: DateValue | None = None
    term: Term = Field(default_factory=Term)
    value: Amount | None = None
    reported_total: Amount | None = None
    quantities: list[Amount] = Field(default_factory=list)
    instrument: Instrument | None = None
    valuation: Amount | None = None
    origin: str = "curated"
    claims: list[DealClaim] = Field(default_factory=list)

    @field_validator("parties", mode="before")
    @classmethod
    def _party_lists(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {role: _as_list(ids) for role, ids in value.items()}
        return value

    @field_validator("value")
    @classmethod
    def _value_is_money(cls, value: Amount | None) -> Amount | None:
        if value is not None and not value.is_money:
            raise ValueError(f"value must be money, not {value.unit}: put it in quantities")
        return value

    @field_validator("valuation")
    @classmethod
    def _valuation_is_money(cls, value: Amount | None) -> Amount | None:
        if value is not None and not value.is_money:
            raise ValueError(f"valuation must be money, not {value.unit}")
        return value

    @field_validator("reported_total")
    @classmethod
    def _total_is_money(cls, value: Amount | None) -> Amount | None:
        if value is not None and (not value.is_money or value.period is not Period.ONE_OFF):
            raise ValueError("reported_total must be a one-off money amount")
        return value

    @model_validator(mode="after")
    def _roles_fit_kind(self) -> Deal:
        spec = self.kind.spec
        for role in spec.required_roles:
            if not self.parties.get(role):
                raise ValueError(f"a {self.kind} deal needs a {role} party")
        allowed = set(spec.required_roles) | set(spec.optional_roles)
        for role in self.parties:
            if role not in allowed:
                names = ", ".join(sorted(allowed))
                raise ValueError(f"role '{role}' does not fit a {self.kind} deal (use {names})")
        return self

    @property
    def flow(self) -> FlowCategory:
        """Return the money-flow category of this deal's kind."""
        return self.kind.spec.flow

    def party(self, role: PartyRole) -> list[str]:
        """Return the organization ids in ``role`` (empty when none)."""
        return list(self.parties.get(role, []))

    def payers(self) -> list[str]:
        """Return the ids of the organizations that pay in this deal (empty for no flow)."""
        spec = self.kind.spec
        return self.party(spec.payer) if spec.payer else []

    def payees(self) -> list[str]:
        """Return the ids of the organizations that are paid in this deal."""
        spec = self.kind.spec
        return self.party(spec.payee) if spec.payee else []

    def derived_total(self) -> Amount | None:
        """Return rate x term for a periodic value, the value itself when one-off, else None.

        >>> deal = Deal.model_validate({"id": "d", "kind": "compute-lease", "title": "t",
        ...     "parties": {"customer": "a", "provider": "b"}, "status": "signed",
        ...     "confidence": "high", "value": "150M USD/month",
        ...     "term": {"start": "2026-07", "end": "2029-05"},
        ...     "citations": [{"source": "s", "quote": "a quote"}]})
        >>> str(deal.derived_total())
        '5.25B USD'
        """
        if self.value is None:
            return None
        months_per_period = self.value.period.months
        if months_per_period is None:
            return self.value
        months = self.term.months()
        if months is None:
            return None
        return self.value.scaled(months / months_per_period)

    def total_value(self) -> Amount | None:
        """Return the derived total when it can be computed, else the reported total."""
        return self.derived_total() or self.reported_total

    @property
    def began(self) -> PartialDate | None:
        """Return when the deal began to exist: its announcement, else its term's start."""
        return self.announced or self.term.start

    def in_force(self, as_of: PartialDate | None) -> bool:
        """Return True when the deal exists at ``as_of`` and its term has not ended before it."""
        if as_of is None:
            return True
        day = as_of.last_day()
        began = self.began
        if began is not None and began.first_day() > day:
            return False
        return not (self.term.end is not None and self.term.end.last_day() < day)


class Milestone(Record):
    """A dated state of a facility's build-out: power, H100e, capital cost, buildings."""

    label: ClassVar[str] = "Milestone"
    section: ClassVar[str] = "milestones"

    facility: FacilityRef
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


class Metric(StrEnum):
    """What a reported figure measures."""

    REVENUE = "revenue"
    OPERATING_LOSS = "operating-loss"
    CONTRACTED_REVENUE = "contracted-revenue"
    FORECAST_REVENUE = "forecast-revenue"
    CAPEX = "capex"


class ReportedFigure(Record):
    """A figure a source reports about an organization: revenue, loss, contracted revenue.

    ``covers`` names the deals a figure is said to sum (the seed's "$25.3 billion in contracted
    revenue from these three capacity deals").
    """

    label: ClassVar[str] = "ReportedFigure"
    section: ClassVar[str] = "figures"

    subject: OrgRef
    metric: Metric
    amount: Amount
    period: Term = Field(default_factory=Term)
    covers: list[DealRef] = Field(default_factory=list)
    reported_by: OrgRef | None = None
    confidence: Confidence

    @property
    def caption(self) -> str:
        """Return e.g. 'contracted-revenue 25.3B USD'."""
        return f"{self.metric} {self.amount}"


def _require_one_attribute(model: BaseModel, names: tuple[str, ...]) -> None:
    present = [name for name in names if getattr(model, name) is not None]
    if len(present) != 1:
        raise ValueError(f"a claim sets exactly one of {', '.join(names)} (found {present})")


RECORD_TYPES: tuple[type[Record], ...] = (
    Source,
    Organization,
    Person,
    Market,
    Product,
    Competition,
    Facility,
    ChipModel,
    Fleet,
    Milestone,
    Deal,
    ReportedFigure,
)
"""Every record type, in load order. The dataset's YAML sections are their ``section`` names."""

SECTIONS: dict[str, type[Record]] = {record.section: record for record in RECORD_TYPES}
