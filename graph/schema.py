"""The graph schema, derived from the records: node labels, properties and relationship types.

This module is the one place that says how a record becomes nodes and relationships. The
embedded graph, the Neo4j writer, the exports, the Browser style and the schema docs read it.

- Every record is a node labelled with its type (``Organization``, ``Deal``, ...); a deal also
  carries the label of its kind (``ComputeLease``). Every node has ``id`` (unique per label) and
  ``name`` (the caption).
- Properties are flat scalars or lists of scalars (what Neo4j, GraphML and GEXF can store):
  an amount field ``value`` becomes ``value`` (number), ``value_unit``, ``value_period``,
  ``value_qualifier`` and ``value_text``; a date ``announced`` becomes ``announced`` (as written,
  e.g. ``2026-07``), ``announced_first_day`` and ``announced_last_day`` (ISO dates).
- Fields typed as references become relationships, listed in :data:`RELATIONSHIP_TYPES`.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel

from graph.amounts import Amount
from graph.claims import all_claim_sets
from graph.dataset import Dataset
from graph.dates import PartialDate
from graph.money import MoneyFlow, group_epochs, group_flows, money_flows
from graph.records import (
    RECORD_TYPES,
    ChipModel,
    Citation,
    Competition,
    Deal,
    Facility,
    Fleet,
    Location,
    Milestone,
    Organization,
    Person,
    Product,
    Record,
    ReportedFigure,
    Term,
    field_reference_kinds,
)
from graph.vocabulary import DEAL_KINDS, FacilityRole, Status, StructureRelation

Scalar = str | int | float | bool
PropertyValue = Scalar | list[Scalar] | None

CLAIM_LABEL = "Claim"
"""Label of the nodes that hold another source's value for a deal or facility attribute."""

_NESTED_AS_RELATIONSHIPS = {"citations", "claims", "structure", "affiliations", "parties"}


@dataclass(frozen=True)
class RelationshipType:
    """A relationship type: its name, the labels it joins, its properties, what it means."""

    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: tuple[str, ...] = ()
    description: str = ""


_ANY = (*(record.label for record in RECORD_TYPES if record.label != "Source"), CLAIM_LABEL)


def _date_props(*names: str) -> tuple[str, ...]:
    return tuple(f"{n}{suffix}" for n in names for suffix in ("", "_first_day", "_last_day"))


_STRUCTURE_PROPS = (*_date_props("since", "until"), "status", "deal")
FLOW_PROPERTIES = (
    "deal",
    "kind",
    "flow",
    "status",
    "status_rank",
    "confidence",
    "confidence_rank",
    "amount",
    "amount_unit",
    "amount_period",
    "amount_text",
    "total",
    "total_unit",
    "total_text",
    *_date_props("term_start", "term_end", "announced"),
    "began_first_day",
)
"""Properties of a money-flow relationship (``PAYS``, ``GROUP_PAYS``)."""

RELATIONSHIP_TYPES: dict[str, RelationshipType] = {
    rel.name: rel
    for rel in (
        RelationshipType("CITES", _ANY, ("Source",), ("quote",), "A record cites a source."),
        RelationshipType(
            "PARTY_TO", ("Organization",), ("Deal",), ("role",), "An organization is a party."
        ),
        RelationshipType("AT_FACILITY", ("Deal",), ("Facility",), (), "A deal is at a facility."),
        RelationshipType(
            "HAS_CLAIM", ("Deal", "Facility"), (CLAIM_LABEL,), (), "Another source's value."
        ),
        *(
            RelationshipType(
                relation.name,
                ("Organization",),
                ("Organization",),
                _STRUCTURE_PROPS,
                f"Corporate structure: {relation.value}.",
            )
            for relation in StructureRelation
        ),
        RelationshipType(
            "OWNS",
            ("Organization",),
            ("Facility",),
            ("primary", "confidence"),
            "Owns a facility (primary: the facility's owner field; else a co-owner).",
        ),
        RelationshipType("OPERATES", ("Organization",), ("Facility",), (), "Operates it."),
        RelationshipType(
            "USES", ("Organization",), ("Facility",), ("confidence",), "Uses its compute."
        ),
        RelationshipType(
            "FUNDS", ("Organization",), ("Facility",), ("confidence",), "Invests in it."
        ),
        RelationshipType("BUILDS", ("Organization",), ("Facility",), ("confidence",), "Builds it."),
        RelationshipType(
            "POWERS", ("Organization",), ("Facility",), ("confidence",), "Supplies its energy."
        ),
        RelationshipType(
            "PART_OF", ("Facility",), ("Facility",), (), "A phase or building of a site."
        ),
        RelationshipType(
            "BUILDS_UPON",
            ("Facility",),
            ("Facility",),
            (),
            "A later phase of a cluster builds upon the earlier one (Epoch's chain).",
        ),
        RelationshipType(
            "HAS_MILESTONE", ("Facility",), ("Milestone",), (), "A dated build-out state."
        ),
        RelationshipType("HOUSES", ("Facility",), ("Fleet",), (), "A facility houses a fleet."),
        RelationshipType("OF_MODEL", ("Fleet",), ("ChipModel",), (), "The fleet's chip model."),
        RelationshipType(
            "MADE_BY", ("ChipModel", "Product"), ("Organization",), (), "Who makes it."
        ),
        RelationshipType(
            "IN_MARKET", ("Product", "Competition"), ("Market",), (), "Sold or contested there."
        ),
        RelationshipType(
            "BETWEEN", ("Competition",), ("Product", "Organization"), (), "A competitor."
        ),
        RelationshipType("ABOUT", ("ReportedFigure",), ("Organization",), (), "Its subject."),
        RelationshipType("COVERS", ("ReportedFigure",), ("Deal",), (), "A deal it sums."),
        RelationshipType(
            "REPORTED_BY", ("ReportedFigure",), ("Organization",), (), "Who made the figure."
        ),
        RelationshipType(
            "AFFILIATED_WITH",
            ("Person",),
            ("Organization",),
            ("role", *_date_props("since", "until"), "former"),
            "A person's role at an organization.",
        ),
        RelationshipType(
            "IN_GROUP",
            ("Organization",),
            ("Organization",),
            ("first_day", "last_day", "current"),
            "Group membership epoch: the ultimate parent from first_day to last_day (null: "
            "open); current marks today's structure. Every organization is in its own group "
            "when it has no parent.",
        ),
        RelationshipType(
            "PAYS",
            ("Organization",),
            ("Organization",),
            FLOW_PROPERTIES,
            "Money flow: payer -> payee of a deal (one per deal and pair).",
        ),
        RelationshipType(
            "GROUP_PAYS",
            ("Organization",),
            ("Organization",),
            (
                *FLOW_PROPERTIES,
                "payer",
                "payee",
                "group_first_day",
                "group_last_day",
                "group_current",
            ),
            "Money flow between groups during one structure epoch; flows inside a group are "
            "left out. Filter on group_current (or the epoch days) to walk it.",
        ),
    )
}


@dataclass(frozen=True)
class Node:
    """A node of the graph: its id, labels and flat properties."""

    id: str
    labels: tuple[str, ...]
    properties: dict[str, PropertyValue]


@dataclass(frozen=True)
class Relationship:
    """A relationship between two node ids, with a key unique among its parallel edges."""

    source: str
    type: str
    target: str
    key: str
    properties: dict[str, PropertyValue] = field(default_factory=dict)


def _plain_type(annotation: Any) -> Any:
    """Return the annotation without ``| None`` and ``Annotated``."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _plain_type(args[0])
    return annotation


def _is_reference(record_type: type[BaseModel], name: str) -> bool:
    return field_reference_kinds(record_type, name) is not None


def _flat_names(name: str, annotation: Any) -> list[str]:
    annotation = _plain_type(annotation)
    if annotation is Amount:
        return [name] + [f"{name}_{part}" for part in ("unit", "period", "qualifier", "text")]
    if annotation is PartialDate:
        return [name, f"{name}_first_day", f"{name}_last_day"]
    if annotation is Term:
        return _flat_names(f"{name}_start", PartialDate) + _flat_names(f"{name}_end", PartialDate)
    if annotation is Location:
        return [f"{name}_{part}" for part in Location.model_fields]
    return [name]


def _flat_values(name: str, value: Any) -> dict[str, PropertyValue]:
    if value is None:
        return {}
    if isinstance(value, Amount):
        return {
            name: value.value,
            f"{name}_unit": value.unit.value,
            f"{name}_period": value.period.value,
            f"{name}_qualifier": value.qualifier.value,
            f"{name}_text": str(value),
        }
    if isinstance(value, PartialDate):
        return {
            name: str(value),
            f"{name}_first_day": value.first_day().isoformat(),
            f"{name}_last_day": value.last_day().isoformat(),
        }
    if isinstance(value, Term):
        return _flat_values(f"{name}_start", value.start) | _flat_values(f"{name}_end", value.end)
    if isinstance(value, Location):
        return {f"{name}_{part}": v for part, v in value.model_dump().items() if v is not None}
    if isinstance(value, Enum):
        return {name: value.value}
    if isinstance(value, list):
        return {name: [_scalar(item) for item in value]}
    return {name: _scalar(value)}


def _scalar(value: Any) -> Scalar:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


_COMPUTED: dict[type[Record], tuple[str, ...]] = {
    Deal: (
        "flow",
        "status_rank",
        "derived_total",
        "derived_total_text",
        "total_value",
        "total_value_text",
    ),
    Facility: ("site",),
}
"""Properties computed from a record (and, for ``site``, from the dataset it is in)."""


def property_names(record_type: type[Record]) -> list[str]:
    """Return every property a node of this record type can carry, ``id`` and ``name`` first.

    >>> property_names(Fleet)[:3]
    ['id', 'name', 'notes']
    """
    names = ["id", "name"]
    for field_name, info in record_type.model_fields.items():
        if field_name in ("id", "name") or field_name in _NESTED_AS_RELATIONSHIPS:
            continue
        if _is_reference(record_type, field_name):
            continue
        names.extend(_flat_names(field_name, info.annotation))
    names.extend(_COMPUTED.get(record_type, ()))
    if "confidence" in record_type.model_fields:
        names.append("confidence_rank")
    return names


def node_labels(record: Record) -> tuple[str, ...]:
    """Return the labels of a record's node: its type, and for a deal its kind."""
    if isinstance(record, Deal):
        return (record.label, DEAL_KINDS[record.kind].label)
    return (record.label,)


def all_labels() -> list[str]:
    """Return every node label of the model, in declaration order."""
    labels = [record.label for record in RECORD_TYPES]
    labels += [spec.label for spec in DEAL_KINDS.values()]
    return [*labels, CLAIM_LABEL]


def node_properties(record: Record) -> dict[str, PropertyValue]:
    """Return the flat properties of a record's node (no None values)."""
    properties: dict[str, PropertyValue] = {"id": record.id, "name": record.caption}
    for field_name in type(record).model_fields:
        if field_name in ("id", "name") or field_name in _NESTED_AS_RELATIONSHIPS:
            continue
        if _is_reference(type(record), field_name):
            continue
        properties.update(_flat_values(field_name, getattr(record, field_name)))
    if isinstance(record, Deal):
        properties["flow"] = record.flow.value
        properties["status_rank"] = record.status.rank
        properties.update(_flat_values("derived_total", record.derived_total()))
        properties.update(_flat_values("total_value", record.total_value()))
        for suffix in ("unit", "period", "qualifier"):
            properties.pop(f"derived_total_{suffix}", None)
            properties.pop(f"total_value_{suffix}", None)
    confidence = getattr(record, "confidence", None)
    if confidence is not None:
        properties["confidence_rank"] = confidence.rank
    return {k: v for k, v in properties.items() if v is not None and v != []}


FACILITY_ROLE_TYPES = {
    FacilityRole.OWNER: "OWNS",
    FacilityRole.USER: "USES",
    FacilityRole.INVESTOR: "FUNDS",
    FacilityRole.CONSTRUCTION: "BUILDS",
    FacilityRole.ENERGY: "POWERS",
}
"""The relationship type of each facility role."""

CLAIM_PROPERTIES = (
    "id",
    "name",
    "record",
    "record_label",
    "attribute",
    "position",
    "claimed_value",
    "derived",
    "in_conflict",
)
"""A claim node holds one value of an attribute that has two or more (the record's own value,
a rate x term total, and each ``claims:`` entry), so conflicts are visible in Neo4j too."""


def claim_elements(dataset: Dataset) -> tuple[list[Node], list[Relationship]]:
    """Return the ``Claim`` nodes (one per value of every attribute with two or more values,
    fleets across records included), their ``HAS_CLAIM`` from the record and their ``CITES``."""
    nodes: list[Node] = []
    rels: list[Relationship] = []
    for claim_set in all_claim_sets(dataset):
        stem = re.sub(r"[^a-z0-9]+", "-", claim_set.attribute.lower()).strip("-")
        for position, claimed in enumerate(claim_set.values):
            claim_id = f"{claim_set.record}--{stem}-{position}"
            properties: dict[str, PropertyValue] = {
                "id": claim_id,
                "name": f"{claim_set.attribute}: {claimed.value}",
                "record": claim_set.record,
                "record_label": claim_set.label,
                "attribute": claim_set.attribute,
                "position": position,
                "claimed_value": claimed.value,
                "derived": claimed.derived,
                "in_conflict": claim_set.disagree,
            }
            nodes.append(Node(claim_id, (CLAIM_LABEL,), properties))
            rels.append(_rel(claim_set.record, "HAS_CLAIM", claim_id))
            rels.extend(_cites(claim_id, claimed.citations))
    return nodes, rels


def _cites(record_id: str, citations: list[Citation]) -> Iterator[Relationship]:
    for index, citation in enumerate(citations):
        yield Relationship(
            record_id,
            "CITES",
            citation.source,
            f"{record_id}|cites|{index}",
            {"quote": citation.quote},
        )


def _rel(source: str, rel_type: str, target: str, **properties: Any) -> Relationship:
    key = f"{source}|{rel_type}|{target}"
    if "role" in properties:
        key += f"|{properties['role']}"
    flat: dict[str, PropertyValue] = {}
    for name, value in properties.items():
        flat.update(_flat_values(name, value))
    return Relationship(source, rel_type, target, key, flat)


def graph_elements(record: Record) -> tuple[list[Node], list[Relationship]]:
    """Return the nodes (the record's own and its claims) and relationships a record gives.

    Money-flow relationships and claims are not here: they come from the whole dataset
    (:func:`money_relationships`, :func:`claim_elements`).
    """
    nodes = [Node(record.id, node_labels(record), node_properties(record))]
    rels = list(_cites(record.id, record.citations))
    if isinstance(record, Organization):
        for link in record.structure:
            rel_type = StructureRelation(link.relation).name
            rels.append(
                _rel(
                    record.id,
                    rel_type,
                    link.parent,
                    since=link.since,
                    until=link.until,
                    status=link.status,
                    deal=link.deal,
                )
            )
    elif isinstance(record, Person):
        for aff in record.affiliations:
            rels.append(
                _rel(
                    record.id,
                    "AFFILIATED_WITH",
                    aff.organization,
                    role=aff.role,
                    since=aff.since,
                    until=aff.until,
                    former=aff.former,
                )
            )
    elif isinstance(record, Facility):
        if record.owner:
            stated = next(
                (
                    p.confidence
                    for p in record.parties
                    if p.role is FacilityRole.OWNER and p.organization == record.owner
                ),
                None,
            )
            rels.append(_rel(record.owner, "OWNS", record.id, primary=True, confidence=stated))
        if record.operator:
            rels.append(_rel(record.operator, "OPERATES", record.id))
        for party in record.parties:
            rel_type = FACILITY_ROLE_TYPES[party.role]
            if rel_type == "OWNS" and party.organization == record.owner:
                continue
            rels.append(_rel(party.organization, rel_type, record.id, confidence=party.confidence))
        if record.part_of:
            rels.append(_rel(record.id, "PART_OF", record.part_of))
        if record.builds_upon:
            rels.append(_rel(record.id, "BUILDS_UPON", record.builds_upon))
    elif isinstance(record, Milestone):
        rels.append(_rel(record.facility, "HAS_MILESTONE", record.id))
    elif isinstance(record, Fleet):
        rels.append(_rel(record.facility, "HOUSES", record.id))
        rels.append(_rel(record.id, "OF_MODEL", record.chip_model))
    elif isinstance(record, ChipModel | Product):
        rels.append(_rel(record.id, "MADE_BY", record.maker))
        if isinstance(record, Product):
            rels.extend(_rel(record.id, "IN_MARKET", market) for market in record.markets)
    elif isinstance(record, Competition):
        rels.extend(_rel(record.id, "BETWEEN", party) for party in record.parties)
        if record.market:
            rels.append(_rel(record.id, "IN_MARKET", record.market))
    elif isinstance(record, Deal):
        for role, org_ids in record.parties.items():
            rels.extend(_rel(org, "PARTY_TO", record.id, role=role) for org in org_ids)
        rels.extend(_rel(record.id, "AT_FACILITY", f) for f in record.facilities)
    elif isinstance(record, ReportedFigure):
        rels.append(_rel(record.id, "ABOUT", record.subject))
        rels.extend(_rel(record.id, "COVERS", deal) for deal in record.covers)
        if record.reported_by:
            rels.append(_rel(record.id, "REPORTED_BY", record.reported_by))
    return nodes, rels


def flow_properties(flow: MoneyFlow) -> dict[str, PropertyValue]:
    """Return the properties of a ``PAYS`` relationship for one money flow."""
    began = flow.began
    properties: dict[str, PropertyValue] = {
        "deal": flow.deal,
        "kind": flow.kind.value,
        "flow": flow.flow.value,
        "status": flow.status.value,
        "status_rank": flow.status.rank,
        "confidence": flow.confidence.value,
        "confidence_rank": flow.confidence.rank,
        "began_first_day": began.first_day().isoformat() if began else None,
    }
    properties.update(_flat_values("amount", flow.amount))
    properties.update(_flat_values("total", flow.total))
    properties.update(_flat_values("term", flow.term))
    properties.update(_flat_values("announced", flow.announced))
    properties.pop("amount_qualifier", None)
    properties.pop("total_period", None)
    properties.pop("total_qualifier", None)
    return {k: v for k, v in properties.items() if v is not None}


def money_relationships(dataset: Dataset) -> list[Relationship]:
    """Return the materialised money-flow projection: ``PAYS`` between organizations (every
    flow, unfiltered), ``GROUP_PAYS`` between groups per structure epoch and ``IN_GROUP``
    membership epochs. Queries filter them by status, confidence and date.
    """
    rels: list[Relationship] = []
    epochs = group_epochs(dataset)
    flows = money_flows(dataset, min_status=Status.TERMINATED)
    for epoch in epochs:
        first = epoch.first_day.isoformat() if epoch.first_day else None
        rels.append(
            Relationship(
                epoch.organization,
                "IN_GROUP",
                epoch.group,
                f"{epoch.organization}|in-group|{first}",
                {
                    k: v
                    for k, v in {
                        "first_day": first,
                        "last_day": epoch.last_day.isoformat() if epoch.last_day else None,
                        "current": epoch.current,
                    }.items()
                    if v is not None
                },
            )
        )
    for flow in flows:
        rels.append(
            Relationship(
                flow.payer,
                "PAYS",
                flow.payee,
                f"{flow.deal}|{flow.payer}->{flow.payee}",
                flow_properties(flow),
            )
        )
    for group_flow in group_flows(flows, epochs):
        flow = group_flow.flow
        first = group_flow.first_day.isoformat() if group_flow.first_day else None
        properties = flow_properties(flow) | {
            "payer": flow.payer,
            "payee": flow.payee,
            "group_first_day": first,
            "group_last_day": group_flow.last_day.isoformat() if group_flow.last_day else None,
            "group_current": group_flow.current,
        }
        rels.append(
            Relationship(
                group_flow.payer_group,
                "GROUP_PAYS",
                group_flow.payee_group,
                f"{flow.deal}|{flow.payer}->{flow.payee}|{first}",
                {k: v for k, v in properties.items() if v is not None},
            )
        )
    return rels
