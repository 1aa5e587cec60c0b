"""Meaning checked at load: records that are each well formed but say something impossible
(a loop of supersession, an end before a start, a rate in another currency, an amount whose
printed form does not read back, a control character in a name) are refused with an error
naming the file, the record and the field, and nothing is loaded."""

from __future__ import annotations

import json
import math
import os
import random
from pathlib import Path

import pytest
from test_hardening import BASE, problems, write
from typer.testing import CliRunner

from aigraph.cli import app
from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.coherence import cycles
from aigraph.loaders import load_curated
from aigraph.loaders.deals_table import load_deal_tables
from aigraph.loaders.epoch import load_epoch
from aigraph.loaders.errors import DatasetError

runner = CliRunner()
CITED = 'citations: [{source: src, quote: "Lab and Chipco at 3B", states: [parties, status]}]'


def deal(deal_id: str, extra: str = "", kind: str = "chip-supply") -> str:
    """Return a deal record (YAML) between lab and chipco with ``extra`` fields."""
    roles = "{customer: lab, supplier: chipco}"
    if kind == "investment":
        roles = "{investor: lab, investee: chipco}"
    if kind == "compute-lease":
        roles = "{customer: lab, provider: chipco}"
    lines = [
        f"  - id: {deal_id}",
        f"    kind: {kind}",
        "    title: A deal",
        f"    parties: {roles}",
        "    status: signed",
        "    confidence: high",
        *(f"    {line}" for line in extra.strip().splitlines()),
        f"    {CITED}",
    ]
    return "\n".join(lines) + "\n"


def only_problem(tmp_path: Path, text: str) -> str:
    found = problems(write(tmp_path, text))
    assert len(found) == 1, found
    return found[0]


def test_a_deal_that_supersedes_itself_is_refused(tmp_path):
    message = only_problem(tmp_path, BASE + deal("again", "supersedes: again"))
    assert "deals[1] 'again'" in message and "field 'supersedes'" in message
    assert "cannot supersede itself" in message


def test_deals_that_supersede_each_other_in_a_circle_are_refused(tmp_path):
    text = BASE + deal("one", "supersedes: two") + deal("two", "supersedes: three")
    text += deal("three", "supersedes: one")
    text = text.replace("states: [parties, status]", "states: [parties, status, supersedes]")
    message = only_problem(tmp_path, text)
    assert "deals[1] 'one'" in message and "field 'supersedes'" in message
    assert "supersession loop: one -> two -> three -> one" in message


def test_a_structure_link_that_ends_before_it_starts_is_refused(tmp_path):
    text = BASE.replace(
        "  - {id: lab, name: Lab, citations: "
        + '[{source: src, quote: "stated", states: [name]}]}',
        "  - id: lab\n    name: Lab\n    citations: [{source: src, quote: x12, states: [name]}]\n"
        "    structure: [{relation: subsidiary-of, parent: chipco, since: 2025-06,"
        " until: 2024-01, citations: [{source: src, quote: Lab joined Chipco}]}]",
    )
    (message,) = [m for m in problems(write(tmp_path, text)) if "structure" in m]
    assert "organizations[1] 'lab'" in message and "field 'structure.0'" in message
    assert "until 2024-01 is before since 2025-06" in message


def test_an_affiliation_that_ends_before_it_starts_is_refused(tmp_path):
    text = BASE + (
        "people:\n  - id: boss\n    name: Boss\n    citations: [{source: src, quote: Boss of Lab,"
        " states: [name, affiliations]}]\n    affiliations: [{organization: lab, role: CEO,"
        " since: 2025, until: 2023}]\n"
    )
    message = only_problem(tmp_path, text)
    assert "people[0] 'boss'" in message and "field 'affiliations.0'" in message
    assert "until 2023 is before since 2025" in message


def test_a_claimed_end_before_the_terms_start_is_refused(tmp_path):
    extra = (
        "term: {start: 2026-01, end: 2028-01}\n"
        "claims: [{end: 2025-01, citations: [{source: src, quote: ends in 2025}]}]"
    )
    message = only_problem(tmp_path, BASE + deal("late", extra))
    assert "deals[1] 'late'" in message and "field 'claims'" in message
    assert "end 2025-01 is before the term's start 2026-01" in message


def test_an_exit_before_the_investment_is_refused(tmp_path):
    extra = "announced: 2025-06\nexited: 2024-02"
    text = BASE + deal("stake", extra, kind="investment").replace(
        "states: [parties, status]", "states: [parties, status, announced, exited]"
    )
    message = only_problem(tmp_path, text)
    assert "deals[1] 'stake'" in message and "field 'exited'" in message
    assert "exited 2024-02 is before the deal began (2025-06)" in message


LEASE = (
    "value: 3M USD/month\nterm: {start: 2026-01, end: 2027-12}\nramp: {until: 2026-06, rate: RATE}"
)


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("1M EUR/month", "is in EUR, the deal's value 3M USD/month in USD"),
        ("10 GPU/month", "is in GPU, the deal's value 3M USD/month in USD"),
        ("1M USD", "is one-off: a ramp's rate is per month or per year"),
    ],
)
def test_a_ramp_rate_that_does_not_add_to_the_deals_money_is_refused(tmp_path, rate, expected):
    extra = LEASE.replace("RATE", rate)
    text = BASE + deal("lease", extra, kind="compute-lease").replace(
        "states: [parties, status]", "states: [parties, status, value, term, ramp]"
    )
    message = only_problem(tmp_path, text)  # a one-off rate was a TypeError
    assert "deals[1] 'lease'" in message and "field 'ramp'" in message and expected in message


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("2000T USD", "too large to be written back"),
        ("0.00001 USD", "too small to be written back"),
        ("1e400 USD", "finite"),
    ],
)
def test_an_amount_whose_printed_form_does_not_read_back_is_refused(tmp_path, amount, expected):
    message = only_problem(tmp_path, BASE.replace("value: 3B USD", f"value: {amount}"))
    assert "deals[0] 'lab-chips'" in message and "field 'value.value'" in message
    assert expected in message


def test_every_accepted_amount_prints_a_form_that_reads_back():
    for value in (0, 1e-4, 0.00012345, 1, 999.4, 1e12, 999.4e12):
        amount = Amount(value=value, unit="USD")
        again = Amount.parse(str(amount))
        assert math.isclose(again.value, value, rel_tol=5e-3), (value, str(amount))
    with pytest.raises(ValueError, match="finite"):
        Amount.model_validate(json.loads('{"value": Infinity, "unit": "USD"}'))


def test_a_facility_part_of_itself_or_in_a_circle_is_refused(tmp_path):
    facility = (
        "  - {{id: {id}, name: {name}, {field}: {target}, citations: [{{source: src,"
        ' quote: "{name} and {target_name}", states: [{field}]}}]}}\n'
    )
    text = (
        BASE
        + "facilities:\n"
        + facility.format(
            id="site-a", name="Site A", field="part_of", target="site-a", target_name="Site A"
        )
    )
    message = only_problem(tmp_path, text)
    assert "facilities[0] 'site-a'" in message and "field 'part_of'" in message
    assert "cannot be part_of itself" in message
    text = BASE + "facilities:\n"
    text += facility.format(
        id="phase-1", name="Phase 1", field="builds_upon", target="phase-2", target_name="Phase 2"
    )
    text += facility.format(
        id="phase-2", name="Phase 2", field="builds_upon", target="phase-1", target_name="Phase 1"
    )
    message = only_problem(tmp_path, text)
    assert "'phase-1'" in message and "builds_upon loop: phase-1 -> phase-2 -> phase-1" in message


def test_an_epoch_builds_upon_loop_is_dropped_and_reported(tmp_path):
    directory = tmp_path / "epoch"
    directory.mkdir()
    (directory / "gpu_clusters.csv").write_text(
        "Name,Status,Builds Upon\nLoop A,Existing,Loop B\nLoop B,Existing,Loop A\n"
        "Self,Existing,Self\n"
    )
    dataset, report = load_epoch(directory, load_curated())
    assert report.looping_chains == {
        "epoch-loop-b": "epoch-loop-a -> epoch-loop-b -> epoch-loop-a",
        "epoch-self": "epoch-self -> epoch-self",
    }
    assert dataset.get("epoch-loop-a").builds_upon == "epoch-loop-b"
    assert dataset.get("epoch-loop-b").builds_upon is None
    assert dataset.get("epoch-self").builds_upon is None


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x07", "\x0b", "\x9b"])
def test_control_characters_in_names_and_text_are_refused(tmp_path, character):
    text = BASE.replace("name: Chipco", f'name: "Chip{json.dumps(character)[1:-1]}co"')
    (message,) = [m for m in problems(write(tmp_path, text)) if "field 'name'" in m]
    assert "organizations[0] 'chipco'" in message
    assert f"control character U+{ord(character):04X}" in message


def test_control_characters_in_a_deal_table_are_stripped(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(
        "payer,payee,kind,amount,currency,date,status,source,quote,confidence\n"
        "Lab\x1b[31m,Chipco,investment,$1B,,2025-01-01,signed,https://e.org/a,Lab put $1B,high\n"
    )
    dataset, _ = load_deal_tables([table], load_curated(write(tmp_path, BASE)))
    names = [o.name for o in dataset.organizations]
    assert "Lab[31m" in names and not any("\x1b" in name for name in names)


def test_a_deal_table_end_before_the_matched_deals_start_is_refused(tmp_path):
    text = BASE.replace("announced: 2025-03", "announced: 2025-03\n    term: {start: 2025-03}")
    text = text.replace("states: [parties, status, value, announced]", "states: '*'")
    table = tmp_path / "t.csv"
    table.write_text(
        "payer,payee,kind,amount,currency,date,status,source,quote,confidence,end\n"
        "Lab,Chipco,chip-supply,$3B,,2025-03-01,signed,https://e.org/a,Lab buys $3B,high,2024-01\n"
    )
    with pytest.raises(DatasetError) as caught:
        load_deal_tables([table], load_curated(write(tmp_path, text)))
    assert "t.csv:2" in str(caught.value) and "end 2024-01 is before the start 2025-03" in str(
        caught.value
    )


def test_a_quote_that_states_nothing_it_is_cited_for_is_a_build_warning(tmp_path):
    text = BASE.replace('quote: "about it"', 'quote: "The weather was nice."')
    text = text.replace(CITED, "")
    directory = write(tmp_path, text)
    dataset = load_curated(directory)
    (warning,) = [w for w in dataset.derived["quote_warnings"] if "lab-chips" in w]
    assert "field 'citations.0'" in warning and "states none of the values" in warning
    result = runner.invoke(app, ["build", "--data", str(directory), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert any("lab-chips" in line for line in summary["quote_warnings"])


def test_a_quote_that_states_some_values_is_a_partial_warning(tmp_path):
    text = BASE.replace('quote: "about it"', 'quote: "Lab and Chipco, a deal"')
    dataset = load_curated(write(tmp_path, text))
    (warning,) = [w for w in dataset.derived["quote_warnings"] if "lab-chips" in w]
    assert "does not state every value" in warning and "value:" in warning


def test_cycles_finds_each_loop_once():
    assert cycles({"a": ["b"], "b": ["a"], "c": ["a"]}) == [["a", "b"]]
    assert cycles({"a": ["b"], "b": []}) == []


# --- semantic fuzz: each case is well formed but says one impossible thing ------------------

CASES = int(os.environ.get("AIGRAPH_FUZZ_CASES", "1000")) // 5


def _semantic_mutation(rng: random.Random) -> str:
    """Return BASE with one meaningless statement of a random class, in a random form."""
    year = rng.randint(2000, 2030)
    control = rng.choice(["\\x00", "\\x07", "\\x1b", "\\x0b", "\\x7f", "\\x85", "\\x9b"])
    text = BASE.replace("states: [parties, status, value, announced]", "states: '*'")
    choice = rng.randrange(7)
    if choice == 0:
        return text.replace("    value: 3B USD", "    value: 3B USD\n    supersedes: lab-chips")
    if choice == 1:
        big = rng.choice(["2000T", "1e16", "999.6T", "1e400", "0.00001", "0.00009", "1e-9"])
        return text.replace("value: 3B USD", f"value: {big} {rng.choice(['USD', 'EUR', 'GBP'])}")
    if choice == 2:
        return (
            text.replace(
                "announced: 2025-03",
                f"announced: {year}-06\n    exited: {year - rng.randint(1, 5)}",
            )
            .replace("kind: chip-supply", "kind: investment")
            .replace("{customer: lab, supplier: chipco}", "{investor: lab, investee: chipco}")
        )
    if choice == 3:
        unit = rng.choice(["1M EUR/month", "5 GPU/month", "2M GBP/year", "1M USD", "3 MW/month"])
        return (
            text.replace(
                "value: 3B USD",
                f"value: 3M USD/month\n    term: {{start: {year}-01, end: {year + 2}-01}}\n"
                f"    ramp: {{until: {year}-06, rate: {unit}}}",
            )
            .replace("kind: chip-supply", "kind: compute-lease")
            .replace("supplier: chipco", "provider: chipco")
        )
    if choice == 4:
        return text.replace(
            "announced: 2025-03",
            f"announced: 2025-03\n    term: {{start: {year}-01}}\n    claims: [{{end: "
            f"{year - rng.randint(1, 9)}-12, citations: [{{source: src, quote: it ends}}]}}]",
        )
    if choice == 5:
        field = rng.choice(["name: Chipco", "title: Lab buys chips", "name: Lab"])
        head, tail = field.split(": ")
        cut = rng.randint(0, len(tail))
        return text.replace(field, f'{head}: "{tail[:cut]}{control}{tail[cut:]}"', 1)
    return text + (
        "facilities:\n"
        + "".join(
            f"  - {{id: f{n}, name: F{n}, builds_upon: f{(n + 1) % 3}, citations: [{{source: "
            f"src, quote: F{n} and F{(n + 1) % 3}, states: ['*']}}]}}\n"
            for n in range(3)
        )
    )


@pytest.mark.parametrize("seed", range(CASES))
def test_semantic_fuzz_is_refused_with_a_located_error(tmp_path, seed):
    text = _semantic_mutation(random.Random(seed))
    with pytest.raises(DatasetError) as caught:  # any other exception fails the test
        load_curated(write(tmp_path, text))
    assert all("data/data.yaml" in str(issue) for issue in caught.value.issues)


def test_a_deal_table_amount_that_does_not_read_back_is_one_located_line(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(
        "payer,payee,kind,amount,currency,date,status,source,quote\n"
        "Lab,Chipco,investment,$2000T,,2025-01-01,signed,Note,a quote\n"
        "Lab,Chipco,investment,0.00001,USD,2025-01-01,signed,Note,a quote\n"
    )
    with pytest.raises(DatasetError) as caught:
        load_deal_tables([table], load_curated(write(tmp_path, BASE)))
    first, second = (str(issue) for issue in caught.value.issues)
    assert first.startswith("t.csv:2: row 2: field 'amount': amount 2e+15 is too large")
    assert second.startswith("t.csv:3: row 3: field 'amount': amount 1e-05 is too small")
    assert "\n" not in first + second
