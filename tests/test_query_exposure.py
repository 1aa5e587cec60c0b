"""exposure on a tiny seeded graph: shares, concentration, vendor financing, guarantees apart."""

import pytest
from seeds import deal, org, seeded
from typer.testing import CliRunner

from aigraph.cli import app
from aigraph.queries import circular_financing, exposure
from aigraph.queries.stress import StressParams, stress

GUARANTEE = """\
  - id: backstop
    kind: guarantee
    title: chipco backs lab's payments to cloud
    parties: {guarantor: chipco, beneficiary: cloud, obligor: lab}
    status: signed
    confidence: high
    value: 500M USD
    citations: [{source: src, quote: "about backstop", states: [parties, status, value]}]
"""


@pytest.fixture
def graph(tmp_path):
    return seeded(
        tmp_path,
        [org("chipco"), org("lab"), org("cloud"), org("fund")],
        [
            deal("lab-chips", "chip-supply", "lab", "chipco", value="3B USD", announced="2025-03"),
            deal(
                "cloud-chips", "chip-supply", "cloud", "chipco", value="1B USD", announced="2025-04"
            ),
            deal(
                "chipco-stake", "investment", "chipco", "lab", value="2B USD", announced="2025-01"
            ),
            deal("fund-stake", "investment", "fund", "lab", value="6B USD", announced="2025-02"),
            deal("cloud-stake", "investment", "cloud", "lab", value="5B USD", status="rumoured"),
            deal("lab-rents", "compute-lease", "lab", "cloud", value=None, start="2025-01"),
            GUARANTEE,
        ],
    )


def table(rows):
    return [
        (r.group, r.side.value, r.counterparty, r.full_term_usd, r.share, r.vendor) for r in rows
    ]


def test_revenue_shares_and_concentration_of_a_provider(graph):
    rows = exposure(graph, provider="chipco")
    assert table(rows) == [
        ("chipco", "revenue", "lab", 3e9, 0.75, False),
        ("chipco", "revenue", "cloud", 1e9, 0.25, False),
    ]
    assert {(r.hhi, r.top_share, r.group_total_usd) for r in rows} == {(0.625, 0.75, 4e9)}


def test_vendor_financed_share_counts_investors_the_funded_group_pays(graph):
    rows = exposure(graph, funded="lab")
    # the rumoured stake of cloud is left out; fund is no supplier of lab, chipco is
    assert table(rows) == [
        ("lab", "funding", "fund", 6e9, 0.75, False),
        ("lab", "funding", "chipco", 2e9, 0.25, True),
    ]
    assert {r.vendor_financed_share for r in rows} == {0.25}
    with_rumours = exposure(graph, funded="lab", min_status=None)
    assert [r.counterparty for r in with_rumours] == ["fund", "cloud", "chipco"]


def test_a_lease_without_amount_is_counted_but_has_no_share(graph):
    revenue = [r for r in exposure(graph, provider="cloud") if r.side.value == "revenue"]
    assert [(r.counterparty, r.full_term_usd, r.share, r.unknown_amounts) for r in revenue] == [
        ("lab", None, None, 1)
    ]
    assert revenue[0].hhi is None


def test_a_guarantee_is_contingent_exposure_not_a_flow(graph):
    rows = exposure(graph, provider="cloud")
    contingent = [r for r in rows if r.side.value == "contingent"]
    assert [(r.counterparty, r.via, r.full_term_usd, r.deals) for r in contingent] == [
        ("chipco", "lab", 5e8, ["backstop"])
    ]
    # the guarantee adds nothing to chipco's revenue or lab's funding
    assert all("backstop" not in r.deals for r in exposure(graph) if r.side.value != "contingent")


def test_stress_ranks_what_others_lose_when_a_group_walks_away(graph):
    result = stress(graph, StressParams(remove=["lab"]))
    assert result.removed == ["lab"]
    assert [
        (loss.group, loss.side.value, loss.lost_usd, loss.lost_share, loss.lost_deals)
        for loss in result.losses
    ] == [
        ("chipco", "revenue", 3e9, 0.75, ["lab-chips"]),
        # a lease of unknown amount: a loss of unknown size, never $0
        ("cloud", "revenue", None, None, ["lab-rents"]),
    ]
    # the guarantee stays: the obligor's exit is what it covers
    # both loops through lab break; fund is in none
    assert [loop.members for loop in result.broken_loops] == [
        ["chipco", "lab"],
        ["chipco", "lab", "cloud"],
    ]
    assert "fund" not in {loss.group for loss in result.losses}


def test_stress_of_a_group_in_no_deal_loses_nothing(graph):
    result = stress(graph, StressParams(remove=["fund"]))
    assert [(loss.group, loss.side.value, loss.lost_share) for loss in result.losses] == [
        ("lab", "funding", 0.75)
    ]
    assert result.broken_loops == []


def test_stress_on_the_bundled_data_breaks_every_loop_through_openai(curated):
    loops = [row.members for row in circular_financing(curated) if "openai" in row.members]
    result = stress(curated, StressParams(remove=["openai"]))
    assert loops and [loop.members for loop in result.broken_loops] == loops
    oracle = next(loss for loss in result.losses if loss.group == "oracle")
    assert (oracle.side.value, oracle.lost_share) == ("revenue", 1.0)


def test_cli_stress_refuses_an_unknown_id_with_a_near_match():
    result = CliRunner().invoke(app, ["stress", "--remove", "opneai"])
    assert result.exit_code == 2 and "did you mean openai" in result.output


def test_stress_of_a_guarantor_takes_its_backing_away(graph):
    result = stress(graph, StressParams(remove=["chipco"]))
    contingent = [loss for loss in result.losses if loss.side.value == "contingent"]
    assert [(c.group, c.lost_usd, c.lost_share, c.lost_deals) for c in contingent] == [
        ("cloud", 5e8, 1.0, ["backstop"])
    ]
