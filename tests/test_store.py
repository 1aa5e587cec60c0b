"""The property graph's store: what it reads back is what the elements say, for every node and
relationship, and its networkx-style reads agree with a networkx graph of the same elements."""

from __future__ import annotations

import networkx as nx
import pytest

from aigraph.graph import EmbeddedGraph
from aigraph.graph.dataset import Dataset
from aigraph.graph.elements import (
    claim_elements,
    epoch_relationship,
    group_pays_relationship,
    pays_relationship,
)
from aigraph.graph.model.schema import field_ends, field_relationships, node_labels, node_properties
from aigraph.graph.money import all_money_flows, group_epochs, group_flows
from aigraph.graph.store import PropertyGraph
from aigraph.graph.synthetic import synthetic_records


def materialised(dataset: Dataset) -> nx.MultiDiGraph:
    """Return every element of the dataset copied into networkx, made object by object (what
    the build once did), independent of the store's numbering."""
    graph = nx.MultiDiGraph()
    relationships = []
    for record in dataset:
        graph.add_node(record.id, labels=node_labels(record), **node_properties(record, dataset))
        relationships.extend(field_relationships(record))
    claim_nodes, claim_rels = claim_elements(dataset)
    for node in claim_nodes:
        graph.add_node(node.id, labels=node.labels, **node.properties)
    epochs, flows = group_epochs(dataset), all_money_flows(dataset)
    for rel in [
        *relationships,
        *claim_rels,
        *map(epoch_relationship, epochs),
        *map(pays_relationship, flows),
        *map(group_pays_relationship, group_flows(flows, epochs)),
    ]:
        graph.add_edge(rel.source, rel.target, key=rel.key, type=rel.type, **rel.properties)
    return graph


@pytest.fixture(scope="module", params=["curated", "synthetic"])
def pair(request, curated) -> tuple[PropertyGraph, nx.MultiDiGraph]:
    dataset = curated.dataset if request.param == "curated" else Dataset(synthetic_records(300))
    return PropertyGraph(dataset), materialised(dataset)


def test_every_node_reads_back_its_labels_and_properties(pair):
    store, expected = pair
    assert list(store.nodes) == list(expected.nodes)
    assert dict(store.nodes(data=True)) == dict(expected.nodes(data=True))
    assert store.number_of_nodes() == expected.number_of_nodes() == len(store.nodes)
    assert "spacex" in store.nodes or "org-000000" in store.nodes
    assert "no-such-node" not in store.nodes
    with pytest.raises(KeyError):
        store.nodes["no-such-node"]


def test_every_relationship_reads_back_with_its_key_and_properties(pair):
    store, expected = pair
    found = sorted(store.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    wanted = sorted(expected.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    assert found == wanted
    assert store.number_of_edges() == expected.number_of_edges()
    counts: dict[str, int] = {}
    for *_, data in wanted:
        counts[data["type"]] = counts.get(data["type"], 0) + 1
    assert store.type_counts() == dict(sorted(counts.items()))


def test_one_relationship_and_a_node_neighbourhood_read_as_networkx_does(pair):
    store, expected = pair
    for source, target, key in list(expected.edges(keys=True))[::7]:
        assert store.edges[source, target, key] == expected.edges[source, target, key]
    for node in list(expected.nodes)[::5]:
        assert sorted(store.out_edges(node, data=True), key=repr) == sorted(
            expected.out_edges(node, data=True), key=repr
        )
        assert sorted(store.in_edges(node, data=True), key=repr) == sorted(
            expected.in_edges(node, data=True), key=repr
        )
    source, target, key = next(iter(expected.edges(keys=True)))
    with pytest.raises(KeyError):
        store.edges[source, target, key + "-not-a-key"]


def test_to_networkx_is_the_materialised_graph(pair):
    store, expected = pair
    copy = store.to_networkx()
    assert nx.utils.graphs_equal(copy, expected)


def test_field_ends_are_the_field_relationships_without_properties(curated):
    for record in curated.dataset:
        rels = field_relationships(record)
        assert field_ends(record) == [(r.source, r.type, r.target) for r in rels]


def test_the_embedded_graph_reads_its_store(curated: EmbeddedGraph):
    assert isinstance(curated.graph, PropertyGraph)
    counts: dict[str, int] = {}
    for *_, data in curated.graph.edges(data=True):
        counts[data["type"]] = counts.get(data["type"], 0) + 1
    assert curated.relationship_counts() == dict(sorted(counts.items()))
    assert curated.graph.nodes["reflection-spacex-colossus-lease"]["labels"] == (
        "Deal",
        "ComputeLease",
    )
