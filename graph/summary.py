"""The build summary: counts, deals by status, contracted value by provider, conflicts."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from graph.claims import Conflict
from graph.embedded import EmbeddedGraph
from graph.vocabulary import FlowCategory, Status


class ProviderValue(BaseModel):
    """Total contracted value (USD) of the commercial deals where a group is paid."""

    provider: str
    usd_total: float
    deals_with_value: int
    deals_without_value: int


class BuildSummary(BaseModel):
    """What ``aigraph build`` prints."""

    records: dict[str, int]
    nodes: int
    relationships: dict[str, int]
    deals_by_status: dict[str, int]
    contracted_value_by_provider: list[ProviderValue]
    conflicts: list[Conflict]


CONTRACTED_MIN_STATUS = Status.ANNOUNCED
"""Deals count as contracted from this status on (rumours and talks do not)."""


def contracted_value_by_provider(graph: EmbeddedGraph) -> list[ProviderValue]:
    """Return, per payee group of commercial deals at least announced, the summed USD total
    value (rate x term where possible, else the reported total), largest first, then by id.
    """
    totals: dict[str, float] = {}
    with_value: Counter[str] = Counter()
    without_value: Counter[str] = Counter()
    for flow in graph.money_flows(min_status=CONTRACTED_MIN_STATUS):
        if flow.flow is not FlowCategory.COMMERCIAL:
            continue
        usd = flow.usd_total()
        if usd is None:
            without_value[flow.payee_group] += 1
            totals.setdefault(flow.payee_group, 0.0)
        else:
            with_value[flow.payee_group] += 1
            totals[flow.payee_group] = totals.get(flow.payee_group, 0.0) + usd
    rows = [
        ProviderValue(
            provider=provider,
            usd_total=total,
            deals_with_value=with_value[provider],
            deals_without_value=without_value[provider],
        )
        for provider, total in totals.items()
    ]
    return sorted(rows, key=lambda r: (-r.usd_total, r.provider))


def build_summary(graph: EmbeddedGraph) -> BuildSummary:
    """Return the summary of a built graph."""
    statuses = Counter(deal.status for deal in graph.dataset.deals)
    return BuildSummary(
        records=graph.dataset.counts(),
        nodes=graph.graph.number_of_nodes(),
        relationships=graph.relationship_counts(),
        deals_by_status={s.value: statuses[s] for s in Status if statuses[s]},
        contracted_value_by_provider=contracted_value_by_provider(graph),
        conflicts=graph.conflicts(),
    )
