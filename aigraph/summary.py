"""The build summary: counts, deals by status, contracted value by provider, conflicts."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from graph.claims import Conflict
from graph.embedded import EmbeddedGraph
from graph.vocabulary import Status
from loaders.epoch import EpochReport
from queries.contracted_revenue import ContractedRevenueRow, contracted_revenue


class BuildSummary(BaseModel):
    """What ``aigraph build`` prints."""

    records: dict[str, int]
    nodes: int
    relationships: dict[str, int]
    deals_by_status: dict[str, int]
    contracted_value_by_provider: list[ContractedRevenueRow]
    conflicts: list[Conflict]
    epoch: EpochReport | None = None


def build_summary(graph: EmbeddedGraph, epoch: EpochReport | None = None) -> BuildSummary:
    """Return the summary of a built graph (contracted value from the contracted-revenue query)."""
    statuses = Counter(deal.status for deal in graph.dataset.deals)
    return BuildSummary(
        records=graph.dataset.counts(),
        nodes=graph.graph.number_of_nodes(),
        relationships=graph.relationship_counts(),
        deals_by_status={s.value: statuses[s] for s in Status if statuses[s]},
        contracted_value_by_provider=contracted_revenue(graph),
        conflicts=graph.conflicts(),
        epoch=epoch,
    )
