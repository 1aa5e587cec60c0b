"""Bad input gets a clear, located error and nothing half-loaded: the examples of an attack run
(each a regression test), and a seeded fuzz suite over the curated loader, the Epoch loader and
the query parameters (``AIGRAPH_FUZZ_CASES`` sets the number of cases per target; CI runs the
default, 1,000 each)."""

from __future__ import annotations

import os
import random
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aigraph.cli import app
from aigraph.graph import EmbeddedGraph
from aigraph.loaders import load_curated
from aigraph.loaders.epoch import FILES, load_epoch
from aigraph.loaders.errors import DatasetError
from aigraph.queries import QUERIES

runner = CliRunner()
CASES = int(os.environ.get("AIGRAPH_FUZZ_CASES", "1000"))
CITE = '[{source: src, quote: "stated", states: [name]}]'
BASE = f"""\
sources:
  - {{id: src, title: A source, kind: trade-press, url: "https://example.org/a"}}
organizations:
  - {{id: chipco, name: Chipco, aliases: [Chip Co], citations: {CITE}}}
  - {{id: lab, name: Lab, citations: {CITE}}}
deals:
  - id: lab-chips
    kind: chip-supply
    title: Lab buys chips
    parties: {{customer: lab, supplier: chipco}}
    status: signed
    confidence: high
    announced: 2025-03
    value: 3B USD
    citations: [{{source: src, quote: "about it", states: [parties, status, value, announced]}}]
"""


def write(tmp_path: Path, text: str | bytes, name: str = "data.yaml") -> Path:
    directory = tmp_path / "data"
    directory.mkdir(exist_ok=True)
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return directory


def problems(directory: Path) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        load_curated(directory)
    return [str(issue) for issue in caught.value.issues]


def test_the_base_dataset_loads(tmp_path):
    assert len(load_curated(write(tmp_path, BASE))) == 4


# --- curated YAML: each example of the attack run -------------------------------------------


def test_a_byte_that_is_not_utf8_names_its_line_and_column(tmp_path):
    data = BASE.encode().replace(b"Lab buys", b"Lab \xff buys")
    (message,) = problems(write(tmp_path, data))
    assert "data/data.yaml:9" in message and "byte 0xff at line 9, column 16" in message


def test_an_impossible_unquoted_date_is_a_field_error(tmp_path):
    (message,) = problems(
        write(tmp_path, BASE.replace("announced: 2025-03", "announced: 2026-02-30"))
    )
    assert "data/data.yaml:7: deals[0] 'lab-chips'" in message and "field 'announced'" in message
    assert "day is out of range" in message


def test_nesting_is_bounded(tmp_path):
    deep = BASE.replace("title: Lab buys chips", "title: " + "[" * 600 + "]" * 600)
    (message,) = problems(write(tmp_path, deep))
    assert "nested deeper than 64 levels" in message and "data.yaml:9" in message


def test_binary_values_are_refused(tmp_path):
    (message,) = problems(write(tmp_path, BASE.replace("Lab buys chips", "!!binary aGk=")))
    assert "binary (!!binary) values are not accepted" in message and "data.yaml:9" in message


def test_an_alias_that_is_another_organizations_name_names_both(tmp_path):
    text = BASE.replace("name: Lab, citations", "name: Lab, aliases: [chipco], citations")
    (message,) = problems(write(tmp_path, text))
    assert "organizations[1] 'lab'" in message and "field 'aliases.0'" in message
    assert "also the id of organizations[0] 'chipco'" in message


def test_two_organizations_with_one_name_name_both(tmp_path):
    text = BASE.replace("name: Lab,", "name: CHIPCO,")
    (message,) = problems(write(tmp_path, text))
    assert "'CHIPCO' is also the id of organizations[0] 'chipco'" in message


def test_a_deal_whose_two_sides_are_one_organization_is_refused(tmp_path):
    text = BASE.replace("{customer: lab, supplier: chipco}", "{customer: lab, supplier: lab}")
    (message,) = problems(write(tmp_path, text))
    assert "field 'parties'" not in message
    assert "'lab' is a party twice (customer and supplier)" in message


@pytest.mark.parametrize("blank", ["''", "'   '", "'\u200b'", "' \u200d '"])
@pytest.mark.parametrize("field", ["title: Lab buys chips", "name: Lab,", 'quote: "about it"'])
def test_blank_names_titles_and_quotes_are_refused(tmp_path, blank, field):
    key = field.split(":")[0]
    end = "," if field.endswith(",") else ""
    messages = problems(write(tmp_path, BASE.replace(field, f"{key}: {blank}{end}")))
    assert any(f"{key}'" in m for m in messages)  # field 'title', 'citations.0.quote', ...
    assert any("blank" in m or "at least 3 characters" in m for m in messages)


def test_nothing_is_half_loaded_when_one_file_is_bad(tmp_path):
    directory = write(tmp_path, BASE)
    (directory / "more.yaml").write_bytes(b"deals:\n  - id: x\n    title: \xc3\x28\n")
    messages = problems(directory)
    assert len(messages) == 1 and "more.yaml:3" in messages[0]


# --- Epoch CSV -----------------------------------------------------------------------------


@pytest.fixture
def tiny_curated(tmp_path):
    return load_curated(write(tmp_path, BASE))


def epoch_problems(directory: Path, curated) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        load_epoch(directory, curated)
    return [str(issue) for issue in caught.value.issues]


def test_a_latin1_epoch_file_names_the_byte(tmp_path, tiny_curated):
    epoch = tmp_path / "epoch"
    epoch.mkdir()
    (epoch / "gpu_clusters.csv").write_bytes(
        "Name,Status,Owner\nCafé,Existing,Lab\n".encode("latin-1")
    )
    (message,) = epoch_problems(epoch, tiny_curated)
    assert "gpu_clusters.csv:2" in message and "byte 0xe9 at line 2, column 4" in message


def test_a_header_naming_a_column_twice_is_refused(tmp_path, tiny_curated):
    epoch = tmp_path / "epoch"
    epoch.mkdir()
    (epoch / "gpu_clusters.csv").write_text("Name,Status,Owner,Owner\nA,Existing,Lab,Chipco\n")
    (message,) = epoch_problems(epoch, tiny_curated)
    assert "gpu_clusters.csv:1" in message and "'Owner'" in message and "named twice" in message


@pytest.mark.parametrize("number", ["\u0661\u0662\u0663", "1_000", "\uff11\uff12", "0x10"])
def test_numbers_are_ascii(tmp_path, tiny_curated, number):
    epoch = tmp_path / "epoch"
    epoch.mkdir()
    (epoch / "gpu_clusters.csv").write_text(
        f"Name,Status,Owner,H100 equivalents\nA,Existing,Lab,{number}\n", encoding="utf-8"
    )
    (message,) = epoch_problems(epoch, tiny_curated)
    assert "H100 equivalents" in message and "not a number" in message


# --- the command line ----------------------------------------------------------------------


def test_a_year_out_of_range_is_a_parameter_error():
    result = runner.invoke(app, ["query", "circular-financing", "--as-of", "0000"])
    assert result.exit_code == 2 and "year 0 is not 1900-2199" in result.output


def test_output_paths_are_checked(tmp_path):
    existing = tmp_path / "graph.json"
    existing.write_text("{}")
    folder = runner.invoke(app, ["export", "--format", "json", "-o", str(tmp_path)])
    assert folder.exit_code == 2 and "is a folder" in folder.output
    kept = runner.invoke(app, ["export", "--format", "json", "-o", str(existing)])
    assert kept.exit_code == 2 and "use --force" in kept.output and existing.read_text() == "{}"
    forced = runner.invoke(app, ["export", "--format", "json", "-o", str(existing), "--force"])
    assert forced.exit_code == 0 and existing.read_text() != "{}"
    csv_into_file = runner.invoke(app, ["export", "--format", "neo4j-csv", "-o", str(existing)])
    assert csv_into_file.exit_code == 2 and "is a file" in csv_into_file.output


def test_a_write_failure_is_one_line(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    result = runner.invoke(app, ["export", "--format", "json", "-o", str(blocked / "g.json")])
    assert result.exit_code == 2 and result.output.startswith("error: cannot write")
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("query", "option", "value", "hint"),
    [
        ("exposure", "--provider", "oracel", "oracle"),
        ("deals", "--entity", "spacx", "spacex"),
        ("money-paths", "--source", "nvidiaa", "nvidia"),
        ("contracted-revenue", "--provider", "coreweav", "coreweave"),
    ],
)
def test_an_unknown_id_in_a_query_parameter_is_answered_with_near_matches(
    query, option, value, hint
):
    result = runner.invoke(app, ["query", query, option, value])
    assert result.exit_code == 2 and f"did you mean {hint}" in result.output


def test_epoch_url_takes_http_only():
    result = runner.invoke(app, ["build", "--epoch-url", "file:///etc/"])
    assert result.exit_code == 2 and "takes an http:// or https:// URL" in result.output


def test_an_http_neo4j_uri_is_a_parameter_error():
    result = runner.invoke(app, ["neo4j", "check", "--uri", "http://localhost:7474"])
    assert result.exit_code == 2 and "a Neo4j URI starts with bolt://" in result.output


# --- fuzz ----------------------------------------------------------------------------------

NASTY = [
    "",
    "''",
    "'   '",
    "'\u200b'",
    "!!binary aGk=",
    "!!python/object:os.system ls",
    "2026-02-30",
    "0000",
    "20266-01",
    "&a [*a, *a]",
    "*undefined",
    "{",
    "]",
    "[" * 80 + "]" * 80,
    "\t",
    "x" * 700,
    "-1",
    "1e999",
    ".inf",
    ".nan",
    "null",
    "~",
    "\u0661\u0662",
    "1_000",
    "yes",
    "{a: 1, a: 2}",
    "'\\x00'",
    '"\\ud800"',
    "%TAG",
    "---",
    "...",
    "? complex",
    "@at",
    "`tick`",
    "chipco",
    "lab",
    "Chip Co",
    "openai",
    "[lab, lab]",
    "{customer: lab, supplier: lab}",
]
"""Values a careless or hostile user writes: blanks, tags, bad dates, aliases, deep nesting."""


def mutate_text(rng: random.Random, text: str) -> bytes:
    """Return ``text`` with one to three random mutations: a value replaced by a nasty one, a
    line dropped or repeated, bytes flipped or inserted, the encoding changed."""
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        choice = rng.random()
        index = rng.randrange(len(lines))
        if choice < 0.5 and ":" in lines[index]:
            key, _, _ = lines[index].partition(":")
            lines[index] = f"{key}: {rng.choice(NASTY)}"
        elif choice < 0.65:
            del lines[index]
            if not lines:
                lines = [""]
        elif choice < 0.8:
            lines.insert(index, lines[index])
        else:
            lines[index] = lines[index][: rng.randrange(len(lines[index]) + 1)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if rng.random() < 0.15:
        position = rng.randrange(len(data))
        data = data[:position] + bytes([rng.randrange(256)]) + data[position + 1 :]
    if rng.random() < 0.05:
        data = data.decode("utf-8", "replace").encode("utf-16")
    return data


def _located(error: DatasetError) -> bool:
    return bool(error.issues) and all(issue.file and issue.line >= 0 for issue in error.issues)


def test_fuzz_the_curated_loader(tmp_path):
    rng = random.Random(1)
    directory = tmp_path / "data"
    directory.mkdir()
    loaded = refused = 0
    for case in range(CASES):
        (directory / "data.yaml").write_bytes(mutate_text(rng, BASE))
        try:
            dataset = load_curated(directory)
        except DatasetError as error:
            assert _located(error), f"case {case}: an issue without a place"
            refused += 1
            continue
        EmbeddedGraph(dataset).money_flows()  # a successful load builds and queries
        again = load_curated(directory)
        assert [r.model_dump() for r in again] == [r.model_dump() for r in dataset]
        loaded += 1
    assert refused and loaded  # the mutations reach both outcomes


@pytest.mark.parametrize("seed", ["fixtures", "snapshots"])
def test_fuzz_the_epoch_loader(tmp_path, need_shared, tiny_curated, seed):
    """Mutations of the Epoch files (the bundled fixtures; the real snapshots in ../shared when
    present) load or are refused with a place, never crash."""
    if seed == "fixtures":
        directory = Path(__file__).resolve().parent / "fixtures" / "epoch"
    else:
        directory = need_shared("data", "epoch")
    sources = {
        name: "\n".join((directory / name).read_text().splitlines()[:6]) for name in FILES.values()
    }
    rng = random.Random(2)
    epoch = tmp_path / "epoch"
    epoch.mkdir()
    outcomes = {"loaded": 0, "refused": 0}
    for case in range(CASES):
        for path in epoch.iterdir():
            path.unlink()
        name = rng.choice(list(sources))
        (epoch / name).write_bytes(mutate_csv(rng, sources[name]))
        try:
            load_epoch(epoch, tiny_curated)
            outcomes["loaded"] += 1
        except DatasetError as error:
            assert _located(error), f"case {case}: an issue without a place"
            outcomes["refused"] += 1
    assert all(outcomes.values()), outcomes


def mutate_csv(rng: random.Random, text: str) -> bytes:
    """Return a CSV with random cells replaced, rows cut, headers repeated or bytes changed."""
    rows = [line.split(",") for line in text.splitlines()]
    for _ in range(rng.randint(1, 4)):
        row = rng.randrange(len(rows))
        if not rows[row]:
            rows[row] = [""]
        column = rng.randrange(len(rows[row]))
        choice = rng.random()
        if choice < 0.6:
            rows[row][column] = rng.choice([*NASTY, '"', '""', '"a,b"', "\u0661", "1,5", "$"])
        elif choice < 0.75:
            rows[row] = rows[row][: rng.randrange(len(rows[row]) + 1)]
        elif choice < 0.85 and len(rows[0]) > 1:
            at = column % len(rows[0])
            rows[0][at] = rows[0][(at + 1) % len(rows[0])]
        else:
            rows.insert(row, list(rows[row]))
    data = "\n".join(",".join(cells) for cells in rows).encode("utf-8")
    if rng.random() < 0.1:
        data = data.decode("utf-8").encode("latin-1", "replace") + b"\xe9"
    if rng.random() < 0.1:
        position = rng.randrange(len(data))
        data = data[:position] + bytes([rng.randrange(256)]) + data[position:]
    return data


PARAMETER_VALUES = [
    "",
    "0",
    "-1",
    "1e309",
    "nan",
    "inf",
    "10000000000000000000000",
    "0000",
    "2026-13",
    "2026-02-30",
    "2025",
    "2025-Q5",
    "oracle",
    "oracel",
    "nvidia",
    "'; DROP",
    "{x}",
    "true",
    "maybe",
    "signed",
    "SIGNED",
    "high",
    "very-high",
    "\u0661",
    " ",
    "\u200b",
    "x" * 300,
]


def test_fuzz_the_query_parameters(tmp_path):
    """Every parameter of every query, given random values on the command line: exit 0 or 2,
    never a traceback (a small dataset, so that a case costs milliseconds)."""
    data = write(tmp_path, BASE)
    rng = random.Random(3)
    names = sorted(QUERIES)
    cases = max(CASES // 10, 50)  # each case runs the command line: 10x dearer than a load
    for case in range(cases):
        query = QUERIES[rng.choice(names)]
        fields = list(query.params.model_fields)
        args = ["query", query.id, "--data", str(data)]
        for field in rng.sample(fields, k=min(len(fields), rng.randint(1, 3))):
            args += [f"--{field.replace('_', '-')}", rng.choice(PARAMETER_VALUES)]
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 2), f"case {case}: {args} -> {result.exit_code}"
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"case {case}: {args}\n{textwrap.shorten(repr(result.exception), 300)}"
        )


COMMANDS = [
    ["explain", "{id}", "{id}", "--as-of", "{value}"],
    ["explain", "{id}", "{id}", "--window-years", "{value}"],
    ["stress", "--remove", "{id}", "--as-of", "{value}"],
    ["stress", "--remove", "{id}", "--{option}", "{value}"],
    ["hubs", "--{option}", "{value}"],
    ["show", "{id}"],
    ["chart", "flows", "--group", "{id}", "-o", "{path}"],
    ["chart", "timeline", "--group", "{id}", "-o", "{path}"],
    ["view", "--focus", "{id}", "--depth", "{value}", "-o", "{path}"],
    ["query", "circular-financing", "--null-model", "{value}", "--seed", "{value}"],
    ["export", "--format", "{value}", "-o", "{path}"],
]
"""Command lines of the other commands, with holes for ids, option names, values and paths."""


def test_fuzz_the_other_commands(tmp_path):
    """The commands beside `query`, with random ids, options, values and output paths: exit 0
    or 2 with a message, never a traceback."""
    data = write(tmp_path, BASE)
    rng = random.Random(4)
    ids = ["chipco", "lab", "lab-chips", "chipc", "", "src", "\u200b", "../x"]
    options = ["as-of", "min-status", "max-length", "window-years", "mechanism", "nope"]
    paths = [tmp_path / "out.svg", tmp_path / "out.html", tmp_path, tmp_path / "x" / "y.png"]
    for case in range(max(CASES // 20, 30)):
        template = rng.choice(COMMANDS)
        args = [
            part.format(
                id=rng.choice(ids),
                option=rng.choice(options),
                value=rng.choice(PARAMETER_VALUES),
                path=rng.choice(paths),
            )
            for part in template
        ]
        result = runner.invoke(app, [*args, "--data", str(data)])
        assert result.exit_code in (0, 2), f"case {case}: {args} -> {result.exit_code}"
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"case {case}: {args}\n{textwrap.shorten(repr(result.exception), 300)}"
        )
