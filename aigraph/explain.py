"""``aigraph explain``: the story of one loop or competitor-customer link, given its members."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.dates import PartialDate
from aigraph.queries import circular_financing, competitor_customers
from aigraph.queries.library.circular_financing import CircularFinancingRow
from aigraph.queries.library.competitor_customers import CompetitorCustomerRow


class Explanation(BaseModel):
    """The loops and links whose groups are exactly the members asked about."""

    members: list[str]
    groups: list[str]
    loops: list[CircularFinancingRow]
    links: list[CompetitorCustomerRow]


def explain(graph: EmbeddedGraph, members: list[str], **filters: Any) -> Explanation:
    """Return the loops (time-respecting or not, so that a rejected loop can be explained too)
    and the competitor-customer links whose groups are the groups of ``members``.

    ``filters`` are the shared query filters (``as_of``, ``include_inactive``, ...).

    >>> from aigraph.loaders import load_curated
    >>> found = explain(EmbeddedGraph(load_curated()), ["amazon", "anthropic"])
    >>> [row.members for row in found.loops]
    [['amazon', 'anthropic']]
    """
    as_of = filters.get("as_of")
    day = None if as_of is None else PartialDate.parse(str(as_of))
    groups = sorted({graph.group_of(m, day, filters.get("min_confidence")) for m in members})
    loops = [
        row
        for row in circular_financing(
            graph, any_order=True, max_length=max(2, len(groups)), **filters
        )
        if sorted(row.members) == groups
    ]
    links = []
    if len(groups) == 2:
        links = [
            row
            for row in competitor_customers(graph, **filters)
            if sorted((row.customer, row.provider)) == groups
        ]
    return Explanation(members=members, groups=groups, loops=loops, links=links)
