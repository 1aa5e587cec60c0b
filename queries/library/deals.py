"""deals: the deals of an organization (its group by default) or a facility, filtered."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.dates import DateValue
from aigraph.graph.model.records import Deal, Facility, Organization
from aigraph.graph.model.vocabulary import DealKind, Unit
from aigraph.graph.money import group_of
from aigraph.queries.spec import RECORD_ID, FilterParams, Query, Records


class DealsParams(FilterParams):
    """Parameters of deals."""

    entity: str | None = Field(
        default=None,
        description="An organization or facility id; default: every deal.",
        json_schema_extra=RECORD_ID,
    )
    kind: DealKind | None = Field(default=None, description="Only this kind of deal.")
    group: bool = Field(
        default=True, description="For an organization, include its group's members' deals."
    )
    since: DateValue | None = Field(default=None, description="Announced or started from.")
    until: DateValue | None = Field(default=None, description="Announced or started until.")


class DealRow(BaseModel):
    """One deal with its parties, terms, amounts and sources."""

    id: str
    kind: str
    title: str
    status: str
    confidence: str
    parties: dict[str, list[str]]
    facilities: list[str]
    value: str | None
    total_usd: float | None
    announced: str | None
    term_start: str | None
    term_end: str | None
    active: bool
    superseded_by: str | None
    sources: list[str]


def _deal_record(graph: EmbeddedGraph, deal: Deal) -> dict[str, Any]:
    node = graph.graph.nodes[deal.id]
    return {
        "deal": {k: v for k, v in node.items() if k != "labels"},
        "parties": [
            {"org": org, "role": role.value} for role, orgs in deal.parties.items() for org in orgs
        ],
        "facilities": list(deal.facilities),
        "sources": deal.source_ids(),
    }


def _began(deal: Deal) -> str | None:
    return deal.began.first_day().isoformat() if deal.began else None


def _records(graph: EmbeddedGraph, params: DealsParams) -> Records:
    dataset = graph.dataset
    members: set[str] | None = None
    facility: str | None = None
    if params.entity is not None:
        entity = dataset.records.get(params.entity)
        if isinstance(entity, Facility):
            facility = entity.id
        elif isinstance(entity, Organization) and params.group:
            group = group_of(dataset, entity.id, params.as_of, params.min_confidence)
            members = {
                o.id
                for o in dataset.organizations
                if group_of(dataset, o.id, params.as_of, params.min_confidence) == group
            }
        else:
            members = {params.entity}
    since = params.since.first_day().isoformat() if params.since else None
    until = params.until.last_day().isoformat() if params.until else None
    records: Records = []
    passes = params.flow_filter().passes
    for deal in dataset.deals:
        if not passes(dataset, deal):
            continue
        if params.kind is not None and deal.kind is not params.kind:
            continue
        if facility is not None and facility not in deal.facilities:
            continue
        if members is not None and not members & {o for ids in deal.parties.values() for o in ids}:
            continue
        began = _began(deal)
        if since is not None and (began is None or began < since):
            continue
        if until is not None and (began is None or began > until):
            continue
        records.append(_deal_record(graph, deal))
    return records


def _rows(records: Records, params: DealsParams) -> list[DealRow]:
    rows = []
    for record in records:
        deal = record["deal"]
        parties: dict[str, list[str]] = {}
        for party in sorted(record["parties"], key=lambda p: (p["role"], p["org"])):
            parties.setdefault(party["role"], []).append(party["org"])
        in_usd = (deal.get("total_value_text") or "").endswith(f" {Unit.USD.value}")
        rows.append(
            DealRow(
                id=deal["id"],
                kind=deal["kind"],
                title=deal["title"],
                status=deal["status"],
                confidence=deal["confidence"],
                parties=dict(sorted(parties.items())),
                facilities=sorted(record["facilities"]),
                value=deal.get("value_text"),
                total_usd=deal.get("total_value") if in_usd else None,
                announced=deal.get("announced"),
                term_start=deal.get("term_start"),
                term_end=deal.get("term_end"),
                active=bool(deal.get("active", True)),
                superseded_by=deal.get("superseded_by"),
                sources=sorted(set(record["sources"])),
            )
        )
    rows.sort(key=lambda r: (r.announced is None, r.announced or "", r.id))
    return rows


def _cypher_parameters(params: DealsParams) -> dict[str, Any]:
    return params.cypher_filters() | {
        "entity": params.entity,
        "kind": params.kind.value if params.kind else None,
        "group": params.group,
        "since_day": params.since.first_day().isoformat() if params.since else None,
        "until_day": params.until.last_day().isoformat() if params.until else None,
    }


QUERY = Query(
    id="deals",
    title="Deals",
    description="The deals of an organization (with its group's members) or a facility, "
    "filterable by kind, status, confidence and date.",
    params=DealsParams,
    row=DealRow,
    records=_records,
    rows_from_records=_rows,
    cypher_parameters=_cypher_parameters,
    returns="Each row is one deal with its parties, facilities, terms, amounts and sources; "
    "oldest first.",
    visual_description="The deals of an organization or facility with all their parties and "
    "facilities.",
    positional=("entity",),
    example={"entity": "spacex"},
    doctest="""
    >>> from aigraph.graph import EmbeddedGraph
    >>> from aigraph.loaders import load_curated
    >>> rows = deals(EmbeddedGraph(load_curated()), "colossus-2", kind="compute-lease")
    >>> [r.id for r in rows]  # doctest: +NORMALIZE_WHITESPACE
    ['xai-colossus-2-spv-lease', 'anthropic-spacex-colossus-lease',
     'reflection-spacex-colossus-lease']
    """,
    parity=(
        {},
        {"entity": "spacex"},
        {"entity": "spacex", "group": False},
        {"entity": "colossus-2"},
        {"kind": "investment", "since": "2026-01"},
        {"entity": "xai", "as_of": "2025-12"},
        {"entity": "openai", "include_inactive": True},
        {"as_of": "2024-06", "min_confidence": "high"},
    ),
    order=7,
)
