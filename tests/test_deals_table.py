"""A researcher's own deal table (``--deals``): messy amounts, names, matches, bad rows."""

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aigraph.cli import app
from aigraph.graph import EmbeddedGraph
from aigraph.graph.model.vocabulary import DealKind, Qualifier, Status, Unit
from aigraph.loaders import load_curated
from aigraph.loaders.curated import CURATED_DIR
from aigraph.loaders.deals_table import (
    NotAnAmount,
    load_deal_tables,
    read_kind,
    read_money,
    read_status,
)
from aigraph.loaders.errors import DatasetError
from aigraph.queries import circular_financing, conflicts

TABLES = Path(__file__).resolve().parent / "fixtures" / "deals"
TABLE = TABLES / "table.csv"
HEADER = "payer,payee,kind,amount,currency,date,status,source,quote\n"
ATLAS = """\
organizations:
  - {id: atlas-cloud, name: Atlas Inc, aliases: [Atlas Cloud], citations: [{source: seed-000, quote: "Atlas Cloud (a test record)", states: [name]}]}
  - {id: atlas-compute, name: Atlas Corp, aliases: [Atlas Compute], citations: [{source: seed-000, quote: "Atlas Compute (a test record)", states: [name]}]}
"""
runner = CliRunner()


@pytest.fixture(scope="module")
def with_atlas(tmp_path_factory):
    """The bundled curated data plus two organizations whose names read "Atlas" without their
    corporate suffix (names and aliases themselves are unique)."""
    directory = tmp_path_factory.mktemp("curated") / "data"
    shutil.copytree(CURATED_DIR, directory)
    (directory / "atlas.yaml").write_text(ATLAS)
    return directory


@pytest.fixture(scope="module")
def loaded(with_atlas):
    return load_deal_tables([TABLE], load_curated(with_atlas))


@pytest.mark.parametrize(
    ("text", "currency", "expected"),
    [
        ("10000000000", "USD", (10e9, Unit.USD, Qualifier.EXACT)),
        ("10B", "usd", (10e9, Unit.USD, Qualifier.EXACT)),
        ("$10 billion", "", (10e9, Unit.USD, Qualifier.EXACT)),
        ("10 bn USD", "", (10e9, Unit.USD, Qualifier.EXACT)),
        ("up to $100B", "", (100e9, Unit.USD, Qualifier.UP_TO)),
        ("more than $10 billion", "", (10e9, Unit.USD, Qualifier.AT_LEAST)),
        ("£500m", "", (500e6, Unit.GBP, Qualifier.EXACT)),
        ("EUR 1.7B", "", (1.7e9, Unit.EUR, Qualifier.EXACT)),
        ("$2,000,000,000", "", (2e9, Unit.USD, Qualifier.EXACT)),
        ("approximately USD 9.7 billion", "", (9.7e9, Unit.USD, Qualifier.ABOUT)),
    ],
)
def test_amounts_are_read_as_people_write_them(text, currency, expected):
    amount = read_money(text, currency)
    assert (amount.value, amount.unit, amount.qualifier) == expected


def test_a_rate_keeps_its_period_and_an_empty_amount_is_unknown():
    assert str(read_money("$1.25B/month")) == "1.25B USD/month"
    assert read_money("") is None and read_money("   ") is None


@pytest.mark.parametrize("text", ["Not disclosed", "10GW of systems", "tens of billions", "n/a"])
def test_text_that_is_no_amount_is_kept_as_text(text):
    with pytest.raises(NotAnAmount):
        read_money(text)


@pytest.mark.parametrize(
    ("text", "currency", "reason"),
    [
        ("10B", "", "no currency"),
        ("$10B", "EUR", "says USD but the currency column says EUR"),
        ("10B", "yen", "unknown currency"),
    ],
)
def test_an_amount_without_a_clear_currency_is_an_error(text, currency, reason):
    with pytest.raises(ValueError, match=reason):
        read_money(text, currency)


def test_kinds_and_statuses_are_read_by_their_names_and_common_words():
    assert read_kind("compute-lease") is DealKind.COMPUTE_LEASE
    assert read_kind("GPU purchase") is DealKind.CHIP_SUPPLY
    assert read_kind("Backstop") is DealKind.GUARANTEE
    assert read_status("closed") is Status.COMPLETED and read_status("") is Status.REPORTED
    with pytest.raises(ValueError, match="unknown kind"):
        read_kind("friendship")


def test_the_table_loads_with_the_expected_report(loaded):
    dataset, report = loaded
    assert report.rows == 56
    assert report.left_out == ["table.csv:40 ('Atlas')"]  # ambiguous: two organizations
    assert report.new == 19 and len(report.matched) == 35
    assert {"microsoft-iren-childress", "meta-coreweave-14b", "nvidia-anthropic-10b"} <= set(
        report.matched
    )
    # same parties but another kind is a new deal: the table's lease is no curated guarantee
    assert "nvidia-coreweave-cloud-commitment-2025-09" in {leg.deal for leg in report.largest_new}
    assert "meta-coreweave-14b" in report.conflicting  # $15.5B against up to $14.2B
    assert "microsoft-iren-childress" not in report.conflicting  # the table agrees
    assert report.unknown_amounts == 7
    created = report.organizations.created
    assert set(created) == {
        "Perplexity",
        "Saudi PIF",
        "Qatar Investment Authority",
        "Morgan Stanley",
    }
    assert created["Saudi PIF"] == "saudi-pif"
    assert dataset.get("saudi-pif").origin == "deals:table.csv"
    resolved = report.organizations.resolved
    assert resolved["Mistral AI"] == "mistral" and resolved["Cipher Mining"] == "cipher-mining"
    assert report.largest_new[0].amount == "50B USD"
    assert report.largest_new[0].usd >= report.largest_new[1].usd


def test_rows_become_deals_with_their_amount_or_amount_text(loaded):
    dataset, _ = loaded
    hosted = dataset.get("anthropic-hut-8-compute-lease-2025-12")
    assert hosted.value is None and hosted.amount_text == "Not disclosed"
    assert hosted.origin == "deals:table.csv" and hosted.citations[0].quote.endswith("(fixture)")
    backstop = dataset.get("google-terawulf-backstop")  # "backstop" read as a guarantee
    assert backstop.kind is DealKind.GUARANTEE and backstop.party("guarantor") == ["google"]
    assert [c.value.value for c in backstop.claims if c.value] == [3.2e9]  # curated: $1.8B
    us_date = dataset.get("microsoft-openai-2023")  # 1/23/2023 matched the curated deal
    assert any(c.value and c.value.value == 10e9 for c in us_date.claims)


def test_a_row_matching_a_curated_deal_is_a_claim_beside_it(loaded):
    dataset, _ = loaded
    graph = EmbeddedGraph(dataset)
    (value,) = [c for c in conflicts(graph, record="meta-coreweave-14b") if c.attribute == "value"]
    assert [c.value for c in value.claims] == ["up to 14.2B USD", "15.5B USD"]
    assert value.claims[1].citations[0].source == "example-org-t-2"  # the row's URL, readable


def test_the_new_legs_take_part_in_the_queries(loaded):
    dataset, _ = loaded
    rows = circular_financing(EmbeddedGraph(dataset))
    (loop,) = [row for row in rows if row.members == ["lambda", "nvidia"]]
    assert loop.time_respecting  # Nvidia invests (2024-02), Lambda buys its GPUs (2025-10)


def test_other_header_names_are_mapped(with_atlas):
    columns = "payer=From,payee=To,kind=Type,amount=Value,currency=Cur,date=When,"
    columns += "status=Stage,source=Link,quote=Excerpt"
    dataset, report = load_deal_tables([TABLES / "mapped.tsv"], load_curated(with_atlas), columns)
    assert report.rows == 2 and report.new == 1
    assert report.matched == ["nvidia-lambda-rentback-4yr"]  # the $1.5B row is a claim on it
    rentback = dataset.get("nvidia-lambda-rentback-4yr")
    assert [c.value.value for c in rentback.claims if c.value] == [1.5e9]
    assert dataset.get("lambda-microsoft-compute-lease-2025-11").party("customer") == ["lambda"]


def write_table(tmp_path, *rows, header=HEADER, name="bad.csv"):
    path = tmp_path / name
    path.write_text(header + "".join(rows))
    return path


GOOD = "Nvidia,Lambda,lease,$1B,,2025-09,signed,https://example.org/x,a quote\n"


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (
            "Nvidia,Lambda,friendship,$1B,,2025-09,signed,https://e.org/x,a quote\n",
            "kind",
            "unknown kind",
        ),
        (
            "Nvidia,Lambda,lease,$1B,,2025-13,signed,https://e.org/x,a quote\n",
            "date",
            "malformed date",
        ),
        (
            "Nvidia,Lambda,lease,$1B,,2025-09,singed,https://e.org/x,a quote\n",
            "status",
            "unknown status",
        ),
        (
            "Nvidia,Lambda,lease,10B,,2025-09,signed,https://e.org/x,a quote\n",
            "amount",
            "no currency",
        ),
        (
            "Nvidia,Lambda,lease,$1B,yen,2025-09,signed,https://e.org/x,a quote\n",
            "amount",
            "currency",
        ),
        ("Nvidia,Lambda,lease,$1B,,2025-09,signed,,q\n", "source", "needs a source"),
        (",Lambda,lease,$1B,,2025-09,signed,https://e.org/x,a quote\n", "payer", "needs a payer"),
        ("Nvidia,Lambda,lease,$1B,,2025-09,signed,https://e.org/x,q\n", "quote", "3 characters"),
    ],
)
def test_a_bad_row_stops_the_load_naming_file_line_and_column(tmp_path, row, column, reason):
    path = write_table(tmp_path, GOOD, row)
    with pytest.raises(DatasetError) as raised:
        load_deal_tables([path], load_curated())
    (issue,) = raised.value.issues
    assert (issue.file, issue.line, issue.field) == ("bad.csv", 3, column)
    assert reason in issue.reason


def test_a_missing_column_and_an_unreadable_file_are_reported(tmp_path):
    path = write_table(tmp_path, GOOD, header="payer,payee,kind,amount\n")
    with pytest.raises(DatasetError, match="required column missing"):
        load_deal_tables([path], load_curated())
    with pytest.raises(DatasetError, match="cannot read"):
        load_deal_tables([tmp_path / "absent.csv"], load_curated())
    with pytest.raises(DatasetError, match="NAME=HEADER"):
        load_deal_tables([path], load_curated(), "colour=Hue")


def test_build_prints_the_coverage_report_and_bad_input_exits_2(tmp_path):
    result = runner.invoke(app, ["build", "--deals", str(TABLE)])
    assert result.exit_code == 0, result.output
    assert "Deal tables: table.csv" in result.output and "new deals" in result.output
    summary = json.loads(runner.invoke(app, ["build", "--deals", str(TABLE), "--json"]).output)
    assert summary["deals"]["rows"] == 56
    # an unknown "Atlas" becomes an organization of the table when nothing makes it ambiguous
    assert "Atlas" in summary["deals"]["organizations"]["created"]
    both = runner.invoke(
        app,
        [
            "build",
            "--deals",
            str(TABLE),
            "--deals",
            str(write_table(tmp_path, GOOD, name="more.csv")),
            "--json",
        ],
    )
    assert json.loads(both.output)["deals"]["files"] == ["table.csv", "more.csv"]
    bad = write_table(tmp_path, "Nvidia,Lambda,lease,$1B,,2025-13,signed,https://e.org/x,a quote\n")
    failed = runner.invoke(app, ["report", "--deals", str(bad)])
    assert failed.exit_code == 2 and "bad.csv:2" in failed.output
    assert "Traceback" not in failed.output
