"""Epoch AI's datasets: the loaders on small fixture files written in Epoch's format (committed
in tests/fixtures/epoch; never copies of Epoch's files), malformed rows, entity resolution, the
merge with the curated facts, and the real snapshots in ../shared/data/epoch when present."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from served import serve_folder
from typer.testing import CliRunner

from aigraph.cli import app
from aigraph.graph import EmbeddedGraph
from aigraph.graph.claims import find_conflicts
from aigraph.graph.model.records import Deal, Facility, Fleet, Milestone, Organization
from aigraph.loaders import DatasetError, load_curated
from aigraph.loaders.epoch import FILES, load_epoch
from aigraph.queries import QUERIES, conflicts, deals, supplier_dependence

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "epoch"
runner = CliRunner()


@pytest.fixture(scope="module")
def curated_dataset():
    return load_curated()


@pytest.fixture(scope="module")
def merged(curated_dataset):
    return load_epoch(FIXTURES, curated_dataset)


def test_clusters_become_facilities_with_fleets_sources_and_chains(merged):
    dataset, report = merged
    assert report.rows == {
        "gpu_clusters": 5,
        "data_centers": 2,
        "timelines": 2,
        "funding_rounds": 2,
    }
    assert report.clusters_by_status == {"Existing": 3, "Planned": 1, "Decommissioned": 1}
    phase2 = dataset.get("epoch-xai-colossus-memphis-phase-2")
    assert isinstance(phase2, Facility)
    assert phase2.builds_upon == "epoch-xai-colossus-memphis-phase-1"
    assert phase2.part_of == "colossus-1" and phase2.owner == "xai"
    assert str(phase2.opened) == "2025-02" and phase2.power.value == 280.28
    assert {c.source for c in phase2.citations} >= {"epoch-gpu-clusters"}
    assert len(phase2.citations) == 3  # the dataset and its two source URLs
    fleets = {f.chip_model: f.count.value for f in dataset.fleets if f.facility == phase2.id}
    assert fleets == {"nvidia-h100": 150000, "nvidia-h200": 50000}
    phase1 = dataset.get("epoch-xai-colossus-memphis-phase-1")
    assert phase1.notes == "First phase. Built in 122 days."  # a multi-line quoted cell


def test_names_resolve_to_curated_records_or_become_new_ones(merged):
    dataset, report = merged
    names = report.organizations
    assert names.resolved["xAI"] == "xai" and names.resolved["Microsoft"] == "microsoft"
    assert names.resolved["Google DeepMind"] == "google-deepmind"
    assert names.resolved["X"] == "x-corp"  # a curated organization since xAI acquired X
    assert "Grid Power" in names.created and "Builder Co" in names.created
    created = dataset.get(names.created["Grid Power"])
    assert isinstance(created, Organization) and created.origin == "epoch:data_centers"
    assert set(names.generic) >= {"Cloud", "Anonymized"}
    campus = dataset.get("epoch-frontier-lab-campus")
    assert campus.owner == "microsoft"
    assert {(p.organization, p.role.value) for p in campus.parties} == {
        ("openai", "owner"),
        ("openai", "user"),
    }
    assert campus.status.value == "planned" and campus.confidence.value == "medium"
    anonymous = dataset.get("epoch-anonymized-chinese-system")
    assert anonymous.owner is None


def test_ambiguous_names_are_reported_not_guessed(tmp_path):
    (tmp_path / "curated").mkdir()
    (tmp_path / "curated" / "data.yaml").write_text(
        "sources:\n  - {id: src, title: S, kind: trade-press, url: 'https://example.org'}\n"
        "organizations:\n"
        "  - {id: acme-one, name: Acme Inc, aliases: [Acme One], citations: [{source: src, quote: one, states: [name]}]}\n"
        "  - {id: acme-two, name: Acme Corp, aliases: [Acme Two], citations: [{source: src, quote: two, states: [name]}]}\n"
    )
    (tmp_path / "epoch").mkdir()
    (tmp_path / "epoch" / "gpu_clusters.csv").write_text(
        "Name,Status,Owner\nAcme Cluster,Existing,Acme\nOther,Existing,Acme One\n"
    )
    dataset, report = load_epoch(tmp_path / "epoch", load_curated(tmp_path / "curated"))
    assert report.organizations.ambiguous == {"Acme": ["acme-one", "acme-two"]}
    assert dataset.get("epoch-acme-cluster").owner is None
    assert dataset.get("epoch-other").owner == "acme-one"


def test_data_center_figures_become_claims_on_the_curated_facility(merged):
    dataset, report = merged
    assert report.facilities_linked["xAI Colossus 2 Memphis Tennessee"] == "colossus-2"
    colossus = dataset.get("colossus-2")
    powers = [c.power.value for c in colossus.claims if c.power]
    assert powers == [276]
    assert colossus.power.value == 661  # the curated value stays
    found = {(c.record, c.attribute) for c in find_conflicts(dataset)}
    assert ("colossus-2", "power") in found
    new = dataset.get("epoch-dc-new-campus-ohio")
    assert new.location.latitude == pytest.approx(40.083333) and new.location.longitude < 0
    confidences = {(p.organization, p.role.value): p.confidence for p in new.parties}
    assert confidences[("openai", "user")] == "low"  # #speculative
    assert confidences[("microsoft", "user")] == "medium"  # #likely
    assert confidences[("microsoft", "owner")] == "high"  # #confident
    assert confidences[("softbank", "investor")] is None  # no tag
    assert new.owner == "microsoft"


def test_fleet_counts_that_disagree_across_sources_are_conflicts(merged):
    dataset, _ = merged
    rows = conflicts(EmbeddedGraph(dataset), record="colossus-1")
    attributes = [row.attribute for row in rows]
    assert "floor_area" in attributes
    # curated (Epoch snapshot via the research notes) and the fixture's phase 2 agree on H200
    assert not any("nvidia-h200" in a for a in attributes)


def test_timelines_are_dated_milestones(merged):
    dataset, _ = merged
    milestones = {m.id: m for m in dataset.of_type(Milestone)}
    first = milestones["colossus-2-2025-03-01"]
    assert first.facility == "colossus-2" and first.building_area.value == 1e6
    second = next(m for m in milestones.values() if m.facility == "epoch-dc-new-campus-ohio")
    assert second.status == "Building 1 operational, per satellite images"
    assert second.capex.value == 2e9 and second.buildings == 1


def test_funding_rounds_are_deals_of_the_investee(merged):
    dataset, _ = merged
    rounds = {d.id: d for d in dataset.of_type(Deal) if d.kind == "funding-round"}
    series = rounds["epoch-round-anthropic-series-z"]
    assert series.party("investee") == ["anthropic"] and series.value.value == 13e9
    assert series.valuation.value == 183e9 and series.status.value == "completed"
    assert str(series.announced) == "2025-09-02"
    debt = rounds["epoch-round-xai-debt-2025"]
    assert debt.status.value == "in-talks" and debt.instrument.value == "debt"
    assert debt.confidence.value == "medium"


def test_the_queries_still_run_and_cover_epoch(merged):
    graph = EmbeddedGraph(merged[0])
    for query in QUERIES.values():
        query.run(graph)  # every query runs on the merged graph
    rows = {r.id: r for r in supplier_dependence(graph) if r.kind == "facility"}
    assert "epoch-anonymized-chinese-system" not in rows  # anonymized supplier, not Nvidia
    assert rows["colossus-1"].gpu_count == 220000  # latest snapshot; phases not added up
    planned = {r.id for r in supplier_dependence(graph, planned=True)}
    assert "epoch-frontier-lab-campus" in planned and "epoch-frontier-lab-campus" not in rows
    rounds = [r.id for r in deals(graph, "anthropic", kind="funding-round")]
    assert "epoch-round-anthropic-series-z" in rounds  # the Epoch round beside the curated ones
    assert {"anthropic-series-e-2025", "anthropic-series-f-2025"} <= set(rounds)


def write_bad(tmp_path: Path, name: str, text: str) -> Path:
    directory = tmp_path / "bad"
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(text)
    return directory


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        (
            "gpu_clusters.csv",
            "Name,Status,Chip quantity (primary)\nA,Existing,lots\n",
            ["gpu_clusters.csv:2", "row 'A'", "field 'Chip quantity (primary)'", "not a number"],
        ),
        (
            "gpu_clusters.csv",
            "Name,Status\nA,Imaginary\n",
            ["gpu_clusters.csv:2", "field 'Status'", "unknown status 'Imaginary'"],
        ),
        (
            "gpu_clusters.csv",
            "Name,Status,First Operational Date\nA,Existing,\nB,Existing,13/45/2025\n",
            ["gpu_clusters.csv:3", "row 'B'", "field 'First Operational Date'", "malformed date"],
        ),
        (
            "gpu_clusters.csv",
            'Name,Status,Power Capacity (MW)\n"A\nmulti",Existing,-5\n',
            ["gpu_clusters.csv:2", "negative amount"],
        ),
        (
            "gpu_clusters.csv",
            "Name,Certainty\nA,Likely\n",
            ["gpu_clusters.csv:1", "field 'Status'", "required column missing"],
        ),
        (
            "data_center_timelines.csv",
            "Date,Data center\n1/1/2025,Nowhere\n",
            ["data_center_timelines.csv:2", "field 'Data center'", "unknown data center"],
        ),
        (
            "ai_companies_funding_rounds.csv",
            "Company,Funding (equity)\nAnthropic,1e9x\n",
            ["ai_companies_funding_rounds.csv:2", "field 'Funding (equity)'", "not a number"],
        ),
    ],
)
def test_bad_rows_name_file_line_and_column(tmp_path, curated_dataset, file, text, expected):
    with pytest.raises(DatasetError) as caught:
        load_epoch(write_bad(tmp_path, file, text), curated_dataset)
    message = str(caught.value)
    for part in expected:
        assert part in message


def test_line_numbers_count_multi_line_cells(tmp_path, curated_dataset):
    text = 'Name,Status,Note\nA,Existing,"one\ntwo\nthree"\nB,Broken,\n'
    with pytest.raises(DatasetError) as caught:
        load_epoch(write_bad(tmp_path, "gpu_clusters.csv", text), curated_dataset)
    assert "gpu_clusters.csv:5: row 'B'" in str(caught.value)


def test_columns_are_read_by_name_in_any_order(tmp_path, curated_dataset):
    text = "Longitude,Status,Latitude,Owner,Name,Extra column\n1,Existing,2,xAI,Reordered,x\n"
    dataset, report = load_epoch(write_bad(tmp_path, "gpu_clusters.csv", text), curated_dataset)
    assert dataset.get("epoch-reordered").owner == "xai"
    assert report.rows == {"gpu_clusters": 1}


def test_a_directory_without_epoch_files_is_an_error(tmp_path, curated_dataset):
    with pytest.raises(DatasetError, match=r"none of gpu_clusters\.csv"):
        load_epoch(tmp_path, curated_dataset)


def test_build_with_epoch_dir_prints_the_resolution_report():
    result = runner.invoke(app, ["build", "--epoch-dir", str(FIXTURES), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["epoch"]["rows"]["gpu_clusters"] == 5
    assert summary["epoch"]["organizations"]["resolved"]["xAI"] == "xai"
    table = runner.invoke(app, ["build", "--epoch-dir", str(FIXTURES)])
    assert "Epoch AI datasets" in table.output and "ambiguous" in table.output


def test_build_reports_bad_epoch_rows_with_exit_2(tmp_path):
    directory = write_bad(tmp_path, "gpu_clusters.csv", "Name,Status\nA,Imaginary\n")
    result = runner.invoke(app, ["build", "--epoch-dir", str(directory)])
    assert result.exit_code == 2 and "unknown status 'Imaginary'" in result.output


def test_epoch_url_downloads_the_files(tmp_path):
    served = tmp_path / "served"
    shutil.copytree(FIXTURES, served)
    with serve_folder(served) as url:
        result = runner.invoke(app, ["build", "--epoch-url", url, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["epoch"]["rows"]["funding_rounds"] == 2


# The real snapshots (../shared/data/epoch), skipped cleanly when absent ----------------------


@pytest.fixture(scope="module")
def snapshot_dir(need_shared):
    directory = need_shared("data", "epoch")
    for name in FILES.values():
        need_shared("data", "epoch", name)
    return directory


@pytest.fixture(scope="module")
def snapshot(snapshot_dir, curated_dataset):
    return load_epoch(snapshot_dir, curated_dataset)


def test_all_786_cluster_rows_load_with_counts_by_status(snapshot_dir, snapshot):
    with (snapshot_dir / "gpu_clusters.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected: dict[str, int] = {}
    for row in rows:
        expected[row["Status"]] = expected.get(row["Status"], 0) + 1
    dataset, report = snapshot
    assert report.rows["gpu_clusters"] == len(rows) == 786
    assert report.clusters_by_status == expected
    epoch_facilities = [f for f in dataset.facilities if f.origin == "epoch:gpu_clusters"]
    assert len(epoch_facilities) == 786


def test_colossus_rows_connect_to_the_curated_sites_and_the_spacex_group(snapshot):
    dataset, _ = snapshot
    graph = EmbeddedGraph(dataset)
    phases = {f.id: f for f in dataset.facilities if "colossus" in f.id and f.origin != "curated"}
    assert {f.part_of for f in phases.values()} >= {"colossus-1", "colossus-2"}
    assert all(graph.group_of(f.owner) == "spacex" for f in phases.values() if f.owner)
    for facility in ("colossus-1", "colossus-2"):
        assert any(c.power for c in dataset.get(facility).claims)


def test_nvidia_dependence_covers_the_epoch_fleets(snapshot):
    graph = EmbeddedGraph(snapshot[0])
    rows = [r for r in supplier_dependence(graph) if r.kind == "facility"]
    epoch_sites = [r for r in rows if r.id.startswith("epoch-")]
    assert len(epoch_sites) > 100
    fleets = {f.id: f for f in snapshot[0].of_type(Fleet)}
    assert all(fleets[f].count.value > 0 for r in rows for f in r.fleets)
    assert 0 < rows[0].maker_share_of_graph < 1


@pytest.mark.parametrize(
    ("primary", "secondary", "day", "conflict"),
    [
        (20000, 10000, "2025-07-22", False),  # one row's two lines add up to the curated 30K
        (25000, None, "2025-07-22", True),  # a different count, same site, chip and date
        (25000, None, "2025-09-30", True),  # within a quarter: the same time
        (25000, None, "2026-03-01", False),  # months later: a series, not a conflict
    ],
)
def test_fleet_counts_are_compared_across_sources_not_within_a_row(
    tmp_path, curated_dataset, primary, secondary, day, conflict
):
    text = (
        "Name,Status,Chip type (primary),Chip quantity (primary),GPU Supplier (primary),"
        "Chip type (secondary),Chip quantity (secondary),First Operational Date\n"
        f"xAI Colossus Memphis Phase 9,Existing,NVIDIA GB200,{primary},NVIDIA,"
        f"{'NVIDIA GB200' if secondary else ''},{secondary or ''},{day}\n"
    )
    dataset, _ = load_epoch(write_bad(tmp_path, "gpu_clusters.csv", text), curated_dataset)
    found = [c for c in find_conflicts(dataset) if c.attribute.startswith("fleet nvidia-gb200")]
    assert bool(found) is conflict
    if conflict:
        assert [c.value for c in found[0].claims] == [
            "30K GPU (colossus-1-gb200-2025-07)",
            "25K GPU (epoch-xai-colossus-memphis-phase-9-primary-chips)",
        ]


def test_a_total_of_unspecified_models_is_not_compared_with_one_models_count(
    tmp_path, curated_dataset
):
    text = (
        "Name,Status,Chip type (primary),Chip quantity (primary),GPU Supplier (primary),"
        "First Operational Date\n"
        "xAI Colossus Memphis Phase 9,Existing,NVIDIA H100 SXM5 80GB,200000,NVIDIA,2025-07-22\n"
    )
    dataset, _ = load_epoch(write_bad(tmp_path, "gpu_clusters.csv", text), curated_dataset)
    # the curated 230K is a total of unspecified Nvidia models at the same site and date
    assert not [c for c in find_conflicts(dataset) if c.attribute.startswith("fleet ")]
