"""A tracker as an economist keeps it (issue 23): no quote or currency column, "Sep 2025",
"GPU capacity", "Microsoft Azure", a programme-level row beside a contract; and the refusals."""

import json

import pytest
from typer.testing import CliRunner

from aigraph.cli import app
from aigraph.graph.dataset import Dataset
from aigraph.graph.model.vocabulary import KIND_WORDS, Confidence, DealKind
from aigraph.loaders import load_curated
from aigraph.loaders.deals_table import load_deal_tables, read_date
from aigraph.loaders.errors import DatasetError

TRACKER = """\
payer,payee,kind,amount,date,status,source,notes
Microsoft Azure,Nscale,GPU capacity,$6.2B,Sep 2025,signed,https://www.reuters.com/technology/microsoft-nscale-narvik-2025-09-17/,Narvik
Microsoft,Nscale,GPU capacity,up to $24B,Sep 2025,announced,https://nscale.com/news/microsoft-programme,the whole programme
OpenAI,Amazon Web Services,cloud contract,$38B,November 2025,signed,https://www.aboutamazon.com/news/aws/openai,
Acme Labs,Oracle Cloud,TPU capacity,1.2 bn USD,H2 2026,,The Information,
Beta Capital,Acme Labs,loan,Not disclosed,2025,,https://example.com/acme-loan,
Beta Capital,Acme Labs,equity investment,,Q3 2026,rumored,https://example.com/acme?id=7,
"""
runner = CliRunner()


@pytest.fixture(scope="module")
def curated():
    return load_curated()


@pytest.fixture
def tracker(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER)
    return path


@pytest.fixture
def loaded(tracker, curated):
    return load_deal_tables([tracker], curated)


def test_the_tracker_loads_with_the_expected_report(loaded):
    _, report = loaded
    assert report.rows == 6 and report.new == 3
    assert report.matched == ["microsoft-nscale-narvik", "openai-aws-38b"]
    assert report.unknown_amount_rows == [
        "tracker.csv:6 Beta Capital -> Acme Labs (Not disclosed)",
        "tracker.csv:7 Beta Capital -> Acme Labs (empty)",
    ]
    assert report.unknown_amounts == 2
    assert report.without_quote == [f"tracker.csv:{line}" for line in range(2, 8)]
    names = report.organizations
    assert names.resolved["Microsoft Azure"] == "microsoft"  # a curated alias
    assert names.resolved["Amazon Web Services"] == "amazon"
    assert names.resolved["Oracle Cloud"] == "oracle" and names.aliased == {
        "Oracle Cloud": "oracle"
    }
    assert names.created == {"Acme Labs": "acme-labs", "Beta Capital": "beta-capital"}
    assert report.left_out == []


def test_a_programme_row_beside_a_contract_is_flagged_not_attached_silently(loaded):
    dataset, report = loaded
    # "up to $24B" agrees with $6.2B as a ceiling: before, it became a quiet claim on Narvik
    assert report.different_scope == [
        "tracker.csv:3 Microsoft -> Nscale: up to 24B USD is 3.9x microsoft-nscale-narvik "
        "(6.2B USD): probably another scope (a programme against one contract); kept as a "
        "conflicting claim"
    ]
    assert report.conflicting == ["microsoft-nscale-narvik"]
    narvik = dataset.get("microsoft-nscale-narvik")
    assert [str(c.value) for c in narvik.claims if c.value] == ["6.2B USD", "up to 24B USD"]
    assert str(narvik.value) == "6.2B USD"  # the curated value stands; no second deal is made
    assert not [d for d in dataset.deals if d.origin == "deals:tracker.csv" and "nscale" in d.id]


def test_rows_without_a_quote_cite_their_source_with_no_quote_and_are_less_sure(loaded):
    dataset, _ = loaded
    lease = dataset.get("acme-labs-oracle-compute-lease-2026-h2")  # "TPU capacity"
    assert lease.kind is DealKind.COMPUTE_LEASE and lease.confidence is Confidence.LOW_MEDIUM
    (citation,) = lease.citations
    assert citation.source == "the-information"
    assert citation.quote == (
        "(no quote: tracker.csv line 5 cites this source for Acme Labs -> Oracle Cloud, "
        "compute-lease, 1.2 bn USD, H2 2026)"
    )
    assert str(lease.value) == "1.2B USD" and str(lease.announced) == "2026-H2"
    assert lease.announced.precision == "half"
    loan = dataset.get("beta-capital-acme-labs-investment-2025")
    assert loan.amount_text == "Not disclosed" and loan.announced.precision == "year"
    stake = dataset.get("beta-capital-acme-labs-investment-2026-q3")
    assert stake.value is None and stake.status.value == "rumoured"
    assert str(stake.announced) == "2026-Q3"


def test_source_ids_are_read_from_the_url_or_the_name(loaded):
    dataset, _ = loaded
    ids = {
        "reuters-com-technology-microsoft-nscale-narvik-2025-09-17": "https://www.reuters.com/",
        "nscale-com-news-microsoft-programme": "https://nscale.com/news/microsoft-programme",
        "example-com-acme-id-7": "https://example.com/acme?id=7",
        "example-com-acme-loan": "https://example.com/acme-loan",
    }
    for source_id, url in ids.items():
        assert dataset.get(source_id).url.startswith(url)
    assert dataset.get("the-information").title == "The Information (as cited in tracker.csv)"


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("Dec 2025", "2025-12", "month"),
        ("December 2025", "2025-12", "month"),
        ("Sept. 2025", "2025-09", "month"),
        ("Q3 2026", "2026-Q3", "quarter"),
        ("3Q 2026", "2026-Q3", "quarter"),
        ("H2 2026", "2026-H2", "half"),
        ("2026 H2", "2026-H2", "half"),
        ("2025", "2025", "year"),
        ("Dec 5, 2025", "2025-12-05", "day"),
        ("5 December 2025", "2025-12-05", "day"),
        ("12/5/2025", "2025-12-05", "day"),
    ],
)
def test_human_dates_keep_their_precision(text, expected, precision):
    day = read_date(text)
    assert (str(day), day.precision) == (expected, precision)


def test_build_names_the_rows_of_unknown_amounts_and_the_flagged_row(tracker):
    result = runner.invoke(app, ["build", "--deals", str(tracker)], terminal_width=250)
    assert result.exit_code == 0, result.output
    assert "amount unknown or not an amount (2)" in result.output
    assert "tracker.csv:6 Beta Capital -> Acme Labs (Not disclosed)" in result.output
    assert "probably another scope (1)" in result.output
    assert "tracker.csv:3 Microsoft -> Nscale: up to 24B USD is 3.9x" in result.output
    shown = runner.invoke(
        app, ["show", "microsoft-nscale-narvik", "--deals", str(tracker)], terminal_width=250
    )
    assert "https://nscale.com/news/microsoft-programme" in shown.output  # the row's URL


def test_a_table_loads_on_its_own_with_data_none(tracker):
    result = runner.invoke(app, ["build", "--data", "none", "--deals", str(tracker), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)["deals"]
    assert report["matched"] == [] and report["new"] == 6
    created = report["organizations"]["created"]
    # the cloud brands are one company with its plain name, whichever the table writes first
    assert created["Microsoft Azure"] == created["Microsoft"] == "microsoft"
    assert created["Amazon Web Services"] == "amazon" and created["Oracle Cloud"] == "oracle"
    dataset, _ = load_deal_tables([tracker], Dataset([]))
    assert dataset.get("amazon").name == "Amazon"
    assert dataset.get("amazon").aliases == ["Amazon Web Services"]
    assert dataset.get("microsoft").name == "Microsoft"
    assert "--data none" in runner.invoke(app, ["build", "--help"], terminal_width=250).output


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("aliases.csv", "name,id\nMSFT,microsoft\nAcme,acme-labs\n"),
        ("aliases.yaml", "MSFT: microsoft\nAcme: acme-labs\n"),
    ],
)
def test_aliases_name_organizations_the_table_writes_otherwise(tmp_path, curated, name, text):
    table = tmp_path / "t.csv"
    table.write_text(
        "payer,payee,kind,amount,date,source\n"
        "MSFT,Acme Labs,GPU capacity,$1B,2026,https://example.com/a\n"
        "Acme,Oracle,cloud,$2B,2026,https://example.com/b\n"
    )
    aliases = tmp_path / name
    aliases.write_text(text)
    dataset, report = load_deal_tables([table], curated, aliases=aliases)
    assert report.organizations.aliased == {"MSFT": "microsoft", "Acme": "acme-labs"}
    assert report.organizations.created == {"Acme Labs": "acme-labs", "Acme": "acme-labs"}
    assert dataset.get("microsoft-acme-labs-compute-lease-2026").party("customer") == ["microsoft"]
    assert dataset.get("acme-labs-oracle-cloud-commitment-2026").party("customer") == ["acme-labs"]


def test_a_bad_alias_file_is_refused_with_its_line(tmp_path, curated, tracker):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("MSFT,microsoft\nAcme,Acme Labs Inc\nlonely\n")
    with pytest.raises(DatasetError) as raised:
        load_deal_tables([tracker], curated, aliases=aliases)
    assert [(i.file, i.line, i.field) for i in raised.value.issues] == [
        ("aliases.csv", 2, "id"),
        ("aliases.csv", 3, ""),
    ]
    result = runner.invoke(app, ["build", "--deals", str(tracker), "--deals-aliases", str(aliases)])
    assert result.exit_code == 2 and "aliases.csv:2" in result.output


def write(tmp_path, *rows):
    path = tmp_path / "bad.csv"
    path.write_text("payer,payee,kind,amount,date,source\n" + "".join(rows))
    return path


GOOD = "Microsoft,Nscale,GPU capacity,$1B,Dec 2025,https://example.com/good\n"


def test_an_unknown_kind_prints_every_accepted_word(tmp_path, curated):
    path = write(tmp_path, GOOD, "Microsoft,Nscale,friendship,$1B,Dec 2025,https://e.com/x\n")
    with pytest.raises(DatasetError) as raised:
        load_deal_tables([path], curated)
    (issue,) = raised.value.issues
    assert (issue.file, issue.line, issue.field) == ("bad.csv", 3, "kind")
    assert issue.reason.startswith("unknown kind 'friendship'; accepted: compute-lease (lease, ")
    assert "..." not in issue.reason
    for word in [*(kind.value for kind in DealKind), *KIND_WORDS]:
        assert word in issue.reason


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (
            "Microsoft,Nscale,lease,6.2B,Dec 2025,https://e.com/x\n",
            "amount",
            "no currency for '6.2B': a bare number is not assumed to be dollars",
        ),
        (
            "Microsoft,Nscale,lease,$6.2B,Decembre 2025,https://e.com/x\n",
            "date",
            "malformed date 'Decembre 2025' (accepted: YYYY, YYYY-MM, YYYY-MM-DD, M/D/YYYY, "
            "Dec 2025, December 2025",
        ),
        (
            "Microsoft,Nscale,lease,$6.2B,Q5 2026,https://e.com/x\n",
            "date",
            "malformed date 'Q5 2026'",
        ),
        ("Microsoft,Nscale,lease,$6.2B,Dec 2025,\n", "source", "needs a source"),
        ("Microsoft,,lease,$6.2B,Dec 2025,https://e.com/x\n", "payee", "needs a payee"),
    ],
)
def test_a_bad_row_is_located_and_nothing_is_loaded(tmp_path, curated, row, column, reason):
    path = write(tmp_path, GOOD, row)
    with pytest.raises(DatasetError) as raised:
        load_deal_tables([path], curated)
    (issue,) = raised.value.issues
    assert (issue.file, issue.line, issue.field) == ("bad.csv", 3, column)
    assert reason in issue.reason
    result = runner.invoke(app, ["build", "--deals", str(path), "--json"])
    assert result.exit_code == 2 and "bad.csv:3" in result.output and '"deals"' not in result.output


def test_only_six_columns_are_required(tmp_path, curated):
    path = tmp_path / "short.csv"
    path.write_text("payer,payee,kind\nA,B,lease\n")
    with pytest.raises(DatasetError) as raised:
        load_deal_tables([path], curated)
    assert [i.field for i in raised.value.issues] == ["amount", "date", "source"]


def test_every_row_has_its_outcome_and_build_rows_prints_them(loaded, tracker):
    _, report = loaded
    outcomes = [
        (r.row, r.outcome, r.deal, r.amount_read, r.conflicts, r.scope_ratio is not None)
        for r in report.row_outcomes
    ]
    assert outcomes == [
        ("tracker.csv:2", "matched", "microsoft-nscale-narvik", True, False, False),
        ("tracker.csv:3", "matched", "microsoft-nscale-narvik", True, True, True),
        ("tracker.csv:4", "matched", "openai-aws-38b", True, False, False),
        ("tracker.csv:5", "new", "acme-labs-oracle-compute-lease-2026-h2", True, False, False),
        ("tracker.csv:6", "new", "beta-capital-acme-labs-investment-2025", False, False, False),
        ("tracker.csv:7", "new", "beta-capital-acme-labs-investment-2026-q3", False, False, False),
    ]
    result = runner.invoke(app, ["build", "--deals", str(tracker), "--rows"], terminal_width=250)
    assert result.exit_code == 0, result.output
    assert "Deal table rows (6)" in result.output
    assert "Not disclosed [unread]" in result.output
    assert "another scope?" in result.output
    as_json = runner.invoke(app, ["build", "--deals", str(tracker), "--json"])
    rows = json.loads(as_json.output)["deals"]["row_outcomes"]
    assert [row["outcome"] for row in rows] == ["matched"] * 3 + ["new"] * 3
    plain = runner.invoke(app, ["build", "--deals", str(tracker)], terminal_width=250)
    assert "Deal table rows" not in plain.output
