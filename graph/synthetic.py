"""Deterministic synthetic money-flow graphs with planted loops, for benchmarks and scale tests.

The degree distribution is skewed: a few hubs receive most flows (as clouds and chipmakers do)
and the large payers are hubs too (``hub_skew`` and ``payer_skew``: larger means more skewed);
30 % of flows are investments, the rest commercial. Planted loops (2 to 6 groups, with an
investment and a commercial flow each) guarantee that circular financing has something to find.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

INVESTMENT_SHARE = 0.3


@dataclass(frozen=True)
class SyntheticFlow:
    """One flow: payer -> payee, its category and amount in USD."""

    payer: str
    payee: str
    investment: bool
    usd: float


def synthetic_money_flows(
    organizations: int,
    flows: int,
    planted_loops: int = 20,
    seed: int = 7,
    hub_skew: float = 2.5,
    payer_skew: float = 1.5,
) -> tuple[list[SyntheticFlow], list[tuple[str, ...]]]:
    """Return ``flows`` flows between ``organizations`` organizations and the planted loops.

    The same arguments always give the same graph. Organization ids are ``org-000042``.

    >>> flows, loops = synthetic_money_flows(100, 300, planted_loops=3)
    >>> len(flows), len(loops)
    (300, 3)
    """
    rng = random.Random(seed)
    names = [f"org-{i:06d}" for i in range(organizations)]
    result: list[SyntheticFlow] = []
    loops: list[tuple[str, ...]] = []
    for _ in range(planted_loops):
        members = tuple(rng.sample(names, rng.randint(2, 6)))
        loops.append(members)
        for index, payer in enumerate(members):
            payee = members[(index + 1) % len(members)]
            result.append(SyntheticFlow(payer, payee, index == 0, _amount(rng)))
    while len(result) < flows:
        payer = names[int(organizations * rng.random() ** payer_skew)]
        payee = names[int(organizations * rng.random() ** hub_skew)]
        if payer != payee:
            result.append(
                SyntheticFlow(payer, payee, rng.random() < INVESTMENT_SHARE, _amount(rng))
            )
    return result[:flows], loops


def _amount(rng: random.Random) -> float:
    return round(10 ** rng.uniform(6, 11), -3)
