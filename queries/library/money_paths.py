"""money-paths: how does money get from one organization to another? ("Nvidia to Oracle")

Simple paths in the group-level money flow, from the group of ``source`` to the group of
``target``, of at most ``max_length`` hops; every deal on each hop is listed.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.money import group_of
from aigraph.queries.budget import Budget
from aigraph.queries.flows import FlowRef, filtered_flow_records, group_hops
from aigraph.queries.spec import RECORD_ID, FilterParams, Query, Records

if TYPE_CHECKING:
    pass


class MoneyPathsParams(FilterParams):
    """Parameters of money-paths."""

    source: str = Field(
        default="nvidia", description="Where the money starts (an id).", json_schema_extra=RECORD_ID
    )
    target: str = Field(
        default="oracle", description="Where it should arrive (an id).", json_schema_extra=RECORD_ID
    )
    max_length: int = Field(default=4, ge=1, le=6, description="Longest path, in hops.")
    limit: int | None = Field(default=50, ge=1, description="At most this many rows.")
    max_paths: int = Field(
        default=100_000, ge=1, description="Stop the search after this many paths (warns)."
    )
    max_seconds: float = Field(
        default=30.0,
        gt=0,
        le=86_400,
        description="Stop the search after this many seconds (warns).",
    )


class MoneyPathRow(BaseModel):
    """A path of groups from the source's group to the target's, with the flows on each hop."""

    members: list[str]
    length: int
    flows: list[FlowRef]
    hop_usd: list[float | None]
    smallest_usd: float | None
    sources: list[str]


def _records(
    graph: EmbeddedGraph, params: MoneyPathsParams, budget: Budget | None = None
) -> Records:
    import networkx as nx

    flows = filtered_flow_records(graph, params)
    source = group_of(graph.dataset, params.source, params.as_of, params.min_confidence)
    target = group_of(graph.dataset, params.target, params.as_of, params.min_confidence)
    digraph = nx.DiGraph()
    by_hop: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for flow in flows:
        hop = (flow["payer_group"], flow["payee_group"])
        by_hop.setdefault(hop, []).append(flow)
        digraph.add_edge(*hop)
    if source == target or source not in digraph or target not in digraph:
        return []
    records: Records = []
    for path in bounded_paths(digraph, source, target, params, budget):
        hops = list(itertools.pairwise(path))
        records.append({"members": path, "flows": [f for hop in hops for f in by_hop[hop]]})
    return records


CHECK_EVERY = 1024
"""Steps of the path search between two looks at the clock."""


def bounded_paths(
    digraph: Any,
    source: str,
    target: str,
    params: MoneyPathsParams,
    budget: Budget | None = None,
) -> list[list[str]]:
    """Return the simple paths from ``source`` to ``target``, shortest first, length by length:
    the search stops once a whole length has given ``limit`` paths (rows are ordered shortest
    first, so no row that could be listed is lost), and ends (with a warning, stopping
    ``budget``) after ``max_paths`` paths or ``max_seconds``. A node is entered only when the
    target can still be reached within the hops left."""
    deadline = time.perf_counter() + params.max_seconds
    distance = _distances_to(digraph, target, params.max_length)
    found: list[list[str]] = []
    stopped = None
    for length in range(1, params.max_length + 1):
        for path in _paths_of_length(digraph, source, target, length, distance, deadline):
            if path is None:
                stopped = f"{params.max_seconds:g} s; raise --max-seconds"
                break
            found.append(path)
            if len(found) >= params.max_paths:
                stopped = f"{params.max_paths} paths; raise --max-paths"
                break
        if stopped or (params.limit and len(found) >= params.limit):
            break
    if stopped:
        (budget or Budget(None)).stop(
            f"money-paths stopped after {stopped} or lower --max-length", stacklevel=2
        )
    return found


def _distances_to(digraph: Any, target: str, limit: int) -> dict[str, int]:
    """Return {node: fewest hops from node to target}, up to ``limit`` hops."""
    distance = {target: 0}
    frontier = [target]
    while frontier:
        following = []
        for node in frontier:
            if distance[node] >= limit:
                continue
            for previous in digraph.predecessors(node):
                if previous not in distance:
                    distance[previous] = distance[node] + 1
                    following.append(previous)
        frontier = following
    return distance


def _paths_of_length(
    digraph: Any,
    source: str,
    target: str,
    length: int,
    distance: dict[str, int],
    deadline: float,
) -> Iterator[list[str] | None]:
    """Yield the simple paths of exactly ``length`` hops (in successor order), then stop; yield
    None and stop when ``deadline`` passes."""
    if distance.get(source, length + 1) > length:
        return
    path = [source]
    on_path = {source}
    stack = [iter(sorted(digraph.successors(source)))]
    steps = 0
    while stack:
        steps += 1
        if steps % CHECK_EVERY == 0 and time.perf_counter() > deadline:
            yield None
            return
        following = next(stack[-1], None)
        if following is None:
            stack.pop()
            on_path.discard(path.pop())
            continue
        left = length - len(path)  # hops left after stepping to ``following``
        if following in on_path or distance.get(following, length + 1) > left:
            continue
        if following == target:
            if left == 0:
                yield [*path, following]
            continue
        if left == 0:
            continue
        path.append(following)
        on_path.add(following)
        stack.append(iter(sorted(digraph.successors(following))))


def _rows(records: Records, params: MoneyPathsParams) -> list[MoneyPathRow]:
    rows = []
    for record in records:
        members = list(record["members"])
        path = group_hops(members, record["flows"], closed=False)
        rows.append(
            MoneyPathRow(
                members=members,
                length=len(path.hops),
                flows=path.flows,
                hop_usd=path.hop_usd,
                smallest_usd=path.smallest_usd,
                sources=path.sources,
            )
        )
    rows.sort(key=lambda r: (r.length, r.smallest_usd is None, -(r.smallest_usd or 0.0), r.members))
    return rows[: params.limit] if params.limit else rows


def _cypher_parameters(params: MoneyPathsParams) -> dict[str, Any]:
    return params.cypher_filters() | {
        "source": params.source,
        "target": params.target,
        "max_length": params.max_length,
    }


QUERY = Query(
    id="money-paths",
    title="Money paths",
    description="Paths in the group-level money flow from one organization's group to "
    "another's (bounded), with every deal on each hop.",
    params=MoneyPathsParams,
    row=MoneyPathRow,
    records=_records,
    rows_from_records=_rows,
    cypher_parameters=_cypher_parameters,
    returns="Each row is a path of groups with the flows on each hop and the smallest hop in "
    "USD; shortest first.",
    visual_description="GROUP_PAYS paths from the group of one organization to the group of "
    "another (current structure).",
    positional=("source", "target"),
    doctest="""
    >>> from aigraph.graph import EmbeddedGraph
    >>> from aigraph.loaders import load_curated
    >>> rows = money_paths(EmbeddedGraph(load_curated()), "nvidia", "oracle", max_length=2)
    >>> rows[0].members
    ['nvidia', 'openai', 'oracle']
    """,
    parity=(
        {},
        {"source": "amazon", "target": "nvidia", "max_length": 3},
        {"source": "xai", "target": "oracle", "as_of": "2025-06"},
    ),
    order=6,
)
