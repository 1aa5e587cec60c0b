"""Group roll-up and the money-flow projection that the queries run on (see DESIGN.md).

- A **group** is the ultimate parent of an organization at a date, following the structure links
  (subsidiary-of, merged-into, acquired-by, division-of) in force then.
- A **money flow** is a directed edge payer -> payee for each deal with money in it: a customer
  pays its provider or supplier, an investor pays the investee, a warrant's issuer gives value to
  the holder. Edges are keyed by deal id, so parallel contracts are never merged.
"""

from __future__ import annotations

from datetime import date, timedelta

import networkx as nx
from pydantic import BaseModel, ConfigDict

from aigraph.graph.dataset import Dataset
from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.records import Deal, Organization, Term
from aigraph.graph.model.vocabulary import Confidence, DealKind, FlowCategory, Status, Unit

MAX_GROUP_DEPTH = 16


def group_of(dataset: Dataset, org_id: str, as_of: PartialDate | None = None) -> str:
    """Return the id of the ultimate parent of ``org_id`` at ``as_of`` (itself if none).

    With ``as_of=None`` the current structure (links without an end) is used.

    >>> # xai merged into spacex in 2026: group_of(ds, "xai") == "spacex"
    """
    return group_on(dataset, org_id, None if as_of is None else as_of.last_day())


def group_on(dataset: Dataset, org_id: str, day: date | None) -> str:
    """Return the ultimate parent of ``org_id`` on ``day`` (None: the current structure)."""
    current = org_id
    seen = {current}
    for _ in range(MAX_GROUP_DEPTH):
        record = dataset.records.get(current)
        if not isinstance(record, Organization):
            return current
        parent = next((link.parent for link in record.structure if link.in_force_on(day)), None)
        if parent is None or parent in seen:
            return current
        seen.add(parent)
        current = parent
    return current


class GroupEpoch(BaseModel):
    """An organization belongs to ``group`` from ``first_day`` to ``last_day`` (None: open)."""

    model_config = ConfigDict(frozen=True)

    organization: str
    group: str
    first_day: date | None
    last_day: date | None

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
    """Return, per organization, the dated epochs of its group membership (itself included).

    The epochs of one organization cover all time without gaps, so that a query at any as-of
    date finds exactly one group (materialised in Neo4j as ``IN_GROUP`` relationships).
    """
    breakpoints = _structure_breakpoints(dataset)
    starts: list[date | None] = [None, *breakpoints]
    epochs: list[GroupEpoch] = []
    for org in dataset.organizations:
        spans: list[tuple[date | None, date | None, str]] = []
        for index, start in enumerate(starts):
            end = breakpoints[index] - timedelta(days=1) if index < len(breakpoints) else None
            probe = (
                start
                if start is not None
                else (breakpoints[0] - timedelta(days=1) if breakpoints else None)
            )
            group = (
                group_on(dataset, org.id, probe) if end is not None else group_of(dataset, org.id)
            )
            if spans and spans[-1][2] == group:
                spans[-1] = (spans[-1][0], end, group)
            else:
                spans.append((start, end, group))
        epochs.extend(
            GroupEpoch(organization=org.id, group=g, first_day=a, last_day=b) for a, b, g in spans
        )
    return epochs


def group_members(dataset: Dataset, as_of: PartialDate | None = None) -> dict[str, list[str]]:
    """Return each group id with the ids of its members (the group itself included), sorted."""
    members: dict[str, list[str]] = {}
    for org in dataset.organizations:
        members.setdefault(group_of(dataset, org.id, as_of), []).append(org.id)
    return {group: sorted(ids) for group, ids in sorted(members.items())}


class MoneyFlow(BaseModel):
    """One payer -> payee edge of the projection."""

    model_config = ConfigDict(frozen=True)

    deal: str
    kind: DealKind
    flow: FlowCategory
    payer: str
    payee: str
    payer_group: str
    payee_group: str
    status: Status
    confidence: Confidence
    amount: Amount | None
    total: Amount | None
    term: Term
    announced: PartialDate | None
    began: PartialDate | None
    sources: list[str]

    def usd_total(self) -> float | None:
        """Return the total in USD when the deal's total is a USD amount, else None."""
        if self.total is not None and self.total.unit is Unit.USD:
            return self.total.value
        return None


def deal_passes(
    deal: Deal,
    as_of: PartialDate | None = None,
    min_status: Status | None = None,
    min_confidence: Confidence | None = None,
) -> bool:
    """Return True when a deal is in force at ``as_of`` and meets the status and confidence."""
    minimum = min_status or Status.RUMOURED
    if not deal.status.at_least(minimum):
        return False
    if min_confidence is not None and not deal.confidence.at_least(min_confidence):
        return False
    return deal.in_force(as_of)


def money_flows(
    dataset: Dataset,
    as_of: PartialDate | None = None,
    min_status: Status | None = None,
    min_confidence: Confidence | None = None,
) -> list[MoneyFlow]:
    """Return the money flows of every deal that passes the filters, ordered by deal id.

    Terminated deals never pass (their status ranks below ``rumoured``).
    """
    flows: list[MoneyFlow] = []
    for deal in dataset.deals:
        if deal.flow is FlowCategory.NONE:
            continue
        if not deal_passes(deal, as_of, min_status, min_confidence):
            continue
        for payer in deal.payers():
            for payee in deal.payees():
                flows.append(
                    MoneyFlow(
                        deal=deal.id,
                        kind=deal.kind,
                        flow=deal.flow,
                        payer=payer,
                        payee=payee,
                        payer_group=group_of(dataset, payer, as_of),
                        payee_group=group_of(dataset, payee, as_of),
                        status=deal.status,
                        confidence=deal.confidence,
                        amount=deal.value,
                        total=deal.total_value(),
                        term=deal.term,
                        announced=deal.announced,
                        began=deal.began,
                        sources=deal.source_ids(),
                    )
                )
    return flows


def money_flow_graph(
    dataset: Dataset,
    as_of: PartialDate | None = None,
    min_status: Status | None = None,
    min_confidence: Confidence | None = None,
    group_level: bool = True,
) -> nx.MultiDiGraph:
    """Return the projection as a MultiDiGraph: nodes are groups (or organizations), one edge
    per flow keyed ``deal`` (``deal:payer->payee`` when a deal has several pairs), with the
    :class:`MoneyFlow` under the edge attribute ``flow``.

    Flows inside one group (a subsidiary paying its parent) are left out at group level.
    """
    graph = nx.MultiDiGraph()
    flows = money_flows(dataset, as_of, min_status, min_confidence)
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


class GroupFlow(BaseModel):
    """A money flow between groups during one epoch of the corporate structure.

    This is the group-level projection that Neo4j stores as ``GROUP_PAYS``: at any as-of date
    (or for the current structure) exactly one epoch of each flow applies.
    """

    model_config = ConfigDict(frozen=True)

    flow: MoneyFlow
    payer_group: str
    payee_group: str
    first_day: date | None
    last_day: date | None

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
                    )
                )
    return result


def _latest(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else max(a, b)


def _earliest(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)
