"""compute-deal-map-data: its types mapped to deal kinds and directions, its value_display words
to certainty, its companies resolved; the loader on small files written here (the repository's
YAML form and a release's JSON form, bad files with located errors, a release served over HTTP)
and on the snapshot in ../shared/data/compute-deal-map when present (never copied here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from served import serve_folder
from typer.testing import CliRunner

from aigraph.cli import app
from aigraph.graph import EmbeddedGraph
from aigraph.graph.model.records import Deal, Organization, Source
from aigraph.graph.model.vocabulary import (
    Certainty,
    DealKind,
    OrgRole,
    Period,
    Qualifier,
    SourceKind,
)
from aigraph.loaders import DatasetError, build_dataset, load_curated
from aigraph.loaders.deal_map import CREDIT, TYPES, load_deal_map
from aigraph.loaders.deal_map.format import deal_kind, read_value, seller_is_source
from aigraph.queries import circular_financing, competitor_customers

runner = CliRunner()

COMPANIES = [
    {"slug": "anthropic", "name": "Anthropic", "category": "ai_lab"},
    {"slug": "microsoft", "name": "Microsoft", "category": "hyperscaler"},
    {"slug": "oracle", "name": "Oracle", "category": "hyperscaler"},
    {"slug": "openai", "name": "OpenAI", "category": "ai_lab"},
    {"slug": "amazon-aws", "name": "Amazon/AWS", "category": "hyperscaler"},
    {"slug": "acme-chips", "name": "Acme Chips", "category": "chip_designer"},
    {"slug": "multiple", "name": "Multiple", "category": "investor"},
]


def deal(deal_id, source, target, deal_type, value, display, date, description="A deal."):
    names = {c["slug"]: c["name"] for c in COMPANIES}
    return {
        "id": deal_id,
        "source_slug": source,
        "source_name": names[source],
        "target_slug": target,
        "target_name": names[target],
        "deal_type": deal_type,
        "value_billions": value,
        "value_display": display,
        "date": date,
        "date_display": date,
        "description": description,
        "source_url": f"https://example.org/{deal_id}",
    }


DEALS = [
    # the customer first: Anthropic pays Microsoft; the curated anthropic-azure-30b
    deal("anthropic-msft-azure", "anthropic", "microsoft", "cloud_capacity", 30, "$30B", "2025-11"),
    # a round of OpenAI's own, against the curated round's $110B: a conflict
    deal("openai-funding-mar26", "openai", "openai", "funding_round", 122, "$122B", "2026-03"),
    # chips flow source -> target: OpenAI pays Acme Chips (new to the curated data)
    deal("acme-openai-gpu", "acme-chips", "openai", "gpu_purchase", 5, "Up to $5B", "2025-04"),
    # a hyperscaler provides, whichever end the map names first
    deal("anthropic-orcl-cloud", "anthropic", "oracle", "cloud_capacity", 2, "~$2B", "2024-01"),
    # unnamed investors: OpenAI's funding round
    deal("multiple-openai-equity", "multiple", "openai", "equity_investment", 1, "$1B", "2024-06"),
    # an acquisition of "Multiple": no one to acquire, left out and reported
    deal("acme-multiple-ma", "acme-chips", "multiple", "m_and_a", None, "Undisclosed", "2025-01"),
]


def write_repository(directory: Path, deals=DEALS, companies=COMPANIES) -> Path:
    """Write the repository's form: deals/<id>.yml and companies.yml."""
    (directory / "deals").mkdir(parents=True)
    for record in deals:
        text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True)
        (directory / "deals" / f"{record['id']}.yml").write_text(text, encoding="utf-8")
    (directory / "companies.yml").write_text(yaml.safe_dump(companies), encoding="utf-8")
    return directory


def write_release(directory: Path, deals=DEALS, companies=COMPANIES) -> Path:
    """Write a release's form: deals.json (with the categories it adds) and companies.json."""
    directory.mkdir(parents=True, exist_ok=True)
    category = {c["slug"]: c["category"] for c in companies}
    rows = [
        record
        | {
            "source_category": category.get(record["source_slug"]),
            "target_category": category.get(record["target_slug"]),
        }
        for record in deals
    ]
    (directory / "deals.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    (directory / "companies.json").write_text(json.dumps(companies, indent=2), encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def curated_dataset():
    return load_curated()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, curated_dataset):
    directory = write_repository(tmp_path_factory.mktemp("map") / "compute-deal-map-data")
    return load_deal_map(directory, curated_dataset)


# -- the mapping ------------------------------------------------------------------------------


def test_every_type_of_the_schema_has_a_kind_and_a_direction():
    schema_types = [
        "gpu_purchase",
        "custom_asic",
        "equity_investment",
        "cloud_capacity",
        "m_and_a",
        "funding_round",
        "power_ppa",
        "equipment_supply",
    ]
    assert sorted(TYPES) == sorted(schema_types)
    assert {t: TYPES[t].kind for t in schema_types} == {
        "gpu_purchase": DealKind.CHIP_SUPPLY,
        "custom_asic": DealKind.CHIP_SUPPLY,
        "equity_investment": DealKind.INVESTMENT,
        "cloud_capacity": DealKind.COMPUTE_LEASE,
        "m_and_a": DealKind.ACQUISITION,
        "funding_round": DealKind.FUNDING_ROUND,
        "power_ppa": DealKind.POWER_PURCHASE,
        "equipment_supply": DealKind.CHIP_SUPPLY,
    }
    assert all(spec.why for spec in TYPES.values())


@pytest.mark.parametrize(
    ("deal_type", "source", "target", "source_sells"),
    [
        ("gpu_purchase", "chip_designer", "ai_lab", True),  # amd -> openai: OpenAI pays
        ("gpu_purchase", "hyperscaler", "chip_designer", False),  # oracle -> nvidia: Oracle
        ("gpu_purchase", "server_oem", "chip_designer", False),  # dell -> nvidia: Dell buys
        ("gpu_purchase", "server_oem", "ai_lab", True),  # dell -> xai: xAI pays
        ("cloud_capacity", "neocloud", "ai_lab", True),  # coreweave -> openai
        ("cloud_capacity", "ai_lab", "hyperscaler", False),  # openai -> amazon-aws
        ("cloud_capacity", "chip_designer", "neocloud", False),  # nvidia -> coreweave
        ("cloud_capacity", "neocloud", "hyperscaler", True),  # coreweave -> microsoft
        ("power_ppa", "power", "hyperscaler", True),  # constellation -> microsoft
        ("custom_asic", "foundry", "chip_designer", True),  # tsmc -> nvidia
        ("equipment_supply", "equipment", "foundry", True),  # asml -> tsmc
    ],
)
def test_which_end_sells(deal_type, source, target, source_sells):
    assert seller_is_source(deal_type, source, target) is source_sells


def test_cloud_capacity_kind_follows_the_provider():
    assert deal_kind("cloud_capacity", "data_center") is DealKind.DATA_CENTER_LEASE
    assert deal_kind("cloud_capacity", "hyperscaler") is DealKind.CLOUD_COMMITMENT
    assert deal_kind("cloud_capacity", "neocloud") is DealKind.COMPUTE_LEASE
    assert deal_kind("power_ppa", "power") is DealKind.POWER_PURCHASE


@pytest.mark.parametrize(
    ("value", "display", "qualifier", "certainty"),
    [
        (60, "Up to $60B", Qualifier.UP_TO, Certainty.UP_TO),
        (100, "~$100B (6GW)", Qualifier.ABOUT, Certainty.FIRM),
        (10, "est. ~$10B", Qualifier.ESTIMATE, Certainty.ESTIMATE),
        (15, "~$15B AI server rev (FY2026E)", Qualifier.ESTIMATE, Certainty.ESTIMATE),
        (5, "$5B+", Qualifier.AT_LEAST, Certainty.AT_LEAST),
        (30, "$30B", Qualifier.EXACT, Certainty.FIRM),
        (7, "$7B (up to ~$11B w/ extensions)", Qualifier.EXACT, Certainty.FIRM),
        (175, "$150-200B (10GW)", Qualifier.ESTIMATE, Certainty.ESTIMATE),
        (17.4, "$17.4-19B", Qualifier.AT_LEAST, Certainty.AT_LEAST),
        (3, "Multi-$B", Qualifier.ESTIMATE, Certainty.ESTIMATE),
        (1.05, "€838M (5% equity) + €276M R&D", Qualifier.ESTIMATE, Certainty.ESTIMATE),
        (0.3, "Up to $300M equipment", Qualifier.UP_TO, Certainty.UP_TO),
    ],
)
def test_value_display_words_give_the_certainty(value, display, qualifier, certainty):
    amount = read_value(value, display)
    assert amount.value == pytest.approx(value * 1e9)
    assert amount.qualifier is qualifier and amount.certainty is certainty


def test_a_yearly_figure_is_a_rate_and_no_value_is_unknown():
    assert read_value(1.4, "~$1.4B/yr (20% of rev)").period is Period.PER_YEAR
    assert read_value(9.7, "$9.7B / 5-yr").period is Period.ONE_OFF
    assert read_value(None, "Multi-$10B/yr") is None


# -- the loader on small files ----------------------------------------------------------------


def test_the_report_counts_matched_conflicting_new_and_unresolved(loaded):
    _, report = loaded
    assert report.form == "repository" and report.deals == 6 and report.companies == 7
    assert report.matched == {
        "anthropic-msft-azure": "anthropic-azure-30b",
        "openai-funding-mar26": "openai-2026-round",
    }
    assert report.conflicting == {"openai-funding-mar26": "openai-2026-round"}
    assert sorted(report.new) == [
        "dealmap-acme-openai-gpu",
        "dealmap-anthropic-orcl-cloud",
        "dealmap-multiple-openai-equity",
    ]
    assert report.unresolved == {"acme-multiple-ma": "Multiple"}
    assert len(report.matched) + len(report.new) + len(report.unresolved) == report.deals
    assert report.credit == CREDIT == "compute-deal-map-data by Justin Wang, CC BY 4.0"


def test_new_deals_have_their_kind_direction_and_certainty(loaded):
    dataset, _ = loaded
    gpus = dataset.get("dealmap-acme-openai-gpu")
    assert isinstance(gpus, Deal) and gpus.kind is DealKind.CHIP_SUPPLY
    assert gpus.payers() == ["openai"] and gpus.payees() == ["acme-chips"]
    assert gpus.value.qualifier is Qualifier.UP_TO and gpus.origin == "deal-map"
    cloud = dataset.get("dealmap-anthropic-orcl-cloud")
    assert cloud.kind is DealKind.CLOUD_COMMITMENT
    assert cloud.payers() == ["anthropic"] and cloud.payees() == ["oracle"]
    assert cloud.value.qualifier is Qualifier.ABOUT
    round_ = dataset.get("dealmap-multiple-openai-equity")
    assert round_.kind is DealKind.FUNDING_ROUND and round_.parties == {"investee": ["openai"]}


def test_every_value_cites_the_deals_file_as_a_dataset_source(loaded):
    dataset, _ = loaded
    gpus = dataset.get("dealmap-acme-openai-gpu")
    (citation,) = gpus.citations
    source = dataset.get(citation.source)
    assert isinstance(source, Source) and source.kind is SourceKind.DATASET
    assert source.url == "https://example.org/acme-openai-gpu"
    assert source.file == "compute-deal-map-data/deals/acme-openai-gpu.yml"
    assert source.credit == CREDIT and citation.states == ["*"]
    assert citation.quote.startswith("Up to $5B, 2025-04: A deal.")


def test_matched_deals_get_claims_beside_them_and_conflicts_show(loaded):
    dataset, _ = loaded
    azure = dataset.get("anthropic-azure-30b")
    sources = {c.source for claim in azure.claims for c in claim.citations}
    assert "dealmap-src-anthropic-msft-azure" in sources
    assert not any(d.id.startswith("dealmap-anthropic-msft") for d in dataset.deals)
    graph = EmbeddedGraph(dataset)
    conflicted = {(c.record, c.attribute) for c in graph.conflicts()}
    assert ("openai-2026-round", "value") in conflicted
    assert ("anthropic-azure-30b", "value") not in conflicted  # the map agrees: $30B


def test_companies_resolve_through_the_shared_resolver(loaded):
    dataset, report = loaded
    names = report.organizations
    assert names.resolved["Anthropic"] == "anthropic" and names.resolved["Oracle"] == "oracle"
    assert names.created == {"Acme Chips": "acme-chips"}
    assert names.generic == ["Multiple"] and "multiple" not in dataset
    acme = dataset.get("acme-chips")
    assert isinstance(acme, Organization) and acme.origin == "deal-map"
    assert acme.roles == [OrgRole.CHIPMAKER]


def test_amazon_aws_resolves_by_its_slug_form(tmp_path, curated_dataset):
    deals = [deal("aws-x", "amazon-aws", "anthropic", "cloud_capacity", 11, "$11B", "2025-10")]
    _, report = load_deal_map(write_repository(tmp_path / "m", deals), curated_dataset)
    assert report.organizations.resolved["Amazon/AWS"] == "amazon"


def test_the_release_form_gives_the_same_records(tmp_path, loaded, curated_dataset):
    dataset, report = load_deal_map(write_release(tmp_path / "release"), curated_dataset)
    assert report.form == "release"
    yml_dataset, yml_report = loaded
    assert report.matched == yml_report.matched and report.new == yml_report.new
    for deal_id in report.new:
        mine, theirs = dataset.get(deal_id), yml_dataset.get(deal_id)
        assert mine.model_dump(exclude={"citations"}) == theirs.model_dump(exclude={"citations"})
    assert dataset.get("dealmap-src-acme-openai-gpu").file == "release/deals.json"


def test_loading_is_deterministic_and_idempotent(tmp_path, curated_dataset):
    directory = write_repository(tmp_path / "map")
    first, _ = load_deal_map(directory, curated_dataset)
    second, _ = load_deal_map(directory, curated_dataset)
    dump = [r.model_dump(mode="json") for r in first]
    assert dump == [r.model_dump(mode="json") for r in second]


def test_credits_show_in_build_report_view_and_exports(tmp_path):
    directory = write_repository(tmp_path / "map")
    built = runner.invoke(app, ["build", "--deal-map-dir", str(directory)], env={"COLUMNS": "200"})
    assert built.exit_code == 0, built.output
    assert "Deal map: compute-deal-map-data by Justin Wang, CC BY 4.0" in built.output
    assert "unresolved, left out (1)" in built.output
    as_json = json.loads(
        runner.invoke(app, ["build", "--deal-map-dir", str(directory), "--json"]).output
    )
    assert as_json["deal_map"]["matched"]["anthropic-msft-azure"] == "anthropic-azure-30b"
    assert CREDIT in as_json["credits"]
    page = tmp_path / "view.html"
    viewed = runner.invoke(app, ["view", "--deal-map-dir", str(directory), "-o", str(page)])
    assert viewed.exit_code == 0, viewed.output
    assert CREDIT in page.read_text(encoding="utf-8")
    exported = tmp_path / "graph.graphml"
    result = runner.invoke(
        app,
        ["export", "--deal-map-dir", str(directory), "--format", "graphml", "-o", str(exported)],
    )
    assert result.exit_code == 0, result.output
    assert CREDIT in exported.read_text(encoding="utf-8")


def test_the_environment_variable_names_the_directory(tmp_path):
    directory = write_repository(tmp_path / "map")
    result = runner.invoke(app, ["build", "--json"], env={"AIGRAPH_DEAL_MAP_DIR": str(directory)})
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["deal_map"]["deals"] == 6


def test_queries_and_the_mcp_server_take_the_option(tmp_path):
    directory = write_repository(tmp_path / "map")
    result = runner.invoke(
        app,
        ["query", "deals", "--entity", "acme-chips", "--deal-map-dir", str(directory), "--json"],
    )
    assert result.exit_code == 0, result.output
    assert {row["id"] for row in json.loads(result.output)} == {"dealmap-acme-openai-gpu"}
    assert "--deal-map-dir" in runner.invoke(app, ["mcp", "--help"], env={"COLUMNS": "200"}).output


# -- bad files --------------------------------------------------------------------------------


def _broken(**changes):
    record = dict(DEALS[2])
    for key, value in changes.items():
        if value is None:
            record.pop(key)
        else:
            record[key] = value
    return [record]


@pytest.mark.parametrize(
    ("deals", "expected"),
    [
        (_broken(source_url=None), "deal 'acme-openai-gpu': field 'source_url': required field"),
        (_broken(deal_type="loan"), "field 'deal_type': unknown deal type 'loan'"),
        (_broken(date="Feb 2026"), "field 'date': malformed date 'Feb 2026'"),
        (_broken(value_billions="lots"), "field 'value_billions': not a number: 'lots'"),
        (_broken(value_billions=-1), "field 'value_billions': not a finite amount"),
        (_broken(target_slug="nobody"), "field 'target_slug': no company 'nobody'"),
        (_broken(source_url="http://x.org"), "field 'source_url': not an https:// address"),
    ],
)
def test_a_bad_deal_is_located_by_file_record_and_field(tmp_path, curated_dataset, deals, expected):
    directory = write_repository(tmp_path / "map", deals=[*DEALS[:2], *deals])
    with pytest.raises(DatasetError) as error:
        load_deal_map(directory, curated_dataset)
    message = str(error.value)
    assert "map/deals/acme-openai-gpu.yml:1: " in message and expected in message
    assert len(error.value.issues) == 1  # the good deals are fine, but nothing is loaded


def test_bad_yaml_names_its_file_and_line(tmp_path, curated_dataset):
    directory = write_repository(tmp_path / "map")
    (directory / "deals" / "broken.yml").write_text("id: broken\ndate: [2025\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"map/deals/broken\.yml:3: \(file\): not valid YAML"):
        load_deal_map(directory, curated_dataset)


def test_a_deal_file_named_for_another_deal_is_an_error(tmp_path, curated_dataset):
    directory = write_repository(tmp_path / "map")
    (directory / "deals" / "acme-openai-gpu.yml").rename(directory / "deals" / "other.yml")
    with pytest.raises(DatasetError, match="field 'id': the file of deal 'acme-openai-gpu'"):
        load_deal_map(directory, curated_dataset)


def test_a_bad_release_record_names_its_line(tmp_path, curated_dataset):
    directory = write_release(tmp_path / "release", deals=[*DEALS[:2], *_broken(date=None)])
    with pytest.raises(DatasetError) as error:
        load_deal_map(directory, curated_dataset)
    (issue,) = error.value.issues
    lines = (directory / "deals.json").read_text(encoding="utf-8").splitlines()
    starts = [number for number, line in enumerate(lines, start=1) if line == "  {"]
    assert issue.file == "release/deals.json" and issue.line == starts[2]
    assert issue.record == "deal [2] 'acme-openai-gpu'" and issue.field == "date"


def test_bad_json_and_bad_companies_are_located(tmp_path, curated_dataset):
    directory = write_release(tmp_path / "release")
    (directory / "deals.json").write_text('[{"id": "x",}\n]', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"release/deals\.json:1: \(file\): not valid JSON"):
        load_deal_map(directory, curated_dataset)
    companies = [*COMPANIES[:-1], {"slug": "multiple", "name": "Multiple"}]
    directory = write_repository(tmp_path / "map", companies=companies)
    with pytest.raises(DatasetError, match=r"company \[6\] 'multiple': field 'category'"):
        load_deal_map(directory, curated_dataset)


def test_a_directory_without_the_map_is_an_error(tmp_path, curated_dataset):
    with pytest.raises(DatasetError, match=r"holds neither deals and companies\.yml"):
        load_deal_map(tmp_path, curated_dataset)
    (tmp_path / "deals").mkdir()
    with pytest.raises(DatasetError, match=r"companies\.yml: \(file\): missing beside deals"):
        load_deal_map(tmp_path, curated_dataset)


def test_nothing_is_half_loaded_and_the_command_exits_2(tmp_path):
    directory = write_repository(tmp_path / "map", deals=[*DEALS[:2], *_broken(date="soon")])
    with pytest.raises(DatasetError):
        build_dataset({"deal_map_dir": directory})
    result = runner.invoke(app, ["build", "--deal-map-dir", str(directory)])
    assert result.exit_code == 2
    assert "acme-openai-gpu.yml:1: deal 'acme-openai-gpu': field 'date'" in result.output


# -- a release over HTTP ----------------------------------------------------------------------


def test_deal_map_url_downloads_a_release(tmp_path):
    served = write_release(tmp_path / "served")
    with serve_folder(served) as url:
        result = runner.invoke(app, ["build", "--deal-map-url", url, "--json"])
        missing = runner.invoke(app, ["build", "--deal-map-url", url + "nothing/"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)["deal_map"]
    assert report["form"] == "release" and report["deals"] == 6
    assert missing.exit_code == 2 and "cannot download" in missing.output


def test_deal_map_url_takes_http_only():
    result = runner.invoke(app, ["build", "--deal-map-url", "file:///etc/"])
    assert result.exit_code == 2 and "takes an http:// or https:// URL" in result.output


# -- the snapshot (../shared/data/compute-deal-map), skipped cleanly when absent ---------------


@pytest.fixture(scope="module")
def snapshot_dir(need_shared):
    directory = need_shared("data", "compute-deal-map")
    need_shared("data", "compute-deal-map", "companies.yml")
    return directory


@pytest.fixture(scope="module")
def snapshot(snapshot_dir, curated_dataset):
    return load_deal_map(snapshot_dir, curated_dataset)


def test_all_266_deals_load_with_a_report(snapshot_dir, snapshot):
    dataset, report = snapshot
    files = sorted((snapshot_dir / "deals").glob("*.yml"))
    assert report.deals == len(files) == 266 and report.companies == 81
    assert sum(report.by_type.values()) == 266
    assert len(report.matched) + len(report.new) + len(report.unresolved) == 266
    assert set(report.conflicting) <= set(report.matched)
    assert set(report.unresolved.values()) == {"Multiple"}
    assert report.organizations.ambiguous == {} and report.organizations.generic == ["Multiple"]
    assert report.matched["openai-aws-cloud"] == "openai-aws-38b"
    new = [dataset.get(deal_id) for deal_id in report.new]
    assert all(d.origin == "deal-map" and len(d.citations) == 1 for d in new)
    assert all(dataset.get(d.citations[0].source).kind is SourceKind.DATASET for d in new)


def test_the_snapshots_directions_follow_the_descriptions(snapshot):
    dataset, _ = snapshot
    cases = {
        "dealmap-nvda-crwv-capacity": ("nvidia", "coreweave"),  # NVIDIA buys unused capacity
        "dealmap-constellation-meta-clinton": ("meta", "constellation"),  # Meta buys power
        "dealmap-asml-tsmc-fab21-euv": ("tsmc", "asml"),  # TSMC buys scanners
        "dealmap-hpe-xai-servers": ("xai", "hpe"),  # xAI buys servers
        "dealmap-amzn-anthropic-equity": ("amazon", "anthropic"),  # Amazon invests
    }
    for deal_id, (payer, payee) in cases.items():
        found = dataset.get(deal_id)
        assert (found.payers(), found.payees()) == ([payer], [payee]), deal_id


def test_the_snapshot_loads_the_same_twice(snapshot_dir, curated_dataset, snapshot):
    again, report = load_deal_map(snapshot_dir, curated_dataset)
    assert sorted(r.id for r in again) == sorted(r.id for r in snapshot[0])
    assert report.new == snapshot[1].new


def test_the_queries_run_on_the_merged_graph(snapshot, curated):
    merged = EmbeddedGraph(snapshot[0])
    assert len(circular_financing(merged)) >= len(circular_financing(curated))
    assert len(competitor_customers(merged)) >= len(competitor_customers(curated))


def test_a_date_shown_as_a_year_is_read_as_that_year(snapshot):
    """A record dated "2025-06" but shown as "2025" (Meta-Rivos) is known only to its year:
    read so, it matches the curated deal of September 2025 instead of becoming a new one."""
    dataset, report = snapshot
    assert "meta-rivos-ma" in report.matched
    assert "dealmap-meta-rivos-ma" not in dataset.records


def test_the_coverage_script_judges_every_unmatched_leg_against_held_deals(
    snapshot_dir, curated_dataset
):
    import runpy
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "deal_map_coverage.py"
    judged = runpy.run_path(str(script))["JUDGED"]
    ids = {deal.id for deal in curated_dataset.deals}
    for leg, (verdict, why) in judged.items():
        assert (snapshot_dir / "deals" / f"{leg}.yml").exists(), leg
        if verdict == "held":  # the reading names the curated deal first
            assert why.split()[0] in ids, (leg, why)
    out = subprocess.run(
        [sys.executable, str(script), str(snapshot_dir)], capture_output=True, text=True, check=True
    ).stdout
    assert "legs of $1B or more since 2023: 67 of 90 match a curated deal" in out
    assert "judged: 81 of the 84 legs that are deals between two parties are held" in out
    assert "0 not judged" in out
