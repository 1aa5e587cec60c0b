"""competitor-customers: a group pays another for compute, cloud or chips, and the two compete.

Two groups compete when their products sell in a shared market (a subsidiary's products count
for its group), or when a sourced competition record says that a party of one competes with a
party of the other (directly or through their products). A record with a ``subject`` (Grok
compared with Claude, GPT and Gemini) says only that the subject competes with each other
party, so it links the subject's group with theirs, never two of the others; and records about
other groups do not count. Each link lists its evidence, with its kind.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.records import Competition, Product
from aigraph.graph.model.records.markets import competing_pairs
from aigraph.graph.model.vocabulary import CUSTOMER_OFFERINGS, DEAL_KINDS, EvidenceKind
from aigraph.graph.money import group_of
from aigraph.queries.flows import FlowRef, counted_usd, filtered_flow_records
from aigraph.queries.spec import FilterParams, Query, Records
from aigraph.queries.timing import flow_sentence

CUSTOMER_KINDS = tuple(
    kind for kind, spec in DEAL_KINDS.items() if spec.offering in CUSTOMER_OFFERINGS
)
"""The deals in which a customer pays a provider for compute, cloud or chips."""


class CompetitorCustomersParams(FilterParams):
    """Parameters of competitor-customers."""

    limit: int | None = Field(default=None, ge=1, description="At most this many rows.")


class CompetitionEvidence(BaseModel):
    """Why the two groups compete: products of both in one market, or a competition record
    whose parties include both."""

    kind: EvidenceKind
    market: str | None
    customer_product: str | None = None
    provider_product: str | None = None
    record: str | None = None
    sources: list[str]
    sentence: str


class CompetitorCustomerRow(BaseModel):
    """A customer group paying a provider group that it competes with."""

    customer: str
    provider: str
    markets: list[str]
    customer_products: list[str]
    provider_products: list[str]
    competition: list[str]
    evidence: list[CompetitionEvidence]
    flows: list[FlowRef]
    total_usd: float | None
    """The committed USD of the flows that state one (all stated USD with
    ``include_uncommitted``); None when none does."""
    unvalued_deals: int = 0
    """How many of the flows state no such amount (never counted as 0)."""
    story: list[str]
    sources: list[str]


def _records(graph: EmbeddedGraph, params: CompetitorCustomersParams) -> Records:
    dataset = graph.dataset
    kinds = {k.value for k in CUSTOMER_KINDS}
    flows = [f for f in filtered_flow_records(graph, params) if f["kind"] in kinds]
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for flow in flows:
        pairs.setdefault((flow["payer_group"], flow["payee_group"]), []).append(flow)

    def group(org_id: str) -> str:
        return group_of(dataset, org_id, params.as_of, params.min_confidence)

    def name(record_id: str | None) -> str | None:
        record = dataset.records.get(record_id) if record_id else None
        return record.caption if record is not None else record_id

    products_by_group: dict[str, list[Product]] = {}
    for product in dataset.of_type(Product):
        products_by_group.setdefault(group(product.maker), []).append(product)

    def party_group(party: str) -> str:
        record = dataset.get(party)
        return group(record.maker if isinstance(record, Product) else party)

    claims = [
        {
            "id": c.id,
            "market": c.market,
            "market_name": name(c.market),
            "subject": c.subject,
            "sources": c.source_ids(),
            "parties": [{"id": p, "name": name(p), "group": party_group(p)} for p in c.parties],
        }
        for c in dataset.of_type(Competition)
    ]
    records: Records = []
    for (customer, provider), pair_flows in sorted(pairs.items()):
        product_markets = [
            {
                "market": market,
                "market_name": name(market),
                "customer_product": cp.id,
                "customer_product_name": cp.name,
                "provider_product": pp.id,
                "provider_product_name": pp.name,
                "sources": sorted({*cp.source_ids(), *pp.source_ids()}),
            }
            for cp in products_by_group.get(customer, [])
            for pp in products_by_group.get(provider, [])
            for market in sorted(set(cp.markets) & set(pp.markets))
        ]
        named = [
            claim
            for claim in claims
            if {customer, provider} <= {party["group"] for party in claim["parties"]}
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


def _claim_links(claim: dict[str, Any], customer: str, provider: str) -> bool:
    """Return True when the record says a party of one group competes with one of the other."""
    groups = {party["id"]: party["group"] for party in claim["parties"]}
    return any(
        {groups[a], groups[b]} == {customer, provider}
        for a, b in competing_pairs([party["id"] for party in claim["parties"]], claim["subject"])
    )


def _claim_sentence(claim: dict[str, Any]) -> str:
    parties = sorted(claim["parties"], key=lambda party: party["id"])
    names = {party["id"]: party["name"] or party["id"] for party in parties}
    where = f" in {claim['market_name']}" if claim.get("market_name") else ""
    sources = ", ".join(sorted(claim.get("sources") or [])) or "no source"
    if claim.get("subject"):
        others = [n for party, n in names.items() if party != claim["subject"]]
        said = f"{_joined(others)} compete with {names[claim['subject']]}{where}"
    else:
        said = f"{_joined(list(names.values()))} compete{where}"
    return f"{said} ({claim['id']}) [{sources}]"


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _evidence(record: dict[str, Any]) -> list[CompetitionEvidence]:
    found = []
    for pm in record["product_markets"]:
        if not pm.get("market"):
            continue
        sources = sorted(set(pm.get("sources") or []))
        found.append(
            CompetitionEvidence(
                kind=EvidenceKind.SHARED_MARKET,
                market=pm["market"],
                customer_product=pm["customer_product"],
                provider_product=pm["provider_product"],
                sources=sources,
                sentence=f"{pm['customer_product_name']} ({record['customer']}) and "
                f"{pm['provider_product_name']} ({record['provider']}) both sell in "
                f"{pm['market_name']} [{', '.join(sources) or 'no source'}]",
            )
        )
    for claim in record["claims"]:
        if not claim.get("id") or not _claim_links(claim, record["customer"], record["provider"]):
            continue
        found.append(
            CompetitionEvidence(
                kind=EvidenceKind.COMPETITION_RECORD,
                market=claim.get("market"),
                record=claim["id"],
                sources=sorted(set(claim.get("sources") or [])),
                sentence=_claim_sentence(claim),
            )
        )
    return sorted(
        found,
        key=lambda e: (
            e.kind,
            e.market or "",
            e.record or "",
            e.customer_product or "",
            e.provider_product or "",
        ),
    )


def _rows(records: Records, params: CompetitorCustomersParams) -> list[CompetitorCustomerRow]:
    rows = []
    for record in records:
        evidence = _evidence(record)
        if not evidence:
            continue
        ordered = sorted(
            record["flows"],
            key=lambda f: (str(f.get("paid_from") or "~"), f["deal"], f["payer"], f["payee"]),
        )
        flows = sorted(
            (FlowRef.from_record(f) for f in record["flows"]),
            key=lambda f: (f.deal, f.payer, f.payee),
        )
        amounts = [counted_usd(f, params.include_uncommitted) for f in record["flows"]]
        known = [a for a in amounts if a is not None]
        sources = {s for f in flows for s in f.sources} | {s for e in evidence for s in e.sources}
        rows.append(
            CompetitorCustomerRow(
                customer=record["customer"],
                provider=record["provider"],
                markets=sorted({e.market for e in evidence if e.market}),
                customer_products=sorted(
                    {e.customer_product for e in evidence if e.customer_product}
                ),
                provider_products=sorted(
                    {e.provider_product for e in evidence if e.provider_product}
                ),
                competition=sorted({e.record for e in evidence if e.record}),
                evidence=evidence,
                flows=flows,
                total_usd=sum(known) if known else None,
                unvalued_deals=len(amounts) - len(known),
                story=[flow_sentence(f) for f in ordered] + [e.sentence for e in evidence],
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
    "the products that meet there, the ``competition`` records that pair them, the "
    "``evidence`` (each with its ``kind``: shared-market or competition-record, and its "
    "sources), the ``flows`` (deals) with ``total_usd`` (rate x term where known), a "
    "``story`` (one dated, sourced sentence per deal and per piece of evidence) and the "
    "``sources``; largest total first.",
    visual_description="A customer paying a provider group whose products sell in a market "
    "where the customer's products sell too (current structure).",
    doctest="""
    >>> from aigraph.graph import EmbeddedGraph
    >>> from aigraph.loaders import load_curated
    >>> rows = competitor_customers(EmbeddedGraph(load_curated()))
    >>> ("anthropic", "spacex") in [(r.customer, r.provider) for r in rows]
    True
    """,
    parity=(
        {},
        {"as_of": "2025-12"},
        {"min_status": "signed"},
        {"include_inactive": True},
        {"min_confidence": "high"},
    ),
    order=2,
)
