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
from aigraph.queries.budget import Budget
from aigraph.queries.library.circular_financing import (
    CircularFinancingParams,
    CircularFinancingRow,
    loop_flows,
    loops_within,
)

SWAPS_PER_FLOW = 10
"""Payee swaps tried per flow in one rewiring (enough to forget the original wiring)."""


class Significance(BaseModel):
    """The loops found against those of random rewirings of the same money flow."""

    rewirings: int
    seed: int
    rewirings_done: int | None = None
    """How many rewirings ran within the budget (the figures are over these); None: all."""
    truncated: bool = False
    """True when the budget (``--max-seconds``) ended the work: fewer rewirings ran than
    asked, or the loops themselves were cut short."""
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
    budget: Budget | None = None,
) -> Significance:
    """Return how the loops of circular-financing compare with ``rewirings`` random
    rewirings of its money flow (seeded: the same seed gives the same figures);
    ``progress(done, rewirings)`` is called after each rewiring.

    ``budget`` bounds the whole (None: unbounded, each search bounded by the parameters'
    ``max_seconds``): the loops found get their share of it as in circular-financing, then
    rewirings run while it lasts; one whose search the budget cuts short is not counted. The
    figures are then over the ``rewirings_done`` that ran, with ``truncated`` and a warning
    (a budget spent already: no loops counted, ``rewirings_done`` 0)."""
    budget = budget or Budget(None)
    if budget.spent():  # nothing left for the loops, let alone the rewirings
        budget.stop(f"null model: 0 of {rewirings} rewirings within {budget.seconds:g} s")
        return Significance(
            rewirings=rewirings,
            seed=seed,
            rewirings_done=0,
            truncated=True,
            loops=0,
            loop_usd=0.0,
            random_mean=0.0,
            random_std=0.0,
            z_score=None,
            share_at_least=0.0,
            random_usd_mean=0.0,
            usd_z_score=None,
            usd_share_at_least=0.0,
        )
    flows = loop_flows(graph, params)
    observed = loops_within(flows, params, budget)
    rng = random.Random(seed)
    counts: list[float] = []
    volumes: list[float] = []
    for done in range(1, rewirings + 1):
        if budget.spent():
            break
        trial = budget.part(quiet=True)
        rows = loops_within(rewired(flows, rng), params, trial, trial) if flows else []
        if trial.truncated and trial.spent():
            break  # cut short by the budget: its count would be too low
        counts.append(len(rows))
        volumes.append(_volume(rows))
        if progress is not None:
            progress(done, rewirings)
    ran = len(counts)
    if ran < rewirings:
        budget.stop(
            f"null model: {ran} of {rewirings} rewirings within {budget.seconds:g} s "
            "(raise --max-seconds)",
            stacklevel=2,
        )
    mean, std, z = _z(len(observed), counts)
    usd_mean, _, usd_z = _z(_volume(observed), volumes)
    return Significance(
        rewirings=rewirings,
        seed=seed,
        rewirings_done=ran if budget.truncated else None,
        truncated=budget.truncated,
        loops=len(observed),
        loop_usd=_volume(observed),
        random_mean=mean,
        random_std=std,
        z_score=z,
        share_at_least=sum(c >= len(observed) for c in counts) / ran if ran else 0.0,
        random_usd_mean=usd_mean,
        usd_z_score=usd_z,
        usd_share_at_least=(sum(v >= _volume(observed) for v in volumes) / ran if ran else 0.0),
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
    >>> cut = found.model_copy(update={"rewirings_done": 40, "truncated": True})
    >>> print(significance_sentence(cut))  # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    Against 40 random rewirings of the same money flows (40 of 100 rewirings within the
    budget; every group keeps its payers and payees; seed 0): ...
    """
    done = found.rewirings if found.rewirings_done is None else found.rewirings_done
    if done == 0:
        return (
            f"No random rewirings ran within the budget (of {found.rewirings} asked)."
            if found.rewirings
            else "No random rewirings were run."
        )
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
    cut = f"{done} of {found.rewirings} rewirings within the budget; " if found.truncated else ""
    return (
        f"Against {done} random rewirings of the same money flows ({cut}every group "
        f"keeps its payers and payees; seed {found.seed}): {count_share} ({found.loops} against "
        f"{found.random_mean:.0f} on average), {contrast} {usd_share} "
        f"({_money(found.loop_usd)} against {_money(found.random_usd_mean)})."
    )


def _money(usd: float) -> str:
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if usd >= scale:
            return f"${usd / scale:.3g}{suffix}"
    return f"${usd:,.0f}"
