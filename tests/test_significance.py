"""Null model (degree-preserving rewirings) and hubs of circular financing."""

import random
from collections import Counter

from seeds import deal, org, seeded
from typer.testing import CliRunner

from aigraph.cli import app
from aigraph.queries import circular_financing
from aigraph.queries.library.circular_financing import CircularFinancingParams, loop_flows
from aigraph.queries.significance import hubs, loop_significance, rewired


def two_loops(tmp_path):
    """chipco -> lab -> chipco (2B stake back as 3B chips), and chipco -> lab -> cloud -> chipco."""
    return seeded(
        tmp_path,
        [org("chipco"), org("lab"), org("cloud")],
        [
            deal("stake", "investment", "chipco", "lab", value="2B USD", announced="2025-01"),
            deal("chips", "chip-supply", "lab", "chipco", value="3B USD", announced="2025-06"),
            deal("rent", "compute-lease", "lab", "cloud", value=None, start="2025-03"),
            deal(
                "cloud-chips", "chip-supply", "cloud", "chipco", value="1B USD", announced="2025-09"
            ),
        ],
    )


def test_rewiring_keeps_every_degree_and_makes_no_flow_to_itself():
    rng = random.Random(7)
    groups = [f"g{i}" for i in range(12)]
    flows = []
    for i in range(60):
        payer, payee = rng.sample(groups, 2)
        flows.append({"deal": f"d{i}", "payer_group": payer, "payee_group": payee})
    again = rewired(flows, random.Random(1))
    assert Counter(f["payer_group"] for f in again) == Counter(f["payer_group"] for f in flows)
    assert Counter(f["payee_group"] for f in again) == Counter(f["payee_group"] for f in flows)
    assert all(f["payer_group"] != f["payee_group"] for f in again)
    assert [f["payee_group"] for f in again] != [f["payee_group"] for f in flows]
    assert again == rewired(flows, random.Random(1)), "the same seed gives the same graph"


def test_a_graph_that_cannot_be_rewired_is_no_more_circular_than_chance(tmp_path):
    graph = seeded(
        tmp_path,
        [org("chipco"), org("lab")],
        [
            deal("stake", "investment", "chipco", "lab", announced="2025-01"),
            deal("chips", "chip-supply", "lab", "chipco", announced="2025-06"),
        ],
    )
    found = loop_significance(graph, CircularFinancingParams(), rewirings=20, seed=3)
    assert (found.loops, found.random_mean, found.random_std) == (1, 1.0, 0.0)
    assert (found.z_score, found.share_at_least) == (None, 1.0)


def test_the_null_model_is_reproducible_and_counts_the_observed_loops(tmp_path):
    graph = two_loops(tmp_path)
    params = CircularFinancingParams()
    first = loop_significance(graph, params, rewirings=30, seed=5)
    assert first == loop_significance(graph, params, rewirings=30, seed=5)
    assert (first.loops, first.loop_usd) == (2, 2e9)
    assert len(loop_flows(graph, params)) == 4


def test_hubs_rank_groups_by_loops_then_dollars(tmp_path):
    ranked = hubs(circular_financing(two_loops(tmp_path)))
    # the loop through cloud has a lease of unknown amount: counted apart, never as $0
    assert [(h.group, h.loops, h.loop_usd, h.unvalued_loops) for h in ranked] == [
        ("chipco", 2, 2e9, 1),
        ("lab", 2, 2e9, 1),
        ("cloud", 1, None, 1),  # no valued loop: unknown, not $0
    ]
    # chipco's stake comes back directly as lab's chips on one loop, through cloud on the other
    assert ranked[0].mechanisms == {"supplier-finances-customer": 1, "indirect": 1}
    assert (ranked[0].direct_loops, ranked[2].direct_loops) == (1, 0)


def test_cli_null_model_prints_a_z_score_and_refuses_other_queries():
    runner = CliRunner()
    result = runner.invoke(app, ["query", "circular-financing", "--null-model", "3", "--json"])
    assert result.exit_code == 0, result.output
    assert '"z_score"' in result.output and '"rewirings": 3' in result.output
    refused = runner.invoke(app, ["query", "deals", "--null-model", "3"])
    assert refused.exit_code == 2 and "circular-financing" in refused.output


def test_cli_null_model_shows_its_progress_on_stderr_only():
    import json

    result = CliRunner().invoke(app, ["query", "circular-financing", "--null-model", "4", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rewirings"] == 4  # stdout stays pure JSON
    assert result.stderr.splitlines()[-1] == "rewiring 4/4"
    assert "rewiring 1/4" in result.stderr
