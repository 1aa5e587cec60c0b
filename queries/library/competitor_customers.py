"""competitor-customers: a group pays another for compute, cloud or chips, and the two compete.

Two groups compete when their products sell in a shared market (a subsidiary's products count
for its group) or when a sourced competition record names both (through a product or directly).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.records import Competition, Product
from aigraph.graph.model.vocabulary import CUSTOMER_OFFERINGS, DEAL_KINDS
from aigraph.graph.money import group_of
from aigraph.queries.flows import FlowRef, filtered_flow_records
from aigraph.queries.spec import FilterParams, Query, Records

CUSTOMER_KINDS = tuple(
    kind for kind, spec in DEAL_KINDS.items() if spec.offering in CUSTOMER_OFFERINGS
)
"""The deals in which a customer pays a provider for compute, cloud or chips."""


class CompetitorCustomersParams(FilterParams):
    """Parameters of competitor-customers."""

    limit: int | None = Field(default=None, ge=1, description="At most this many rows.")


class CompetitorCustomerRow(BaseModel):
    """A customer group paying a provider group that it competes with."""

    customer: str
    provider: str
    markets: list[str]
    customer_products: list[str]
    provider_products: list[str]
    competition: list[str]
    flows: list[FlowRef]
    total_usd: float | None
    sources: list[str]


def _records(graph: EmbeddedGraph, params: CompetitorCustomersParams) -> Records:
    dataset = graph.dataset
    flows = [
        f
        for f in filtered_flow_records(graph, params)
        if f["kind"] in {k.value for k in CUSTOMER_KINDS}
    ]
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for flow in flows:
        pairs.setdefault((flow["payer_group"], flow["payee_group"]), []).append(flow)

    def group(org_id: str) -> str:
        return group_of(dataset, org_id, params.as_of)

    products_by_group: dict[str, list[Product]] = {}
    for product in dataset.of_type(Product):
        products_by_group.setdefault(group(product.maker), []).append(product)

    def party_group(party: str) -> str:
        record = dataset.get(party)
        return group(record.maker if isinstance(record, Product) else party)

    claims = [(c, {party_group(p) for p in c.parties}) for c in dataset.of_type(Competition)]
    records: Records = []
    for (customer, provider), pair_flows in sorted(pairs.items()):
        product_markets = [
            {"market": market, "customer_product": cp.id, "provider_product": pp.id}
            for cp in products_by_group.get(customer, [])
            for pp in products_by_group.get(provider, [])
            for market in sorted(set(cp.markets) & set(pp.markets))
        ]
        named = [
            {"id": c.id, "market": c.market, "sources": c.source_ids()}
            for c, groups in claims
            if customer in groups and provider in groups
        ]
        records.append(
            {
                "customer": customer,
                "provider": provider,
                "flows": pair_flows,
                "product_markets": product_markets,
                "claims": named,
            }
        )
    return records


def _rows(records: Records, params: CompetitorCustomersParams) -> list[CompetitorCustomerRow]:
    rows = []
    for record in records:
        product_markets = [pm for pm in record["product_markets"] if pm.get("market")]
        claims = [c for c in record["claims"] if c.get("id")]
        if not product_markets and not claims:
            continue
        flows = sorted(
            (FlowRef.from_record(f) for f in record["flows"]),
            key=lambda f: (f.deal, f.payer, f.payee),
        )
        known = [f.total_usd for f in flows if f.total_usd is not None]
        markets = {pm["market"] for pm in product_markets}
        markets |= {c["market"] for c in claims if c.get("market")}
        sources = {s for f in flows for s in f.sources}
        sources |= {s for c in claims for s in c.get("sources") or []}
        rows.append(
            CompetitorCustomerRow(
                customer=record["customer"],
                provider=record["provider"],
                markets=sorted(markets),
                customer_products=sorted({pm["customer_product"] for pm in product_markets}),
                provider_products=sorted({pm["provider_product"] for pm in product_markets}),
                competition=sorted({c["id"] for c in claims}),
                flows=flows,
                total_usd=sum(known) if known else None,
                sources=sorted(sources),
            )
        )
    rows.sort(key=lambda r: (r.total_usd is None, -(r.total_usd or 0.0), r.customer, r.provider))
    return rows[: params.limit] if params.limit else rows


def _cypher_parameters(params: CompetitorCustomersParams) -> dict[str, Any]:
    return params.cypher_filters() | {"kinds": [k.value for k in CUSTOMER_KINDS]}


QUERY = Query(
    id="competitor-customers",
    title="Competitor-customer links",
    description="Pairs of groups where the customer pays the provider for compute, cloud or "
    "chips and the two compete (products in a shared market, or a sourced competition record).",
    params=CompetitorCustomersParams,
    row=CompetitorCustomerRow,
    records=_records,
    rows_from_records=_rows,
    cypher_parameters=_cypher_parameters,
    returns="Each row has ``customer`` and ``provider`` (group ids), the shared ``markets``, "
    "the products that meet there, the ``competition`` records naming both, the ``flows`` "
    "(deals) with ``total_usd`` (rate x term where known), and the ``sources``; largest total "
    "first.",
    visual_description="A customer paying a provider group whose products sell in a market "
    "where the customer's products sell too (current structure).",
    doctest="""
    >>> from aigraph.graph import EmbeddedGraph
    >>> from aigraph.loaders import load_curated
    >>> rows = competitor_customers(EmbeddedGraph(load_curated()))
    >>> ("anthropic", "spacex") in [(r.customer, r.provider) for r in rows]
    True
    """,
    parity=({}, {"as_of": "2025-12"}, {"min_status": "signed"}),
    order=2,
)
