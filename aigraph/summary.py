"""The build summary: counts, deals by status, contracted value by provider, conflicts."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from aigraph.graph.claims import Conflict
from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.vocabulary import Status
from aigraph.loaders.deals_table import DealTableReport
from aigraph.loaders.epoch import EpochReport
from aigraph.queries import contracted_revenue
from aigraph.queries.library.contracted_revenue import ContractedRevenueRow


class BuildSummary(BaseModel):
    """What ``aigraph build`` prints."""

    records: dict[str, int]
    nodes: int
    relationships: dict[str, int]
    deals_by_status: dict[str, int]
    contracted_value_by_provider: list[ContractedRevenueRow]
    conflicts: list[Conflict]
    epoch: EpochReport | None = None
    deals: DealTableReport | None = None
    quote_warnings: list[str] = []
    """Citations whose quote states none, or only some, of the values cited for (the load
    keeps them; a reader should look)."""


def build_summary(
    graph: EmbeddedGraph,
    epoch: EpochReport | None = None,
    deals: DealTableReport | None = None,
) -> BuildSummary:
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
        deals=deals,
        quote_warnings=graph.dataset.derived.get("quote_warnings", []),
    )
