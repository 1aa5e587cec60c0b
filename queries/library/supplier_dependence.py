"""supplier-dependence: who depends on a chip maker (default Nvidia), with GPU counts.

Sites that house the maker's chips, the groups that own them and rent them, the groups that buy
chips from the maker, and the maker's share of all chips the graph counts. A site is a facility
with its phases and buildings rolled in (``part_of``, and Epoch's ``builds_upon`` chains); its
count is the latest snapshot of the maker's fleets there, so phases and later recounts of the
same chips are not added up. Planned fleets count only with ``planned``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.amounts import Amount, Qualifier
from aigraph.graph.model.records import ChipModel, Deal, Facility, Fleet
from aigraph.graph.model.vocabulary import (
    COUNT_UNITS,
    DEAL_KINDS,
    RENTED_OFFERINGS,
    FacilityStatus,
    FlowCategory,
    Offering,
    PartyRole,
)
from aigraph.graph.money import group_of
from aigraph.queries.spec import FilterParams, Query, Records

NOT_YET = frozenset(
    {FacilityStatus.PLANNED, FacilityStatus.ANNOUNCED, FacilityStatus.UNDER_CONSTRUCTION}
)
"""Fleets in these states are counted only when planned fleets are asked for."""


class SupplierDependenceParams(FilterParams):
    """Parameters of supplier-dependence."""

    maker: str = Field(default="nvidia", description="The chip maker (an organization id).")
    planned: bool = Field(default=False, description="Count planned and announced fleets too.")


class SupplierDependenceRow(BaseModel):
    """A facility housing the maker's chips, or a group buying them."""

    kind: str
    id: str
    group: str | None
    chip_models: list[str]
    fleets: list[str]
    deals: list[str]
    tenants: list[str]
    gpu_count: float | None
    count_qualifier: str | None
    as_of: str | None
    share_of_maker: float | None
    maker_share_of_graph: float | None


def _day(params: FilterParams) -> str | None:
    return params.as_of.last_day().isoformat() if params.as_of else None


def _records(graph: EmbeddedGraph, params: SupplierDependenceParams) -> Records:
    dataset = graph.dataset
    day = _day(params)
    maker_group = group_of(dataset, params.maker, params.as_of, params.min_confidence)
    records: Records = []
    for fleet in dataset.of_type(Fleet):
        if fleet.status is FacilityStatus.DECOMMISSIONED:
            continue
        if not params.planned and fleet.status in NOT_YET:
            continue
        if day is not None and (fleet.as_of is None or fleet.as_of.first_day().isoformat() > day):
            continue
        if params.min_confidence and not fleet.confidence.at_least(params.min_confidence):
            continue
        chip = dataset.get(fleet.chip_model)
        site = dataset.get(dataset.site_of(fleet.facility))
        assert isinstance(chip, ChipModel) and isinstance(site, Facility)
        records.append(
            {
                "type": "fleet",
                "fleet": fleet.id,
                "facility": site.id,
                "owner_group": group_of(dataset, site.owner, params.as_of, params.min_confidence)
                if site.owner
                else None,
                "chip_model": chip.id,
                "chip_maker_group": group_of(
                    dataset, chip.maker, params.as_of, params.min_confidence
                ),
                "count": fleet.count.value,
                "count_qualifier": fleet.count.qualifier.value,
                "as_of": str(fleet.as_of) if fleet.as_of else None,
                "as_of_last_day": fleet.as_of.last_day().isoformat() if fleet.as_of else "",
            }
        )
    passes = params.flow_filter().passes
    for deal in dataset.of_type(Deal):
        if deal.flow is not FlowCategory.COMMERCIAL:
            continue
        if not passes(dataset, deal):
            continue
        offering = deal.kind.spec.offering
        renting = offering in RENTED_OFFERINGS
        for facility_id in deal.facilities if renting else []:
            for payer in deal.payers():
                records.append(
                    {
                        "type": "tenant",
                        "facility": dataset.site_of(facility_id),
                        "tenant_group": group_of(
                            dataset, payer, params.as_of, params.min_confidence
                        ),
                        "deal": deal.id,
                    }
                )
        if offering is Offering.CHIPS:
            suppliers = {
                group_of(dataset, s, params.as_of, params.min_confidence) for s in deal.payees()
            }
            if maker_group not in suppliers:
                continue
            for customer in deal.party(PartyRole.CUSTOMER):
                records.append(
                    {
                        "type": "supply",
                        "deal": deal.id,
                        "customer_group": group_of(
                            dataset, customer, params.as_of, params.min_confidence
                        ),
                        "quantities": [str(q) for q in deal.quantities],
                    }
                )
    return [{"maker_group": maker_group, **r} for r in records]


def _combined_qualifier(qualifiers: list[str]) -> str:
    for qualifier in (Qualifier.AT_LEAST, Qualifier.ABOUT, Qualifier.UP_TO):
        if qualifier.value in qualifiers:
            return qualifier.value
    return Qualifier.EXACT.value


def _latest_snapshots(fleets: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict]]:
    """Return, per (facility, maker group), the fleets of its latest as-of date."""
    latest: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for fleet in fleets:
        key = (fleet["facility"], fleet["chip_maker_group"])
        current = latest.get(key)
        day = fleet.get("as_of_last_day") or ""  # no date: older than any dated snapshot
        if current is None or day > (current[0].get("as_of_last_day") or ""):
            latest[key] = [fleet]
        elif day == (current[0].get("as_of_last_day") or ""):
            current.append(fleet)
    return latest


def _rows(records: Records, params: SupplierDependenceParams) -> list[SupplierDependenceRow]:
    if not records:
        return []
    maker_group = records[0]["maker_group"]
    fleets = [r for r in records if r["type"] == "fleet"]
    snapshots = _latest_snapshots(fleets)
    all_total = sum(f["count"] for snapshot in snapshots.values() for f in snapshot)
    maker_snapshots = {fac: s for (fac, maker), s in snapshots.items() if maker == maker_group}
    maker_total = sum(f["count"] for s in maker_snapshots.values() for f in s)
    share = maker_total / all_total if all_total else None
    tenants: dict[str, set[str]] = {}
    tenant_deals: dict[str, set[str]] = {}
    for record in records:
        if record["type"] == "tenant":
            tenants.setdefault(record["facility"], set()).add(record["tenant_group"])
            tenant_deals.setdefault(record["facility"], set()).add(record["deal"])
    rows = []
    for facility, snapshot in maker_snapshots.items():
        count = sum(f["count"] for f in snapshot)
        rows.append(
            SupplierDependenceRow(
                kind="facility",
                id=facility,
                group=snapshot[0]["owner_group"],
                chip_models=sorted({f["chip_model"] for f in snapshot}),
                fleets=sorted(f["fleet"] for f in snapshot),
                deals=sorted(tenant_deals.get(facility, set())),
                tenants=sorted(tenants.get(facility, set())),
                gpu_count=count,
                count_qualifier=_combined_qualifier([f["count_qualifier"] for f in snapshot]),
                as_of=snapshot[0]["as_of"],
                share_of_maker=count / maker_total if maker_total else None,
                maker_share_of_graph=share,
            )
        )
    customers: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if record["type"] == "supply":
            customers.setdefault(record["customer_group"], []).append(record)
    for customer, supplies in customers.items():
        amounts = [Amount.parse(q) for s in supplies for q in s.get("quantities") or []]
        chips = [a for a in amounts if a.unit in COUNT_UNITS]
        rows.append(
            SupplierDependenceRow(
                kind="customer",
                id=customer,
                group=customer,
                chip_models=[],
                fleets=[],
                deals=sorted({s["deal"] for s in supplies}),
                tenants=[],
                gpu_count=sum(a.value for a in chips) if chips else None,
                count_qualifier=_combined_qualifier([a.qualifier.value for a in chips])
                if chips
                else None,
                as_of=None,
                share_of_maker=None,
                maker_share_of_graph=share,
            )
        )
    rows.sort(key=lambda r: (r.kind != "facility", -(r.gpu_count or 0.0), r.id))
    return rows


def _kinds(wanted: Callable[[Offering | None], bool]) -> list[str]:
    return sorted(kind.value for kind, spec in DEAL_KINDS.items() if wanted(spec.offering))


def _cypher_parameters(params: SupplierDependenceParams) -> dict[str, Any]:
    return params.cypher_filters() | {
        "maker": params.maker,
        "planned": params.planned,
        "not_yet": sorted(status.value for status in NOT_YET),
        "decommissioned": FacilityStatus.DECOMMISSIONED.value,
        "chip_kinds": _kinds(lambda offering: offering is Offering.CHIPS),
        "rented_kinds": _kinds(lambda offering: offering in RENTED_OFFERINGS),
        "customer_role": PartyRole.CUSTOMER.value,
        "supplier_role": PartyRole.SUPPLIER.value,
        "payer_roles": sorted(
            {
                spec.payer.value
                for spec in DEAL_KINDS.values()
                if spec.flow is FlowCategory.COMMERCIAL and spec.payer
            }
        ),
    }


QUERY = Query(
    id="supplier-dependence",
    title="Supplier dependence",
    description="Facilities, fleets and groups that depend on a chip maker, with GPU counts, "
    "and the maker's share of the chips in the graph.",
    params=SupplierDependenceParams,
    row=SupplierDependenceRow,
    records=_records,
    rows_from_records=_rows,
    cypher_parameters=_cypher_parameters,
    returns="Facility rows (one per site, most chips first) count the latest fleet snapshot of "
    "the maker's chips there (``gpu_count`` with its ``count_qualifier``: at-least when a "
    "source said 'more than'), the owner ``group`` and the ``tenants`` (groups renting it); "
    "customer rows list chip-supply deals. ``maker_share_of_graph`` is the maker's share of "
    "every chip the graph counts.",
    visual_description="Facilities, their fleets and chip models made by the maker, with the "
    "facilities' owners.",
    doctest="""
    >>> from aigraph.graph import EmbeddedGraph
    >>> from aigraph.loaders import load_curated
    >>> rows = supplier_dependence(EmbeddedGraph(load_curated()))
    >>> rows[0].id, rows[0].count_qualifier
    ('colossus-1', 'at-least')
    """,
    parity=({}, {"maker": "amazon"}, {"as_of": "2025-12"}),
    order=5,
)
