"""One entity with its facts, deals, relationships, sources and conflicts (``aigraph show``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from aigraph.graph.claims import ClaimedValue, ClaimSet, Conflict, record_conflicts, record_series
from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.records import Deal, Facility, Fleet, Organization, Record, Source
from aigraph.graph.model.schema import PropertyValue
from aigraph.graph.model.vocabulary import SourceKind, Unit
from aigraph.graph.money import pending_structure


class DealSummary(BaseModel):
    """A deal as seen from one entity."""

    id: str
    kind: str
    title: str
    role: str | None
    parties: dict[str, list[str]]
    facilities: list[str]
    status: str
    confidence: str
    value: str | None
    value_usd: float | None
    period: str | None
    derived_total: str | None
    reported_total: str | None
    term_start: str | None
    term_end: str | None
    active: bool
    superseded_by: str | None
    supersedes: list[str]
    sources: list[str]
    """Best kind first (a filing, a press release, an established outlet, ..., an aggregator)."""
    best_source_kind: str | None = None
    only_aggregators: bool = False
    """True when every source the deal cites is an aggregator (not citable in print)."""
    money: dict[str, Any] = {}
    """The deal's money as ``Deal.money()`` states it: committed, uncommitted and high USD,
    certainty, condition (the figures every command shares)."""


class RelationshipSummary(BaseModel):
    """A relationship of the entity, seen from it (``out`` or ``in``)."""

    type: str
    direction: str
    other: str
    other_name: str
    properties: dict[str, PropertyValue]


class SourceSummary(BaseModel):
    """A source the entity's facts cite, with the quotes used."""

    id: str
    title: str
    url: str | None
    file: str | None
    quotes: list[str]


class EntityProfile(BaseModel):
    """Everything the graph says about one entity."""

    id: str
    labels: list[str]
    name: str
    group: str | None
    properties: dict[str, PropertyValue]
    deals: list[DealSummary]
    relationships: list[RelationshipSummary]
    sources: list[SourceSummary]
    conflicts: list[Conflict]
    series: list[ClaimSet]
    """Dated figures and fleet counts given at several dates, each in date order."""
    pending: list[str]
    """Mergers and acquisitions not yet completed (they do not roll the entity up yet)."""


def summarize_deal(
    deal: Deal, role: str | None = None, graph: EmbeddedGraph | None = None
) -> DealSummary:
    """Return the summary of a deal, with ``role`` the viewing party's role (if any) and, with
    the graph, whether it is active and what superseded what."""
    dataset = graph.dataset if graph is not None else None
    best = dataset.best_source_kind(deal) if dataset is not None else None
    derived = deal.derived_total()
    value = deal.value
    return DealSummary(
        id=deal.id,
        kind=deal.kind.value,
        title=deal.title,
        role=role,
        parties={r.value: ids for r, ids in deal.parties.items()},
        facilities=list(deal.facilities),
        status=deal.status.value,
        confidence=deal.confidence.value,
        value=str(value) if value else None,
        value_usd=value.value if value and value.unit is Unit.USD else None,
        period=value.period.value if value else None,
        derived_total=str(derived) if derived and value and value.period.months else None,
        reported_total=str(deal.reported_total) if deal.reported_total else None,
        term_start=str(deal.term.start) if deal.term.start else None,
        term_end=str(deal.term.end) if deal.term.end else None,
        active=dataset.is_active(deal) if dataset is not None else True,
        superseded_by=dataset.superseded_by(deal.id) if dataset is not None else None,
        supersedes=dataset.supersedes(deal.id) if dataset is not None else [],
        sources=dataset.best_first(deal.source_ids()) if dataset is not None else deal.source_ids(),
        best_source_kind=best.value if best is not None else None,
        only_aggregators=best is SourceKind.AGGREGATOR,
        money=_money(deal),
    )


def _money(deal: Deal) -> dict[str, Any]:
    money = deal.money()
    return {
        "committed_usd": money.usd(),
        "stated_usd": money.usd(include_uncommitted=True),
        "high_usd": money.high_usd,
        "certainty": money.certainty.value if money.certainty else None,
        "condition": money.condition,
        "total": str(money.total) if money.total else None,
    }


def _deals_of(graph: EmbeddedGraph, record: Record) -> list[DealSummary]:
    deals: list[DealSummary] = []
    for deal in graph.dataset.deals:
        if isinstance(record, Organization):
            roles = [r.value for r, ids in deal.parties.items() if record.id in ids]
            if roles:
                deals.append(summarize_deal(deal, ", ".join(roles), graph))
        elif isinstance(record, Facility) and record.id in deal.facilities:
            deals.append(summarize_deal(deal, "facility", graph))
        elif deal.id == record.id:
            deals.append(summarize_deal(deal, None, graph))
    return deals


def _relationships(graph: EmbeddedGraph, record_id: str) -> list[RelationshipSummary]:
    rels: list[RelationshipSummary] = []
    g = graph.graph
    for direction, edges in (
        ("out", g.out_edges(record_id, data=True)),
        ("in", g.in_edges(record_id, data=True)),
    ):
        for source, target, data in edges:
            if data["type"] == "CITES":
                continue
            other = target if direction == "out" else source
            properties = {k: v for k, v in data.items() if k != "type"}
            rels.append(
                RelationshipSummary(
                    type=data["type"],
                    direction=direction,
                    other=other,
                    other_name=str(g.nodes[other].get("name", other)),
                    properties=properties,
                )
            )
    return sorted(rels, key=lambda r: (r.type, r.direction, r.other))


def _sources(graph: EmbeddedGraph, record: Record, deals: list[DealSummary]) -> list[SourceSummary]:
    quotes: dict[str, list[str]] = {}
    cited = [*record.all_citations()]
    for summary in deals:
        cited.extend(graph.dataset.get(summary.id).all_citations())
    for citation in cited:
        bucket = quotes.setdefault(citation.source, [])
        if citation.quote not in bucket:
            bucket.append(citation.quote)
    summaries = []
    for source_id, texts in sorted(quotes.items()):
        source = graph.dataset.get(source_id)
        assert isinstance(source, Source)
        summaries.append(
            SourceSummary(
                id=source.id, title=source.title, url=source.url, file=source.file, quotes=texts
            )
        )
    return summaries


def entity_profile(graph: EmbeddedGraph, record_id: str) -> EntityProfile:
    """Return what the graph says about ``record_id`` (KeyError when the id is unknown).

    >>> # entity_profile(graph, "spacex").deals -> the Colossus leases, the xAI merger, ...
    """
    record = graph.record(record_id)
    node = graph.graph.nodes[record_id]
    deals = _deals_of(graph, record)
    dataset = graph.dataset
    conflicts: list[Conflict] = []
    series: list[ClaimSet] = []
    if isinstance(record, Facility):
        conflicts = record_conflicts(record, dataset)
        series = record_series(record, dataset) + _fleet_series(graph, record)
    for summary in deals:
        conflicts.extend(record_conflicts(dataset.get(summary.id), dataset))  # type: ignore[arg-type]
    pending = [
        f"{record.id} {link.relation.value} {link.parent}: {link.status.value}"
        + (f" ({link.deal})" if link.deal else "")
        + ", not rolled up until completed"
        for link in pending_structure(dataset, record.id)
    ]
    properties: dict[str, Any] = {k: v for k, v in node.items() if k != "labels"}
    return EntityProfile(
        id=record.id,
        labels=list(node["labels"]),
        name=record.caption,
        group=graph.group_of(record.id) if isinstance(record, Organization) else None,
        properties=properties,
        deals=deals,
        relationships=_relationships(graph, record_id),
        sources=_sources(graph, record, deals),
        conflicts=conflicts,
        series=series,
        pending=pending,
    )


def _fleet_series(graph: EmbeddedGraph, facility: Facility) -> list[ClaimSet]:
    """Return, per chip model, the fleet counts of a site given at several dates, in order."""
    dataset = graph.dataset
    site = dataset.site_of(facility.id)
    by_model: dict[str, list[Fleet]] = {}
    for fleet in dataset.of_type(Fleet):
        if fleet.as_of is not None and dataset.site_of(fleet.facility) == site:
            by_model.setdefault(fleet.chip_model, []).append(fleet)
    found = []
    for chip, fleets in sorted(by_model.items()):
        if len({f.as_of for f in fleets}) < 2:
            continue
        ordered = sorted(fleets, key=lambda f: (f.as_of.first_day(), f.id))  # type: ignore[union-attr]
        values = [
            ClaimedValue(
                value=f"{f.count} ({f.id})",
                citations=f.evidence("count"),
                as_of=f.as_of.first_day().isoformat(),  # type: ignore[union-attr]
            )
            for f in ordered
        ]
        found.append(
            ClaimSet(
                record=site,
                label="Facility",
                attribute=f"fleet {chip}",
                values=values,
                disagree=False,
            )
        )
    return found
