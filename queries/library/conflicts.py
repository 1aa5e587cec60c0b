"""conflicts: facts on which sources disagree, each claim with its sources and quotes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from aigraph.graph.claims import all_claim_sets, attribute_names
from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.records import Citation
from aigraph.queries.spec import RECORD_ID, Query, QueryParams, Records


class ConflictsParams(QueryParams):
    """Parameters of conflicts."""

    record: str | None = Field(
        default=None, description="Only the conflicts of this record.", json_schema_extra=RECORD_ID
    )


class ClaimRow(BaseModel):
    """One value given for the attribute, with its citations (source and quote)."""

    value: str
    derived: bool
    as_of: str | None = None
    """For a dated figure, the day it refers to."""
    citations: list[Citation]


class ConflictRow(BaseModel):
    """An attribute of a record on which the sources disagree."""

    record: str
    label: str
    attribute: str
    claims: list[ClaimRow]
    sources: list[str]


def _records(graph: EmbeddedGraph, params: ConflictsParams) -> Records:
    records: Records = []
    for claim_set in all_claim_sets(graph.dataset):
        if not claim_set.disagree or params.record not in (None, claim_set.record):
            continue
        for position, claimed in enumerate(claim_set.values):
            records.append(
                {
                    "record": claim_set.record,
                    "label": claim_set.label,
                    "attribute": claim_set.attribute,
                    "position": position,
                    "value": claimed.value,
                    "derived": claimed.derived,
                    "as_of": claimed.as_of,
                    "citations": [c.model_dump() for c in claimed.citations],
                }
            )
    return records


def _rows(records: Records, params: ConflictsParams) -> list[ConflictRow]:
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for record in records:
        grouped.setdefault((record["record"], record["label"], record["attribute"]), []).append(
            record
        )
    rows = []
    for (record_id, label, attribute), claims in grouped.items():
        ordered = sorted(claims, key=lambda c: c["position"])
        claim_rows = [
            ClaimRow(
                value=c["value"],
                derived=bool(c["derived"]),
                as_of=c.get("as_of"),
                citations=sorted(
                    (Citation(**citation) for citation in c["citations"]),
                    key=lambda x: (x.source, x.quote),
                ),
            )
            for c in ordered
        ]
        rows.append(
            ConflictRow(
                record=record_id,
                label=label,
                attribute=attribute,
                claims=claim_rows,
                sources=sorted({x.source for c in claim_rows for x in c.citations}),
            )
        )
    order = {name: index for index, name in enumerate(attribute_names())}
    rows.sort(key=lambda r: (r.record, order.get(r.attribute, len(order)), r.attribute))
    return rows


QUERY = Query(
    id="conflicts",
    title="Conflicting claims",
    description="Facts where sources disagree (value, total, dates, facility, status, area, "
    "power), with each claimed value and its sources and quotes.",
    params=ConflictsParams,
    row=ConflictRow,
    records=_records,
    rows_from_records=_rows,
    cypher_parameters=lambda params: {"record": params.record},
    returns="Each row lists the ``claims`` in order (the record's own value first; a total "
    "derived as rate x term is marked ``derived``), each with its citations; ordered by record.",
    visual_description="Records with claims in conflict, each claim linked to its sources.",
    doctest="""
    >>> from aigraph.graph import EmbeddedGraph
    >>> from aigraph.loaders import load_curated
    >>> rows = conflicts(EmbeddedGraph(load_curated()), record="reflection-spacex-colossus-lease")
    >>> [r.attribute for r in rows]
    ['total', 'end', 'facilities']
    """,
    parity=({}, {"record": "reflection-spacex-colossus-lease"}),
    order=4,
)
