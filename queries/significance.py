"""Is there more circular financing than chance would give, and which groups are its hubs?

``loop_significance`` compares the loops of circular-financing with those of N random
rewirings of the same money flow: each rewiring swaps the payees of two flows at a time
(a -> b, c -> d becomes a -> d, c -> b), so that every group keeps how many flows it pays and
receives, and every flow keeps its kind, amount and dates. The random graphs are seeded and
reproducible. ``hubs`` ranks groups by how many loops, and how many dollars of loops, pass
through them.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.vocabulary import Mechanism
from aigraph.queries.library.circular_financing import (
    CircularFinancingParams,
    CircularFinancingRow,
    loop_flows,
    loop_records,
    loop_rows,
)

SWAPS_PER_FLOW = 10
"""Payee swaps tried per flow in one rewiring (enough to forget the original wiring)."""


class Significance(BaseModel):
    """The loops found against those of random rewirings of the same money flow."""

    rewirings: int
    seed: int
    loops: int
    loop_usd: float
    """Sum over the loops of their smallest hop (USD, loops with every amount known)."""
    random_mean: float
    random_std: float
    z_score: float | None
    """(loops - random mean) / random standard deviation; None when the deviation is 0."""
    share_at_least: float
    """The share of random graphs with at least as many loops."""
    random_usd_mean: float
    usd_z_score: float | None
    usd_share_at_least: float


class Hub(BaseModel):
    """A group and the loops that pass through it."""

    group: str
    loops: int
    loop_usd: float | None
    """Sum of the committed bottleneck (smallest hop) of its valued loops: never a 0 for a
    loop with a hop of unknown amount; None when none of its loops is valued."""
    valued_loops: int = 0
    """How many of its loops have every hop valued (``loop_usd`` sums these)."""
    unvalued_loops: int = 0
    """How many have a hop whose amount is unknown (counted apart, never as $0)."""
    direct_loops: int = 0
    """How many of its loops are not ``indirect`` (their investments meet their flows)."""
    mechanisms: dict[str, int] = Field(default_factory=dict)


def _volume(rows: list[CircularFinancingRow]) -> float:
    """Return the committed dollars of the valued loops (loops with an unknown hop apart)."""
    return sum(row.smallest_usd for row in rows if row.smallest_usd is not None)


def rewired(flows: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """Return a copy of ``flows`` with payees swapped at random: in- and out-degrees kept,
    no flow from a group to itself."""
    payees = [f["payee_group"] for f in flows]
    payers = [f["payer_group"] for f in flows]
    for _ in range(SWAPS_PER_FLOW * len(flows)):
        i, j = rng.randrange(len(flows)), rng.randrange(len(flows))
        if payers[i] != payees[j] and payers[j] != payees[i]:
            payees[i], payees[j] = payees[j], payees[i]
    return [f | {"payee_group": payee} for f, payee in zip(flows, payees, strict=True)]


def _z(value: float, sample: list[float]) -> tuple[float, float, float | None]:
    mean = statistics.fmean(sample) if sample else 0.0
    std = statistics.pstdev(sample) if len(sample) > 1 else 0.0
    return mean, std, (value - mean) / std if std else None


def loop_significance(
    graph: EmbeddedGraph,
    params: CircularFinancingParams,
    rewirings: int,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> Significance:
    """Return how the loops of circular-financing compare with ``rewirings`` random
    rewirings of its money flow (seeded: the same seed gives the same figures);
    ``progress(done, rewirings)`` is called after each rewiring."""
    flows = loop_flows(graph, params)
    observed = loop_rows(loop_records(flows, params), params)
    rng = random.Random(seed)
    counts: list[float] = []
    volumes: list[float] = []
    for done in range(1, rewirings + 1):
        rows = loop_rows(loop_records(rewired(flows, rng), params), params) if flows else []
        counts.append(len(rows))
        volumes.append(_volume(rows))
        if progress is not None:
            progress(done, rewirings)
    mean, std, z = _z(len(observed), counts)
    usd_mean, _, usd_z = _z(_volume(observed), volumes)
    return Significance(
        rewirings=rewirings,
        seed=seed,
        loops=len(observed),
        loop_usd=_volume(observed),
        random_mean=mean,
        random_std=std,
        z_score=z,
        share_at_least=sum(c >= len(observed) for c in counts) / rewirings if rewirings else 0.0,
        random_usd_mean=usd_mean,
        usd_z_score=usd_z,
        usd_share_at_least=(
            sum(v >= _volume(observed) for v in volumes) / rewirings if rewirings else 0.0
        ),
    )


def hubs(rows: list[CircularFinancingRow]) -> list[Hub]:
    """Return the groups of the loops in ``rows``, most committed loop dollars first (over the
    valued loops), then most direct loops, then most loops.

    >>> hubs([])
    []
    """
    by_group: dict[str, Hub] = {}
    for row in rows:
        for group in row.members:
            hub = by_group.setdefault(group, Hub(group=group, loops=0, loop_usd=None))
            hub.loops += 1
            if row.smallest_usd is None:
                hub.unvalued_loops += 1
            else:
                hub.valued_loops += 1
                hub.loop_usd = (hub.loop_usd or 0.0) + row.smallest_usd
            if row.mechanism is not Mechanism.INDIRECT:
                hub.direct_loops += 1
            hub.mechanisms[row.mechanism.value] = hub.mechanisms.get(row.mechanism.value, 0) + 1
    return sorted(
        by_group.values(),
        key=lambda h: (-(h.loop_usd or 0.0), -h.direct_loops, -h.loops, h.group),
    )


def significance_sentence(found: Significance) -> str:
    """Return, in words a reader understands, how the loops compare with random rewirings.

    >>> found = Significance(rewirings=100, seed=0, loops=27, loop_usd=2e11, random_mean=111.0,
    ...     random_std=48.0, z_score=-1.75, share_at_least=0.99, random_usd_mean=9e10,
    ...     usd_z_score=1.2, usd_share_at_least=0.1)
    >>> print(significance_sentence(found))  # doctest: +NORMALIZE_WHITESPACE
    Against 100 random rewirings of the same money flows (every group keeps its payers and
    payees; seed 0): fewer loops than in 99% of them (27 against 111 on average), but more
    committed loop dollars than in 90% of them ($200B against $90B).
    """
    if found.rewirings == 0:
        return "No random rewirings were run."
    fewer = 1.0 - found.share_at_least
    count_share = (
        f"more loops than in {round(100 * fewer)}% of them"
        if found.loops > found.random_mean
        else f"fewer loops than in {round(100 * found.share_at_least)}% of them"
        if found.loops < found.random_mean
        else "as many loops as on average"
    )
    dollars_more = 1.0 - found.usd_share_at_least
    larger = found.loop_usd > found.random_usd_mean
    usd_share = (
        f"more committed loop dollars than in {round(100 * dollars_more)}% of them"
        if larger
        else f"fewer committed loop dollars than in {round(100 * found.usd_share_at_least)}% "
        "of them"
    )
    contrast = "but" if (found.loops < found.random_mean) == larger else "and"
    return (
        f"Against {found.rewirings} random rewirings of the same money flows (every group "
        f"keeps its payers and payees; seed {found.seed}): {count_share} ({found.loops} against "
        f"{found.random_mean:.0f} on average), {contrast} {usd_share} "
        f"({_money(found.loop_usd)} against {_money(found.random_usd_mean)})."
    )


def _money(usd: float) -> str:
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if usd >= scale:
            return f"${usd / scale:.3g}{suffix}"
    return f"${usd:,.0f}"
