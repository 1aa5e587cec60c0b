"""circular-financing on tiny seeded graphs: exact findings, and what must not be found.

Every rule of time, lifecycle and structure has a graph here with what must be found and what
must not: money comes back after it went in (in some rotation from an investment, within the
window), stakes are held until an exit, one-off payments count for the window after them,
superseded and paused deals are left out, and only completed mergers roll a company up.
"""

import os
import random

import networkx as nx
import pytest
from seeds import deal, org, seeded

from aigraph.graph.synthetic import synthetic_money_flows
from aigraph.queries import circular_financing
from aigraph.queries.cycles import COMMERCIAL, INVESTMENT, compiled_available, find_cycles

ORGS = [org("chipco"), org("lab"), org("cloud")]


def members(rows):
    return [row.members for row in rows]


def two_way(tmp_path, stake: dict, purchase: dict, organizations=None):
    """A chipco -> lab investment and a lab -> chipco chip purchase, with the given fields."""
    return seeded(
        tmp_path,
        organizations or ORGS[:2],
        [
            deal("stake", "investment", "chipco", "lab", **stake),
            deal("purchase", "chip-supply", "lab", "chipco", **purchase),
        ],
    )


def test_investment_that_comes_back_as_revenue_is_a_loop_with_its_window_and_story(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS,
        [
            deal(
                "chipco-invests", "investment", "chipco", "lab", value="2B USD", announced="2025-01"
            ),
            deal(
                "lab-rents",
                "compute-lease",
                "lab",
                "cloud",
                value="100M USD/month",
                start="2026-01",
                end="2026-12",
            ),
            deal(
                "cloud-buys-chips",
                "chip-supply",
                "cloud",
                "chipco",
                value="5B USD",
                announced="2026-06",
            ),
        ],
    )
    (row,) = circular_financing(graph)
    assert row.members == ["chipco", "lab", "cloud"]
    assert [f.deal for f in row.flows] == ["chipco-invests", "lab-rents", "cloud-buys-chips"]
    assert row.hop_usd == [2e9, 1.2e9, 5e9]
    assert row.smallest_usd == 1.2e9 and row.amounts_complete
    assert row.time_respecting
    # closed when the chips were bought; stayed closed while the lease ran
    assert (row.window.start, row.window.end) == ("2026-06-01", "2026-12-31")
    assert row.story == [
        "2025-01 Chipco invests $2B in Lab [src]",
        "2026-01 Lab rents compute from Cloud for $100M/month [src]",
        "2026-06 Cloud buys $5B of chips from Chipco [src]",
    ]
    assert row.sources == ["src"]


def test_money_that_returns_before_it_went_in_is_not_a_loop(tmp_path):
    graph = two_way(tmp_path, {"announced": "2025-01"}, {"announced": "2023-05"})
    assert circular_financing(graph) == []
    (row,) = circular_financing(graph, any_order=True)
    assert not row.time_respecting and row.window is None
    assert row.story[0] == "2025-01 Chipco invests $1B in Lab [src]"  # told from the investment


def test_the_loop_must_close_within_the_window(tmp_path):
    graph = two_way(tmp_path, {"announced": "2019-01"}, {"announced": "2024-06"})
    assert circular_financing(graph) == []  # five and a half years later: beyond 4
    (row,) = circular_financing(graph, window_years=6)
    assert row.time_respecting and row.window.start == "2024-06-01"


def test_a_loop_can_respect_time_in_one_rotation_only(tmp_path):
    graph = seeded(
        tmp_path,
        [org("a"), org("b"), org("c")],
        [
            deal("c-invests", "investment", "c", "a", announced="2024-01"),
            deal("a-invests", "investment", "a", "b", announced="2025-03"),
            deal("b-rents", "compute-lease", "b", "c", start="2025-06", end="2027-12"),
        ],
    )
    # from a's investment (2025-03) the money reaches c in 2025-06, long after c's 2024-01
    # investment was paid; from c's investment the order holds
    (row,) = circular_financing(graph)
    assert row.time_respecting and row.window.start == "2025-06-01"
    assert [line.split(" ", 1)[1] for line in row.story] == [
        "C invests $1B in A [src]",
        "A invests $1B in B [src]",
        "B rents compute from C for $1B [src]",
    ]


def test_a_stake_is_held_until_an_exit_is_recorded(tmp_path):
    stake = {"start": "2023-01", "end": "2023-06"}  # paid in tranches over six months
    lease = {"start": "2023-03", "end": "2027-12"}
    graph = seeded(
        tmp_path,
        ORGS[:2],
        [
            deal("stake", "investment", "chipco", "lab", **stake),
            deal("rent", "compute-lease", "lab", "chipco", **lease),
        ],
    )
    assert members(circular_financing(graph, as_of="2024-06")) == [["chipco", "lab"]]
    sold = seeded(
        tmp_path / "sold",
        ORGS[:2],
        [
            deal("stake", "investment", "chipco", "lab", **stake, extra={"exited": "2024-01"}),
            deal("rent", "compute-lease", "lab", "chipco", **lease),
        ],
    )
    assert circular_financing(sold, as_of="2024-06") == []
    assert members(circular_financing(sold, as_of="2023-09")) == [["chipco", "lab"]]


def test_a_chip_purchase_without_an_end_counts_for_the_window_after_it(tmp_path):
    graph = two_way(tmp_path, {"announced": "2019-06"}, {"announced": "2020-01"})
    assert members(circular_financing(graph, as_of="2023-06")) == [["chipco", "lab"]]
    assert circular_financing(graph, as_of="2025-06") == []  # more than 4 years later
    assert members(circular_financing(graph, as_of="2025-06", window_years=10)) == [
        ["chipco", "lab"]
    ]
    assert circular_financing(graph, as_of="2019-01") == []  # before either deal


def test_a_deal_without_any_date_is_never_in_force_at_an_as_of_date(tmp_path):
    graph = two_way(tmp_path, {}, {})
    assert circular_financing(graph, as_of="2025-01") == []
    assert circular_financing(graph) == []  # nor can it be placed in time
    assert members(circular_financing(graph, any_order=True)) == [["chipco", "lab"]]


def test_a_superseded_deal_is_left_out_unless_asked_for(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        [
            deal("letter", "investment", "chipco", "lab", announced="2025-09", value="100B USD"),
            deal(
                "round",
                "investment",
                "chipco",
                "lab",
                announced="2026-02",
                value="30B USD",
                extra={"supersedes": "letter"},
            ),
            deal("purchase", "chip-supply", "lab", "chipco", announced="2026-06"),
        ],
    )
    (row,) = circular_financing(graph)
    assert [f.deal for f in row.flows] == ["round", "purchase"] and row.hop_usd[0] == 30e9
    (row,) = circular_financing(graph, include_inactive=True)
    assert [f.deal for f in row.flows] == ["letter", "round", "purchase"]
    assert [f.active for f in row.flows] == [False, True, True]
    assert row.flows[0].superseded_by == "round"


@pytest.mark.parametrize("status", ["on-hold", "terminated"])
def test_paused_and_ended_deals_are_left_out_unless_asked_for(tmp_path, status):
    graph = two_way(tmp_path, {"announced": "2025-01", "status": status}, {"announced": "2025-06"})
    assert circular_financing(graph) == []
    assert members(circular_financing(graph, include_inactive=True)) == [["chipco", "lab"]]


def test_a_loop_that_needs_a_rumoured_deal_is_found_only_when_asked_for(tmp_path):
    graph = two_way(
        tmp_path, {"status": "rumoured", "announced": "2025-01"}, {"announced": "2025-06"}
    )
    # the evidence policy's default leaves rumoured and in-talks deals out
    assert circular_financing(graph) == []
    assert circular_financing(graph, min_status="signed") == []
    assert circular_financing(graph, min_status="rumoured") != []


def test_a_subsidiary_rolls_up_to_its_group_from_when_it_joined(tmp_path):
    graph = seeded(
        tmp_path,
        [*ORGS[:2], org("chipco-cloud", parent="chipco", since="2025-01")],
        [
            deal("stake", "investment", "chipco", "lab", announced="2024-03"),
            deal("rent", "compute-lease", "lab", "chipco-cloud", start="2024-06", end="2027-12"),
        ],
    )
    (row,) = circular_financing(graph)
    assert row.members == ["chipco", "lab"]
    assert {(f.payee, f.payee_group) for f in row.flows if f.deal == "rent"} == {
        ("chipco-cloud", "chipco")
    }
    # before the subsidiary joined its group, the money did not come back to the investor
    assert circular_financing(graph, as_of="2024-09") == []
    assert members(circular_financing(graph, as_of="2025-06")) == [["chipco", "lab"]]


def merger_graph(tmp_path, status: str, confidence: str = "high"):
    """chipco invests in lab and lab rents from target; chipco buys target (a deal of
    ``status``), which only then would make target's revenue chipco's."""
    return seeded(
        tmp_path,
        [
            *ORGS[:2],
            org(
                "target",
                parent="chipco",
                relation="acquired-by",
                since="2025-06",
                status=status,
                by_deal="buyout",
            ),
        ],
        [
            deal("stake", "investment", "chipco", "lab", announced="2025-01"),
            deal("rent", "compute-lease", "lab", "target", start="2025-02", end="2028-12"),
            deal(
                "buyout",
                "acquisition",
                "chipco",
                "target",
                announced="2025-03",
                status=status,
                confidence=confidence,
                value=None,
            ),
        ],
    )


def test_an_announced_acquisition_does_not_roll_the_target_up(tmp_path):
    assert circular_financing(merger_graph(tmp_path, "announced")) == []
    assert circular_financing(merger_graph(tmp_path / "s", "signed"), min_status="signed") == []


def test_a_completed_acquisition_rolls_the_target_up_from_its_date(tmp_path):
    graph = merger_graph(tmp_path, "completed")
    (row,) = circular_financing(graph)
    assert row.members == ["chipco", "lab"] and row.window.start == "2025-02-01"
    assert circular_financing(graph, as_of="2025-04") == []  # not yet completed then


def test_the_confidence_filter_applies_to_structure_deals(tmp_path):
    graph = merger_graph(tmp_path, "completed", confidence="low")
    assert members(circular_financing(graph)) == [["chipco", "lab"]]
    assert circular_financing(graph, min_confidence="medium") == []


def dated(*deals):
    """The deals, each announced in 2025 (so that the loops respect time)."""
    return [
        d.replace("    status:", "    announced: 2025-01\n    status:", 1).replace(
            "states: [parties", "states: [announced, parties", 1
        )
        for d in deals
    ]


def test_parallel_deals_make_one_loop_and_add_up_per_hop(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        dated(
            deal("stake-1", "investment", "chipco", "lab", value="1B USD"),
            deal("stake-2", "investment", "chipco", "lab", value="3B USD"),
            deal("purchase", "chip-supply", "lab", "chipco", value="2B USD"),
            deal("gpus", "chip-supply", "lab", "chipco", value=None),
        ),
    )
    (row,) = circular_financing(graph)
    assert [f.deal for f in row.flows] == ["stake-1", "stake-2", "gpus", "purchase"]
    assert row.hop_usd == [4e9, 2e9] and row.smallest_usd == 2e9


def test_unknown_amounts_rank_after_known_ones(tmp_path):
    graph = seeded(
        tmp_path,
        [*ORGS, org("fund")],
        dated(
            deal("stake", "investment", "chipco", "lab", value=None),
            deal("buy", "chip-supply", "lab", "chipco", value="9B USD"),
            deal("fund-in", "investment", "fund", "cloud", value="1B USD"),
            deal("fund-rent", "compute-lease", "cloud", "fund", value="1B USD"),
        ),
    )
    rows = circular_financing(graph)
    assert members(rows) == [["cloud", "fund"], ["chipco", "lab"]]
    assert rows[1].smallest_usd is None and rows[1].smallest_known_usd == 9e9
    assert not rows[1].amounts_complete


def test_a_loop_of_commercial_flows_only_is_not_circular_financing(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS,
        dated(
            deal("a", "compute-lease", "lab", "cloud"),
            deal("b", "chip-supply", "cloud", "chipco"),
            deal("c", "cloud-commitment", "chipco", "lab"),
        ),
    )
    assert circular_financing(graph, any_order=True) == []


def test_length_bound_and_min_amount(tmp_path):
    names = ["a", "b", "c", "d"]
    graph = seeded(
        tmp_path,
        [org(n) for n in names],
        dated(
            deal("ab", "investment", "a", "b", value="10B USD"),
            deal("bc", "compute-lease", "b", "c", value="10B USD"),
            deal("cd", "compute-lease", "c", "d", value="50M USD"),
            deal("da", "chip-supply", "d", "a", value="10B USD"),
        ),
    )
    assert members(circular_financing(graph)) == [["a", "b", "c", "d"]]
    assert circular_financing(graph, max_length=3) == []
    assert circular_financing(graph, min_amount=1e8) == []


def test_warrants_count_as_investment_only_when_non_cash_is_asked_for(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        dated(
            deal("warrant", "equity-warrant", "chipco", "lab", value=None),
            deal("gpus", "chip-supply", "lab", "chipco"),
        ),
    )
    assert circular_financing(graph) == []
    assert members(circular_financing(graph, include_non_cash=True)) == [["chipco", "lab"]]


def test_curated_loops_respect_time_and_use_active_deals_only(curated):
    rows = circular_financing(curated)
    found = members(rows)
    for loop in (["amazon", "anthropic"], ["microsoft", "openai"], ["anthropic", "microsoft"]):
        assert loop in found
    assert len(found) == len({tuple(m) for m in found}), "each loop once"
    for row in rows:
        assert row.time_respecting and row.window is not None
        # the story names every flow the hop amounts count
        assert len(row.story) == len(row.flows)
        assert all(flow.active for flow in row.flows)
    # Oracle's chip order is delivered from June 2025 to mid-2026 (its sources), so Nvidia's
    # 2024 stake, OpenAI's Oracle lease and Oracle's purchase close in time; the letter of
    # intent (on hold since 2026-01-30 and superseded) is not one of its flows
    assert ["nvidia", "openai", "oracle"] in found
    nvidia = next(r for r in rows if r.members == ["nvidia", "openai", "oracle"])
    assert nvidia.time_respecting
    assert "nvidia-openai-100b-loi" not in [f.deal for f in nvidia.flows]
    with_letter = circular_financing(
        curated, max_length=3, any_order=True, include_inactive=True, include_uncommitted=True
    )
    nvidia = next(r for r in with_letter if r.members == ["nvidia", "openai", "oracle"])
    assert "nvidia-openai-100b-loi" in [f.deal for f in nvidia.flows]


def test_curated_loops_that_existed_in_mid_2024(curated):
    rows = circular_financing(curated, as_of="2024-06")
    assert members(rows) == [
        ["anthropic", "google"],
        ["microsoft", "openai"],
        ["amazon", "anthropic"],
    ]
    assert [r.window.start for r in rows] == ["2023-10-01", "2019-07-22", "2023-09-01"]


def engines() -> list[str]:
    """The engines to test: both, and in CI the compiled one must be installed."""
    if not compiled_available():
        if os.environ.get("CI"):
            pytest.fail("numba is not installed in CI: pip install -e '.[test]'")
        return ["python"]
    return ["python", "compiled"]


@pytest.mark.parametrize("engine", engines())
@pytest.mark.parametrize("seed", range(8))
def test_find_cycles_agrees_with_networkx(seed, engine):
    rng = random.Random(seed)
    nodes = [f"n{i:02d}" for i in range(14)]
    pairs = {(rng.choice(nodes), rng.choice(nodes)) for _ in range(40)}
    edges = [
        (a, b, rng.choice([INVESTMENT, COMMERCIAL, INVESTMENT | COMMERCIAL]))
        for a, b in sorted(pairs)
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
    # a self-loop and a parallel edge change nothing: merged, ignored
    noisy = [*edges, (nodes[0], nodes[0], INVESTMENT), *edges[:3]]
    found = find_cycles(noisy, max_length=5, required_mask=INVESTMENT | COMMERCIAL, engine=engine)
    assert found.engine == engine
    assert len(found.cycles) == len(set(found.cycles))
    assert set(found.cycles) == expected
    assert found.cycles == sorted(found.cycles)
    assert not found.truncated


@pytest.mark.parametrize("engine", engines())
def test_find_cycles_stops_at_the_cap(engine):
    edges = [(a, b, 3) for a in "abcd" for b in "abcd" if a != b]
    found = find_cycles(edges, max_length=4, max_cycles=3, engine=engine)
    assert found.truncated and found.stopped == "max-cycles" and len(found.cycles) == 3


def synthetic_edges(organizations: int, flows: int) -> list[tuple[str, str, int]]:
    generated, _ = synthetic_money_flows(organizations, flows)
    return [(f.payer, f.payee, INVESTMENT if f.investment else COMMERCIAL) for f in generated]


@pytest.mark.parametrize("engine", engines())
def test_find_cycles_stops_at_the_time_budget(engine):
    edges = synthetic_edges(2_000, 10_000)  # some 70k loops: far more work than the budget
    found = find_cycles(
        edges, required_mask=INVESTMENT | COMMERCIAL, max_seconds=1e-6, engine=engine
    )
    assert found.truncated and found.stopped == "max-seconds"
    complete = find_cycles(edges, required_mask=INVESTMENT | COMMERCIAL, engine=engine)
    assert not complete.truncated and set(found.cycles) < set(complete.cycles)


@pytest.mark.skipif("compiled" not in engines(), reason="numba is not installed")
@pytest.mark.parametrize("max_length", [2, 4, 6])
def test_the_compiled_search_finds_what_the_python_search_finds(max_length):
    edges = synthetic_edges(500, 3_000)
    both = INVESTMENT | COMMERCIAL
    python = find_cycles(edges, max_length=max_length, required_mask=both, engine="python")
    compiled = find_cycles(edges, max_length=max_length, required_mask=both, engine="compiled")
    assert python.cycles and compiled.cycles == python.cycles
    anything = find_cycles(edges, max_length=max_length, engine="compiled")
    assert anything.cycles == find_cycles(edges, max_length=max_length, engine="python").cycles


def test_circular_financing_warns_when_its_budget_runs_out(curated):
    with pytest.warns(UserWarning, match=r"stopped after 2 cycles; raise --max-cycles"):
        rows = circular_financing(curated, max_cycles=2)
    assert len(rows) <= 2


def mechanism_graph(tmp_path, rent_start: str | None):
    """chipco invests in lab (2025-01), lab buys chipco's chips (2025-06); with ``rent_start``,
    chipco also rents compute from lab from that month."""
    deals = [
        deal("stake", "investment", "chipco", "lab", announced="2025-01"),
        deal("chips", "chip-supply", "lab", "chipco", announced="2025-06"),
    ]
    if rent_start:
        deals.append(
            deal("rent-back", "compute-lease", "chipco", "lab", start=rent_start, end="2027-12")
        )
    return seeded(tmp_path, ORGS[:2], deals)


@pytest.mark.parametrize(
    ("rent_start", "mechanism"),
    [
        (None, "supplier-finances-customer"),
        ("2025-03", "investor-is-customer"),
        ("2024-01", "customer-finances-supplier"),
    ],
)
def test_each_loop_says_how_it_works(tmp_path, rent_start, mechanism):
    graph = mechanism_graph(tmp_path, rent_start)
    (row,) = circular_financing(graph)
    assert (row.members, row.mechanism.value) == (["chipco", "lab"], mechanism)
    assert members(circular_financing(graph, mechanism=mechanism)) == [["chipco", "lab"]]
    others = {"supplier-finances-customer", "investor-is-customer", "mixed"} - {mechanism}
    for other in others:
        assert circular_financing(graph, mechanism=other) == []


def test_a_loop_whose_investments_work_differently_is_mixed(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS,
        [
            # chipco's stake comes back as chip purchases; lab's stake in cloud does not come
            # back to lab as revenue on this loop (cloud pays chipco, not lab)
            deal("stake", "investment", "chipco", "lab", announced="2025-01"),
            deal("lab-stake", "investment", "lab", "cloud", announced="2025-03"),
            deal("chips", "chip-supply", "cloud", "chipco", announced="2025-06"),
        ],
    )
    (row,) = circular_financing(graph)
    # neither investee pays its investor on the loop: the money comes back through a third
    assert (row.members, row.mechanism.value) == (["chipco", "lab", "cloud"], "indirect")


def test_a_loop_whose_investments_meet_their_flows_differently_is_mixed(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        [
            # chipco's stake comes back as lab's chip purchases (supplier finances customer);
            # lab's stake in chipco rides with its own purchases (investor is customer)
            deal("stake", "investment", "chipco", "lab", announced="2025-01"),
            deal("lab-stake", "investment", "lab", "chipco", announced="2025-03"),
            deal("chips", "chip-supply", "lab", "chipco", announced="2025-06"),
        ],
    )
    (row,) = circular_financing(graph)
    assert (row.members, row.mechanism.value) == (["chipco", "lab"], "mixed")


def test_the_search_skips_hops_without_a_dated_flow_but_keeps_their_categories():
    """A time-respecting loop reaches every hop by a dated flow, so undated hops are not walked;
    an undated flow on a dated hop still gives the hop its category."""
    from aigraph.queries.library.circular_financing import CircularFinancingParams, search_edges

    def flow(payer: str, payee: str, category: str, paid_from: str | None) -> dict:
        return {
            "payer_group": payer,
            "payee_group": payee,
            "flow": category,
            "paid_from": paid_from,
        }

    flows = [
        flow("a", "b", "investment", "2024-01-01"),
        flow("b", "a", "commercial", None),  # undated, on a hop with a dated flow
        flow("b", "a", "investment", "2024-06-01"),
        flow("c", "d", "commercial", None),  # the only flow of its hop: never walked
    ]
    timed = CircularFinancingParams()
    assert search_edges(flows, timed) == [
        ("a", "b", INVESTMENT),
        ("b", "a", COMMERCIAL),
        ("b", "a", INVESTMENT),
    ]
    assert len(search_edges(flows, CircularFinancingParams(any_order=True))) == 4
