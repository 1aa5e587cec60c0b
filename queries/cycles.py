"""Bounded cycle enumeration for money-flow graphs.

``networkx.simple_cycles(length_bound=k)`` is a correct oracle but slow on large graphs (about
115 s at 100k edges here). This search is a depth-first search bounded by length, run inside
strongly connected components only, with each cycle found once from its smallest node (the
canonical start), and pruned by the distance back to the start: a node is entered only when the
path can still close within the bound. Its cost follows the number of cycles found.

Edges carry a bit mask of categories; a cycle is kept when the union of its edges' masks covers
``required_mask`` (for circular financing: an investment and a commercial flow).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

INVESTMENT = 1
COMMERCIAL = 2


@dataclass(frozen=True)
class CycleSearch:
    """The cycles found (node tuples, each starting at its smallest node) and whether the
    search stopped at ``max_cycles``."""

    cycles: list[tuple[str, ...]]
    truncated: bool


def _distances_back(
    start: int, predecessors: list[list[int]], component: list[int], limit: int
) -> dict[int, int]:
    """Return {node: fewest edges from node back to start} over the nodes of start's component
    ranked after it, up to ``limit`` edges."""
    distance = {start: 0}
    queue = deque([start])
    own = component[start]
    while queue:
        node = queue.popleft()
        if distance[node] >= limit:
            continue
        for previous in predecessors[node]:
            if previous > start and component[previous] == own and previous not in distance:
                distance[previous] = distance[node] + 1
                queue.append(previous)
    return distance


def find_cycles(
    edges: Iterable[tuple[str, str, int]],
    max_length: int = 6,
    required_mask: int = 0,
    max_cycles: int | None = None,
) -> CycleSearch:
    """Return the directed simple cycles of 2..``max_length`` edges whose edges' category masks
    together cover ``required_mask``.

    ``edges`` are ``(source, target, mask)``; parallel edges are merged (their masks OR-ed) and
    self-loops ignored. Each cycle is returned once, rotated to start at its smallest node
    (string order); the list is sorted. Complexity: output-sensitive, about
    O((cycles + pruned paths) x max_length) after O(V + E) for the components.

    >>> found = find_cycles([("a", "b", INVESTMENT), ("b", "a", COMMERCIAL), ("b", "c", 1)],
    ...                     required_mask=INVESTMENT | COMMERCIAL)
    >>> found.cycles
    [('a', 'b')]
    """
    if max_length < 2:
        return CycleSearch([], False)
    masks: dict[tuple[str, str], int] = {}
    for source, target, mask in edges:
        if source != target:
            masks[(source, target)] = masks.get((source, target), 0) | mask
    # Nodes are numbered hubs first: a search from a hub sees the whole graph, but every later
    # search runs without the hubs already done, which keeps the searches small.
    degree: dict[str, int] = {}
    for source, target in masks:
        degree[source] = degree.get(source, 0) + 1
        degree[target] = degree.get(target, 0) + 1
    names = sorted(degree, key=lambda name: (-degree[name], name))
    rank = {name: index for index, name in enumerate(names)}
    successors: list[list[tuple[int, int]]] = [[] for _ in names]
    predecessors: list[list[int]] = [[] for _ in names]
    digraph = nx.DiGraph()
    digraph.add_nodes_from(range(len(names)))
    for (source, target), mask in masks.items():
        s, t = rank[source], rank[target]
        successors[s].append((t, mask))
        predecessors[t].append(s)
        digraph.add_edge(s, t)
    for adjacent in successors:
        adjacent.sort()

    component = [-1] * len(names)
    searchable: list[int] = []
    for index, nodes in enumerate(nx.strongly_connected_components(digraph)):
        if len(nodes) < 2:
            continue
        combined = 0
        for node in nodes:
            component[node] = index
            for target, mask in successors[node]:
                if target in nodes:
                    combined |= mask
        if combined & required_mask == required_mask:
            searchable.extend(nodes)

    found: list[tuple[str, ...]] = []
    truncated = False
    for start in sorted(searchable):
        distance = _distances_back(start, predecessors, component, max_length - 1)
        if not _search_from(
            start, successors, distance, max_length, required_mask, names, found, max_cycles
        ):
            truncated = True
            break
    return CycleSearch(sorted(_rotated(cycle) for cycle in found), truncated)


def _rotated(cycle: tuple[str, ...]) -> tuple[str, ...]:
    """Return the cycle starting at its smallest node."""
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]


def _search_from(
    start: int,
    successors: list[list[tuple[int, int]]],
    distance: Mapping[int, int],
    max_length: int,
    required_mask: int,
    names: list[str],
    found: list[tuple[str, ...]],
    max_cycles: int | None,
) -> bool:
    """Collect the cycles through ``start``; return False when ``max_cycles`` was reached."""
    path = [start]
    path_masks = [0]
    on_path = {start}
    iterators = [iter(successors[start])]
    while iterators:
        step = next(iterators[-1], None)
        if step is None:
            iterators.pop()
            on_path.discard(path.pop())
            path_masks.pop()
            continue
        target, mask = step
        mask |= path_masks[-1]
        if target == start:
            if len(path) >= 2 and mask & required_mask == required_mask:
                found.append(tuple(names[n] for n in path))
                if max_cycles is not None and len(found) >= max_cycles:
                    return False
            continue
        if target in on_path:
            continue
        back = distance.get(target)  # None: not after start in its component, or too far
        if back is None or len(path) + back > max_length:
            continue
        path.append(target)
        path_masks.append(mask)
        on_path.add(target)
        iterators.append(iter(successors[target]))
    return True
