"""The curated loader: references, and every kind of bad input named by file, record and field."""

import pytest

from aigraph.loaders import DatasetError, load_curated

GOOD_DEAL = """\
deals:
  - id: lab-acme-lease
    kind: compute-lease
    title: Lab rents from Acme
    parties: {customer: Lab One, provider: acme}
    status: signed
    confidence: high
    value: 10M USD/month
    term: {start: 2026-01, end: 2026-12}
    citations: [{source: src, quote: "Lab pays Acme", states: ["*"]}]
"""


def deal_with(field_line: str, replaces: str) -> str:
    """Return GOOD_DEAL with one line replaced."""
    assert replaces in GOOD_DEAL
    return GOOD_DEAL.replace(replaces, field_line)


def load_errors(directory) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        load_curated(directory)
    return [str(issue) for issue in caught.value.issues]


def test_references_resolve_by_id_or_alias(write_dataset):
    dataset = load_curated(write_dataset(deals=GOOD_DEAL))
    deal = dataset.get("lab-acme-lease")
    assert deal.parties["customer"] == ["lab"]  # by name "Lab One"
    assert deal.parties["provider"] == ["acme"]
    assert deal.derived_total().value == pytest.approx(120e6)


@pytest.mark.parametrize(
    ("replacement", "original", "field", "reason"),
    [
        (
            "    parties: {customer: nobody, provider: acme}",
            "    parties: {customer: Lab One, provider: acme}",
            "parties.customer.0",
            "unknown reference 'nobody'",
        ),
        ("    value: -10M USD/month", "    value: 10M USD/month", "value", "negative amount"),
        ("    value: ten million", "    value: 10M USD/month", "value", "malformed amount"),
        (
            "    term: {start: 2026-01, end: 2025-12}",
            "    term: {start: 2026-01, end: 2026-12}",
            "term",
            "end 2025-12 is before start 2026-01",
        ),
        ("    status: singed", "    status: signed", "status", "unknown status 'singed'"),
        (
            "    term: {start: 2026-01, end: Dec 2026}",
            "    term: {start: 2026-01, end: 2026-12}",
            "term.end",
            "malformed date 'Dec 2026'",
        ),
        ("    confidence: certain", "    confidence: high", "confidence", "unknown confidence"),
        (
            '    citations: [{source: nowhere, quote: "Lab pays Acme", states: ["*"]}]',
            '    citations: [{source: src, quote: "Lab pays Acme", states: ["*"]}]',
            "citations.0.source",
            "unknown reference 'nowhere'",
        ),
        ("    valeu: 10M USD/month", "    value: 10M USD/month", "valeu", "unknown field"),
    ],
)
def test_bad_field_is_named_with_file_record_and_reason(
    write_dataset, replacement, original, field, reason
):
    directory = write_dataset(deals=deal_with(replacement, original))
    messages = load_errors(directory)
    assert len(messages) == 1, messages
    message = messages[0]
    assert message.startswith("data/deals.yaml:")
    assert "deals[0] 'lab-acme-lease'" in message
    assert f"field '{field}'" in message
    assert reason in message


def test_error_line_points_into_the_file(write_dataset):
    directory = write_dataset(deals=deal_with("    status: singed", "    status: signed"))
    (message,) = load_errors(directory)
    assert message.startswith("data/deals.yaml:2:")  # the record starts on line 2


def test_duplicate_id_names_both_places(write_dataset):
    directory = write_dataset(deals=GOOD_DEAL, more=GOOD_DEAL)
    (message,) = load_errors(directory)
    assert "data/more.yaml" in message and "field 'id'" in message
    assert "duplicate id (first defined in data/deals.yaml:2" in message


def test_ambiguous_alias_is_reported_not_guessed(write_dataset):
    twins = """\
    organizations:
      - {id: acme-two, name: Acme Two, aliases: [Acme], citations: [{source: src, quote: "another Acme", states: ["*"]}]}
    """
    messages = load_errors(
        write_dataset(deals=GOOD_DEAL.replace("provider: acme", "provider: Acme"), twins=twins)
    )
    assert any("ambiguous reference 'Acme'" in m and "acme, acme-two" in m for m in messages)


def test_all_errors_are_collected_across_files(write_dataset):
    bad_deal = deal_with("    status: singed", "    status: signed")
    bad_org = """\
    organizations:
      - {id: Bad_Id, name: Bad, citations: [{source: src, quote: "bad id here", states: ["*"]}]}
      - {id: no-citation, name: Uncited}
    """
    messages = load_errors(write_dataset(deals=bad_deal, orgs=bad_org))
    assert len(messages) == 3
    assert any("orgs.yaml" in m and "not a lowercase slug" in m for m in messages)
    assert any("orgs.yaml" in m and "cites at least one source" in m for m in messages)
    assert any("deals.yaml" in m and "unknown status" in m for m in messages)


def test_nothing_is_loaded_when_one_record_is_bad(write_dataset):
    directory = write_dataset(deals=GOOD_DEAL)
    assert len(load_curated(directory)) == 4
    (directory / "late.yaml").write_text(
        "organizations:\n  - {id: late, name: Late, roles: [nonsense],"
        ' citations: [{source: src, quote: "a late org", states: ["*"]}]}\n'
    )
    with pytest.raises(DatasetError) as caught:
        load_curated(directory)
    assert len(caught.value.issues) == 1
    assert "unknown roles 'nonsense'" in str(caught.value)


def test_yaml_syntax_errors_and_unknown_sections_are_reported(write_dataset):
    directory = write_dataset(broken="deals: [unclosed\n", odd="widgets:\n  - {id: w}\n")
    messages = load_errors(directory)
    assert any(m.startswith("data/broken.yaml:") and "not valid YAML" in m for m in messages)
    assert any("odd.yaml" in m and "unknown section" in m for m in messages)


def test_duplicate_yaml_keys_are_refused(write_dataset):
    directory = write_dataset(
        deals=GOOD_DEAL.replace(
            "    status: signed\n", "    status: signed\n    status: announced\n"
        )
    )
    (message,) = load_errors(directory)
    assert "duplicate key 'status'" in message


def test_corporate_structure_loops_are_refused(write_dataset):
    loop = """\
    organizations:
      - id: parent-a
        name: A
        structure: [{relation: subsidiary-of, parent: parent-b, citations: [{source: src, quote: "A under B", states: ["*"]}]}]
        citations: [{source: src, quote: "A exists", states: ["*"]}]
      - id: parent-b
        name: B
        structure: [{relation: subsidiary-of, parent: parent-a, citations: [{source: src, quote: "B under A", states: ["*"]}]}]
        citations: [{source: src, quote: "B exists", states: ["*"]}]
    """
    messages = load_errors(write_dataset(loop=loop))
    assert len(messages) == 2 and all("corporate-structure loop" in m for m in messages)


def test_missing_directory_is_an_error(tmp_path):
    (message,) = load_errors(tmp_path / "nowhere")
    assert "no such directory" in message
