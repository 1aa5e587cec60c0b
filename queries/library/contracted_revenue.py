"""contracted-revenue: per provider, rate x term of its deals beside any reported total.

The seed case: SpaceX's three Colossus leases ($1.25B, $920M and $150M a month) against the
"$25.3 billion in contracted revenue from these three capacity deals" an article reports. Where
a deal has a ramp or an early-exit clause, both its full-term total (what it adds up to if it
runs) and its committed minimum (what is owed if a party exits as early as it may) are kept,
so a reported figure is compared with the range, not with an artefact of the full term.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.records import ReportedFigure
from aigraph.graph.model.vocabulary import FlowCategory, Metric, Unit
from aigraph.graph.money import group_of
from aigraph.queries.flows import FlowRef, filtered_flow_records
from aigraph.queries.spec import RECORD_ID, FilterParams, Query, Records


class ContractedRevenueParams(FilterParams):
    """Parameters of contracted-revenue (the evidence policy's defaults)."""

    provider: str | None = Field(
        default=None, description="Only this provider group.", json_schema_extra=RECORD_ID
    )


class ContractedRevenueRow(BaseModel):
    """A provider group's contracted value, and a reported figure compared with it."""

    provider: str
    deals: int
    deals_without_value: int
    derived_usd: float
    committed_usd: float
    figure: str | None
    reported_usd: float | None
    covered_deals: list[str]
    covered_derived_usd: float | None
    covered_committed_usd: float | None
    difference_usd: float | None
    within_range: bool | None
    flows: list[FlowRef]
    sources: list[str]


def _records(graph: EmbeddedGraph, params: ContractedRevenueParams) -> Records:
    dataset = graph.dataset
    by_provider: dict[str, list[dict[str, Any]]] = {}
    for flow in filtered_flow_records(graph, params):
        if flow["flow"] == FlowCategory.COMMERCIAL.value:
            by_provider.setdefault(flow["payee_group"], []).append(flow)
    figures: dict[str, list[dict[str, Any]]] = {}
    for figure in dataset.of_type(ReportedFigure):
        if figure.metric is Metric.CONTRACTED_REVENUE:
            figures.setdefault(
                group_of(dataset, figure.subject, params.as_of, params.min_confidence), []
            ).append(
                {
                    "id": figure.id,
                    "amount": figure.amount.value,
                    "unit": figure.amount.unit.value,
                    "covers": list(figure.covers),
                    "sources": figure.source_ids(),
                }
            )
    return [
        {"provider": provider, "flows": flows, "figures": figures.get(provider, [])}
        for provider, flows in sorted(by_provider.items())
        if params.provider in (None, provider)
    ]


def _rows(records: Records, params: ContractedRevenueParams) -> list[ContractedRevenueRow]:
    rows = []
    for record in records:
        flows = sorted(
            (FlowRef.from_record(f) for f in record["flows"]), key=lambda f: (f.deal, f.payer)
        )
        known = [f.total_usd for f in flows if f.total_usd is not None]
        figures = [f for f in record["figures"] if f and f.get("id")]
        base = {
            "provider": record["provider"],
            "deals": len(flows),
            "deals_without_value": len(flows) - len(known),
            "derived_usd": sum(known),
            "committed_usd": sum(f.committed_usd for f in flows if f.committed_usd is not None),
            "flows": flows,
        }
        if not figures:
            rows.append(
                ContractedRevenueRow(
                    **base,
                    figure=None,
                    reported_usd=None,
                    covered_deals=[],
                    covered_derived_usd=None,
                    covered_committed_usd=None,
                    difference_usd=None,
                    within_range=None,
                    sources=sorted({s for f in flows for s in f.sources}),
                )
            )
        for figure in sorted(figures, key=lambda f: f["id"]):
            covers = sorted(figure.get("covers") or []) or [f.deal for f in flows]
            covered = [f.total_usd for f in flows if f.deal in covers and f.total_usd is not None]
            covered_usd = sum(covered) if covered else None
            committed = [
                f.committed_usd for f in flows if f.deal in covers and f.committed_usd is not None
            ]
            committed_usd = sum(committed) if committed else None
            reported = figure["amount"] if figure.get("unit") == Unit.USD.value else None
            sources = {s for f in flows if f.deal in covers for s in f.sources}
            rows.append(
                ContractedRevenueRow(
                    **base,
                    figure=figure["id"],
                    reported_usd=reported,
                    covered_deals=covers,
                    covered_derived_usd=covered_usd,
                    covered_committed_usd=committed_usd,
                    difference_usd=(
                        covered_usd - reported
                        if covered_usd is not None and reported is not None
                        else None
                    ),
                    within_range=(
                        committed_usd <= reported <= covered_usd
                        if None not in (committed_usd, covered_usd, reported)
                        else None
                    ),
                    sources=sorted(sources | set(figure.get("sources") or [])),
                )
            )
    rows.sort(key=lambda r: (-r.derived_usd, r.provider, r.figure or ""))
    return rows


def _cypher_parameters(params: ContractedRevenueParams) -> dict[str, Any]:
    return params.cypher_filters() | {
        "provider": params.provider,
        "commercial": FlowCategory.COMMERCIAL.value,
        "metric": Metric.CONTRACTED_REVENUE.value,
    }


QUERY = Query(
    id="contracted-revenue",
    title="Contracted revenue",
    description="Per provider group, the total value of its commercial deals (rate x term "
    "where known) beside any reported contracted-revenue figure, with the difference.",
    params=ContractedRevenueParams,
    row=ContractedRevenueRow,
    records=_records,
    rows_from_records=_rows,
    cypher_parameters=_cypher_parameters,
    returns="``derived_usd`` sums the USD full-term totals of the provider's commercial deals "
    "(rate x term for periodic deals, ramps at their fee) and ``committed_usd`` their "
    "committed minimums (to the earliest exit a clause allows); for a reported figure, "
    "``covered_derived_usd`` and ``covered_committed_usd`` sum the deals it covers, "
    "``difference_usd`` is the full term minus ``reported_usd`` and ``within_range`` says "
    "whether the reported figure lies between the two. Largest provider first.",
    doctest="""
    >>> from aigraph.graph import EmbeddedGraph
    >>> from aigraph.loaders import load_curated
    >>> (row,) = contracted_revenue(EmbeddedGraph(load_curated()), provider="spacex")
    >>> (row.reported_usd, round(row.covered_committed_usd / 1e9, 2),
    ...  round(row.covered_derived_usd / 1e9, 2), row.within_range)
    (25300000000.0, 7.58, 79.36, True)
    """,
    parity=(
        {},
        {"provider": "spacex"},
        {"min_status": None},
        {"as_of": "2027-06"},
        {"include_inactive": True},
    ),
    order=3,
)
