"""``aigraph explain``: the story of one loop or competitor-customer link, given its members."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.dates import PartialDate
from aigraph.queries import competitor_customers
from aigraph.queries.budget import Budget
from aigraph.queries.library.circular_financing import (
    CircularFinancingParams,
    CircularFinancingRow,
    loop_flows,
    loops_within,
)
from aigraph.queries.library.competitor_customers import CompetitorCustomerRow


class Explanation(BaseModel):
    """The loops and links whose groups are exactly the members asked about."""

    members: list[str]
    groups: list[str]
    loops: list[CircularFinancingRow]
    links: list[CompetitorCustomerRow]
    truncated: bool = False
    """True when the budget (``--max-seconds``) cut the loop search or its rows short."""


def explain(
    graph: EmbeddedGraph, members: list[str], budget: Budget | None = None, **filters: Any
) -> Explanation:
    """Return the loops (time-respecting or not, so that a rejected loop can be explained too)
    and the competitor-customer links whose groups are the groups of ``members``.

    ``filters`` are the shared query filters (``as_of``, ``include_inactive``, ...). The loops
    are searched among the flows between these groups only, within ``budget`` (None:
    circular-financing's default ``max_seconds``).

    >>> from aigraph.loaders import load_curated
    >>> found = explain(EmbeddedGraph(load_curated()), ["amazon", "anthropic"])
    >>> [row.members for row in found.loops]
    [['amazon', 'anthropic']]
    """
    as_of = filters.get("as_of")
    day = None if as_of is None else PartialDate.parse(str(as_of))
    groups = sorted({graph.group_of(m, day, filters.get("min_confidence")) for m in members})
    params = CircularFinancingParams(any_order=True, max_length=max(2, len(groups)), **filters)
    budget = budget or Budget(params.max_seconds)
    among = set(groups)  # a loop of exactly these groups has no flow outside them
    flows = [
        f
        for f in loop_flows(graph, params)
        if f["payer_group"] in among and f["payee_group"] in among
    ]
    loops = [row for row in loops_within(flows, params, budget) if sorted(row.members) == groups]
    links = []
    if len(groups) == 2:
        links = [
            row
            for row in competitor_customers(graph, **filters)
            if sorted((row.customer, row.provider)) == groups
        ]
    return Explanation(
        members=members, groups=groups, loops=loops, links=links, truncated=budget.truncated
    )
