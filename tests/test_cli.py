"""The command line: build, show, exit codes; bad input never gives a traceback."""

import json
import subprocess
import sys

from typer.testing import CliRunner

from aigraph.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_build_prints_counts_statuses_providers_and_the_reflection_conflict():
    result = run("build")
    assert result.exit_code == 0, result.output
    for text in ("Records", "Deals by status", "Contracted value by provider", "Conflicts"):
        assert text in result.output
    assert "reflection-spacex-colossus-lease" in result.output


def test_build_prints_no_zero_for_a_provider_whose_deals_have_no_value():
    result = runner.invoke(app, ["build"], env={"COLUMNS": "200"})
    lines = {line.split("│")[1].strip(): line for line in result.output.splitlines() if "│" in line}
    # Constellation's one contract states no amount; Oracle's three, two with none: a floor;
    # Nebius's three all state theirs: a plain total
    assert "unknown" in lines["constellation"] and "$0" not in lines["constellation"]
    assert "at least $300B" in lines["oracle"]
    assert "$32.3B" in lines["nebius"] and "at least" not in lines["nebius"]


def test_build_json_lists_the_reflection_conflicts():
    result = run("build", "--json")
    assert result.exit_code == 0
    summary = json.loads(result.output)
    conflicts = {(c["record"], c["attribute"]) for c in summary["conflicts"]}
    assert ("reflection-spacex-colossus-lease", "end") in conflicts
    assert ("reflection-spacex-colossus-lease", "total") in conflicts
    spacex = next(p for p in summary["contracted_value_by_provider"] if p["provider"] == "spacex")
    assert round(spacex["derived_usd"] / 1e9, 2) == 79.36  # 43.75 (after the ramp) + 30.36 + 5.25
    assert spacex["committed_usd"] < spacex["reported_usd"] < spacex["derived_usd"]
    assert spacex["reported_usd"] == 25.3e9


def test_show_spacex_json_lists_leases_acquisition_and_merger():
    result = run("show", "spacex", "--json")
    assert result.exit_code == 0, result.output
    profile = json.loads(result.output)
    deals = {d["id"]: d for d in profile["deals"]}
    expected_rates = {
        "anthropic-spacex-colossus-lease": 1.25e9,
        "google-spacex-compute-lease": 920e6,
        "reflection-spacex-colossus-lease": 150e6,
    }
    for deal_id, rate in expected_rates.items():
        assert deals[deal_id]["value_usd"] == rate
        assert deals[deal_id]["period"] == "per-month"
        assert deals[deal_id]["sources"]
    assert deals["spacex-anysphere-acquisition"]["kind"] == "acquisition"
    assert deals["spacex-xai-merger"]["kind"] == "merger"
    source_ids = {s["id"] for s in profile["sources"]}
    assert {"seed-000", "seed-004"} <= source_ids


def test_show_facility_and_lab():
    colossus = run("show", "colossus-2", "--json")
    assert colossus.exit_code == 0
    profile = json.loads(colossus.output)
    assert "reflection-spacex-colossus-lease" in {d["id"] for d in profile["deals"]}
    reflection = run("show", "reflection-ai")
    assert reflection.exit_code == 0
    assert (
        "Misha Laskin" in reflection.output and "nvidia-reflection-2025-round" in reflection.output
    )


def test_unknown_id_is_bad_input_with_a_suggestion():
    result = run("show", "spacx")
    assert result.exit_code == 2
    assert "unknown id 'spacx'" in result.output and "spacex" in result.output


def test_bad_data_exits_2_listing_every_problem(write_dataset):
    directory = write_dataset(
        deals="deals:\n  - {id: x, kind: compute-lease, title: X, parties: {customer: lab, provider: ghost},"
        ' status: singed, confidence: high, citations: [{source: src, quote: "a quote", states: ["*"]}]}\n'
    )
    result = run("build", "--data", str(directory))
    assert result.exit_code == 2
    assert "unknown status 'singed'" in result.output
    assert "Traceback" not in result.output


def test_entry_point_never_shows_a_traceback_for_bad_input(tmp_path):
    (tmp_path / "bad.yaml").write_text("organizations:\n  - {id: Bad}\n")
    completed = subprocess.run(
        [sys.executable, "-m", "aigraph", "build", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "bad.yaml" in completed.stderr and "not a lowercase slug" in completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout


def test_schema_docs_are_in_sync_with_the_model():
    from pathlib import Path

    from aigraph.graph.outputs.docs import schema_markdown

    committed = Path(__file__).resolve().parents[1] / "docs" / "schema.md"
    assert committed.read_text() == schema_markdown(), "run: aigraph schema > docs/schema.md"


def test_show_says_what_superseded_what_and_what_is_pending():
    letter = run("show", "nvidia-openai-100b-loi")
    assert letter.exit_code == 0, letter.output
    assert "is superseded by nvidia-openai-2026-round" in letter.output
    assert "inactive" in letter.output
    nvidia = json.loads(run("show", "nvidia", "--json").output)
    deals = {d["id"]: d for d in nvidia["deals"]}
    assert deals["nvidia-openai-100b-loi"]["superseded_by"] == "nvidia-openai-2026-round"
    assert deals["nvidia-openai-2026-round"]["supersedes"] == ["nvidia-openai-100b-loi"]
    assert (
        not deals["nvidia-openai-100b-loi"]["active"]
        and deals["nvidia-openai-2026-round"]["active"]
    )
    anysphere = run("show", "anysphere")
    assert "pending" in anysphere.output and "acquired-by spacex: announced" in anysphere.output


SERIES = """\
facilities:
  - id: site
    name: Site
    owner: acme
    power: 276 MW
    figures_as_of: 2025-12
    citations: [{source: src, quote: "276 MW in December 2025", states: [owner, power]}]
    claims:
      - power: 661 MW
        as_of: 2026-06
        citations: [{source: src, quote: "661 MW by mid-2026", states: [power]}]
      - power: 300 MW
        as_of: 2026-01
        citations: [{source: src, quote: "300 MW in January", states: [power]}]
"""


def test_figures_at_different_dates_are_a_series_within_a_quarter_a_conflict(write_dataset):
    data = write_dataset(facilities=SERIES)
    profile = json.loads(run("show", "site", "--data", str(data), "--json").output)
    (series,) = profile["series"]
    assert [(v["as_of"], v["value"]) for v in series["values"]] == [
        ("2025-12-01", "276 MW"),
        ("2026-01-01", "300 MW"),
        ("2026-06-01", "661 MW"),
    ]
    (conflict,) = profile["conflicts"]  # 276 and 300 MW a month apart disagree; 661 is later
    assert conflict["attribute"] == "power"
    printed = run("show", "site", "--data", str(data))
    assert "Series" in printed.output and "2026-06-01" in printed.output
