"""The graph schema, derived from the record declarations: labels, properties, relationship types.

- Every record is a node labelled with its type (``Organization``, ``Deal``, ...); a deal also
  carries the label of its kind (``ComputeLease``). Every node has ``id`` (unique per label) and
  ``name`` (the caption). Properties are flat (``graph.model.properties``): the record's own
  fields, then what its type declares as ``computed``.
- Reference fields that carry an :class:`~aigraph.graph.model.relations.Edge` become
  relationships: on the record itself, or on a model nested one level in it (a structure link, an
  affiliation, a facility party, a citation). :data:`RELATIONSHIP_TYPES` is read off those
  declarations, plus the types the graph derives from the whole dataset (claims, groups, money
  flow), which are declared here with their properties.

The embedded graph, the Neo4j writer, the exports, the Browser style and the schema docs read
this module; none of them keeps its own list.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.properties import (
    Prop,
    PropertyValue,
    field_props,
    flat_values,
    is_value_type,
    properties_of,
)
from aigraph.graph.model.records import (
    RECORD_TYPES,
    SECTIONS,
    Deal,
    Record,
    Term,
)
from aigraph.graph.model.relations import Edge, field_edge, field_reference_kinds, nested_model
from aigraph.graph.model.vocabulary import (
    DEAL_KINDS,
    Certainty,
    Confidence,
    DealKind,
    FlowCategory,
    FlowShape,
    Status,
)

__all__ = ["PropertyValue"]

CLAIM_LABEL = "Claim"
"""Label of the nodes that hold one value of an attribute that has two or more."""
CLAIM_COLOR = "#C4C4C4"
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
    "as_of",
)
"""A claim node holds one value of an attribute that has two or more (the record's own value,
a rate x term total, and each ``claims:`` entry), so conflicts are visible in Neo4j too."""


@dataclass(frozen=True)
class RelationshipType:
    """A relationship type: its name, the labels it joins, its properties, what it means, and
    what views show on it (``caption``: a property template; default its type)."""

    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: tuple[str, ...] = ()
    description: str = ""
    caption: str | None = None

    def merged(self, other: RelationshipType) -> RelationshipType:
        """Return this type joined with another declaration of the same name."""

        def union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(dict.fromkeys((*a, *b)))

        description = self.description
        if other.description and other.description not in description:
            description = f"{description} {other.description}".strip()
        return RelationshipType(
            self.name,
            union(self.sources, other.sources),
            union(self.targets, other.targets),
            union(self.properties, other.properties),
            description,
            self.caption or other.caption,
        )


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


# -- nodes -----------------------------------------------------------------------------------


@functools.cache
def edge_fields(record_type: type[BaseModel]) -> tuple[tuple[str | None, str, Edge], ...]:
    """Return the relationship-making fields of a record type: (the field holding a nested
    model, or None for the record's own field; the reference field; its Edge), in field order.

    >>> from aigraph.graph.model.records import Fleet
    >>> [(holder, name, edge.type) for holder, name, edge in edge_fields(Fleet)][1:]
    [(None, 'facility', 'HOUSES'), (None, 'chip_model', 'OF_MODEL')]
    """
    found: list[tuple[str | None, str, Edge]] = []
    for name, info in record_type.model_fields.items():
        edge = field_edge(record_type, name)
        if edge is not None:
            found.append((None, name, edge))
            continue
        nested = nested_model(info.annotation)
        if nested is None or is_value_type(nested):
            continue
        found.extend(
            (name, inner, inner_edge)
            for inner in nested.model_fields
            if (inner_edge := field_edge(nested, inner)) is not None
        )
    return tuple(found)


@functools.cache
def _relationship_fields(record_type: type[BaseModel]) -> frozenset[str]:
    """Return the record's fields that are relationships rather than properties."""
    return frozenset(holder or name for holder, name, _ in edge_fields(record_type))


@functools.cache
def _nested_fields(record_type: type[BaseModel]) -> frozenset[str]:
    """Return the fields holding nested models that are not values: relationships (structure
    links, parties, citations) or claims (nodes of their own)."""
    return frozenset(
        name
        for name, info in record_type.model_fields.items()
        if (inner := nested_model(info.annotation)) is not None and not is_value_type(inner)
    )


@functools.cache
def node_props(record_type: type[Record]) -> tuple[Prop, ...]:
    """Return the declared properties of a record type's nodes: ``id``, ``name`` (the caption),
    each field that is not a relationship or a nested list, then the computed ones."""
    skip = (
        frozenset({"id", "name"}) | _relationship_fields(record_type) | _nested_fields(record_type)
    )
    return (
        Prop("id", str),
        Prop("name", str, lambda record, _: record.caption),
        *(
            Prop(prop.name, prop.kind, lambda record, _, name=prop.name: getattr(record, name))
            for prop in field_props(record_type, skip)
        ),
        *record_type.computed,
    )


def property_names(record_type: type[Record]) -> list[str]:
    """Return every property a node of this record type can carry, ``id`` and ``name`` first.

    >>> from aigraph.graph.model.records import Fleet
    >>> property_names(Fleet)[:3]
    ['id', 'name', 'notes']
    """
    return [name for prop in node_props(record_type) for name in prop.names()]


def label_property_names(label: str) -> tuple[str, ...]:
    """Return every property the model declares for nodes of ``label`` (a record type's label,
    a deal kind's label: a deal's, or ``Claim``); () for a label the model does not have.

    >>> label_property_names("Fleet")[:3]
    ('id', 'name', 'notes')
    """
    if label == CLAIM_LABEL:
        return CLAIM_PROPERTIES
    for record_type in RECORD_TYPES:
        if record_type.label == label:
            return tuple(property_names(record_type))
    if any(spec.label == label for spec in DEAL_KINDS.values()):
        return tuple(property_names(Deal))
    return ()


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


def label_colors() -> dict[str, str]:
    """Return the colour of every label: record types, deal kinds and claims."""
    colors = {record.label: record.color for record in RECORD_TYPES}
    colors |= {spec.label: spec.color for spec in DEAL_KINDS.values()}
    return colors | {CLAIM_LABEL: CLAIM_COLOR}


def node_properties(record: Record, dataset: Any = None) -> dict[str, PropertyValue]:
    """Return the flat properties of a record's node (no None values); ``dataset`` is what
    computed properties that need the whole dataset (a facility's site) read."""
    return properties_of(node_props(type(record)), record, dataset)


# -- relationships declared on fields --------------------------------------------------------


def _rel_key(source: str, rel_type: str, target: str, qualifier: object = None) -> str:
    key = f"{source}|{rel_type}|{target}"
    return key if qualifier is None else f"{key}|{qualifier}"


def _targets(value: Any) -> Iterator[tuple[object, str]]:
    """Yield (the mapping key or None, the referenced id) of a reference field's value."""
    if value is None:
        return
    if isinstance(value, str):
        yield None, value
    elif isinstance(value, dict):
        for key, ids in value.items():
            for item in ids if isinstance(ids, list) else [ids]:
                yield key, item
    else:
        for item in value:
            yield None, item


def _field_links(record: Record) -> Iterator[tuple[str, str, str, str, Any, Edge, object]]:
    """Yield (key, source, type, target, holder, edge, mapping key) of every relationship the
    record's declared reference fields make, in field order (duplicates included)."""
    for holder_name, field_name, edge in edge_fields(type(record)):
        holders = [record] if holder_name is None else getattr(record, holder_name) or []
        if isinstance(holders, BaseModel):
            holders = [holders]
        for position, holder in enumerate(holders):
            rel_type = edge.type_for(holder)
            for mapping_key, target in _targets(getattr(holder, field_name)):
                source, end = (
                    (record.id, target) if edge.direction == "out" else (target, record.id)
                )
                qualifier = position if edge.parallel else None
                if edge.key_as is not None:
                    qualifier = getattr(mapping_key, "value", mapping_key)
                key = _rel_key(source, rel_type, end, qualifier)
                yield key, source, rel_type, end, holder, edge, mapping_key


def field_relationships(record: Record) -> list[Relationship]:
    """Return the relationships the record's declared reference fields make, in field order.

    Relationships that two declarations give between the same nodes (a facility's owner field and
    its owner party) are one, with their properties merged (the first declaration wins).
    """
    found: dict[str, Relationship] = {}
    for key, source, rel_type, end, holder, edge, mapping_key in _field_links(record):
        properties: dict[str, PropertyValue] = dict(edge.constant)
        for name in edge.properties:
            properties.update(flat_values(name, getattr(holder, name)))
        if edge.key_as is not None:
            properties.update(flat_values(edge.key_as, mapping_key))
        properties = {k: v for k, v in properties.items() if v is not None}
        if key in found:
            merged = properties | found[key].properties
            found[key] = Relationship(source, rel_type, end, key, merged)
        else:
            found[key] = Relationship(source, rel_type, end, key, properties)
    return list(found.values())


def field_ends(record: Record) -> list[tuple[str, str, str]]:
    """Return (source, type, target) of each of :func:`field_relationships`, in its order, without
    computing any property (what a graph's topology needs)."""
    found: dict[str, tuple[str, str, str]] = {}
    for key, source, rel_type, end, *_ in _field_links(record):
        found.setdefault(key, (source, rel_type, end))
    return list(found.values())


def _labels_of(kinds: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(SECTIONS[kind].label for kind in kinds)


def _declared_types() -> dict[str, RelationshipType]:
    types: dict[str, RelationshipType] = {}
    for record_type in RECORD_TYPES:
        for holder_name, field_name, edge in edge_fields(record_type):
            holder_type = (
                record_type
                if holder_name is None
                else nested_model(record_type.model_fields[holder_name].annotation)
            )
            assert holder_type is not None
            kinds = field_reference_kinds(holder_type, field_name) or ()
            ends = ((record_type.label,), _labels_of(kinds))
            sources, targets = ends if edge.direction == "out" else ends[::-1]
            properties = (
                *edge.constant,
                *edge.properties,
                *((edge.key_as,) if edge.key_as else ()),
            )
            flat = tuple(
                name
                for prop in properties
                for name in (
                    Prop(prop, holder_type.model_fields[prop].annotation).names()
                    if prop in holder_type.model_fields
                    else [prop]
                )
            )
            for rel_type in edge.type_names():
                meaning = edge.description.format(
                    type=rel_type.lower().replace("_", " "),
                    role=rel_type.lower(),
                )
                declared = RelationshipType(rel_type, sources, targets, flat, meaning, edge.caption)
                types[rel_type] = (
                    types[rel_type].merged(declared) if rel_type in types else declared
                )
    return types


# -- relationships the graph derives from the whole dataset ----------------------------------


def _day(name: str) -> Prop:
    return Prop(name, str, lambda obj, name=name: getattr(obj, name))


FLOW_PROPERTIES: tuple[Prop, ...] = (
    Prop("deal", str),
    Prop("title", str),
    Prop("kind", DealKind),
    Prop("flow", FlowCategory),
    Prop("shape", FlowShape),
    Prop("payer_name", str),
    Prop("payee_name", str),
    Prop("status", Status),
    Prop("confidence", Confidence),
    Prop("active", bool),
    Prop("superseded_by", str),
    Prop("amount", Amount, parts=("", "unit", "period", "text")),
    Prop("total", Amount, parts=("", "unit", "text")),
    Prop("committed", Amount, parts=("", "unit", "text")),
    Prop("committed_usd", float),
    Prop("stated_usd", float),
    Prop("high_usd", float),
    Prop("certainty", Certainty),
    Prop("condition", str),
    Prop("contingent", bool),
    Prop("cash", bool),
    Prop("status_changed", str),
    Prop("prior_status", Status),
    Prop("inactive_from", str),
    Prop("term", Term),
    Prop("announced", PartialDate),
    Prop("began", PartialDate, parts=("", "first_day")),
    Prop("paid_from", str),
    Prop("paid_from_last", str),
    Prop("paid_until", str),
    Prop("paid_until_first", str),
    Prop("in_force_from", str),
    Prop("in_force_until", str),
    Prop("one_date", bool),
    Prop("sources", list[str]),
)
"""The properties of a money-flow relationship (``PAYS``, ``GROUP_PAYS``), read off a
``MoneyFlow``: its deal, shape, status, lifecycle, amounts, and when it pays and counts."""
GROUP_ONLY_PROPERTIES: tuple[Prop, ...] = (
    Prop("payer", str, lambda group: group.flow.payer),
    Prop("payee", str, lambda group: group.flow.payee),
    Prop("group_first_day", str, lambda group: group.first_day),
    Prop("group_last_day", str, lambda group: group.last_day),
    Prop("group_current", bool, lambda group: group.current),
    Prop("group_levels", list[int], lambda group: list(group.levels)),
)
"""What ``GROUP_PAYS`` adds to a flow's properties: the organizations and the epoch."""
GROUP_FLOW_PROPERTIES: tuple[Prop, ...] = (
    *(
        Prop(p.name, p.kind, lambda group, name=p.name: getattr(group.flow, name), p.parts)
        for p in FLOW_PROPERTIES
    ),
    *GROUP_ONLY_PROPERTIES,
)
"""The properties of ``GROUP_PAYS``, read off a ``GroupFlow`` (``group_levels``: the
minimum-confidence ranks under which this grouping holds)."""
GROUP_EPOCH_PROPERTIES: tuple[Prop, ...] = (
    _day("first_day"),
    _day("last_day"),
    Prop("current", bool),
    Prop("levels", list[int], lambda epoch: list(epoch.levels)),
)
"""The properties of ``IN_GROUP``, read off a ``GroupEpoch``."""


def flow_properties(flow: Any) -> dict[str, PropertyValue]:
    """Return the properties of a ``PAYS`` relationship for one ``MoneyFlow``."""
    return properties_of(FLOW_PROPERTIES, flow)


def group_flow_properties(
    group_flow: Any, flow_props: dict[str, PropertyValue] | None = None
) -> dict[str, PropertyValue]:
    """Return the properties of a ``GROUP_PAYS`` relationship for one ``GroupFlow``; pass the
    flow's ``PAYS`` properties when they are at hand (they are the same for every epoch)."""
    if flow_props is None:
        flow_props = flow_properties(group_flow.flow)
    return flow_props | properties_of(GROUP_ONLY_PROPERTIES, group_flow)


def _names(props: tuple[Prop, ...]) -> tuple[str, ...]:
    return tuple(name for prop in props for name in prop.names())


_ANY_RECORD = tuple(record.label for record in RECORD_TYPES if record.label != "Source")
DERIVED_RELATIONSHIP_TYPES: tuple[RelationshipType, ...] = (
    RelationshipType(
        "HAS_CLAIM",
        ("Deal", "Facility"),
        (CLAIM_LABEL,),
        (),
        "Another source's value of an attribute (one Claim per value, when there are two or more).",
    ),
    RelationshipType(
        "CITES", (CLAIM_LABEL,), ("Source",), ("quote", "states"), "A claim cites a source."
    ),
    RelationshipType(
        "IN_GROUP",
        ("Organization",),
        ("Organization",),
        _names(GROUP_EPOCH_PROPERTIES),
        "Group membership epoch: the ultimate parent from first_day to last_day (null: "
        "open) under the minimum-confidence ranks in levels; current marks today's structure. "
        "Every organization is in its own group when it has no parent; only completed mergers "
        "and acquisitions roll up.",
    ),
    RelationshipType(
        "PAYS",
        ("Organization",),
        ("Organization",),
        _names(FLOW_PROPERTIES),
        "Money flow: payer -> payee of a deal (one per deal and pair).",
        "{amount_text}",
    ),
    RelationshipType(
        "GROUP_PAYS",
        ("Organization",),
        ("Organization",),
        _names(GROUP_FLOW_PROPERTIES),
        "Money flow between groups during one structure epoch; flows inside a group are "
        "left out. Filter on group_current (or the epoch days) to walk it.",
        "{amount_text}",
    ),
)
"""Relationship types that no record field makes: the graph derives them from the dataset."""


def _all_types() -> dict[str, RelationshipType]:
    types = _declared_types()
    for derived in DERIVED_RELATIONSHIP_TYPES:
        types[derived.name] = (
            types[derived.name].merged(derived) if derived.name in types else derived
        )
    cites = types["CITES"]
    types["CITES"] = RelationshipType(
        cites.name,
        tuple(label for label in (*_ANY_RECORD, CLAIM_LABEL) if label in cites.sources),
        cites.targets,
        cites.properties,
        "A record (or a claim) cites a source, with the quote.",
    )
    return types


RELATIONSHIP_TYPES: dict[str, RelationshipType] = _all_types()
"""Every relationship type of the graph, by name."""
