"""The schema is read off the record declarations: every relationship type a field declares is
written by the one generic writer, with the ends and properties the schema says, and a record
that uses every relationship-making field gives every type (not only those in the curated data).
"""

import textwrap

from aigraph.graph import EmbeddedGraph
from aigraph.graph.model.records import RECORD_TYPES, Deal, Facility
from aigraph.graph.model.relations import field_edge, nested_model
from aigraph.graph.model.schema import (
    RELATIONSHIP_TYPES,
    edge_fields,
    field_relationships,
    property_names,
)
from aigraph.graph.model.vocabulary import StructureRelation
from aigraph.loaders import load_curated

EVERY_FIELD = """\
sources:
  - {id: src, title: A source, kind: trade-press, url: "https://example.org/a"}
markets:
  - {id: llm, name: LLMs}
organizations:
  - {id: parent, name: Parent, citations: [{source: src, quote: "parent co", states: ["*"]}]}
  - {id: lab, name: Lab, citations: [{source: src, quote: "a lab", states: ["*"]}]}
  - id: sub
    name: Sub
    structure:
      - {relation: subsidiary-of, parent: parent, citations: [{source: src, quote: "owned", states: ["*"]}]}
    citations: [{source: src, quote: "a sub", states: ["*"]}]
  - id: merged
    name: Merged
    structure:
      - {relation: merged-into, parent: parent, since: 2025-01, citations: [{source: src, quote: "merged", states: ["*"]}]}
    citations: [{source: src, quote: "merged co", states: ["*"]}]
  - id: bought
    name: Bought
    structure:
      - {relation: acquired-by, parent: parent, since: 2025-06, citations: [{source: src, quote: "bought", states: ["*"]}]}
    citations: [{source: src, quote: "bought co", states: ["*"]}]
  - id: unit
    name: Unit
    structure:
      - {relation: division-of, parent: parent, citations: [{source: src, quote: "a division", states: ["*"]}]}
    citations: [{source: src, quote: "a unit", states: ["*"]}]
people:
  - {id: founder, name: Founder, affiliations: [{organization: lab, role: CEO}], citations: [{source: src, quote: "founder", states: ["*"]}]}
facilities:
  - {id: site, name: Site, owner: parent, operator: lab, citations: [{source: src, quote: "a site", states: ["*"]}],
     parties: [{organization: lab, role: owner}, {organization: sub, role: user},
               {organization: merged, role: investor}, {organization: bought, role: construction},
               {organization: unit, role: energy}],
     floor_area: 100 sqft, claims: [{floor_area: 200 sqft, citations: [{source: src, quote: "bigger", states: ["*"]}]}]}
  - {id: phase, name: Phase, part_of: site, builds_upon: site, citations: [{source: src, quote: "a phase", states: ["*"]}]}
chip_models:
  - {id: chip, name: Chip, maker: parent, category: gpu, citations: [{source: src, quote: "a chip", states: ["*"]}]}
fleets:
  - {id: fleet, facility: site, chip_model: chip, count: 10 GPU, confidence: high, citations: [{source: src, quote: "ten chips", states: ["*"]}]}
milestones:
  - {id: step, facility: site, date: 2025-01, citations: [{source: src, quote: "a step", states: ["*"]}]}
products:
  - {id: model, name: Model, maker: lab, markets: [llm], citations: [{source: src, quote: "a model", states: ["*"]}]}
competition:
  - {id: rivals, parties: [model, parent], market: llm, confidence: high, citations: [{source: src, quote: "they compete", states: ["*"]}]}
deals:
  - {id: rent, kind: compute-lease, title: Rent, parties: {customer: lab, provider: parent},
     facilities: [site], status: signed, confidence: high, value: 1B USD,
     citations: [{source: src, quote: "a lease", states: ["*"]}]}
  - {id: rent-renewed, kind: compute-lease, title: Renewed, parties: {customer: lab, provider: parent},
     supersedes: rent, status: signed, confidence: high,
     citations: [{source: src, quote: "a renewal", states: [parties, status, supersedes]}]}
  - {id: rent-warrant, kind: equity-warrant, title: Warrant, parties: {issuer: parent, holder: lab},
     consideration_for: rent, status: signed, confidence: high,
     citations: [{source: src, quote: "a warrant for the lease", states: ["*"]}]}
events:
  - {id: listing, kind: listing, title: Parent lists, subjects: [parent], facilities: [site], date: 2026-06,
     confidence: high, citations: [{source: src, quote: "it listed", states: ["*"]}]}
figures:
  - {id: figure, subject: parent, metric: contracted-revenue, amount: 1B USD, covers: [rent],
     reported_by: lab, confidence: high, citations: [{source: src, quote: "a figure", states: ["*"]}]}
"""


def every_field_graph(tmp_path) -> EmbeddedGraph:
    (tmp_path / "data.yaml").write_text(textwrap.dedent(EVERY_FIELD))
    return EmbeddedGraph(load_curated(tmp_path))


def test_a_record_using_every_field_gives_every_relationship_type(tmp_path):
    graph = every_field_graph(tmp_path)
    produced = {data["type"] for _, _, data in graph.graph.edges(data=True)}
    assert produced == set(RELATIONSHIP_TYPES)


def test_every_relationship_has_the_declared_ends_and_properties(tmp_path):
    graph = every_field_graph(tmp_path)
    for source, target, data in graph.graph.edges(data=True):
        declared = RELATIONSHIP_TYPES[data["type"]]
        assert graph.graph.nodes[source]["labels"][0] in declared.sources, data["type"]
        assert graph.graph.nodes[target]["labels"][0] in declared.targets, data["type"]
        assert set(data) - {"type"} <= set(declared.properties), data["type"]


def test_every_node_property_is_declared(tmp_path):
    graph = every_field_graph(tmp_path)
    for node_id, data in graph.graph.nodes(data=True):
        record = graph.dataset.records.get(node_id)
        if record is not None:
            assert set(data) - {"labels"} <= set(property_names(type(record))), node_id


def test_the_types_come_from_the_field_declarations():
    declared = set()
    for record_type in RECORD_TYPES:
        for holder, name, edge in edge_fields(record_type):
            model = (
                record_type
                if holder is None
                else nested_model(record_type.model_fields[holder].annotation)
            )
            assert field_edge(model, name) is edge
            declared |= set(edge.type_names())
    assert {r.name for r in StructureRelation} <= declared
    assert {"OWNS", "USES", "FUNDS", "BUILDS", "POWERS"} <= declared


def test_an_owner_named_twice_is_one_relationship_with_both_properties(tmp_path):
    graph = every_field_graph(tmp_path)
    facility = graph.record("site")
    assert isinstance(facility, Facility)
    owns = [r for r in field_relationships(facility) if r.type == "OWNS"]
    assert [(r.source, r.properties.get("primary")) for r in owns] == [
        ("parent", True),
        ("lab", None),
    ]


def test_parties_keep_their_role_and_citations_their_quote(tmp_path):
    graph = every_field_graph(tmp_path)
    deal = graph.record("rent")
    assert isinstance(deal, Deal)
    rels = {(r.type, r.source, r.target): r.properties for r in field_relationships(deal)}
    assert rels[("PARTY_TO", "lab", "rent")] == {"role": "customer"}
    assert rels[("PARTY_TO", "parent", "rent")] == {"role": "provider"}
    assert rels[("CITES", "rent", "src")] == {"quote": "a lease", "states": ["*"]}
    assert ("AT_FACILITY", "rent", "site") in rels
