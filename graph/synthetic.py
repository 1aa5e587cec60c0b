"""Deterministic synthetic data for benchmarks and scale tests: money-flow graphs with planted
loops (:func:`synthetic_money_flows`), whole datasets of records (:func:`synthetic_records`) and
a dense deal table (:func:`dense_deal_table`: every pair of organizations invests in and leases
from each other) for the bounds of the commands that list loops.

The degree distribution is skewed: a few hubs receive most flows (as clouds and chipmakers do)
and the large payers are hubs too (``hub_skew`` and ``payer_skew``: larger means more skewed);
30 % of flows are investments, the rest commercial. Planted loops (2 to 6 groups, with an
investment and a commercial flow each) guarantee that circular financing has something to find.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aigraph.graph.bulk import collector_paused

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


KIND_MIX = (
    ("investment", 0.42),
    ("compute-lease", 0.14),
    ("chip-supply", 0.12),
    ("cloud-commitment", 0.10),
    ("data-center-lease", 0.09),
    ("funding-round", 0.0),
    ("equity-warrant", 0.03),
    ("equity-grant", 0.01),
    ("guarantee", 0.0),
)
"""Deal kinds in about the bundled data's proportions, among the kinds with a payer and a
payee (rounds, guarantees and structure deals are left to the curated data)."""
STATUS_MIX = (
    ("completed", 0.35),
    ("signed", 0.30),
    ("announced", 0.15),
    ("reported", 0.12),
    ("in-talks", 0.04),
    ("rumoured", 0.02),
    ("terminated", 0.02),
)
CONFIDENCE_MIX = (("high", 0.55), ("medium-high", 0.25), ("medium", 0.15), ("low", 0.05))
GROUP_SHARE = 0.1
"""The share of organizations that are subsidiaries of another (their group's parent)."""
TERM_KINDS = {"compute-lease", "cloud-commitment", "data-center-lease"}


def _pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    names = [name for name, weight in mix if weight > 0]
    return rng.choices(names, weights=[weight for _, weight in mix if weight > 0])[0]


def synthetic_records(deals: int, seed: int = 7) -> list[Any]:
    """Return the records of a synthetic dataset: ``deals`` deals between ``deals // 5``
    organizations (at least 10) with the bundled data's mix of kinds, statuses, confidences,
    dates and amounts, one subsidiary in ten, and a source per 100 deals, every value cited.

    The same arguments give the same records; they validate as curated YAML would.

    >>> records = synthetic_records(50)
    >>> sorted({type(r).__name__ for r in records})
    ['Deal', 'Organization', 'Source']
    """
    with collector_paused():
        return _synthetic_records(deals, seed)


def _synthetic_records(deals: int, seed: int) -> list[Any]:
    from aigraph.graph.model.records import Deal, Organization, Source
    from aigraph.graph.model.vocabulary import DealKind

    rng = random.Random(seed)
    organizations = max(deals // 5, 10)
    names = [f"org-{i:06d}" for i in range(organizations)]
    sources = [
        Source(
            id=f"src-{i:05d}",
            title=f"Synthetic source {i}",
            kind="trade-press",
            url=f"https://example.org/{i}",
        )
        for i in range(max(deals // 100, 1))
    ]
    records: list[Any] = list(sources)

    def cited(states: list[str]) -> list[dict[str, Any]]:
        return [{"source": rng.choice(sources).id, "quote": "synthetic", "states": states}]

    for index, name in enumerate(names):
        record: dict[str, Any] = {"id": name, "name": f"Org {index}", "citations": cited(["name"])}
        if index >= 10 and rng.random() < GROUP_SHARE:
            parent = names[rng.randrange(index)]  # an earlier one: no structure cycles
            record["structure"] = [
                {"relation": "subsidiary-of", "parent": parent, "citations": cited(["parent"])}
            ]
        records.append(Organization.model_validate(record))
    for index in range(deals):
        kind = _pick(rng, KIND_MIX)
        spec = DealKind(kind).spec
        hub = names[int(organizations * rng.random() ** 2.5)]  # clouds, chip makers, funds
        anyone = names[rng.randrange(organizations)]
        # hubs invest in anyone, and anyone buys from hubs: the pattern of vendor financing
        payer, payee = (hub, anyone) if spec.flow.value == "investment" else (anyone, hub)
        while payee == payer:
            payee = names[rng.randrange(organizations)]
        year, month = rng.randint(2019, 2026), rng.randint(1, 12)
        record = {
            "id": f"deal-{index:07d}",
            "kind": kind,
            "title": f"Synthetic {kind} {index}",
            "parties": {spec.payer.value: [payer], spec.payee.value: [payee]},
            "status": _pick(rng, STATUS_MIX),
            "confidence": _pick(rng, CONFIDENCE_MIX),
            "announced": f"{year}-{month:02d}",
        }
        given = ["parties", "status", "announced"]
        if rng.random() < 0.8:
            amount = _amount(rng)
            if kind in TERM_KINDS and rng.random() < 0.3:
                record["value"] = f"{amount / 1e9 / 12:.3f}B USD/month"
            else:
                record["value"] = f"{amount / 1e9:.3f}B USD"
            given.append("value")
        if kind in TERM_KINDS:
            record["term"] = {
                "start": f"{year}-{month:02d}",
                "end": f"{year + rng.randint(1, 15)}-{month:02d}",
            }
            given.append("term")
        record["citations"] = cited(given)
        records.append(Deal.model_validate(record))
    return records


DEAL_TABLE_HEADER = [
    "payer",
    "payee",
    "kind",
    "amount",
    "currency",
    "date",
    "status",
    "source",
    "quote",
]


def dense_deal_table(path: Path, organizations: int) -> Path:
    """Write a ``--deals`` table where an investment and a lease go both ways between every
    pair of ``organizations`` (``Org 000``, ...); return the path. Its loops grow as the
    organizations to the sixth power: the worst case of every command that lists loops."""
    names = [f"Org {n:03d}" for n in range(organizations)]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(DEAL_TABLE_HEADER)
        for i, payer in enumerate(names):
            for j, payee in enumerate(names):
                if i == j:
                    continue
                day = f"2025-{1 + (i + j) % 12:02d}-01"
                for kind in ("investment", "compute-lease"):
                    amount = f"${1 + (i * 7 + j) % 90}M"
                    row = [payer, payee, kind, amount, "", day, "signed", "Note", "quoted row"]
                    writer.writerow(row)
    return path
