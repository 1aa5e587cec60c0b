"""exposure: how much a group depends on each customer and investor, and on its own suppliers.

Per provider group, its contracted revenue by customer group (full term and committed minimum),
each customer's ``share`` and the concentration of the whole (Herfindahl index, top share). Per
funded group, the investment it received by investor group, and the **vendor-financed share**:
the part of its funding that came from groups it pays (its clouds, chip makers, suppliers).
Guarantees and backstops in a group's favour are listed apart, as contingent exposure: no money
moves until one is called.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pydantic import BaseModel, Field

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.records import Deal
from aigraph.graph.model.vocabulary import (
    DealKind,
    ExposureSide,
    FlowCategory,
    PartyRole,
    Status,
    Unit,
)
from aigraph.graph.money import group_of
from aigraph.queries.flows import filtered_flow_records, usd_total
from aigraph.queries.library.contracted_revenue import CONTRACTED_MIN_STATUS
from aigraph.queries.spec import RECORD_ID, FilterParams, Query, Records

SIDE_ORDER = {side: index for index, side in enumerate(ExposureSide)}


class ExposureParams(FilterParams):
    """Parameters of exposure (rumours, talks and deals on hold left out by default)."""

    min_status: Status | None = Field(
        default=CONTRACTED_MIN_STATUS, description="Weakest deal status to count (reported)."
    )
    provider: str | None = Field(
        default=None,
        description="Only this provider group's revenue and contingent rows (and, unless "
        "--funded is given, no funding rows).",
        json_schema_extra=RECORD_ID,
    )
    funded: str | None = Field(
        default=None,
        description="Only this funded group's funding rows (and, unless --provider is given, "
        "no revenue rows).",
        json_schema_extra=RECORD_ID,
    )


class ExposureRow(BaseModel):
    """One counterparty of one group, on one side: how much, what share, how concentrated."""

    group: str
    side: ExposureSide
    counterparty: str
    via: str | None
    """For a contingent row, the obligor whose payments the guarantee backs."""
    full_term_usd: float | None
    committed_usd: float | None
    share: float | None
    """This counterparty's part of the group's known USD on this side."""
    deals: list[str]
    unknown_amounts: int
    group_total_usd: float
    hhi: float | None
    """Herfindahl index of the group's side: the sum of the squared shares (1.0: one party)."""
    top_share: float | None
    vendor: bool
    """Funding side: the funded group pays this investor (a supplier finances its customer)."""
    vendor_financed_share: float | None
    """Funding side: the part of the group's known funding that came from groups it pays."""
    sources: list[str]


def _guarantee_record(graph: EmbeddedGraph, deal: Deal, params: ExposureParams) -> dict[str, Any]:
    dataset = graph.dataset
    parties = [
        {
            "role": role.value,
            "org": org,
            "group": group_of(dataset, org, params.as_of, params.min_confidence),
        }
        for role, orgs in deal.parties.items()
        for org in orgs
    ]
    amount = deal.value
    return {
        "deal": deal.id,
        "amount": amount.value if amount is not None else None,
        "unit": amount.unit.value if amount is not None else None,
        "parties": parties,
        "sources": deal.source_ids(),
    }


def _records(graph: EmbeddedGraph, params: ExposureParams) -> Records:
    passes = params.flow_filter().passes
    guarantees = [
        _guarantee_record(graph, deal, params)
        for deal in graph.dataset.deals
        if deal.kind is DealKind.GUARANTEE and passes(graph.dataset, deal)
    ]
    return [{"flows": filtered_flow_records(graph, params), "guarantees": guarantees}]


def _side_rows(
    group: str, side: ExposureSide, by_party: dict[str, list[dict[str, Any]]], pays: set[str]
) -> list[ExposureRow]:
    known = {
        party: [t for t in (usd_total(f) for f in flows) if t is not None]
        for party, flows in by_party.items()
    }
    total = sum(sum(values) for values in known.values())
    shares = {party: sum(values) / total for party, values in known.items() if values and total}
    hhi = round(sum(share**2 for share in shares.values()), 6) if shares else None
    top = max(shares.values()) if shares else None
    vendor_usd = sum(sum(known[p]) for p in known if p in pays)
    vendor_share = vendor_usd / total if side is ExposureSide.FUNDING and total else None
    rows = []
    for party, flows in by_party.items():
        committed = [t for t in (usd_total(f, "committed") for f in flows) if t is not None]
        rows.append(
            ExposureRow(
                group=group,
                side=side,
                counterparty=party,
                via=None,
                full_term_usd=sum(known[party]) if known[party] else None,
                committed_usd=sum(committed) if committed else None,
                share=shares.get(party),
                deals=sorted({f["deal"] for f in flows}),
                unknown_amounts=len(flows) - len(known[party]),
                group_total_usd=total,
                hhi=hhi,
                top_share=top,
                vendor=side is ExposureSide.FUNDING and party in pays,
                vendor_financed_share=vendor_share,
                sources=sorted({s for f in flows for s in f.get("sources") or []}),
            )
        )
    return rows


def _contingent_rows(guarantees: list[dict[str, Any]]) -> list[ExposureRow]:
    by_pair: dict[tuple[str, str, str | None], list[dict[str, Any]]] = defaultdict(list)
    for guarantee in guarantees:
        groups: dict[str, list[str]] = defaultdict(list)
        for party in guarantee["parties"]:
            groups[party["role"]].append(party["group"])
        obligors = sorted(groups.get(PartyRole.OBLIGOR.value, [])) or [None]
        for beneficiary in sorted(groups.get(PartyRole.BENEFICIARY.value, [])):
            for guarantor in sorted(groups.get(PartyRole.GUARANTOR.value, [])):
                by_pair[(beneficiary, guarantor, obligors[0])].append(guarantee)
    totals: dict[str, float] = defaultdict(float)
    for (beneficiary, _, _), items in by_pair.items():
        totals[beneficiary] += sum(_usd(g) or 0.0 for g in items)
    rows = []
    for (beneficiary, guarantor, obligor), items in by_pair.items():
        known = [u for u in map(_usd, items) if u is not None]
        rows.append(
            ExposureRow(
                group=beneficiary,
                side=ExposureSide.CONTINGENT,
                counterparty=guarantor,
                via=obligor,
                full_term_usd=sum(known) if known else None,
                committed_usd=None,
                share=sum(known) / totals[beneficiary] if known and totals[beneficiary] else None,
                deals=sorted(g["deal"] for g in items),
                unknown_amounts=len(items) - len(known),
                group_total_usd=totals[beneficiary],
                hhi=None,
                top_share=None,
                vendor=False,
                vendor_financed_share=None,
                sources=sorted({s for g in items for s in g.get("sources") or []}),
            )
        )
    return rows


def _usd(guarantee: dict[str, Any]) -> float | None:
    if guarantee.get("unit") == Unit.USD.value and guarantee.get("amount") is not None:
        return float(guarantee["amount"])
    return None


def _rows(records: Records, params: ExposureParams) -> list[ExposureRow]:
    flows = [f for record in records for f in record["flows"]]
    guarantees = [g for record in records for g in record["guarantees"]]
    revenue: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    funding: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    pays: dict[str, set[str]] = defaultdict(set)
    for flow in flows:
        payer, payee = flow["payer_group"], flow["payee_group"]
        if flow["flow"] == FlowCategory.COMMERCIAL.value:
            revenue[payee][payer].append(flow)
            pays[payer].add(payee)
        elif flow["flow"] == FlowCategory.INVESTMENT.value:
            funding[payee][payer].append(flow)
    rows = [r for g, by in revenue.items() for r in _side_rows(g, ExposureSide.REVENUE, by, set())]
    rows += [
        r for g, by in funding.items() for r in _side_rows(g, ExposureSide.FUNDING, by, pays[g])
    ]
    rows += _contingent_rows(guarantees)
    if params.provider is not None or params.funded is not None:
        rows = [
            r
            for r in rows
            if (r.side is ExposureSide.FUNDING and r.group == params.funded)
            or (r.side is not ExposureSide.FUNDING and r.group == params.provider)
        ]
    rows.sort(
        key=lambda r: (
            SIDE_ORDER[r.side],
            -r.group_total_usd,
            r.group,
            -(r.share or 0.0),
            r.counterparty,
            r.via or "",
        )
    )
    return rows


def _cypher_parameters(params: ExposureParams) -> dict[str, Any]:
    return params.cypher_filters() | {"guarantee": DealKind.GUARANTEE.value}


QUERY = Query(
    id="exposure",
    title="Exposure",
    description="Per group, contracted revenue by customer and investment by investor, with "
    "shares, concentration (Herfindahl index, top share) and the vendor-financed share of "
    "funding; guarantees in its favour apart, as contingent exposure.",
    params=ExposureParams,
    row=ExposureRow,
    records=_records,
    rows_from_records=_rows,
    cypher_parameters=_cypher_parameters,
    returns="Rows come side by side: ``revenue`` (a provider group's customers), ``funding`` "
    "(a funded group's investors, ``vendor`` when the group pays that investor) and "
    "``contingent`` (guarantors of deals in the group's favour, ``via`` the obligor). "
    "``share`` is the counterparty's part of the group's known USD on that side; ``hhi`` and "
    "``top_share`` the concentration; ``vendor_financed_share`` the part of funding from "
    "groups the funded group pays. Largest group first, largest counterparty first.",
    visual_description="Every money flow into the group of one organization (current "
    "structure): the customers paying it and the investors funding it, and the guarantees "
    "backing deals in its favour.",
    example={"provider": "oracle"},
    doctest="""
    >>> from aigraph.graph import EmbeddedGraph
    >>> from aigraph.loaders import load_curated
    >>> rows = exposure(EmbeddedGraph(load_curated()), provider="oracle")
    >>> top = rows[0]
    >>> (top.group, top.side.value, top.counterparty, top.share > 0.5)
    ('oracle', 'revenue', 'openai', True)
    """,
    parity=(
        {},
        {"provider": "oracle"},
        {"funded": "anthropic"},
        {"as_of": "2026-01"},
        {"min_status": None, "include_inactive": True},
    ),
    order=4,
)
