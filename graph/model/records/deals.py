"""Deals (leases, commitments, chip supply, investments, warrants, acquisitions, ventures),
their claims, and the figures sources report about organizations."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field, field_validator, model_validator

from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.dates import DateValue, PartialDate
from aigraph.graph.model.properties import Prop
from aigraph.graph.model.records.base import (
    Citation,
    ClaimOf,
    DealRef,
    FacilityRef,
    Model,
    OrgRef,
    Record,
    Term,
    _as_list,
    _require_one_attribute,
)
from aigraph.graph.model.relations import Edge
from aigraph.graph.model.vocabulary import (
    Confidence,
    DealKind,
    FlowCategory,
    Instrument,
    Metric,
    PartyRole,
    Period,
    Status,
)


class DealClaim(Model):
    """Another source's value for one deal attribute (exactly one of them is set)."""

    value: Annotated[Amount | None, ClaimOf("value")] = None
    reported_total: Annotated[Amount | None, ClaimOf("reported_total", name="total")] = None
    start: Annotated[DateValue | None, ClaimOf("term.start")] = None
    end: Annotated[DateValue | None, ClaimOf("term.end")] = None
    facilities: Annotated[list[FacilityRef] | None, ClaimOf("facilities")] = None
    status: Annotated[Status | None, ClaimOf("status")] = None
    citations: list[Citation] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_attribute(self) -> DealClaim:
        _require_one_attribute(self)
        return self


class Deal(Record):
    """A lease, commitment, chip supply, investment, warrant, acquisition, merger or JV.

    ``value`` is the headline money figure as reported (a rate when its period is per month or
    per year); ``reported_total`` is a total a source states; ``derived_total()`` is rate x term.
    """

    label: ClassVar[str] = "Deal"
    section: ClassVar[str] = "deals"
    color: ClassVar[str] = "#C990C0"
    size: ClassVar[int] = 40
    computed: ClassVar[tuple[Prop, ...]] = (
        Prop("flow", FlowCategory, lambda deal, _: deal.flow),
        Prop("derived_total", Amount, lambda deal, _: deal.derived_total(), ("", "text")),
        Prop("total_value", Amount, lambda deal, _: deal.total_value(), ("", "text")),
    )

    kind: DealKind
    title: str
    parties: Annotated[
        dict[PartyRole, list[OrgRef]],
        Edge(
            "PARTY_TO",
            "An organization is a party to a deal, in a role.",
            direction="in",
            key_as="role",
            caption="{role}",
        ),
    ]
    facilities: Annotated[list[FacilityRef], Edge("AT_FACILITY", "A deal is at a facility.")] = (
        Field(default_factory=list)
    )
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


class ReportedFigure(Record):
    """A figure a source reports about an organization: revenue, loss, contracted revenue.

    ``covers`` names the deals a figure is said to sum (the seed's "$25.3 billion in contracted
    revenue from these three capacity deals").
    """

    label: ClassVar[str] = "ReportedFigure"
    section: ClassVar[str] = "figures"
    color: ClassVar[str] = "#ECB5C9"

    subject: Annotated[OrgRef, Edge("ABOUT", "The figure's subject.")]
    metric: Metric
    amount: Amount
    period: Term = Field(default_factory=Term)
    covers: Annotated[list[DealRef], Edge("COVERS", "A deal the figure sums.")] = Field(
        default_factory=list
    )
    reported_by: Annotated[OrgRef | None, Edge("REPORTED_BY", "Who made the figure.")] = None
    confidence: Confidence

    @property
    def caption(self) -> str:
        """Return e.g. 'contracted-revenue 25.3B USD'."""
        return f"{self.metric} {self.amount}"
