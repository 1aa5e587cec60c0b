"""The embedded graph: group roll-up, the money-flow projection, relationships from the schema."""

from seeds import deal, org, seeded

from aigraph.graph import EmbeddedGraph
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.records import SECTIONS
from aigraph.graph.model.schema import RELATIONSHIP_TYPES, all_labels, property_names
from aigraph.graph.model.vocabulary import Status
from aigraph.loaders import load_curated

TWO_LEASES = """\
deals:
  - {id: lease-a, kind: compute-lease, title: A, parties: {customer: lab, provider: acme}, status: signed, confidence: high, value: 1M USD/month, term: {start: 2026-01, end: 2026-12}, citations: [{source: src, quote: "lease a", states: ["*"]}]}
  - {id: lease-b, kind: compute-lease, title: B, parties: {customer: lab, provider: acme}, status: rumoured, confidence: low, value: 2M USD, citations: [{source: src, quote: "lease b", states: ["*"]}]}
  - {id: stake, kind: investment, title: S, parties: {investor: acme, investee: lab}, status: announced, confidence: high, value: 5M USD, announced: 2025-06, citations: [{source: src, quote: "stake", states: ["*"]}]}
  - {id: warrant, kind: equity-warrant, title: W, parties: {issuer: lab, holder: acme}, status: signed, confidence: high, citations: [{source: src, quote: "warrant", states: ["*"]}]}
"""


def test_group_roll_up_follows_dated_structure(curated):
    assert curated.group_of("xai") == "spacex"
    assert curated.group_of("xai", PartialDate.parse("2026-03")) == "spacex"
    assert curated.group_of("xai", PartialDate.parse("2025-12")) == "xai"
    assert curated.group_of("github") == "microsoft"
    assert curated.group_of("nvidia") == "nvidia"


def test_money_flows_go_from_payer_to_payee(write_dataset):
    graph = EmbeddedGraph(load_curated(write_dataset(deals=TWO_LEASES)))
    # the evidence policy's default: the rumoured lease and the (non-cash) warrant are left out
    default = {(f.deal, f.payer, f.payee, f.flow.value) for f in graph.money_flows()}
    assert default == {
        ("lease-a", "lab", "acme", "commercial"),
        ("stake", "acme", "lab", "investment"),
    }
    every = graph.money_flows(min_status=None, include_non_cash=True)
    flows = {(f.deal, f.payer, f.payee, f.flow.value) for f in every}
    assert flows == {
        ("lease-a", "lab", "acme", "commercial"),
        ("lease-b", "lab", "acme", "commercial"),
        ("stake", "acme", "lab", "investment"),
        ("warrant", "lab", "acme", "investment"),
    }


def test_parallel_deals_are_separate_edges_keyed_by_deal(write_dataset):
    projection = EmbeddedGraph(load_curated(write_dataset(deals=TWO_LEASES))).money_flow_graph(
        min_status=None, include_non_cash=True
    )
    assert sorted(projection["lab"]["acme"]) == ["lease-a", "lease-b", "warrant"]
    assert projection["lab"]["acme"]["lease-a"]["flow"].total.value == 12e6


def test_filters_on_status_confidence_and_date(write_dataset):
    graph = EmbeddedGraph(load_curated(write_dataset(deals=TWO_LEASES)))
    signed = {f.deal for f in graph.money_flows(min_status=Status.SIGNED)}
    assert signed == {"lease-a"}
    with_shares = graph.money_flows(min_status=Status.SIGNED, include_non_cash=True)
    assert {f.deal for f in with_shares} == {"lease-a", "warrant"}
    early = {f.deal for f in graph.money_flows(as_of=PartialDate.parse("2025-07"))}
    # lease-a starts in 2026; the stake is held from 2025-06; lease-b and the warrant give no
    # date at all, so they cannot be placed in force at any date
    assert early == {"stake"}
    late = {f.deal for f in graph.money_flows(as_of=PartialDate.parse("2027-02"))}
    assert "lease-a" not in late  # ended in 2026-12


def test_flows_inside_a_group_are_left_out_at_group_level(tmp_path, curated):
    graph = seeded(
        tmp_path,
        [org("parent"), org("sub", parent="parent"), org("other")],
        [
            deal("rent", "compute-lease", "sub", "parent"),
            deal("buy", "chip-supply", "other", "sub"),
        ],
    )
    projection = graph.money_flow_graph()
    assert not projection.has_edge("sub", "parent") and not projection.has_edge("parent", "parent")
    assert projection.has_edge("other", "parent")
    assert graph.money_flow_graph(group_level=False).has_edge("sub", "parent")
    curated_projection = curated.money_flow_graph()
    assert all(u != v for u, v in curated_projection.edges())
    assert curated_projection.has_edge("nvidia", "spacex")  # Nvidia's stake in xAI


def test_every_relationship_is_declared_with_its_labels(curated):
    g = curated.graph
    for source, target, data in g.edges(data=True):
        declared = RELATIONSHIP_TYPES[data["type"]]
        assert set(g.nodes[source]["labels"]) & set(declared.sources), (source, data["type"])
        assert set(g.nodes[target]["labels"]) & set(declared.targets), (target, data["type"])
        extra = set(data) - {"type"} - set(declared.properties)
        assert not extra, (data["type"], extra)


def test_node_properties_are_flat_and_declared(curated):
    by_label = {t.label: set(property_names(t)) for t in SECTIONS.values()}
    for node, data in curated.graph.nodes(data=True):
        assert set(data["labels"]) <= set(all_labels())
        label = data["labels"][0]
        for key, value in data.items():
            if key == "labels":
                continue
            assert isinstance(value, str | int | float | bool | list), (node, key, value)
            if label in by_label:
                assert key in by_label[label], (node, key)


def test_loading_twice_gives_the_same_graph():
    first, second = EmbeddedGraph(load_curated()), EmbeddedGraph(load_curated())
    assert list(first.graph.nodes(data=True)) == list(second.graph.nodes(data=True))
    assert list(first.graph.edges(keys=True, data=True)) == list(
        second.graph.edges(keys=True, data=True)
    )


def test_each_property_keeps_one_type_across_the_graph(curated):
    """GraphML, GEXF and neo4j-admin CSV type a property once: one name, one type."""
    seen: dict[str, set[str]] = {}
    for _, data in curated.graph.nodes(data=True):
        for key, value in data.items():
            seen.setdefault(key, set()).add(type(value).__name__)
    for _, _, data in curated.graph.edges(data=True):
        for key, value in data.items():
            seen.setdefault(f"relationship {key}", set()).add(type(value).__name__)
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}
