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
from aigraph.graph.model.vocabulary import ExposureSide, Mechanism, PartyRole, Unit
from aigraph.graph.money import group_of
from aigraph.queries.budget import Budget
from aigraph.queries.flows import counted_usd
from aigraph.queries.library.circular_financing import QUERY as CIRCULAR_FINANCING
from aigraph.queries.library.circular_financing import loop_flows, loops_within
from aigraph.queries.library.exposure import QUERY as EXPOSURE
from aigraph.queries.library.exposure import ExposureParams, ExposureRow
from aigraph.queries.spec import FilterParams

BACKING_PARTIES = {PartyRole.GUARANTOR.value, PartyRole.BENEFICIARY.value}


class StressParams(ExposureParams):
    """Parameters of stress: the ids whose groups walk away, and the exposure filters."""

    remove: list[str] = Field(min_length=1, description="Ids whose groups' deals are removed.")


class StressLoss(BaseModel):
    """What one group loses on one side of its books (committed money by default)."""

    group: str
    side: ExposureSide
    before_usd: float | None
    """The group's known USD on this side (over its deals that state an amount); None when no
    deal on this side states one (unknown, never $0)."""
    after_usd: float | None
    """What is left of ``before_usd``: 0 when no deal is left, None when only deals without an
    amount are."""
    lost_usd: float | None
    """The known USD that goes; None when every lost deal's amount is unknown (never $0)."""
    lost_share: float | None
    """The part of the group's known USD on this side that goes (of known deals)."""
    lost_deals: list[str]
    lost_unvalued_deals: list[str] = Field(default_factory=list)
    """Lost deals that state no amount: a loss of unknown size beside ``lost_usd``."""
    reported_usd: float | None = None
    """The figure the group reports for this side (backlog, funding raised), if any."""
    lost_share_of_reported: float | None = None
    """The lost deals made by the figure's date (the figure holds no later one) as a part of
    ``reported_usd``."""


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
    truncated: bool = False
    """True when the budget (``--max-seconds``) cut the loop search or its rows short: the
    loops that break are those found within it."""


def _amounts(
    rows: list[ExposureRow], records: list[dict[str, Any]], include_uncommitted: bool
) -> dict[tuple[str, ExposureSide], dict[str, float | None]]:
    """Return, per group and side of ``rows``, each deal with the USD it counts (None: no
    amount stated)."""
    counted: dict[str, float | None] = {}
    for record in records:
        for flow in record["flows"]:  # every flow of a deal states the deal's amount
            counted[flow["deal"]] = counted_usd(flow, include_uncommitted)
        for guarantee in record["guarantees"]:
            if guarantee.get("unit") == Unit.USD.value and guarantee.get("amount") is not None:
                counted[guarantee["deal"]] = float(guarantee["amount"])
            else:
                counted.setdefault(guarantee["deal"], None)
    amounts: dict[tuple[str, ExposureSide], dict[str, float | None]] = {}
    for row in rows:
        deals = amounts.setdefault((row.group, row.side), {})
        for deal in row.deals:
            deals[deal] = counted.get(deal)
    return amounts


def _known(deals: dict[str, float | None]) -> float | None:
    """Return the USD of the deals that state an amount: 0 for no deals, None when every deal
    states none (an unknown is never summed as zero)."""
    known = [v for v in deals.values() if v is not None]
    if deals and not known:
        return None
    return sum(known)


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
            "figures": record.get("figures", []),
        }
        for record in records
    ]


def stress(
    graph: EmbeddedGraph, params: StressParams, budget: Budget | None = None
) -> StressResult:
    """Return what is lost if the groups of ``params.remove`` walk away (the loops that
    break within ``budget``; None: circular-financing's own ``max_seconds``).

    >>> # result = stress(graph, StressParams(remove=["openai"]))
    >>> # result.losses[0].group, result.losses[0].lost_share -> ('oracle', 1.0)
    """
    filters = params.model_dump(exclude={"remove", "provider", "funded"})
    exposure_params = ExposureParams(**filters)
    removed = sorted(
        {group_of(graph.dataset, i, params.as_of, params.min_confidence) for i in params.remove}
    )
    records = EXPOSURE.records(graph, exposure_params)
    before_rows = EXPOSURE.rows_from_records(records, exposure_params)
    reduced = _without(records, set(removed))
    after_rows = EXPOSURE.rows_from_records(reduced, exposure_params)
    uncommitted = params.include_uncommitted
    before = _amounts(before_rows, records, uncommitted)
    after = _amounts(after_rows, reduced, uncommitted)
    reported = {(r.group, r.side): r.reported_usd for r in before_rows}
    after_figure: dict[tuple[str, ExposureSide], set[str]] = {}
    for r in before_rows:  # deals made after the reported figure: not part of it
        after_figure.setdefault((r.group, r.side), set()).update(r.after_figure_deals)
    losses = []
    for (group, side), deals in before.items():
        if group in removed:
            continue
        kept = after.get((group, side), {})
        lost = sorted(set(deals) - set(kept))
        if not lost:
            continue
        total, left = _known(deals), _known(kept)
        valued = [d for d in lost if deals[d] is not None]
        lost_usd = sum(deals[d] or 0.0 for d in valued) if valued else None
        figure = reported.get((group, side))
        in_figure = [d for d in valued if d not in after_figure.get((group, side), set())]
        lost_of_figure = sum(deals[d] or 0.0 for d in in_figure) if in_figure else None
        losses.append(
            StressLoss(
                group=group,
                side=side,
                before_usd=total,
                after_usd=left,
                lost_usd=lost_usd,
                lost_share=lost_usd / total if lost_usd is not None and total else None,
                lost_deals=lost,
                lost_unvalued_deals=[d for d in lost if deals[d] is None],
                reported_usd=figure,
                lost_share_of_reported=lost_of_figure / figure
                if figure and lost_of_figure is not None
                else None,
            )
        )
    losses.sort(
        key=lambda loss: (
            loss.lost_usd is None,
            -(loss.lost_usd or 0.0),
            -(loss.lost_share or 0.0),
            loss.group,
            loss.side,
        )
    )
    # the loops that break are those circular-financing prints: the filters given, its defaults
    given = params.model_dump(include=set(FilterParams.model_fields), exclude_defaults=True)
    loops_params = CIRCULAR_FINANCING.params(**given)
    budget = budget or Budget(loops_params.max_seconds)
    flows = loop_flows(graph, loops_params)
    broken = [
        BrokenLoop(members=row.members, mechanism=row.mechanism, smallest_usd=row.smallest_usd)
        for row in loops_within(flows, loops_params, budget, through=set(removed))
    ]
    return StressResult(
        removed=removed, losses=losses, broken_loops=broken, truncated=budget.truncated
    )
