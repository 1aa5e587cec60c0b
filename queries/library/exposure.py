"""exposure: how much a group depends on each customer and investor, and on its own suppliers.

Per provider group, its contracted revenue by customer group (committed money, and all stated
money), each customer's ``share`` of the known deals and, beside it, its share of the backlog the
group **reports** (remaining performance obligations, the reported figure nearest the as-of
date) with the graph's ``coverage`` of that figure; the concentration of the whole (Herfindahl
index, top share) is over the known deals, and rows say how many deals have no amount. Per
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
from aigraph.graph.model.records import Deal, ReportedFigure
from aigraph.graph.model.vocabulary import (
    DealKind,
    ExposureSide,
    FlowCategory,
    Metric,
    PartyRole,
    Unit,
)
from aigraph.graph.money import group_of
from aigraph.queries.flows import counted_usd, filtered_flow_records
from aigraph.queries.spec import RECORD_ID, FilterParams, Query, Records

SIDE_ORDER = {side: index for index, side in enumerate(ExposureSide)}


class ExposureParams(FilterParams):
    """Parameters of exposure (the evidence policy's defaults: rumours, talks and deals on hold
    left out)."""

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
    """All the money the deals state (committed, contingent, ceilings, estimates)."""
    committed_usd: float | None
    """The money the row counts: committed (all stated with ``include_uncommitted``)."""
    share: float | None
    """This counterparty's part of the group's known USD on this side (of known deals)."""
    deals: list[str]
    unknown_amounts: int
    """How many of the counterparty's deals state no amount (never counted as 0)."""
    group_total_usd: float
    """The group's known USD on this side: the sum over the deals that state an amount."""
    group_unvalued_deals: int
    """How many of the group's deals on this side state no amount."""
    reported_usd: float | None
    """The figure the group reports for this side nearest the as-of date: its backlog
    (remaining performance obligations) for revenue, the funding it has raised for funding;
    None when the graph holds no such figure (shares are then of known deals only)."""
    reported_figure: str | None
    reported_as_of: str | None
    share_of_reported: float | None
    """This counterparty's USD as a part of the reported figure, over its deals made by the
    figure's date (a later deal is not in that figure: see ``after_figure_deals``)."""
    coverage: float | None
    """The group's known USD on this side, over its deals made by the figure's date, as a part
    of the reported figure."""
    after_figure_deals: list[str] = Field(default_factory=list)
    """This counterparty's deals made after the reported figure's date: left out of
    ``share_of_reported`` and ``coverage`` (the figure cannot hold them)."""
    hhi: float | None
    """Herfindahl index of the group's side over its known deals: the sum of the squared
    shares (1.0: one party); read it with ``coverage``."""
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
    figures = [
        {
            "id": figure.id,
            "group": group_of(graph.dataset, figure.subject, params.as_of, params.min_confidence),
            "metric": figure.metric.value,
            "usd": figure.amount.value,
            "as_of": figure.as_of.last_day().isoformat(),
            "sources": figure.source_ids(),
        }
        for figure in graph.dataset.of_type(ReportedFigure)
        if figure.metric in DENOMINATOR.values()
        and figure.as_of is not None
        and figure.amount.unit is Unit.USD
    ]
    return [
        {
            "flows": filtered_flow_records(graph, params),
            "guarantees": guarantees,
            "figures": figures,
        }
    ]


def _side_rows(
    group: str,
    side: ExposureSide,
    by_party: dict[str, list[dict[str, Any]]],
    pays: set[str],
    params: ExposureParams,
    figure: dict[str, Any] | None,
) -> list[ExposureRow]:
    counted = {
        party: [counted_usd(f, params.include_uncommitted) for f in flows]
        for party, flows in by_party.items()
    }
    known = {party: [t for t in values if t is not None] for party, values in counted.items()}
    total = sum(sum(values) for values in known.values())
    unvalued = sum(len(v) - len(known[p]) for p, v in counted.items())
    shares = {party: sum(values) / total for party, values in known.items() if values and total}
    hhi = round(sum(share**2 for share in shares.values()), 6) if shares else None
    top = max(shares.values()) if shares else None
    vendor_usd = sum(sum(known[p]) for p in known if p in pays)
    vendor_share = vendor_usd / total if side is ExposureSide.FUNDING and total else None
    reported = figure["usd"] if figure else None
    # a figure measured at a date holds only the deals made by then
    cutoff = figure["as_of"] if figure else None
    made_after = {
        party: sorted({f["deal"] for f in flows if _after(f, cutoff)})
        for party, flows in by_party.items()
    }
    by_then = {
        party: [
            usd
            for f, usd in zip(flows, counted[party], strict=True)
            if usd is not None and not _after(f, cutoff)
        ]
        for party, flows in by_party.items()
    }
    total_by_then = sum(sum(values) for values in by_then.values())
    rows = []
    for party, flows in by_party.items():
        stated = [t for t in (counted_usd(f, True) for f in flows) if t is not None]
        mine = sum(known[party]) if known[party] else None
        mine_by_then = sum(by_then[party]) if by_then[party] else None
        rows.append(
            ExposureRow(
                group=group,
                side=side,
                counterparty=party,
                via=None,
                full_term_usd=sum(stated) if stated else None,
                committed_usd=mine,
                share=shares.get(party),
                deals=sorted({f["deal"] for f in flows}),
                unknown_amounts=len(flows) - len(known[party]),
                group_total_usd=total,
                group_unvalued_deals=unvalued,
                reported_usd=reported,
                reported_figure=figure["id"] if figure else None,
                reported_as_of=figure["as_of"] if figure else None,
                share_of_reported=mine_by_then / reported
                if reported and mine_by_then is not None
                else None,
                coverage=total_by_then / reported if reported else None,
                after_figure_deals=made_after[party] if figure else [],
                hhi=hhi,
                top_share=top,
                vendor=side is ExposureSide.FUNDING and party in pays,
                vendor_financed_share=vendor_share,
                sources=sorted(
                    {s for f in flows for s in f.get("sources") or []}
                    | set(figure["sources"] if figure else [])
                ),
            )
        )
    return rows


def _after(flow: dict[str, Any], cutoff: str | None) -> bool:
    """Return whether the flow's deal was made after ``cutoff`` (an ISO day; an undated deal
    is not known to be after it)."""
    began = flow.get("began_first_day")
    return cutoff is not None and began is not None and str(began) > cutoff


DENOMINATOR = {ExposureSide.REVENUE: Metric.BACKLOG, ExposureSide.FUNDING: Metric.FUNDING_RAISED}
"""The reported figure each side's shares are of."""


def nearest_figure(
    figures: list[dict[str, Any]], group: str, metric: Metric, day: str | None
) -> dict[str, Any] | None:
    """Return the group's reported figure of ``metric`` nearest the as-of ``day`` (ISO; None:
    the latest): the last measured on or before it, else the first after it.

    >>> figures = [{"id": "a", "group": "o", "metric": "backlog", "as_of": "2025-05-31"},
    ...            {"id": "b", "group": "o", "metric": "backlog", "as_of": "2025-08-31"}]
    >>> nearest_figure(figures, "o", Metric.BACKLOG, "2025-07-01")["id"]
    'a'
    >>> nearest_figure(figures, "o", Metric.BACKLOG, None)["id"]
    'b'
    """
    mine = sorted(
        (f for f in figures if f["group"] == group and f["metric"] == metric.value),
        key=lambda f: (f["as_of"], f["id"]),
    )
    if not mine:
        return None
    if day is None:
        return mine[-1]
    before = [f for f in mine if f["as_of"] <= day]
    return before[-1] if before else mine[0]


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
        totals[beneficiary] += sum(u for u in map(_usd, items) if u is not None)
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
                group_unvalued_deals=sum(
                    _usd(g) is None for k, v in by_pair.items() if k[0] == beneficiary for g in v
                ),
                reported_usd=None,
                reported_figure=None,
                reported_as_of=None,
                share_of_reported=None,
                coverage=None,
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
    figures = [f for record in records for f in record.get("figures") or [] if f.get("id")]
    day = params.as_of.last_day().isoformat() if params.as_of else None

    def figure(group: str, side: ExposureSide) -> dict[str, Any] | None:
        return nearest_figure(figures, group, DENOMINATOR[side], day)

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
    revenue_side, funding_side = ExposureSide.REVENUE, ExposureSide.FUNDING
    rows = [
        r
        for g, by in revenue.items()
        for r in _side_rows(g, revenue_side, by, set(), params, figure(g, revenue_side))
    ]
    rows += [
        r
        for g, by in funding.items()
        for r in _side_rows(g, funding_side, by, pays[g], params, figure(g, funding_side))
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
    return params.cypher_filters() | {
        "guarantee": DealKind.GUARANTEE.value,
        "denominator_metrics": sorted(metric.value for metric in DENOMINATOR.values()),
        "usd": Unit.USD.value,
    }


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
    "``share`` is the counterparty's part of the group's known USD on that side (of known "
    "deals); ``share_of_reported`` its part of the figure the group reports (backlog, funding "
    "raised) nearest the as-of date, ``coverage`` the known USD's part of it; ``hhi`` and "
    "``top_share`` the concentration over known deals; ``vendor_financed_share`` the "
    "part of funding from groups the funded group pays. Largest group first, largest "
    "counterparty first.",
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
