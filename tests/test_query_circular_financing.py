"""circular-financing on tiny seeded graphs: exact findings, and what must not be found."""

import random

import networkx as nx
import pytest
from seeds import deal, org, seeded

from aigraph.queries import circular_financing
from aigraph.queries.cycles import COMMERCIAL, INVESTMENT, find_cycles

ORGS = [org("chipco"), org("lab"), org("cloud")]


def members(rows):
    return [row.members for row in rows]


def test_investment_that_comes_back_as_revenue_is_a_loop(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS,
        [
            deal("chipco-invests", "investment", "chipco", "lab", value="2B USD"),
            deal(
                "lab-rents",
                "compute-lease",
                "lab",
                "cloud",
                value="100M USD/month",
                start="2026-01",
                end="2026-12",
            ),
            deal("cloud-buys-chips", "chip-supply", "cloud", "chipco", value="5B USD"),
        ],
    )
    (row,) = circular_financing(graph)
    assert row.members == ["chipco", "lab", "cloud"]
    assert [f.deal for f in row.flows] == ["chipco-invests", "lab-rents", "cloud-buys-chips"]
    assert row.hop_usd == [2e9, 1.2e9, 5e9]
    assert row.smallest_usd == 1.2e9 and row.amounts_complete
    assert row.terms_overlap
    assert row.sources == ["src"]


def test_a_loop_of_commercial_flows_only_is_not_circular_financing(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS,
        [
            deal("a", "compute-lease", "lab", "cloud"),
            deal("b", "chip-supply", "cloud", "chipco"),
            deal("c", "cloud-commitment", "chipco", "lab"),
        ],
    )
    assert circular_financing(graph) == []


def test_a_loop_that_needs_a_rumoured_deal_is_dropped_with_min_status_signed(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        [
            deal("stake", "investment", "chipco", "lab", status="rumoured"),
            deal("purchase", "chip-supply", "lab", "chipco"),
        ],
    )
    assert members(circular_financing(graph)) == [["chipco", "lab"]]
    assert circular_financing(graph, min_status="signed") == []
    assert circular_financing(graph, min_status="rumoured") != []


def test_a_loop_that_only_existed_before_the_as_of_date(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        [
            deal("old-stake", "investment", "chipco", "lab", start="2023-01", end="2024-06"),
            deal("purchase", "chip-supply", "lab", "chipco", start="2023-03", end="2027-12"),
        ],
    )
    assert members(circular_financing(graph, as_of="2024-01")) == [["chipco", "lab"]]
    assert circular_financing(graph, as_of="2025-01") == []
    assert circular_financing(graph, as_of="2022-06") == []  # before either deal


def test_a_subsidiary_rolls_up_to_its_group(tmp_path):
    graph = seeded(
        tmp_path,
        [*ORGS[:2], org("chipco-cloud", parent="chipco", since="2025-01")],
        [
            deal("stake", "investment", "chipco", "lab"),
            deal("rent", "compute-lease", "lab", "chipco-cloud"),
        ],
    )
    (row,) = circular_financing(graph)
    assert row.members == ["chipco", "lab"]
    assert {(f.payee, f.payee_group) for f in row.flows if f.deal == "rent"} == {
        ("chipco-cloud", "chipco")
    }
    # before the subsidiary joined its group, the money did not come back to the investor
    assert circular_financing(graph, as_of="2024-06") == []


def test_parallel_deals_make_one_loop_and_add_up_per_hop(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        [
            deal("stake-1", "investment", "chipco", "lab", value="1B USD"),
            deal("stake-2", "investment", "chipco", "lab", value="3B USD"),
            deal("purchase", "chip-supply", "lab", "chipco", value="2B USD"),
            deal("gpus", "chip-supply", "lab", "chipco", value=None),
        ],
    )
    (row,) = circular_financing(graph)
    assert [f.deal for f in row.flows] == ["stake-1", "stake-2", "gpus", "purchase"]
    assert row.hop_usd == [4e9, 2e9] and row.smallest_usd == 2e9


def test_unknown_amounts_rank_after_known_ones(tmp_path):
    graph = seeded(
        tmp_path,
        [*ORGS, org("fund")],
        [
            deal("stake", "investment", "chipco", "lab", value=None),
            deal("buy", "chip-supply", "lab", "chipco", value="9B USD"),
            deal("fund-in", "investment", "fund", "cloud", value="1B USD"),
            deal("fund-rent", "compute-lease", "cloud", "fund", value="1B USD"),
        ],
    )
    rows = circular_financing(graph)
    assert members(rows) == [["cloud", "fund"], ["chipco", "lab"]]
    assert rows[1].smallest_usd is None and rows[1].smallest_known_usd == 9e9
    assert not rows[1].amounts_complete


def test_length_bound_and_min_amount(tmp_path):
    names = ["a", "b", "c", "d"]
    graph = seeded(
        tmp_path,
        [org(n) for n in names],
        [
            deal("ab", "investment", "a", "b", value="10B USD"),
            deal("bc", "compute-lease", "b", "c", value="10B USD"),
            deal("cd", "compute-lease", "c", "d", value="50M USD"),
            deal("da", "chip-supply", "d", "a", value="10B USD"),
        ],
    )
    assert members(circular_financing(graph)) == [["a", "b", "c", "d"]]
    assert circular_financing(graph, max_length=3) == []
    assert circular_financing(graph, min_amount=1e8) == []


def test_terms_that_never_overlap_are_flagged(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        [
            deal("stake", "investment", "chipco", "lab", start="2020-01", end="2020-12"),
            deal("purchase", "chip-supply", "lab", "chipco", start="2024-01", end="2024-12"),
        ],
    )
    (row,) = circular_financing(graph)
    assert not row.terms_overlap


def test_warrants_count_as_investment(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        [
            deal("warrant", "equity-warrant", "chipco", "lab", value=None),
            deal("gpus", "chip-supply", "lab", "chipco"),
        ],
    )
    assert members(circular_financing(graph)) == [["chipco", "lab"]]


def test_curated_data_has_the_known_loops(curated):
    found = members(circular_financing(curated))
    for loop in (["nvidia", "openai", "oracle"], ["amazon", "anthropic"], ["microsoft", "openai"]):
        assert loop in found
    assert len(found) == len({tuple(m) for m in found}), "each loop once"


@pytest.mark.parametrize("seed", range(8))
def test_find_cycles_agrees_with_networkx(seed):
    rng = random.Random(seed)
    nodes = [f"n{i:02d}" for i in range(14)]
    edges = {(rng.choice(nodes), rng.choice(nodes)) for _ in range(40)}
    edges = [
        (a, b, rng.choice([INVESTMENT, COMMERCIAL, INVESTMENT | COMMERCIAL]))
        for a, b in sorted(edges)
        if a != b
    ]
    digraph = nx.DiGraph()
    digraph.add_edges_from((a, b, {"mask": m}) for a, b, m in edges)
    expected = set()
    for cycle in nx.simple_cycles(digraph, length_bound=5):
        if len(cycle) < 2:
            continue
        mask = 0
        for a, b in zip(cycle, [*cycle[1:], cycle[0]], strict=True):
            mask |= digraph[a][b]["mask"]
        if mask == INVESTMENT | COMMERCIAL:
            start = cycle.index(min(cycle))
            expected.add(tuple(cycle[start:] + cycle[:start]))
    found = find_cycles(edges, max_length=5, required_mask=INVESTMENT | COMMERCIAL)
    assert len(found.cycles) == len(set(found.cycles))
    assert set(found.cycles) == expected
    assert not found.truncated


def test_find_cycles_stops_at_the_cap():
    edges = [(a, b, 3) for a in "abcd" for b in "abcd" if a != b]
    found = find_cycles(edges, max_length=4, max_cycles=3)
    assert found.truncated and len(found.cycles) == 3
