"""Evidence value by value: every citation says what its quote states, and the quote says it.

The bundled data is audited as a whole (no statement whose quote does not state its value);
the mechanical check is tested on what it must accept and what it must refuse; and the loader
refuses citations that do not say what they state, and values that no citation states.
"""

import pytest

from aigraph.graph.evidence import (
    Verdict,
    audit,
    check,
    names_mentioned,
    numbers_in,
    states_amount,
    states_date,
    unsupported_facts,
)
from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.records import Citation, Source
from aigraph.graph.model.vocabulary import WILDCARD_STATE
from aigraph.loaders import load_curated
from aigraph.loaders.errors import DatasetError


def test_every_bundled_value_cites_only_sources_whose_quote_states_it(curated):
    unsupported = unsupported_facts(curated.dataset)
    assert unsupported == [], "\n".join(
        f"{f.record} {f.fact} [{f.source}]: {f.reason}" for f in unsupported
    )
    verdicts = [f.verdict for f in audit(curated.dataset)]
    assert verdicts.count(Verdict.STATED) > 400  # most statements are checked mechanically


def test_bundled_citations_say_what_they_state_and_never_everything(curated):
    for record in curated.dataset:
        if getattr(record, "origin", "curated") != "curated" or isinstance(record, Source):
            continue
        for citation in record.citations:
            assert WILDCARD_STATE not in citation.states, (record.id, citation.source)
            if record.evidenced:
                assert citation.states, (record.id, citation.source)


def test_a_conflicting_claim_cites_only_the_sources_of_its_own_value(curated):
    from aigraph.queries import conflicts

    (end,) = [c for c in conflicts(curated) if c.attribute == "end"]
    own, *others = end.claims
    assert own.value == "2029-05" and {c.source for c in own.citations} == {"seed-000"}
    for claim in others:
        assert all("2029" in c.quote for c in claim.citations)


@pytest.mark.parametrize(
    ("amount", "quote", "stated"),
    [
        ("1.25B USD/month", "agreed to pay $1.25 billion a month", True),
        ("at least 220000 GPU", "over 220,000 NVIDIA GPUs", True),
        ("at least 220000 GPU", "220,000 NVIDIA GPUs", False),  # no "at least" word
        ("up to 100B USD", "will invest as much as $100 billion", True),
        ("up to 100B USD", "will invest $100 billion", False),
        ("500M GBP", "would invest £500mn into Nscale", True),
        ("about 500000 chips", "nearly half a million Trainium2 chips", True),
        ("at least 1000000 GPU", "millions of Blackwell and Rubin GPUs", True),
        ("6 GW", "to deploy 6 gigawatts of AMD GPUs", True),
        ("6 GW", "to deploy 1 gigawatt of AMD GPUs", False),
        ("14.2B USD", "a contract worth $14.2B", True),
        ("15B USD", "a contract worth $14.2B", False),
    ],
)
def test_an_amount_is_stated_by_its_number_and_hedge(amount, quote, stated):
    assert states_amount(Amount.parse(amount), quote)[0] is stated


def test_numbers_are_read_with_their_scale_words():
    assert numbers_in("$1.25 billion a month, over 220,000 GPUs and £500mn") == [
        1.25e9,
        220000.0,
        5e8,
    ]
    assert numbers_in("a 2GW campus, ten thousand racks")[:1] == [2.0]


def source(published: str) -> Source:
    return Source(
        id="s", title="s", kind="trade-press", url="https://example.org", published=published
    )


@pytest.mark.parametrize(
    ("day", "fact", "quote", "published", "stated"),
    [
        ("2029-05", "term.end", "a contract that extends through May 2029", "2026-05-21", True),
        ("2029-06", "term.end", "a contract that extends through May 2029", "2026-05-21", False),
        ("2026-05-06", "announced", "within the month", "2026-05-06", True),  # published then
        ("2026-05-06", "announced", "within the month", "2026-09-30", False),  # too late
        ("2031", "term.end", "a five-year deal beginning in 2027", "2025-09", True),
        ("2035", "term.end", "a five-year deal beginning in 2027", "2025-09", False),
        ("2025-07-22", "as_of", "2025-07-22", None, True),  # a dataset cell
        ("2025-12-31", "period.end", "lost $6.4 billion last year", "2026-06", True),
    ],
)
def test_a_date_is_stated_by_its_year_and_month_or_by_the_publication(
    day, fact, quote, published, stated
):
    start = PartialDate.parse("2027") if fact == "term.end" else None
    found, _ = states_date(
        PartialDate.parse(day), quote, source(published) if published else None, fact, start
    )
    assert found is stated


def test_a_party_is_named_by_its_name_alias_product_or_facility_city(curated):
    dataset = curated.dataset
    assert names_mentioned("nvidia", "NVIDIA will invest $5 billion", dataset)
    assert names_mentioned("amazon", "runs on AWS", dataset)  # an alias
    assert names_mentioned("anthropic", "Claude competes with Grok", dataset)  # a product
    assert names_mentioned("iren-childress", "at IREN's Childress, Texas campus", dataset)
    assert not names_mentioned("oracle", "OpenAI signed a cloud deal", dataset)


def test_the_check_refuses_a_quote_attached_to_another_value(curated):
    deal = curated.record("meta-coreweave-14b")
    wrong = Citation(source="bisnow-2025-09-30", quote="a $6.3B commitment", states=["value"])
    verdict, reason = check(deal, "value", wrong, curated.dataset)
    assert verdict is Verdict.NOT_STATED and "14.2B" in reason
    right = deal.evidence("value")[0]
    assert check(deal, "value", right, curated.dataset)[0] is Verdict.STATED
    status = deal.evidence("status")[0]
    assert check(deal, "status", status, curated.dataset)[0] is Verdict.READER


def test_a_structure_link_is_stated_only_when_its_quote_names_both(curated):
    findings = [
        f for f in audit(curated.dataset) if f.record == "xai" and f.fact.startswith("structure")
    ]
    assert findings and all(f.verdict is Verdict.STATED for f in findings)


LEASE = """\
deals:
  - id: rent
    kind: compute-lease
    title: Lab rents from Acme
    parties: {customer: lab, provider: acme}
    status: signed
    confidence: high
    value: 10M USD/month
    citations:
      - {source: src, quote: "Lab One pays Acme Cloud $10M a month", CITATION_STATES}
"""


@pytest.mark.parametrize(
    ("states", "message"),
    [
        ("", "does not say which values its quote states"),
        ("states: [parties, status]", "no citation states value"),
        ("states: [parties, status, value, colour]", "states colour, which is not a fact"),
    ],
)
def test_the_loader_refuses_citations_that_do_not_say_what_they_state(
    write_dataset, states, message
):
    text = LEASE.replace(", CITATION_STATES", f", {states}" if states else "")
    with pytest.raises(DatasetError) as raised:
        load_curated(write_dataset(deals=text))
    problem = str(raised.value)
    assert "deals.yaml" in problem and "'rent'" in problem and message in problem


def test_a_claim_needs_its_own_citation_stating_its_value(write_dataset):
    text = LEASE.replace(", CITATION_STATES", ", states: [parties, status, value]")
    bare = text + "    claims:\n      - {end: 2029-12}\n"
    with pytest.raises(DatasetError) as raised:
        load_curated(write_dataset(deals=bare))
    assert "citations" in str(raised.value)
    other = text + (
        "    claims:\n      - end: 2029-12\n        citations:\n"
        '          - {source: src, quote: "worth $1B", states: [reported_total]}\n'
    )
    with pytest.raises(DatasetError, match="state its one attribute"):
        load_curated(write_dataset(deals=other))
    good = text + (
        "    claims:\n      - end: 2029-12\n        citations:\n"
        '          - {source: src, quote: "runs through December 2029", states: [end]}\n'
    )
    assert load_curated(write_dataset(deals=good)).get("rent").claims
