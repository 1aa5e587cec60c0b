"""Readable terminals: query tables fit the width (COLUMNS, also when piped) with no id broken,
--columns picks; report --as-of, --json and --all."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from aigraph.cli import app
from aigraph.queries import circular_financing

runner = CliRunner()


def _piped(*args: str, columns: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = columns
    done = subprocess.run(
        [sys.executable, "-m", "aigraph", *args], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _first_cells(output: str) -> list[str]:
    return [line.split("│")[1].strip() for line in output.splitlines() if line.startswith("│")]


def test_a_narrow_table_keeps_fewer_columns_and_breaks_no_id(curated):
    output = _piped("query", "circular-financing", columns="80")
    lines = output.splitlines()
    assert lines and max(len(line) for line in lines) <= 80
    groups = {m for row in circular_financing(curated) for m in row.members}
    tokens = {t for cell in _first_cells(output) for t in cell.split()}
    assert tokens and tokens <= groups | {"->"}  # every id whole, never cut letter by letter
    assert "more columns:" in output and "--columns" in output
    header = next(line for line in lines if line.startswith("┃"))
    assert "members" in header and "sources" not in header


def test_piped_output_follows_columns_and_defaults_to_160():
    wide = _piped("query", "exposure", columns="230").splitlines()
    default = _piped("query", "exposure", columns=None).splitlines()
    assert max(map(len, default)) <= 160 < max(map(len, wide)) <= 230


def test_columns_picks_the_table_columns():
    result = runner.invoke(app, ["query", "circular-financing", "--columns", "members,window"])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if line.startswith("┃"))
    assert [c.strip() for c in header.strip("┃").split("┃")] == [
        "members",
        "window_start",
        "window_end",
    ]
    wrong = runner.invoke(app, ["query", "circular-financing", "--columns", "membres"])
    assert wrong.exit_code == 2 and "membres" in wrong.output and "window_start" in wrong.output


def test_report_as_of_json_and_all(curated):
    then = json.loads(runner.invoke(app, ["report", "--json", "--as-of", "2024-06"]).output)
    now = json.loads(runner.invoke(app, ["report", "--json"]).output)
    assert then["as_of"] == "2024-06" and now["as_of"] is None
    assert len(then["circular_financing"]) == len(circular_financing(curated, as_of="2024-06"))
    assert len(now["circular_financing"]) == len(circular_financing(curated))
    assert len(then["circular_financing"]) < len(now["circular_financing"])
    assert {"competitor_customers", "contracted_revenue", "conflicts"} <= set(now)
    loops = circular_financing(curated)
    assert len(loops) > 10
    top = runner.invoke(app, ["report"]).output
    every = runner.invoke(app, ["report", "--all"]).output
    assert "more loops: aigraph report --all" in top and "more loops:" not in every

    def loop_lines(output: str) -> int:
        return sum(
            line.startswith("│ ") and "->" in line.split("│")[1] for line in output.splitlines()
        )

    assert loop_lines(every) > loop_lines(top)
    bad = runner.invoke(app, ["report", "--as-of", "2024-13"])
    assert bad.exit_code == 2 and "--as-of" in bad.output
