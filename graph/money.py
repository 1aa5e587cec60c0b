"""Group roll-up and the money-flow projection that the queries run on (see DESIGN.md).

- A **group** is the ultimate parent of an organization at a date, following the structure links
  (subsidiary-of, merged-into, acquired-by, division-of) in force then. A merger or acquisition
  changes groups only once completed, from its completion date; a pending one is listed, not
  rolled up. A confidence filter applies to structure as to deals: a link made by a deal below
  the minimum confidence does not roll up.
- A **money flow** is a directed edge payer -> payee for each deal with money in it: a customer
  pays its provider or supplier, an investor pays the investee, a warrant's issuer gives value to
  the holder. Edges are keyed by deal id, so parallel contracts are never merged. Each flow has
  its dated shape (``Deal.payment_interval``): over a term, at a date, or a tranche followed by a
  holding. Inactive deals (on hold, terminated, superseded) are left out unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from aigraph.graph.dataset import Dataset
from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.records import Deal, Organization, StructureLink, Term
from aigraph.graph.model.vocabulary import (
    DEFAULT_MIN_STATUS,
    DEFAULT_WINDOW_YEARS,
    INACTIVE_STATUSES,
    STRUCTURE_STATUS,
    Certainty,
    Confidence,
    DealKind,
    FlowCategory,
    FlowShape,
    Status,
    Unit,
)

if TYPE_CHECKING:
    import networkx as nx

MAX_GROUP_DEPTH = 16
CONFIDENCE_LEVELS = tuple(confidence.rank for confidence in Confidence)
"""The ranks a minimum-confidence filter can take (0: no filter)."""


@dataclass(frozen=True)
class FlowFilter:
    """The evidence policy: which deals count, applied alike by every query, the report,
    ``stress``, ``hubs``, the charts, the views and the Cypher forms.

    A deal counts when its status (the one in force at ``as_of``) is at least ``min_status``
    (default: reported; rumoured and in-talks deals never count by default; on hold and
    terminated are lifecycle states, left to ``include_inactive``), its confidence at
    least ``min_confidence``, it was active then (not on hold, terminated or superseded) unless
    ``include_inactive``, and it is in force at ``as_of`` (one-off payments for
    ``window_years``). Contingent deals (waiting on a condition) count only with
    ``include_uncommitted``, which also counts ceilings and estimates in amounts; shares and
    warrants given without cash only with ``include_non_cash``.
    """

    as_of: PartialDate | None = None
    min_status: Status | None = DEFAULT_MIN_STATUS
    min_confidence: Confidence | None = None
    include_inactive: bool = False
    window_years: int = DEFAULT_WINDOW_YEARS
    include_uncommitted: bool = False
    include_non_cash: bool = False

    @property
    def day(self) -> date | None:
        """Return the as-of day (the last day the as-of date can mean), or None."""
        return self.as_of.last_day() if self.as_of else None

    def passes(self, dataset: Dataset, deal: Deal) -> bool:
        """Return True when ``deal`` passes: status and lifecycle at the as-of day,
        confidence, certainty, cash and the as-of date."""
        day = self.day
        status = deal.status_on(day)
        if (
            self.min_status is not None
            and status not in INACTIVE_STATUSES
            and not status.at_least(self.min_status)
        ):
            return False
        if self.min_confidence is not None and not deal.confidence.at_least(self.min_confidence):
            return False
        if not self.include_inactive and not dataset.is_active(deal, day):
            return False
        if not self.include_uncommitted and deal.condition is not None:
            return False
        if not self.include_non_cash and not deal.cash:
            return False
        return deal.in_force(self.as_of, self.window_years)

    def describe(self) -> str:
        """Return the policy in one sentence, for a report's header or a chart's footnote.

        >>> print(FlowFilter().describe())  # doctest: +NORMALIZE_WHITESPACE
        deals reported or firmer (rumoured and in-talks left out), any confidence, active (not
        on hold, terminated or superseded), all dates; committed money only (contingent deals,
        ceilings and estimates left out); cash only (shares and warrants left out)
        """
        statuses = (
            "every status"
            if self.min_status is None or self.min_status.rank <= Status.RUMOURED.rank
            else f"deals {self.min_status.value} or firmer"
            + (
                " (rumoured and in-talks left out)"
                if self.min_status.rank > Status.IN_TALKS.rank
                else ""
            )
        )
        parts = [
            statuses,
            f"confidence {self.min_confidence.value} or higher"
            if self.min_confidence
            else "any confidence",
            "inactive deals included"
            if self.include_inactive
            else "active (not on hold, terminated or superseded)",
            f"in force at {self.as_of}" if self.as_of else "all dates",
        ]
        money = (
            "stated money (committed, contingent, ceilings and estimates)"
            if self.include_uncommitted
            else "committed money only (contingent deals, ceilings and estimates left out)"
        )
        cash = (
            "shares and warrants included"
            if self.include_non_cash
            else "cash only (shares and warrants left out)"
        )
        return ", ".join(parts) + f"; {money}; {cash}"


def link_applies(
    dataset: Dataset, link: StructureLink, day: date | None, min_confidence: Confidence | None
) -> bool:
    """Return True when a structure link puts its organization in the parent's group on
    ``day`` (None: today): completed and in force then, its deal (if any) completed too, and
    its confidence (the deal's, when a deal makes it) at least ``min_confidence``."""
    if not link.in_force_on(day):
        return False
    confidence = link.confidence
    if link.deal is not None:
        deal = dataset.records.get(link.deal)
        if isinstance(deal, Deal):
            if deal.status is not STRUCTURE_STATUS:
                return False
            confidence = deal.confidence
    return min_confidence is None or confidence.at_least(min_confidence)


def group_of(
    dataset: Dataset,
    org_id: str,
    as_of: PartialDate | None = None,
    min_confidence: Confidence | None = None,
) -> str:
    """Return the id of the ultimate parent of ``org_id`` at ``as_of`` (itself if none).

    With ``as_of=None`` the current structure (links without an end) is used.

    >>> # xai merged into spacex in 2026: group_of(ds, "xai") == "spacex"
    """
    return group_on(dataset, org_id, None if as_of is None else as_of.last_day(), min_confidence)


def group_on(
    dataset: Dataset, org_id: str, day: date | None, min_confidence: Confidence | None = None
) -> str:
    """Return the ultimate parent of ``org_id`` on ``day`` (None: the current structure)."""
    cache: dict[tuple[str, date | None, Confidence | None], str] = dataset.__dict__.setdefault(
        "_group_cache", {}
    )
    key = (org_id, day, min_confidence)
    found = cache.get(key)
    if found is not None:
        return found
    current = org_id
    seen = {current}
    for _ in range(MAX_GROUP_DEPTH):
        record = dataset.records.get(current)
        if not isinstance(record, Organization):
            break
        parent = next(
            (
                link.parent
                for link in record.structure
                if link_applies(dataset, link, day, min_confidence)
            ),
            None,
        )
        if parent is None or parent in seen:
            break
        seen.add(parent)
        current = parent
    cache[key] = current
    return current


def pending_structure(dataset: Dataset, org_id: str) -> list[StructureLink]:
    """Return the organization's structure links that are announced or signed but not yet
    completed (they do not roll it up)."""
    record = dataset.records.get(org_id)
    if not isinstance(record, Organization):
        return []
    return [link for link in record.structure if link.pending]


def _confidence(rank: int) -> Confidence | None:
    return None if rank == 0 else tuple(Confidence)[rank]  # a rank is its place in the order


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupEpoch:
    """An organization belongs to ``group`` from ``first_day`` to ``last_day`` (None: open),
    under the minimum-confidence filters whose ranks are in ``levels``."""

    organization: str
    group: str
    first_day: date | None
    last_day: date | None
    levels: tuple[int, ...] = CONFIDENCE_LEVELS

    @property
    def current(self) -> bool:
        """Return True for the epoch that is still open (the current structure)."""
        return self.last_day is None

    def contains(self, day: date | None) -> bool:
        """Return True when ``day`` falls in the epoch (None asks for the current epoch)."""
        if day is None:
            return self.current
        after_start = self.first_day is None or self.first_day <= day
        return after_start and (self.last_day is None or day <= self.last_day)


def _structure_breakpoints(dataset: Dataset) -> list[date]:
    days: set[date] = set()
    for org in dataset.organizations:
        for link in org.structure:
            if link.since is not None:
                days.add(link.since.first_day())
            if link.until is not None:
                days.add(link.until.last_day() + timedelta(days=1))
    return sorted(days)


def group_epochs(dataset: Dataset) -> list[GroupEpoch]:
    """Return, per organization, the dated epochs of its group membership (itself included),
    each with the confidence filters under which it holds.

    For each filter the epochs of one organization cover all time without gaps, so that a
    query at any as-of date finds exactly one group (materialised in Neo4j as ``IN_GROUP``).
    """
    breakpoints = _structure_breakpoints(dataset)
    starts: list[date | None] = [None, *breakpoints]
    epochs: list[GroupEpoch] = []
    for org in dataset.organizations:
        if not org.structure:  # in no one's group at any time: one open epoch, every filter
            epochs.append(
                GroupEpoch(organization=org.id, group=org.id, first_day=None, last_day=None)
            )
            continue
        levels: dict[tuple[date | None, date | None, str], list[int]] = {}
        for rank in CONFIDENCE_LEVELS:
            minimum = _confidence(rank)
            spans: list[tuple[date | None, date | None, str]] = []
            for index, start in enumerate(starts):
                end = breakpoints[index] - timedelta(days=1) if index < len(breakpoints) else None
                probe = (
                    start
                    if start is not None
                    else (breakpoints[0] - timedelta(days=1) if breakpoints else None)
                )
                group = (
                    group_on(dataset, org.id, probe, minimum)
                    if end is not None
                    else group_on(dataset, org.id, None, minimum)
                )
                if spans and spans[-1][2] == group:
                    spans[-1] = (spans[-1][0], end, group)
                else:
                    spans.append((start, end, group))
            for span in spans:
                levels.setdefault(span, []).append(rank)
        epochs.extend(
            GroupEpoch(organization=org.id, group=g, first_day=a, last_day=b, levels=tuple(ranks))
            for (a, b, g), ranks in levels.items()
        )
    return epochs


def group_members(
    dataset: Dataset, as_of: PartialDate | None = None, min_confidence: Confidence | None = None
) -> dict[str, list[str]]:
    """Return each group id with the ids of its members (the group itself included), sorted."""
    members: dict[str, list[str]] = {}
    for org in dataset.organizations:
        members.setdefault(group_of(dataset, org.id, as_of, min_confidence), []).append(org.id)
    return {group: sorted(ids) for group, ids in sorted(members.items())}


@dataclass(frozen=True, slots=True, kw_only=True)
class MoneyFlow:
    """One payer -> payee edge of the projection, with its dated shape.

    ``paid_from``/``paid_until`` say when money moves (``paid_until`` None while a term is
    open); ``in_force_from``/``in_force_until`` when the flow counts at an as-of date (for a
    tranche: the holding, until an exit); ``one_date`` marks a payment made at one date.
    """

    deal: str
    title: str
    kind: DealKind
    flow: FlowCategory
    shape: FlowShape
    payer: str
    payee: str
    payer_name: str
    payee_name: str
    payer_group: str
    payee_group: str
    status: Status
    confidence: Confidence
    active: bool
    superseded_by: str | None
    amount: Amount | None
    total: Amount | None
    committed: Amount | None
    committed_usd: float | None
    """USD owed unconditionally (None: not stated, or not in USD; 0: contingent)."""
    stated_usd: float | None
    """USD the sources state in all: committed plus contingent, ceilings, estimates."""
    high_usd: float | None
    """The most the deal can be worth in USD (None: unbounded or unknown)."""
    certainty: Certainty | None
    condition: str | None
    cash: bool
    status_changed: date | None
    """When the current status began (None: not dated); ``prior_status`` before it."""
    prior_status: Status | None
    inactive_from: date | None
    """For an inactive deal: the first day it was inactive (None: active, or undated)."""
    term: Term
    announced: PartialDate | None
    began: PartialDate | None
    paid_from: date | None
    paid_from_last: date | None
    """The last day the payments can have started (``paid_from`` at the source's precision:
    a term "from 2026-Q3" starts between 2026-07-01 and 2026-09-30)."""
    paid_until: date | None
    paid_until_first: date | None
    """The first day the payments can have ended (None while open)."""
    in_force_from: date | None
    in_force_until: date | None
    one_date: bool
    sources: list[str]
    """The sources whose quotes state the deal's amount (else any of its sources), best
    kind first."""

    @property
    def contingent(self) -> bool:
        """Return True when the deal's money waits on a condition."""
        return self.condition is not None

    def usd_total(self) -> float | None:
        """Return the total in USD when the deal's total is a USD amount, else None."""
        if self.total is not None and self.total.unit is Unit.USD:
            return self.total.value
        return None


def _name(dataset: Dataset, org_id: str) -> str:
    record = dataset.records.get(org_id)
    return record.caption if record is not None else org_id


def flow_amounts(deal: Deal) -> dict[str, Any]:
    """Return the money fields each flow of ``deal`` carries (``amount``, ``total``,
    ``committed``, ``committed_usd``, ``stated_usd``, ``high_usd``, ``certainty``): the deal's
    own, or all None when several payers or payees share its value (four buyers' $1B order, a
    loan from four banks). That value is the deal's total: each pair's share is unknown, never
    the whole (summing the flows would count it once per pair) and never zero."""
    if len(deal.payers()) * len(deal.payees()) > 1:
        return dict.fromkeys(
            ("amount", "total", "committed", "committed_usd", "stated_usd", "high_usd", "certainty")
        )
    money = deal.money()
    return {
        "amount": deal.value,
        "total": deal.total_value(),
        "committed": deal.committed_minimum(),
        "committed_usd": money.usd(),
        "stated_usd": money.usd(include_uncommitted=True),
        "high_usd": money.high_usd,
        "certainty": money.certainty,
    }


def deal_flows(dataset: Dataset, deal: Deal, groups: FlowFilter | None = None) -> list[MoneyFlow]:
    """Return the money flows of one deal (none when its kind moves no money), with payer and
    payee groups as of the filter's date and confidence."""
    if deal.flow is FlowCategory.NONE:
        return []
    chosen = groups or FlowFilter()
    bounds = deal.payment_bounds()  # once: the intervals below all derive from it
    payment = (
        None if bounds is None else (bounds.starts.first, bounds.ends.last if bounds.ends else None)
    )
    holding = (
        (payment[0], deal.exited.last_day() if deal.exited else None)
        if payment is not None and deal.kind.spec.shape is FlowShape.TRANCHE
        else None
    )  # Deal.holding_interval
    one_date = holding is None and deal.paid_at_one_date()  # Deal.counts_for_a_window
    amounts = flow_amounts(deal)
    in_force = holding or payment
    sources = dataset.best_first(
        deal.sources_stating("value", "reported_total") or deal.source_ids()
    )
    flows = []
    for payer in deal.payers():
        for payee in deal.payees():
            flows.append(
                MoneyFlow(
                    deal=deal.id,
                    title=deal.title,
                    kind=deal.kind,
                    flow=deal.flow,
                    shape=deal.kind.spec.shape,
                    payer=payer,
                    payee=payee,
                    payer_name=_name(dataset, payer),
                    payee_name=_name(dataset, payee),
                    payer_group=group_of(dataset, payer, chosen.as_of, chosen.min_confidence),
                    payee_group=group_of(dataset, payee, chosen.as_of, chosen.min_confidence),
                    status=deal.status,
                    confidence=deal.confidence,
                    active=dataset.is_active(deal),
                    superseded_by=dataset.superseded_by(deal.id),
                    **amounts,
                    condition=deal.condition,
                    cash=deal.cash,
                    status_changed=deal.status_changed,
                    prior_status=deal.prior_status,
                    inactive_from=dataset.inactive_from(deal),
                    term=deal.term,
                    announced=deal.announced,
                    began=deal.began,
                    paid_from=payment[0] if payment else None,
                    paid_from_last=bounds.starts.last if bounds else None,
                    paid_until=payment[1] if payment else None,
                    paid_until_first=bounds.ends.first if bounds and bounds.ends else None,
                    in_force_from=in_force[0] if in_force else None,
                    in_force_until=in_force[1] if in_force else None,
                    one_date=one_date,
                    sources=sources,
                )
            )
    return flows


def money_flows(dataset: Dataset, flows_filter: FlowFilter | None = None) -> list[MoneyFlow]:
    """Return the money flows of every deal that passes the filter, ordered by deal id.

    Terminated deals pass only with ``include_inactive`` (they are inactive).
    """
    chosen = flows_filter or FlowFilter()
    if chosen.as_of is None and chosen.min_confidence is None:  # today's groups: reuse them
        passing: dict[str, bool] = {}
        found = []
        for flow in all_money_flows(dataset):
            if flow.deal not in passing:
                passing[flow.deal] = chosen.passes(dataset, dataset.records[flow.deal])  # type: ignore[arg-type]
            if passing[flow.deal]:
                found.append(flow)
        return found
    found: list[MoneyFlow] = []
    for deal in dataset.deals:
        if deal.flow is FlowCategory.NONE or not chosen.passes(dataset, deal):
            continue
        found.extend(deal_flows(dataset, deal, chosen))
    return found


def all_money_flows(dataset: Dataset) -> list[MoneyFlow]:
    """Return the flows of every deal, unfiltered, groups as of today (what Neo4j stores);
    computed once per dataset."""
    if "all_money_flows" not in dataset.derived:
        dataset.derived["all_money_flows"] = [
            flow for deal in dataset.deals for flow in deal_flows(dataset, deal)
        ]
    return list(dataset.derived["all_money_flows"])


def money_flow_graph(
    dataset: Dataset, flows_filter: FlowFilter | None = None, group_level: bool = True
) -> nx.MultiDiGraph:
    """Return the projection as a MultiDiGraph: nodes are groups (or organizations), one edge
    per flow keyed ``deal`` (``deal:payer->payee`` when a deal has several pairs), with the
    :class:`MoneyFlow` under the edge attribute ``flow``.

    Flows inside one group (a subsidiary paying its parent) are left out at group level.
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    flows = money_flows(dataset, flows_filter)
    pairs_per_deal: dict[str, int] = {}
    for flow in flows:
        pairs_per_deal[flow.deal] = pairs_per_deal.get(flow.deal, 0) + 1
    for flow in flows:
        source, target = (
            (flow.payer_group, flow.payee_group) if group_level else (flow.payer, flow.payee)
        )
        if source == target:
            continue
        key = flow.deal
        if pairs_per_deal[flow.deal] > 1:
            key = f"{flow.deal}:{flow.payer}->{flow.payee}"
        graph.add_edge(source, target, key=key, flow=flow)
    return graph


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupFlow:
    """A money flow between groups during one epoch of the corporate structure, under the
    confidence filters in ``levels``.

    This is the group-level projection that Neo4j stores as ``GROUP_PAYS``: at any as-of date
    (or for the current structure) and filter exactly one epoch of each flow applies.
    """

    flow: MoneyFlow
    payer_group: str
    payee_group: str
    first_day: date | None
    last_day: date | None
    levels: tuple[int, ...] = CONFIDENCE_LEVELS

    @property
    def current(self) -> bool:
        """Return True for the epoch of the current structure."""
        return self.last_day is None


def group_flows(flows: list[MoneyFlow], group_epochs: list[GroupEpoch]) -> list[GroupFlow]:
    """Return each flow per structure epoch of its payer and payee (from :func:`group_epochs`),
    leaving out the epochs in which both are in one group."""
    epochs: dict[str, list[GroupEpoch]] = {}
    for epoch in group_epochs:
        epochs.setdefault(epoch.organization, []).append(epoch)
    result: list[GroupFlow] = []
    for flow in flows:
        for payer_epoch in epochs.get(flow.payer, []):
            for payee_epoch in epochs.get(flow.payee, []):
                levels = tuple(r for r in payer_epoch.levels if r in payee_epoch.levels)
                if not levels:
                    continue
                first = _latest(payer_epoch.first_day, payee_epoch.first_day)
                last = _earliest(payer_epoch.last_day, payee_epoch.last_day)
                if first is not None and last is not None and first > last:
                    continue
                if payer_epoch.group == payee_epoch.group:
                    continue
                result.append(
                    GroupFlow(
                        flow=flow,
                        payer_group=payer_epoch.group,
                        payee_group=payee_epoch.group,
                        first_day=first,
                        last_day=last,
                        levels=levels,
                    )
                )
    return result


def _latest(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else max(a, b)


def _earliest(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)
