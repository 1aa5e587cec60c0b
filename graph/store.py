"""The property graph of a dataset: topology in integer arrays, properties read when asked.

A node's or relationship's properties are a function of the typed object it comes from (a
record, a claim, a group epoch, a money flow); copying them into a dict per element is what
made the embedded build cost 29 KB and 0.4 ms per deal. :class:`PropertyGraph` keeps, per
relationship, only its two node numbers, its type and where it comes from (six integer
:mod:`array` columns in all), and computes properties from that origin on every read, with the
same functions the Neo4j writer and the exports use (:mod:`aigraph.graph.elements`).

Its read API is the part of networkx's ``MultiDiGraph`` the project uses (``nodes``, ``edges``,
``out_edges``, ``in_edges``, ``number_of_nodes``, ``number_of_edges``), so code written against
a networkx graph reads it unchanged; :meth:`PropertyGraph.to_networkx` builds the full networkx
graph for anything else (a notebook's algorithms, node-link JSON).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aigraph.graph.bulk import collector_paused
from aigraph.graph.columns import (
    CHUNK_ROWS,
    NodeChunk,
    RelationshipChunk,
    dict_columns,
    gather,
    overlay,
    prop_columns,
    relationship_chunks,
)
from aigraph.graph.dataset import Dataset
from aigraph.graph.elements import (
    claim_elements,
    epoch_key,
    epoch_relationship,
    group_pays_key,
    group_pays_relationship,
    pays_key,
    pays_relationship,
)
from aigraph.graph.model.schema import (
    FLOW_PROPERTIES,
    GROUP_EPOCH_PROPERTIES,
    GROUP_ONLY_PROPERTIES,
    PropertyValue,
    Relationship,
    field_ends,
    field_relationships,
    flow_properties,
    node_labels,
    node_properties,
    node_props,
)
from aigraph.graph.money import all_money_flows, group_epochs, group_flows

if TYPE_CHECKING:
    import networkx as nx

Ends = Callable[[Any], list[tuple[str, str, str]]]
Elements = Callable[[Any], list[Relationship]]


@dataclass(frozen=True)
class _Segment:
    """Relationships that come from one kind of object: the objects, the ends of each object's
    relationships (cheap: no properties) and the relationships themselves (with properties)."""

    objects: Sequence[Any]
    ends: Ends
    elements: Elements


def _one(rel: Relationship) -> list[Relationship]:
    return [rel]


def _own_ends(rel: Relationship) -> list[tuple[str, str, str]]:
    return [(rel.source, rel.type, rel.target)]


class PropertyGraph:
    """Every node and relationship of a dataset, as the Neo4j writer and the exports see them.

    Node data is ``{"labels": (...), **properties}``, relationship data
    ``{"type": ..., **properties}``, as a networkx graph would hold them. Relationships come in a
    stable order: the records' own (record order), claims, ``IN_GROUP``, ``PAYS``,
    ``GROUP_PAYS``.

    >>> from aigraph.loaders import load_curated
    >>> g = PropertyGraph(load_curated())
    >>> g.nodes["spacex"]["name"], g.nodes["spacex"]["labels"]
    ('SpaceX', ('Organization',))
    """

    def __init__(self, dataset: Dataset) -> None:
        with collector_paused():
            self._build(dataset)
        self.nodes = NodeView(self)
        self.edges = EdgeView(self)

    def _build(self, dataset: Dataset) -> None:
        self._dataset = dataset
        self._records = list(dataset)
        claim_nodes, claim_rels = claim_elements(dataset)
        self._claim_nodes = claim_nodes
        self._ids = [record.id for record in self._records] + [node.id for node in claim_nodes]
        self._index = {node_id: number for number, node_id in enumerate(self._ids)}
        epochs = group_epochs(dataset)
        flows = all_money_flows(dataset)
        self._segments = (
            _Segment(self._records, field_ends, field_relationships),
            _Segment(claim_rels, _own_ends, _one),
            _Segment(epochs, _epoch_ends, lambda epoch: [epoch_relationship(epoch)]),
            _Segment(flows, _flow_ends, lambda flow: [pays_relationship(flow)]),
            _Segment(group_flows(flows, epochs), _group_flow_ends, _GroupPays()),
        )
        self._types: list[str] = []
        type_codes: dict[str, int] = {}
        self._source, self._target = array("i"), array("i")
        self._type, self._segment = array("B"), array("B")
        self._origin, self._position = array("i"), array("I")
        index = self._index
        for segment_number, segment in enumerate(self._segments):
            for origin, obj in enumerate(segment.objects):
                for position, (source, rel_type, target) in enumerate(segment.ends(obj)):
                    code = type_codes.get(rel_type)
                    if code is None:
                        code = type_codes[rel_type] = len(self._types)
                        self._types.append(rel_type)
                    self._source.append(index[source])
                    self._target.append(index[target])
                    self._type.append(code)
                    self._segment.append(segment_number)
                    self._origin.append(origin)
                    self._position.append(position)
        self._adjacency: tuple[list[list[int]], list[list[int]]] | None = None

    # -- counts ------------------------------------------------------------------------------

    def number_of_nodes(self) -> int:
        """Return the number of nodes."""
        return len(self._ids)

    def number_of_edges(self) -> int:
        """Return the number of relationships."""
        return len(self._source)

    def type_counts(self) -> dict[str, int]:
        """Return the number of relationships per type, sorted by type."""
        counts = Counter(self._type)
        return dict(sorted((self._types[code], n) for code, n in counts.items()))

    # -- nodes -------------------------------------------------------------------------------

    def has_node(self, node_id: object) -> bool:
        """Return True when the graph has a node with this id."""
        return node_id in self._index

    def node_ids(self) -> list[str]:
        """Return every node id, records first (dataset order), then claims."""
        return list(self._ids)

    def node_data(self, node_id: str) -> dict[str, Any]:
        """Return a node's labels and properties (KeyError when there is none)."""
        number = self._index[node_id]
        if number < len(self._records):
            record = self._records[number]
            return {"labels": node_labels(record), **node_properties(record, self._dataset)}
        claim = self._claim_nodes[number - len(self._records)]
        return {"labels": claim.labels, **claim.properties}

    # -- relationships -----------------------------------------------------------------------

    def relationships(self) -> Iterator[Relationship]:
        """Yield every relationship with its properties, in the graph's order."""
        for segment in self._segments:
            for obj in segment.objects:
                yield from segment.elements(obj)

    def relationship(self, number: int) -> Relationship:
        """Return relationship ``number`` (its place in :meth:`relationships`)."""
        segment = self._segments[self._segment[number]]
        return segment.elements(segment.objects[self._origin[number]])[self._position[number]]

    def _edges_of(self, node_id: str, outgoing: bool) -> list[int]:
        if self._adjacency is None:
            out: list[list[int]] = [[] for _ in self._ids]
            into: list[list[int]] = [[] for _ in self._ids]
            for number, (source, target) in enumerate(zip(self._source, self._target, strict=True)):
                out[source].append(number)
                into[target].append(number)
            self._adjacency = (out, into)
        return self._adjacency[0 if outgoing else 1][self._index[node_id]]

    def out_edges(self, node_id: str, data: bool = False) -> list[tuple[Any, ...]]:
        """Return (source, target[, data]) of every relationship out of a node."""
        return [
            _edge_tuple(self.relationship(n), False, data) for n in self._edges_of(node_id, True)
        ]

    def in_edges(self, node_id: str, data: bool = False) -> list[tuple[Any, ...]]:
        """Return (source, target[, data]) of every relationship into a node."""
        return [
            _edge_tuple(self.relationship(n), False, data) for n in self._edges_of(node_id, False)
        ]

    def edge_data(self, source: str, target: str, key: str) -> dict[str, Any]:
        """Return the data of the relationship ``source -> target`` with this key (KeyError when
        there is none)."""
        target_number = self._index[target]
        for number in self._edges_of(source, True):
            if self._target[number] == target_number:
                rel = self.relationship(number)
                if rel.key == key:
                    return _data(rel)
        raise KeyError((source, target, key))

    # -- column-wise reading -----------------------------------------------------------------

    def node_chunks(self, rows: int = CHUNK_ROWS) -> Iterator[NodeChunk]:
        """Yield every node as chunks of at most ``rows`` nodes with the same labels, their
        properties as columns (one pass per property; the same values as :meth:`node_data`).
        Nodes of one label set come in the graph's order."""
        by_kind: dict[tuple[type, tuple[str, ...]], list[Any]] = {}
        for record in self._records:
            by_kind.setdefault((type(record), node_labels(record)), []).append(record)
        for (record_type, labels), records in by_kind.items():
            props = node_props(record_type)
            for start in range(0, len(records), rows):
                part = records[start : start + rows]
                columns = prop_columns(props, part, self._dataset)
                columns.pop("id", None)
                yield NodeChunk(labels, [record.id for record in part], columns)
        claims: dict[tuple[str, ...], list[Any]] = {}
        for node in self._claim_nodes:
            claims.setdefault(node.labels, []).append(node)
        for labels, nodes in claims.items():
            for start in range(0, len(nodes), rows):
                part = nodes[start : start + rows]
                columns = dict_columns([node.properties for node in part])
                columns.pop("id", None)
                yield NodeChunk(labels, [node.id for node in part], columns)

    def relationship_chunks(self, rows: int = CHUNK_ROWS) -> Iterator[RelationshipChunk]:
        """Yield every relationship as chunks of at most about ``rows`` relationships of one
        type, their properties as columns (the money flows' one pass per property; the same
        values as :meth:`relationships`). Relationships of one type come in the graph's
        order."""
        records, claim_rels, epochs, flows, group_flows = (s.objects for s in self._segments)
        for start in range(0, len(records), rows):
            yield from relationship_chunks(
                [
                    rel
                    for record in records[start : start + rows]
                    for rel in field_relationships(record)
                ]
            )
        for start in range(0, len(claim_rels), rows):
            yield from relationship_chunks(claim_rels[start : start + rows])
        for start in range(0, len(epochs), rows):
            part = epochs[start : start + rows]
            yield RelationshipChunk(
                "IN_GROUP",
                [epoch.organization for epoch in part],
                [epoch.group for epoch in part],
                [epoch_key(epoch) for epoch in part],
                prop_columns(GROUP_EPOCH_PROPERTIES, part),
            )
        for start in range(0, len(flows), rows):
            part = flows[start : start + rows]
            yield RelationshipChunk(
                "PAYS",
                [flow.payer for flow in part],
                [flow.payee for flow in part],
                [pays_key(flow) for flow in part],
                prop_columns(FLOW_PROPERTIES, part),
            )
        for start in range(0, len(group_flows), rows):
            part = group_flows[start : start + rows]
            unique: dict[int, int] = {}
            distinct = []
            at = []
            for group_flow in part:  # a flow's epochs come one after another: computed once
                number = unique.get(id(group_flow.flow))
                if number is None:
                    number = unique[id(group_flow.flow)] = len(distinct)
                    distinct.append(group_flow.flow)
                at.append(number)
            flow_columns = prop_columns(FLOW_PROPERTIES, distinct)
            yield RelationshipChunk(
                "GROUP_PAYS",
                [group_flow.payer_group for group_flow in part],
                [group_flow.payee_group for group_flow in part],
                [group_pays_key(group_flow) for group_flow in part],
                overlay(
                    flow_columns if len(distinct) == len(part) else gather(flow_columns, at),
                    prop_columns(GROUP_ONLY_PROPERTIES, part),
                ),
            )

    def to_networkx(self) -> nx.MultiDiGraph:
        """Return the whole graph as a networkx ``MultiDiGraph`` (properties as attributes,
        relationships keyed by their keys)."""
        import networkx as nx

        graph = nx.MultiDiGraph()
        for node_id, data in self.nodes(data=True):
            graph.add_node(node_id, **data)
        for rel in self.relationships():
            graph.add_edge(rel.source, rel.target, key=rel.key, type=rel.type, **rel.properties)
        return graph


def _edge_tuple(rel: Relationship, keys: bool, data: bool) -> tuple[Any, ...]:
    found: tuple[Any, ...] = (rel.source, rel.target)
    if keys:
        found += (rel.key,)
    if data:
        found += (_data(rel),)
    return found


def _data(rel: Relationship) -> dict[str, Any]:
    return {"type": rel.type, **rel.properties}


class _GroupPays:
    """The ``GROUP_PAYS`` of a group flow, reusing the ``PAYS`` properties of the flow read
    last (a flow's epochs come one after another, and share them)."""

    def __init__(self) -> None:
        self._flow: Any = None
        self._properties: dict[str, PropertyValue] = {}

    def __call__(self, group_flow: Any) -> list[Relationship]:
        if group_flow.flow is not self._flow:
            self._flow, self._properties = group_flow.flow, flow_properties(group_flow.flow)
        return [group_pays_relationship(group_flow, self._properties)]


def _epoch_ends(epoch: Any) -> list[tuple[str, str, str]]:
    return [(epoch.organization, "IN_GROUP", epoch.group)]


def _flow_ends(flow: Any) -> list[tuple[str, str, str]]:
    return [(flow.payer, "PAYS", flow.payee)]


def _group_flow_ends(group_flow: Any) -> list[tuple[str, str, str]]:
    return [(group_flow.payer_group, "GROUP_PAYS", group_flow.payee_group)]


class NodeView:
    """``graph.nodes``: ``nodes[id]`` is a node's data, ``nodes(data=True)`` yields
    ``(id, data)``, iterating yields ids (as networkx's node view does)."""

    def __init__(self, graph: PropertyGraph) -> None:
        self._graph = graph

    def __getitem__(self, node_id: str) -> dict[str, Any]:
        return self._graph.node_data(node_id)

    def __call__(self, data: bool = False) -> Iterator[Any]:
        for node_id in self._graph.node_ids():
            yield (node_id, self._graph.node_data(node_id)) if data else node_id

    def __iter__(self) -> Iterator[str]:
        return iter(self._graph.node_ids())

    def __contains__(self, node_id: object) -> bool:
        return self._graph.has_node(node_id)

    def __len__(self) -> int:
        return self._graph.number_of_nodes()


class EdgeView:
    """``graph.edges``: ``edges(keys=..., data=...)`` yields ``(source, target[, key][, data])``,
    ``edges[source, target, key]`` is one relationship's data (as networkx's edge view does)."""

    def __init__(self, graph: PropertyGraph) -> None:
        self._graph = graph

    def __getitem__(self, edge: tuple[str, str, str]) -> dict[str, Any]:
        return self._graph.edge_data(*edge)

    def __call__(self, keys: bool = False, data: bool = False) -> Iterator[tuple[Any, ...]]:
        for rel in self._graph.relationships():
            yield _edge_tuple(rel, keys, data)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return self(keys=True)

    def __len__(self) -> int:
        return self._graph.number_of_edges()
