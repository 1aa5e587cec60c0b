"""The other queries on tiny seeded graphs and on the curated data: exact findings."""

import pytest
from seeds import deal, org, product, seeded

from aigraph.queries import (
    competitor_customers,
    conflicts,
    contracted_revenue,
    deals,
    money_paths,
    supplier_dependence,
)


def pairs(rows):
    return [(row.customer, row.provider) for row in rows]


# competitor-customers -------------------------------------------------------------------------


def test_a_customer_renting_from_a_rival_is_found_with_market_and_deal(tmp_path):
    graph = seeded(
        tmp_path,
        [org("lab"), org("rival")],
        [
            deal(
                "rent",
                "compute-lease",
                "lab",
                "rival",
                value="10M USD/month",
                start="2026-01",
                end="2026-12",
            )
        ],
        [product("lab-model", "lab", "llm-market"), product("rival-model", "rival", "llm-market")],
    )
    (row,) = competitor_customers(graph)
    assert (row.customer, row.provider, row.markets) == ("lab", "rival", ["llm-market"])
    assert (row.customer_products, row.provider_products) == (["lab-model"], ["rival-model"])
    assert [f.deal for f in row.flows] == ["rent"] and row.total_usd == 120e6


def test_companies_that_pay_each_other_but_share_no_market_are_not_found(tmp_path):
    graph = seeded(
        tmp_path,
        [org("lab"), org("cloud")],
        [deal("rent", "compute-lease", "lab", "cloud"), deal("buy", "chip-supply", "cloud", "lab")],
        [product("model", "lab", "llm-market"), product("vm", "cloud", "cloud-market")],
    )
    assert competitor_customers(graph) == []


def test_an_investment_between_rivals_is_not_a_customer_link(tmp_path):
    graph = seeded(
        tmp_path,
        [org("lab"), org("rival")],
        [deal("stake", "investment", "lab", "rival")],
        [product("a", "lab", "llm-market"), product("b", "rival", "llm-market")],
    )
    assert competitor_customers(graph) == []


def test_a_subsidiarys_product_counts_for_its_parent_group(tmp_path):
    graph = seeded(
        tmp_path,
        [org("rocketco"), org("ailab", parent="rocketco", since="2026-02"), org("lab")],
        [deal("rent", "compute-lease", "lab", "rocketco", start="2025-01", end="2027-12")],
        [product("chatbot", "ailab", "llm-market"), product("assistant", "lab", "llm-market")],
    )
    (row,) = competitor_customers(graph)
    assert (row.customer, row.provider, row.provider_products) == ("lab", "rocketco", ["chatbot"])
    assert competitor_customers(graph, as_of="2025-06") == []  # rented, but before the merger
    assert pairs(competitor_customers(graph, as_of="2026-06")) == [("lab", "rocketco")]


def test_a_sourced_competition_record_is_enough(tmp_path):
    extra = """\
    competition:
      - {id: says-so, parties: [lab, rival], basis: commentary, confidence: medium, citations: [{source: src, quote: "they compete", states: ["*"]}]}
    """
    graph = seeded(
        tmp_path,
        [org("lab"), org("rival")],
        [deal("rent", "compute-lease", "lab", "rival")],
        extra=extra,
    )
    (row,) = competitor_customers(graph)
    assert (row.competition, row.markets, row.sources) == (["says-so"], [], ["src"])
    assert [(e.kind.value, e.record) for e in row.evidence] == [("competition-record", "says-so")]


def test_a_competition_record_about_a_third_party_does_not_link_two_others(tmp_path):
    # "grok against claude and gemini": it pairs grok with each, not claude with gemini
    extra = """\
    products:
      - {id: grok, name: Grok, maker: rocketco, citations: [{source: src, quote: "grok", states: [maker]}]}
      - {id: claude, name: Claude, maker: lab, citations: [{source: src, quote: "claude", states: [maker]}]}
      - {id: gemini, name: Gemini, maker: cloud, citations: [{source: src, quote: "gemini", states: [maker]}]}
    competition:
      - {id: grok-vs-rest, parties: [grok, claude, gemini], subject: grok, confidence: high, citations: [{source: src, quote: "grok vs claude and gemini", states: [parties, subject]}]}
    """
    graph = seeded(
        tmp_path,
        [org("rocketco"), org("lab"), org("cloud")],
        [
            deal("lab-rents-cloud", "compute-lease", "lab", "cloud"),
            deal("lab-rents-rocket", "compute-lease", "lab", "rocketco"),
        ],
        extra=extra,
    )
    (row,) = competitor_customers(graph)
    assert (row.customer, row.provider, row.competition) == ("lab", "rocketco", ["grok-vs-rest"])
    assert row.story[-1] == "Claude and Gemini compete with Grok (grok-vs-rest) [src]"


def test_products_of_a_merely_announced_acquisition_count_for_no_one(tmp_path):
    graph = seeded(
        tmp_path,
        [
            org("rocketco"),
            org("lab"),
            org(
                "coder",
                parent="rocketco",
                relation="acquired-by",
                status="announced",
                by_deal="buyout",
            ),
        ],
        [
            deal("rent", "compute-lease", "lab", "rocketco", start="2026-01"),
            deal("buyout", "acquisition", "rocketco", "coder", status="announced", value=None),
        ],
        [product("editor", "coder", "llm-market"), product("assistant", "lab", "llm-market")],
    )
    assert competitor_customers(graph) == []
    assert competitor_customers(graph, min_status="signed") == []


def test_curated_anthropic_and_google_rent_from_spacex_and_compete_with_grok(curated):
    rows = {(r.customer, r.provider): r for r in competitor_customers(curated)}
    for customer in ("anthropic", "google"):
        row = rows[(customer, "spacex")]
        assert "frontier-llm" in row.markets
        assert "grok" in row.provider_products
        assert "colossus-customers-compete-with-grok" in row.competition
        assert {"seed-000", "seed-004"} <= set(row.sources)
        kinds = {e.kind.value for e in row.evidence}
        assert kinds == {"shared-market", "competition-record"}
        assert row.story[0].startswith("2026-0")
    assert rows[("anthropic", "spacex")].flows[0].deal == "anthropic-spacex-colossus-lease"
    assert rows[("google", "spacex")].flows[0].deal == "google-spacex-compute-lease"
    # Grok compared with Claude, GPT and Gemini says nothing of Claude against Gemini
    assert not any(
        "grok-vs-claude-gpt-gemini" in r.competition
        for (customer, provider), r in rows.items()
        if "spacex" not in (customer, provider)
    )


def test_curated_links_add_nothing_from_an_announced_acquisition(curated):
    every = {(r.customer, r.provider) for r in competitor_customers(curated)}
    signed = {(r.customer, r.provider) for r in competitor_customers(curated, min_status="signed")}
    assert signed <= every
    # Cursor's maker is only announced to be bought by SpaceX: its coding rivals do not
    # become SpaceX's competitors
    for row in competitor_customers(curated, min_status="signed"):
        assert "cursor" not in row.provider_products and "cursor" not in row.customer_products


# contracted-revenue ---------------------------------------------------------------------------


def test_contracted_revenue_compares_rate_times_term_with_the_reported_total(tmp_path):
    extra = """\
    figures:
      - {id: backlog, subject: cloud, metric: contracted-revenue, amount: 1B USD, covers: [a], confidence: medium, citations: [{source: src, quote: "1B backlog", states: ["*"]}]}
    """
    graph = seeded(
        tmp_path,
        [org("cloud"), org("lab"), org("other")],
        [
            deal(
                "a",
                "compute-lease",
                "lab",
                "cloud",
                value="100M USD/month",
                start="2026-01",
                end="2026-12",
            ),
            deal("b", "cloud-commitment", "other", "cloud", value="5B USD"),
            deal("c", "compute-lease", "other", "cloud", value=None),
            deal("d", "compute-lease", "other", "cloud", status="in-talks"),
        ],
        extra=extra,
    )
    (row,) = contracted_revenue(graph)
    assert (row.provider, row.deals, row.deals_without_value) == ("cloud", 3, 1)
    assert row.derived_usd == pytest.approx(6.2e9)
    assert (row.figure, row.reported_usd, row.covered_deals) == ("backlog", 1e9, ["a"])
    assert row.covered_derived_usd == pytest.approx(1.2e9)
    assert row.difference_usd == pytest.approx(0.2e9)
    assert row.covered_committed_usd == pytest.approx(1.2e9)  # no exit clause: the full term
    assert row.within_range is False


def test_contracted_revenue_keeps_the_committed_minimum_beside_the_full_term(tmp_path):
    extra = """\
    figures:
      - {id: backlog, subject: cloud, metric: contracted-revenue, amount: 1B USD, covers: [a], confidence: medium, citations: [{source: src, quote: "1B backlog", states: ["*"]}]}
    """
    exits = {"exit_clause": "{notice_days: 90, after: 2026-03, right: either}"}
    graph = seeded(
        tmp_path,
        [org("cloud"), org("lab")],
        [
            deal(
                "a",
                "compute-lease",
                "lab",
                "cloud",
                value="100M USD/month",
                start="2026-01",
                end="2027-12",
                extra=exits,
            )
        ],
        extra=extra,
    )
    (row,) = contracted_revenue(graph)
    assert row.derived_usd == pytest.approx(2.4e9)  # 24 months
    # notice after March, 90 days: the last day owed is 2026-05-29 (about 4.9 months)
    assert row.committed_usd == pytest.approx(0.49e9, rel=0.01)
    assert row.within_range is True  # the reported 1B lies between the two


def test_curated_spacex_leases_against_the_reported_25_3_billion(curated):
    (row,) = contracted_revenue(curated, provider="spacex")
    assert sorted(row.covered_deals) == [
        "anthropic-spacex-colossus-lease",
        "google-spacex-compute-lease",
        "reflection-spacex-colossus-lease",
    ]
    assert row.reported_usd == 25.3e9
    # Anthropic's first two months are at an undisclosed reduced fee: 35 full months counted
    assert row.covered_derived_usd == pytest.approx(43.75e9 + 30.36e9 + 5.25e9)
    assert row.difference_usd == pytest.approx(79.36e9 - 25.3e9)
    # every lease can be ended on 90 days' notice: what is owed at the least is far smaller,
    # and the reported figure lies between the two
    assert row.covered_committed_usd == pytest.approx(7.58e9, rel=0.01)
    assert row.within_range is True


# conflicts ------------------------------------------------------------------------------------


def test_curated_conflicts_are_listed_with_every_claim_and_source(curated):
    rows = conflicts(curated)
    assert [(r.record, r.attribute) for r in rows] == [
        ("colossus-1", "floor_area"),
        ("google-anthropic-2023-early", "value"),
        ("openai-2026-round", "value"),
        ("openai-2026-round", "status"),
        ("openai-stargate-initial", "value"),  # $19B (The Information) or $18B (Eulerpool)
        ("reflection-spacex-colossus-lease", "total"),
        ("reflection-spacex-colossus-lease", "end"),
        ("reflection-spacex-colossus-lease", "facilities"),
        ("softbank-stargate-initial", "value"),
        ("spacex-anysphere-acquisition", "status"),
    ]
    by_key = {(r.record, r.attribute): r for r in rows}
    assert [c.value for c in by_key["google-anthropic-2023-early", "value"].claims] == [
        "300M USD",
        "400M USD",
        "550M USD",
    ]
    end = by_key["reflection-spacex-colossus-lease", "end"]
    assert [c.value for c in end.claims] == ["2029-05", "2029-12", "2029-12"]
    assert any(
        c.source == "seed-004" and "through 2029" in c.quote for c in end.claims[1].citations
    )
    total = by_key["reflection-spacex-colossus-lease", "total"]
    assert total.claims[0].derived and total.claims[0].value.startswith("5.25B USD")
    assert total.claims[1].value == "at least 6B USD"


def test_claims_that_agree_are_not_conflicts(tmp_path):
    extra = """\
    deals:
      - id: lease
        kind: compute-lease
        title: lease
        parties: {customer: a, provider: b}
        status: signed
        confidence: high
        value: 100M USD/month
        term: {start: 2026-01, end: 2026-12}
        citations: [{source: src, quote: "the lease", states: ["*"]}]
        claims:
          - {reported_total: about 1.2B USD, citations: [{source: src, quote: "about 1.2B", states: ["*"]}]}
          - {end: 2026, citations: [{source: src, quote: "through 2026", states: ["*"]}]}
    """
    graph = seeded(tmp_path, [org("a"), org("b")], extra=extra)
    assert conflicts(graph) == []


# supplier-dependence --------------------------------------------------------------------------


def test_supplier_dependence_counts_the_latest_snapshot_per_facility(tmp_path):
    extra = """\
    facilities:
      - {id: dc-1, name: DC 1, owner: cloud, citations: [{source: src, quote: "dc 1", states: ["*"]}]}
      - {id: dc-2, name: DC 2, owner: lab, citations: [{source: src, quote: "dc 2", states: ["*"]}]}
    chip_models:
      - {id: gpu-a, name: GPU A, maker: chipco, category: gpu, citations: [{source: src, quote: "gpu a", states: ["*"]}]}
      - {id: tpu-b, name: TPU B, maker: rival, category: tpu, citations: [{source: src, quote: "tpu b", states: ["*"]}]}
    fleets:
      - {id: old, facility: dc-1, chip_model: gpu-a, count: 100 GPU, as_of: 2024-01, confidence: high, citations: [{source: src, quote: "old", states: ["*"]}]}
      - {id: new, facility: dc-1, chip_model: gpu-a, count: at least 300 GPU, as_of: 2025-01, confidence: high, citations: [{source: src, quote: "new", states: ["*"]}]}
      - {id: two, facility: dc-2, chip_model: gpu-a, count: 100 GPU, as_of: 2025-01, confidence: high, citations: [{source: src, quote: "two", states: ["*"]}]}
      - {id: tpus, facility: dc-2, chip_model: tpu-b, count: 600 chips, as_of: 2025-01, confidence: high, citations: [{source: src, quote: "tpus", states: ["*"]}]}
    """
    graph = seeded(
        tmp_path,
        [org("chipco"), org("rival"), org("cloud"), org("lab"), org("tenant")],
        [
            deal("rent", "compute-lease", "tenant", "cloud", facilities=["dc-1"]),
            deal("gpus", "chip-supply", "cloud", "chipco", quantities=["300 GPU"]),
        ],
        extra=extra,
    )
    rows = supplier_dependence(graph, maker="chipco")
    assert [(r.kind, r.id, r.gpu_count, r.count_qualifier) for r in rows] == [
        ("facility", "dc-1", 300, "at-least"),
        ("facility", "dc-2", 100, "exact"),
        ("customer", "cloud", 300, "exact"),
    ]
    assert rows[0].fleets == ["new"] and rows[0].tenants == ["tenant"] and rows[0].group == "cloud"
    assert rows[0].share_of_maker == pytest.approx(0.75)
    assert rows[0].maker_share_of_graph == pytest.approx(400 / 1000)
    early = supplier_dependence(graph, maker="chipco", as_of="2024-06")
    assert [(r.id, r.gpu_count) for r in early if r.kind == "facility"] == [("dc-1", 100)]


def test_curated_nvidia_dependence_starts_with_colossus(curated):
    rows = supplier_dependence(curated)
    facilities = [r.id for r in rows if r.kind == "facility"]
    assert facilities[:2] == ["colossus-1", "colossus-2"]
    assert "project-rainier" not in facilities  # Trainium, not Nvidia
    assert {"meta", "oracle", "spacex"} <= {r.id for r in rows if r.kind == "customer"}


# money-paths and deals ------------------------------------------------------------------------


def test_money_paths_follow_flows_in_their_direction(tmp_path):
    graph = seeded(
        tmp_path,
        [org(n) for n in "abcd"],
        [
            deal("ab", "investment", "a", "b", value="5B USD"),
            deal("bc", "compute-lease", "b", "c", value="2B USD"),
            deal("cd", "chip-supply", "c", "d", value="1B USD"),
            deal("db", "chip-supply", "d", "b"),
        ],
    )
    (path,) = money_paths(graph, "a", "d")
    assert path.members == ["a", "b", "c", "d"] and path.smallest_usd == 1e9
    assert money_paths(graph, "a", "d", max_length=2) == []
    assert money_paths(graph, "d", "a") == []


def test_curated_money_path_from_nvidia_to_oracle(curated):
    rows = money_paths(curated, "nvidia", "oracle")
    assert rows[0].members == ["nvidia", "openai", "oracle"]


def test_deals_by_facility_group_kind_and_date(curated):
    at_colossus_2 = [r.id for r in deals(curated, "colossus-2")]
    assert "reflection-spacex-colossus-lease" in at_colossus_2
    of_spacex = {r.id for r in deals(curated, "spacex")}
    assert "nvidia-xai-series-e" in of_spacex  # xai is in the SpaceX group
    assert "nvidia-xai-series-e" not in {r.id for r in deals(curated, "spacex", group=False)}
    leases = deals(curated, "spacex", kind="compute-lease", since="2026-05")
    assert [r.id for r in leases] == [
        "anthropic-spacex-colossus-lease",
        "reflection-spacex-colossus-lease",
        "google-spacex-compute-lease",
    ]
    firm = {r.status for r in deals(curated, min_status="signed")}
    assert firm == {"signed", "completed"}
