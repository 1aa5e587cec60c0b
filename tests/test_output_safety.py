"""Output that loses nothing of a user's and cannot be turned against its reader: files written
whole or not at all, symbolic links and existing files left alone without --force, one clear
line for a name or a folder the system refuses, spreadsheet-safe CSV, no control sequence on the
terminal, and neo4j-admin arrays whose items hold the delimiter."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from test_exports import HOSTILE_YAML
from typer.testing import CliRunner

from aigraph.browser_kit import KIT_FILES
from aigraph.cli import app
from aigraph.console import SafeConsole
from aigraph.graph import EmbeddedGraph
from aigraph.graph.outputs.exports import SPARE_DELIMITER, ExportFormat, export
from aigraph.graph.outputs.files import new_folder, replacing, write_atomic
from aigraph.loaders import load_curated
from aigraph.render import rows_csv, spreadsheet_safe

runner = CliRunner()


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".aigraph-"))


def test_a_failed_write_leaves_nothing_and_a_retry_works(tmp_path):
    target = tmp_path / "out.svg"
    with pytest.raises(OSError, match="disk full"), replacing(target) as temporary:
        temporary.write_text("<svg>half")
        raise OSError(28, "disk full")
    assert not target.exists() and leftovers(tmp_path) == []
    write_atomic(target, "<svg/>")
    assert target.read_text() == "<svg/>" and leftovers(tmp_path) == []


def test_a_failed_write_keeps_the_previous_file_whole(tmp_path):
    target = write_atomic(tmp_path / "out.json", '{"old": true}')
    with pytest.raises(RuntimeError), replacing(target) as temporary:
        temporary.write_text('{"new"')
        raise RuntimeError("killed")
    assert target.read_text() == '{"old": true}'


def test_a_failed_folder_export_leaves_no_folder(tmp_path):
    target = tmp_path / "csv"
    with pytest.raises(RuntimeError), new_folder(target) as folder:
        (folder / "nodes.csv").write_text("id:ID\n")
        raise RuntimeError("disk full")
    assert not target.exists() and leftovers(tmp_path) == []


def test_every_writer_refuses_a_dangling_symlink_without_force(tmp_path):
    link = tmp_path / "view.html"
    link.symlink_to(tmp_path / "elsewhere" / "target.html")
    result = runner.invoke(app, ["view", "-o", str(link), "--focus", "spacex"])
    assert result.exit_code == 2 and "symbolic link" in result.output
    assert not (tmp_path / "elsewhere").exists()
    result = runner.invoke(app, ["view", "-o", str(link), "--focus", "spacex", "--force"])
    assert result.exit_code == 0, result.output
    assert not link.is_symlink() and link.read_text().startswith("<!DOCTYPE html>")
    assert not (tmp_path / "elsewhere").exists()  # the link was replaced, not followed
    chart = tmp_path / "chart.svg"
    chart.symlink_to(tmp_path / "nowhere.svg")
    result = runner.invoke(app, ["chart", "exposure", "--provider", "oracle", "-o", str(chart)])
    assert result.exit_code == 2 and "symbolic link" in result.output


def test_browser_kit_does_not_overwrite_a_users_files_without_force(tmp_path):
    folder = tmp_path / "kit"
    folder.mkdir()
    (folder / KIT_FILES[0]).write_text("my own style")
    result = runner.invoke(app, ["browser-kit", "-o", str(folder)])
    assert result.exit_code == 2 and "exists (use --force" in result.output
    assert (folder / KIT_FILES[0]).read_text() == "my own style"
    result = runner.invoke(app, ["browser-kit", "-o", str(folder), "--force"])
    assert result.exit_code == 0 and (folder / KIT_FILES[0]).read_text() != "my own style"


def test_an_output_name_over_255_bytes_is_one_clear_line(tmp_path):
    name = tmp_path / ("x" * 300 + ".html")
    result = runner.invoke(app, ["view", "-o", str(name), "--focus", "spacex"])
    assert result.exit_code == 2 and "File name too long" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_folder_that_is_a_file_is_one_clear_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["browser-kit", "-o", str(blocker / "kit")])
    assert result.exit_code == 2 and "cannot write" in result.output
    assert isinstance(result.exception, SystemExit)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_one_clear_line(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = runner.invoke(app, ["browser-kit", "-o", str(folder)])
        assert result.exit_code == 2 and "Permission denied" in result.output
    finally:
        folder.chmod(0o755)


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped():
    from pydantic import BaseModel

    class Row(BaseModel):
        name: str
        amount: float

    rows = [Row(name=text, amount=-1.5) for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "ok")]
    read = list(csv.reader(io.StringIO(rows_csv(rows, Row))))
    assert [r[0] for r in read[1:]] == ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "' x", "ok"]
    assert {r[1] for r in read[1:]} == {"-1.5"}  # numbers stay numbers
    assert spreadsheet_safe("a\x1b[31mb") == "a[31mb"


def test_control_sequences_in_printed_text_never_reach_the_terminal():
    buffer = io.StringIO()
    console = SafeConsole(file=buffer, force_terminal=True, color_system="standard", width=80)
    console.print("[bold]name:[/] Evil\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\\x07")
    out = buffer.getvalue()
    assert "\x1b]8" not in out and "\x07" not in out and "https://x.example" in out
    assert "\x1b[1m" in out  # rich's own style is still written


def test_neo4j_csv_writes_an_alias_holding_the_array_delimiter(tmp_path):
    directory = tmp_path / "data"
    directory.mkdir()
    (directory / "data.yaml").write_text(HOSTILE_YAML.replace('"it\'s"', '"A; B"'))
    graph = EmbeddedGraph(load_curated(directory))
    files = export(graph, ExportFormat.NEO4J_CSV, tmp_path / "csv")
    script = (tmp_path / "csv" / "import.sh").read_text()
    assert "--array-delimiter=U+001F" in script and all(f.exists() for f in files)
    with (tmp_path / "csv" / "nodes-Organization.csv").open(newline="") as handle:
        rows = {row["id:ID"]: row for row in csv.DictReader(handle)}
    assert rows["hostile"]["aliases:string[]"].split(SPARE_DELIMITER) == ["A; B", "a \\ b"]
    assert rows["hostile"][":LABEL"] == "Organization"
