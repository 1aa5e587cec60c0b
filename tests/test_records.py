import pytest
from pydantic import ValidationError

from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.records import Deal, Fleet, Organization, Source
from aigraph.graph.model.vocabulary import Confidence, Status

CITE = [{"source": "s", "quote": "a short quote", "states": ["*"]}]
"""A citation of a dataset row: it states every value (these tests are not about evidence)."""


def lease(**overrides):
    data = {
        "id": "lease",
        "kind": "compute-lease",
        "title": "A lease",
        "parties": {"customer": "lab", "provider": "cloud"},
        "status": "signed",
        "confidence": "high",
        "citations": CITE,
    }
    data.update(overrides)
    return Deal.model_validate(data)


def test_derived_total_is_rate_times_term():
    deal = lease(value="150M USD/month", term={"start": "2026-07", "end": "2029-05"})
    assert deal.derived_total().value == pytest.approx(5.25e9)
    anthropic = lease(value="1.25B USD/month", term={"start": "2026-05", "end": "2029-05"})
    assert anthropic.derived_total().value == pytest.approx(46.25e9)
    yearly = lease(value="12M USD/year", term={"start": "2026-01", "end": "2027-06"})
    assert yearly.derived_total().value == pytest.approx(18e6)


def test_reported_total_is_kept_beside_the_derived_one():
    deal = lease(
        value="150M USD/month",
        term={"start": "2026-07", "end": "2029-05"},
        reported_total="more than 6B USD",
    )
    assert deal.derived_total().value == pytest.approx(5.25e9)
    assert deal.reported_total.value == 6e9
    assert deal.total_value() == deal.derived_total()


def test_no_derived_total_without_a_term_end_or_for_one_off_values():
    assert lease(value="150M USD/month", term={"start": "2026-07"}).derived_total() is None
    assert lease(value="22.4B USD").derived_total().value == 22.4e9
    assert lease(reported_total="6B USD").total_value().value == 6e9
    assert lease().total_value() is None


def test_roles_must_fit_the_deal_kind():
    with pytest.raises(ValidationError, match="needs a provider party"):
        lease(parties={"customer": "lab"})
    with pytest.raises(ValidationError, match="role 'investor' does not fit"):
        lease(parties={"customer": "lab", "provider": "c", "investor": "x"})


def test_value_must_be_money_and_totals_one_off():
    with pytest.raises(ValidationError, match="value must be money"):
        lease(value="6 GW")
    with pytest.raises(ValidationError, match="reported_total must be a one-off"):
        lease(reported_total="1B USD/month")


def test_term_end_before_start_is_refused():
    with pytest.raises(ValidationError, match="end 2026-06 is before start 2026-07"):
        lease(term={"start": "2026-07", "end": "2026-06"})


def test_every_record_cites_a_source_except_sources_and_markets():
    with pytest.raises(ValidationError, match="cites at least one source"):
        Organization.model_validate({"id": "x", "name": "X"})
    assert Source.model_validate({"id": "s", "title": "t", "kind": "trade-press", "url": "u"})


@pytest.mark.parametrize("bad_id", ["SpaceX", "space_x", "-x", "x--y"])
def test_ids_are_lowercase_slugs(bad_id):
    with pytest.raises(ValidationError, match="slug"):
        Organization.model_validate({"id": bad_id, "name": "X", "citations": CITE})


@pytest.mark.parametrize("blank", ["", "   ", "\u200b", " \u200d\ufeff ", "\u00ad"])
@pytest.mark.parametrize("field", ["id", "name"])
def test_blank_text_is_refused_in_any_field(blank, field):
    record = {"id": "x", "name": "X", "citations": CITE} | {field: blank}
    with pytest.raises(ValidationError, match="blank text"):
        Organization.model_validate(record)
    with pytest.raises(ValidationError, match="blank item"):
        Organization.model_validate({"id": "x", "name": "X", "citations": CITE, "aliases": [blank]})
    quote = [{"source": "s", "quote": f"{blank}{blank}{blank}", "states": ["name"]}]
    with pytest.raises(ValidationError):
        Organization.model_validate({"id": "x", "name": "X", "citations": quote})


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError, match="Extra inputs"):
        lease(amount="1B USD")


def test_a_claim_sets_exactly_one_attribute():
    with pytest.raises(ValidationError, match="exactly one of"):
        lease(claims=[{"end": "2029-12", "start": "2026-01", "citations": CITE}])
    with pytest.raises(ValidationError, match="exactly one of"):
        lease(claims=[{"citations": CITE}])


def test_fleet_counts_chips():
    fleet = Fleet.model_validate(
        {
            "id": "f",
            "facility": "dc",
            "chip_model": "h100",
            "count": "more than 220000 GPU",
            "as_of": "2026-05",
            "confidence": "high",
            "citations": CITE,
        }
    )
    assert fleet.count.bounds() == (220000, float("inf"))
    with pytest.raises(ValidationError, match="counts GPU or chips"):
        fleet.model_validate({**fleet.model_dump(), "count": "300 MW"})


def test_deal_in_force_at_an_as_of_date():
    deal = lease(announced="2025-01", term={"start": "2025-03", "end": "2025-12"})
    assert deal.in_force(None)
    assert deal.in_force(PartialDate.parse("2025-06"))
    assert not deal.in_force(PartialDate.parse("2024-12"))
    assert not deal.in_force(PartialDate.parse("2026-01"))


def test_status_and_confidence_order():
    assert Status.SIGNED.at_least(Status.ANNOUNCED)
    assert not Status.REPORTED.at_least(Status.SIGNED)
    assert not Status.TERMINATED.at_least(Status.RUMOURED)
    assert Confidence.MEDIUM_HIGH.at_least(Confidence.MEDIUM)
    assert not Confidence.LOW_MEDIUM.at_least(Confidence.MEDIUM)
