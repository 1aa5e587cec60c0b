"""Numbers a researcher can cite: certainty, coverage, one evidence policy, dated lifecycle,
time at the source's precision, non-cash consideration (tiny seeded graphs, exact findings)."""

from seeds import deal, org, seeded

from aigraph.graph.money import FlowFilter
from aigraph.queries import circular_financing, exposure
from aigraph.queries.stress import StressParams, stress

ORGS = [org("chipco"), org("lab"), org("cloud")]


def loops(rows):
    return [row.members for row in rows]


# 1. Amounts as the sources state them: committed money by default, the rest on request


def test_a_ceiling_is_not_committed_money(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        [
            deal(
                "stake", "investment", "chipco", "lab", value="up to 10B USD", announced="2025-01"
            ),
            deal("chips", "chip-supply", "lab", "chipco", value="3B USD", announced="2025-06"),
        ],
    )
    (row,) = circular_financing(graph)
    # "up to $10B" states no committed figure: the hop is unvalued, never $0 or $10B
    assert (row.hop_usd, row.hop_unvalued, row.smallest_usd) == ([None, 3e9], [1, 0], None)
    assert not row.amounts_complete
    (stated,) = circular_financing(graph, include_uncommitted=True)
    assert (stated.hop_usd, stated.smallest_usd) == ([10e9, 3e9], 3e9)


def test_contingent_money_waits_for_its_condition(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        [
            deal("firm", "investment", "chipco", "lab", value="15B USD", announced="2026-02"),
            deal(
                "tranche",
                "investment",
                "chipco",
                "lab",
                value="35B USD",
                announced="2026-02",
                extra={"condition": "'an IPO or AGI milestones'"},
            ),
            deal("cloud", "compute-lease", "lab", "chipco", value="100B USD", start="2026-03"),
        ],
    )
    (row,) = circular_financing(graph)
    # the committed bottleneck is the $15B the story tells, not $50B
    assert row.smallest_usd == 15e9
    assert [f.deal for f in row.flows] == ["firm", "cloud"]
    assert len(row.story) == 2 and "$15B" in row.story[0]
    (every,) = circular_financing(graph, include_uncommitted=True)
    assert every.hop_usd[0] == 50e9
    assert {f.deal: f.certainty for f in every.flows}["tranche"] == "contingent"


def test_a_partly_valued_hop_is_a_floor_and_unknown_is_never_zero_in_stress(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS,
        [
            deal("lease", "compute-lease", "lab", "cloud", value="2B USD", start="2025-01"),
            deal("chips", "chip-supply", "lab", "chipco", value=None, announced="2025-03"),
        ],
    )
    result = stress(graph, StressParams(remove=["lab"]))
    by_group = {loss.group: loss for loss in result.losses}
    assert by_group["cloud"].lost_usd == 2e9 and by_group["cloud"].lost_share == 1.0
    # chipco loses a deal of unknown size: not "$0 (0%)"
    assert by_group["chipco"].lost_usd is None and by_group["chipco"].lost_share is None
    assert by_group["chipco"].lost_unvalued_deals == ["chips"]
    # and its revenue before is unknown too (its one deal states no amount), not $0
    assert (by_group["chipco"].before_usd, by_group["chipco"].after_usd) == (None, 0.0)
    assert (by_group["cloud"].before_usd, by_group["cloud"].after_usd) == (2e9, 0.0)


# 2. Denominators from the world

FIGURE = """\
figures:
  - id: cloud-rpo
    subject: cloud
    metric: backlog
    amount: 8B USD
    as_of: 2025-08-31
    confidence: high
    citations: [{source: src, quote: "cloud backlog of $8 billion", states: [subject, amount, as_of]}]
"""


def test_exposure_gives_shares_of_the_reported_backlog_and_the_coverage(tmp_path):
    deals = [
        deal("lease", "compute-lease", "lab", "cloud", value="2B USD", start="2025-01"),
        deal("other", "compute-lease", "chipco", "cloud", value=None, start="2025-01"),
    ]
    graph = seeded(tmp_path, ORGS, deals, extra=FIGURE)
    rows = {r.counterparty: r for r in exposure(graph, provider="cloud")}
    lab = rows["lab"]
    assert (lab.share, lab.share_of_reported, lab.coverage) == (1.0, 0.25, 0.25)
    assert (lab.reported_figure, lab.reported_as_of) == ("cloud-rpo", "2025-08-31")
    assert lab.group_unvalued_deals == 1 and rows["chipco"].share is None
    without = seeded(tmp_path / "bare", ORGS, deals)
    bare = {r.counterparty: r for r in exposure(without, provider="cloud")}["lab"]
    # without a reported figure the share is only of known deals, and says so
    assert (bare.share, bare.reported_usd, bare.coverage) == (1.0, None, None)


def test_a_deal_made_after_the_reported_figure_is_no_share_of_it(tmp_path):
    deals = [
        deal("lease", "compute-lease", "lab", "cloud", value="2B USD", start="2025-01"),
        # signed after the backlog was measured (2025-08-31): that figure cannot hold it
        deal("later", "compute-lease", "lab", "cloud", value="6B USD", start="2025-10"),
        deal("chips", "compute-lease", "chipco", "cloud", value="1B USD", start="2025-11"),
    ]
    graph = seeded(tmp_path, ORGS, deals, extra=FIGURE)
    rows = {r.counterparty: r for r in exposure(graph, provider="cloud")}
    assert (rows["lab"].committed_usd, rows["lab"].share) == (8e9, 8 / 9)
    assert (rows["lab"].share_of_reported, rows["lab"].after_figure_deals) == (0.25, ["later"])
    assert (rows["chipco"].share_of_reported, rows["chipco"].after_figure_deals) == (
        None,
        ["chips"],
    )
    assert rows["lab"].coverage == 0.25  # $2B of $8B: only what was signed by then
    losses = {loss.group: loss for loss in stress(graph, StressParams(remove=["lab"])).losses}
    assert (losses["cloud"].lost_usd, losses["cloud"].lost_share_of_reported) == (8e9, 0.25)


# 3. One evidence policy


def test_deals_in_talks_count_nowhere_by_default(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        [
            deal("stake", "investment", "chipco", "lab", announced="2025-01"),
            deal("talks", "chip-supply", "lab", "chipco", status="in-talks", announced="2025-06"),
        ],
    )
    assert circular_financing(graph) == []
    assert exposure(graph, provider="chipco") == []
    assert loops(circular_financing(graph, min_status="rumoured")) == [["chipco", "lab"]]
    (row,) = exposure(graph, provider="chipco", min_status="rumoured")
    assert row.deals == ["talks"]


def test_the_policy_is_said_in_one_sentence():
    text = FlowFilter().describe()
    assert "rumoured and in-talks left out" in text and "committed money only" in text
    assert "shares and warrants included" in FlowFilter(include_non_cash=True).describe()


# 4. Dated lifecycle


def test_a_deal_on_hold_counts_before_it_was_put_on_hold(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        [
            deal("stake", "investment", "chipco", "lab", announced="2025-01"),
            deal(
                "chips",
                "chip-supply",
                "lab",
                "chipco",
                status="on-hold",
                announced="2025-06",
                extra={"status_since": "2026-01-30", "status_before": "signed"},
            ),
        ],
    )
    assert circular_financing(graph) == []
    assert loops(circular_financing(graph, as_of="2025-12")) == [["chipco", "lab"]]
    assert circular_financing(graph, as_of="2026-03") == []


def test_a_superseded_deal_counts_until_its_successor_began(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        [
            deal("stake", "investment", "chipco", "lab", announced="2025-01"),
            deal("old", "compute-lease", "lab", "chipco", start="2025-06", end="2030-12"),
            deal(
                "new",
                "compute-lease",
                "lab",
                "chipco",
                start="2026-02",
                end="2032-12",
                extra={"supersedes": "old"},
            ),
        ],
    )
    at_end_of_2025 = circular_financing(graph, as_of="2025-12")
    assert [f.deal for f in at_end_of_2025[0].flows] == ["stake", "old"]
    later = circular_financing(graph, as_of="2026-03")
    assert [f.deal for f in later[0].flows] == ["stake", "new"]


# 5. Time at the source's precision


def test_a_chip_order_is_paid_over_its_delivery_window(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS,
        [
            deal("stake", "investment", "chipco", "lab", announced="2024-10"),
            deal("lease", "compute-lease", "lab", "cloud", start="2025-06-01", end="2030-05"),
            # a one-off order "in 2025-05" is delivered over the months after it
            deal("racks", "chip-supply", "cloud", "chipco", announced="2025-05"),
        ],
    )
    (row,) = circular_financing(graph)
    assert row.members == ["chipco", "lab", "cloud"] and row.window.start == "2025-06-01"
    assert not row.same_period_dates


def test_an_order_resting_on_dates_of_one_month_is_said_so(tmp_path):
    graph = seeded(
        tmp_path,
        ORGS[:2],
        [
            deal("stake", "investment", "chipco", "lab", announced="2025-05"),
            deal("chips", "chip-supply", "lab", "chipco", start="2025-05", end="2025-05"),
        ],
    )
    (row,) = circular_financing(graph)
    # both happened "in May 2025": the sources allow the order but do not prove it
    assert row.same_period_dates


def test_flow_dates_keep_their_precision(curated):
    flows = {f.deal: f for f in curated.money_flows(min_status=None, include_inactive=True)}
    quarter = next(f for f in flows.values() if f.paid_from and f.paid_from_last != f.paid_from)
    assert quarter.paid_from < quarter.paid_from_last


def test_a_value_shared_by_several_payers_is_no_pair_s_share(tmp_path):
    # Two buyers' joint $2B order: the supplier's total is not $4B (the value once per flow)
    # nor $2B per buyer; each pair's share is unknown, so the total is no known figure
    deals = [
        deal("joint", "chip-supply", "[lab, cloud]", "chipco", value="2B USD", announced="2025-01"),
        deal("solo", "chip-supply", "lab", "chipco", value="3B USD", announced="2025-02"),
    ]
    graph = seeded(tmp_path, ORGS, deals)
    flows = {(f.deal, f.payer): f for f in graph.money_flows()}
    assert flows[("joint", "lab")].committed_usd is None
    assert flows[("joint", "cloud")].committed_usd is None
    assert flows[("solo", "lab")].committed_usd == 3e9
    rows = {r.counterparty: r for r in exposure(graph, provider="chipco")}
    assert rows["cloud"].committed_usd is None and rows["lab"].committed_usd == 3e9
