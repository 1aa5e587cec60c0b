"""stress: what breaks if a group walks away. Its deals are taken out of the money flow, and
the providers and funded groups that lose revenue, funding or backing are ranked, beside the
circular-financing loops that break.

Built on the exposure and circular-financing queries (same filters, same rows), so a loss here
is exactly the difference between two exposure tables and a broken loop is a row that
circular-financing prints with the group as a member.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.vocabulary import ExposureSide, Mechanism, PartyRole
from aigraph.graph.money import group_of
from aigraph.queries.library.circular_financing import QUERY as CIRCULAR_FINANCING
from aigraph.queries.library.exposure import QUERY as EXPOSURE
from aigraph.queries.library.exposure import ExposureParams, ExposureRow
from aigraph.queries.spec import FilterParams

BACKING_PARTIES = {PartyRole.GUARANTOR.value, PartyRole.BENEFICIARY.value}


class StressParams(ExposureParams):
    """Parameters of stress: the ids whose groups walk away, and the exposure filters."""

    remove: list[str] = Field(min_length=1, description="Ids whose groups' deals are removed.")


class StressLoss(BaseModel):
    """What one group loses on one side of its books."""

    group: str
    side: ExposureSide
    before_usd: float
    after_usd: float
    lost_usd: float
    lost_share: float | None
    """The part of the group's known USD on this side that goes (1.0: all of it)."""
    lost_deals: list[str]


class BrokenLoop(BaseModel):
    """A circular-financing loop that breaks: one of its members walked away."""

    members: list[str]
    mechanism: Mechanism
    smallest_usd: float | None


class StressResult(BaseModel):
    """The groups removed, the losses ranked (largest first) and the loops that break."""

    removed: list[str]
    losses: list[StressLoss]
    broken_loops: list[BrokenLoop]


def _totals(rows: list[ExposureRow]) -> dict[tuple[str, ExposureSide], tuple[float, set[str]]]:
    totals: dict[tuple[str, ExposureSide], tuple[float, set[str]]] = {}
    for row in rows:
        total, deals = totals.get((row.group, row.side), (0.0, set()))
        totals[(row.group, row.side)] = (total + (row.full_term_usd or 0.0), deals | set(row.deals))
    return totals


def _without(records: list[dict[str, Any]], removed: set[str]) -> list[dict[str, Any]]:
    return [
        {
            "flows": [
                f
                for f in record["flows"]
                if f["payer_group"] not in removed and f["payee_group"] not in removed
            ],
            "guarantees": [
                g
                for g in record["guarantees"]
                # an obligor's exit is what a guarantee covers: it goes only with its
                # guarantor or its beneficiary
                if not any(
                    p["group"] in removed and p["role"] in BACKING_PARTIES for p in g["parties"]
                )
            ],
        }
        for record in records
    ]


def stress(graph: EmbeddedGraph, params: StressParams) -> StressResult:
    """Return what is lost if the groups of ``params.remove`` walk away.

    >>> # result = stress(graph, StressParams(remove=["openai"]))
    >>> # result.losses[0].group, result.losses[0].lost_share -> ('oracle', 1.0)
    """
    filters = params.model_dump(exclude={"remove", "provider", "funded"})
    exposure_params = ExposureParams(**filters)
    removed = sorted(
        {group_of(graph.dataset, i, params.as_of, params.min_confidence) for i in params.remove}
    )
    records = EXPOSURE.records(graph, exposure_params)
    before = _totals(EXPOSURE.rows_from_records(records, exposure_params))
    after = _totals(EXPOSURE.rows_from_records(_without(records, set(removed)), exposure_params))
    losses = []
    for (group, side), (total, deals) in before.items():
        if group in removed:
            continue
        left, kept = after.get((group, side), (0.0, set()))
        lost_deals = sorted(deals - kept)
        if not lost_deals:
            continue
        losses.append(
            StressLoss(
                group=group,
                side=side,
                before_usd=total,
                after_usd=left,
                lost_usd=total - left,
                lost_share=(total - left) / total if total else None,
                lost_deals=lost_deals,
            )
        )
    losses.sort(key=lambda loss: (-loss.lost_usd, -(loss.lost_share or 0.0), loss.group, loss.side))
    # the loops that break are those circular-financing prints: the filters given, its defaults
    given = params.model_dump(include=set(FilterParams.model_fields), exclude_defaults=True)
    broken = [
        BrokenLoop(members=row.members, mechanism=row.mechanism, smallest_usd=row.smallest_usd)
        for row in CIRCULAR_FINANCING.run(graph, CIRCULAR_FINANCING.params(**given))
        if set(row.members) & set(removed)
    ]
    return StressResult(removed=removed, losses=losses, broken_loops=broken)
