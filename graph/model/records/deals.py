"""Deals (leases, commitments, chip supply, investments, warrants, acquisitions, ventures),
their claims, and the figures sources report about organizations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any, ClassVar

from pydantic import Field, ValidationInfo, field_validator, model_validator

from aigraph.graph.model.amounts import Amount, Qualifier
from aigraph.graph.model.coherence import deal_field_problem
from aigraph.graph.model.dates import (
    DateValue,
    PartialDate,
    add_months,
    months_between,
    years_before,
)
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
    DEFAULT_DELIVERY_MONTHS,
    DEFAULT_WINDOW_YEARS,
    NON_CASH_KINDS,
    Certainty,
    Confidence,
    DealKind,
    ExitRight,
    FlowCategory,
    FlowShape,
    Instrument,
    Metric,
    PartyRole,
    Period,
    Status,
    Unit,
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


class ExitClause(Model):
    """A deal's early exit: notice of ``notice_days`` may be given from ``after`` (default: the
    start of the term) by ``right`` (either side, the customer or the provider)."""

    notice_days: int = Field(ge=0, le=3650)
    after: DateValue | None = None
    right: ExitRight = ExitRight.EITHER


class Ramp(Model):
    """A reduced fee at the start of a term, up to and including ``until``; ``rate`` when the
    reduced fee is known (else the ramp months count as nothing in the committed minimum)."""

    until: DateValue
    rate: Amount | None = None


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
        Prop("shape", FlowShape, lambda deal, _: deal.kind.spec.shape),
        Prop("derived_total", Amount, lambda deal, _: deal.derived_total(), ("", "text")),
        Prop("total_value", Amount, lambda deal, _: deal.total_value(), ("", "text")),
        Prop("committed", Amount, lambda deal, _: deal.committed_minimum(), ("", "text")),
        Prop("superseded_by", str, lambda deal, dataset: dataset.superseded_by(deal.id)),
        Prop("active", bool, lambda deal, dataset: dataset.is_active(deal)),
        Prop("inactive_from", str, lambda deal, dataset: dataset.inactive_from(deal)),
        Prop("status_changed", str, lambda deal, _: deal.status_changed),
        Prop("prior_status", Status, lambda deal, _: deal.prior_status),
        Prop("certainty", Certainty, lambda deal, _: deal.money().certainty),
        Prop("committed_usd", float, lambda deal, _: deal.money().usd()),
        Prop("stated_usd", float, lambda deal, _: deal.money().usd(include_uncommitted=True)),
        Prop("high_usd", float, lambda deal, _: deal.money().high_usd),
        Prop("contingent", bool, lambda deal, _: deal.condition is not None),
        Prop("cash", bool, lambda deal, _: deal.cash),
        Prop("in_force_from", str, lambda deal, _: deal.in_force_interval()[0]),
        Prop("in_force_until", str, lambda deal, _: deal.in_force_interval()[1]),
        Prop("one_date", bool, lambda deal, _: deal.counts_for_a_window()),
    )
    evidenced: ClassVar[tuple[str, ...]] = (
        "parties",
        "status",
        "announced",
        "term",
        "value",
        "reported_total",
        "quantities",
        "facilities",
        "valuation",
        "exit_clause",
        "ramp",
        "supersedes",
        "exited",
        "condition",
        "status_since",
        "status_before",
        "consideration_for",
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
    status_since: DateValue | None = None
    """When the current status took effect: completed on, signed on, on hold from, terminated
    on. Before it, the deal had ``status_before``."""
    status_before: Status | None = None
    """The status before ``status_since`` (default: announced)."""
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
    exit_clause: ExitClause | None = None
    ramp: Ramp | None = None
    supersedes: Annotated[
        DealRef | None,
        Edge("SUPERSEDES", "A deal replaces an earlier one (which is then inactive)."),
    ] = None
    amount_text: str | None = None
    """What a deal table wrote where no amount could be read ("Not disclosed", "10GW of
    systems"); the amount is then unknown."""
    exited: DateValue | None = None
    """When an investor's holding ended (a sale); a holding lasts from closing until then."""
    condition: str | None = None
    """What the money waits on (milestones, an IPO, an option to be exercised): the deal's
    money is contingent, not a flow until the condition is met."""
    consideration_for: Annotated[
        DealRef | None,
        Edge(
            "CONSIDERATION_FOR",
            "Shares or warrants given as the price of another deal (value given, no cash).",
        ),
    ] = None
    """For shares or warrants: the deal (a lease, a purchase, a guarantee) they are given for."""
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

    @field_validator("ramp", "supersedes", "exited", "claims")
    @classmethod
    def _fits_the_deal(cls, value: Any, info: ValidationInfo) -> Any:
        problem = deal_field_problem(str(info.field_name), value, info.data)
        if problem:
            raise ValueError(problem)
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
        seen: dict[str, PartyRole] = {}
        for role, ids in self.parties.items():
            for org in ids:
                other = seen.setdefault(org.casefold(), role)
                if other is not role or ids.count(org) > 1:
                    raise ValueError(
                        f"{org!r} is a party twice ({other} and {role}): a deal's parties are "
                        "distinct organizations"
                    )
        return self

    @model_validator(mode="after")
    def _lifecycle_fits(self) -> Deal:
        if self.status_before is not None and self.status_since is None:
            raise ValueError("status_before needs status_since (when the status changed)")
        if self.status_before is not None and self.status_before is self.status:
            raise ValueError(f"status_before is the current status ({self.status})")
        if self.consideration_for is not None and self.kind not in NON_CASH_KINDS:
            kinds = ", ".join(sorted(NON_CASH_KINDS))
            raise ValueError(f"consideration_for is for shares or warrants ({kinds})")
        if self.consideration_for is not None and self.consideration_for == self.id:
            raise ValueError("a deal cannot be the consideration for itself")
        return self

    @property
    def certainty(self) -> Certainty | None:
        """Return how certain the deal's money is: contingent when it waits on a condition,
        else as its value states it (None without a value)."""
        if self.condition is not None:
            return Certainty.CONTINGENT
        return self.value.certainty if self.value is not None else None

    @property
    def cash(self) -> bool:
        """Return False for shares or warrants (value given, no cash moves)."""
        return self.kind not in NON_CASH_KINDS

    def status_on(self, day: date | None) -> Status:
        """Return the status in force on ``day`` (None: today): the current one from
        ``status_since`` (its first day) on, ``status_before`` (default announced) before it.

        >>> deal = Deal.model_validate({"id": "d", "kind": "investment", "title": "t",
        ...     "parties": {"investor": "a", "investee": "b"}, "status": "terminated",
        ...     "status_since": "2026-03", "status_before": "signed", "confidence": "high",
        ...     "citations": [{"source": "s", "quote": "a quote",
        ...     "states": ["parties", "status", "status_since", "status_before"]}]})
        >>> deal.status_on(date(2026, 2, 1)).value, deal.status_on(date(2026, 3, 1)).value
        ('signed', 'terminated')
        """
        if day is None or self.status_since is None or day >= self.status_since.first_day():
            return self.status
        return self.status_before or Status.ANNOUNCED

    @property
    def status_changed(self) -> date | None:
        """Return the first day of the current status when its sources date it, else None."""
        return self.status_since.first_day() if self.status_since else None

    @property
    def prior_status(self) -> Status | None:
        """Return the status before the dated change (None when the change is not dated)."""
        return (self.status_before or Status.ANNOUNCED) if self.status_since else None

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
        ...     "term": {"start": "2026-07", "end": "2029-05"}, "citations": [{"source": "s",
        ...     "quote": "a quote", "states": ["parties", "status", "value", "term"]}]})
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

    def _rate_over(self, first: date, end_exclusive: date) -> Amount | None:
        """Return what a periodic value adds up to from ``first`` to ``end_exclusive``, ramp
        months at the ramp's rate (at least nothing when that rate is unknown)."""
        assert self.value is not None and self.value.period.months
        months = max(0.0, months_between(first, end_exclusive)) / self.value.period.months
        if self.ramp is None:
            return self.value.scaled(months)
        ramp_end = min(end_exclusive, self.ramp.until.last_day() + timedelta(days=1))
        ramp_months = max(0.0, months_between(first, ramp_end)) / self.value.period.months
        full = self.value.scaled(months - ramp_months)
        if self.ramp.rate is None:
            return full.model_copy(update={"qualifier": Qualifier.AT_LEAST})
        rate = self.ramp.rate.value / self.ramp.rate.period.months * self.value.period.months  # type: ignore[operator]
        return full.model_copy(update={"value": full.value + rate * ramp_months})

    def full_term_total(self) -> Amount | None:
        """Return the total over the whole term: rate x term with any ramp taken off (at least
        that, when the ramp's fee is unknown); a one-off value as it is; None when unknown."""
        if self.value is None:
            return None
        if not self.value.period.months:
            return self.value
        if self.term.start is None or self.term.end is None:
            return None
        return self._rate_over(self.term.start.first_day(), self.term.end.last_day() + _DAY)

    def earliest_end(self) -> date | None:
        """Return the last day the deal must run when a party exits as early as its exit
        clause allows (the term's end when there is no clause; None when unknown)."""
        end = self.term.end.last_day() if self.term.end else None
        if self.exit_clause is None:
            return end
        notice_from = self.exit_clause.after or self.term.start
        if notice_from is None:
            return None
        earliest = notice_from.first_day() + timedelta(days=self.exit_clause.notice_days) - _DAY
        return earliest if end is None else min(end, earliest)

    def committed_minimum(self) -> Amount | None:
        """Return what the customer owes at the least: up to the earliest exit its clause
        allows, ramp months at the ramp's fee; the full-term total without an exit clause.

        >>> deal = Deal.model_validate({"id": "d", "kind": "compute-lease", "title": "t",
        ...     "parties": {"customer": "a", "provider": "b"}, "status": "signed",
        ...     "confidence": "high", "value": "150M USD/month",
        ...     "term": {"start": "2026-07", "end": "2029-12"},
        ...     "exit_clause": {"notice_days": 90, "after": "2026-10"},
        ...     "citations": [{"source": "s", "quote": "a quote",
        ...     "states": ["parties", "status", "value", "term", "exit_clause"]}]})
        >>> str(deal.committed_minimum()), str(deal.full_term_total())
        ('890M USD', '6.3B USD')
        """
        if self.exit_clause is None or self.value is None:
            return self.full_term_total()
        if not self.value.period.months or self.term.start is None:
            return None
        end = self.earliest_end()
        if end is None:
            return None
        return self._rate_over(self.term.start.first_day(), end + _DAY)

    def total_value(self) -> Amount | None:
        """Return the full-term total when it can be computed, else the reported total."""
        return self.full_term_total() or self.reported_total

    def money(self) -> DealMoney:
        """Return what the deal is worth as its sources state it, split into committed and
        uncommitted money: the one function every figure of a deal comes from (``show``, the
        report, the queries, the Neo4j load and the exports).

        >>> deal = Deal.model_validate({"id": "d", "kind": "investment", "title": "t",
        ...     "parties": {"investor": "a", "investee": "b"}, "status": "announced",
        ...     "confidence": "high", "value": "up to 5B USD", "citations": [{"source": "s",
        ...     "quote": "up to $5 billion", "states": ["parties", "status", "value"]}]})
        >>> money = deal.money()
        >>> money.certainty.value, money.committed, money.uncommitted, money.high
        ('up-to', None, 5000000000.0, 5000000000.0)
        """
        return deal_money(self)

    @property
    def began(self) -> PartialDate | None:
        """Return when the deal began to exist: its announcement, else its term's start."""
        return self.announced or self.term.start

    # -- time ---------------------------------------------------------------------------------

    def payment_interval(self) -> tuple[date, date | None] | None:
        """Return when money moves (first day, last day or None while open), by its shape:

        - over its term (a lease or commitment: from its start, else its announcement);
        - a chip supply over its delivery term; with only a start or a date, over the default
          delivery window (``DEFAULT_DELIVERY_MONTHS``) from it;
        - a tranche at its date (its term's start, else its announcement), or over its term
          when the term gives both ends;

        None when the deal gives no date at all (it cannot be placed in time).
        """
        bounds = self.payment_bounds()
        return (
            None
            if bounds is None
            else (bounds.starts.first, bounds.ends.last if bounds.ends else None)
        )

    def payment_bounds(self) -> PaymentBounds | None:
        """Return when money moves at the precision the sources give: the first and last day
        the payments can start, and (None while open) the first and last day they can end.

        A term "from 2026-Q3" starts between 2026-07-01 and 2026-09-30; a tranche "in 2025-05"
        is paid between 2025-05-01 and 2025-05-31.
        """
        shape = self.kind.spec.shape
        start = self.term.start or self.announced
        if shape is FlowShape.NONE or start is None:
            return None
        starts = DayRange(start.first_day(), start.last_day())
        if shape is FlowShape.TERM:
            end = self.term.end
            return PaymentBounds(starts, DayRange(end.first_day(), end.last_day()) if end else None)
        if self.term.start is not None and self.term.end is not None:
            end = self.term.end
            return PaymentBounds(starts, DayRange(end.first_day(), end.last_day()))
        if shape is FlowShape.DELIVERY:
            ends = DayRange(
                add_months(starts.first, DEFAULT_DELIVERY_MONTHS) - _DAY,
                add_months(starts.last, DEFAULT_DELIVERY_MONTHS) - _DAY,
            )
            return PaymentBounds(starts, ends)
        return PaymentBounds(starts, starts)

    def holding_interval(self) -> tuple[date, date | None] | None:
        """Return, for a tranche (investment, warrant, shares), the holding: from closing until
        an exit is recorded (None while held); None for other shapes or without a date."""
        payment = self.payment_interval()
        if self.kind.spec.shape is not FlowShape.TRANCHE or payment is None:
            return None
        return payment[0], self.exited.last_day() if self.exited else None

    def paid_at_one_date(self) -> bool:
        """Return True for a payment made at one date: a chip supply without a delivery term,
        or a tranche without a term of tranches."""
        shape = self.kind.spec.shape
        full_term = self.term.start is not None and self.term.end is not None
        return shape in (FlowShape.DELIVERY, FlowShape.TRANCHE) and not full_term

    def in_force_interval(self) -> tuple[date | None, date | None]:
        """Return when the deal counts at an as-of date: the holding for a tranche, else when
        money moves (for a one-off payment: its date; see :meth:`counts_for_a_window`)."""
        interval = self.holding_interval() or self.payment_interval()
        return interval if interval is not None else (None, None)

    def counts_for_a_window(self) -> bool:
        """Return True when the deal is a one-off payment that counts at an as-of date for
        the window of years after it (not a holding, not a term)."""
        return self.holding_interval() is None and self.paid_at_one_date()

    def in_force_on(self, day: date, window_years: int = DEFAULT_WINDOW_YEARS) -> bool:
        """Return True when the deal is in force on ``day``: a term that runs then, a holding
        held then, or a one-off payment made in the ``window_years`` up to it."""
        holding = self.holding_interval()
        if holding is not None:
            return holding[0] <= day and (holding[1] is None or holding[1] >= day)
        payment = self.payment_interval()
        if payment is None or payment[0] > day:
            return False
        end = payment[1]
        if self.paid_at_one_date():
            return end is not None and end >= years_before(day, window_years)
        return end is None or end >= day

    def in_force(self, as_of: PartialDate | None, window_years: int = DEFAULT_WINDOW_YEARS) -> bool:
        """Return True when the deal is in force at ``as_of`` (its last day; None: always)."""
        return as_of is None or self.in_force_on(as_of.last_day(), window_years)


_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DayRange:
    """The first and the last day a partial date (or a date derived from one) can mean."""

    first: date
    last: date


@dataclass(frozen=True, slots=True)
class PaymentBounds:
    """When a deal's money moves, at its sources' precision: when the payments start and
    (None while open) when they end."""

    starts: DayRange
    ends: DayRange | None


@dataclass(frozen=True, slots=True)
class DealMoney:
    """What a deal is worth, as its sources state it.

    ``committed`` is owed unconditionally: a firm value (exact or about), the floor of an
    "at least", the minimum to the earliest exit a clause allows; 0 for contingent money (owed
    only once its ``condition`` is met); None when no committed figure is stated (a ceiling,
    an estimate, an unknown amount). ``uncommitted`` is the stated money beyond it: the
    contingent amount, the ceiling, the estimate, the term past the earliest exit. ``high`` is
    the most the deal can be worth (None: unbounded or unknown). All in ``unit`` (None when
    the amount is unknown); ``total`` is the full stated total as an amount.
    """

    unit: Unit | None
    committed: float | None
    uncommitted: float | None
    high: float | None
    certainty: Certainty | None
    condition: str | None
    total: Amount | None

    @property
    def known(self) -> bool:
        """Return True when some money figure is stated."""
        return self.total is not None

    @property
    def high_usd(self) -> float | None:
        """Return the most the deal can be worth in USD (None: unbounded, unknown, not USD)."""
        return self.high if self.unit is Unit.USD else None

    def usd(self, include_uncommitted: bool = False) -> float | None:
        """Return the USD amount a figure counts: committed money, or (``include_uncommitted``)
        all the stated money; None when unknown or not in USD."""
        if self.unit is not Unit.USD:
            return None
        if not include_uncommitted:
            return self.committed
        if self.committed is None and self.uncommitted is None:
            return None
        return (self.committed or 0.0) + (self.uncommitted or 0.0)


NO_MONEY = DealMoney(None, None, None, None, None, None, None)


def deal_money(deal: Deal) -> DealMoney:
    """Return the :class:`DealMoney` of a deal (see :meth:`Deal.money`)."""
    total = deal.total_value()
    certainty = deal.certainty
    if total is None:
        return DealMoney(None, None, None, None, certainty, deal.condition, None)
    stated = total.value
    if deal.condition is not None:
        high = (
            stated
            if total.qualifier in (Qualifier.EXACT, Qualifier.ABOUT, Qualifier.UP_TO)
            else None
        )
        return DealMoney(total.unit, 0.0, stated, high, Certainty.CONTINGENT, deal.condition, total)
    if certainty is None:
        certainty = total.certainty
    if total.qualifier in (Qualifier.UP_TO, Qualifier.ESTIMATE):
        high = stated if total.qualifier is Qualifier.UP_TO else None
        return DealMoney(total.unit, None, stated, high, total.certainty, None, total)
    minimum = deal.committed_minimum() if deal.exit_clause is not None else total
    committed = min(minimum.value, stated) if minimum is not None else None
    uncommitted = stated - committed if committed is not None else stated
    high = stated if total.qualifier is not Qualifier.AT_LEAST else None
    return DealMoney(total.unit, committed, uncommitted, high, total.certainty, None, total)


class ReportedFigure(Record):
    """A figure a source reports about an organization: revenue, loss, contracted revenue.

    ``covers`` names the deals a figure is said to sum (the seed's "$25.3 billion in contracted
    revenue from these three capacity deals").
    """

    label: ClassVar[str] = "ReportedFigure"
    section: ClassVar[str] = "figures"
    color: ClassVar[str] = "#ECB5C9"
    evidenced: ClassVar[tuple[str, ...]] = (
        "subject",
        "amount",
        "period",
        "as_of",
        "covers",
        "reported_by",
    )

    subject: Annotated[OrgRef, Edge("ABOUT", "The figure's subject.")]
    metric: Metric
    amount: Amount
    period: Term = Field(default_factory=Term)
    as_of: DateValue | None = None
    """For a stock (a backlog, funding raised to date): the day it was measured."""
    covers: Annotated[list[DealRef], Edge("COVERS", "A deal the figure sums.")] = Field(
        default_factory=list
    )
    reported_by: Annotated[OrgRef | None, Edge("REPORTED_BY", "Who made the figure.")] = None
    confidence: Confidence

    @property
    def caption(self) -> str:
        """Return e.g. 'contracted-revenue 25.3B USD'."""
        return f"{self.metric} {self.amount}"
