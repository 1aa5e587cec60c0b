"""The build summary: counts, deals by status, contracted value by provider, conflicts."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from aigraph.graph.claims import Conflict
from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.records import Deal
from aigraph.graph.model.vocabulary import CITABLE_FROM_USD, SourceKind, Status
from aigraph.loaders.deal_map import DealMapReport
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
    deals_by_best_source: dict[str, int] = {}
    """Deals by the best kind of source they cite (filing, press release, ..., aggregator)."""
    large_deals_by_best_source: dict[str, int] = {}
    """The same for deals of $1B or more (their full stated total in USD)."""
    large_deals_not_citable: list[str] = []
    """Deals of $1B or more whose sources are none of filing, press release, company page or
    established outlet."""
    contracted_value_by_provider: list[ContractedRevenueRow]
    conflicts: list[Conflict]
    epoch: EpochReport | None = None
    deal_map: DealMapReport | None = None
    deals: DealTableReport | None = None
    credits: list[str] = []
    """The attributions the licences of the data ask for (public datasets' credit lines)."""
    quote_warnings: list[str] = []
    """Citations whose quote states none, or only some, of the values cited for (the load
    keeps them; a reader should look)."""


def build_summary(
    graph: EmbeddedGraph,
    epoch: EpochReport | None = None,
    deals: DealTableReport | None = None,
    deal_map: DealMapReport | None = None,
) -> BuildSummary:
    """Return the summary of a built graph (contracted value from the contracted-revenue query)."""
    dataset = graph.dataset
    statuses = Counter(deal.status for deal in dataset.deals)
    best = {deal.id: dataset.best_source_kind(deal) for deal in dataset.deals}
    large = [deal for deal in dataset.deals if (deal.money().usd(True) or 0.0) >= CITABLE_FROM_USD]

    def by_kind(deals: list[Deal]) -> dict[str, int]:
        counts = Counter(best[deal.id] for deal in deals)
        kinds = [kind for kind in SourceKind if counts[kind]]
        return {kind.value: counts[kind] for kind in kinds} | (
            {"none": counts[None]} if counts[None] else {}
        )

    return BuildSummary(
        deals_by_best_source=by_kind(dataset.deals),
        large_deals_by_best_source=by_kind(large),
        large_deals_not_citable=sorted(
            deal.id for deal in large if best[deal.id] is None or not best[deal.id].citable
        ),
        records=graph.dataset.counts(),
        nodes=graph.graph.number_of_nodes(),
        relationships=graph.relationship_counts(),
        deals_by_status={s.value: statuses[s] for s in Status if statuses[s]},
        contracted_value_by_provider=contracted_revenue(graph),
        conflicts=graph.conflicts(),
        epoch=epoch,
        deal_map=deal_map,
        deals=deals,
        credits=dataset.credits(),
        quote_warnings=graph.dataset.derived.get("quote_warnings", []),
    )
