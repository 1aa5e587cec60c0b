"""Bounded cycle enumeration for money-flow graphs.

``networkx.simple_cycles(length_bound=k)`` is a correct oracle but slow on large graphs (about
115 s at 100k edges here). This search is a depth-first search bounded by length, run inside
strongly connected components only, with each cycle found once from its smallest node (the
canonical start), and pruned by the distance back to the start: a node is entered only when the
path can still close within the bound. Its cost follows the number of cycles found.

Edges carry a bit mask of categories; a cycle is kept when the union of its edges' masks covers
``required_mask`` (for circular financing: an investment and a commercial flow).

Work is bounded by ``max_cycles`` and by ``max_seconds``: either ends the search with
``truncated`` set. On graphs of more than :data:`COMPILED_FROM_EDGES` edges the search runs
compiled (:mod:`aigraph.queries.cycles_kernel`, numba) when numba is installed; this module's
pure-Python search is the fallback and the oracle the tests compare the kernel with.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    pass


INVESTMENT = 1
COMMERCIAL = 2
COMPILED_FROM_EDGES = 5_000
"""Below this many edges the pure-Python search is as fast as loading the compiled one."""
CHECK_EVERY = 4096
"""Steps of the pure-Python search between two looks at the clock."""

Engine = Literal["auto", "python", "compiled"]


@dataclass(frozen=True)
class CycleSearch:
    """The cycles found (node tuples, each starting at its smallest node), whether the search
    stopped early (``stopped``: ``max-cycles`` or ``max-seconds``), and which engine ran."""

    cycles: list[tuple[str, ...]]
    truncated: bool
    stopped: str | None = None
    engine: str = "python"


def compiled_available() -> bool:
    """Return True when the compiled search can run (numba is installed)."""
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


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
    max_seconds: float | None = None,
    engine: Engine = "auto",
) -> CycleSearch:
    """Return the directed simple cycles of 2..``max_length`` edges whose edges' category masks
    together cover ``required_mask``.

    ``edges`` are ``(source, target, mask)``; parallel edges are merged (their masks OR-ed) and
    self-loops ignored. Each cycle is returned once, rotated to start at its smallest node
    (string order); the list is sorted. ``max_cycles`` and ``max_seconds`` bound the work (the
    result is then ``truncated``); ``engine`` picks the compiled or the pure-Python search
    (``auto``: compiled on large graphs when numba is installed). Complexity:
    output-sensitive, about O((cycles + pruned paths) x max_length) after O(V + E) for the
    components.

    >>> found = find_cycles([("a", "b", INVESTMENT), ("b", "a", COMMERCIAL), ("b", "c", 1)],
    ...                     required_mask=INVESTMENT | COMMERCIAL)
    >>> found.cycles
    [('a', 'b')]
    """
    deadline = time.perf_counter() + max_seconds if max_seconds is not None else None
    if max_length < 2:
        return CycleSearch([], False)
    edges = list(edges)
    if engine == "compiled" and not compiled_available():
        raise ImportError("the compiled cycle search needs numba: pip install 'aigraph[fast]'")
    if engine == "compiled" or (
        engine == "auto" and len(edges) >= COMPILED_FROM_EDGES and compiled_available()
    ):
        return _compiled(edges, max_length, required_mask, max_cycles, deadline)
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
    numbered = sorted((rank[s], rank[t], m) for (s, t), m in masks.items())
    component = _components(len(names), numbered)
    searchable = _searchable(component, numbered, required_mask)
    successors: list[list[tuple[int, int]]] = [[] for _ in names]
    predecessors: list[list[int]] = [[] for _ in names]
    for s, t, mask in numbered:
        successors[s].append((t, mask))
        predecessors[t].append(s)
    found: list[tuple[str, ...]] = []
    stopped = None
    clock = _Clock(deadline)
    for start in searchable:
        distance = _distances_back(start, predecessors, component, max_length - 1)
        stopped = _search_from(
            start,
            successors,
            distance,
            max_length,
            required_mask,
            names,
            found,
            max_cycles,
            clock,
        )
        if stopped:
            break
    cycles = sorted(_rotated(cycle) for cycle in found)
    return CycleSearch(cycles, stopped is not None, stopped, "python")


def _components(size: int, numbered: list[tuple[int, int, int]]) -> list[int]:
    """Return each node's strongly connected component (-1 when alone in it): Tarjan's
    algorithm with an explicit stack (no recursion limit), as the compiled kernel does."""
    successors: list[list[int]] = [[] for _ in range(size)]
    for source, target, _ in numbered:
        successors[source].append(target)
    index = [-1] * size
    low = [0] * size
    on_stack = [False] * size
    stack: list[int] = []
    component = [-1] * size
    counter = components = 0
    for root in range(size):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            for next_position in range(position, len(successors[node])):
                target = successors[node][next_position]
                if index[target] < 0:
                    work.append((node, next_position + 1))
                    work.append((target, 0))
                    break
                if on_stack[target]:
                    low[node] = min(low[node], index[target])
            else:
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack[member] = False
                        members.append(member)
                        if member == node:
                            break
                    if len(members) > 1:
                        for member in members:
                            component[member] = components
                        components += 1
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return component


def _searchable(
    component: list[int], numbered: list[tuple[int, int, int]], required_mask: int
) -> list[int]:
    """Return the sorted nodes of the components whose edges together cover
    ``required_mask``."""
    combined: dict[int, int] = {}
    for s, t, mask in numbered:
        if component[s] >= 0 and component[s] == component[t]:
            combined[component[s]] = combined.get(component[s], 0) | mask
    wanted = {c for c, mask in combined.items() if mask & required_mask == required_mask}
    return [node for node, c in enumerate(component) if c in wanted]


def _compiled(
    edges: list[tuple[str, str, int]],
    max_length: int,
    required_mask: int,
    max_cycles: int | None,
    deadline: float | None,
) -> CycleSearch:
    """Run the compiled search on integer arrays (numbered as the Python form numbers them);
    return its cycles as the Python form does."""
    import numpy as np

    from aigraph.queries.cycles_kernel import search, strong_components

    if not edges:
        return CycleSearch([], False, None, "compiled")
    source_names, target_names, edge_masks = zip(*edges, strict=True)
    by_name, ends = np.unique(
        np.array(source_names + target_names, dtype=object).astype(str), return_inverse=True
    )
    ends = ends.reshape(2, -1)
    kept = ends[0] != ends[1]
    ends, edge_masks = ends[:, kept], np.array(edge_masks, dtype=np.int64)[kept]
    # parallel edges merged, their masks OR-ed
    keys, first, inverse = np.unique(
        ends[0] * len(by_name) + ends[1], return_index=True, return_inverse=True
    )
    merged = np.zeros(len(keys), dtype=np.int64)
    np.bitwise_or.at(merged, inverse.ravel(), edge_masks)
    pairs = ends[:, first]
    # hubs first (by degree, then name), as the Python form numbers them
    degree = np.bincount(pairs.ravel(), minlength=len(by_name))
    used = np.flatnonzero(degree)
    order = used[np.lexsort((used, -degree[used]))]
    rank = np.full(len(by_name), -1, dtype=np.int64)
    rank[order] = np.arange(len(order))
    names = by_name[order].tolist()
    size = len(names)
    sources, targets = rank[pairs[0]], rank[pairs[1]]
    by_source = np.lexsort((targets, sources))
    sources, targets, masks = sources[by_source], targets[by_source], merged[by_source]
    succ_ptr = np.searchsorted(sources, np.arange(size + 1)).astype(np.int64)
    by_target = np.lexsort((sources, targets))
    pred_ptr = np.searchsorted(targets[by_target], np.arange(size + 1)).astype(np.int64)
    component = strong_components(succ_ptr, targets)
    inside = (component[sources] >= 0) & (component[sources] == component[targets])
    combined = np.zeros(max(int(component.max()) + 1, 1), dtype=np.int64)
    np.bitwise_or.at(combined, component[sources[inside]], masks[inside])
    wanted = (combined & required_mask) == required_mask
    searchable = np.flatnonzero((component >= 0) & wanted[np.maximum(component, 0)])
    cycles, lengths, count, status = search(
        succ_ptr,
        targets.astype(np.int32),
        masks,
        pred_ptr,
        sources[by_target].astype(np.int32),
        component,
        searchable.astype(np.int64),
        max_length,
        required_mask,
        max_cycles or 0,
        deadline or 0.0,
    )
    cycles, lengths = cycles[:count], lengths[:count].astype(np.int64)
    # rotate each cycle to its smallest name, then sort as the tuples of names sort
    name_rank = np.empty(size + 1, dtype=np.int64)
    name_rank[:size] = order  # positions in the sorted names: the names' own order
    name_rank[size] = -1  # the padding sorts before every name: a prefix comes first
    columns = np.arange(max_length)
    present = columns[None, :] < lengths[:, None]
    ranked = np.where(present, name_rank[np.where(present, cycles, 0)], size * 2)
    first = ranked.argmin(axis=1)
    positions = (first[:, None] + columns[None, :]) % np.maximum(lengths, 1)[:, None]
    rotated = np.where(present, np.take_along_axis(cycles, positions, axis=1), size)
    keys = name_rank[rotated]
    rows = np.lexsort(keys.T[::-1]) if count else np.arange(0)
    rotated, lengths = rotated[rows], lengths[rows]
    by_name = np.array(names, dtype=object)
    found: list[tuple[str, ...]] = [()] * count
    for length in range(2, max_length + 1):  # one length at a time: no padding to cut
        at = np.flatnonzero(lengths == length)
        tuples = map(tuple, by_name[rotated[at, :length]].tolist())
        for index, cycle in zip(at.tolist(), tuples, strict=True):
            found[index] = cycle
    stopped = {0: None, 1: "max-cycles", 2: "max-seconds"}[int(status)]
    return CycleSearch(found, stopped is not None, stopped, "compiled")


class _Clock:
    """Says when a deadline (perf_counter seconds, or None) has passed, looking every
    :data:`CHECK_EVERY` calls."""

    def __init__(self, deadline: float | None) -> None:
        self.deadline = deadline
        self.calls = 0

    def passed(self) -> bool:
        self.calls += 1
        if self.deadline is None or self.calls % CHECK_EVERY:
            return False
        return time.perf_counter() > self.deadline


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
    clock: _Clock,
) -> str | None:
    """Collect the cycles through ``start``; return why the search stopped early, if it did
    (``max-cycles`` or ``max-seconds``)."""
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
        if clock.passed():
            return "max-seconds"
        target, mask = step
        mask |= path_masks[-1]
        if target == start:
            if len(path) >= 2 and mask & required_mask == required_mask:
                found.append(tuple(names[n] for n in path))
                if max_cycles is not None and len(found) >= max_cycles:
                    return "max-cycles"
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
    return None
