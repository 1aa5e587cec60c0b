"""The compiled form of the bounded cycle search (numba, the optional ``fast`` extra).

The same search as :func:`aigraph.queries.cycles.find_cycles` (which stays the fallback and the
oracle the tests compare it with), on integer arrays: the graph in compressed sparse rows, one
breadth-first search back from each start node for the distances, then a depth-first search
with an explicit stack. The search back stops at ``bfs_depth`` edges (3): a node it did not
reach is at least one edge farther, which still prunes the deep end of every path, and the
search back, not the search forward, was 90 % of the work at a million flows. Work is bounded
twice: by the number of cycles and by a deadline on ``time.perf_counter`` checked every 65,536
steps, so a search ends within milliseconds of its budget. Compiled code is cached next to
this file after the first run.
"""

from __future__ import annotations

import time

import numba
import numpy as np

CHECK_EVERY = 1 << 16
"""Steps (edges looked at) between two looks at the clock."""


@numba.njit(cache=True)
def _now() -> float:
    with numba.objmode(now="float64"):
        now = time.perf_counter()
    return now


@numba.njit(cache=True)
def search(
    succ_ptr: np.ndarray,
    succ_idx: np.ndarray,
    succ_mask: np.ndarray,
    pred_ptr: np.ndarray,
    pred_idx: np.ndarray,
    component: np.ndarray,
    starts: np.ndarray,
    max_length: int,
    required_mask: int,
    max_cycles: int,
    deadline: float,
    bfs_depth: int = 3,
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Return (cycles, lengths, count, status): ``cycles[i, :lengths[i]]`` are the node numbers
    of cycle i from its start (its smallest number); status 0 done, 1 stopped at ``max_cycles``,
    2 stopped at the deadline (perf_counter seconds; 0 for none). ``bfs_depth`` bounds the
    search back from each start (any value gives the same cycles; 3 is fastest measured)."""
    nodes = component.shape[0]
    capacity = 1024
    cycles = np.empty((capacity, max_length), dtype=np.int32)
    lengths = np.empty(capacity, dtype=np.int8)
    count = 0
    distance = np.full(nodes, -1, dtype=np.int8)
    touched = np.empty(nodes, dtype=np.int32)
    queue = np.empty(nodes, dtype=np.int32)
    on_path = np.zeros(nodes, dtype=np.bool_)
    path = np.empty(max_length, dtype=np.int32)
    masks = np.empty(max_length, dtype=np.int64)
    cursor = np.empty(max_length, dtype=np.int64)
    steps = 0
    reach = min(max_length - 1, bfs_depth)
    for start in starts:
        # distances back to start, over the nodes of its component numbered after it
        own = component[start]
        distance[start] = 0
        touched[0] = start
        reached = 1
        head = 0
        queue[0] = start
        tail = 1
        while head < tail:
            node = queue[head]
            head += 1
            if distance[node] >= reach:
                continue
            for k in range(pred_ptr[node], pred_ptr[node + 1]):
                previous = pred_idx[k]
                steps += 1
                if previous > start and component[previous] == own and distance[previous] < 0:
                    distance[previous] = distance[node] + 1
                    touched[reached] = previous
                    reached += 1
                    queue[tail] = previous
                    tail += 1
        # depth-first search of the paths that can still close within max_length
        depth = 1
        path[0] = start
        masks[0] = 0
        cursor[0] = succ_ptr[start]
        on_path[start] = True
        while depth > 0:
            node = path[depth - 1]
            k = cursor[depth - 1]
            if k == succ_ptr[node + 1]:
                on_path[node] = False
                depth -= 1
                continue
            cursor[depth - 1] = k + 1
            steps += 1
            if steps % CHECK_EVERY == 0 and deadline > 0 and _now() > deadline:
                for t in range(reached):
                    distance[touched[t]] = -1
                for d in range(depth):
                    on_path[path[d]] = False
                return cycles, lengths, count, 2
            target = succ_idx[k]
            mask = masks[depth - 1] | succ_mask[k]
            if target == start:
                if depth >= 2 and (mask & required_mask) == required_mask:
                    if count == capacity:
                        capacity *= 2
                        grown = np.empty((capacity, max_length), dtype=np.int32)
                        grown[:count] = cycles[:count]
                        cycles = grown
                        grown_lengths = np.empty(capacity, dtype=np.int8)
                        grown_lengths[:count] = lengths[:count]
                        lengths = grown_lengths
                    cycles[count, :depth] = path[:depth]
                    lengths[count] = depth
                    count += 1
                    if max_cycles > 0 and count >= max_cycles:
                        for t in range(reached):
                            distance[touched[t]] = -1
                        for d in range(depth):
                            on_path[path[d]] = False
                        return cycles, lengths, count, 1
                continue
            if on_path[target] or target < start or component[target] != own:
                continue
            back = distance[target]
            if back < 0:  # farther back than the search looked: at least reach + 1 edges
                if depth + reach + 1 > max_length:
                    continue
            elif depth + back > max_length:
                continue
            path[depth] = target
            masks[depth] = mask
            cursor[depth] = succ_ptr[target]
            on_path[target] = True
            depth += 1
        for t in range(reached):
            distance[touched[t]] = -1
    return cycles, lengths, count, 0


@numba.njit(cache=True)
def strong_components(succ_ptr: np.ndarray, succ_idx: np.ndarray) -> np.ndarray:
    """Return each node's strongly connected component number (Tarjan's algorithm, iterative);
    nodes alone in theirs get -1."""
    nodes = succ_ptr.shape[0] - 1
    index = np.full(nodes, -1, dtype=np.int64)
    low = np.zeros(nodes, dtype=np.int64)
    on_stack = np.zeros(nodes, dtype=np.bool_)
    stack = np.empty(nodes, dtype=np.int64)
    call = np.empty(nodes, dtype=np.int64)
    cursor = np.empty(nodes, dtype=np.int64)
    component = np.full(nodes, -1, dtype=np.int64)
    counter = 0
    top = 0
    found = 0
    for root in range(nodes):
        if index[root] >= 0:
            continue
        depth = 0
        call[0] = root
        cursor[0] = succ_ptr[root]
        index[root] = low[root] = counter
        counter += 1
        stack[top] = root
        top += 1
        on_stack[root] = True
        while depth >= 0:
            node = call[depth]
            k = cursor[depth]
            if k < succ_ptr[node + 1]:
                cursor[depth] = k + 1
                target = succ_idx[k]
                if index[target] < 0:
                    index[target] = low[target] = counter
                    counter += 1
                    stack[top] = target
                    top += 1
                    on_stack[target] = True
                    depth += 1
                    call[depth] = target
                    cursor[depth] = succ_ptr[target]
                elif on_stack[target] and index[target] < low[node]:
                    low[node] = index[target]
                continue
            if low[node] == index[node]:
                size = 0
                while True:
                    top -= 1
                    member = stack[top]
                    on_stack[member] = False
                    component[member] = found
                    size += 1
                    if member == node:
                        break
                if size == 1:
                    component[node] = -1
                else:
                    found += 1
            depth -= 1
            if depth >= 0:
                parent = call[depth]
                if low[node] < low[parent]:
                    low[parent] = low[node]
    return component
